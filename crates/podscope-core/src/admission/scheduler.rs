//! The default scheduler's verdict for one pod: the filters it runs on every node
//! (unschedulable nodes, taints and tolerations, node selector, pod count and resources),
//! the node it picks among those that fit, and the `FailedScheduling` message when none does.

use crate::model::sort::CompactSort;
use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::cluster::{NodeResources, NodeSpec, Taint, TaintEffect};
use crate::model::resources::Resources;

/// What the pods already on a node ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Used {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub pods: u32,
    /// Extended resources (`example.com/dongle`), whole units.
    pub extended: Map<String, u64>,
}

impl Used {
    pub fn add(&mut self, r: &Resources) {
        self.cpu_milli = self.cpu_milli.saturating_add(r.cpu_milli.unwrap_or(0));
        self.memory_bytes = self
            .memory_bytes
            .saturating_add(r.memory_bytes.unwrap_or(0));
        self.pods += 1;
    }

    /// A placed pod's extended resources.
    pub fn add_extended(&mut self, extended: &Map<String, u64>) {
        for (k, v) in extended {
            let e = self.extended.entry(k.clone()).or_default();
            *e = e.saturating_add(*v);
        }
    }

    /// A removed pod's extended resources.
    pub fn remove_extended(&mut self, extended: &Map<String, u64>) {
        for (k, v) in extended {
            if let Some(e) = self.extended.get_mut(k) {
                *e = e.saturating_sub(*v);
            }
        }
    }
}

/// `toleration.operator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TolerationOperator {
    /// `Equal` (the default): key and value match.
    Equal,
    /// `Exists`: the key matches (an empty key matches every taint).
    Exists,
    /// `Lt`/`Gt` (numeric comparison, alpha) and anything else: podscope matches nothing.
    Unsupported,
}

/// One `spec.tolerations` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toleration {
    pub key: String,
    pub operator: TolerationOperator,
    pub value: String,
    /// `None` tolerates every effect.
    pub effect: Option<TaintEffect>,
}

impl Toleration {
    pub fn from_api(t: &api::Toleration) -> Toleration {
        Toleration {
            key: t.key.clone().unwrap_or_default(),
            operator: match t.operator.as_deref() {
                None | Some("") | Some("Equal") => TolerationOperator::Equal,
                Some("Exists") => TolerationOperator::Exists,
                Some(_) => TolerationOperator::Unsupported,
            },
            value: t.value.clone().unwrap_or_default(),
            effect: t.effect.as_deref().and_then(TaintEffect::parse),
        }
    }

    /// Whether this toleration tolerates `taint`
    /// (staging/src/k8s.io/api/core/v1/toleration.go `ToleratesTaint`).
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if self.effect.is_some_and(|e| e != taint.effect) {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator {
            TolerationOperator::Exists => true,
            TolerationOperator::Equal => self.value == taint.value,
            TolerationOperator::Unsupported => false,
        }
    }
}

/// What the scheduler needs to know about a pod.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodRequest {
    /// The pod's effective requests (resources.rs `PodResources::requests`).
    pub request: Resources,
    pub node_selector: BTreeMap<String, String>,
    pub tolerations: Vec<Toleration>,
    /// `spec.nodeName`: the pod is bound without the scheduler.
    pub node_name: Option<String>,
    /// The pod's extended resource requests, whole units (`extended_requests`).
    pub extended: Map<String, u64>,
}

