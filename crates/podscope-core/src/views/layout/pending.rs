//! A Pending pod's reason, wrapped to its box, and the one-click fixes where they exist: a
//! Node that the pod's nodeSelector matches and whose capacity fits its requests, appended to
//! the manifest as a Node document; and, for `Insufficient cpu/memory`, a container's request
//! lowered to what a node can still fit (`lower`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::cluster::{DEFAULT_MAX_PODS, DEFAULT_NODE_CPUS, DEFAULT_NODE_MEMORY_BYTES};
use crate::sim::world::{Pod, World};

use super::lower::{LowerRequest, lower};

/// A change to the manifest that lets the scheduler place a Pending pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingFix {
    /// Append a Node with `labels` (its nodeSelector) and a capacity that fits the pod's
    /// requests. When the manifest declares no Node, the default node is declared too, so
    /// the pods on it stay (the first declared Node replaces the default one).
    AddNode {
        name: String,
        labels: BTreeMap<String, String>,
        cpus: u64,
        memory_gi: u64,
        keep_default: bool,
    },
    /// Lower one container's request, edited in place in the manifest's text.
    LowerRequest(LowerRequest),
}

impl PendingFix {
    /// The button's words.
    pub fn label(&self) -> String {
        match self {
            PendingFix::AddNode {
                name,
                cpus,
                memory_gi,
                ..
            } => format!("add Node {name} ({cpus} CPU, {memory_gi}Gi)"),
            PendingFix::LowerRequest(l) => l.label(),
        }
    }

    /// The manifest with the fix applied: the Node documents appended after a `---`, or the
    /// request's value replaced (the text unchanged when it no longer has that request).
    pub fn apply(&self, yaml: &str) -> String {
        if let PendingFix::LowerRequest(l) = self {
            return l.apply(yaml).unwrap_or_else(|| yaml.to_owned());
        }
        let mut out = yaml.trim_end().to_owned();
        match self {
            PendingFix::AddNode {
                name,
                labels,
                cpus,
                memory_gi,
                keep_default,
            } => {
                if *keep_default {
                    let default = crate::model::cluster::DEFAULT_NODE_NAME;
                    out.push_str(&node_doc(
                        default,
                        &BTreeMap::new(),
                        u64::from(DEFAULT_NODE_CPUS),
                        DEFAULT_NODE_MEMORY_BYTES >> 30,
                    ));
                }
                out.push_str(&node_doc(name, labels, *cpus, *memory_gi));
            }
            PendingFix::LowerRequest(_) => {}
        }
        out
    }
}

/// A Node document as `kubectl get node -o yaml` has its name, labels and capacity.
fn node_doc(name: &str, labels: &BTreeMap<String, String>, cpus: u64, gi: u64) -> String {
    let mut d = format!("\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n");
    if !labels.is_empty() {
        d.push_str("  labels:\n");
        for (k, v) in labels {
            let _ = writeln!(d, "    {k}: {}", quoted(v));
        }
    }
    let _ = write!(
        d,
        "status:\n  capacity:\n    cpu: \"{cpus}\"\n    memory: {gi}Gi\n    pods: \"{DEFAULT_MAX_PODS}\"\n"
    );
    d
}

/// A label value as YAML reads it back as a string.
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The fixes for `pod`, if the scheduler could not place it: a new Node, then a lowered
/// request.
pub(super) fn fixes(world: &World, pod: &Pod) -> Vec<PendingFix> {
    let add = fix(world, pod);
    let lowered = lower(world, pod).map(PendingFix::LowerRequest);
    add.into_iter().chain(lowered).collect()
}

/// The Node fix for `pod`, if the scheduler could not place it: a new Node with the labels of its
/// nodeSelector and room for its requests passes every filter that rejected the others (it
/// matches the selector, has no taint, is schedulable and empty). None when the selector names
/// a node by hostname that exists already (a second Node cannot take its name).
fn fix(world: &World, pod: &Pod) -> Option<PendingFix> {
    pod.unschedulable.as_ref()?;
    let api = pod.spec.api.spec.as_ref()?;
    let labels = api.node_selector.clone().unwrap_or_default();
    let request = pod
        .resources
        .as_ref()
        .map(|r| r.requests)
        .unwrap_or_default();
    // The kubelet labels its Node with its hostname (kubelet_node_status.go `initialNode`):
    // a selector on it names the node.
    let name = match labels.get("kubernetes.io/hostname") {
        Some(host) if world.node_index(host).is_some() => return None,
        Some(host) => host.clone(),
        None => free_name(world),
    };
    // Enough whole CPUs and GiB for the request over the kubelet's 100Mi hard eviction
    // threshold, and never less than podscope's default node.
    let cpus = request
        .cpu_milli
        .unwrap_or(0)
        .div_ceil(1000)
        .max(u64::from(DEFAULT_NODE_CPUS));
    let need = request
        .memory_bytes
        .unwrap_or(0)
        .saturating_add(crate::model::cluster::EVICTION_HARD_MEMORY);
    let memory_gi = need
        .div_ceil(1 << 30)
        .next_power_of_two()
        .max(DEFAULT_NODE_MEMORY_BYTES >> 30);
    Some(PendingFix::AddNode {
        name,
        labels,
        cpus,
        memory_gi,
        keep_default: !world.cluster.has_declared_nodes(),
    })
}

/// `node-N`, the first such name no node has.
fn free_name(world: &World) -> String {
    (2..)
        .map(|i| format!("node-{i}"))
        .find(|n| world.node_index(n).is_none())
        .unwrap_or_default()
}
