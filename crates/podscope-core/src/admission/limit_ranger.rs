//! The LimitRanger admission plugin on a pod being created, ported from kubernetes
//! plugin/pkg/admission/limitranger/admission.go: `Admit` fills in each container's missing
//! requests and limits from the namespace's LimitRanges (`PodMutateLimitFunc`,
//! `mergeContainerResources`, the `kubernetes.io/limit-ranger` annotation), then `Validate`
//! checks min, max and maxLimitRequestRatio (`PodValidateLimitFunc`, `minConstraint`,
//! `maxConstraint`, `limitRequestRatioConstraint`), refusing with the first LimitRange's
//! errors (`utilerrors.NewAggregate`: one alone, several as `[a, b]`).
//!
//! Before admission the API server's defaulting has run: a limit without a request makes the
//! request equal to it (pkg/apis/core/v1/defaults.go `SetDefaults_Pod`), done here first.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::model::cluster::limit_range::{LimitRangeItem, LimitRangeSpec, LimitType, Quantities};
use crate::model::resources::ParsedQuantity;

/// The annotation the plugin writes (admission.go `limitRangerAnnotation`).
pub const ANNOTATION: &str = "kubernetes.io/limit-ranger";

/// apimachinery `resource.MaxMilliValue`: the largest value whose milli-value fits an int64.
const MAX_MILLI_VALUE: i64 = i64::MAX / 1000;

/// Admits `pod` against `ranges` (the LimitRanges of its namespace): defaults written into
/// the pod, or the reason it is forbidden (without the `pods "x" is forbidden: ` prefix).
pub fn admit(pod: &mut api::Pod, ranges: &[&LimitRangeSpec]) -> Result<(), String> {
    default_requests_from_limits(pod);
    for range in ranges {
        mutate(pod, range);
    }
    for range in ranges {
        let errs = validate(pod, range);
        match errs.as_slice() {
            [] => {}
            [one] => return Err(one.clone()),
            many => return Err(format!("[{}]", many.join(", "))),
        }
    }
    Ok(())
}

/// Every container of the pod: (is an init container, the container).
fn containers_mut(pod: &mut api::Pod) -> impl Iterator<Item = (bool, &mut api::Container)> {
    let spec = pod.spec.as_mut();
    let (apps, inits) = match spec {
        Some(s) => (
            s.containers.iter_mut(),
            s.init_containers.as_mut().map(|v| v.iter_mut()),
        ),
        None => ([].iter_mut(), None),
    };
    apps.map(|c| (false, c))
        .chain(inits.into_iter().flatten().map(|c| (true, c)))
}

/// `SetDefaults_Pod`: a limit with no request makes the request.
fn default_requests_from_limits(pod: &mut api::Pod) {
    for (_, c) in containers_mut(pod) {
        let Some(res) = c.resources.as_mut() else {
            continue;
        };
        let Some(limits) = res.limits.clone() else {
            continue;
        };
        let requests = res.requests.get_or_insert_with(BTreeMap::new);
        for (k, v) in limits {
            requests.entry(k).or_insert(v);
        }
    }
}

/// `PodMutateLimitFunc`: the Container items' `default` and `defaultRequest` (a later item's
/// value of a resource wins) merged into each container, annotated.
fn mutate(pod: &mut api::Pod, range: &LimitRangeSpec) {
    let mut limits = Quantities::new();
    let mut requests = Quantities::new();
    for item in range
        .items
        .iter()
        .filter(|i| i.type_ == LimitType::Container)
    {
        requests.extend(item.default_request.clone());
        limits.extend(item.default.clone());
    }
    let mut notes: Vec<String> = Vec::new();
    for (init, c) in containers_mut(pod) {
        let res = c.resources.get_or_insert_with(Default::default);
        let set_limits = merge(&mut res.limits, &limits);
        let set_requests = merge(&mut res.requests, &requests);
        let what = if init { "init container" } else { "container" };
        if !set_requests.is_empty() {
            notes.push(format!(
                "{} request for {what} {}",
                set_requests.join(", "),
                c.name
            ));
        }
        if !set_limits.is_empty() {
            notes.push(format!(
                "{} limit for {what} {}",
                set_limits.join(", "),
                c.name
            ));
        }
    }
    if !notes.is_empty() {
        pod.metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(
                ANNOTATION.to_owned(),
                format!("LimitRanger plugin set: {}", notes.join("; ")),
            );
    }
}

/// Adds each default missing from `list`; returns the names added, sorted.
fn merge(list: &mut Option<BTreeMap<String, Quantity>>, defaults: &Quantities) -> Vec<String> {
    let list = list.get_or_insert_with(BTreeMap::new);
    let mut set = Vec::new();
    for (k, v) in defaults {
        if !list.contains_key(k) {
            list.insert(k.clone(), Quantity(v.to_string()));
            set.push(k.clone());
        }
    }
    set
}

/// A container's requests and limits, parsed (a quantity that does not parse is left out:
/// validation refused it before admission).
fn parsed(list: Option<&BTreeMap<String, Quantity>>) -> Quantities {
    list.into_iter()
        .flatten()
        .filter_map(|(k, q)| Some((k.clone(), ParsedQuantity::parse_json(&q.0).ok()?)))
        .collect()
}

