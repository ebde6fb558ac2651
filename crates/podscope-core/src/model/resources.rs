//! Requests, limits, QoS class, `oom_score_adj` and cgroup v2 values of a pod, computed from the
//! real `Pod` type as the API server (defaulting, validation) and the kubelet derive them.
//!
//! Submodules: `quantity` (apimachinery quantities), `qos` (QoS class, oom_score_adj), `cgroup`
//! (cpu.weight, cpu.max, memory.*, cgroup paths), `validation` (the API server's messages).
//! Everything here is pure: same pod, same numbers. docs/resources.md lists formulas and
//! sources.

mod cgroup;
mod qos;
mod quantity;
mod validation;

use podscope_collections::Map;
use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::api::core::v1::{Pod, ResourceRequirements};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

pub use cgroup::{
    CGROUP_MOUNT, CgroupRuntime, CgroupValues, CpuWeightFormula, MAX_SHARES, MIN_QUOTA_PERIOD,
    MIN_SHARES, PAGE_SIZE, QUOTA_PERIOD, container_cgroup_path, cpu_max, cpu_shares_to_weight,
    memory_high, milli_cpu_to_quota, milli_cpu_to_shares, pod_cgroup_path, qos_cgroup_path,
};
pub use qos::{
    BEST_EFFORT_OOM_SCORE_ADJ, GUARANTEED_OOM_SCORE_ADJ, KUBE_PROXY_OOM_SCORE_ADJ,
    KUBELET_OOM_SCORE_ADJ, QosClass, SANDBOX_OOM_SCORE_ADJ, SYSTEM_CRITICAL_PRIORITY,
    SYSTEM_NODE_CRITICAL_PRIORITY, effective_priority, is_mirror_pod, is_node_critical_pod,
    is_static_or_mirror_pod, oom_score_adj,
};
pub use quantity::{ParsedQuantity, QUANTITY_FORMAT_MESSAGE, QuantityError, QuantityFormat};
pub use validation::validate_resources;

/// A resource list with parsed quantities (`v1.ResourceList`).
pub(crate) type ResourceMap = Map<String, ParsedQuantity>;

/// Parsed `requests` and `limits` of one container or of the pod (`spec.resources`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Requirements {
    pub(crate) requests: ResourceMap,
    pub(crate) limits: ResourceMap,
}

/// The node facts the kubelet's numbers depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeFacts {
    /// cAdvisor `MemoryCapacity` in bytes (for `oom_score_adj`).
    pub memory_capacity: u64,
    /// The node's allocatable memory in bytes (for MemoryQoS `memory.high` without a limit).
    pub memory_allocatable: u64,
}

/// Feature gates and settings that change the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceOptions {
    /// `PodLevelResources` (beta, on by default since 1.34: from memory, unverified).
    pub pod_level_resources: bool,
    /// `MemoryQoS` (alpha, off by default; cgroup v2 only).
    pub memory_qos: bool,
    /// The OCI runtime's shares → `cpu.weight` conversion.
    pub cpu_weight: CpuWeightFormula,
    /// The pod is a static pod (the kubelet read it from a file). The annotations the kubelet
    /// sets (`kubernetes.io/config.source`, `kubernetes.io/config.mirror`) count as well.
    pub static_pod: bool,
}

impl Default for ResourceOptions {
    fn default() -> Self {
        ResourceOptions {
            pod_level_resources: true,
            memory_qos: false,
            cpu_weight: CpuWeightFormula::New,
            static_pod: false,
        }
    }
}

/// cpu and memory of a request or limit list; `None` when the list has no such entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    /// `MilliValue()` of `cpu` (rounded up; negative values count as 0).
    pub cpu_milli: Option<u64>,
    /// `Value()` of `memory` in bytes (rounded up; negative values count as 0).
    pub memory_bytes: Option<u64>,
}

impl Resources {
    fn from_map(m: &ResourceMap) -> Resources {
        Resources {
            cpu_milli: m.get("cpu").map(ParsedQuantity::milli),
            memory_bytes: m.get("memory").map(ParsedQuantity::bytes),
        }
    }

    fn from_sums(s: &CpuMem) -> Resources {
        let milli = |n: i128| ParsedQuantity::from_nanos(n, QuantityFormat::DecimalSi).milli();
        let bytes = |n: i128| ParsedQuantity::from_nanos(n, QuantityFormat::DecimalSi).bytes();
        Resources {
            cpu_milli: s.cpu.map(milli),
            memory_bytes: s.memory.map(bytes),
        }
    }
}

/// What kind of container a [`ContainerResources`] describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// `spec.initContainers` without `restartPolicy: Always`.
    Init,
    /// `spec.initContainers` with `restartPolicy: Always`.
    Sidecar,
    /// `spec.containers`.
    Regular,
    /// `spec.ephemeralContainers` (never count for QoS; no defaulting).
    Ephemeral,
}

