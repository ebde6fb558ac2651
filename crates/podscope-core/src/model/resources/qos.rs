//! QoS class (`ComputePodQOS`) and `oom_score_adj` (`GetContainerOOMScoreAdjust`).
//!
//! Read from kubernetes/kubernetes pkg/apis/core/v1/helper/qos/qos.go (the refactored
//! `resourceQOS` form; summarised in k8s-facts §5.1), pkg/kubelet/qos/policy.go and helpers.go
//! (k8s-facts §5.2) and pkg/kubelet/types/pod_update.go (`IsCriticalPod`,
//! `IsNodeCriticalPod`).

use k8s_openapi::api::core::v1::Pod;

use super::Requirements;

/// `v1.PodQOSClass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QosClass {
    Guaranteed,
    Burstable,
    BestEffort,
}

impl QosClass {
    pub fn as_str(self) -> &'static str {
        match self {
            QosClass::Guaranteed => "Guaranteed",
            QosClass::Burstable => "Burstable",
            QosClass::BestEffort => "BestEffort",
        }
    }
}

/// The kubelet process (policy.go `KubeletOOMScoreAdj`).
pub const KUBELET_OOM_SCORE_ADJ: i32 = -999;
/// kube-proxy (policy.go `KubeProxyOOMScoreAdj`).
pub const KUBE_PROXY_OOM_SCORE_ADJ: i32 = -999;
/// The pause (sandbox) container under containerd: containerd
/// internal/cri/server/podsandbox/helpers_linux.go `defaultSandboxOOMAdj`.
pub const SANDBOX_OOM_SCORE_ADJ: i32 = -998;
/// Guaranteed and node-critical containers (policy.go `guaranteedOOMScoreAdj`).
pub const GUARANTEED_OOM_SCORE_ADJ: i32 = -997;
/// BestEffort containers (policy.go `besteffortOOMScoreAdj`).
pub const BEST_EFFORT_OOM_SCORE_ADJ: i32 = 1000;

/// `scheduling.SystemCriticalPriority` (2 × `HighestUserDefinablePriority`).
pub const SYSTEM_CRITICAL_PRIORITY: i32 = 2_000_000_000;
/// The priority of the built-in `system-node-critical` class.
pub const SYSTEM_NODE_CRITICAL_PRIORITY: i32 = 2_000_001_000;
const SYSTEM_NODE_CRITICAL: &str = "system-node-critical";
const SYSTEM_CLUSTER_CRITICAL: &str = "system-cluster-critical";

/// The resources QoS looks at (qos.go `supportedQoSComputeResources`).
const QOS_RESOURCES: [&str; 2] = ["cpu", "memory"];

/// qos.go `resourceQOS`: the class of one set of requirements (a container's, or the pod-level
/// `spec.resources`). From k8s-facts §5.1, checked against the current qos.go.
pub(crate) fn resource_qos(r: &Requirements) -> QosClass {
    if r.requests.is_empty() && r.limits.is_empty() {
        return QosClass::BestEffort;
    }
    let mut qos = None;
    for name in QOS_RESOURCES {
        let req = r.requests.get(name).map_or(0, |q| q.nanos());
        let lim = r.limits.get(name).map_or(0, |q| q.nanos());
        if req != lim {
            // Not equal: at least one is non-zero, so neither guaranteed nor best effort.
            return QosClass::Burstable;
        }
        let best_effort = req == 0;
        match qos {
            None => {
                qos = Some(if best_effort {
                    QosClass::BestEffort
                } else {
                    QosClass::Guaranteed
                });
            }
            Some(q) => {
                if best_effort != (q == QosClass::BestEffort) {
                    return QosClass::Burstable;
                }
            }
        }
    }
    qos.unwrap_or(QosClass::BestEffort)
}

