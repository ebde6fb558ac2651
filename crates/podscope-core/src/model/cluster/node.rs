//! `kind: Node` as the scheduler sees it: name, labels, capacity and allocatable, pod CIDR,
//! InternalIP, taints and `spec.unschedulable`, with `ValidateNode`'s checks.

use crate::model::sort::CollectMap;
use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::resources::ParsedQuantity;
use crate::model::validate::{self, FieldError, NameRule};

use super::{
    DEFAULT_MAX_PODS, DEFAULT_NODE_CPU_MILLI, DEFAULT_NODE_MEMORY_BYTES, DEFAULT_NODE_NAME,
    EVICTION_HARD_MEMORY,
};

/// cpu, memory and pods of a node's `status.capacity` or `status.allocatable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeResources {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub pods: u32,
}

/// A taint's effect (`validateTaintEffect`'s supported values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}

impl TaintEffect {
    pub const NAMES: &'static [&'static str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "NoSchedule" => Some(TaintEffect::NoSchedule),
            "PreferNoSchedule" => Some(TaintEffect::PreferNoSchedule),
            "NoExecute" => Some(TaintEffect::NoExecute),
            _ => None,
        }
    }
}

/// One `spec.taints` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: TaintEffect,
}

/// A node of the playground.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpec {
    pub name: String,
    /// `metadata.labels` plus the labels the kubelet sets when missing.
    pub labels: BTreeMap<String, String>,
    pub capacity: NodeResources,
    pub allocatable: NodeResources,
    /// `spec.podCIDR`, else what kube-controller-manager's node IPAM would assign.
    pub pod_cidr: String,
    /// The `InternalIP` of `status.addresses`, else podscope's default.
    pub internal_ip: String,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    /// The extended resources the node advertises (`status.allocatable`, else
    /// `status.capacity`): `example.com/dongle: 4`, whole units.
    pub extended: Map<String, u64>,
}

/// pkg/apis/core/v1/helper/helpers.go `IsExtendedResourceName`: a name with a domain that is
/// not `kubernetes.io` (`IsNativeResource`), not a quota's `requests.` name.
pub fn is_extended_resource_name(name: &str) -> bool {
    name.contains('/') && !name.contains("kubernetes.io/") && !name.starts_with("requests.")
}

/// The extended resources of a quantity map, in whole units.
fn read_extended(map: Option<&QuantityMap>) -> Map<String, u64> {
    map.into_iter()
        .flatten()
        .filter(|(k, _)| is_extended_resource_name(k))
        .filter_map(|(k, q)| {
            let q = ParsedQuantity::parse_json(&q.0).ok()?;
            Some((k.clone(), u64::try_from(q.value()).unwrap_or(0)))
        })
        .collect()
}

