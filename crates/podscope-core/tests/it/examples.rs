//! The playground's examples (`scenario::examples`): each manifest loads without errors under
//! its runtime, its script plays without a failed command, the transcript shows the example's
//! point, and the transcript plus the event log match their snapshot.
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::scenario::examples::{Example, ExampleId};
use podscope_core::scenario::script::Scenario;
use podscope_core::sim::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

/// A world fresh from the example's manifest, under its runtime, and its script.
fn start(example: &Example) -> (World, Scenario) {
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
    (World::from_loaded(&loaded, DEFAULT_SEED, options), script)
}

/// The transcript of the example's script, then the events it left.
fn play(example: &Example) -> String {
    let (mut world, script) = start(example);
    let transcript = script.run(&mut world);
    for entry in &transcript.entries {
        assert!(
            entry.result.is_ok(),
            "{}: {:?}",
            entry.prompt(),
            entry.result
        );
    }
    format!("{transcript}{}", events(&world))
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

/// The world's clock and the events it logged.
fn events(world: &World) -> String {
    let mut out = format!("--- events until {} ---\n", world.now());
    for e in world.event_log() {
        out.push_str(&format!("{e}\n"));
    }
    out
}

#[test]
fn every_examples_tour_walked_with_next_ends_where_the_script_does() {
    for id in ExampleId::ALL {
        let example = id.get();
        let (mut walked, script) = start(&example);
        let mut steps = script
            .run_to_stop(&mut walked, 0)
            .expect("every example has a tour")
            .entries
            .len();
        for stop in script.stops() {
            assert!(
                stop.narration.at <= stop.next_at,
                "{id}: stop {}",
                stop.index
            );
            let next = script.run_segment(&mut walked, stop.index).expect("a stop");
            assert!(next.entries.iter().all(|e| e.result.is_ok()), "{id}");
            steps += next.entries.len();
        }
        assert_eq!(steps, script.steps().len(), "{id}");
        let (mut ran, _) = start(&example);
        script.run(&mut ran);
        assert_eq!(events(&walked), events(&ran), "{id}");
    }
}
