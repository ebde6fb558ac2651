//! Jobs over seeded random specs: never more active pods than `parallelism` (or than the
//! completions left), exactly `completions` succeeded pods when nothing fails, and a failing
//! Job stops at `backoffLimit + 1` failed pods and terminates.

use podscope_core::model::rng::SeededRng;
use podscope_core::model::time::SimDuration;
use podscope_core::sim::controllers::job::JobCondition;
use podscope_core::sim::status::{self, Phase};
use podscope_core::sim::world::WorldOptions;
use podscope_core::{World, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn job(completions: u64, parallelism: u64, backoff: u64, script: &str, indexed: bool) -> String {
    let mode = if indexed {
        "  completionMode: Indexed\n"
    } else {
        ""
    };
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: work}}\nspec:\n  completions: {completions}\n  parallelism: {parallelism}\n  backoffLimit: {backoff}\n{mode}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {{name: c, image: 'busybox:1.36', command: [sh, -c, '{script}']}}\n"
    )
}

fn world_of(text: &str, seed: u64) -> World {
    let loaded = load(text, seed);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    World::from_loaded(&loaded, seed, WorldOptions::default())
}

fn active(world: &World) -> usize {
    world
        .pods()
        .filter(|p| {
            p.deletion.is_none() && !matches!(status::phase(p), Phase::Succeeded | Phase::Failed)
        })
        .count()
}

#[test]
fn jobs_keep_parallelism_and_finish_with_the_completions_asked_for() {
    for seed in 0..8u64 {
        let mut rng = SeededRng::new(seed ^ 0x10B);
        let completions = 1 + rng.below(6);
        let parallelism = 1 + rng.below(4);
        let indexed = rng.below(2) == 0;
        let text = job(completions, parallelism, 6, "sleep 2", indexed);
        let mut world = world_of(&text, seed);
        let mut done = false;
        for _ in 0..400 {
            world.run_for(SimDuration::from_millis(200 + rng.below(800)));
            let left = completions - world.jobs()[0].succeeded as u64;
            let cap = parallelism.min(left.max(1)) as usize;
            assert!(
                active(&world) <= cap,
                "seed {seed}: {} active > {cap}",
                active(&world)
            );
            if world.jobs()[0].condition == Some(JobCondition::Complete) {
                done = true;
                break;
            }
        }
        assert!(done, "seed {seed}: the Job completed");
        let succeeded = world
            .pods()
            .filter(|p| status::phase(p) == Phase::Succeeded)
            .count() as u64;
        assert_eq!(succeeded, completions, "seed {seed}");
        assert_eq!(active(&world), 0, "seed {seed}");
    }
}

#[test]
fn a_failing_job_stops_after_its_backoff_limit() {
    for seed in 0..4u64 {
        let backoff = seed % 3;
        let mut world = world_of(&job(1, 1, backoff, "exit 1", false), seed);
        world.run_for(SimDuration::from_secs(30 * 60));
        let j = &world.jobs()[0];
        assert!(
            matches!(j.condition, Some(JobCondition::Failed(_))),
            "seed {seed}: {:?}",
            j.condition
        );
        assert_eq!(j.failed as u64, backoff + 1, "seed {seed}");
        assert_eq!(world.pods().len() as u64, backoff + 1, "seed {seed}");
        assert_eq!(active(&world), 0, "seed {seed}");
    }
}
