//! The API server's checks of container requests and limits, with its exact messages.
//!
//! Models kubernetes/kubernetes pkg/apis/core/validation/validation.go
//! (`ValidateResourceRequirements`, `ValidateResourceQuantityValue`,
//! `ValidateNonnegativeQuantity`) and pkg/apis/core/v1/helper (`IsOvercommitAllowed`), the
//! subset about quantities: resource-name checks, hugepages rules and pod-level
//! (`spec.resources`) consistency are not modelled.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::{ParsedQuantity, ResourceMap};
use crate::model::validate::FieldError;

const IS_NEGATIVE_ERROR_MSG: &str = "must be greater than or equal to 0";

/// helper.go `IsOvercommitAllowed`: native resources (no `/`, or a `kubernetes.io/` prefix)
/// except hugepages may have requests below limits.
fn is_overcommit_allowed(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    native && !name.starts_with("hugepages-")
}

/// Parses a list, skipping entries that do not parse (decoding reports those).
fn parsed(map: Option<&BTreeMap<String, Quantity>>) -> ResourceMap {
    map.into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            ParsedQuantity::parse_json(&v.0)
                .ok()
                .map(|q| (k.clone(), q))
        })
        .collect()
}

/// validation.go `ValidateResourceRequirements` for one container at `path`
/// (`spec.containers[0].resources`). Runs on the defaulted object, as the API server does:
/// a limit without a request has already become the request.
fn validate_container(c: &Container, path: &str, errs: &mut Vec<FieldError>) {
    let r = c.resources.as_ref();
    let limits = parsed(r.and_then(|r| r.limits.as_ref()));
    let mut requests = parsed(r.and_then(|r| r.requests.as_ref()));
    // SetDefaults_Pod.
    for (name, lim) in &limits {
        requests.entry(name.clone()).or_insert_with(|| lim.clone());
    }
    let lim_path = format!("{path}.limits");
    let req_path = format!("{path}.requests");
    for (name, q) in &limits {
        if q.is_negative() {
            errs.push(FieldError::invalid(
                format!("{lim_path}[{name}]"),
                q.to_string(),
                IS_NEGATIVE_ERROR_MSG,
            ));
        }
    }
    for (name, q) in &requests {
        if q.is_negative() {
            errs.push(FieldError::invalid(
                format!("{req_path}[{name}]"),
                q.to_string(),
                IS_NEGATIVE_ERROR_MSG,
            ));
        }
        match limits.get(name) {
            Some(lim) if q != lim && !is_overcommit_allowed(name) => {
                errs.push(FieldError::invalid(
                    &req_path,
                    q.to_string(),
                    format!("must be equal to {name} limit of {lim}"),
                ));
            }
            Some(lim) if q > lim => {
                errs.push(FieldError::invalid(
                    &req_path,
                    q.to_string(),
                    format!("must be less than or equal to {name} limit of {lim}"),
                ));
            }
            Some(_) => {}
            None => {
                if !is_overcommit_allowed(name) {
                    errs.push(FieldError::required_because(
                        &lim_path,
                        "Limit must be set for non overcommitable resources",
                    ));
                }
            }
        }
    }
}

/// The API server's request/limit errors for every container and init container, e.g.
/// `spec.containers[0].resources.requests: Invalid value: "256Mi": must be less than or equal
/// to memory limit of 128Mi`. Values print as apimachinery's `Quantity.String()` (the text as
/// written when it is canonical, as `256Mi` is; `0.5Gi` would print as `512Mi`). Quantities
/// that do not parse are skipped: decoding rejects them first ([`super::pod_resources`]).
pub fn validate_resources(pod: &Pod) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(spec) = pod.spec.as_ref() else {
        return errs;
    };
    for (i, c) in spec.containers.iter().enumerate() {
        validate_container(c, &format!("spec.containers[{i}].resources"), &mut errs);
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        validate_container(c, &format!("spec.initContainers[{i}].resources"), &mut errs);
    }
    errs
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn errors(spec: &str) -> Vec<String> {
        let yaml = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n{spec}");
        let pod: Pod = serde_yaml::from_str(&yaml).unwrap();
        validate_resources(&pod)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn request_above_limit() {
        assert_eq!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {memory: 256Mi}\n      limits: {memory: 128Mi}\n"
            ),
            [
                "spec.containers[0].resources.requests: Invalid value: \"256Mi\": must be less than or equal to memory limit of 128Mi"
            ]
        );
        // Values print as Quantity.String(): canonical unless written canonically.
        assert_eq!(
            errors(
                "  initContainers:\n  - name: i\n    image: busybox\n    resources:\n      requests: {cpu: '1.5'}\n      limits: {cpu: 1000m}\n  containers: []\n"
            ),
            [
                "spec.initContainers[0].resources.requests: Invalid value: \"1500m\": must be less than or equal to cpu limit of 1"
            ]
        );
    }

    #[test]
    fn valid_and_defaulted_requests_pass() {
        assert!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: 100m}\n      limits: {cpu: 500m, memory: 128Mi}\n"
            )
            .is_empty()
        );
        // Equal values written differently are fine.
        assert!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {memory: 1Gi}\n      limits: {memory: 1024Mi}\n"
            )
            .is_empty()
        );
        // Unparseable values are decoding's business.
        assert!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {memory: 1x}\n      limits: {memory: 1Mi}\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn negative_quantities() {
        assert_eq!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {cpu: -100m}\n      limits: {memory: -1Gi}\n"
            ),
            [
                "spec.containers[0].resources.limits[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0",
                "spec.containers[0].resources.requests[cpu]: Invalid value: \"-100m\": must be greater than or equal to 0",
                "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0",
            ]
        );
    }

    #[test]
    fn extended_resources_may_not_overcommit() {
        assert_eq!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {example.com/gpu: '1'}\n      limits: {example.com/gpu: '2'}\n"
            ),
            [
                "spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"
            ]
        );
        assert_eq!(
            errors(
                "  containers:\n  - name: a\n    image: nginx\n    resources:\n      requests: {example.com/gpu: '1'}\n"
            ),
            [
                "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"
            ]
        );
    }
}
