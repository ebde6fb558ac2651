//! Criterion benchmarks of the core's pipeline: `load` of large manifests against bare YAML
//! parsing, its growth with the number of documents, a 1,000-pod world over ten simulated
//! minutes, and a day of chaos (issue 5) with its growth in pods. Run with `cargo xtask bench`;
//! the figures are in docs/figures.md. The workloads live in crates/podscope-bench-wasm, which
//! times the same ones compiled to wasm32 (`cargo xtask bench --wasm`).

// Criterion does not build for wasm32; clippy's wasm32 pass still compiles this file.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

// The workloads, shared with the wasm timings rather than copied.
#[cfg(not(target_arch = "wasm32"))]
#[path = "../../podscope-bench-wasm/src/workloads.rs"]
mod workloads;

#[cfg(not(target_arch = "wasm32"))]
#[path = "../../podscope-bench-wasm/src/chaos.rs"]
mod chaos;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;

    use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
    use podscope_core::model::time::SimTime;
    use podscope_core::{DEFAULT_SEED, World, WorldOptions, load, parse};

    use crate::chaos::{self, Chaos};
    use crate::workloads::{
        BIG_DEPLOYMENT, PODS_IN_1000_DOCS, SCALING_DOCS, bare_yaml, checked_load, mixed_manifest,
    };

    criterion_group!(
        benches,
        big_manifest,
        big_deployment,
        scaling,
        world,
        chaos_day,
        chaos_probes,
        chaos_scaling
    );

    /// (a), (c) and the breakdown: 1,000 mixed documents through `load`, through `parse` alone,
    /// and through bare serde_yaml.
    fn big_manifest(c: &mut Criterion) {
        let text = mixed_manifest(1000);
        let loaded = checked_load(&text);
        assert_eq!(bare_yaml(&text), 1000);
        assert_eq!(loaded.pods.len(), PODS_IN_1000_DOCS);
        let mut g = c.benchmark_group("1000_docs");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("load", |b| b.iter(|| load(black_box(&text), DEFAULT_SEED)));
        g.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
        g.bench_function("serde_yaml_value", |b| {
            b.iter(|| bare_yaml(black_box(&text)))
        });
        g.finish();
    }

    /// (b): one Deployment asking for 1,000 replicas (podscope's cap).
    fn big_deployment(c: &mut Criterion) {
        assert_eq!(checked_load(BIG_DEPLOYMENT).pods.len(), 1000);
        let mut g = c.benchmark_group("deployment_1000_replicas");
        g.throughput(Throughput::Elements(1000));
        g.bench_function("load", |b| {
            b.iter(|| load(black_box(BIG_DEPLOYMENT), DEFAULT_SEED))
        });
        g.finish();
    }

    /// (d): `load` of 250 to 2,000 mixed documents; time per document should stay flat.
    fn scaling(c: &mut Criterion) {
        let mut g = c.benchmark_group("load_scaling");
        for docs in SCALING_DOCS {
            let text = mixed_manifest(docs);
            checked_load(&text);
            g.throughput(Throughput::Elements(docs as u64));
            g.bench_with_input(BenchmarkId::from_parameter(docs), &text, |b, text| {
                b.iter(|| load(black_box(text), DEFAULT_SEED))
            });
        }
        g.finish();
    }

    /// (e): the 1,000-replica Deployment set up on the node (its pods, its ReplicaSet and the
    /// controllers watching them; the copy of the pod specs `World::from_loaded` makes
    /// included) and run for ten simulated minutes (`load` not included).
    fn world(c: &mut Criterion) {
        let loaded = checked_load(BIG_DEPLOYMENT);
        let mut g = c.benchmark_group("world_1000_pods");
        g.bench_function("new_and_10_minutes", |b| {
            b.iter(|| {
                let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
                world.advance_to(SimTime::from_millis(10 * 60 * 1000));
                world
            })
        });
        g.finish();
    }

    /// Issue 5: 10 pods x 3 containers, a SIGKILL every simulated minute (round-robin over the
    /// running containers) for 24 simulated hours, `World::from_loaded` included.
    fn chaos_day(c: &mut Criterion) {
        let day = Chaos::new(chaos::PODS, chaos::KILL_EVERY);
        let (_, outcome) = day.run();
        assert_eq!((outcome.kills, outcome.skipped), (24 * 60, 0));
        assert!(outcome.events > 0);
        let mut g = c.benchmark_group("chaos_10_pods");
        g.bench_function("24h_kill_every_minute", |b| b.iter(|| day.run()));
        g.finish();
    }

    /// Issue 6: the same day with a liveness and a readiness probe on every container, every
    /// 10 s (8,640 ticks per probe).
    fn chaos_probes(c: &mut Criterion) {
        let day = Chaos::with_probes(chaos::PODS, chaos::KILL_EVERY);
        let (_, outcome) = day.run();
        assert!(outcome.kills > 0 && outcome.events > 0);
        let mut g = c.benchmark_group("chaos_probes_10_pods");
        g.bench_function("24h_kill_every_minute_probes_every_10s", |b| {
            b.iter(|| day.run())
        });
        g.finish();
    }

    /// The same day with 5 to 40 pods and kills as frequent per container (one a minute per
    /// ten pods): events grow with pods, so linear cost means a flat time per pod.
    fn chaos_scaling(c: &mut Criterion) {
        let mut g = c.benchmark_group("chaos_scaling");
        for pods in chaos::SCALING_PODS {
            let run = Chaos::scaled(pods);
            g.throughput(Throughput::Elements(pods as u64));
            g.bench_with_input(BenchmarkId::from_parameter(pods), &run, |b, run| {
                b.iter(|| run.run())
            });
        }
        g.finish();
    }
}
