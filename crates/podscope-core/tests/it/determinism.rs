//! The simulation is a function of its input: the same manifest, seed and commands give the
//! same world, byte for byte, however memory happens to be laid out.

use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::command::Command;
use podscope_core::sim::world::{World, WorldOptions};
use podscope_core::{DEFAULT_SEED, load};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const PROBED: &str = include_str!("../../../../docs/bench/probed-deployment-10.yaml");

/// Two simulated hours of a probed Deployment with a kill every five minutes, then what the
/// node's tools print and how many events were reported.
fn run_once() -> (u64, Vec<String>) {
    let loaded = load(PROBED, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut w = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    let names: Vec<String> = w.pods().map(|p| p.spec.key.name.clone()).collect();
    for (i, minute) in (5..=120).step_by(5).enumerate() {
        w.advance_to(SimTime::ZERO + SimDuration::from_secs(60 * minute));
        let Some(name) = names.get(i % names.len().max(1)) else {
            continue;
        };
        let cmd: Command = format!("kill {name}/nginx")
            .parse()
            .expect("a well-formed command");
        let _ = podscope_core::apply(&mut w, &cmd);
    }
    let views = [
        "node -- kubectl get pods -o wide",
        "node -- kubectl get events",
        "node -- crictl ps -a",
        "node -- ps -ef",
    ]
    .iter()
    .map(|line| {
        let cmd: Command = line.parse().expect("a well-formed command");
        match podscope_core::apply(&mut w, &cmd) {
            Ok(out) => out.text,
            Err(e) => format!("{e:?}"),
        }
    })
    .collect();
    (w.events_reported(), views)
}

#[test]
fn the_same_input_gives_the_same_world() {
    let first = run_once();
    // Allocate in between, so the second run's objects sit at other addresses.
    let noise: Vec<Vec<u8>> = (0..1000).map(|i| vec![0; i * 7]).collect();
    let second = run_once();
    drop(noise);
    assert!(first.0 > 0);
    assert_eq!(first, second);
}