/// One container's effective requests and limits and what the kubelet derives from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerResources {
    pub name: String,
    pub kind: ContainerKind,
    /// Requests after API defaulting (a limit without a request becomes the request).
    pub requests: Resources,
    pub limits: Resources,
    /// The value the kubelet passes to the runtime as `OomScoreAdj`.
    pub oom_score_adj: i32,
    /// The container cgroup's files.
    pub cgroup: CgroupValues,
}

/// Everything derived from a pod's resources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodResources {
    pub qos: QosClass,
    /// pod_update.go `IsNodeCriticalPod`.
    pub node_critical: bool,
    pub init_containers: Vec<ContainerResources>,
    pub containers: Vec<ContainerResources>,
    pub ephemeral_containers: Vec<ContainerResources>,
    /// component-helpers `PodRequests`: regular containers and sidecars summed, the largest
    /// init-container phase if larger, pod-level requests when set, plus `spec.overhead`.
    pub requests: Resources,
    /// component-helpers `PodLimits`, the same way (overhead only added to non-zero limits).
    pub limits: Resources,
    /// The pod cgroup's files (helpers_linux.go `ResourceConfigForPod`).
    pub cgroup: CgroupValues,
}

/// A quantity that does not parse, with the path of its field
/// (`spec.containers[0].resources.limits[memory]`). It displays as apimachinery's message
/// alone: the API server returns it as a decode error without a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuantityFieldError {
    pub path: String,
    pub value: String,
    pub error: QuantityError,
}

impl fmt::Display for QuantityFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error.message())
    }
}

/// A container after parsing and defaulting.
struct ParsedContainer<'a> {
    name: &'a str,
    kind: ContainerKind,
    req: Requirements,
}

/// A pod's resources after parsing and defaulting.
struct ParsedPod<'a> {
    init: Vec<ParsedContainer<'a>>,
    regular: Vec<ParsedContainer<'a>>,
    ephemeral: Vec<ParsedContainer<'a>>,
    /// `spec.resources` (after defaulting), `None` when absent or the gate is off.
    pod_level: Option<Requirements>,
    overhead: ResourceMap,
}

fn parse_map(
    map: Option<&BTreeMap<String, Quantity>>,
    path: &str,
    errs: &mut Vec<QuantityFieldError>,
) -> ResourceMap {
    let mut out = ResourceMap::new();
    for (name, q) in map.into_iter().flatten() {
        match ParsedQuantity::parse_json(&q.0) {
            Ok(p) => {
                out.insert(name.clone(), p);
            }
            Err(error) => errs.push(QuantityFieldError {
                path: format!("{path}[{name}]"),
                value: q.0.clone(),
                error,
            }),
        }
    }
    out
}

fn parse_requirements(
    r: Option<&ResourceRequirements>,
    path: &str,
    errs: &mut Vec<QuantityFieldError>,
) -> Requirements {
    let limits = parse_map(
        r.and_then(|r| r.limits.as_ref()),
        &format!("{path}.limits"),
        errs,
    );
    let requests = parse_map(
        r.and_then(|r| r.requests.as_ref()),
        &format!("{path}.requests"),
        errs,
    );
    Requirements { requests, limits }
}

/// pkg/apis/core/v1/defaults.go `SetDefaults_Pod`: for containers and init containers, every
/// limit without a request of the same name becomes the request.
fn default_requests_from_limits(r: &mut Requirements) {
    for (name, lim) in &r.limits {
        r.requests
            .entry(name.clone())
            .or_insert_with(|| lim.clone());
    }
}

/// defaults.go `defaultPodRequests` (PodLevelResources): with pod-level limits set, a pod-level
/// cpu or memory request that is missing becomes the pod-level limit. (The branch that copies
/// aggregated container requests applies to hugepages only.) Read from a copy of defaults.go
/// quoted in another project, unverified against kubernetes/kubernetes itself.
fn default_pod_requests(r: &mut Requirements) {
    if r.limits.is_empty() {
        return;
    }
    for name in ["cpu", "memory"] {
        if let Some(lim) = r.limits.get(name) {
            r.requests
                .entry(name.to_owned())
                .or_insert_with(|| lim.clone());
        }
    }
}

