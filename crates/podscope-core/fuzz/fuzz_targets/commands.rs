//! Fuzz target `commands`: any bytes, read as text, split into command lines and a manifest.
//! Every line that reads as a scenario action (`node -- kubectl …`, `exec POD/C -- …`,
//! `exec -it …`, `node -it -- …`, `kill …`, `debug …`, `delete …`) is carried out, one
//! simulated second apart, on a world made from the other lines: so every kubectl form, every
//! shell line and applet, and the controllers' answers to them meet random input. Nothing may
//! panic, and each input must finish well inside libFuzzer's `-timeout`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::sim::world::WorldOptions;
use podscope_core::views::inspect::inspect;
use podscope_core::views::layout;
use podscope_core::{Command, DEFAULT_SEED, World, load};

/// At most this many actions from one input (a longer input is not a better test, only slower).
const MAX_COMMANDS: usize = 48;
/// After the last action: past a few CrashLoopBackOff steps and the controllers' reactions.
const AFTER: SimDuration = SimDuration::from_secs(5 * 60);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut manifest = String::new();
    let mut commands: Vec<Command> = Vec::new();
    for line in text.lines() {
        // `apply FILE` has no file to read here; the manifest lines are what is applied.
        match line.parse::<Command>() {
            Ok(Command::Apply(_)) | Err(_) => {
                manifest.push_str(line);
                manifest.push('\n');
            }
            Ok(c) if commands.len() < MAX_COMMANDS => commands.push(c),
            Ok(_) => {}
        }
    }
    let loaded = load(&manifest, DEFAULT_SEED);
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    let mut at = SimTime::ZERO;
    for command in &commands {
        at = at + SimDuration::from_secs(1);
        world.advance_to(at);
        // A refused command is a `CommandError`, never a panic.
        let _ = podscope_core::apply(&mut world, command);
    }
    world.advance_to(at + AFTER);
    let _ = inspect(&world);
    let _ = layout::diagram(&world);
});
