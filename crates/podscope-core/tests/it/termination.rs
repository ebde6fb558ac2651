//! Termination messages: what a container wrote to its `terminationMessagePath`, or the tail
//! of its log with `FallbackToLogsOnError`, as `state.terminated.message` and then
//! `lastState.terminated.message` (the docs' "Determine the Reason for Pod Failure").

use podscope_core::model::ids::ObjectKey;
use podscope_core::model::time::SimTime;
use podscope_core::sim::world::{ContainerState, Pod};
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn run(yaml: &str, until_ms: u64) -> World {
    let loaded = load(yaml, 1);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut w = World::from_loaded(&loaded, 1, WorldOptions::default());
    w.advance_to(SimTime::from_millis(until_ms));
    w
}

fn pod<'w>(w: &'w World, name: &str) -> &'w Pod {
    w.pod_by_key(&ObjectKey::new("default", name))
        .expect("the pod exists")
}

/// The page's debug/termination.yaml: `sleep 10 && echo Sleep expired > /dev/termination-log`;
/// the container exits 0 (about 13 s in, after the pull) and is restarted (restartPolicy
/// Always), so the message shows in
/// `lastState.terminated`.
#[test]
fn the_docs_termination_demo_reports_its_message() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: termination-demo
spec:
  containers:
  - name: termination-demo-container
    image: debian
    command: [\"/bin/sh\"]
    args: [\"-c\", \"sleep 10 && echo Sleep expired > /dev/termination-log\"]
";
    let w = run(yaml, 20_000);
    let c = &pod(&w, "termination-demo").containers[0];
    let last = c.last_state.as_ref().expect("restarted once");
    assert_eq!(last.exit_code, 0);
    assert_eq!(last.message.as_deref(), Some("Sleep expired\n"));
    // The new instance has not written one.
    assert!(matches!(c.state, ContainerState::Running { .. }));
}

/// A custom path, and the log fallback: only for a failure, the log's tail; a file, when
/// written, wins over the logs.
#[test]
fn custom_paths_and_the_log_fallback() {
    let yaml = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
  - name: custom
    image: busybox:1.36
    terminationMessagePath: /tmp/my-log
    command: [sh, -c, 'echo custom > /tmp/my-log; exit 3']
  - name: fallback
    image: busybox:1.36
    terminationMessagePolicy: FallbackToLogsOnError
    command: [sh, -c, 'echo first; echo last words; exit 1']
  - name: fallback-ok
    image: busybox:1.36
    terminationMessagePolicy: FallbackToLogsOnError
    command: [sh, -c, 'echo fine']
  - name: file-wins
    image: busybox:1.36
    terminationMessagePolicy: FallbackToLogsOnError
    command: [sh, -c, 'echo in the log; echo from the file > /dev/termination-log; exit 2']
";
    let w = run(yaml, 5_000);
    let message = |i: usize| match &pod(&w, "p").containers[i].state {
        ContainerState::Terminated(t) => t.message.clone(),
        s => panic!("container {i} is {s:?}"),
    };
    assert_eq!(message(0).as_deref(), Some("custom\n"));
    assert_eq!(message(1).as_deref(), Some("first\nlast words\n"));
    assert_eq!(message(2), None, "exit 0: no fallback");
    assert_eq!(message(3).as_deref(), Some("from the file\n"));
}