/// The pod's requests of extended resources, as NodeResourcesFit computes a pod's request
/// (`computePodResourceRequest`: the app containers' sum, at least each init container's):
/// a container's request, or its limit when it sets none (an extended resource's request
/// must equal its limit, and defaults to it).
pub fn extended_requests(pod: &api::Pod) -> Map<String, u64> {
    let Some(spec) = pod.spec.as_ref() else {
        return Map::new();
    };
    let of = |c: &api::Container| -> Map<String, u64> {
        let r = c.resources.as_ref();
        let mut m = Map::new();
        for list in [
            r.and_then(|r| r.limits.as_ref()),
            r.and_then(|r| r.requests.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            for (k, q) in list {
                if crate::model::cluster::is_extended_resource_name(k)
                    && let Ok(q) = crate::model::resources::ParsedQuantity::parse_json(&q.0)
                {
                    m.insert(k.clone(), u64::try_from(q.value()).unwrap_or(0));
                }
            }
        }
        m
    };
    let mut sum: Map<String, u64> = Map::new();
    for c in &spec.containers {
        for (k, v) in of(c) {
            let e = sum.entry(k).or_default();
            *e = e.saturating_add(v);
        }
    }
    for c in spec.init_containers.iter().flatten() {
        for (k, v) in of(c) {
            let e = sum.entry(k).or_default();
            *e = (*e).max(v);
        }
    }
    sum
}

impl PodRequest {
    pub fn from_pod(pod: &api::Pod, request: Resources) -> PodRequest {
        let spec = pod.spec.as_ref();
        PodRequest {
            request,
            node_selector: spec
                .and_then(|s| s.node_selector.clone())
                .unwrap_or_default(),
            tolerations: spec
                .and_then(|s| s.tolerations.as_ref())
                .map(|t| t.iter().map(Toleration::from_api).collect())
                .unwrap_or_default(),
            node_name: spec
                .and_then(|s| s.node_name.clone())
                .filter(|n| !n.is_empty()),
            extended: extended_requests(pod),
        }
    }
}

/// Where a pod goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The scheduler picked `nodes[i]`.
    Scheduled(usize),
    /// `spec.nodeName` named `nodes[i]`: bound directly, no scheduler involved.
    Bound(usize),
    /// `spec.nodeName` names no node: the pod stays Pending, no kubelet picks it up and no
    /// scheduler writes an event.
    NodeNotFound(String),
    /// No node fits: the `FailedScheduling` message.
    Unschedulable(String),
}

/// Why one node was filtered out: the reasons of the first filter plugin that rejected it,
/// and whether preemption could help there.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rejection {
    reasons: Vec<String>,
    /// `UnschedulableAndUnresolvable`: preemption is not helpful on this node.
    unresolvable: bool,
}

/// The taint the NodeUnschedulable plugin lets pods tolerate
/// (`node.kubernetes.io/unschedulable:NoSchedule`).
const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";

/// Runs the default profile's filter plugins on one node, in their order, stopping at the
/// first that rejects it (pkg/scheduler/framework/runtime `RunFilterPlugins`):
/// NodeUnschedulable (`node(s) were unschedulable`), TaintToleration (NoSchedule and
/// NoExecute taints; 1.35 no longer names the taint, kubernetes/kubernetes#134740:
/// `node(s) had untolerated taint(s)`), NodeAffinity (`node(s) didn't match Pod's node
/// affinity/selector`), and NodeResourcesFit (`Too many pods`, `Insufficient cpu`,
/// `Insufficient memory`; unresolvable when the request exceeds the node's whole
/// allocatable, noderesources/fit.go `fitsRequest`).
fn filter(node: &NodeSpec, used: &Used, pod: &PodRequest) -> Option<Rejection> {
    if let Some(r) = placement_filter(&node.labels, node.unschedulable, &node.taints, pod) {
        return Some(r);
    }
    resources_filter(&node.allocatable, &node.extended, used, pod)
}

/// Whether the filters before NodeResourcesFit (NodeUnschedulable, TaintToleration,
/// NodeAffinity) let `pod` onto a node: where a smaller request could make it fit.
pub fn passes_placement_filters(
    labels: &BTreeMap<String, String>,
    unschedulable: bool,
    taints: &[Taint],
    pod: &PodRequest,
) -> bool {
    placement_filter(labels, unschedulable, taints, pod).is_none()
}

/// NodeUnschedulable, TaintToleration and NodeAffinity, in the default profile's order.
fn placement_filter(
    labels: &BTreeMap<String, String>,
    unschedulable: bool,
    taints: &[Taint],
    pod: &PodRequest,
) -> Option<Rejection> {
    let unresolvable = |reason: &str| {
        Some(Rejection {
            reasons: vec![reason.to_owned()],
            unresolvable: true,
        })
    };
    if unschedulable {
        let taint = Taint {
            key: UNSCHEDULABLE_TAINT.to_owned(),
            value: String::new(),
            effect: TaintEffect::NoSchedule,
        };
        if !pod.tolerations.iter().any(|t| t.tolerates(&taint)) {
            return unresolvable("node(s) were unschedulable");
        }
    }
    let untolerated = taints
        .iter()
        .filter(|t| matches!(t.effect, TaintEffect::NoSchedule | TaintEffect::NoExecute))
        .any(|t| !pod.tolerations.iter().any(|tol| tol.tolerates(t)));
    if untolerated {
        return unresolvable("node(s) had untolerated taint(s)");
    }
    if !pod
        .node_selector
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v))
    {
        return unresolvable("node(s) didn't match Pod's node affinity/selector");
    }
    None
}

