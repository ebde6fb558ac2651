//! Rollouts over seeded random Deployments: whatever the replicas, strategy and timing, a
//! RollingUpdate never has more pods than `replicas + maxSurge` asked for, never fewer
//! available than `replicas - maxUnavailable` once the first rollout is done, and always
//! finishes with every pod on the new template; Recreate never runs both templates at once;
//! scaling lands on the asked count.

use podscope_core::model::rng::SeededRng;
use podscope_core::model::time::SimDuration;
use podscope_core::scenario::command::ApplySource;
use podscope_core::sim::controllers::Strategy;
use podscope_core::sim::world::WorldOptions;
use podscope_core::{Command, World, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn manifest(replicas: u64, strategy: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {replicas}\n  strategy: {strategy}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - {{name: c, image: '{image}'}}\n"
    )
}

fn world_of(text: &str, seed: u64) -> World {
    let loaded = load(text, seed);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    World::from_loaded(&loaded, seed, WorldOptions::default())
}

fn apply(world: &mut World, text: &str) {
    let out = podscope_core::apply(world, &Command::Apply(ApplySource::inline(text)))
        .expect("apply runs");
    assert_eq!(out.status, 0, "{}", out.text);
}

/// The Deployment's pods counted as its ReplicaSets' `spec.replicas` and as available.
fn counts(world: &World) -> (i32, i32, bool) {
    let c = world.controllers();
    let d = c.deployments.first().expect("the Deployment");
    let total: i32 = c.replica_sets_of(d).iter().map(|r| r.replicas).sum();
    let (status, updated) = world.deployment_counts(d);
    let done =
        updated == d.replicas && status.replicas == d.replicas && status.available == d.replicas;
    (total, status.available, done)
}

#[test]
fn rolling_updates_stay_within_surge_and_unavailability_and_finish() {
    let strategies = [
        ("{}", Strategy::default()),
        ("{rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}", {
            use podscope_core::sim::controllers::IntOrPercent::Int;
            Strategy::RollingUpdate {
                max_surge: Int(0),
                max_unavailable: Int(1),
            }
        }),
        ("{rollingUpdate: {maxSurge: 2, maxUnavailable: 0}}", {
            use podscope_core::sim::controllers::IntOrPercent::Int;
            Strategy::RollingUpdate {
                max_surge: Int(2),
                max_unavailable: Int(0),
            }
        }),
        (
            "{rollingUpdate: {maxSurge: '50%', maxUnavailable: '50%'}}",
            {
                use podscope_core::sim::controllers::IntOrPercent::Percent;
                Strategy::RollingUpdate {
                    max_surge: Percent(50),
                    max_unavailable: Percent(50),
                }
            },
        ),
    ];
    for seed in 0..8u64 {
        let mut rng = SeededRng::new(seed ^ 0x5011);
        let replicas = 1 + rng.below(6);
        let (text, strategy) = strategies[rng.below(strategies.len() as u64) as usize];
        let mut world = world_of(&manifest(replicas, text, "nginx:1.14.2"), seed);
        world.run_for(SimDuration::from_secs(30));
        assert!(counts(&world).2, "seed {seed}: the first rollout finished");
        let r = replicas as i32;
        let (surge, unavailable) = (strategy.max_surge(r), strategy.max_unavailable(r));
        apply(&mut world, &manifest(replicas, text, "nginx:1.16.1"));
        let mut finished = false;
        for _ in 0..600 {
            world.run_for(SimDuration::from_millis(100 + rng.below(300)));
            let (total, available, done) = counts(&world);
            assert!(
                total <= r + surge,
                "seed {seed}: {total} pods asked for > {r} + {surge}"
            );
            assert!(
                available >= r - unavailable,
                "seed {seed}: {available} available < {r} - {unavailable}"
            );
            if done {
                finished = true;
                break;
            }
        }
        assert!(
            finished,
            "seed {seed}: the rollout of {replicas} replicas ({text}) finished"
        );
        for p in world.pods().filter(|p| p.deletion.is_none()) {
            assert_eq!(
                p.containers[0].spec.image.raw, "nginx:1.16.1",
                "seed {seed}"
            );
        }
    }
}

#[test]
fn recreate_never_runs_both_templates_and_scaling_lands() {
    for seed in 0..6u64 {
        let mut rng = SeededRng::new(seed ^ 0x7EC);
        let replicas = 1 + rng.below(5);
        let text = manifest(replicas, "{type: Recreate}", "redis:7.2");
        let mut world = world_of(&text, seed);
        world.run_for(SimDuration::from_secs(20));
        apply(
            &mut world,
            &manifest(replicas, "{type: Recreate}", "redis:7.4"),
        );
        for _ in 0..300 {
            world.run_for(SimDuration::from_millis(100 + rng.below(200)));
            let images: std::collections::BTreeSet<&str> = world
                .pods()
                .filter(|p| {
                    p.containers.iter().any(|c| {
                        matches!(
                            c.state,
                            podscope_core::sim::world::ContainerState::Running { .. }
                        )
                    })
                })
                .map(|p| p.containers[0].spec.image.raw.as_str())
                .collect();
            assert!(
                images.len() <= 1,
                "seed {seed}: both templates ran at once: {images:?}"
            );
        }
        assert!(
            counts(&world).2,
            "seed {seed}: the Recreate rollout finished"
        );
        let target = rng.below(7);
        let out = podscope_core::apply(
            &mut world,
            &Command::Node {
                node: None,
                line: format!("kubectl scale deployment web --replicas={target}"),
            },
        )
        .expect("scale runs");
        assert_eq!(out.text, "deployment.apps/web scaled\n");
        world.run_for(SimDuration::from_secs(60));
        let active = world.pods().filter(|p| p.deletion.is_none()).count() as u64;
        assert_eq!(active, target, "seed {seed}: scaled to {target}");
    }
}
