//! The diagram's layout for the pods the playground shows: the demo pod, the seed's sidecar
//! Deployment (Pending, then scheduled once its fix is applied), a hostNetwork pod, a shared
//! PID namespace, a pod being stopped, a crash loop's countdown and 30 pods on 3 nodes. Each
//! snapshot is the layout's sentences (`describe`) and its boxes.
// Snapshots are native-only (insta does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;

use podscope_core::model::linux_ns::NsSource;
use podscope_core::scenario::examples::DEMO;
use podscope_core::views::layout::{
    self, BoxState, ContainerAction, Countdown, Diagram, LayoutOptions, PendingFix, Rect,
    SandboxState,
};

use crate::scenarios::run;

/// The seed's manifest as the post pastes it: the scenario's, without the Node it declares.
fn seed_sidecar() -> String {
    let file = include_str!("../scenarios/seed-sidecar-logs/pod.yaml");
    let start = file.find("---").expect("documents");
    file[start + 4..].to_owned()
}

fn r(rect: Rect) -> String {
    format!("{:.0},{:.0} {:.0}x{:.0}", rect.x, rect.y, rect.w, rect.h)
}

/// The layout's sentences, then every box's place.
fn outline(d: &Diagram) -> String {
    let mut out = layout::describe(d);
    let _ = writeln!(out, "--- {:.0}x{:.0}", d.width, d.height);
    for p in &d.pods {
        let _ = writeln!(out, "pod {} {}", p.name, r(p.rect));
        if let Some(s) = &p.sandbox {
            let _ = writeln!(out, "  sandbox {}", r(s.rect));
        }
        for c in &p.containers {
            let chips: Vec<usize> = c.chips.iter().map(|k| k.color).collect();
            let _ = writeln!(
                out,
                "  container {} {} colours {chips:?}",
                c.name,
                r(c.rect)
            );
        }
        for v in &p.volumes {
            let _ = writeln!(out, "  volume {} {}", v.name, r(v.rect));
        }
        for (_, b) in p.pending_note.iter().flat_map(|n| &n.fixes) {
            let _ = writeln!(out, "  fix {}", r(*b));
        }
    }
    for s in &d.summaries {
        let _ = writeln!(out, "folded {} {}", s.key.name, r(s.rect));
    }
    for s in &d.services {
        let _ = writeln!(
            out,
            "service {} {} links {}",
            s.key.name,
            r(s.rect),
            s.links.len()
        );
    }
    out
}

/// No two boxes of a pod overlap, and every pod sits inside the diagram.
fn assert_tidy(d: &Diagram) {
    let overlap =
        |a: Rect, b: Rect| a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    for p in &d.pods {
        assert!(
            p.rect.right() <= d.width && p.rect.bottom() <= d.height,
            "{}",
            p.name
        );
        let mut boxes: Vec<Rect> = p.containers.iter().map(|c| c.rect).collect();
        boxes.extend(p.sandbox.iter().map(|s| s.rect));
        boxes.extend(p.volumes.iter().map(|v| v.rect));
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.x >= p.rect.x && a.right() <= p.rect.right() && a.bottom() <= p.rect.bottom(),
                "{} {a:?} outside {:?}",
                p.name,
                p.rect
            );
            for b in &boxes[i + 1..] {
                assert!(!overlap(*a, *b), "{}: {a:?} overlaps {b:?}", p.name);
            }
        }
        if let Some(note) = &p.pending_note {
            let max = (p.rect.w - 28.0) / layout::CHAR_W;
            for l in &note.lines {
                assert!(l.text.chars().count() as f32 <= max, "{:?}", l.text);
            }
        }
    }
}

#[test]
fn demo_pod() {
    let d = layout::diagram(&run(DEMO, &[], 30));
    assert_tidy(&d);
    let pod = &d.pods[0];
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    assert_eq!(sandbox.state, SandboxState::Ready);
    assert_eq!(sandbox.ports_text(), "localhost: 80 (nginx)");
    // Joined chips have their sandbox chip's colour; own ones differ from every other.
    for c in &pod.containers {
        for k in &c.chips {
            if k.source == NsSource::Sandbox {
                let s = sandbox
                    .chips
                    .iter()
                    .find(|s| s.inode == k.inode)
                    .expect("joined");
                assert_eq!(s.color, k.color);
            }
        }
    }
    assert_eq!(
        pod.legend.len(),
        3 + 2 * 3,
        "net ipc uts + mnt pid cgroup each"
    );
    insta::assert_snapshot!(outline(&d));
}

