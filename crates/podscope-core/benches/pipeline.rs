//! Criterion benchmarks of the core's pipeline: `load` of large manifests against bare YAML
//! parsing, its growth with the number of documents, and a 1,000-pod world over ten simulated
//! minutes. Run with `cargo xtask bench`; the figures are in docs/figures.md.

// Criterion does not build for wasm32; clippy's wasm32 pass still compiles this file.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fmt::Write;
    use std::hint::black_box;

    use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group};
    use podscope_core::time::SimTime;
    use podscope_core::{DEFAULT_SEED, World, load, parse};
    use serde::Deserialize;

    criterion_group!(benches, big_manifest, big_deployment, scaling, world);

    /// Document `i` of a mixed manifest: per ten, six one-container Pods, two ConfigMaps, a
    /// Service and a two-container Pod, except that every hundredth document is a Deployment of
    /// two replicas instead (1,000 documents: 690 Pods and 10 Deployments, 710 pods in all).
    fn document(i: usize, out: &mut String) {
        let r = if i % 100 == 99 {
            write!(
                out,
                "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-{i}
  labels: {{app: api-{i}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: api-{i}}}
  template:
    metadata:
      labels: {{app: api-{i}}}
    spec:
      containers:
      - name: api
        image: registry.example.com/team/api:1.4.{i}
        args: [\"--listen\", \":8080\"]
        ports:
        - containerPort: 8080
        resources:
          requests: {{cpu: 250m, memory: 128Mi}}
          limits: {{memory: 256Mi}}
"
            )
        } else {
            match i % 10 {
                0..=5 => write!(
                    out,
                    "apiVersion: v1
kind: Pod
metadata:
  name: web-{i}
  namespace: shop
  labels:
    app: web
    shard: \"{i}\"
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    resources:
      requests: {{cpu: 100m, memory: 64Mi}}
      limits: {{cpu: 500m, memory: 128Mi}}
"
                ),
                6 | 7 => write!(
                    out,
                    "apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{i}
  namespace: shop
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: \"a,b,c\"
  nginx.conf: |
    server {{
      listen 80;
      location / {{ root /usr/share/nginx/html; }}
    }}
"
                ),
                8 => write!(
                    out,
                    "apiVersion: v1
kind: Service
metadata:
  name: web-{i}
  namespace: shop
spec:
  selector: {{app: web}}
  ports:
  - name: http
    port: 80
    targetPort: 80
"
                ),
                _ => write!(
                    out,
                    "apiVersion: v1
kind: Pod
metadata:
  name: worker-{i}
  namespace: shop
  labels: {{app: worker}}
spec:
  shareProcessNamespace: true
  restartPolicy: OnFailure
  containers:
  - name: worker
    image: busybox:1.36
    command: [sh, -c, \"while true; do sleep 5; done\"]
  - name: sidecar
    image: registry.example.com/team/log-shipper@sha256:0123456789abcdef
    args: [\"--to\", \"stdout\"]
"
                ),
            }
        };
        r.expect("writing to a String cannot fail");
    }

    /// `docs` documents separated by `---`.
    fn mixed_manifest(docs: usize) -> String {
        let mut out = String::new();
        for i in 0..docs {
            if i > 0 {
                out.push_str("---\n");
            }
            document(i, &mut out);
        }
        out
    }

    const BIG_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: fleet}
spec:
  replicas: 1000
  selector:
    matchLabels: {app: fleet}
  template:
    metadata:
      labels: {app: fleet}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80}]
      - name: sidecar
        image: busybox:1.36
        command: [sleep, 3650d]
";

    /// Loads `text`, insisting it is free of errors so the benchmark measures the real path.
    fn checked_load(text: &str) -> podscope_core::Loaded {
        let loaded = load(text, DEFAULT_SEED);
        assert!(
            !loaded.has_errors(),
            "the benchmark manifest must load cleanly: {:?}",
            loaded.diagnostics.iter().find(|d| d.is_error())
        );
        loaded
    }

    /// The baseline: serde_yaml reads every document into a `Value`, nothing more.
    fn bare_yaml(text: &str) -> usize {
        let mut n = 0;
        for doc in serde_yaml::Deserializer::from_str(text) {
            let value = serde_yaml::Value::deserialize(doc).expect("valid YAML");
            black_box(&value);
            n += 1;
        }
        n
    }

    /// (a), (c) and the breakdown: 1,000 mixed documents through `load`, through `parse` alone,
    /// and through bare serde_yaml.
    fn big_manifest(c: &mut Criterion) {
        let text = mixed_manifest(1000);
        let loaded = checked_load(&text);
        assert_eq!(bare_yaml(&text), 1000);
        assert_eq!(loaded.pods.len(), 690 + 10 * 2);
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
        for docs in [250, 500, 1000, 2000] {
            let text = mixed_manifest(docs);
            checked_load(&text);
            g.throughput(Throughput::Elements(docs as u64));
            g.bench_with_input(BenchmarkId::from_parameter(docs), &text, |b, text| {
                b.iter(|| load(black_box(text), DEFAULT_SEED))
            });
        }
        g.finish();
    }

    /// (e): the 1,000-replica Deployment's pods set up on the node and run for ten simulated
    /// minutes (`load` not included).
    fn world(c: &mut Criterion) {
        let pods = checked_load(BIG_DEPLOYMENT).pods;
        let mut g = c.benchmark_group("world_1000_pods");
        g.bench_function("new_and_10_minutes", |b| {
            b.iter_batched(
                || pods.clone(),
                |pods| {
                    let mut world = World::new(pods, DEFAULT_SEED);
                    world.advance_to(SimTime::from_millis(10 * 60 * 1000));
                    world
                },
                BatchSize::LargeInput,
            )
        });
        g.finish();
    }
}
