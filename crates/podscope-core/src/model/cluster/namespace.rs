//! Namespaces: the four the API server always has, the manifest's own, and the check that
//! a namespaced object's namespace exists.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::validate::{self, FieldError, NameRule};

/// The namespaces every cluster has: `default`, `kube-system`, `kube-public` (the API server's
/// system namespaces controller, pkg/controlplane/controller/systemnamespaces) and
/// `kube-node-lease`.
pub const BUILT_IN: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

/// A namespace of the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceSpec {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// Where it comes from.
    pub origin: NamespaceOrigin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamespaceOrigin {
    BuiltIn,
    /// A `kind: Namespace` of the manifest.
    Declared,
    /// Used by an object but declared nowhere: podscope creates it (with a warning).
    Created,
}

/// The label the API server puts on every namespace
/// (`kubernetes.io/metadata.name`, the NamespaceDefaultLabelName feature, GA in 1.22).
pub const NAME_LABEL: &str = "kubernetes.io/metadata.name";

impl NamespaceSpec {
    pub fn new(name: &str, origin: NamespaceOrigin) -> NamespaceSpec {
        NamespaceSpec {
            name: name.to_owned(),
            labels: [(NAME_LABEL.to_owned(), name.to_owned())].into(),
            origin,
        }
    }
}

/// Converts and validates a Namespace (validation.go `ValidateNamespace`: the name is a DNS
/// label, `ValidateNamespaceName`).
pub fn namespace_from_api(ns: &api::Namespace) -> Result<NamespaceSpec, Vec<FieldError>> {
    let (name, _, errs) = validate::object_meta_named(&ns.metadata, NameRule::Dns1123Label);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut spec = NamespaceSpec::new(&name, NamespaceOrigin::Declared);
    for (k, v) in ns.metadata.labels.iter().flatten() {
        spec.labels.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Ok(spec)
}

/// The API server's answer to an object in a namespace that does not exist
/// (apimachinery `errors.NewNotFound(namespaces, name)`: `namespaces "<name>" not found`),
/// with what podscope does about it.
pub fn not_found_message(ns: &str) -> String {
    format!(
        "namespaces \"{ns}\" not found (the API server would reject this object; podscope creates the namespace)"
    )
}
