//! The runtime comparison (`scenario::compare`, `views::compare`): the demo pod under
//! containerd, CRI-O and Docker with one recording played into each, and what differs.
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::model::runtime::Runtime;
use podscope_core::model::time::SimTime;
use podscope_core::scenario::compare::compare_runtimes;
use podscope_core::scenario::examples::DEMO;
use podscope_core::scenario::script::Scenario;
use podscope_core::views::compare::{Aspect, Comparison};
use podscope_core::{DEFAULT_SEED, WorldOptions};

/// The page's recording after nginx was killed at 10 s and the clock ran to 15 s.
const RECORDING: &str = "at 10s kill demo/nginx\nat 15s end\n";

fn demo() -> Comparison {
    let recording: Scenario = RECORDING.parse().expect("a valid script");
    compare_runtimes(DEMO, &recording, DEFAULT_SEED, WorldOptions::default())
        .expect("the demo pod loads")
}

/// The comparison as text: each row's heading, then each runtime's command and text.
fn render(c: &Comparison) -> String {
    let mut out = format!("at {} pod {:?}\n", c.at, c.pod);
    for row in &c.rows {
        out.push_str(&format!("== {}\n", row.aspect.label()));
        for cell in &row.cells {
            out.push_str(&format!(
                "-- {}{}\n{}\n",
                cell.runtime,
                cell.command.map(|c| format!(": {c}")).unwrap_or_default(),
                cell.text.as_deref().unwrap_or("(none)").trim_end()
            ));
        }
    }
    out
}

#[test]
fn the_demo_pod_under_three_runtimes() {
    let c = demo();
    assert_eq!(
        c.at,
        SimTime::from_millis(15_000),
        "played to the recording's end"
    );
    assert_eq!(c.runtimes, Runtime::ALL.to_vec());
    let row = |a: Aspect| {
        c.rows
            .iter()
            .find(|r| r.aspect == a)
            .unwrap_or_else(|| panic!("a row {a:?}"))
    };
    let listing = row(Aspect::Listing);
    let commands: Vec<_> = listing.cells.iter().map(|c| c.command).collect();
    assert_eq!(
        commands,
        [
            Some("crictl ps -a"),
            Some("crictl ps -a"),
            Some("docker ps -a")
        ]
    );
    let docker = listing.cells[2].text.as_deref().unwrap_or_default();
    assert!(docker.contains("k8s_POD_demo_default_"), "{docker}");
    assert!(
        docker.contains("k8s_nginx_demo_default_") && docker.contains("Exited (137)"),
        "the killed nginx is listed under its Docker name: {docker}"
    );
    let images: Vec<_> = row(Aspect::PauseImage)
        .cells
        .iter()
        .map(|c| c.text.clone())
        .collect();
    assert_eq!(
        images,
        [
            Some(Runtime::Containerd.pause_image().to_owned()),
            Some(podscope_core::model::runtime::NO_INFRA.to_owned()),
            Some(Runtime::Docker.pause_image().to_owned()),
        ]
    );
    let nginx = podscope_core::model::ids::ContainerName("nginx".into());
    let ids = row(Aspect::ContainerId(nginx));
    for (cell, scheme) in ids
        .cells
        .iter()
        .zip(["containerd://", "cri-o://", "docker://"])
    {
        assert!(
            cell.text.as_deref().is_some_and(|t| t.starts_with(scheme)),
            "{cell:?}"
        );
    }
    for r in &c.rows {
        assert!(
            r.cells.windows(2).any(|w| w[0].text != w[1].text),
            "only what differs: {r:?}"
        );
    }
    insta::assert_snapshot!("compare-demo", render(&c));
}

#[test]
fn a_manifest_with_errors_has_no_comparison() {
    let c = compare_runtimes(
        "kind: [",
        &Scenario::new(),
        DEFAULT_SEED,
        WorldOptions::default(),
    );
    assert_eq!(c, None);
}
