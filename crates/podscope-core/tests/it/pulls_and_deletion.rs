//! Image pulls (policies, the node's image store, failures and back-off) and pod deletion
//! (grace period, Terminating, ReplicaSet replacement), end to end through `World`.

use podscope_core::model::rng::SeededRng;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::command::Command;
use podscope_core::sim::world::{ContainerState, WaitingReason, World};
use podscope_core::{DEFAULT_SEED, load};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn world(yaml: &str, seed: u64) -> World {
    let m = load(yaml, seed);
    assert!(!m.has_errors(), "{:?}", m.diagnostics);
    World::from_loaded(&m, seed, podscope_core::WorldOptions::default())
}

fn pod(containers: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n{containers}")
}

/// The messages of the events with this reason, in order.
fn messages(w: &World, reason: &str) -> Vec<String> {
    w.event_log()
        .filter(|e| e.reason() == reason)
        .map(|e| e.message())
        .collect()
}

fn apply(w: &mut World, line: &str) -> String {
    let cmd: Command = line.parse().expect("a valid command");
    podscope_core::apply(w, &cmd)
        .expect("the command applies")
        .text
}

#[test]
fn a_fresh_node_pulls_each_image_once_with_if_not_present() {
    let yaml = format!(
        "{}---\n{}",
        pod("  - {name: a, image: 'nginx:1.27'}\n"),
        pod("  - {name: b, image: 'nginx:1.27'}\n").replace("name: p}", "name: q}")
    );
    let mut w = world(&yaml, DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(20));
    // Both pods asked before the image was there: two pulls, the second only fetching the
    // manifest of content the first brought.
    let pulled = messages(&w, "Pulled");
    assert_eq!(pulled.len(), 2, "{pulled:?}");
    assert!(
        pulled
            .iter()
            .all(|m| m.starts_with("Successfully pulled image \"nginx:1.27\" in "))
    );
    assert!(pulled.iter().all(|m| m.ends_with(" bytes.")));
    // A restart finds it present.
    apply(&mut w, "kill p/a");
    w.run_for(SimDuration::from_secs(5));
    assert_eq!(
        messages(&w, "Pulled").last().map(String::as_str),
        Some("Container image \"nginx:1.27\" already present on machine")
    );
    assert_eq!(messages(&w, "Pulling").len(), 2);
}

#[test]
fn always_pulls_at_every_start_and_latest_defaults_to_always() {
    let mut w = world(&pod("  - {name: a, image: nginx}\n"), DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(10));
    apply(&mut w, "kill p/a");
    w.run_for(SimDuration::from_secs(10));
    assert_eq!(
        messages(&w, "Pulling"),
        ["Pulling image \"nginx\"", "Pulling image \"nginx\""]
    );
    assert_eq!(
        w.pods().next().expect("a pod").containers[0].restart_count,
        1
    );
    assert!(matches!(
        w.pods().next().expect("a pod").containers[0].state,
        ContainerState::Running { .. }
    ));
}

#[test]
fn never_runs_a_present_image_and_waits_for_an_absent_one() {
    let yaml = pod(
        "  - {name: a, image: 'busybox:1.36', command: [sleep, '3600']}\n  - {name: b, image: 'busybox:1.36', imagePullPolicy: Never, command: [sleep, '3600']}\n  - {name: c, image: 'redis:7', imagePullPolicy: Never}\n",
    );
    let mut w = world(&yaml, DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(30));
    let p = w.pods().next().expect("a pod");
    assert!(matches!(
        p.containers[1].state,
        ContainerState::Running { .. }
    ));
    let ContainerState::Waiting { reason, message } = &p.containers[2].state else {
        panic!("c waits: {:?}", p.containers[2].state);
    };
    assert_eq!(*reason, WaitingReason::ErrImageNeverPull);
    assert_eq!(
        message.as_deref(),
        Some("Container image \"redis:7\" is not present with pull policy of Never")
    );
    assert!(messages(&w, "Failed").contains(&"Error: ErrImageNeverPull".to_owned()));
}

