//! Playing a scenario folder's text: the manifest applied, the script run (its `apply FILE`
//! steps read with `read`), then the transcript and the event log, as the folders' snapshots
//! hold them. Shared by the native folder test and the wasm comparison.

use podscope_core::scenario::script::Scenario;
use podscope_core::sim::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

/// The transcript of `script` over `manifest`, then the events it left.
pub fn play(manifest: &str, script: &str, read: impl FnMut(&str) -> Option<String>) -> String {
    let loaded = load(manifest, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut script: Scenario = script.parse().unwrap_or_else(|e| panic!("script:{e}"));
    script.read_files(read);
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    let mut out = script.run(&mut world).to_string();
    out.push_str(&format!("--- events until {} ---\n", world.now()));
    for e in world.event_log() {
        out.push_str(&format!("{e}\n"));
    }
    out
}
