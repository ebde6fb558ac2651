//! LimitRanges: per-namespace bounds and defaults for containers' and pods' resources, as the
//! API server stores them: each `Container` item defaulted by pkg/apis/core/v1/defaults.go
//! `SetDefaults_LimitRangeItem` (`default` from `max`, `defaultRequest` from `default`, then
//! from `min`).

use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::model::resources::ParsedQuantity;
use crate::model::validate::{self, FieldError};

use super::ObjectKey;

/// A resource name (`cpu`, `memory`) → its quantity.
pub type Quantities = Map<String, ParsedQuantity>;

/// What a LimitRange item bounds (`spec.limits[*].type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitType {
    Container,
    Pod,
    PersistentVolumeClaim,
}

impl LimitType {
    pub fn as_str(self) -> &'static str {
        match self {
            LimitType::Container => "Container",
            LimitType::Pod => "Pod",
            LimitType::PersistentVolumeClaim => "PersistentVolumeClaim",
        }
    }
}

/// One item of `spec.limits`, its quantities parsed (after defaulting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitRangeItem {
    pub type_: LimitType,
    pub max: Quantities,
    pub min: Quantities,
    pub default: Quantities,
    pub default_request: Quantities,
    pub max_limit_request_ratio: Quantities,
}

/// A LimitRange: its items, and the object as stored (defaults filled in) for `-o yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct LimitRangeSpec {
    pub key: ObjectKey,
    pub items: Vec<LimitRangeItem>,
    pub api: Box<api::LimitRange>,
}

/// Converts, defaults and validates a LimitRange (the parts of validation.go
/// `ValidateLimitRange` that concern a quantity's syntax and the type).
pub fn limit_range_from_api(lr: &api::LimitRange) -> Result<LimitRangeSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&lr.metadata);
    let mut stored = lr.clone();
    let mut items = Vec::new();
    let limits = stored
        .spec
        .as_mut()
        .map(|s| s.limits.as_mut_slice())
        .unwrap_or_default();
    for (i, item) in limits.iter_mut().enumerate() {
        let path = format!("spec.limits[{i}]");
        let type_ = match item.type_.as_str() {
            "Container" => LimitType::Container,
            "Pod" => LimitType::Pod,
            "PersistentVolumeClaim" => LimitType::PersistentVolumeClaim,
            other => {
                errs.push(FieldError::invalid(
                    format!("{path}.type"),
                    other,
                    "must be a standard limit type or fully qualified",
                ));
                continue;
            }
        };
        if type_ == LimitType::Container {
            set_defaults(item);
        }
        let mut parse = |field: &str, list: &Option<BTreeMap<String, Quantity>>| {
            let mut out = Quantities::new();
            for (k, q) in list.iter().flatten() {
                match ParsedQuantity::parse_json(&q.0) {
                    Ok(v) => {
                        out.insert(k.clone(), v);
                    }
                    Err(e) => errs.push(FieldError::invalid(
                        format!("{path}.{field}[{k}]"),
                        q.0.clone(),
                        e.message(),
                    )),
                }
            }
            out
        };
        items.push(LimitRangeItem {
            type_,
            max: parse("max", &item.max),
            min: parse("min", &item.min),
            default: parse("default", &item.default),
            default_request: parse("defaultRequest", &item.default_request),
            max_limit_request_ratio: parse("maxLimitRequestRatio", &item.max_limit_request_ratio),
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(LimitRangeSpec {
        key: ObjectKey { namespace, name },
        items,
        api: Box::new(stored),
    })
}

/// `SetDefaults_LimitRangeItem` for a `Container` item.
fn set_defaults(item: &mut api::LimitRangeItem) {
    let default = item.default.get_or_insert_with(BTreeMap::new);
    for (k, v) in item.max.iter().flatten() {
        default.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let request = item.default_request.get_or_insert_with(BTreeMap::new);
    for (k, v) in default.iter() {
        request.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in item.min.iter().flatten() {
        request.entry(k.clone()).or_insert_with(|| v.clone());
    }
    // Empty maps are left out of the stored object (`omitempty`).
    if default.is_empty() {
        item.default = None;
    }
    if item
        .default_request
        .as_ref()
        .is_some_and(BTreeMap::is_empty)
    {
        item.default_request = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(yaml: &str) -> LimitRangeItem {
        let lr: api::LimitRange = serde_yaml::from_str(yaml).expect("a LimitRange");
        let spec = limit_range_from_api(&lr).expect("valid");
        spec.items.into_iter().next().expect("one item")
    }

    #[test]
    fn a_container_item_defaults_limit_from_max_and_request_from_limit_then_min() {
        let i = item(
            "metadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    max: {cpu: 800m}\n    min: {cpu: 200m, memory: 1Mi}\n",
        );
        assert_eq!(i.default["cpu"].to_string(), "800m");
        assert_eq!(i.default_request["cpu"].to_string(), "800m");
        assert_eq!(i.default_request["memory"].to_string(), "1Mi");
        assert!(!i.default.contains_key("memory"));
    }

    #[test]
    fn a_pod_item_is_not_defaulted() {
        let i =
            item("metadata: {name: lr}\nspec:\n  limits:\n  - type: Pod\n    max: {cpu: '2'}\n");
        assert!(i.default.is_empty() && i.default_request.is_empty());
    }
}