#[test]
fn seed_sidecar_deployment_pending_then_scheduled_by_its_fix() {
    let yaml = seed_sidecar();
    let d = layout::diagram(&run(&yaml, &[], 5));
    assert_tidy(&d);
    let pod = &d.pods[0];
    assert!(
        pod.containers
            .iter()
            .all(|c| c.state.is_none() && c.chips.is_empty()),
        "an unscheduled pod's containers have no state"
    );
    let note = pod.pending_note.as_ref().expect("Pending");
    assert!(note.lines.len() > 1, "wrapped: {:?}", note.lines);
    let (fix, _) = note.fixes.first().cloned().expect("a fix");
    let PendingFix::AddNode { name, labels, .. } = &fix else {
        panic!("a nodeSelector fix adds a Node: {fix:?}")
    };
    assert_eq!(name, "ubuntu-nested-3");
    assert_eq!(
        labels.get("kubernetes.io/hostname").map(String::as_str),
        Some("ubuntu-nested-3")
    );
    assert_eq!(pod.volumes.len(), 2);
    assert_eq!(pod.mounts.len(), 3);
    assert!(
        pod.mounts
            .iter()
            .any(|m| m.read_only && m.container == "nginx-sidecar-container")
    );
    assert_eq!(d.services.len(), 1);
    assert!(d.services[0].endpoints.is_empty());
    let pending = outline(&d);

    let fixed = fix.apply(&yaml);
    assert!(fixed.starts_with(yaml.trim_end()));
    let manifest = podscope_core::load(&fixed, podscope_core::DEFAULT_SEED);
    assert!(!manifest.has_errors(), "{:?}", manifest.diagnostics);
    let world = run(&fixed, &[], 30);
    let d = layout::diagram(&world);
    assert_tidy(&d);
    let pod = &d.pods[0];
    assert!(pod.pending_note.is_none());
    let states: Vec<Option<BoxState>> = pod.containers.iter().map(|c| c.state).collect();
    assert_eq!(states, [Some(BoxState::Running), Some(BoxState::Running)]);
    assert_eq!(
        d.services[0].endpoints.len(),
        1,
        "the ready pod is its endpoint"
    );
    assert_eq!(d.services[0].links.len(), 1);
    insta::assert_snapshot!("seed_sidecar_pending", pending);
    insta::assert_snapshot!("seed_sidecar_fixed", outline(&d));
}

const HOST_NETWORK: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: hostnet}
spec:
  hostNetwork: true
  hostPID: true
  containers:
    - {name: app, image: busybox, command: [sleep, 3650d]}
";

#[test]
fn host_network_pod_holds_the_nodes_namespaces() {
    let d = layout::diagram(&run(HOST_NETWORK, &[], 30));
    assert_tidy(&d);
    let pod = &d.pods[0];
    assert_eq!(pod.ip, "host network");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    let host: Vec<&str> = sandbox
        .chips
        .iter()
        .filter(|k| k.source == NsSource::Host)
        .map(|k| k.kind.as_str())
        .collect();
    assert_eq!(
        host,
        ["net", "uts", "pid"],
        "hostNetwork takes net and uts, hostPID pid"
    );
    assert!(
        sandbox
            .chips
            .iter()
            .filter(|k| k.source == NsSource::Host)
            .all(|k| k.color == layout::HOST_COLOR)
    );
    insta::assert_snapshot!(outline(&d));
}

