//! The scenario folders (`tests/scenarios/NAME/{pod.yaml,script}`): each manifest is applied,
//! its script played with `Scenario::run`, and the transcript plus the event log snapshotted.
// The folders are read from disk, which the wasm32 test runner cannot do.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use podscope_core::scenario::Scenario;
use podscope_core::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

/// The transcript of one folder's script, then the events it left.
fn play(dir: &Path) -> String {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    let loaded = load(&read("pod.yaml"), DEFAULT_SEED);
    assert!(
        !loaded.has_errors(),
        "{}: {:?}",
        dir.display(),
        loaded.diagnostics
    );
    let mut script: Scenario = read("script")
        .parse()
        .unwrap_or_else(|e| panic!("{}/script:{e}", dir.display()));
    // `apply FILE` steps name manifests beside the script.
    script.read_files(|f| std::fs::read_to_string(dir.join(f)).ok());
    let mut world = World::with_cluster(
        loaded.pods,
        DEFAULT_SEED,
        WorldOptions::default(),
        &loaded.cluster,
    );
    let mut out = script.run(&mut world).to_string();
    out.push_str(&format!("--- events until {} ---\n", world.now()));
    for e in world.events() {
        out.push_str(&format!("{e}\n"));
    }
    out
}

#[test]
fn every_scenario_folder_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "{dirs:?}");
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = play(&dir);
        insta::with_settings!({
            snapshot_suffix => name.clone(),
            description => format!("tests/scenarios/{name}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(text);
        });
    }
}
