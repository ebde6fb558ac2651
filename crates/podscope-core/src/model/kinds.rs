//! The built-in API kinds of Kubernetes 1.35: which `apiVersion`/`kind` pairs are real, so
//! an unknown kind is an error and a custom resource is told apart from a typo.
//!
//! The table lists every type implementing `k8s_openapi::Resource` in k8s-openapi 0.29's
//! `v1_35` module (the API server's served versions for that release), extracted with
//! `grep -A3 "impl crate::Resource for"` over its `api/`, `apiextensions_apiserver/` and
//! `kube_aggregator/` trees.

/// `(apiVersion, kind)` of every built-in kind served by Kubernetes 1.35, sorted.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "admissionregistration.k8s.io/v1",
        "MutatingWebhookConfiguration",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicy",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io/v1",
        "ValidatingWebhookConfiguration",
    ),
    (
        "admissionregistration.k8s.io/v1alpha1",
        "MutatingAdmissionPolicy",
    ),
    (
        "admissionregistration.k8s.io/v1alpha1",
        "MutatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingAdmissionPolicy",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingAdmissionPolicyBinding",
    ),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    ("apiregistration.k8s.io/v1", "APIService"),
    ("apps/v1", "ControllerRevision"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "ReplicaSet"),
    ("apps/v1", "StatefulSet"),
    ("authentication.k8s.io/v1", "SelfSubjectReview"),
    ("authentication.k8s.io/v1", "TokenRequest"),
    ("authentication.k8s.io/v1", "TokenReview"),
    ("authorization.k8s.io/v1", "LocalSubjectAccessReview"),
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"),
    ("authorization.k8s.io/v1", "SubjectAccessReview"),
    ("autoscaling/v1", "HorizontalPodAutoscaler"),
    ("autoscaling/v1", "Scale"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("batch/v1", "CronJob"),
    ("batch/v1", "Job"),
    ("certificates.k8s.io/v1", "CertificateSigningRequest"),
    ("certificates.k8s.io/v1alpha1", "ClusterTrustBundle"),
    ("certificates.k8s.io/v1beta1", "ClusterTrustBundle"),
    ("certificates.k8s.io/v1beta1", "PodCertificateRequest"),
    ("coordination.k8s.io/v1", "Lease"),
    ("coordination.k8s.io/v1alpha2", "LeaseCandidate"),
    ("coordination.k8s.io/v1beta1", "LeaseCandidate"),
    ("discovery.k8s.io/v1", "EndpointSlice"),
    ("events.k8s.io/v1", "Event"),
    ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"),
    (
        "flowcontrol.apiserver.k8s.io/v1",
        "PriorityLevelConfiguration",
    ),
    ("internal.apiserver.k8s.io/v1alpha1", "StorageVersion"),
    ("networking.k8s.io/v1", "IPAddress"),
    ("networking.k8s.io/v1", "Ingress"),
    ("networking.k8s.io/v1", "IngressClass"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("networking.k8s.io/v1", "ServiceCIDR"),
    ("networking.k8s.io/v1beta1", "IPAddress"),
    ("networking.k8s.io/v1beta1", "ServiceCIDR"),
    ("node.k8s.io/v1", "RuntimeClass"),
    ("policy/v1", "Eviction"),
    ("policy/v1", "PodDisruptionBudget"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("rbac.authorization.k8s.io/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("resource.k8s.io/v1", "DeviceClass"),
    ("resource.k8s.io/v1", "ResourceClaim"),
    ("resource.k8s.io/v1", "ResourceClaimTemplate"),
    ("resource.k8s.io/v1", "ResourceSlice"),
    ("resource.k8s.io/v1alpha3", "DeviceTaintRule"),
    ("resource.k8s.io/v1beta1", "DeviceClass"),
    ("resource.k8s.io/v1beta1", "ResourceClaim"),
    ("resource.k8s.io/v1beta1", "ResourceClaimTemplate"),
    ("resource.k8s.io/v1beta1", "ResourceSlice"),
    ("resource.k8s.io/v1beta2", "DeviceClass"),
    ("resource.k8s.io/v1beta2", "ResourceClaim"),
    ("resource.k8s.io/v1beta2", "ResourceClaimTemplate"),
    ("resource.k8s.io/v1beta2", "ResourceSlice"),
    ("scheduling.k8s.io/v1", "PriorityClass"),
    ("scheduling.k8s.io/v1alpha1", "Workload"),
    ("storage.k8s.io/v1", "CSIDriver"),
    ("storage.k8s.io/v1", "CSINode"),
    ("storage.k8s.io/v1", "CSIStorageCapacity"),
    ("storage.k8s.io/v1", "StorageClass"),
    ("storage.k8s.io/v1", "VolumeAttachment"),
    ("storage.k8s.io/v1", "VolumeAttributesClass"),
    ("storage.k8s.io/v1beta1", "VolumeAttributesClass"),
    ("storagemigration.k8s.io/v1beta1", "StorageVersionMigration"),
    ("v1", "Binding"),
    ("v1", "ComponentStatus"),
    ("v1", "ConfigMap"),
    ("v1", "Endpoints"),
    ("v1", "Event"),
    ("v1", "LimitRange"),
    ("v1", "Namespace"),
    ("v1", "Node"),
    ("v1", "PersistentVolume"),
    ("v1", "PersistentVolumeClaim"),
    ("v1", "Pod"),
    ("v1", "PodTemplate"),
    ("v1", "ReplicationController"),
    ("v1", "ResourceQuota"),
    ("v1", "Secret"),
    ("v1", "Service"),
    ("v1", "ServiceAccount"),
];

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