/// The labels the kubelet puts on its Node (pkg/kubelet/kubelet_node_status.go `initialNode`:
/// `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`, and the beta
/// `beta.kubernetes.io/os` and `beta.kubernetes.io/arch` it still applies "to ensure
/// backward compatibility", staging/src/k8s.io/api/core/v1/well_known_labels.go), for a
/// linux/amd64 node.
fn kubelet_labels(name: &str) -> [(&'static str, String); 5] {
    [
        ("beta.kubernetes.io/arch", "amd64".to_owned()),
        ("beta.kubernetes.io/os", "linux".to_owned()),
        ("kubernetes.io/arch", "amd64".to_owned()),
        ("kubernetes.io/hostname", name.to_owned()),
        ("kubernetes.io/os", "linux".to_owned()),
    ]
}

/// The pod CIDR of the `index`th node (0-based): `10.244.<index+1>.0/24`, as
/// kube-controller-manager's range allocator (pkg/controller/nodeipam/ipam/range_allocator.go)
/// cuts kubeadm's usual `--cluster-cidr=10.244.0.0/16` into /24s; the first /24 goes to the
/// control plane, so workers start at 10.244.1.0 (the default node's CIDR).
pub fn default_pod_cidr(index: usize) -> String {
    format!("10.244.{}.0/24", (index + 1).min(255))
}

/// podscope's InternalIP for the `index`th node without `status.addresses`: `172.18.0.<index+2>`,
/// the addresses kind's docker network `kind` hands its node containers. Not a Kubernetes rule.
pub fn default_internal_ip(index: usize) -> String {
    format!("172.18.0.{}", (index + 2).min(254))
}

impl NodeSpec {
    /// The default node: `node-1`, 2 CPUs, 8 GiB, 110 pods, allocatable memory less the
    /// kubelet's 100Mi hard eviction threshold.
    pub fn default_node() -> NodeSpec {
        let capacity = NodeResources {
            cpu_milli: DEFAULT_NODE_CPU_MILLI,
            memory_bytes: DEFAULT_NODE_MEMORY_BYTES,
            pods: DEFAULT_MAX_PODS,
        };
        NodeSpec {
            name: DEFAULT_NODE_NAME.to_owned(),
            labels: kubelet_labels(DEFAULT_NODE_NAME)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect_map(),
            capacity,
            allocatable: allocatable_from(capacity),
            pod_cidr: default_pod_cidr(0),
            internal_ip: default_internal_ip(0),
            taints: Vec::new(),
            unschedulable: false,
            extended: Map::new(),
        }
    }
}

/// Allocatable without `status.allocatable`: capacity minus the hard eviction threshold
/// (no kube-reserved or system-reserved, the kubelet's defaults; pkg/kubelet/cm/
/// node_container_manager_linux.go `GetNodeAllocatableAbsolute`).
fn allocatable_from(capacity: NodeResources) -> NodeResources {
    NodeResources {
        memory_bytes: capacity.memory_bytes.saturating_sub(EVICTION_HARD_MEMORY),
        ..capacity
    }
}

type QuantityMap = BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>;

/// cpu, memory and pods of a quantity map; what is missing or does not parse comes from
/// `fallback`.
fn read_resources(map: Option<&QuantityMap>, fallback: NodeResources) -> NodeResources {
    let get = |k: &str| {
        map.and_then(|m| m.get(k))
            .and_then(|q| ParsedQuantity::parse_json(&q.0).ok())
            .filter(|q| !q.is_negative())
    };
    NodeResources {
        cpu_milli: get("cpu").map_or(fallback.cpu_milli, |q| q.milli()),
        memory_bytes: get("memory").map_or(fallback.memory_bytes, |q| q.bytes()),
        pods: get("pods").map_or(fallback.pods, |q| {
            u32::try_from(q.value()).unwrap_or(u32::MAX)
        }),
    }
}

/// Converts and validates the `index`th Node of the manifest.
///
/// Validation models pkg/apis/core/validation/validation.go `ValidateNode`: the name is a DNS
/// subdomain; taints (`validateNodeTaints`) have a qualified-name key, a label value and a
/// supported effect, unique per key and effect. Upstream reports taints under
/// `metadata.taints` (it passes the metadata path); so does podscope.
pub fn node_from_api(node: &api::Node, index: usize) -> Result<NodeSpec, Vec<FieldError>> {
    let (name, _, mut errs) =
        validate::object_meta_named(&node.metadata, NameRule::Dns1123Subdomain);
    let spec = node.spec.clone().unwrap_or_default();
    let status = node.status.clone().unwrap_or_default();
    let mut taints = Vec::new();
    let mut unique = Map::<TaintEffect, Vec<String>>::new();
    for (i, t) in spec.taints.iter().flatten().enumerate() {
        let path = format!("metadata.taints[{i}]");
        for m in validate::formats::qualified_name(&t.key) {
            errs.push(FieldError::invalid(format!("{path}.key"), &t.key, m));
        }
        let value = t.value.clone().unwrap_or_default();
        let bad = validate::formats::label_value(&value);
        if !bad.is_empty() {
            errs.push(FieldError::invalid(
                format!("{path}.value"),
                &value,
                bad.join(";"),
            ));
        }
        let effect = match t.effect.as_str() {
            "" => {
                errs.push(FieldError::required(format!("{path}.effect")));
                continue;
            }
            e => match TaintEffect::parse(e) {
                Some(effect) => effect,
                None => {
                    errs.push(FieldError::unsupported(
                        format!("{path}.effect"),
                        e,
                        TaintEffect::NAMES,
                    ));
                    continue;
                }
            },
        };
        let keys = unique.entry(effect).or_default();
        if keys.contains(&t.key) {
            // `field.Duplicate(idxPath, currTaint)` with a detail; the internal core.Taint
            // has no String(), so Go prints it with `%#v`.
            errs.push(FieldError::duplicate_raw(
                path,
                format!(
                    "core.Taint{{Key:{:?}, Value:{:?}, Effect:{:?}, TimeAdded:(*v1.Time)(nil)}}",
                    t.key, value, t.effect
                ),
                Some("taints must be unique by key and effect pair".to_owned()),
            ));
            continue;
        }
        keys.push(t.key.clone());
        taints.push(Taint {
            key: t.key.clone(),
            value,
            effect,
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let default = NodeSpec::default_node();
    let capacity = read_resources(status.capacity.as_ref(), default.capacity);
    let allocatable = match status.allocatable.as_ref() {
        Some(a) => read_resources(Some(a), allocatable_from(capacity)),
        None => allocatable_from(capacity),
    };
    let mut labels = node.metadata.labels.clone().unwrap_or_default();
    for (k, v) in kubelet_labels(&name) {
        labels.entry(k.to_owned()).or_insert(v);
    }
    let pod_cidr = spec
        .pod_cidr
        .clone()
        .filter(|c| !c.is_empty())
        .or_else(|| spec.pod_cidrs.as_ref().and_then(|c| c.first().cloned()))
        .unwrap_or_else(|| default_pod_cidr(index));
    let internal_ip = status
        .addresses
        .iter()
        .flatten()
        .find(|a| a.type_ == "InternalIP")
        .map(|a| a.address.clone())
        .unwrap_or_else(|| default_internal_ip(index));
    Ok(NodeSpec {
        name,
        labels,
        capacity,
        allocatable,
        pod_cidr,
        internal_ip,
        taints,
        unschedulable: spec.unschedulable.unwrap_or(false),
        extended: read_extended(status.allocatable.as_ref().or(status.capacity.as_ref())),
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn node(yaml: &str) -> api::Node {
        serde_yaml::from_str(yaml).expect("node yaml")
    }

    #[test]
    fn extended_resources_come_from_allocatable_or_capacity() {
        let n = node_from_api(
            &node("metadata: {name: n}\nstatus:\n  capacity: {cpu: '4', example.com/dongle: '4', hugepages-2Mi: '0', kubernetes.io/batteries: '2'}\n"),
            0,
        )
        .expect("valid");
        assert_eq!(
            n.extended,
            Map::from([("example.com/dongle".to_owned(), 4)])
        );
        assert!(NodeSpec::default_node().extended.is_empty());
        assert!(is_extended_resource_name("example.com/dongle"));
        assert!(!is_extended_resource_name("cpu"));
        assert!(!is_extended_resource_name("requests.example.com/dongle"));
        assert!(!is_extended_resource_name("node.kubernetes.io/x"));
    }

    #[test]
    fn default_node_matches_the_documented_numbers() {
        let n = NodeSpec::default_node();
        assert_eq!(n.name, "node-1");
        assert_eq!(n.capacity.cpu_milli, 2000);
        assert_eq!(n.capacity.memory_bytes, 8 << 30);
        assert_eq!(n.allocatable.memory_bytes, (8 << 30) - (100 << 20));
        assert_eq!(n.allocatable.pods, 110);
        assert_eq!(n.pod_cidr, "10.244.1.0/24");
        assert_eq!(
            n.labels.get("kubernetes.io/hostname").map(String::as_str),
            Some("node-1")
        );
    }

    #[test]
    fn capacity_allocatable_cidr_and_ip_from_the_manifest() {
        let n = node_from_api(
            &node(
                "metadata: {name: big, labels: {disktype: ssd}}
spec: {taints: [{key: gpu, value: 'true', effect: NoSchedule}], unschedulable: true}
status:
  capacity: {cpu: '8', memory: 32Gi, pods: '250'}
  addresses: [{type: InternalIP, address: 10.1.2.3}]",
            ),
            2,
        )
        .expect("valid");
        assert_eq!(n.capacity.cpu_milli, 8000);
        assert_eq!(n.allocatable.memory_bytes, (32 << 30) - (100 << 20));
        assert_eq!(n.allocatable.pods, 250);
        assert_eq!(n.pod_cidr, "10.244.3.0/24");
        assert_eq!(n.internal_ip, "10.1.2.3");
        assert!(n.unschedulable);
        assert_eq!(
            n.labels.get("kubernetes.io/hostname").map(String::as_str),
            Some("big")
        );
        assert_eq!(n.taints.len(), 1);
        let a = node_from_api(
            &node("metadata: {name: a}\nstatus: {allocatable: {cpu: 1500m}}"),
            0,
        )
        .expect("valid");
        assert_eq!(a.allocatable.cpu_milli, 1500);
        assert_eq!(a.capacity.cpu_milli, 2000);
    }

    #[test]
    fn bad_taints_and_names() {
        let errs = node_from_api(
            &node("metadata: {name: Bad_Node}\nspec: {taints: [{key: k, effect: Sometimes}]}"),
            0,
        )
        .expect_err("invalid");
        let texts: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(texts[0].starts_with("metadata.name: Invalid value: \"Bad_Node\""));
        assert_eq!(
            texts[1],
            "metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""
        );
    }
}
