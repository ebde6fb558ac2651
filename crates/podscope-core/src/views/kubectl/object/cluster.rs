//! The cluster's own kinds as the API server returns them: Namespaces (`spec.finalizers:
//! [kubernetes]`, `status.phase: Active`, the `kubernetes.io/metadata.name` label),
//! ServiceAccounts and ConfigMaps.

use serde_json::{Value, json};

use super::{Meta, object, stand_in_uid};
use crate::model::cluster::NamespaceSpec;
use crate::model::time::SimTime;

/// A Namespace.
pub fn namespace(ns: &NamespaceSpec) -> Value {
    let mut o = object(
        "v1",
        "Namespace",
        Meta {
            name: &ns.name,
            namespace: None,
            uid: stand_in_uid(&format!("namespace/{}", ns.name)),
            created: SimTime::ZERO,
            labels: Some(&ns.labels),
            annotations: None,
            generation: None,
        }
        .to_value(),
    );
    o.insert("spec".into(), json!({"finalizers": ["kubernetes"]}));
    o.insert("status".into(), json!({"phase": "Active"}));
    Value::Object(o)
}

/// A ServiceAccount (core/v1: no `secrets` since token Secrets are no longer made for it).
pub fn service_account(a: &crate::model::cluster::ServiceAccountSpec) -> Value {
    let annotations = (!a.annotations.is_empty()).then_some(&a.annotations);
    let mut o = object(
        "v1",
        "ServiceAccount",
        Meta {
            name: &a.key.name,
            namespace: Some(&a.key.namespace),
            uid: stand_in_uid(&format!(
                "serviceaccount/{}/{}",
                a.key.namespace, a.key.name
            )),
            created: a.created_at,
            labels: None,
            annotations,
            generation: None,
        }
        .to_value(),
    );
    if !a.image_pull_secrets.is_empty() {
        let refs: Vec<Value> = a
            .image_pull_secrets
            .iter()
            .map(|n| json!({"name": n}))
            .collect();
        o.insert("imagePullSecrets".into(), Value::Array(refs));
    }
    Value::Object(o)
}

/// A ConfigMap without binary data (`data` left out when empty: `omitempty`; `immutable`
/// only when set).
pub fn config_map(cm: &crate::model::cluster::ConfigMapSpec, created: SimTime) -> Value {
    let mut o = object(
        "v1",
        "ConfigMap",
        Meta {
            name: &cm.key.name,
            namespace: Some(&cm.key.namespace),
            uid: stand_in_uid(&format!("configmap/{}/{}", cm.key.namespace, cm.key.name)),
            created,
            labels: None,
            annotations: None,
            generation: None,
        }
        .to_value(),
    );
    if let Some(data) = super::string_map(&cm.data) {
        o.insert("data".into(), data);
    }
    if cm.immutable {
        o.insert("immutable".into(), Value::Bool(true));
    }
    Value::Object(o)
}