/// qos.go `ComputePodQOS`: with `PodLevelResources` on and `spec.resources` present, the
/// pod-level requirements decide; else every init and regular container (not ephemeral ones)
/// must agree, and any Burstable one makes the pod Burstable. From k8s-facts §5.1.
pub(crate) fn compute_pod_qos<'a>(
    pod_level: Option<&Requirements>,
    containers: impl IntoIterator<Item = &'a Requirements>,
) -> QosClass {
    if let Some(p) = pod_level {
        return resource_qos(p);
    }
    let mut pod_qos = None;
    for c in containers {
        let qos = resource_qos(c);
        if qos == QosClass::Burstable {
            return qos;
        }
        match pod_qos {
            None => pod_qos = Some(qos),
            Some(p) if p != qos => return QosClass::Burstable,
            Some(_) => {}
        }
    }
    pod_qos.unwrap_or(QosClass::BestEffort)
}

/// The priority the Priority admission plugin leaves in `spec.priority`: the given value, else
/// the built-in system classes' values (plugin/pkg/admission/priority; other classes are
/// cluster objects podscope does not have, so they count as 0).
pub fn effective_priority(pod: &Pod) -> i32 {
    let spec = pod.spec.as_ref();
    if let Some(p) = spec.and_then(|s| s.priority) {
        return p;
    }
    match spec.and_then(|s| s.priority_class_name.as_deref()) {
        Some(SYSTEM_NODE_CRITICAL) => SYSTEM_NODE_CRITICAL_PRIORITY,
        Some(SYSTEM_CLUSTER_CRITICAL) => SYSTEM_CRITICAL_PRIORITY,
        _ => 0,
    }
}

/// pkg/kubelet/types/pod_update.go `IsMirrorPod`: the API object the kubelet made for a
/// static pod carries `kubernetes.io/config.mirror`. The ServiceAccount admission plugin
/// leaves such a pod alone (plugin/pkg/admission/serviceaccount/admission.go `Admit`: "Don't
/// modify the spec of mirror pods"): no service account, no token volume.
///
/// pkg/kubelet/types/pod_update.go `IsStaticPod` / `IsMirrorPod`: the kubelet marks the pods
/// it reads from files with `kubernetes.io/config.source` (any value but `api`) and their API
/// mirrors with `kubernetes.io/config.mirror`.
pub fn is_mirror_pod(pod: &Pod) -> bool {
    pod.metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"))
}

/// Whether the pod is a static pod or a mirror pod (see [`is_mirror_pod`]).
pub fn is_static_or_mirror_pod(pod: &Pod) -> bool {
    let Some(ann) = pod.metadata.annotations.as_ref() else {
        return false;
    };
    let static_pod = ann
        .get("kubernetes.io/config.source")
        .is_some_and(|s| s != "api");
    static_pod || ann.contains_key("kubernetes.io/config.mirror")
}

/// pod_update.go `IsNodeCriticalPod`: `IsCriticalPod` (static, mirror, or priority ≥
/// `SystemCriticalPriority`) **and** `priorityClassName: system-node-critical`. `static_pod`
/// adds to what the annotations say (see [`is_static_or_mirror_pod`]).
///
/// Note: k8s-facts §5.2 words this as "static pod or priority ≥ system-node-critical"; the
/// upstream function requires the class name in both cases.
pub fn is_node_critical_pod(pod: &Pod, static_pod: bool) -> bool {
    let critical = static_pod
        || is_static_or_mirror_pod(pod)
        || effective_priority(pod) >= SYSTEM_CRITICAL_PRIORITY;
    let class = pod
        .spec
        .as_ref()
        .and_then(|s| s.priority_class_name.as_deref());
    critical && class == Some(SYSTEM_NODE_CRITICAL)
}