#[test]
fn a_missing_image_backs_off_doubling_to_five_minutes() {
    let mut w = world(&pod("  - {name: a, image: 'nginx:does-not-exist'}\n"), 7);
    w.run_for(SimDuration::from_secs(3600));
    let pulls: Vec<SimTime> = w
        .event_log()
        .filter(|e| e.reason() == "Pulling")
        .map(|e| e.at)
        .collect();
    let gaps: Vec<u64> = pulls
        .windows(2)
        .map(|w| w[1].since(w[0]).as_millis() / 1000)
        .collect();
    // Each pull waits out the back-off (10, 20, 40, … 300 s after the failure) and then the
    // pod worker's next retry (10–15 s apart).
    let backoffs = [10, 20, 40, 80, 160, 300, 300];
    for (gap, b) in gaps.iter().zip(backoffs) {
        assert!((b..b + 16).contains(gap), "{gaps:?}");
    }
    assert!(gaps.len() >= 10, "{gaps:?}");
    let ContainerState::Waiting { reason, message } =
        &w.pods().next().expect("a pod").containers[0].state
    else {
        panic!("waiting");
    };
    assert_eq!(*reason, WaitingReason::ImagePullBackOff);
    assert!(
        message.as_deref().is_some_and(|m| m.starts_with(
            "Back-off pulling image \"nginx:does-not-exist\": ErrImagePull: rpc error: code = NotFound"
        )),
        "{message:?}"
    );
}

#[test]
fn an_invalid_name_is_never_pulled() {
    let mut w = world(&pod("  - {name: a, image: 'Nginx'}\n"), DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(60));
    assert!(messages(&w, "Pulling").is_empty());
    let inspect = messages(&w, "InspectFailed");
    assert!(inspect.len() >= 4, "retried by the pod worker: {inspect:?}");
    assert_eq!(
        inspect[0],
        "Failed to apply default image tag \"Nginx\": couldn't parse image name \"Nginx\": invalid reference format: repository name (library/Nginx) must be lowercase"
    );
}

const SLEEPER: &str = "  - {name: app, image: 'busybox:1.36', command: [sleep, '3600']}\n";
const SERVER: &str = "  - {name: app, image: 'nginx:1.27'}\n";
const SIDECAR: &str = "  initContainers:\n  - {name: log, image: 'busybox:1.36', restartPolicy: Always, command: [sleep, '3600']}\n";

/// When the pod left the world, stepping 100 ms at a time.
fn gone_at(w: &mut World, limit: SimTime) -> Option<SimTime> {
    while w.now() < limit {
        w.run_for(SimDuration::from_millis(100));
        if w.pods().next().is_none() {
            return Some(w.now());
        }
    }
    None
}

#[test]
fn deletion_always_ends_within_the_grace_period() {
    let mut rng = SeededRng::new(2026);
    for case in 0..40 {
        let grace = rng.below(45);
        let main = if rng.below(2) == 0 { SLEEPER } else { SERVER };
        let sidecar = rng.below(3) == 0;
        let mut yaml = pod(main).replace(
            "spec:\n",
            &format!("spec:\n  terminationGracePeriodSeconds: {grace}\n"),
        );
        if sidecar {
            yaml.push_str(SIDECAR);
        }
        let mut w = world(&yaml, rng.next_u64());
        let at = SimTime::from_millis(rng.below(20_000));
        w.advance_to(at);
        let out = apply(&mut w, "node -- kubectl delete pod p");
        assert_eq!(out, "pod \"p\" deleted from default namespace\n");
        // The kubelet gives each container at least 2 s; it notices the last exit at the next
        // relist (1 s); a sidecar stops after the app containers, with at least 2 s more.
        let grace_ms = grace.max(2) * 1000;
        let mut bound = grace_ms + 1000 + 100;
        if sidecar {
            bound += 2000 + 1000;
        }
        let limit = at + SimDuration::from_millis(bound);
        let gone = gone_at(&mut w, limit + SimDuration::from_secs(5));
        assert!(
            gone.is_some_and(|g| g <= limit),
            "case {case}: grace {grace}s, sidecar {sidecar}, deleted at {at}, gone at {gone:?}\n{yaml}"
        );
        // A sleeper ignores SIGTERM as PID 1: it takes the whole period once it runs.
        if main == SLEEPER && !sidecar && grace >= 2 {
            let killing = w.event_log().find(|e| e.reason() == "Killing");
            if let (Some(k), Some(g)) = (killing, gone) {
                assert!(
                    g.since(k.at) >= SimDuration::from_secs(grace),
                    "case {case}"
                );
            }
        }
    }
}

#[test]
fn a_deleted_deployment_pod_is_replaced_with_a_new_name_and_ip() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - {name: nginx, image: 'nginx:1.27'}\n";
    let mut w = world(yaml, DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(10));
    let before: Vec<(String, Option<std::net::Ipv4Addr>)> =
        w.pods().map(|p| (p.spec.key.name.clone(), p.ip)).collect();
    apply(&mut w, "delete deploy/web");
    assert_eq!(w.pods().len(), 3, "the replacement comes at once");
    w.run_for(SimDuration::from_secs(40));
    assert_eq!(w.pods().len(), 2);
    let new = w
        .pods()
        .find(|p| !before.iter().any(|(n, _)| *n == p.spec.key.name))
        .expect("a new pod");
    assert!(new.spec.key.name.starts_with("web-"));
    assert_eq!(new.spec.key.name.len(), before[0].0.len());
    assert!(new.ip.is_some() && before.iter().all(|(_, ip)| *ip != new.ip));
    assert!(matches!(
        new.containers[0].state,
        ContainerState::Running { .. }
    ));
    assert_eq!(new.spec.hostname, new.spec.key.name);
}