/// Parses every quantity of the pod and applies the API server's defaulting.
fn parse_pod<'a>(
    pod: &'a Pod,
    opts: &ResourceOptions,
) -> Result<ParsedPod<'a>, Vec<QuantityFieldError>> {
    let mut errs = Vec::new();
    let Some(spec) = pod.spec.as_ref() else {
        return Ok(ParsedPod {
            init: Vec::new(),
            regular: Vec::new(),
            ephemeral: Vec::new(),
            pod_level: None,
            overhead: ResourceMap::new(),
        });
    };
    let mut regular = Vec::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let path = format!("spec.containers[{i}].resources");
        let mut req = parse_requirements(c.resources.as_ref(), &path, &mut errs);
        default_requests_from_limits(&mut req);
        regular.push(ParsedContainer {
            name: &c.name,
            kind: ContainerKind::Regular,
            req,
        });
    }
    let mut ephemeral = Vec::new();
    for (i, c) in spec.ephemeral_containers.iter().flatten().enumerate() {
        let path = format!("spec.ephemeralContainers[{i}].resources");
        let req = parse_requirements(c.resources.as_ref(), &path, &mut errs);
        ephemeral.push(ParsedContainer {
            name: &c.name,
            kind: ContainerKind::Ephemeral,
            req,
        });
    }
    let mut init = Vec::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let path = format!("spec.initContainers[{i}].resources");
        let mut req = parse_requirements(c.resources.as_ref(), &path, &mut errs);
        default_requests_from_limits(&mut req);
        let kind = if c.restart_policy.as_deref() == Some("Always") {
            ContainerKind::Sidecar
        } else {
            ContainerKind::Init
        };
        init.push(ParsedContainer {
            name: &c.name,
            kind,
            req,
        });
    }
    let overhead = parse_map(spec.overhead.as_ref(), "spec.overhead", &mut errs);
    let pod_level = spec.resources.as_ref().map(|r| {
        let mut req = parse_requirements(Some(r), "spec.resources", &mut errs);
        if opts.pod_level_resources {
            default_pod_requests(&mut req);
        }
        req
    });
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(ParsedPod {
        init,
        regular,
        ephemeral,
        pod_level: pod_level.filter(|_| opts.pod_level_resources),
        overhead,
    })
}

/// cpu and memory of an aggregated resource list, in nano-units; `None` when absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct CpuMem {
    cpu: Option<i128>,
    memory: Option<i128>,
}

impl CpuMem {
    fn of(m: &ResourceMap) -> CpuMem {
        CpuMem {
            cpu: m.get("cpu").map(ParsedQuantity::nanos),
            memory: m.get("memory").map(ParsedQuantity::nanos),
        }
    }

    /// `addResourceList`.
    fn add(&mut self, o: &CpuMem) {
        let add = |a: Option<i128>, b: Option<i128>| match (a, b) {
            (Some(x), Some(y)) => Some(x.saturating_add(y)),
            (x, None) => x,
            (None, y) => y,
        };
        self.cpu = add(self.cpu, o.cpu);
        self.memory = add(self.memory, o.memory);
    }

    /// `maxResourceList`.
    fn max(&mut self, o: &CpuMem) {
        let max = |a: Option<i128>, b: Option<i128>| match (a, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, None) => x,
            (None, y) => y,
        };
        self.cpu = max(self.cpu, o.cpu);
        self.memory = max(self.memory, o.memory);
    }
}

/// Which list of a container to aggregate.
#[derive(Clone, Copy)]
enum Which {
    Requests,
    Limits,
}

fn list(r: &Requirements, which: Which) -> &ResourceMap {
    match which {
        Which::Requests => &r.requests,
        Which::Limits => &r.limits,
    }
}

/// component-helpers resource/helpers.go `aggregateContainerResourcesByFn` (KEP-753): regular
/// containers and sidecars add up; an init container needs itself plus the sidecars started
/// before it; the pod needs the larger of the two. `on_each` sees every list the upstream
/// `ContainerFn` sees: each regular container's, and each init container's combined with the
/// sidecars before it.
fn aggregate(parsed: &ParsedPod<'_>, which: Which, mut on_each: impl FnMut(&CpuMem)) -> CpuMem {
    let mut result = CpuMem::default();
    for c in &parsed.regular {
        let l = CpuMem::of(list(&c.req, which));
        on_each(&l);
        result.add(&l);
    }
    let mut sidecars = CpuMem::default();
    let mut init_peak = CpuMem::default();
    for c in &parsed.init {
        let l = CpuMem::of(list(&c.req, which));
        let phase = if c.kind == ContainerKind::Sidecar {
            result.add(&l);
            sidecars.add(&l);
            sidecars
        } else {
            let mut combined = l;
            combined.add(&sidecars);
            combined
        };
        on_each(&phase);
        init_peak.max(&phase);
    }
    result.max(&init_peak);
    result
}

/// component-helpers `IsPodLevelRequestsSet` / `IsPodLevelResourcesSet` for cpu and memory
/// (hugepages, the other supported kind, are not modelled).
fn pod_level_list_set(m: &ResourceMap) -> bool {
    m.keys()
        .any(|k| k == "cpu" || k == "memory" || k.starts_with("hugepages-"))
}

/// `applyPodLevelResources`: pod-level entries replace the aggregated ones.
fn apply_pod_level(into: &mut CpuMem, m: &ResourceMap) {
    let p = CpuMem::of(m);
    if p.cpu.is_some() {
        into.cpu = p.cpu;
    }
    if p.memory.is_some() {
        into.memory = p.memory;
    }
}

