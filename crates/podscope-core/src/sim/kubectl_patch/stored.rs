//! A Deployment as the API server stores it (apps/v1, with `SetDefaults_Deployment`'s
//! strategy, `revisionHistoryLimit` and `progressDeadlineSeconds`; the pod template as
//! written), the JSON a patch is applied to (apiserver pkg/endpoints/handlers/patch.go
//! `strategicPatchObject`: the stored object converted to its versioned map), and back.

use crate::model::sort::CollectMap;
use serde_json::{Map, Value, json};

use crate::sim::controllers::Deployment;

/// `d` as a JSON object; `None` when its selector has expressions the model keeps only as
/// text.
pub(super) fn deployment(d: &Deployment) -> Option<Value> {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(d.key.name));
    meta.insert("namespace".into(), json!(d.key.namespace));
    if !d.labels.is_empty() {
        meta.insert("labels".into(), json!(d.labels));
    }
    let mut annotations = d.annotations.clone();
    if let Some(cause) = &d.change_cause {
        annotations.insert(CHANGE_CAUSE.to_owned(), cause.clone());
    }
    if !annotations.is_empty() {
        meta.insert("annotations".into(), json!(annotations));
    }
    let mut spec = Map::new();
    spec.insert("replicas".into(), json!(d.replicas));
    spec.insert("selector".into(), selector(&d.selector)?);
    spec.insert("strategy".into(), d.strategy.api_value());
    // Go's `omitempty` leaves out a zero `minReadySeconds` and a false `paused`.
    if d.min_ready_seconds > 0 {
        spec.insert("minReadySeconds".into(), json!(d.min_ready_seconds));
    }
    if d.paused {
        spec.insert("paused".into(), json!(true));
    }
    spec.insert(
        "revisionHistoryLimit".into(),
        json!(d.revision_history_limit),
    );
    spec.insert(
        "progressDeadlineSeconds".into(),
        json!(d.progress_deadline_seconds),
    );
    let template = json!({
        "metadata": crate::model::json::value(&d.template.api.metadata).unwrap_or_default(),
        "spec": crate::model::json::value(&d.template.api.spec).unwrap_or_default(),
    });
    spec.insert("template".into(), template);
    Some(json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta,
        "spec": spec,
    }))
}

/// `kubernetes.io/change-cause`, which the model keeps apart from the other annotations.
pub(super) const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// `matchLabels` from the selector's text (`k=v,k2=v2`); `None` for any expression.
fn selector(text: &str) -> Option<Value> {
    let mut labels = Map::new();
    for req in text.split(',').filter(|r| !r.is_empty()) {
        let (k, v) = req.split_once('=')?;
        if k.contains([' ', '!', '(']) || v.contains([' ', '(', '=']) {
            return None;
        }
        labels.insert(k.to_owned(), json!(v));
    }
    Some(json!({"matchLabels": labels}))
}

/// The patched object's `spec.paused` and `spec.progressDeadlineSeconds`, which the
/// admission of a manifest does not keep (apps/v1 defaults: false, 600).
pub(super) fn paused_and_deadline(v: &Value) -> (bool, Option<i32>) {
    let spec = &v["spec"];
    let paused = spec["paused"].as_bool().unwrap_or(false);
    let deadline = spec["progressDeadlineSeconds"]
        .as_i64()
        .and_then(|n| i32::try_from(n).ok());
    (paused, deadline)
}

/// The patched object's `metadata.annotations` (strings only, as the API requires).
pub(super) fn annotations(v: &Value) -> std::collections::BTreeMap<String, String> {
    v["metadata"]["annotations"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect_map()
        })
        .unwrap_or_default()
}
