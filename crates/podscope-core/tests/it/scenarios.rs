//! Scenario tests: a manifest and timed actions in, the world's observable state out.

use podscope_core::model::linux_ns::NsKind;
use podscope_core::model::runtime::Runtime;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::sim::world::ContainerState;
use podscope_core::views::inspect::inspect;
use podscope_core::{Command, World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

pub use podscope_core::scenario::examples::DEMO;

/// Loads `yaml` and runs `actions` (`(seconds, command)`), returning the world at the end.
pub fn run(yaml: &str, actions: &[(u64, &str)], until_secs: u64) -> World {
    run_on(Runtime::Containerd, yaml, actions, until_secs)
}

/// Like [`run`], on a node whose container runtime is `runtime`.
pub fn run_on(runtime: Runtime, yaml: &str, actions: &[(u64, &str)], until_secs: u64) -> World {
    let manifest = load(yaml, podscope_core::DEFAULT_SEED);
    assert!(!manifest.has_errors(), "{:?}", manifest.diagnostics);
    let options = WorldOptions {
        runtime,
        ..WorldOptions::default()
    };
    let mut world = World::from_loaded(&manifest, podscope_core::DEFAULT_SEED, options);
    for &(at, cmd) in actions {
        world.advance_to(SimTime::from_millis(at * 1000));
        let cmd: Command = cmd.parse().expect("a valid command");
        podscope_core::apply(&mut world, &cmd).expect("the command applies");
    }
    world.advance_to(SimTime::from_millis(until_secs * 1000));
    world
}

/// The report the snapshots hold: inspect output plus the event log.
pub fn report(world: &World) -> String {
    let mut out = inspect(world);
    out.push_str("events:\n");
    for e in world.event_log() {
        out.push_str(&format!("{e}\n"));
    }
    out
}

#[test]
fn demo_pod_shares_net_ipc_uts_through_pause() {
    let world = run(DEMO, &[], 5);
    let pod = world.pods().next().expect("a pod");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    for c in &pod.containers {
        let inst = c.instance.as_ref().expect("started");
        for kind in [NsKind::Net, NsKind::Ipc, NsKind::Uts] {
            assert_eq!(
                inst.ns.get(kind),
                sandbox.ns.get(kind),
                "{} {kind}",
                c.spec.name
            );
        }
        for kind in [NsKind::Mnt, NsKind::Pid, NsKind::Cgroup] {
            assert_ne!(
                inst.ns.get(kind),
                sandbox.ns.get(kind),
                "{} {kind}",
                c.spec.name
            );
            assert_ne!(
                inst.ns.get(kind),
                world.node().host_ns.get(kind),
                "{} {kind}",
                c.spec.name
            );
        }
    }
    let (a, b) = (&pod.containers[0], &pod.containers[1]);
    let (a, b) = (a.instance.as_ref().unwrap(), b.instance.as_ref().unwrap());
    assert_ne!(a.ns.get(NsKind::Mnt), b.ns.get(NsKind::Mnt));
    // Host-range inodes stay with the host; new ones are in the 40265xxxxx range.
    assert_eq!(sandbox.ns.get(NsKind::Cgroup).0, 4_026_531_835);
    assert!((4_026_532_000..4_026_600_000).contains(&sandbox.ns.get(NsKind::Net).0));
    #[cfg(not(target_arch = "wasm32"))]
    insta::assert_snapshot!(report(&world));
}

#[test]
fn killed_container_restarts_with_a_new_id_in_the_same_sandbox() {
    let before = run(DEMO, &[], 5);
    let world = run(DEMO, &[(5, "kill demo/nginx")], 10);
    let (old, new) = (
        before.pods().next().expect("a pod"),
        world.pods().next().expect("a pod"),
    );
    assert_eq!(old.ip, new.ip, "the pod IP stays");
    let (old_nginx, nginx) = (&old.containers[1], &new.containers[1]);
    assert_eq!(nginx.restart_count, 1);
    assert!(matches!(nginx.state, ContainerState::Running { .. }));
    let (old_inst, inst) = (
        old_nginx.instance.as_ref().unwrap(),
        nginx.instance.as_ref().unwrap(),
    );
    assert_ne!(old_inst.id, inst.id, "a new container ID");
    assert_eq!(inst.attempt, 1);
    let sandbox = new.sandbox.as_ref().unwrap();
    assert_eq!(
        old.sandbox.as_ref().unwrap().id,
        sandbox.id,
        "the same sandbox"
    );
    for kind in [NsKind::Net, NsKind::Ipc, NsKind::Uts] {
        assert_eq!(inst.ns.get(kind), sandbox.ns.get(kind));
    }
    assert_ne!(
        inst.ns.get(NsKind::Mnt),
        old_inst.ns.get(NsKind::Mnt),
        "a new mount namespace"
    );
    let last = nginx.last_state.as_ref().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "Error"));
    assert_eq!(new.containers[0].restart_count, 0, "busybox untouched");
    #[cfg(not(target_arch = "wasm32"))]
    insta::assert_snapshot!(report(&world));
}