fn nanos_to_milli(n: Option<i128>) -> u64 {
    n.map_or(0, |n| {
        ParsedQuantity::from_nanos(n, QuantityFormat::DecimalSi).milli()
    })
}

fn nanos_to_bytes(n: Option<i128>) -> u64 {
    n.map_or(0, |n| {
        ParsedQuantity::from_nanos(n, QuantityFormat::DecimalSi).bytes()
    })
}

fn memory_max(bytes: u64) -> String {
    if bytes == 0 {
        "max".to_owned()
    } else {
        bytes.to_string()
    }
}

/// Computes QoS, `oom_score_adj` and cgroup values for every container of `pod`, and the pod
/// cgroup's values. Fails with every quantity that does not parse.
///
/// The pod is taken as written in a manifest: the API server's defaulting is applied here.
/// Request > limit and negative values are the API server's to reject
/// ([`validate_resources`]); here negative values count as 0.
pub fn pod_resources(
    pod: &Pod,
    node: &NodeFacts,
    opts: &ResourceOptions,
) -> Result<PodResources, Vec<QuantityFieldError>> {
    let parsed = parse_pod(pod, opts)?;
    let qos = qos::compute_pod_qos(
        parsed.pod_level.as_ref(),
        parsed.init.iter().chain(&parsed.regular).map(|c| &c.req),
    );
    let node_critical = is_node_critical_pod(pod, opts.static_pod);
    let pod_level_requests_set = parsed
        .pod_level
        .as_ref()
        .is_some_and(|p| pod_level_list_set(&p.requests));
    let pod_level_resources_set = parsed
        .pod_level
        .as_ref()
        .is_some_and(|p| pod_level_list_set(&p.requests) || pod_level_list_set(&p.limits));

    // policy.go remainingPodMemReqPerContainer: the pod-level memory request not given to any
    // container, split equally over all regular and init containers.
    let remaining_per_container: i128 = match parsed.pod_level.as_ref() {
        Some(p) if pod_level_requests_set => {
            let pod_mem = p.requests.get("memory").map_or(0, ParsedQuantity::value);
            let n = i128::try_from(parsed.regular.len() + parsed.init.len()).unwrap_or(1);
            if pod_mem == 0 || n == 0 {
                0
            } else {
                let aggr = aggregate(&parsed, Which::Requests, |_| {});
                let aggr_mem = i128::from(
                    ParsedQuantity::from_nanos(aggr.memory.unwrap_or(0), QuantityFormat::BinarySi)
                        .value(),
                );
                // Go's integer division truncates toward zero, as Rust's does.
                (i128::from(pod_mem) - aggr_mem) / n
            }
        }
        _ => 0,
    };
    let with_share = |bytes: u64| -> u64 {
        u64::try_from((i128::from(bytes) + remaining_per_container).max(0)).unwrap_or(u64::MAX)
    };
    // policy.go minRegularContainerMemory (0 when there are no regular containers).
    let min_regular = parsed
        .regular
        .iter()
        .map(|c| {
            c.req
                .requests
                .get("memory")
                .map_or(0, ParsedQuantity::bytes)
        })
        .min()
        .unwrap_or(0);

    let pod_limits_list = parsed.pod_level.as_ref().map(|p| &p.limits);
    let container = |c: &ParsedContainer<'_>| -> ContainerResources {
        let mem_request = c
            .req
            .requests
            .get("memory")
            .map_or(0, ParsedQuantity::bytes);
        let sidecar_floor = (c.kind == ContainerKind::Sidecar).then(|| with_share(min_regular));
        let oom = oom_score_adj(
            qos,
            node_critical,
            with_share(mem_request),
            sidecar_floor,
            node.memory_capacity,
        );
        let cgroup = container_cgroup(
            &c.req,
            pod_limits_list.filter(|_| pod_level_resources_set),
            node,
            opts,
        );
        ContainerResources {
            name: c.name.to_owned(),
            kind: c.kind,
            requests: Resources::from_map(&c.req.requests),
            limits: Resources::from_map(&c.req.limits),
            oom_score_adj: oom,
            cgroup,
        }
    };
    let init_containers = parsed.init.iter().map(container).collect();
    let containers = parsed.regular.iter().map(container).collect();
    let ephemeral_containers = parsed.ephemeral.iter().map(container).collect();

    // component-helpers PodRequests / PodLimits and helpers_linux.go ResourceConfigForPod.
    let overhead = CpuMem::of(&parsed.overhead);
    let mut requests = aggregate(&parsed, Which::Requests, |_| {});
    if let Some(p) = parsed.pod_level.as_ref().filter(|_| pod_level_requests_set) {
        apply_pod_level(&mut requests, &p.requests);
    }
    requests.add(&overhead);
    let mut cpu_limits_declared = true;
    let mut memory_limits_declared = true;
    let mut limits = aggregate(&parsed, Which::Limits, |l| {
        if l.cpu.unwrap_or(0) == 0 {
            cpu_limits_declared = false;
        }
        if l.memory.unwrap_or(0) == 0 {
            memory_limits_declared = false;
        }
    });
    if let Some(p) = parsed
        .pod_level
        .as_ref()
        .filter(|_| pod_level_resources_set)
    {
        apply_pod_level(&mut limits, &p.limits);
        if p.limits.get("cpu").is_some_and(|q| !q.is_zero()) {
            cpu_limits_declared = true;
        }
        if p.limits.get("memory").is_some_and(|q| !q.is_zero()) {
            memory_limits_declared = true;
        }
    }
    // Overhead only goes onto limits that are set and non-zero.
    if limits.cpu.is_some_and(|v| v != 0) {
        limits.cpu = limits
            .cpu
            .map(|v| v.saturating_add(overhead.cpu.unwrap_or(0)));
    }
    if limits.memory.is_some_and(|v| v != 0) {
        limits.memory = limits
            .memory
            .map(|v| v.saturating_add(overhead.memory.unwrap_or(0)));
    }
    let cgroup = pod_cgroup(
        qos,
        &requests,
        &limits,
        cpu_limits_declared,
        memory_limits_declared,
        opts,
    );

    Ok(PodResources {
        qos,
        node_critical,
        init_containers,
        containers,
        ephemeral_containers,
        requests: Resources::from_sums(&requests),
        limits: Resources::from_sums(&limits),
        cgroup,
    })
}