/// `PodValidateLimitFunc`: every item's constraints on each container (`Container`) or on
/// the pod's totals (`Pod`), the errors in item order, resources by name.
fn validate(pod: &api::Pod, range: &LimitRangeSpec) -> Vec<String> {
    let mut errs = Vec::new();
    let Some(spec) = pod.spec.as_ref() else {
        return errs;
    };
    let all: Vec<&api::Container> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .collect();
    for item in &range.items {
        match item.type_ {
            LimitType::Container => {
                for c in &all {
                    let res = c.resources.as_ref();
                    let requests = parsed(res.and_then(|r| r.requests.as_ref()));
                    let limits = parsed(res.and_then(|r| r.limits.as_ref()));
                    check(item, &requests, &limits, &mut errs);
                }
            }
            LimitType::Pod => {
                let (requests, limits) = pod_totals(spec);
                check(item, &requests, &limits, &mut errs);
            }
            LimitType::PersistentVolumeClaim => {}
        }
    }
    errs
}

/// One item's min, max and ratio constraints over one set of requests and limits.
fn check(
    item: &LimitRangeItem,
    requests: &Quantities,
    limits: &Quantities,
    errs: &mut Vec<String>,
) {
    let t = item.type_.as_str();
    for (k, v) in &item.min {
        errs.extend(min_constraint(t, k, v, requests.get(k), limits.get(k)));
    }
    for (k, v) in &item.max {
        errs.extend(max_constraint(t, k, v, requests.get(k), limits.get(k)));
    }
    for (k, v) in &item.max_limit_request_ratio {
        errs.extend(ratio_constraint(t, k, v, requests.get(k), limits.get(k)));
    }
}

/// `requestLimitEnforcedValues`: milli-values when none overflows, else values.
fn comparable(
    request: Option<&ParsedQuantity>,
    limit: Option<&ParsedQuantity>,
    enforced: &ParsedQuantity,
) -> (i64, i64, i64) {
    let zero = ParsedQuantity::ZERO;
    let (r, l) = (request.unwrap_or(&zero), limit.unwrap_or(&zero));
    if r.value() <= MAX_MILLI_VALUE
        && l.value() <= MAX_MILLI_VALUE
        && enforced.value() <= MAX_MILLI_VALUE
    {
        (r.milli_value(), l.milli_value(), enforced.milli_value())
    } else {
        (r.value(), l.value(), enforced.value())
    }
}

fn min_constraint(
    t: &str,
    name: &str,
    enforced: &ParsedQuantity,
    request: Option<&ParsedQuantity>,
    limit: Option<&ParsedQuantity>,
) -> Option<String> {
    let (req, lim, enf) = comparable(request, limit, enforced);
    let Some(request) = request else {
        return Some(format!(
            "minimum {name} usage per {t} is {enforced}.  No request is specified"
        ));
    };
    if req < enf {
        return Some(format!(
            "minimum {name} usage per {t} is {enforced}, but request is {request}"
        ));
    }
    match limit {
        Some(limit) if lim < enf => Some(format!(
            "minimum {name} usage per {t} is {enforced}, but limit is {limit}"
        )),
        _ => None,
    }
}

fn max_constraint(
    t: &str,
    name: &str,
    enforced: &ParsedQuantity,
    request: Option<&ParsedQuantity>,
    limit: Option<&ParsedQuantity>,
) -> Option<String> {
    let (req, lim, enf) = comparable(request, limit, enforced);
    let Some(limit) = limit else {
        return Some(format!(
            "maximum {name} usage per {t} is {enforced}.  No limit is specified"
        ));
    };
    if lim > enf {
        return Some(format!(
            "maximum {name} usage per {t} is {enforced}, but limit is {limit}"
        ));
    }
    match request {
        Some(request) if req > enf => Some(format!(
            "maximum {name} usage per {t} is {enforced}, but request is {request}"
        )),
        _ => None,
    }
}

