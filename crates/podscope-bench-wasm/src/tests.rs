//! Unit tests of the shared workloads. They live here, not in `workloads.rs` and `chaos.rs`,
//! because the criterion bench includes those files by `#[path]` and has no test harness.

use podscope_core::model::time::SimTime;

use crate::chaos::{Chaos, DAY, KILL_EVERY, PODS, SCALING_PODS};
use crate::workloads::{
    BIG_DEPLOYMENT, PODS_IN_1000_DOCS, bare_yaml, checked_load, mixed_manifest,
};

#[test]
fn the_workloads_load_cleanly_and_have_the_documented_shape() {
    let text = mixed_manifest(1000);
    assert_eq!(bare_yaml(&text), 1000);
    assert_eq!(checked_load(&text).pods.len(), PODS_IN_1000_DOCS);
    // docs/figures.md: "about 296 KB".
    assert!((290_000..300_000).contains(&text.len()), "{}", text.len());
    assert_eq!(checked_load(BIG_DEPLOYMENT).pods.len(), 1000);
    assert_eq!(bare_yaml(&mixed_manifest(250)), 250);
}

#[test]
fn a_day_of_chaos_kills_once_a_minute() {
    let (world, outcome) = Chaos::new(PODS, KILL_EVERY).run();
    assert_eq!(world.now(), SimTime::ZERO + DAY);
    // Each container is hit every 30 minutes, long after its restart: every minute's kill
    // finds a running container.
    assert_eq!(outcome.kills, 24 * 60);
    assert_eq!(outcome.skipped, 0);
    // Every restart is at least Pulled ("already present on machine"), Created, Started.
    assert!(outcome.events >= 3 * outcome.kills, "{outcome:?}");
}

#[test]
fn the_scaled_runs_kill_each_container_as_often() {
    for pods in SCALING_PODS {
        let chaos = Chaos::scaled(pods);
        assert_eq!(chaos.targets.len(), pods * 3);
        let (_, outcome) = chaos.run();
        assert_eq!(outcome.kills, 24 * 60 * pods as u64 / 10, "{pods} pods");
    }
}

#[test]
fn the_probes_day_probes_every_container_without_failing() {
    let chaos = Chaos::with_probes(2, KILL_EVERY);
    let text = crate::chaos::manifest_with_probes(2);
    assert_eq!(text.matches("livenessProbe").count(), 6);
    assert_eq!(text.matches("readinessProbe").count(), 6);
    let (world, outcome) = chaos.run();
    assert_eq!(world.now(), SimTime::ZERO + DAY);
    assert_eq!(outcome.kills, 24 * 60);
    // Healthy servers pass their probes: no Unhealthy events and no liveness kills.
    assert_eq!(outcome.unhealthy, 0);
}