/// Only the QoS class of a pod (qos.go `ComputePodQOS`, after API defaulting).
pub fn pod_qos_class(
    pod: &Pod,
    opts: &ResourceOptions,
) -> Result<QosClass, Vec<QuantityFieldError>> {
    let parsed = parse_pod(pod, opts)?;
    Ok(qos::compute_pod_qos(
        parsed.pod_level.as_ref(),
        parsed.init.iter().chain(&parsed.regular).map(|c| &c.req),
    ))
}

/// kuberuntime_container_linux.go `generateLinuxContainerResources` + `calculateLinuxResources`
/// for one container. `pod_limits` is the pod-level limit list when pod-level resources are set
/// (`getCPULimit` / `getMemoryLimit` use it when the container has no limit of its own).
fn container_cgroup(
    r: &Requirements,
    pod_limits: Option<&ResourceMap>,
    node: &NodeFacts,
    opts: &ResourceOptions,
) -> CgroupValues {
    let own_or_pod = |name: &str| -> Option<&ParsedQuantity> {
        let own = r.limits.get(name);
        match pod_limits {
            Some(p) if own.is_none_or(ParsedQuantity::is_zero) => p.get(name),
            _ => own,
        }
    };
    let cpu_limit_milli = own_or_pod("cpu").map_or(0, ParsedQuantity::milli);
    let memory_limit = own_or_pod("memory").map_or(0, ParsedQuantity::bytes);
    // "If request is not specified, but limit is, we want request to default to limit."
    let shares = match r.requests.get("cpu") {
        Some(req) => milli_cpu_to_shares(req.milli()),
        None => milli_cpu_to_shares(cpu_limit_milli),
    };
    let (memory_min, memory_high_file) = if opts.memory_qos {
        let request = r.requests.get("memory").map_or(0, ParsedQuantity::bytes);
        // MemoryQoS uses the container's own limit, not the pod-level one.
        let limit = r.limits.get("memory").map_or(0, ParsedQuantity::bytes);
        let high = memory_high(request, limit, node.memory_allocatable)
            .map_or_else(|| "max".to_owned(), |h| h.to_string());
        (Some(request), Some(high))
    } else {
        (None, None)
    };
    CgroupValues {
        cpu_shares: shares,
        cpu_weight: cpu_shares_to_weight(shares, opts.cpu_weight),
        cpu_max: cpu_max(milli_cpu_to_quota(cpu_limit_milli)),
        memory_max: memory_max(memory_limit),
        memory_min,
        memory_high: memory_high_file,
        memory_oom_group: true,
    }
}

