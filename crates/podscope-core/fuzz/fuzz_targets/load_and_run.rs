//! Fuzz target `load_and_run`: any bytes, read as text, go through `load`, a world on the
//! manifest's cluster (its controllers and Jobs too), killing every container, the same text
//! applied again a minute later (`kubectl apply`), ten simulated minutes, `inspect` and the
//! diagram. Nothing may panic, and each input must finish well inside libFuzzer's `-timeout`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::views::inspect::inspect;
use podscope_core::scenario::command::ApplySource;
use podscope_core::model::refs::ContainerRef;
use podscope_core::model::signal::Signal;
use podscope_core::sim::world::WorldOptions;
use podscope_core::views::layout;
use podscope_core::{Command, DEFAULT_SEED, World, load};

/// Ten simulated minutes: past several CrashLoopBackOff steps (10 s, 20 s, 40 s, …).
const RUN_FOR: SimDuration = SimDuration::from_secs(10 * 60);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let loaded = load(&text, DEFAULT_SEED);
    if loaded.pods.is_empty() && loaded.cluster.jobs.is_empty() {
        return;
    }
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    let kills: Vec<Command> = world
        .pods()
        .flat_map(|pod| {
            pod.containers.iter().map(|c| Command::Kill {
                target: ContainerRef::new(&pod.spec.key, &c.spec.name),
                signal: Signal::KILL,
            })
        })
        .collect();
    for kill in &kills {
        // A container that is not running is a `CommandError`, never a panic.
        let _ = podscope_core::apply(&mut world, kill);
    }
    world.advance_to(SimTime::ZERO + SimDuration::from_secs(60));
    let _ = podscope_core::apply(&mut world, &Command::Apply(ApplySource::inline(text.to_string())));
    world.advance_to(SimTime::ZERO + RUN_FOR);
    let _ = inspect(&world);
    let _ = layout::diagram(&world);
});
