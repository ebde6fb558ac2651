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
        let _ = writeln!(
            out,
            "pod {}  uid {}  node {}  IP {ip}",
            pod.spec.key, pod.uid, node.name
        );
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
        for c in &pod.containers {
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
                }
                _ => out.push_str("  (no process)\n"),
            }
        }
        out.push('\n');
    }
    out
}