#[test]
fn deleting_a_missing_pod_is_kubectls_not_found() {
    let mut w = world(&pod(SERVER), DEFAULT_SEED);
    let cmd: Command = "node -- kubectl delete pod nope".parse().expect("parses");
    let out = podscope_core::apply(&mut w, &cmd).expect("runs");
    assert_eq!(
        out.text,
        "Error from server (NotFound): pods \"nope\" not found\n"
    );
    assert_eq!(out.status, 1);
    let cmd: Command = "delete nope".parse().expect("parses");
    assert!(podscope_core::apply(&mut w, &cmd).is_err());
}

#[test]
fn deletion_survives_whatever_else_happens() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - {name: nginx, image: nginx}\n      - {name: side, image: 'busybox:1.36', command: [sh, -c, 'sleep 5; exit 3']}\n";
    let actions = [
        "delete deploy/web",
        "delete deploy/web --grace-period 1",
        "kill-sandbox deploy/web",
        "kill deploy/web/nginx",
        "node -- kubectl delete pod deploy/web",
        "node -- kubectl get pods",
        "exec deploy/web/nginx -- ls",
    ];
    let mut rng = SeededRng::new(9);
    for _ in 0..20 {
        let mut w = world(deployment, rng.next_u64());
        for _ in 0..12 {
            w.run_for(SimDuration::from_millis(rng.below(8_000)));
            let line = actions[rng.below(actions.len() as u64) as usize];
            let cmd: Command = line.parse().expect("parses");
            let _ = podscope_core::apply(&mut w, &cmd);
            assert!(w.pods().len() <= 3 + 12, "{}", w.pods().len());
        }
        w.run_for(SimDuration::from_secs(120));
        // Every deleted pod has gone; three replicas remain.
        assert_eq!(w.pods().len(), 3);
        assert!(w.pods().all(|p| p.deletion.is_none()));
    }
}

/// How many requests from the kubelet's prober the pod's nginx has logged.
fn probe_requests(w: &World, name: &str) -> usize {
    let key = podscope_core::model::ids::ObjectKey::new("default", name);
    w.pod_by_key(&key)
        .and_then(|p| p.containers[0].instance.as_ref())
        .map_or(0, |i| i.log.matches("kube-probe/1.35").count())
}

#[test]
fn deleting_a_pod_leaves_the_others_ids_and_probe_workers_alone() {
    let probed = "  - name: web\n    image: 'nginx:1.27'\n    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}\n";
    let yaml = ["a", "b", "c"]
        .map(|n| pod(probed).replace("name: p}", &format!("name: {n}}}")))
        .join("---\n");
    let mut w = world(&yaml, DEFAULT_SEED);
    w.run_for(SimDuration::from_secs(30));
    let key = |n: &str| podscope_core::model::ids::ObjectKey::new("default", n);
    let (a, c) = (w.pod_id(&key("a")), w.pod_id(&key("c")));
    assert!(a.is_some() && c.is_some() && a < c, "{a:?} {c:?}");
    apply(&mut w, "delete b --grace-period 0");
    w.run_for(SimDuration::from_secs(5));
    assert!(w.pod_id(&key("b")).is_none(), "b has left the API");
    assert_eq!((w.pod_id(&key("a")), w.pod_id(&key("c"))), (a, c));
    // Each remaining pod's readiness worker still probes that pod, once a second.
    let before = [probe_requests(&w, "a"), probe_requests(&w, "c")];
    w.run_for(SimDuration::from_secs(20));
    let after = [probe_requests(&w, "a"), probe_requests(&w, "c")];
    assert_eq!([after[0] - before[0], after[1] - before[1]], [20, 20]);
    // A pod created afterwards gets a new id, past every id handed out before.
    let d = pod(probed).replace("name: p}", "name: d}");
    apply_manifest(&mut w, &d);
    let d = w.pod_id(&key("d"));
    assert!(d > c, "{d:?} after {c:?}");
}

fn apply_manifest(w: &mut World, yaml: &str) {
    let loaded = load(yaml, DEFAULT_SEED);
    let text = w.apply_manifest(&loaded).text;
    assert!(text.contains("created"), "{text}");
}