/// NodeResourcesFit (noderesources/fit.go `fitsRequest`): a request fits when it is at most
/// the node's allocatable less what the pods on it already request.
fn resources_filter(
    allocatable: &NodeResources,
    extended: &Map<String, u64>,
    used: &Used,
    pod: &PodRequest,
) -> Option<Rejection> {
    let mut reasons = Vec::new();
    let mut unresolvable = false;
    if used.pods.saturating_add(1) > allocatable.pods {
        reasons.push("Too many pods".to_owned());
    }
    let cpu = pod.request.cpu_milli.unwrap_or(0);
    if cpu > 0 && cpu > allocatable.cpu_milli.saturating_sub(used.cpu_milli) {
        reasons.push("Insufficient cpu".to_owned());
        unresolvable |= cpu > allocatable.cpu_milli;
    }
    let mem = pod.request.memory_bytes.unwrap_or(0);
    if mem > 0 && mem > allocatable.memory_bytes.saturating_sub(used.memory_bytes) {
        reasons.push("Insufficient memory".to_owned());
        unresolvable |= mem > allocatable.memory_bytes;
    }
    // The scalar resources: `Insufficient <name>`, unresolvable past the node's allocatable
    // (a node without the resource has none of it).
    for (name, &want) in &pod.extended {
        let have = extended.get(name).copied().unwrap_or(0);
        let taken = used.extended.get(name).copied().unwrap_or(0);
        if want > 0 && want > have.saturating_sub(taken) {
            reasons.push(format!("Insufficient {name}"));
            unresolvable |= want > have;
        }
    }
    if reasons.is_empty() {
        None
    } else {
        Some(Rejection {
            reasons,
            unresolvable,
        })
    }
}

/// `FitError.Error()` (pkg/scheduler/framework/types.go) for `n` nodes: each reason counted
/// over the nodes, `<count> <reason>` strings sorted as strings and joined by `, `, then the
/// PostFilter plugins' message. Those run in order and their reasons are joined by `, `: the
/// DynamicResources plugin (GA and on since 1.34) says `no new claims to deallocate` for a
/// pod without claims, then DefaultPreemption says `preemption: ` and a FitError of its own,
/// where a node is `Preemption is not helpful for scheduling` when its rejection was
/// unresolvable and `No preemption victims found for incoming pod` otherwise (podscope's
/// pods all have the same priority, so there are never victims).
fn fit_error(n: usize, rejections: &[Rejection]) -> String {
    let histogram = |items: &mut dyn Iterator<Item = &str>| {
        let mut counts: Map<&str, usize> = Map::new();
        for r in items {
            *counts.entry(r).or_default() += 1;
        }
        let mut parts: Vec<String> = counts.iter().map(|(r, c)| format!("{c} {r}")).collect();
        parts.sort_compact();
        parts.join(", ")
    };
    let reasons = histogram(
        &mut rejections
            .iter()
            .flat_map(|r| r.reasons.iter().map(String::as_str)),
    );
    let preemption = histogram(&mut rejections.iter().map(|r| {
        if r.unresolvable {
            "Preemption is not helpful for scheduling"
        } else {
            "No preemption victims found for incoming pod"
        }
    }));
    format!(
        "0/{n} nodes are available: {reasons}. no new claims to deallocate, preemption: 0/{n} nodes are available: {preemption}."
    )
}

/// The LeastAllocated score of the NodeResourcesFit plugin (noderesources/least_allocated.go
/// `leastResourceScorer`, cpu and memory weighted 1 each): the share of allocatable left
/// free after placing the pod, 0–100. Upstream scores with default requests for containers
/// without any (100m, 200Mi, `schedutil.GetNonzeroRequests`) and adds other plugins' scores;
/// podscope uses the requests as they are.
fn least_allocated_score(allocatable: &NodeResources, used: &Used, pod: &PodRequest) -> u64 {
    let part = |cap: u64, used: u64, req: u64| {
        let requested = used.saturating_add(req);
        if cap == 0 || requested > cap {
            0
        } else {
            (cap - requested).saturating_mul(100) / cap
        }
    };
    let cpu = part(
        allocatable.cpu_milli,
        used.cpu_milli,
        pod.request.cpu_milli.unwrap_or(0),
    );
    let mem = part(
        allocatable.memory_bytes,
        used.memory_bytes,
        pod.request.memory_bytes.unwrap_or(0),
    );
    (cpu + mem) / 2
}

