//! The runtime comparison's worlds: the same manifest in one world per runtime (containerd,
//! CRI-O, Docker through cri-dockerd), the same recording played into each, as the page's
//! runtime setting replays it; `views::compare` then lists what differs.

use crate::admission::load::load;
use crate::model::runtime::Runtime;
use crate::scenario::script::Scenario;
use crate::sim::world::{World, WorldOptions};
use crate::views::compare::{Comparison, compare};

/// The comparison of `manifest` with `recording` played, under every runtime (the other
/// options as `base` has them); `None` when the manifest has errors (there is no world).
pub fn compare_runtimes(
    manifest: &str,
    recording: &Scenario,
    seed: u64,
    base: WorldOptions,
) -> Option<Comparison> {
    let loaded = load(manifest, seed);
    if loaded.has_errors() {
        return None;
    }
    let worlds: Vec<World> = Runtime::ALL
        .into_iter()
        .map(|runtime| {
            let options = WorldOptions { runtime, ..base };
            let mut world = World::from_loaded(&loaded, seed, options);
            recording.run(&mut world);
            world
        })
        .collect();
    let refs: Vec<&World> = worlds.iter().collect();
    Some(compare(&refs))
}
