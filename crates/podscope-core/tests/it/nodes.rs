//! The world on the manifest's nodes: pods spread by the scheduler, a nodeSelector pinning
//! one, a pod that fits nowhere, pod IPs from each node's CIDR, and each node's tools
//! showing only that node's containers and processes.

use podscope_core::scenario::command::Command;
use podscope_core::sim::event::EventKind;
use podscope_core::sim::outcome::CommandError;
use podscope_core::sim::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

const TWO_NODES: &str = "\
apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {zone: a}}
status:
  capacity: {cpu: '2', memory: 4Gi, pods: '110'}
---
apiVersion: v1
kind: Node
metadata: {name: node-b, labels: {disktype: ssd}}
spec: {podCIDR: 10.244.7.0/24}
status:
  capacity: {cpu: '4', memory: 8Gi, pods: '110'}
  addresses: [{type: InternalIP, address: 10.0.0.22}]
---
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: '3'}}}
---
apiVersion: v1
kind: Pod
metadata: {name: small}
spec:
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: '1'}}}
---
apiVersion: v1
kind: Pod
metadata: {name: pinned}
spec:
  nodeSelector: {disktype: ssd}
  containers:
  - {name: tool, image: busybox, command: [sleep, 1d]}
---
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers:
  - {name: app, image: nginx, resources: {requests: {cpu: '3'}}}
";

fn world() -> World {
    let loaded = load(TWO_NODES, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut w = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    w.run_for(podscope_core::model::time::SimDuration::from_secs(10));
    w
}

fn node_of<'a>(w: &'a World, pod: &str) -> Option<&'a str> {
    let p = w.pods().find(|p| p.spec.key.name == pod)?;
    w.node_of(p).map(|n| n.name.as_str())
}

fn on(w: &mut World, cmd: &str) -> Result<String, CommandError> {
    let c: Command = cmd.parse()?;
    podscope_core::apply(w, &c).map(|o| o.text)
}

