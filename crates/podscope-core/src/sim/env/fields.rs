//! The downward API for env: `fieldRef` (the pod's name, namespace, uid, labels,
//! annotations, node, service account, IPs) and `resourceFieldRef` (a container's requests
//! and limits, limits defaulting to the node's allocatable).
//!
//! Models pkg/kubelet/kubelet_pods.go `podFieldSelectorRuntimeValue`,
//! pkg/fieldpath/fieldpath.go `ExtractFieldPathAsString` + `FormatMap`,
//! pkg/api/v1/resource/helpers.go `ExtractContainerResourceValue`, `findContainerInPod`,
//! `MergeContainerResourceLimits` (via the kubelet's `defaultPodLimitsForDownwardAPI`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::resources::ParsedQuantity;

/// What a `fieldRef` can read about the pod at container start.
pub(crate) struct PodFacts<'a> {
    pub name: &'a str,
    pub namespace: &'a str,
    pub uid: &'a str,
    pub labels: &'a BTreeMap<String, String>,
    pub annotations: Option<&'a BTreeMap<String, String>>,
    pub node_name: &'a str,
    pub service_account: &'a str,
    pub pod_ip: String,
    pub host_ip: String,
}

/// `FormatMap`: `key="value"` lines, keys sorted, no trailing newline.
fn format_map(m: &BTreeMap<String, String>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `metadata.labels['key']` → `Some(("metadata.labels", "key"))`.
fn subscript(path: &str) -> Option<(&str, &str)> {
    let (base, rest) = path.split_once("['")?;
    let key = rest.strip_suffix("']")?;
    Some((base, key))
}

/// The value of a `fieldRef`, or the kubelet's error text.
pub(crate) fn field_value(path: &str, pod: &PodFacts<'_>) -> Result<String, String> {
    let empty = BTreeMap::new();
    let annotations = pod.annotations.unwrap_or(&empty);
    if let Some((base, key)) = subscript(path) {
        return match base {
            "metadata.labels" => Ok(pod.labels.get(key).cloned().unwrap_or_default()),
            "metadata.annotations" => Ok(annotations.get(key).cloned().unwrap_or_default()),
            // podshelper.ConvertDownwardAPIFieldLabel
            _ => Err(format!("field label not supported: {path}")),
        };
    }
    match path {
        "spec.nodeName" => Ok(pod.node_name.to_owned()),
        "spec.serviceAccountName" => Ok(pod.service_account.to_owned()),
        // One node address and one pod address (single-stack IPv4).
        "status.hostIP" | "status.hostIPs" => Ok(pod.host_ip.clone()),
        "status.podIP" | "status.podIPs" => Ok(pod.pod_ip.clone()),
        "metadata.name" => Ok(pod.name.to_owned()),
        "metadata.namespace" => Ok(pod.namespace.to_owned()),
        "metadata.uid" => Ok(pod.uid.to_owned()),
        "metadata.labels" => Ok(format_map(pod.labels)),
        "metadata.annotations" => Ok(format_map(annotations)),
        "spec.restartPolicy" | "spec.schedulerName" | "status.phase" => {
            Err(format!("unsupported fieldPath: {path}"))
        }
        _ => Err(format!("field label not supported: {path}")),
    }
}

/// The node's allocatable, which stands in for a limit the container does not set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Allocatable {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
}

/// The value of a `resourceFieldRef` for container `own` of `pod` (or the container it
/// names), as a whole number of `divisor`s rounded up.
pub(crate) fn resource_value(
    sel: &api::ResourceFieldSelector,
    pod: &api::PodSpec,
    own: &api::Container,
    node: Allocatable,
) -> Result<String, String> {
    let container = match sel.container_name.as_deref().filter(|n| !n.is_empty()) {
        None => own,
        Some(name) => pod
            .containers
            .iter()
            .chain(pod.init_containers.iter().flatten())
            .find(|c| c.name == name)
            .ok_or_else(|| format!("container {name} not found"))?,
    };
    let divisor = sel
        .divisor
        .as_ref()
        .and_then(|d| ParsedQuantity::parse_json(&d.0).ok())
        .filter(|d| !d.is_zero())
        .unwrap_or_else(|| ParsedQuantity::parse("1").unwrap_or(ParsedQuantity::ZERO));
    let res = container.resources.as_ref();
    let get = |list: Option<
        &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >,
               name: &str| {
        list.and_then(|l| l.get(name))
            .and_then(|q| ParsedQuantity::parse_json(&q.0).ok())
    };
    let limits = res.and_then(|r| r.limits.as_ref());
    // API defaulting: a request left out equals the limit.
    let requests =
        |name: &str| get(res.and_then(|r| r.requests.as_ref()), name).or_else(|| get(limits, name));
    let (kind, q) = match sel.resource.as_str() {
        "limits.cpu" => (
            Kind::Cpu,
            get(limits, "cpu").map_or(node.cpu_milli as i128, milli),
        ),
        "requests.cpu" => (Kind::Cpu, requests("cpu").map_or(0, milli)),
        "limits.memory" => (
            Kind::Bytes,
            get(limits, "memory").map_or(node.memory_bytes as i128, units),
        ),
        "requests.memory" => (Kind::Bytes, requests("memory").map_or(0, units)),
        "limits.ephemeral-storage" => (
            Kind::Bytes,
            get(limits, "ephemeral-storage").map_or(0, units),
        ),
        "requests.ephemeral-storage" => {
            (Kind::Bytes, requests("ephemeral-storage").map_or(0, units))
        }
        r => match r.split_once('.') {
            Some(("limits", name)) if name.starts_with("hugepages-") => {
                (Kind::Bytes, get(limits, name).map_or(0, units))
            }
            Some(("requests", name)) if name.starts_with("hugepages-") => {
                (Kind::Bytes, requests(name).map_or(0, units))
            }
            _ => return Err(format!("unsupported container resource : {r}")),
        },
    };
    // convertResourceCPUToString: ceil(milli / divisor milli); the others: ceil(value /
    // divisor value).
    let d = match kind {
        Kind::Cpu => i128::from(divisor.milli_value()),
        Kind::Bytes => i128::from(divisor.value()),
    }
    .max(1);
    let v = if q <= 0 { q / d } else { (q + d - 1) / d };
    Ok(v.to_string())
}

