//! Bad input never panics the core: thousands of seeded mutations of real manifests go
//! through parsing, setup, commands and every view.

use podscope_core::model::refs::ContainerRef;
use podscope_core::model::rng::SeededRng;
use podscope_core::model::signal::Signal;
use podscope_core::model::time::SimTime;
use podscope_core::views::inspect::inspect;
use podscope_core::views::layout;
use podscope_core::{Command, World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::scenarios::DEMO;

const SHARED_PID: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: shared
  namespace: web
spec:
  shareProcessNamespace: true
  hostNetwork: false
  restartPolicy: OnFailure
  containers:
  - name: app
    image: registry.example.com/team/app@sha256:0123
    args: [\"--port\", \"8080\"]
  - name: bb
    image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: b}
";

/// Deletes, duplicates or replaces a few bytes, or cuts the text short.
fn mutate(text: &str, rng: &mut SeededRng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let alphabet = b" :-[]{}\n\t\"'#&*!|>0123456789abcxyzPodkind\xc3\xa9";
    for _ in 0..=rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let i = rng.below(bytes.len() as u64) as usize;
        match rng.below(4) {
            0 => {
                bytes.remove(i);
            }
            1 => bytes.insert(i, alphabet[rng.below(alphabet.len() as u64) as usize]),
            2 => bytes[i] = alphabet[rng.below(alphabet.len() as u64) as usize],
            _ => bytes.truncate(i),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// SIGKILLs every container of every pod; errors (not running) are expected and ignored.
fn kill_all(world: &mut World) {
    for pod in world.pods().cloned().collect::<Vec<_>>() {
        for c in &pod.containers {
            let cmd = Command::Kill {
                target: ContainerRef::new(&pod.spec.key, &c.spec.name),
                signal: Signal::KILL,
            };
            let _ = podscope_core::apply(world, &cmd);
        }
    }
}

#[test]
fn mutated_manifests_never_panic() {
    let mut rng = SeededRng::new(42);
    let (mut ok, mut rejected) = (0, 0);
    for round in 0..1500 {
        let base = if round % 2 == 0 { DEMO } else { SHARED_PID };
        let text = mutate(base, &mut rng);
        let manifest = load(&text, round);
        if manifest.has_errors() {
            rejected += 1;
            assert!(
                manifest.diagnostics.iter().all(|d| !d.message.is_empty()),
                "{text:?}"
            );
            continue;
        }
        ok += 1;
        let mut world = World::from_loaded(&manifest, round, WorldOptions::default());
        kill_all(&mut world);
        world.advance_to(SimTime::from_millis(700_000));
        let _ = inspect(&world);
        let _ = layout::diagram(&world);
    }
    // Both paths must really be exercised.
    assert!(ok > 100 && rejected > 100, "ok {ok}, rejected {rejected}");
}

#[test]
fn arbitrary_command_text_is_an_error_not_a_panic() {
    let mut rng = SeededRng::new(7);
    for _ in 0..2000 {
        let text = mutate("kill default/demo/nginx", &mut rng);
        let _ = text.parse::<Command>();
    }
}

/// Runs `load` on `text` and returns its first error.
fn first_error(text: &str) -> String {
    let loaded = load(text, 1);
    loaded
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn hostile_inputs_end_in_a_clear_error() {
    // An alias bomb: 10^9 nodes if expanded.
    let mut bomb = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("    a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("spec: {containers: [{name: c, image: nginx}]}\n");
    assert!(!first_error(&bomb).is_empty(), "the bomb is rejected");
    // 10,000-deep nesting.
    let deep = format!(
        "apiVersion: v1\nkind: Pod\nspec: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(
        first_error(&deep).starts_with("3:"),
        "{}",
        first_error(&deep)
    );
    // 10 MB.
    let big = "# padding\n".repeat(1_100_000);
    assert!(
        first_error(&big).contains("podscope reads at most 3145728"),
        "{}",
        first_error(&big)
    );
    // A billion replicas: capped with a warning, never a hang.
    let many = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 1000000000\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: nginx}]}\n";
    let loaded = load(many, 1);
    assert_eq!(loaded.pods.len(), podscope_core::admission::admit::MAX_PODS);
    assert!(!loaded.has_errors());
    // Twenty large Deployments: the cap is on the whole manifest, and killing every
    // container of what was admitted stays quick (found as a timeout while fuzzing).
    let twenty: Vec<String> = (0..20)
        .map(|i| {
            many.replace("name: d}", &format!("name: d{i}}}"))
                .replace("1000000000", "1000")
        })
        .collect();
    let loaded = load(&twenty.join("---\n"), 1);
    assert_eq!(loaded.pods.len(), podscope_core::admission::admit::MAX_PODS);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("creating 0 of 1000"))
    );
    let mut world = World::from_loaded(&loaded, 1, WorldOptions::default());
    kill_all(&mut world);
    world.advance_to(SimTime::from_millis(60_000));
}

/// A loop whose only wait is `sleep 0` (found by the fuzzer) would stop simulated time: after
/// a thousand rounds at one instant it counts as a busy loop, and ten minutes pass at once.
#[test]
fn zero_sleep_loops_do_not_stop_time() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
  - name: count
    image: busybox
    args: [/bin/sh, -c, 'i=0; while true; do echo \"$i\"; i=$((i+1)); sleep 0; done']
";
    let loaded = load(text, 1);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut world = World::from_loaded(&loaded, 1, WorldOptions::default());
    world.advance_to(SimTime::from_millis(10 * 60 * 1000));
    let pod = world.pods().next().expect("a pod");
    let log = &pod.containers[0].instance.as_ref().expect("running").log;
    assert!(
        log.starts_with("0\n1\n2\n"),
        "{}",
        &log[..log.len().min(40)]
    );
    assert!(
        log.lines().count() <= 1_002,
        "the loop stops at its busy bound"
    );
}

/// A fork bomb stops at the container's process limit (`sh: can't fork`).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn fork_bombs_stop_at_the_process_limit() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: bomb}
spec:
  containers:
  - name: bomb
    image: busybox
    args: [/bin/sh, -c, 'while true; do sleep 3600 & done']
";
    let loaded = load(text, 1);
    let mut world = World::from_loaded(&loaded, 1, WorldOptions::default());
    world.advance_to(SimTime::from_millis(60 * 1000));
    let sleeps = world
        .node()
        .processes()
        .filter(|p| p.cmdline == "sleep 3600")
        .count();
    assert!((1000..=1024).contains(&sleeps), "{sleeps} sleeps");
    let log = &world.pods().next().expect("a pod").containers[0]
        .instance
        .as_ref()
        .expect("running")
        .log;
    assert!(
        log.contains("sh: can't fork: Resource temporarily unavailable"),
        "{log}"
    );
}
