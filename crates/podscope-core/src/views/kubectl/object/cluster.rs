//! The cluster's own kinds as the API server returns them: Namespaces (`spec.finalizers:
//! [kubernetes]`, `status.phase: Active`, the `kubernetes.io/metadata.name` label).

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
