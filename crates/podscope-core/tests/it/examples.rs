//! The playground's examples (`scenario::examples`): each manifest loads without errors under
//! its runtime, its script plays without a failed command, the transcript shows the example's
//! point, and the transcript plus the event log match their snapshot.
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::scenario::examples::{Example, ExampleId};
use podscope_core::scenario::script::Scenario;
use podscope_core::sim::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

/// The transcript of the example's script, then the events it left.
fn play(example: &Example) -> String {
    let loaded = load(example.yaml, DEFAULT_SEED);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    let script: Scenario = example
        .script
        .parse()
        .unwrap_or_else(|e| panic!("script:{e}"));
    let options = WorldOptions {
        runtime: example.runtime,
        ..WorldOptions::default()
    };
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, options);
    let transcript = script.run(&mut world);
    for entry in &transcript.entries {
        assert!(
            entry.result.is_ok(),
            "{}: {:?}",
            entry.prompt(),
            entry.result
        );
    }
    let mut out = transcript.to_string();
    out.push_str(&format!("--- events until {} ---\n", world.now()));
    for e in world.event_log() {
        out.push_str(&format!("{e}\n"));
    }
    out
}

/// One line each example's transcript must hold: its point, as the tools print it.
fn point(id: ExampleId) -> &'static str {
    match id {
        ExampleId::Demo => "demo   2/2     Running   1 (2s ago)",
        ExampleId::AlpineNodeSelector => "ubuntu-nested-3",
        ExampleId::NginxSidecar => "Kano/鹿乃",
        ExampleId::ZombiesReaped => "1 65535     0:00 /pause",
        ExampleId::ZombiesStay => "[sleep]",
        ExampleId::Oom => "Reason:       OOMKilled",
        ExampleId::PortConflict => "bind() to 0.0.0.0:80 failed (98: Address already in use)",
        ExampleId::InitSidecar => "tick",
        ExampleId::CrashLoop => "CrashLoopBackOff",
        ExampleId::RollingUpdate => "successfully rolled out",
        ExampleId::JobPi => "3.14159",
        ExampleId::RuntimeContainerd => "containerd-shim-runc-v2",
        ExampleId::RuntimeCriO => "conmon",
        ExampleId::RuntimeDocker => "k8s_POD_demo_default_",
    }
}

#[test]
fn every_example_plays_to_its_point_and_matches_its_snapshot() {
    let examples: Vec<(String, Example)> = ExampleId::ALL
        .into_iter()
        .map(|id| (id.as_str().to_owned(), id.get()))
        .collect();
    crate::every::check_every("examples", &examples, |name, example| {
        let text = play(example);
        let point = point(example.id);
        assert!(text.contains(point), "{name}: no {point:?} in\n{text}");
        insta::with_settings!({
            snapshot_suffix => name.to_owned(),
            description => format!("scenario::examples {name} ({})", example.runtime),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(text);
        });
    });
}
