//! The scenario folders (`tests/scenarios/NAME/{pod.yaml,script}`): each manifest is applied,
//! its script played with `Scenario::run`, and the transcript plus the event log snapshotted.
// The folders are read from disk, which the wasm32 test runner cannot do.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// The transcript of one folder's script, then the events it left.
fn play(dir: &Path) -> String {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    // `apply FILE` steps name manifests beside the script.
    crate::play::play(&read("pod.yaml"), &read("script"), |f| {
        std::fs::read_to_string(dir.join(f)).ok()
    })
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
    let folders: Vec<(String, PathBuf)> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, dir)
        })
        .collect();
    crate::every::check_every("scenario folders", &folders, |name, dir| {
        let text = play(dir);
        insta::with_settings!({
            snapshot_suffix => name.to_owned(),
            description => format!("tests/scenarios/{name}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(text);
        });
    });
}