const SHARED_PID: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: shared}
spec:
  shareProcessNamespace: true
  containers:
    - {name: app, image: busybox, command: [sh, -c, \"(sleep 1 &); exec sleep 3600\"]}
    - {name: web, image: \"nginx:1.27\"}
";

#[test]
fn shared_pid_namespace_is_the_sandboxes() {
    let d = layout::diagram(&run(SHARED_PID, &[], 30));
    assert_tidy(&d);
    let pod = &d.pods[0];
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    let pid = sandbox
        .chips
        .iter()
        .find(|k| k.kind.as_str() == "pid")
        .expect("pid is shared");
    for c in &pod.containers {
        let k = c
            .chips
            .iter()
            .find(|k| k.kind.as_str() == "pid")
            .expect("a pid chip");
        assert_eq!(
            (k.inode, k.source),
            (pid.inode, NsSource::Sandbox),
            "{}",
            c.name
        );
    }
    insta::assert_snapshot!(outline(&d));
}

#[test]
fn a_pod_being_stopped_counts_down_to_sigkill_then_gets_a_new_sandbox_and_ip() {
    // busybox's `sleep` as PID 1 ignores SIGTERM: the kubelet waits out the 30 s grace period.
    let world = run(DEMO, &[(10, "kill-sandbox demo")], 15);
    let d = layout::diagram(&world);
    assert_tidy(&d);
    let pod = &d.pods[0];
    assert_eq!(
        pod.sandbox.as_ref().map(|s| s.state),
        Some(SandboxState::NotReady)
    );
    let busybox = &pod.containers[0];
    assert_eq!(
        busybox.status.countdown,
        Some(Countdown::Grace {
            left: podscope_core::model::time::SimDuration::from_secs(26)
        }),
        "the PLEG relist saw pause die at 11 s; SIGKILL is due at 41 s"
    );
    assert_eq!(busybox.status.detail(), "stopping: SIGKILL in 26s");
    let stopping = outline(&d);

    let world = run(DEMO, &[(10, "kill-sandbox demo")], 60);
    let d = layout::diagram(&world);
    let pod = &d.pods[0];
    let sandbox = pod.sandbox.as_ref().expect("a new sandbox");
    assert_eq!((sandbox.state, sandbox.attempt), (SandboxState::Ready, 1));
    let old = pod.previous_ip.as_ref().expect("the old IP is shown");
    assert_ne!(old, &pod.ip);
    insta::assert_snapshot!("stopping", stopping);
    insta::assert_snapshot!("new_sandbox", outline(&d));
}

const CRASH: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
    - {name: busybox, image: busybox}
";

/// In back-off the API first shows the exit (the status the kubelet generated before it
/// found the container in back-off), and `CrashLoopBackOff` from the next sync, a resync
/// interval later when the back-off is longer; the countdown runs through both.
#[test]
fn crash_loop_back_off_counts_down_in_simulated_time() {
    let world = run(CRASH, &[], 40);
    let d = layout::diagram(&world);
    let c = &d.pods[0].containers[0];
    assert_eq!(
        c.state,
        Some(BoxState::Terminated(
            podscope_core::sim::world::TerminatedReason::Completed
        ))
    );
    let Some(Countdown::BackOff { delay, left }) = c.status.countdown else {
        panic!("no back-off countdown: {:?}", c.status);
    };
    assert!(left <= delay && left.as_millis() > 0, "{left} of {delay}");
    insta::assert_snapshot!(outline(&d));
    let world = run(CRASH, &[], 145);
    let d = layout::diagram(&world);
    let c = &d.pods[0].containers[0];
    assert_eq!(
        c.state,
        Some(BoxState::Waiting(
            podscope_core::sim::world::WaitingReason::CrashLoopBackOff
        ))
    );
    assert!(matches!(
        c.status.countdown,
        Some(Countdown::BackOff { .. })
    ));
}

/// 30 replicas on 3 nodes.
const THIRTY: &str = "\
apiVersion: v1
kind: Node
metadata: {name: node-a}
status: {capacity: {cpu: \"8\", memory: 16Gi, pods: \"110\"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-b}
status: {capacity: {cpu: \"8\", memory: 16Gi, pods: \"110\"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-c}
status: {capacity: {cpu: \"8\", memory: 16Gi, pods: \"110\"}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 30
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: nginx, image: \"nginx:1.27\", resources: {requests: {cpu: 100m}}}
";

#[test]
fn thirty_pods_on_three_nodes_fold_to_a_line_each_and_unfold_on_request() {
    let world = run(THIRTY, &[], 30);
    let d = layout::diagram(&world);
    assert_eq!(d.headings.len(), 3);
    assert_eq!((d.pods.len(), d.summaries.len()), (0, 30));
    for pair in d.summaries.windows(2) {
        assert!(pair[0].rect.bottom() < pair[1].rect.y, "rows never overlap");
    }
    assert!(d.height < 1200.0, "readable: {}", d.height);
    let one = d.summaries[7].key.clone();
    let mut options = LayoutOptions::default();
    options.expanded.insert(one.clone());
    let open = layout::diagram_with(&world, &options);
    assert_eq!((open.pods.len(), open.summaries.len()), (1, 29));
    assert_eq!(open.pods[0].key(), one);
    assert_tidy(&open);
    insta::assert_snapshot!(outline(&d));
}

#[test]
fn a_running_containers_menu_offers_signals_a_terminal_memory_and_a_zombie() {
    let limited = DEMO.replace(
        "command: [sleep, 3650d]}",
        "command: [sleep, 3650d], resources: {limits: {memory: 64Mi}}}",
    );
    let d = layout::diagram(&run(&limited, &[], 30));
    let ids = |c: &layout::ContainerBox| {
        c.actions
            .iter()
            .map(ContainerAction::id)
            .collect::<Vec<_>>()
    };
    let busybox = &d.pods[0].containers[0];
    assert_eq!(ids(busybox), ["term", "kill", "terminal", "hog", "zombie"]);
    assert!(busybox.actions.contains(&ContainerAction::Hog {
        line: "tail /dev/zero".into()
    }));
    // nginx has no memory limit here: nothing to allocate past.
    assert_eq!(
        ids(&d.pods[0].containers[1]),
        ["term", "kill", "terminal", "zombie"]
    );
}

#[test]
fn a_request_larger_than_the_node_has_left_is_lowered_to_fit_and_schedules() {
    // The default node's allocatable memory is 8Gi less the 100Mi hard eviction threshold:
    // 8092Mi; `big` takes 1024Mi, leaving 7068Mi. The Deployment's pod asks 8192Mi + 64Mi,
    // 1188Mi too much (noderesources/fit.go `fitsRequest`), so web's 8Gi becomes 7004Mi.
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
    - {name: app, image: busybox, command: [sleep, 3650d], resources: {requests: {memory: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: greedy
spec:
  selector: {matchLabels: {app: greedy}}
  template:
    metadata: {labels: {app: greedy}}
    spec:
      containers:
        - name: web
          image: nginx
          resources:
            requests:
              cpu: 250m
              memory: 8Gi   # the whole node
        - {name: sidecar, image: busybox, command: [sleep, 3650d], resources: {requests: {memory: 64Mi}}}
";
    let d = layout::diagram(&run(yaml, &[], 5));
    assert_tidy(&d);
    let pod = d
        .pods
        .iter()
        .find(|p| p.name.starts_with("greedy"))
        .expect("greedy");
    let note = pod.pending_note.as_ref().expect("Pending");
    let fixes: Vec<String> = note.fixes.iter().map(|(f, _)| f.label()).collect();
    assert_eq!(
        fixes,
        [
            "add Node node-2 (2 CPU, 16Gi)",
            "lower web's memory request to 7004Mi"
        ]
    );
    let (fix, _) = &note.fixes[1];
    let fixed = fix.apply(yaml);
    assert_eq!(fixed, yaml.replace("memory: 8Gi ", "memory: 7004Mi "));
    let d = layout::diagram(&run(&fixed, &[], 30));
    assert!(d.pods.iter().all(|p| p.pending_note.is_none()));
    let states: Vec<Option<BoxState>> = d
        .pods
        .iter()
        .flat_map(|p| p.containers.iter().map(|c| c.state))
        .collect();
    assert_eq!(states, [Some(BoxState::Running); 3]);

    // One MiB less room and the lowered request no longer fits: the fix is computed again.
    let tighter = fixed.replace("memory: 1Gi", "memory: 1025Mi");
    let d = layout::diagram(&run(&tighter, &[], 5));
    let pod = d
        .pods
        .iter()
        .find(|p| p.name.starts_with("greedy"))
        .expect("greedy");
    let (fix, _) = &pod.pending_note.as_ref().expect("Pending").fixes[1];
    assert_eq!(fix.label(), "lower web's memory request to 7003Mi");
}
