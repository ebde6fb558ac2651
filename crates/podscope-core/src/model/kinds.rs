//! The built-in API kinds of Kubernetes 1.35: which `apiVersion`/`kind` pairs are real, so
//! an unknown kind is an error and a custom resource is told apart from a typo.
//!
//! The table lists every type implementing `k8s_openapi::Resource` in k8s-openapi 0.29's
//! `v1_35` module (the API server's served versions for that release), generated from its
//! source by `cargo xtask readers`.

mod served;

/// `(apiVersion, kind)` of every built-in kind served by Kubernetes 1.35, sorted: every type
/// implementing `k8s_openapi::Resource` in its `api`, `apiextensions_apiserver` and
/// `kube_aggregator` trees, written by `cargo xtask readers` (`kinds/served.rs`).
pub use served::BUILT_IN;

/// API groups that belong to Kubernetes itself, including `extensions`, which no longer
/// serves anything.
pub fn is_built_in_group(group: &str) -> bool {
    group.is_empty() || group == "extensions" || BUILT_IN.iter().any(|(v, _)| group_of(v) == group)
}

/// The group of an `apiVersion`: `apps/v1` → `apps`, `v1` → `` (the core group).
pub fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

/// Kinds Kubernetes removed entirely, with the release that removed them.
pub const REMOVED: &[(&str, &str, &str)] = &[
    ("policy/v1beta1", "PodSecurityPolicy", "1.25"),
    ("extensions/v1beta1", "PodSecurityPolicy", "1.25"),
];

/// How a document's `apiVersion` and `kind` relate to the built-in API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindStatus {
    /// Served by Kubernetes 1.35.
    Served,
    /// A built-in kind, but not at this version (removed, or never served); `current` lists
    /// the versions that serve it now.
    OtherVersion { current: Vec<&'static str> },
    /// A built-in kind that Kubernetes removed in `release`.
    Removed { release: &'static str },
    /// A built-in group, but no such kind in it.
    Unknown,
    /// Not a Kubernetes group: a custom resource or a tool's config file.
    Custom,
}

/// Classifies an `apiVersion` / `kind` pair.
pub fn status(api_version: &str, kind: &str) -> KindStatus {
    if BUILT_IN.iter().any(|&(v, k)| v == api_version && k == kind) {
        return KindStatus::Served;
    }
    if let Some(&(_, _, release)) = REMOVED
        .iter()
        .find(|&&(v, k, _)| v == api_version && k == kind)
    {
        return KindStatus::Removed { release };
    }
    let group = group_of(api_version);
    if !is_built_in_group(group) {
        return KindStatus::Custom;
    }
    let current: Vec<&'static str> = BUILT_IN
        .iter()
        .filter(|&&(v, k)| k == kind && (group_of(v) == group || group == "extensions"))
        .map(|&(v, _)| v)
        .collect();
    if current.is_empty() {
        KindStatus::Unknown
    } else {
        KindStatus::OtherVersion { current }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(status("v1", "Pod"), KindStatus::Served);
        assert_eq!(status("apps/v1", "Deployment"), KindStatus::Served);
        assert_eq!(
            status("apps/v1beta1", "Deployment"),
            KindStatus::OtherVersion {
                current: vec!["apps/v1"]
            }
        );
        assert_eq!(
            status("extensions/v1beta1", "Ingress"),
            KindStatus::OtherVersion {
                current: vec!["networking.k8s.io/v1"]
            }
        );
        assert_eq!(status("v1", "SkipThisKind"), KindStatus::Unknown);
        assert_eq!(
            status("policy/v1beta1", "PodSecurityPolicy"),
            KindStatus::Removed { release: "1.25" }
        );
        assert_eq!(
            status("projectcontour.io/v1", "HTTPProxy"),
            KindStatus::Custom
        );
        assert!(
            BUILT_IN.windows(2).all(|w| w[0] < w[1]),
            "sorted and unique"
        );
    }
}
