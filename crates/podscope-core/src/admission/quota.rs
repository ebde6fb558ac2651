//! The ResourceQuota admission plugin on a pod being created, ported from kubernetes
//! plugin/pkg/admission/resourcequota/controller.go `checkRequest` with the pod evaluator of
//! pkg/quota/v1/evaluator/core/pods.go (`podResources`, `validationSet`, `Constraints`,
//! `podComputeUsageHelper`, `PodUsageFunc`) and apiserver pkg/quota/v1 `Add`, `Mask`,
//! `LessThanOrEqual`: quotas in name order; the first that a pod lacks a required request or
//! limit for, or would exceed, refuses it.

use crate::model::sort::CompactSort;
use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::admission::limit_ranger::{add, pod_totals};
use crate::model::cluster::limit_range::Quantities;
use crate::model::cluster::resource_quota::ResourceQuotaSpec;
use crate::model::resources::ParsedQuantity;

/// What the objects of a namespace use, by quota resource name.
pub type Usage = Quantities;

/// pods.go `podResources`: the quota resources the pod evaluator counts (hugepages and
/// extended resources are not modelled).
pub const POD_RESOURCES: [&str; 11] = [
    "count/pods",
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
];

/// pods.go `validationSet`: quota resources every container must give a value for.
const VALIDATION_SET: [&str; 6] = [
    "cpu",
    "memory",
    "requests.cpu",
    "requests.memory",
    "limits.cpu",
    "limits.memory",
];

/// `podComputeUsageHelper`: the compute usage of requests and limits.
fn compute_usage(requests: &Quantities, limits: &Quantities) -> Usage {
    let mut u = Usage::new();
    u.insert("pods".to_owned(), one());
    for r in ["cpu", "memory", "ephemeral-storage"] {
        if let Some(q) = requests.get(r) {
            u.insert(r.to_owned(), q.clone());
            u.insert(format!("requests.{r}"), q.clone());
        }
        if let Some(q) = limits.get(r) {
            u.insert(format!("limits.{r}"), q.clone());
        }
    }
    u
}

fn one() -> ParsedQuantity {
    ParsedQuantity::parse("1").unwrap_or(ParsedQuantity::ZERO)
}

/// `PodUsageFunc` of a pod that has not finished: `count/pods` and its compute usage.
pub fn pod_usage(pod: &api::Pod) -> Usage {
    let (requests, limits) = pod.spec.as_ref().map(pod_totals).unwrap_or_default();
    let mut u = compute_usage(&requests, &limits);
    u.insert("count/pods".to_owned(), one());
    u
}

/// The quota's `status.used`: for each hard resource the pod evaluator counts, the sum over
/// `pods` (zero when none uses it); other resources are left out (not modelled).
pub fn used(q: &ResourceQuotaSpec, pods: &[&api::Pod]) -> Usage {
    let mut total: Usage = q
        .hard
        .keys()
        .filter(|k| POD_RESOURCES.contains(&k.as_str()))
        .map(|k| (k.clone(), ParsedQuantity::ZERO))
        .collect();
    for p in pods {
        for (k, v) in pod_usage(p) {
            if let Some(t) = total.get_mut(&k) {
                *t = add(Some(t), &v);
            }
        }
    }
    total
}

/// controller.go `prettyPrint`: `name=value` by name, joined by `,`.
fn pretty(u: &Usage, names: &[String]) -> String {
    names
        .iter()
        .filter_map(|n| u.get(n).map(|v| format!("{n}={v}")))
        .collect::<Vec<_>>()
        .join(",")
}