/// Places a pod among `nodes`, `used[i]` being what the pods on `nodes[i]` already request
/// (missing entries count as empty nodes).
///
/// `spec.nodeName` binds directly, as the API does for a pod created with it (the scheduler
/// only takes pods without a node). Otherwise every node is filtered; among the nodes that
/// fit, the one with the highest LeastAllocated score wins, ties going to the first by name.
/// (Upstream breaks ties at random, `selectHost`; podscope stays deterministic.)
pub fn schedule(nodes: &[NodeSpec], used: &[Used], pod: &PodRequest) -> Placement {
    if let Some(name) = &pod.node_name {
        return match nodes.iter().position(|n| &n.name == name) {
            Some(i) => Placement::Bound(i),
            None => Placement::NodeNotFound(name.clone()),
        };
    }
    let empty = Used::default();
    let mut rejections = Vec::new();
    let mut best: Option<(u64, &str, usize)> = None;
    for (i, n) in nodes.iter().enumerate() {
        let u = used.get(i).unwrap_or(&empty);
        match filter(n, u, pod) {
            Some(r) => rejections.push(r),
            None => {
                let score = least_allocated_score(&n.allocatable, u, pod);
                let better = match best {
                    None => true,
                    Some((s, name, _)) => score > s || (score == s && n.name.as_str() < name),
                };
                if better {
                    best = Some((score, &n.name, i));
                }
            }
        }
    }
    match best {
        Some((_, _, i)) => Placement::Scheduled(i),
        None => Placement::Unschedulable(fit_error(nodes.len(), &rejections)),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const PREFIX: &str = "no new claims to deallocate, preemption:";

    /// The default node alone, as the world without Nodes in its manifest.
    fn fit(used: &Used, request: Resources, sel: &[(&str, &str)]) -> Result<(), String> {
        let pod = PodRequest {
            request,
            node_selector: sel
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..PodRequest::default()
        };
        match schedule(
            &[NodeSpec::default_node()],
            std::slice::from_ref(used),
            &pod,
        ) {
            Placement::Scheduled(0) => Ok(()),
            Placement::Unschedulable(m) => Err(m),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn messages_match_the_scheduler() {
        let big = Resources {
            cpu_milli: Some(500),
            memory_bytes: Some(64 << 30),
        };
        assert_eq!(
            fit(&Used::default(), big, &[]),
            Err(format!(
                "0/1 nodes are available: 1 Insufficient memory. {PREFIX} 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
            ))
        );
        assert_eq!(
            fit(
                &Used::default(),
                Resources::default(),
                &[("disktype", "ssd")]
            ),
            Err(format!(
                "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. {PREFIX} 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
            ))
        );
        assert_eq!(
            fit(
                &Used::default(),
                Resources::default(),
                &[("kubernetes.io/hostname", "node-1")]
            ),
            Ok(())
        );
        let full = Used {
            cpu_milli: 1900,
            memory_bytes: 0,
            pods: 110,
            ..Used::default()
        };
        let cpu = Resources {
            cpu_milli: Some(200),
            memory_bytes: None,
        };
        assert_eq!(
            fit(&full, cpu, &[]),
            Err(format!(
                "0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. {PREFIX} 0/1 nodes are available: 1 No preemption victims found for incoming pod."
            ))
        );
    }

    #[test]
    fn extended_resources_the_node_lacks_or_has_taken() {
        // extended-resource page: 3 dongles of a node's 4 taken, then 2 more asked for;
        // a node without dongles cannot fit any.
        let pod = |n: u64| PodRequest {
            extended: Map::from([("example.com/dongle".to_owned(), n)]),
            ..PodRequest::default()
        };
        let plain = NodeSpec::default_node();
        assert_eq!(
            schedule(std::slice::from_ref(&plain), &[Used::default()], &pod(3)),
            Placement::Unschedulable(format!(
                "0/1 nodes are available: 1 Insufficient example.com/dongle. {PREFIX} 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
            ))
        );
        let mut four = NodeSpec::default_node();
        four.extended.insert("example.com/dongle".to_owned(), 4);
        let mut used = Used::default();
        used.add_extended(&pod(3).extended);
        assert_eq!(
            schedule(std::slice::from_ref(&four), &[Used::default()], &pod(3)),
            Placement::Scheduled(0)
        );
        assert_eq!(
            schedule(
                std::slice::from_ref(&four),
                std::slice::from_ref(&used),
                &pod(2)
            ),
            Placement::Unschedulable(format!(
                "0/1 nodes are available: 1 Insufficient example.com/dongle. {PREFIX} 0/1 nodes are available: 1 No preemption victims found for incoming pod."
            ))
        );
        used.remove_extended(&pod(3).extended);
        assert_eq!(
            schedule(
                std::slice::from_ref(&four),
                std::slice::from_ref(&used),
                &pod(2)
            ),
            Placement::Scheduled(0)
        );
    }

    #[test]
    fn extended_requests_sum_containers_and_default_from_limits() {
        let pod: api::Pod = serde_yaml::from_str(
            "spec:\n  initContainers:\n  - {name: i, resources: {limits: {example.com/dongle: 5}}}\n  containers:\n  - {name: a, resources: {limits: {example.com/dongle: 3, cpu: 1}}}\n  - {name: b, resources: {requests: {example.com/dongle: 1}, limits: {example.com/dongle: 1}}}\n  - {name: c, resources: {limits: {hugepages-2Mi: 1Gi, kubernetes.io/x: 1}}}\n",
        )
        .expect("pod");
        assert_eq!(
            extended_requests(&pod),
            Map::from([("example.com/dongle".to_owned(), 5)])
        );
    }

    fn node(name: &str, cpu_milli: u64) -> NodeSpec {
        let mut n = NodeSpec::default_node();
        n.name = name.to_owned();
        n.labels
            .insert("kubernetes.io/hostname".to_owned(), name.to_owned());
        n.allocatable.cpu_milli = cpu_milli;
        n
    }

    fn cpu(milli: u64) -> PodRequest {
        PodRequest {
            request: Resources {
                cpu_milli: Some(milli),
                memory_bytes: None,
            },
            ..PodRequest::default()
        }
    }

    #[test]
    fn least_allocated_node_wins_ties_go_to_the_first_name() {
        let nodes = [node("b", 2000), node("a", 2000), node("c", 4000)];
        assert_eq!(schedule(&nodes, &[], &cpu(500)), Placement::Scheduled(2));
        let busy = Used {
            cpu_milli: 3000,
            ..Used::default()
        };
        assert_eq!(
            schedule(&nodes, &[Used::default(), Used::default(), busy], &cpu(500)),
            Placement::Scheduled(1)
        );
    }

    #[test]
    fn taints_tolerations_and_unschedulable_nodes() {
        let mut tainted = node("gpu", 8000);
        tainted.taints.push(Taint {
            key: "gpu".to_owned(),
            value: "true".to_owned(),
            effect: TaintEffect::NoSchedule,
        });
        let mut cordoned = node("old", 8000);
        cordoned.unschedulable = true;
        let mut soft = node("soft", 1000);
        soft.taints.push(Taint {
            key: "x".to_owned(),
            value: String::new(),
            effect: TaintEffect::PreferNoSchedule,
        });
        let nodes = [tainted, cordoned, soft];
        assert_eq!(
            schedule(&nodes, &[], &cpu(2000)),
            Placement::Unschedulable(format!(
                "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable. {PREFIX} 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
            ))
        );
        let mut tolerant = cpu(2000);
        tolerant.tolerations.push(Toleration {
            key: "gpu".to_owned(),
            operator: TolerationOperator::Exists,
            value: String::new(),
            effect: None,
        });
        assert_eq!(schedule(&nodes, &[], &tolerant), Placement::Scheduled(0));
        let mut everything = cpu(2000);
        everything.tolerations.push(Toleration {
            key: String::new(),
            operator: TolerationOperator::Exists,
            value: String::new(),
            effect: None,
        });
        // Tolerating everything also passes the cordoned node; "gpu" < "old" by name.
        assert_eq!(schedule(&nodes, &[], &everything), Placement::Scheduled(0));
    }

    #[test]
    fn node_name_binds_directly() {
        let nodes = [node("a", 1000), node("b", 1000)];
        let mut p = cpu(64_000);
        p.node_name = Some("b".to_owned());
        assert_eq!(schedule(&nodes, &[], &p), Placement::Bound(1));
        p.node_name = Some("z".to_owned());
        assert_eq!(
            schedule(&nodes, &[], &p),
            Placement::NodeNotFound("z".to_owned())
        );
    }

    #[test]
    fn counts_are_sorted_as_strings() {
        // "10 node(s)…" sorts before "2 Insufficient cpu": FitError sorts whole strings.
        let mut nodes: Vec<NodeSpec> = (0..12).map(|i| node(&format!("n{i:02}"), 1000)).collect();
        for n in nodes.iter_mut().take(2) {
            n.labels.insert("zone".to_owned(), "x".to_owned());
        }
        let mut used = vec![Used::default(); 12];
        used[0].cpu_milli = 900;
        used[1].cpu_milli = 900;
        let mut p = cpu(500);
        p.node_selector.insert("zone".to_owned(), "x".to_owned());
        let Placement::Unschedulable(msg) = schedule(&nodes, &used, &p) else {
            panic!("should not fit")
        };
        assert_eq!(
            msg,
            format!(
                "0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. {PREFIX} 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
            )
        );
    }
}