/// policy.go `GetContainerOOMScoreAdjust` (k8s-facts §5.2, checked against the current file).
///
/// - `memory_request`: the container's `requests.memory` in bytes (`Value()`), plus, when
///   pod-level requests are set, the pod's unallocated memory request per container.
/// - `sidecar_floor_request`: for a sidecar (init container with `restartPolicy: Always`), the
///   smallest memory request among regular containers (plus the same pod-level share); the
///   sidecar's value is lowered to at most the one that request gives. `None` otherwise.
/// - `memory_capacity`: the node's `MemoryCapacity` (cAdvisor) in bytes. Upstream divides by
///   it; a zero capacity (never seen on a node) is treated as "the request is 0 % of it".
pub fn oom_score_adj(
    qos: QosClass,
    node_critical: bool,
    memory_request: u64,
    sidecar_floor_request: Option<u64>,
    memory_capacity: u64,
) -> i32 {
    if node_critical {
        return GUARANTEED_OOM_SCORE_ADJ;
    }
    match qos {
        QosClass::Guaranteed => return GUARANTEED_OOM_SCORE_ADJ,
        QosClass::BestEffort => return BEST_EFFORT_OOM_SCORE_ADJ,
        QosClass::Burstable => {}
    }
    let formula = |request: u64| -> i128 {
        let share = (1000 * i128::from(request))
            .checked_div(i128::from(memory_capacity))
            .unwrap_or(0);
        1000 - share
    };
    let mut adj = formula(memory_request);
    if let Some(floor) = sidecar_floor_request {
        adj = adj.min(formula(floor));
    }
    let min_burstable = i128::from(1000 + GUARANTEED_OOM_SCORE_ADJ);
    if adj < min_burstable {
        return 1000 + GUARANTEED_OOM_SCORE_ADJ;
    }
    if adj == i128::from(BEST_EFFORT_OOM_SCORE_ADJ) {
        return BEST_EFFORT_OOM_SCORE_ADJ - 1;
    }
    i32::try_from(adj).unwrap_or(BEST_EFFORT_OOM_SCORE_ADJ - 1)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::resources::ParsedQuantity;

    const GIB8: u64 = 8 << 30;

    fn reqs(requests: &[(&str, &str)], limits: &[(&str, &str)]) -> Requirements {
        let map = |l: &[(&str, &str)]| {
            l.iter()
                .map(|(k, v)| ((*k).to_owned(), ParsedQuantity::parse(v).unwrap()))
                .collect()
        };
        Requirements {
            requests: map(requests),
            limits: map(limits),
        }
    }

    #[test]
    fn resource_qos_cases() {
        use QosClass::*;
        assert_eq!(resource_qos(&reqs(&[], &[])), BestEffort);
        assert_eq!(resource_qos(&reqs(&[("memory", "64Mi")], &[])), Burstable);
        let both = [("cpu", "500m"), ("memory", "128Mi")];
        assert_eq!(resource_qos(&reqs(&both, &both)), Guaranteed);
        assert_eq!(
            resource_qos(&reqs(&[("cpu", "250m"), ("memory", "128Mi")], &both)),
            Burstable
        );
        // One resource guaranteed, the other unset: mixed, so Burstable.
        assert_eq!(
            resource_qos(&reqs(&[("cpu", "1")], &[("cpu", "1")])),
            Burstable
        );
        // Equal values written differently are equal.
        assert_eq!(
            resource_qos(&reqs(
                &[("cpu", "1"), ("memory", "1Gi")],
                &[("cpu", "1000m"), ("memory", "1024Mi")]
            )),
            Guaranteed
        );
        // Only other resources: cpu and memory are "best effort".
        let eph = [("ephemeral-storage", "1Gi")];
        assert_eq!(resource_qos(&reqs(&eph, &eph)), BestEffort);
        // Explicit zeros are best effort too.
        let zero = [("cpu", "0"), ("memory", "0")];
        assert_eq!(resource_qos(&reqs(&zero, &zero)), BestEffort);
    }

    #[test]
    fn pod_qos_needs_agreement() {
        use QosClass::*;
        let g = [("cpu", "1"), ("memory", "1Gi")];
        let guaranteed = reqs(&g, &g);
        let best = reqs(&[], &[]);
        assert_eq!(
            compute_pod_qos(None, [&guaranteed, &guaranteed]),
            Guaranteed
        );
        assert_eq!(compute_pod_qos(None, [&guaranteed, &best]), Burstable);
        assert_eq!(compute_pod_qos(None, [&best, &best]), BestEffort);
        assert_eq!(compute_pod_qos(None, []), BestEffort);
        // Pod-level resources decide when present.
        assert_eq!(compute_pod_qos(Some(&guaranteed), [&best]), Guaranteed);
        assert_eq!(compute_pod_qos(Some(&best), [&guaranteed]), BestEffort);
    }

    #[test]
    fn oom_adj_by_class() {
        use QosClass::*;
        assert_eq!(oom_score_adj(Guaranteed, false, 1 << 30, None, GIB8), -997);
        assert_eq!(oom_score_adj(BestEffort, false, 0, None, GIB8), 1000);
        assert_eq!(oom_score_adj(BestEffort, true, 0, None, GIB8), -997);
        assert_eq!(oom_score_adj(Burstable, true, 0, None, GIB8), -997);
    }

    #[test]
    fn oom_adj_burstable_formula() {
        use QosClass::Burstable;
        // k8s-facts §5.2 example: 512Mi of 8Gi → 1000 - 62 = 938.
        assert_eq!(oom_score_adj(Burstable, false, 512 << 20, None, GIB8), 938);
        assert_eq!(oom_score_adj(Burstable, false, 64 << 20, None, GIB8), 993);
        // No memory request → 1000 → 999.
        assert_eq!(oom_score_adj(Burstable, false, 0, None, GIB8), 999);
        // Tiny request rounds to 1000 too.
        assert_eq!(oom_score_adj(Burstable, false, 1000, None, GIB8), 999);
        // The whole node or more → at least 3.
        assert_eq!(oom_score_adj(Burstable, false, GIB8, None, GIB8), 3);
        assert_eq!(oom_score_adj(Burstable, false, u64::MAX, None, GIB8), 3);
        assert_eq!(
            oom_score_adj(Burstable, false, GIB8 / 1000 * 998, None, GIB8),
            3
        );
        assert_eq!(oom_score_adj(Burstable, false, 0, None, 0), 999);
    }

    #[test]
    fn oom_adj_sidecar_lowered_to_smallest_regular() {
        use QosClass::Burstable;
        // Sidecar asks 64Mi (993), smallest regular container 512Mi (938): sidecar gets 938.
        assert_eq!(
            oom_score_adj(Burstable, false, 64 << 20, Some(512 << 20), GIB8),
            938
        );
        // Sidecar with a bigger request keeps its own lower value.
        assert_eq!(
            oom_score_adj(Burstable, false, 1 << 30, Some(64 << 20), GIB8),
            875
        );
        // Regular containers without memory requests: floor is 1000, nothing changes.
        assert_eq!(oom_score_adj(Burstable, false, 0, Some(0), GIB8), 999);
    }

    fn pod(yaml: &str) -> Pod {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn node_critical_needs_the_class_name() {
        let base = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
        let p = pod(&format!(
            "{base}spec:\n  priorityClassName: system-node-critical\n  containers: []\n"
        ));
        assert!(is_node_critical_pod(&p, false));
        assert_eq!(effective_priority(&p), 2_000_001_000);
        let p = pod(&format!(
            "{base}spec:\n  priorityClassName: system-cluster-critical\n  containers: []\n"
        ));
        assert!(!is_node_critical_pod(&p, false));
        assert!(!is_node_critical_pod(&p, true));
        let p = pod(&format!(
            "{base}spec:\n  priority: 2000001000\n  containers: []\n"
        ));
        assert!(!is_node_critical_pod(&p, false));
        // A static pod with the class and no resolved priority.
        let p = pod(&format!(
            "{base}  annotations:\n    kubernetes.io/config.source: file\nspec:\n  priorityClassName: system-node-critical\n  priority: 0\n  containers: []\n"
        ));
        assert!(is_static_or_mirror_pod(&p));
        assert!(is_node_critical_pod(&p, false));
        let p = pod(&format!(
            "{base}spec:\n  priorityClassName: system-node-critical\n  priority: 0\n  containers: []\n"
        ));
        assert!(!is_node_critical_pod(&p, false));
        assert!(is_node_critical_pod(&p, true));
    }

    #[test]
    fn names() {
        assert_eq!(QosClass::Guaranteed.as_str(), "Guaranteed");
        assert_eq!(QosClass::Burstable.as_str(), "Burstable");
        assert_eq!(QosClass::BestEffort.as_str(), "BestEffort");
    }
}