#[test]
fn first_restart_is_immediate_then_crash_loop_back_off() {
    // Killed at 5 s: restarted at the next relist (6 s). Killed again at 8 s: the exit at 8 s
    // is inside the 10 s back-off, so the container waits until 18 s. The sync at 9 s wrote
    // the status (the exit) before it found the back-off, and the next sync is the one at
    // 18 s that restarts it: the API never shows CrashLoopBackOff for a 10 s back-off.
    let world = run(DEMO, &[(5, "kill demo/nginx"), (8, "kill demo/nginx")], 12);
    let nginx = &world.pods().next().expect("a pod").containers[1];
    assert_eq!(nginx.restart_count, 1);
    assert!(
        matches!(nginx.state, ContainerState::Terminated(_)),
        "terminated, got {:?}",
        nginx.state
    );
    assert!(nginx.backoff_cached);
    let mut world = world;
    world.advance_to(SimTime::from_millis(17_999));
    assert_eq!(
        world.pods().next().expect("a pod").containers[1].restart_count,
        1
    );
    world.run_for(SimDuration::from_millis(1));
    assert_eq!(
        world.pods().next().expect("a pod").containers[1].restart_count,
        2
    );
    #[cfg(not(target_arch = "wasm32"))]
    insta::assert_snapshot!(report(&world));
}

#[test]
fn bare_busybox_crash_loops_with_doubling_delays() {
    // A pinned tag (IfNotPresent): pulled once, so restarts wait for nothing but the back-off.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: bb}\nspec:\n  containers:\n  - {name: bb, image: 'busybox:1.36'}\n";
    let mut world = run(yaml, &[], 0);
    let mut restarts_at = Vec::new();
    let mut last = 0;
    for ms in (0..=400_000).step_by(100) {
        world.advance_to(SimTime::from_millis(ms));
        let n = world.pods().next().expect("a pod").containers[0].restart_count;
        if n != last {
            restarts_at.push(ms / 1000);
            last = n;
        }
    }
    // The first pull takes about a second; then exit at once, restart at the next relist
    // (1 s), then 10, 20, 40, 80, 160 s after each exit.
    let gaps: Vec<u64> = restarts_at.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(restarts_at.first(), Some(&2));
    assert_eq!(gaps, [10, 20, 40, 80, 160]);
}

#[test]
fn restart_policy_never_leaves_a_killed_container_terminated() {
    let yaml = DEMO.replace("spec:\n", "spec:\n  restartPolicy: Never\n");
    let world = run(&yaml, &[(5, "kill demo/nginx")], 60);
    let nginx = &world.pods().next().expect("a pod").containers[1];
    assert_eq!(nginx.restart_count, 0);
    assert!(matches!(&nginx.state, ContainerState::Terminated(t) if t.exit_code == 137));
}

#[test]
fn commands_on_missing_things_are_errors() {
    let mut world = run(DEMO, &[], 1);
    let err = podscope_core::apply(&mut world, &"kill nope/nginx".parse().unwrap()).unwrap_err();
    assert_eq!(err.to_string(), "pods \"nope\" not found");
    let err = podscope_core::apply(&mut world, &"kill demo/redis".parse().unwrap()).unwrap_err();
    assert_eq!(err.to_string(), "container redis is not valid for pod demo");
}

#[test]
fn invalid_pods_get_the_api_servers_messages() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - {name: Web, image: nginx}\n  - {name: Web}\n";
    let m = load(yaml, podscope_core::DEFAULT_SEED);
    let messages: Vec<String> = m.diagnostics.iter().map(|d| d.render(None)).collect();
    #[cfg(not(target_arch = "wasm32"))]
    insta::assert_snapshot!(messages.join("\n"));
    assert_eq!(messages.len(), 5, "{messages:#?}");
}

#[test]
fn a_world_keeps_every_object_of_its_manifest() {
    // The ConfigMap reaches the containers' environment and the Deployment its controller:
    // a world made from bare pods would leave the pods in CreateContainerConfigError and
    // nothing to replace a deleted one.
    let yaml = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {GREETING: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: busybox:1.36
        command: [sleep, infinity]
        envFrom: [{configMapRef: {name: cfg}}]
";
    let mut world = run(yaml, &[], 10);
    let key = podscope_core::model::ids::ObjectKey::new("default", "web");
    assert!(world.controllers().deployment(&key).is_some());
    let pod = world.pods().next().expect("a pod").spec.key.name.clone();
    let exec: Command = format!("exec {pod}/c -- printenv GREETING")
        .parse()
        .expect("a valid command");
    let out = podscope_core::apply(&mut world, &exec).expect("the exec runs");
    assert_eq!(out.text, "hello\n");
}
