//! `podscope inspect`: each pod, its sandbox, and every container's namespaces as `lsns -p`
//! shows them on the node.

use std::fmt::Write;

use crate::model::linux_ns::{self, NsKind, NsSource};
use crate::model::runtime::{self, NO_INFRA, Runtime};
use crate::sim::world::{ContainerState, World};
use crate::views::lsns::lsns_pid;

/// Renders the inspect report for every pod of the world.
pub fn inspect(world: &World) -> String {
    let mut out = String::new();
    let node = world.node();
    let rt = world.runtime();
    // The default runtime's report keeps its shape; the lines naming runtime details (names,
    // `containerID`, hostname) appear when another runtime is chosen.
    let details = rt != Runtime::default();
    for pod in world.pods() {
        let ip = pod
            .ip
            .map_or_else(|| "<host network>".to_owned(), |ip| ip.to_string());
        let qos = pod.resources.as_ref().map_or("?", |r| r.qos.as_str());
        let Some(on) = world.node_of(pod) else {
            let key = &pod.spec.key;
            let _ = writeln!(out, "pod {key}  uid {}  Pending  QoS {qos}", pod.uid);
            match &pod.unschedulable {
                Some(why) => {
                    let _ = writeln!(out, "FailedScheduling: {why}\n");
                }
                None => {
                    let name = pod.spec.api.spec.as_ref().and_then(|s| s.node_name.clone());
                    let _ = writeln!(
                        out,
                        "spec.nodeName {:?} is no node of the cluster: no kubelet runs the pod\n",
                        name.unwrap_or_default()
                    );
                }
            }
            continue;
        };
        let _ = writeln!(
            out,
            "pod {}  uid {}  node {}  IP {ip}  QoS {qos}",
            pod.spec.key, pod.uid, on.name
        );
        if details {
            let _ = writeln!(out, "runtime {}", rt.describe());
        }
        if let Some(r) = &pod.resources {
            let path = crate::model::resources::pod_cgroup_path(r.qos, pod.uid.as_str());
            let _ = writeln!(out, "pod cgroup {path}\n{}", cgroup_files(&r.cgroup));
        }
        if let Some(s) = &pod.sandbox {
            let _ = write!(out, "sandbox {}  attempt {}  ", s.id.crictl(), s.attempt);
            match s.pid {
                Some(pid) => {
                    let _ = write!(out, "{}  PID {pid}", rt.pause_image());
                    if details {
                        let name =
                            runtime::runtime_sandbox_name(rt, &pod.spec.key, &pod.uid, s.attempt);
                        let _ = write!(out, "  name {name}");
                    }
                    let _ = writeln!(out, "\n\n$ lsns -p {pid}  # pause");
                    out.push_str(&lsns_pid(node, pid).unwrap_or_default());
                }
                None => {
                    let _ = writeln!(out, "{NO_INFRA}");
                    // The namespaces pinns holds with bind mounts, which no process keeps.
                    let pinned: Vec<String> = NsKind::ALL
                        .into_iter()
                        .filter(|&k| linux_ns::sandbox_ns(rt, k, pod.spec.ns) == NsSource::New)
                        .map(|k| format!("{k} {}", s.ns.get(k)))
                        .collect();
                    let _ = writeln!(
                        out,
                        "pinned namespaces (held by bind mounts, no process): {}",
                        pinned.join("  ")
                    );
                }
            }
        }
        for (i, c) in pod.containers.iter().enumerate() {
            let _ = write!(
                out,
                "\ncontainer {}  image {}  {}  restarts {}",
                c.spec.name,
                c.spec.image.raw,
                c.state.label(),
                c.restart_count
            );
            match (&c.state, &c.instance) {
                (ContainerState::Running { .. }, Some(inst)) => {
                    let pid = inst.pids[0];
                    let _ = writeln!(out, "  id {}  attempt {}", inst.id.crictl(), inst.attempt);
                    if details {
                        out.push_str(&runtime_line(world, pod, c, inst));
                    }
                    let _ = writeln!(out, "\n$ lsns -p {pid}  # {}", c.spec.name);
                    out.push_str(&lsns_pid(node, pid).unwrap_or_default());
                    let _ = writeln!(out, "oom_score_adj {}", inst.oom_score_adj);
                    let files = pod
                        .resources
                        .as_ref()
                        .and_then(|r| r.containers.get(i))
                        .map(|cr| cgroup_files(&cr.cgroup));
                    let _ = writeln!(
                        out,
                        "cgroup {}\n{}",
                        inst.cgroup_path,
                        files.unwrap_or_default()
                    );
                }
                (_, inst) => {
                    out.push_str("  (no process)\n");
                    if let Some(inst) = inst.as_ref().filter(|_| details) {
                        out.push_str(&runtime_line(world, pod, c, inst));
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The runtime's name for the container, its `containerID` and what `hostname` prints in it.
fn runtime_line(
    world: &World,
    pod: &crate::sim::world::Pod,
    c: &crate::sim::world::Container,
    inst: &crate::sim::world::Instance,
) -> String {
    let rt = world.runtime();
    let name =
        runtime::runtime_container_name(rt, &pod.spec.key, &pod.uid, &c.spec.name, inst.attempt);
    format!(
        "name {name}  containerID {}  hostname {}\n",
        rt.container_id_uri(&inst.id),
        inst.hostname
    )
}

/// The cgroup v2 files the kubelet (through the runtime) writes, one per line
/// (`inspector::cgroup_files`).
fn cgroup_files(v: &crate::model::resources::CgroupValues) -> String {
    crate::views::inspector::cgroup_files(v)
        .iter()
        .map(|f| format!("  {} {}", f.name, f.value))
        .collect::<Vec<_>>()
        .join("\n")
}
