//! `podscope inspect --format json`: the same facts as the text report, as data. The shape is
//! documented in docs/json.md.

use serde_json::{Value, json};

use crate::model::ids::NsInode;
use crate::model::linux_ns::NsKind;
use crate::model::resources::{self, CgroupValues};
use crate::model::runtime;
use crate::sim::node::NodeInfo;
use crate::sim::world::{ContainerState, World};

/// Renders every pod of the world as a JSON document (pretty-printed).
pub fn inspect_json(world: &World) -> String {
    let value = inspect_value(world);
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The JSON value behind [`inspect_json`].
pub fn inspect_value(world: &World) -> Value {
    let node = world.node();
    let rt = world.runtime();
    let owners = owners(world);
    let host = node.host_ns;
    let pods: Vec<Value> = world
        .pods()
        .map(|pod| {
            let qos = pod.resources.as_ref().map(|r| r.qos);
            let sandbox = pod.sandbox.as_ref().map(|s| {
                json!({
                    "id": s.id.full(),
                    "attempt": s.attempt,
                    "image": rt.pause_image(),
                    "pid": s.pid.map(|p| p.0),
                    "namespaces": namespaces(s.ns.iter(), &owners, &host, &format!("{}/pause", pod.spec.key.name)),
                })
            });
            let containers: Vec<Value> = pod
                .containers
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let running = matches!(c.state, ContainerState::Running { .. });
                    let inst = c.instance.as_ref().filter(|_| running);
                    let cr = pod.resources.as_ref().and_then(|r| r.containers.get(i));
                    json!({
                        "name": c.spec.name.0,
                        "image": c.spec.image.raw,
                        "state": c.state.label(),
                        "restartCount": c.restart_count,
                        "containerID": inst.map(|i| rt.container_id_uri(&i.id)),
                        "runtimeName": inst.map(|i| runtime::runtime_container_name(rt, &pod.spec.key, &pod.uid, &c.spec.name, i.attempt)),
                        "pid": inst.and_then(|i| i.pids.first()).map(|p| p.0),
                        "oomScoreAdj": inst.map(|i| i.oom_score_adj),
                        "cgroup": inst.map(|i| cgroup(&i.cgroup_path, cr.map(|r| &r.cgroup))),
                        "requests": cr.map(|r| json!({"cpuMilli": r.requests.cpu_milli, "memoryBytes": r.requests.memory_bytes})),
                        "limits": cr.map(|r| json!({"cpuMilli": r.limits.cpu_milli, "memoryBytes": r.limits.memory_bytes})),
                        "namespaces": inst.map(|i| namespaces(i.ns.iter(), &owners, &host, &format!("{}/{}", pod.spec.key.name, c.spec.name))),
                    })
                })
                .collect();
            json!({
                "namespace": pod.spec.key.namespace,
                "name": pod.spec.key.name,
                "uid": pod.uid.as_str(),
                "phase": if pod.node.is_none() { "Pending" } else { "Running" },
                "failedScheduling": pod.unschedulable,
                "node": world.node_of(pod).map(|n| n.name.clone()),
                "ip": pod.ip.map(|ip| ip.to_string()),
                "qosClass": qos.map(|q| q.as_str()),
                "cgroup": match (qos, &pod.resources) {
                    (Some(q), Some(r)) => cgroup(&resources::pod_cgroup_path(q, pod.uid.as_str()), Some(&r.cgroup)),
                    _ => Value::Null,
                },
                "sandbox": sandbox,
                "containers": containers,
            })
        })
        .collect();
    let nodes: Vec<Value> = world.nodes().iter().map(node_value).collect();
    json!({
        "runtime": rt.as_str(),
        "node": nodes.first(),
        "nodes": nodes,
        "pods": pods,
    })
}

/// One node's facts.
fn node_value(node: &NodeInfo) -> Value {
    json!({
        "name": node.name,
        "internalIP": node.internal_ip.to_string(),
        "podCIDR": node.pod_cidr,
        "cpus": node.cpus,
        "memoryBytes": node.memory_bytes,
        "allocatable": {
            "cpuMilli": node.allocatable.cpu_milli,
            "memoryBytes": node.allocatable.memory_bytes,
            "pods": node.allocatable.pods,
        },
    })
}

fn cgroup(path: &str, v: Option<&CgroupValues>) -> Value {
    json!({
        "path": path,
        "cpu.weight": v.map(|v| v.cpu_weight),
        "cpu.max": v.map(|v| v.cpu_max.clone()),
        "memory.max": v.map(|v| v.memory_max.clone()),
        "memory.min": v.and_then(|v| v.memory_min),
        "memory.high": v.and_then(|v| v.memory_high.clone()),
    })
}

/// Who is in each namespace: `pause`, container names (`pod/container`), or `host`.
fn owners(world: &World) -> Vec<(NsKind, NsInode, String)> {
    let mut out = Vec::new();
    for pod in world.pods() {
        if let Some(s) = &pod.sandbox
            && s.pid.is_some()
        {
            for (k, i) in s.ns.iter() {
                out.push((k, i, format!("{}/pause", pod.spec.key.name)));
            }
        }
        for c in &pod.containers {
            if let Some(inst) = c
                .instance
                .as_ref()
                .filter(|_| matches!(c.state, ContainerState::Running { .. }))
            {
                for (k, i) in inst.ns.iter() {
                    out.push((k, i, format!("{}/{}", pod.spec.key.name, c.spec.name)));
                }
            }
        }
    }
    out
}

/// Each namespace with who else is in it; the node's own namespaces say `host`.
fn namespaces(
    ns: impl Iterator<Item = (NsKind, NsInode)>,
    owners: &[(NsKind, NsInode, String)],
    host: &crate::model::linux_ns::NsSet,
    me: &str,
) -> Value {
    let rows: Vec<Value> = ns
        .map(|(kind, inode)| {
            let with: Vec<&str> = if host.get(kind) == inode {
                vec!["host"]
            } else {
                owners
                    .iter()
                    .filter(|(k, i, who)| *k == kind && *i == inode && who != me)
                    .map(|(_, _, who)| who.as_str())
                    .collect()
            };
            json!({"type": kind.as_str(), "inode": inode.0, "sharedWith": with})
        })
        .collect();
    Value::Array(rows)
}