/// `Constraints`: each validation-set resource the quota restricts that a container does
/// not give (`must specify R for: C1,C2; …`).
fn constraints(pod: &api::Pod, restricted: &[&String]) -> Option<String> {
    let required: Vec<&str> = restricted
        .iter()
        .map(|r| r.as_str())
        .filter(|r| VALIDATION_SET.contains(r))
        .collect();
    let spec = pod.spec.as_ref()?;
    let mut missing: Map<&str, Vec<String>> = Map::new();
    for c in spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
    {
        let res = c.resources.as_ref();
        let parse = |l: Option<
            &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
        >|
         -> Quantities {
            l.into_iter()
                .flatten()
                .filter_map(|(k, q)| Some((k.clone(), ParsedQuantity::parse_json(&q.0).ok()?)))
                .collect()
        };
        let usage = compute_usage(
            &parse(res.and_then(|r| r.requests.as_ref())),
            &parse(res.and_then(|r| r.limits.as_ref())),
        );
        for r in &required {
            if !usage.contains_key(*r) {
                let names = missing.entry(r).or_default();
                if !names.contains(&c.name) {
                    names.push(c.name.clone());
                    names.sort_compact();
                }
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let each: Vec<String> = missing
        .iter()
        .map(|(r, names)| format!("{r} for: {}", names.join(",")))
        .collect();
    Some(format!("must specify {}", each.join("; ")))
}

/// `checkRequest` for a pod being created against the namespace's quotas (in name order,
/// each with its `status.used`): the reason it is forbidden, if it is.
pub fn admit(pod: &api::Pod, quotas: &[(&ResourceQuotaSpec, &Usage)]) -> Result<(), String> {
    let mut interesting = Vec::new();
    for (q, used) in quotas {
        // Scoped quotas are not modelled: podscope does not match a pod to scopes.
        if q.scoped {
            continue;
        }
        let restricted: Vec<&String> = q
            .hard
            .keys()
            .filter(|k| POD_RESOURCES.contains(&k.as_str()))
            .collect();
        if restricted.is_empty() {
            continue;
        }
        if let Some(why) = constraints(pod, &restricted) {
            return Err(format!("failed quota: {}: {why}", q.key.name));
        }
        interesting.push((q, used));
    }
    let delta = pod_usage(pod);
    for (q, used) in interesting {
        let requested: Usage = delta
            .iter()
            .filter(|(k, _)| q.hard.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let exceeded: Vec<String> = requested
            .iter()
            .filter(|(k, v)| {
                let new = add(used.get(*k), v);
                q.hard.get(*k).is_some_and(|hard| new > *hard)
            })
            .map(|(k, _)| k.clone())
            .collect();
        if !exceeded.is_empty() {
            return Err(format!(
                "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                q.key.name,
                pretty(&requested, &exceeded),
                pretty(used, &exceeded),
                pretty(&q.hard, &exceeded)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cluster::resource_quota::resource_quota_from_api;

    fn quota(hard: &str) -> ResourceQuotaSpec {
        let yaml = format!("metadata: {{name: q}}\nspec:\n  hard: {hard}\n");
        let rq: api::ResourceQuota = serde_yaml::from_str(&yaml).expect("a ResourceQuota");
        resource_quota_from_api(&rq).expect("valid")
    }

    fn pod(name: &str, resources: &str) -> api::Pod {
        let yaml = format!(
            "metadata: {{name: {name}}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources: {resources}\n"
        );
        serde_yaml::from_str(&yaml).expect("a Pod")
    }

    #[test]
    fn usage_sums_in_the_first_terms_format_and_starts_at_zero() {
        let q = quota("{requests.memory: 1Gi, limits.cpu: '2', pods: '2'}");
        assert_eq!(
            used(&q, &[])
                .values()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["0", "0", "0"]
        );
        let a = pod(
            "a",
            "{requests: {memory: 600Mi, cpu: 400m}, limits: {memory: 800Mi, cpu: 800m}}",
        );
        let u = used(&q, &[&a]);
        assert_eq!(u["requests.memory"].to_string(), "600Mi");
        assert_eq!(u["limits.cpu"].to_string(), "800m");
        assert_eq!(u["pods"].to_string(), "1");
    }

    #[test]
    fn a_pod_beyond_the_quota_is_refused_with_the_exceeded_resources() {
        let q = quota("{requests.memory: 1Gi, requests.cpu: '1'}");
        let a = pod("a", "{requests: {memory: 600Mi, cpu: 400m}}");
        let u = used(&q, &[&a]);
        let b = pod("b", "{requests: {memory: 700Mi, cpu: 100m}}");
        assert_eq!(
            admit(&b, &[(&q, &u)]),
            Err("exceeded quota: q, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi".to_owned())
        );
        let c = pod("c", "{requests: {memory: 100Mi, cpu: 100m}}");
        assert_eq!(admit(&c, &[(&q, &u)]), Ok(()));
    }

    #[test]
    fn a_container_without_a_quotad_request_is_refused() {
        let q = quota("{requests.memory: 1Gi, limits.cpu: '1'}");
        let a = pod("a", "{}");
        assert_eq!(
            admit(&a, &[(&q, &Usage::new())]),
            Err(
                "failed quota: q: must specify limits.cpu for: c; requests.memory for: c"
                    .to_owned()
            )
        );
    }
}