/// helpers_linux.go `ResourceConfigForPod` (read from the current file; k8s-facts §6.3 had it
/// from memory): Guaranteed pods get shares, quota and memory limit; Burstable pods shares, and
/// quota / memory limit only when every container declares that limit; BestEffort pods only
/// the minimum shares. MemoryQoS adds `memory.min` = the pod's memory request.
fn pod_cgroup(
    qos: QosClass,
    requests: &CpuMem,
    limits: &CpuMem,
    cpu_limits_declared: bool,
    memory_limits_declared: bool,
    opts: &ResourceOptions,
) -> CgroupValues {
    let shares = milli_cpu_to_shares(nanos_to_milli(requests.cpu));
    let quota = milli_cpu_to_quota(nanos_to_milli(limits.cpu));
    let memory_limit = nanos_to_bytes(limits.memory);
    let (shares, cpu_max_file, memory_max_file) = match qos {
        QosClass::Guaranteed => (shares, cpu_max(quota), memory_max(memory_limit)),
        QosClass::Burstable => (
            shares,
            cpu_max(if cpu_limits_declared { quota } else { 0 }),
            memory_max(if memory_limits_declared {
                memory_limit
            } else {
                0
            }),
        ),
        QosClass::BestEffort => (MIN_SHARES, cpu_max(0), memory_max(0)),
    };
    let (memory_min, memory_high_file) = if opts.memory_qos {
        (
            Some(nanos_to_bytes(requests.memory)),
            Some("max".to_owned()),
        )
    } else {
        (None, None)
    };
    CgroupValues {
        cpu_shares: shares,
        cpu_weight: cpu_shares_to_weight(shares, opts.cpu_weight),
        cpu_max: cpu_max_file,
        memory_max: memory_max_file,
        memory_min,
        memory_high: memory_high_file,
        memory_oom_group: false,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const GIB8: u64 = 8 << 30;
    const NODE: NodeFacts = NodeFacts {
        memory_capacity: GIB8,
        memory_allocatable: GIB8 - (100 << 20),
    };

    fn pod(spec: &str) -> Pod {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  uid: 2d0b7a4e-6a39-4c6b-9d0e-3f5a0f0f8c11\nspec:\n{spec}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn res(spec: &str) -> PodResources {
        pod_resources(&pod(spec), &NODE, &ResourceOptions::default()).unwrap()
    }

    #[test]
    fn best_effort_pod() {
        let r = res("  containers:\n  - name: nginx\n    image: nginx\n");
        assert_eq!(r.qos, QosClass::BestEffort);
        let c = &r.containers[0];
        assert_eq!(c.oom_score_adj, 1000);
        assert_eq!(c.requests, Resources::default());
        assert_eq!(
            c.cgroup,
            CgroupValues {
                cpu_shares: 2,
                cpu_weight: 1,
                cpu_max: "max 100000".into(),
                memory_max: "max".into(),
                memory_min: None,
                memory_high: None,
                memory_oom_group: true,
            }
        );
        assert_eq!(r.cgroup.cpu_weight, 1);
        assert_eq!(r.cgroup.cpu_max, "max 100000");
        assert_eq!(r.cgroup.memory_max, "max");
        assert!(!r.cgroup.memory_oom_group);
    }

    #[test]
    fn limits_alone_make_guaranteed() {
        let r = res(
            "  containers:\n  - name: app\n    image: nginx\n    resources:\n      limits: {cpu: 500m, memory: 128Mi}\n",
        );
        assert_eq!(r.qos, QosClass::Guaranteed);
        let c = &r.containers[0];
        assert_eq!(
            c.requests,
            Resources {
                cpu_milli: Some(500),
                memory_bytes: Some(128 << 20)
            }
        );
        assert_eq!(c.oom_score_adj, -997);
        assert_eq!(c.cgroup.cpu_shares, 512);
        assert_eq!(c.cgroup.cpu_weight, 59);
        assert_eq!(c.cgroup.cpu_max, "50000 100000");
        assert_eq!(c.cgroup.memory_max, "134217728");
        assert_eq!(r.cgroup.cpu_weight, 59);
        assert_eq!(r.cgroup.cpu_max, "50000 100000");
        assert_eq!(r.cgroup.memory_max, "134217728");
    }

    #[test]
    fn burstable_pod_values() {
        let r = res(
            "  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {cpu: 250m, memory: 512Mi}\n      limits: {cpu: '1', memory: 1Gi}\n  - name: log\n    image: busybox\n    resources:\n      requests: {memory: 64Mi}\n",
        );
        assert_eq!(r.qos, QosClass::Burstable);
        let app = &r.containers[0];
        assert_eq!(app.oom_score_adj, 938);
        assert_eq!(app.cgroup.cpu_weight, 35);
        assert_eq!(app.cgroup.cpu_max, "100000 100000");
        assert_eq!(app.cgroup.memory_max, "1073741824");
        let log = &r.containers[1];
        assert_eq!(log.oom_score_adj, 993);
        assert_eq!(log.cgroup.cpu_weight, 1);
        assert_eq!(log.cgroup.cpu_max, "max 100000");
        // Pod: shares from the summed requests; no quota / memory.max since `log` has no
        // limits.
        assert_eq!(
            r.requests,
            Resources {
                cpu_milli: Some(250),
                memory_bytes: Some(576 << 20)
            }
        );
        assert_eq!(r.cgroup.cpu_shares, 256);
        assert_eq!(r.cgroup.cpu_max, "max 100000");
        assert_eq!(r.cgroup.memory_max, "max");
    }

    #[test]
    fn burstable_pod_with_all_limits_gets_pod_quota() {
        let r = res(
            "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n      limits: {cpu: 500m, memory: 128Mi}\n  - name: b\n    image: nginx\n    resources:\n      limits: {cpu: 250m, memory: 64Mi}\n",
        );
        assert_eq!(r.qos, QosClass::Burstable);
        assert_eq!(r.cgroup.cpu_shares, milli_cpu_to_shares(350));
        assert_eq!(r.cgroup.cpu_max, "75000 100000");
        assert_eq!(r.cgroup.memory_max, (192u64 << 20).to_string());
        assert_eq!(r.containers[1].oom_score_adj, 993);
    }

    #[test]
    fn init_containers_count_for_qos_ephemeral_do_not() {
        let g = "    resources:\n      limits: {cpu: 100m, memory: 64Mi}\n";
        let r = res(&format!(
            "  initContainers:\n  - name: init\n    image: busybox\n  containers:\n  - name: app\n    image: nginx\n{g}"
        ));
        assert_eq!(r.qos, QosClass::Burstable);
        assert_eq!(r.init_containers[0].kind, ContainerKind::Init);
        assert_eq!(r.init_containers[0].oom_score_adj, 999);
        let r = res(&format!(
            "  containers:\n  - name: app\n    image: nginx\n{g}  ephemeralContainers:\n  - name: debug\n    image: busybox\n"
        ));
        assert_eq!(r.qos, QosClass::Guaranteed);
        assert_eq!(r.ephemeral_containers[0].kind, ContainerKind::Ephemeral);
        assert_eq!(r.ephemeral_containers[0].oom_score_adj, -997);
        assert_eq!(r.ephemeral_containers[0].cgroup.cpu_weight, 1);
    }

    #[test]
    fn sidecar_oom_and_pod_aggregation() {
        let r = res(
            "  initContainers:\n  - name: init\n    image: busybox\n    resources:\n      requests: {cpu: '2', memory: 1Gi}\n  - name: proxy\n    image: envoy\n    restartPolicy: Always\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {cpu: 500m, memory: 512Mi}\n",
        );
        assert_eq!(r.qos, QosClass::Burstable);
        let proxy = &r.init_containers[1];
        assert_eq!(proxy.kind, ContainerKind::Sidecar);
        // Own request gives 993; the smallest regular request (512Mi) gives 938.
        assert_eq!(proxy.oom_score_adj, 938);
        assert_eq!(r.init_containers[0].oom_score_adj, 875);
        // Pod requests: max(app + proxy, init) = max(600m, 2) cpu; memory max(576Mi, 1Gi).
        assert_eq!(
            r.requests,
            Resources {
                cpu_milli: Some(2000),
                memory_bytes: Some(1 << 30)
            }
        );
        // An init container after the sidecar needs itself plus the sidecar.
        let r = res(
            "  initContainers:\n  - name: proxy\n    image: envoy\n    restartPolicy: Always\n    resources:\n      requests: {cpu: 100m}\n  - name: init\n    image: busybox\n    resources:\n      requests: {cpu: '2'}\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {cpu: 500m}\n",
        );
        assert_eq!(r.requests.cpu_milli, Some(2100));
    }

    #[test]
    fn node_critical_pods() {
        let r = res(
            "  priorityClassName: system-node-critical\n  containers:\n  - name: app\n    image: nginx\n",
        );
        assert!(r.node_critical);
        assert_eq!(r.qos, QosClass::BestEffort);
        assert_eq!(r.containers[0].oom_score_adj, -997);
    }

    #[test]
    fn memory_qos_values() {
        let opts = ResourceOptions {
            memory_qos: true,
            ..ResourceOptions::default()
        };
        let p = pod(
            "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {memory: 64Mi}\n      limits: {memory: 128Mi}\n  - name: b\n    image: nginx\n    resources:\n      limits: {memory: 128Mi}\n  - name: c\n    image: nginx\n",
        );
        let r = pod_resources(&p, &NODE, &opts).unwrap();
        let [a, b, c] = &r.containers[..] else {
            panic!("three containers")
        };
        assert_eq!(a.cgroup.memory_min, Some(64 << 20));
        assert_eq!(a.cgroup.memory_high.as_deref(), Some("127504384"));
        // b: the request defaulted to the limit, so no memory.high.
        assert_eq!(b.cgroup.memory_min, Some(128 << 20));
        assert_eq!(b.cgroup.memory_high.as_deref(), Some("max"));
        // c: request 0 == limit 0: nothing in the 1.35 code.
        assert_eq!(c.cgroup.memory_min, Some(0));
        assert_eq!(c.cgroup.memory_high.as_deref(), Some("max"));
        assert_eq!(r.cgroup.memory_min, Some(192 << 20));
    }

    #[test]
    fn old_cpu_weight_formula() {
        let opts = ResourceOptions {
            cpu_weight: CpuWeightFormula::Old,
            ..ResourceOptions::default()
        };
        let p = pod(
            "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: '1'}\n",
        );
        let r = pod_resources(&p, &NODE, &opts).unwrap();
        assert_eq!(r.containers[0].cgroup.cpu_weight, 39);
    }

    #[test]
    fn pod_level_resources() {
        let spec = "  resources:\n    limits: {cpu: '1', memory: 1Gi}\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: 100m, memory: 128Mi}\n  - name: b\n    image: nginx\n";
        let r = res(spec);
        // Pod-level requests default to the pod-level limits: Guaranteed.
        assert_eq!(r.qos, QosClass::Guaranteed);
        assert_eq!(r.containers[0].oom_score_adj, -997);
        // Containers without limits get the pod-level limits in their cgroup.
        assert_eq!(r.containers[1].cgroup.cpu_max, "100000 100000");
        assert_eq!(r.containers[1].cgroup.memory_max, "1073741824");
        // b has no cpu request: shares come from the (pod-level) limit.
        assert_eq!(r.containers[1].cgroup.cpu_shares, 1024);
        assert_eq!(r.cgroup.cpu_max, "100000 100000");
        assert_eq!(r.cgroup.memory_max, "1073741824");
        assert_eq!(r.requests.cpu_milli, Some(1000));
        // Without the gate, the containers decide.
        let opts = ResourceOptions {
            pod_level_resources: false,
            ..ResourceOptions::default()
        };
        let r = pod_resources(&pod(spec), &NODE, &opts).unwrap();
        assert_eq!(r.qos, QosClass::Burstable);
        assert_eq!(r.containers[1].cgroup.memory_max, "max");
        // Burstable with pod-level requests: the unallocated request is shared out.
        let r = res(
            "  resources:\n    requests: {memory: 2Gi}\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {memory: 512Mi}\n  - name: b\n    image: nginx\n",
        );
        assert_eq!(r.qos, QosClass::Burstable);
        // (2Gi - 512Mi) / 2 = 768Mi each: a → 1280Mi → 844, b → 768Mi → 907.
        assert_eq!(r.containers[0].oom_score_adj, 844);
        assert_eq!(r.containers[1].oom_score_adj, 907);
    }

    #[test]
    fn overhead_is_added() {
        let r = res(
            "  overhead: {cpu: 250m, memory: 120Mi}\n  containers:\n  - name: a\n    image: nginx\n    resources:\n      limits: {cpu: 500m, memory: 128Mi}\n",
        );
        assert_eq!(r.requests.cpu_milli, Some(750));
        assert_eq!(r.limits.memory_bytes, Some(248 << 20));
        assert_eq!(r.cgroup.cpu_max, "75000 100000");
    }

    #[test]
    fn bad_quantities_are_reported_with_paths() {
        let p = pod(
            "  containers:\n  - name: a\n    image: nginx\n    resources:\n      limits: {memory: 128MB}\n      requests: {cpu: 1x, memory: 64Mi}\n  initContainers:\n  - name: i\n    image: busybox\n    resources:\n      requests: {cpu: 1kk}\n",
        );
        let errs = pod_resources(&p, &NODE, &ResourceOptions::default()).unwrap_err();
        let shown: Vec<(&str, &str, String)> = errs
            .iter()
            .map(|e| (e.path.as_str(), e.value.as_str(), e.to_string()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "spec.containers[0].resources.limits[memory]",
                    "128MB",
                    QUANTITY_FORMAT_MESSAGE.to_owned()
                ),
                (
                    "spec.containers[0].resources.requests[cpu]",
                    "1x",
                    QUANTITY_FORMAT_MESSAGE.to_owned()
                ),
                (
                    "spec.initContainers[0].resources.requests[cpu]",
                    "1kk",
                    "unable to parse quantity's suffix".to_owned()
                ),
            ]
        );
        assert!(pod_qos_class(&p, &ResourceOptions::default()).is_err());
    }

    #[test]
    fn numbers_in_yaml_are_quantities() {
        let r = res(
            "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: 0.5, memory: 1e3}\n      limits: {cpu: 1}\n",
        );
        assert_eq!(r.containers[0].requests.cpu_milli, Some(500));
        assert_eq!(r.containers[0].requests.memory_bytes, Some(1000));
        assert_eq!(r.containers[0].limits.cpu_milli, Some(1000));
    }

    #[test]
    fn pod_without_spec_is_best_effort() {
        let p: Pod =
            serde_yaml::from_str("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n").unwrap();
        let r = pod_resources(&p, &NODE, &ResourceOptions::default()).unwrap();
        assert_eq!(r.qos, QosClass::BestEffort);
        assert!(r.containers.is_empty());
    }
}
