//! `podscope inspect`: each pod, its sandbox, and every container's namespaces as `lsns -p`
//! shows them on the node.

use std::fmt::Write;

use crate::views::lsns::lsns_pid;
use crate::world::{ContainerState, PAUSE_IMAGE, World};

/// Renders the inspect report for every pod of the world.
pub fn inspect(world: &World) -> String {
    let mut out = String::new();
    let node = world.node();
    for pod in world.pods() {
        let ip = pod
            .ip
            .map_or_else(|| "<host network>".to_owned(), |ip| ip.to_string());
        let qos = pod.resources.as_ref().map_or("?", |r| r.qos.as_str());
        if let Some(why) = &pod.unschedulable {
            let key = &pod.spec.key;
            let _ = writeln!(out, "pod {key}  uid {}  Pending  QoS {qos}", pod.uid);
            let _ = writeln!(out, "FailedScheduling: {why}\n");
            continue;
        }
        let _ = writeln!(
            out,
            "pod {}  uid {}  node {}  IP {ip}  QoS {qos}",
            pod.spec.key, pod.uid, node.name
        );
        if let Some(r) = &pod.resources {
            let path = crate::resources::pod_cgroup_path(r.qos, pod.uid.as_str());
            let _ = writeln!(out, "pod cgroup {path}\n{}", cgroup_files(&r.cgroup));
        }
        if let Some(s) = &pod.sandbox {
            let _ = writeln!(
                out,
                "sandbox {}  attempt {}  {PAUSE_IMAGE}  PID {}",
                s.id.crictl(),
                s.attempt,
                s.pid
            );
            let _ = writeln!(out, "\n$ lsns -p {}  # pause", s.pid);
            out.push_str(&lsns_pid(node, s.pid).unwrap_or_default());
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
                _ => out.push_str("  (no process)\n"),
            }
        }
        out.push('\n');
    }
    out
}

/// The cgroup v2 files the kubelet (through the runtime) writes, one per line.
fn cgroup_files(v: &crate::resources::CgroupValues) -> String {
    let mut s = format!(
        "  cpu.weight {}\n  cpu.max {}\n  memory.max {}",
        v.cpu_weight, v.cpu_max, v.memory_max
    );
    if let Some(min) = v.memory_min {
        s.push_str(&format!("\n  memory.min {min}"));
    }
    if let Some(high) = &v.memory_high {
        s.push_str(&format!("\n  memory.high {high}"));
    }
    s
}
