//! ResourceQuotas: a namespace's hard limits on what its objects use (`spec.hard`), the
//! quantities parsed; usage is the world's to count (admission's quota check, the view's
//! `status`).

use k8s_openapi::api::core::v1 as api;

use super::ObjectKey;
use super::limit_range::Quantities;
use crate::model::resources::ParsedQuantity;
use crate::model::validate::{self, FieldError};

/// A ResourceQuota.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceQuotaSpec {
    pub key: ObjectKey,
    pub hard: Quantities,
    /// `spec.scopes`/`spec.scopeSelector` given: podscope does not match scopes.
    pub scoped: bool,
    pub api: Box<api::ResourceQuota>,
}

/// Converts and validates a ResourceQuota (validation.go `ValidateResourceQuota`: a
/// quantity's syntax, not negative).
pub fn resource_quota_from_api(
    rq: &api::ResourceQuota,
) -> Result<ResourceQuotaSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&rq.metadata);
    let spec = rq.spec.clone().unwrap_or_default();
    let mut hard = Quantities::new();
    for (k, q) in spec.hard.iter().flatten() {
        let path = format!("spec.hard[{k}]");
        match ParsedQuantity::parse_json(&q.0) {
            Ok(v) if v.is_negative() => errs.push(FieldError::invalid(
                path,
                q.0.clone(),
                "must be greater than or equal to 0",
            )),
            Ok(v) => {
                hard.insert(k.clone(), v);
            }
            Err(e) => errs.push(FieldError::invalid(path, q.0.clone(), e.message())),
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let scoped =
        spec.scopes.as_ref().is_some_and(|s| !s.is_empty()) || spec.scope_selector.is_some();
    Ok(ResourceQuotaSpec {
        key: ObjectKey { namespace, name },
        hard,
        scoped,
        api: Box::new(rq.clone()),
    })
}