#[test]
fn pods_run_where_the_scheduler_put_them() {
    let w = world();
    assert_eq!(w.nodes().len(), 2);
    // big fits only node-b; small goes to the emptier node-a (LeastAllocated); the selector
    // pins pinned to node-b; huge fits nowhere.
    assert_eq!(node_of(&w, "big"), Some("node-b"));
    assert_eq!(node_of(&w, "small"), Some("node-a"));
    assert_eq!(node_of(&w, "pinned"), Some("node-b"));
    assert_eq!(node_of(&w, "huge"), None);
    let huge = w.pods().find(|p| p.spec.key.name == "huge");
    assert_eq!(
        huge.and_then(|p| p.unschedulable.as_deref()),
        Some(
            "0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
        )
    );
    let scheduled: Vec<(String, String)> = w
        .event_log()
        .filter_map(|e| match &e.kind {
            EventKind::Scheduled { node } => Some((e.pod.name.clone(), node.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        scheduled,
        [
            ("big".to_owned(), "node-b".to_owned()),
            ("small".to_owned(), "node-a".to_owned()),
            ("pinned".to_owned(), "node-b".to_owned()),
        ]
    );
}

#[test]
fn pod_ips_come_from_their_nodes_cidr() {
    let w = world();
    for p in w.pods() {
        let ip = p.ip.map(|ip| ip.octets());
        match node_of(&w, &p.spec.key.name) {
            Some("node-a") => assert!(matches!(ip, Some([10, 244, 1, _])), "{ip:?}"),
            Some("node-b") => assert!(matches!(ip, Some([10, 244, 7, _])), "{ip:?}"),
            _ => assert_eq!(ip, None),
        }
    }
}

#[test]
fn each_node_shows_its_own_containers_and_processes() {
    let mut w = world();
    let a = on(&mut w, "node node-a -- crictl ps").expect("node-a");
    let b = on(&mut w, "node node-b -- crictl ps").expect("node-b");
    assert!(a.contains(" small ") && !a.contains(" big ") && !a.contains(" pinned "));
    assert!(b.contains(" big ") && b.contains(" pinned ") && !b.contains(" small "));
    // Without a name, the first node.
    assert_eq!(on(&mut w, "node -- crictl ps").expect("first"), a);
    // Every node has its own init, kubelet and containerd; pod processes only where the pod
    // runs.
    let pid_of = |w: &World, pod: &str| {
        let p = w.pods().find(|p| p.spec.key.name == pod)?;
        p.containers
            .first()?
            .instance
            .as_ref()?
            .pids
            .first()
            .copied()
    };
    let small = pid_of(&w, "small").expect("small runs");
    let big = pid_of(&w, "big").expect("big runs");
    let ps_a = on(&mut w, "node node-a -- ps -ef").expect("ps");
    let ps_b = on(&mut w, "node node-b -- ps -ef").expect("ps");
    for ps in [&ps_a, &ps_b] {
        assert!(ps.contains("/sbin/init") && ps.contains("/usr/bin/kubelet"));
    }
    let has_pid = |ps: &str, pid: u32| {
        ps.lines()
            .any(|l| l.split_whitespace().nth(1) == Some(&pid.to_string()))
    };
    assert!(has_pid(&ps_a, small.0) && !has_pid(&ps_a, big.0));
    assert!(has_pid(&ps_b, big.0) && !has_pid(&ps_b, small.0));
    let lsns_b = on(&mut w, &format!("node node-b -- lsns -p {}", big.0)).expect("lsns");
    assert!(lsns_b.contains("nginx"), "{lsns_b}");
    let lsns_a = on(&mut w, &format!("node node-a -- lsns -p {}", big.0));
    assert_eq!(lsns_a.map(|t| t.is_empty()), Ok(true));
    // kubectl asks the API server: the same answer on every node.
    let wide_a = on(&mut w, "node node-a -- kubectl get pods -o wide").expect("kubectl");
    let wide_b = on(&mut w, "node node-b -- kubectl get pods -o wide").expect("kubectl");
    assert_eq!(wide_a, wide_b);
    let node_col = |pod: &str| {
        wide_a
            .lines()
            .find(|l| l.starts_with(pod))
            .and_then(|l| l.split_whitespace().nth(6))
            .map(str::to_owned)
    };
    assert_eq!(node_col("big").as_deref(), Some("node-b"));
    assert_eq!(node_col("small").as_deref(), Some("node-a"));
    assert_eq!(node_col("huge").as_deref(), Some("<none>"));
    let describe = on(&mut w, "node -- kubectl describe pod big").expect("describe");
    assert!(
        describe.contains("Node:             node-b/10.0.0.22"),
        "{describe}"
    );
    assert_eq!(
        on(&mut w, "node nope -- ps -ef"),
        Err(CommandError::NoSuchNode("nope".to_owned()))
    );
}

#[test]
fn node_name_binds_without_the_scheduler_and_unknown_names_stay_pending() {
    let text = format!(
        "{TWO_NODES}---
apiVersion: v1
kind: Pod
metadata: {{name: bound}}
spec:
  nodeName: node-a
  containers: [{{name: app, image: nginx}}]
---
apiVersion: v1
kind: Pod
metadata: {{name: lost}}
spec:
  nodeName: node-z
  containers: [{{name: app, image: nginx}}]
"
    );
    let loaded = load(&text, DEFAULT_SEED);
    let mut w = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    w.run_for(podscope_core::model::time::SimDuration::from_secs(10));
    assert_eq!(node_of(&w, "bound"), Some("node-a"));
    assert_eq!(node_of(&w, "lost"), None);
    // Neither passes through the scheduler: no Scheduled or FailedScheduling event.
    assert!(!w.event_log().any(|e| {
        matches!(e.pod.name.as_str(), "bound" | "lost")
            && matches!(
                e.kind,
                EventKind::Scheduled { .. } | EventKind::FailedScheduling { .. }
            )
    }));
    let wide = on(&mut w, "node -- kubectl get pods -o wide").expect("kubectl");
    let lost = wide.lines().find(|l| l.starts_with("lost")).unwrap_or("");
    assert!(
        lost.contains("Pending") && lost.contains("node-z"),
        "{lost}"
    );
}

#[test]
fn the_diagram_groups_pods_by_node() {
    let w = world();
    let d = podscope_core::views::layout::diagram(&w);
    let labels: Vec<&str> = d.headings.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "node node-a (172.18.0.2)",
            "node node-b (10.0.0.22)",
            "Pending: no node"
        ]
    );
    let names: Vec<&str> = d.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["small", "big", "pinned", "huge"]);
    // Each group starts below its heading; boxes never overlap.
    for pair in d.pods.windows(2) {
        assert!(pair[0].rect.y + pair[0].rect.h < pair[1].rect.y);
    }
    assert!(d.headings[1].y > d.pods[0].rect.y + d.pods[0].rect.h);
    assert!(d.pods[1].rect.y > d.headings[1].y);
    // One node: no headings, as before.
    let one = World::from_loaded(
        &load(podscope_core::scenario::examples::DEMO, 1),
        1,
        WorldOptions::default(),
    );
    assert!(
        podscope_core::views::layout::diagram(&one)
            .headings
            .is_empty()
    );
}
