//! LimitRanges and ResourceQuotas as the API server returns them: the stored spec (a
//! LimitRange's items defaulted, `SetDefaults_LimitRangeItem`) with each quantity in its
//! canonical form (apimachinery `Quantity.String()`), and a quota's `status` as the quota
//! controller writes it (pkg/controller/resourcequota `syncResourceQuota`: `hard` a copy of
//! `spec.hard`, `used` what the namespace uses of each).

use crate::model::sort::CollectMap;
use serde_json::{Map, Value, json};

use super::{Meta, object, stand_in_uid, to_value};
use crate::admission::quota::Usage;
use crate::model::cluster::limit_range::LimitRangeSpec;
use crate::model::cluster::resource_quota::ResourceQuotaSpec;
use crate::model::time::SimTime;

/// A LimitRange.
pub fn limit_range(l: &LimitRangeSpec) -> Value {
    let mut o = object(
        "v1",
        "LimitRange",
        meta(&l.api.metadata, "limitrange", &l.key),
    );
    let mut spec = to_value(&l.api.spec);
    canonical(&mut spec);
    o.insert("spec".into(), spec);
    Value::Object(o)
}

/// A ResourceQuota with its `status` (`used`: the world's count).
pub fn resource_quota(q: &ResourceQuotaSpec, used: &Usage) -> Value {
    let mut o = object(
        "v1",
        "ResourceQuota",
        meta(&q.api.metadata, "resourcequota", &q.key),
    );
    let mut spec = to_value(&q.api.spec);
    canonical(&mut spec);
    o.insert("spec".into(), spec);
    let quantities = |m: &Usage| -> Map<String, Value> {
        m.iter()
            .map(|(k, v)| (k.clone(), json!(v.to_string())))
            .collect_object()
    };
    o.insert(
        "status".into(),
        json!({"hard": quantities(&q.hard), "used": quantities(used)}),
    );
    Value::Object(o)
}

fn meta(
    m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    kind: &str,
    key: &crate::model::ids::ObjectKey,
) -> Map<String, Value> {
    Meta {
        name: &key.name,
        namespace: Some(&key.namespace),
        uid: stand_in_uid(&format!("{kind}/{}/{}", key.namespace, key.name)),
        created: SimTime::ZERO,
        labels: m.labels.as_ref(),
        annotations: m.annotations.as_ref(),
        generation: None,
    }
    .to_value()
}

/// Rewrites every quantity string under `v` (the values of `hard`, `max`, `min`, `default`,
/// `defaultRequest`, `maxLimitRequestRatio` maps) canonically.
fn canonical(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, inner) in m.iter_mut() {
                let is_list = matches!(
                    k.as_str(),
                    "hard" | "max" | "min" | "default" | "defaultRequest" | "maxLimitRequestRatio"
                );
                match inner {
                    Value::Object(q) if is_list => {
                        for s in q.values_mut() {
                            if let Some(t) = s.as_str() {
                                *s = json!(super::quantities::canonical(t));
                            }
                        }
                    }
                    other => canonical(other),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(canonical),
        _ => {}
    }
}
