//! The same scenarios compiled to wasm32 and run in headless Chromium must print exactly what
//! the native snapshots hold: the core is deterministic across targets.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

use crate::scenarios::{DEMO, report, run};

/// The snapshot body: insta's file minus its `---`-delimited header.
fn snapshot(text: &str) -> &str {
    text.splitn(3, "---\n").nth(2).unwrap_or(text)
}

#[wasm_bindgen_test]
fn demo_pod_report_matches_native() {
    let want = snapshot(include_str!(
        "snapshots/it__scenarios__demo_pod_shares_net_ipc_uts_through_pause.snap"
    ));
    assert_eq!(report(&run(DEMO, &[], 5)).trim_end(), want.trim_end());
}

#[wasm_bindgen_test]
fn kill_and_restart_matches_native() {
    let want = snapshot(include_str!(
        "snapshots/it__scenarios__killed_container_restarts_with_a_new_id_in_the_same_sandbox.snap"
    ));
    assert_eq!(
        report(&run(DEMO, &[(5, "kill demo/nginx")], 10)).trim_end(),
        want.trim_end()
    );
}

#[wasm_bindgen_test]
fn crash_loop_matches_native() {
    let want = snapshot(include_str!(
        "snapshots/it__scenarios__first_restart_is_immediate_then_crash_loop_back_off.snap"
    ));
    let mut world = run(DEMO, &[(5, "kill demo/nginx"), (8, "kill demo/nginx")], 12);
    world.advance_to(podscope_core::model::time::SimTime::from_millis(18_000));
    assert_eq!(report(&world).trim_end(), want.trim_end());
}

/// `play::play` over files compiled in.
fn play(manifest: &str, script: &str, files: &[(&str, &str)]) -> String {
    crate::play::play(manifest, script, |f| {
        files
            .iter()
            .find(|(name, _)| *name == f)
            .map(|(_, text)| (*text).to_owned())
    })
}

#[wasm_bindgen_test]
fn rolling_update_matches_native() {
    let want = snapshot(include_str!(
        "snapshots/it__scenario_files__every_scenario_folder_matches_its_snapshot@docs-deployment-rolling-update.snap"
    ));
    let got = play(
        include_str!("../scenarios/docs-deployment-rolling-update/pod.yaml"),
        include_str!("../scenarios/docs-deployment-rolling-update/script"),
        &[(
            "nginx-1.16.1.yaml",
            include_str!("../scenarios/docs-deployment-rolling-update/nginx-1.16.1.yaml"),
        )],
    );
    assert_eq!(got.trim_end(), want.trim_end());
}

#[wasm_bindgen_test]
fn jobs_match_native() {
    let want = snapshot(include_str!(
        "snapshots/it__scenario_files__every_scenario_folder_matches_its_snapshot@job-parallel-and-backoff.snap"
    ));
    let got = play(
        include_str!("../scenarios/job-parallel-and-backoff/pod.yaml"),
        include_str!("../scenarios/job-parallel-and-backoff/script"),
        &[],
    );
    assert_eq!(got.trim_end(), want.trim_end());
}