enum Kind {
    Cpu,
    Bytes,
}

fn milli(q: ParsedQuantity) -> i128 {
    i128::from(q.milli_value())
}

fn units(q: ParsedQuantity) -> i128 {
    i128::from(q.value())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn container(yaml: &str) -> api::Container {
        serde_yaml::from_str(yaml).expect("container")
    }

    fn sel(resource: &str, divisor: Option<&str>) -> api::ResourceFieldSelector {
        api::ResourceFieldSelector {
            container_name: None,
            divisor: divisor
                .map(|d| k8s_openapi::apimachinery::pkg::api::resource::Quantity(d.into())),
            resource: resource.into(),
        }
    }

    const NODE: Allocatable = Allocatable {
        cpu_milli: 2000,
        memory_bytes: 8 * 1024 * 1024 * 1024 - 100 * 1024 * 1024,
    };

    /// The docs' dapi-envars-container.yaml numbers: cpu rounds up to whole cores.
    #[test]
    fn docs_example_values() {
        let c = container(
            "name: test-container\nresources:\n  requests: {memory: 32Mi, cpu: 125m}\n  limits: {memory: 64Mi, cpu: 250m}\n",
        );
        let pod = api::PodSpec {
            containers: vec![c.clone()],
            ..Default::default()
        };
        let v = |r: &str, d: Option<&str>| resource_value(&sel(r, d), &pod, &c, NODE);
        assert_eq!(v("requests.cpu", None).as_deref(), Ok("1"));
        assert_eq!(v("limits.cpu", None).as_deref(), Ok("1"));
        assert_eq!(v("requests.memory", None).as_deref(), Ok("33554432"));
        assert_eq!(v("limits.memory", None).as_deref(), Ok("67108864"));
        assert_eq!(v("limits.cpu", Some("1m")).as_deref(), Ok("250"));
        assert_eq!(v("requests.memory", Some("1Mi")).as_deref(), Ok("32"));
    }

    #[test]
    fn no_limit_means_the_node_allocatable() {
        let c = container("name: a\n");
        let pod = api::PodSpec {
            containers: vec![c.clone()],
            ..Default::default()
        };
        let v = |r: &str, d: Option<&str>| resource_value(&sel(r, d), &pod, &c, NODE);
        assert_eq!(v("limits.cpu", None).as_deref(), Ok("2"));
        assert_eq!(v("limits.memory", Some("1Mi")).as_deref(), Ok("8092"));
        assert_eq!(v("requests.cpu", None).as_deref(), Ok("0"));
    }

    #[test]
    fn field_paths() {
        let labels: BTreeMap<String, String> = [
            ("app".to_owned(), "web".to_owned()),
            ("tier".to_owned(), "a b".to_owned()),
        ]
        .into();
        let facts = PodFacts {
            name: "p",
            namespace: "default",
            uid: "u-1",
            labels: &labels,
            annotations: None,
            node_name: "node-1",
            service_account: "default",
            pod_ip: "10.244.1.5".into(),
            host_ip: "172.18.0.2".into(),
        };
        assert_eq!(
            field_value("metadata.labels['app']", &facts).as_deref(),
            Ok("web")
        );
        assert_eq!(
            field_value("metadata.labels['none']", &facts).as_deref(),
            Ok("")
        );
        assert_eq!(
            field_value("metadata.labels", &facts).as_deref(),
            Ok("app=\"web\"\ntier=\"a b\"")
        );
        assert_eq!(
            field_value("status.podIPs", &facts).as_deref(),
            Ok("10.244.1.5")
        );
        assert_eq!(
            field_value("status.hostIP", &facts).as_deref(),
            Ok("172.18.0.2")
        );
        assert!(field_value("spec.bogus", &facts).is_err());
    }
}