fn ratio_constraint(
    t: &str,
    name: &str,
    enforced: &ParsedQuantity,
    request: Option<&ParsedQuantity>,
    limit: Option<&ParsedQuantity>,
) -> Option<String> {
    let (req, lim, _) = comparable(request, limit, enforced);
    if request.is_none() || req == 0 {
        return Some(format!(
            "{name} max limit to request ratio per {t} is {enforced}, but no request is specified or request is 0"
        ));
    }
    if limit.is_none() || lim == 0 {
        return Some(format!(
            "{name} max limit to request ratio per {t} is {enforced}, but no limit is specified or limit is 0"
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    let observed = lim as f64 / req as f64;
    #[allow(clippy::cast_precision_loss)]
    let (scaled, max) = if enforced.value() <= MAX_MILLI_VALUE {
        (observed * 1000.0, enforced.milli_value() as f64)
    } else {
        (observed, enforced.value() as f64)
    };
    (scaled > max).then(|| {
        let observed = podscope_float::fixed(observed, 6);
        format!(
            "{name} max limit to request ratio per {t} is {enforced}, but provided ratio is {observed}"
        )
    })
}

/// The pod's requests and limits for a `Pod` item and for quota (component-helpers
/// `PodRequests`, `PodLimits`: the sum over app containers, at least the largest init
/// container's; a sum keeps its first term's format, as `Quantity.Add` does).
pub(crate) fn pod_totals(spec: &api::PodSpec) -> (Quantities, Quantities) {
    let sum = |pick: fn(&api::ResourceRequirements) -> Option<&BTreeMap<String, Quantity>>| {
        let mut total = Quantities::new();
        for c in &spec.containers {
            for (k, v) in parsed(c.resources.as_ref().and_then(pick)) {
                let t = total.remove(&k);
                total.insert(k, add(t.as_ref(), &v));
            }
        }
        for c in spec.init_containers.iter().flatten() {
            for (k, v) in parsed(c.resources.as_ref().and_then(pick)) {
                if total.get(&k).is_none_or(|t| v > *t) {
                    total.insert(k, v);
                }
            }
        }
        total
    };
    (sum(|r| r.requests.as_ref()), sum(|r| r.limits.as_ref()))
}

/// apimachinery `Quantity.Add`: the sum in the first term's format (a zero takes the
/// other's).
pub(crate) fn add(a: Option<&ParsedQuantity>, b: &ParsedQuantity) -> ParsedQuantity {
    match a {
        None => b.clone(),
        Some(a) => {
            let format = if a.is_zero() { b.format() } else { a.format() };
            ParsedQuantity::from_nanos(a.nanos().saturating_add(b.nanos()), format)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cluster::limit_range::limit_range_from_api;

    fn range(yaml: &str) -> LimitRangeSpec {
        let lr: api::LimitRange = serde_yaml::from_str(yaml).expect("a LimitRange");
        limit_range_from_api(&lr).expect("valid")
    }

    fn pod(resources: &str) -> api::Pod {
        let yaml = format!(
            "metadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources: {resources}\n"
        );
        serde_yaml::from_str(&yaml).expect("a Pod")
    }

    fn resources(p: &api::Pod) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let r = p
            .spec
            .as_ref()
            .and_then(|s| s.containers.first())
            .and_then(|c| c.resources.clone())
            .unwrap_or_default();
        let show = |m: Option<BTreeMap<String, Quantity>>| {
            m.unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.0))
                .collect()
        };
        (show(r.requests), show(r.limits))
    }

    const CPU: &str = "metadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    max: {cpu: 800m}\n    min: {cpu: 200m}\n";

    #[test]
    fn defaults_fill_what_the_container_leaves_out_and_are_annotated() {
        let lr = range(CPU);
        let mut p = pod("{}");
        assert_eq!(admit(&mut p, &[&lr]), Ok(()));
        let (req, lim) = resources(&p);
        assert_eq!(req["cpu"], "800m");
        assert_eq!(lim["cpu"], "800m");
        assert_eq!(
            p.metadata.annotations.unwrap_or_default()[ANNOTATION],
            "LimitRanger plugin set: cpu request for container c; cpu limit for container c"
        );
    }

    #[test]
    fn a_limit_alone_makes_the_request_before_the_defaults() {
        let lr = range(
            "metadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    default: {memory: 512Mi}\n    defaultRequest: {memory: 256Mi}\n",
        );
        let mut p = pod("{limits: {memory: 1Gi}}");
        assert_eq!(admit(&mut p, &[&lr]), Ok(()));
        let (req, lim) = resources(&p);
        assert_eq!(
            (req["memory"].as_str(), lim["memory"].as_str()),
            ("1Gi", "1Gi")
        );
        assert!(p.metadata.annotations.is_none());
    }

    #[test]
    fn min_and_max_refuse_with_the_plugins_messages() {
        let lr = range(CPU);
        let mut p = pod("{limits: {cpu: 1500m}, requests: {cpu: 500m}}");
        assert_eq!(
            admit(&mut p, &[&lr]),
            Err("maximum cpu usage per Container is 800m, but limit is 1500m".to_owned())
        );
        let mut p = pod("{limits: {cpu: 800m}, requests: {cpu: 100m}}");
        assert_eq!(
            admit(&mut p, &[&lr]),
            Err("minimum cpu usage per Container is 200m, but request is 100m".to_owned())
        );
        let mut p = pod("{limits: {cpu: 900m}, requests: {cpu: 100m}}");
        assert_eq!(
            admit(&mut p, &[&lr]),
            Err("[minimum cpu usage per Container is 200m, but request is 100m, maximum cpu usage per Container is 800m, but limit is 900m]".to_owned())
        );
    }

    #[test]
    fn the_ratio_prints_as_go_prints_a_float() {
        let lr = range(
            "metadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    maxLimitRequestRatio: {memory: '2'}\n",
        );
        let mut p = pod("{limits: {memory: 1Gi}, requests: {memory: 256Mi}}");
        assert_eq!(
            admit(&mut p, &[&lr]),
            Err("memory max limit to request ratio per Container is 2, but provided ratio is 4.000000".to_owned())
        );
    }
}
