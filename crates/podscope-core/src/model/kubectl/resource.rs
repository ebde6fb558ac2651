//! Resource types as kubectl names them: the API server's discovery (plural, singular and
//! short names, group, version) and kubectl's RESTMapper lookup of `TYPE[.VERSION][.GROUP]`.
//!
//! The table is `kubectl api-resources` of a Kubernetes 1.35 cluster: the list in
//! kubernetes/website content/en/docs/reference/kubectl/_index.md ("accurate as of 1.25.0",
//! PodSecurityPolicy left out, removed in 1.25; FlowSchema at `flowcontrol.apiserver.k8s.io/v1`)
//! and the kinds added since that `model::kinds::BUILT_IN` serves at v1 (their registries in
//! kubernetes pkg/registry declare no short names).

use std::fmt;

/// One resource the API server serves, as discovery describes it.
#[derive(Debug, PartialEq, Eq)]
pub struct ApiResource {
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    /// The API group; empty for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
}

const fn r(
    plural: &'static str,
    singular: &'static str,
    short: &'static [&'static str],
    group: &'static str,
    version: &'static str,
    namespaced: bool,
) -> ApiResource {
    ApiResource {
        plural,
        singular,
        short,
        group,
        version,
        namespaced,
    }
}

/// Discovery's resources, in `kubectl api-resources` order (core first, then by group).
#[rustfmt::skip]
pub const API_RESOURCES: &[ApiResource] = &[
    r("bindings", "binding", &[], "", "v1", true),
    r("componentstatuses", "componentstatus", &["cs"], "", "v1", false),
    r("configmaps", "configmap", &["cm"], "", "v1", true),
    r("endpoints", "endpoints", &["ep"], "", "v1", true),
    r("events", "event", &["ev"], "", "v1", true),
    r("limitranges", "limitrange", &["limits"], "", "v1", true),
    r("namespaces", "namespace", &["ns"], "", "v1", false),
    r("nodes", "node", &["no"], "", "v1", false),
    r("persistentvolumeclaims", "persistentvolumeclaim", &["pvc"], "", "v1", true),
    r("persistentvolumes", "persistentvolume", &["pv"], "", "v1", false),
    r("pods", "pod", &["po"], "", "v1", true),
    r("podtemplates", "podtemplate", &[], "", "v1", true),
    r("replicationcontrollers", "replicationcontroller", &["rc"], "", "v1", true),
    r("resourcequotas", "resourcequota", &["quota"], "", "v1", true),
    r("secrets", "secret", &[], "", "v1", true),
    r("serviceaccounts", "serviceaccount", &["sa"], "", "v1", true),
    r("services", "service", &["svc"], "", "v1", true),
    r("mutatingwebhookconfigurations", "mutatingwebhookconfiguration", &[], "admissionregistration.k8s.io", "v1", false),
    r("validatingadmissionpolicies", "validatingadmissionpolicy", &[], "admissionregistration.k8s.io", "v1", false),
    r("validatingadmissionpolicybindings", "validatingadmissionpolicybinding", &[], "admissionregistration.k8s.io", "v1", false),
    r("validatingwebhookconfigurations", "validatingwebhookconfiguration", &[], "admissionregistration.k8s.io", "v1", false),
    r("customresourcedefinitions", "customresourcedefinition", &["crd", "crds"], "apiextensions.k8s.io", "v1", false),
    r("apiservices", "apiservice", &[], "apiregistration.k8s.io", "v1", false),
    r("controllerrevisions", "controllerrevision", &[], "apps", "v1", true),
    r("daemonsets", "daemonset", &["ds"], "apps", "v1", true),
    r("deployments", "deployment", &["deploy"], "apps", "v1", true),
    r("replicasets", "replicaset", &["rs"], "apps", "v1", true),
    r("statefulsets", "statefulset", &["sts"], "apps", "v1", true),
    r("selfsubjectreviews", "selfsubjectreview", &[], "authentication.k8s.io", "v1", false),
    r("tokenreviews", "tokenreview", &[], "authentication.k8s.io", "v1", false),
    r("localsubjectaccessreviews", "localsubjectaccessreview", &[], "authorization.k8s.io", "v1", true),
    r("selfsubjectaccessreviews", "selfsubjectaccessreview", &[], "authorization.k8s.io", "v1", false),
    r("selfsubjectrulesreviews", "selfsubjectrulesreview", &[], "authorization.k8s.io", "v1", false),
    r("subjectaccessreviews", "subjectaccessreview", &[], "authorization.k8s.io", "v1", false),
    r("horizontalpodautoscalers", "horizontalpodautoscaler", &["hpa"], "autoscaling", "v2", true),
    r("cronjobs", "cronjob", &["cj"], "batch", "v1", true),
    r("jobs", "job", &[], "batch", "v1", true),
    r("certificatesigningrequests", "certificatesigningrequest", &["csr"], "certificates.k8s.io", "v1", false),
    r("leases", "lease", &[], "coordination.k8s.io", "v1", true),
    r("endpointslices", "endpointslice", &[], "discovery.k8s.io", "v1", true),
    r("events", "event", &["ev"], "events.k8s.io", "v1", true),
    r("flowschemas", "flowschema", &[], "flowcontrol.apiserver.k8s.io", "v1", false),
    r("prioritylevelconfigurations", "prioritylevelconfiguration", &[], "flowcontrol.apiserver.k8s.io", "v1", false),
    r("ingressclasses", "ingressclass", &[], "networking.k8s.io", "v1", false),
    r("ingresses", "ingress", &["ing"], "networking.k8s.io", "v1", true),
    r("ipaddresses", "ipaddress", &[], "networking.k8s.io", "v1", false),
    r("networkpolicies", "networkpolicy", &["netpol"], "networking.k8s.io", "v1", true),
    r("servicecidrs", "servicecidr", &[], "networking.k8s.io", "v1", false),
    r("runtimeclasses", "runtimeclass", &[], "node.k8s.io", "v1", false),
    r("poddisruptionbudgets", "poddisruptionbudget", &["pdb"], "policy", "v1", true),
    r("clusterrolebindings", "clusterrolebinding", &[], "rbac.authorization.k8s.io", "v1", false),
    r("clusterroles", "clusterrole", &[], "rbac.authorization.k8s.io", "v1", false),
    r("rolebindings", "rolebinding", &[], "rbac.authorization.k8s.io", "v1", true),
    r("roles", "role", &[], "rbac.authorization.k8s.io", "v1", true),
    r("deviceclasses", "deviceclass", &[], "resource.k8s.io", "v1", false),
    r("resourceclaims", "resourceclaim", &[], "resource.k8s.io", "v1", true),
    r("resourceclaimtemplates", "resourceclaimtemplate", &[], "resource.k8s.io", "v1", true),
    r("resourceslices", "resourceslice", &[], "resource.k8s.io", "v1", false),
    r("priorityclasses", "priorityclass", &["pc"], "scheduling.k8s.io", "v1", false),
    r("csidrivers", "csidriver", &[], "storage.k8s.io", "v1", false),
    r("csinodes", "csinode", &[], "storage.k8s.io", "v1", false),
    r("csistoragecapacities", "csistoragecapacity", &[], "storage.k8s.io", "v1", true),
    r("storageclasses", "storageclass", &["sc"], "storage.k8s.io", "v1", false),
    r("volumeattachments", "volumeattachment", &[], "storage.k8s.io", "v1", false),
    r("volumeattributesclasses", "volumeattributesclass", &[], "storage.k8s.io", "v1", false),
];

/// A resource type a command names. The ones podscope shows have a variant; every other
/// served type is `Other`, which commands answer with "not modelled".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    ReplicationControllers,
    Services,
    Events,
    Jobs,
    Other(&'static ApiResource),
}

impl Resource {
    /// The discovery entry.
    pub fn api(self) -> &'static ApiResource {
        let (plural, group) = match self {
            Resource::Other(a) => return a,
            Resource::Pods => ("pods", ""),
            Resource::Deployments => ("deployments", "apps"),
            Resource::ReplicaSets => ("replicasets", "apps"),
            Resource::ReplicationControllers => ("replicationcontrollers", ""),
            Resource::Services => ("services", ""),
            Resource::Events => ("events", ""),
            Resource::Jobs => ("jobs", "batch"),
        };
        API_RESOURCES
            .iter()
            .find(|a| a.plural == plural && a.group == group)
            .unwrap_or(&API_RESOURCES[0])
    }

    fn of(api: &'static ApiResource) -> Self {
        match (api.group, api.plural) {
            ("", "pods") => Resource::Pods,
            ("apps", "deployments") => Resource::Deployments,
            ("apps", "replicasets") => Resource::ReplicaSets,
            ("", "replicationcontrollers") => Resource::ReplicationControllers,
            ("", "services") => Resource::Services,
            ("", "events") => Resource::Events,
            ("batch", "jobs") => Resource::Jobs,
            _ => Resource::Other(api),
        }
    }

    /// `pods`, `deployments.apps`: how the API server names the resource in its errors
    /// (`Error from server (NotFound): deployments.apps "web" not found`).
    pub fn qualified(self) -> String {
        let a = self.api();
        match a.group {
            "" => a.plural.to_owned(),
            g => format!("{}.{g}", a.plural),
        }
    }

    /// `pod`, `deployment.apps`: how kubectl names an object's kind before `/NAME` in what
    /// it prints (`deployment.apps/web scaled`).
    pub fn kind_prefix(self) -> String {
        let a = self.api();
        match a.group {
            "" => a.singular.to_owned(),
            g => format!("{}.{g}", a.singular),
        }
    }

    /// What kubectl prints when the API server has no such object (cmdutil
    /// `StandardErrorMessage` of a NotFound status): `Error from server (NotFound):
    /// deployments.apps "web" not found`.
    pub fn not_found(self, name: &str) -> String {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            self.qualified()
        )
    }

    /// Reads a resource argument as kubectl's RESTMapper does (cli-runtime resource/builder.go
    /// `mappingFor`, apimachinery schema `ParseResourceArg`): the plural, singular or a short
    /// name, any case, optionally qualified as `NAME.GROUP` or `NAME.VERSION.GROUP`
    /// (`deployments.apps`, `deployment.v1.apps`). Discovery lists the core group first, so
    /// `events` is the core Event. The error is the builder's.
    pub fn parse(arg: &str) -> Result<Self, UnknownResource> {
        let lower = arg.to_ascii_lowercase();
        let names = |a: &ApiResource, name: &str| {
            a.plural == name || a.singular == name || a.short.contains(&name)
        };
        // `NAME.VERSION.GROUP` when it has two dots or more.
        let mut parts = lower.splitn(3, '.');
        if let (Some(name), Some(version), Some(group)) = (parts.next(), parts.next(), parts.next())
            && let Some(a) = API_RESOURCES
                .iter()
                .find(|a| names(a, name) && a.version == version && a.group == group)
        {
            return Ok(Resource::of(a));
        }
        // `NAME` or `NAME.GROUP`.
        let (name, group) = match lower.split_once('.') {
            Some((n, g)) => (n, Some(g)),
            None => (lower.as_str(), None),
        };
        API_RESOURCES
            .iter()
            .find(|a| names(a, name) && group.is_none_or(|g| a.group == g))
            .map(Resource::of)
            .ok_or_else(|| UnknownResource(name_part(arg).to_owned()))
    }
}

/// The resource part of an argument (before the first dot), as the builder's error names it.
fn name_part(arg: &str) -> &str {
    arg.split('.').next().unwrap_or(arg)
}

/// `the server doesn't have a resource type "x"` (resource/builder.go `mappingFor`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownResource(pub String);

impl fmt::Display for UnknownResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server doesn't have a resource type {}",
            crate::model::humanize::go_quote(&self.0)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_short_names_and_groups() {
        for (arg, want) in [
            ("pods", Resource::Pods),
            ("pod", Resource::Pods),
            ("po", Resource::Pods),
            ("PODS", Resource::Pods),
            ("deploy", Resource::Deployments),
            ("deployments.apps", Resource::Deployments),
            ("deployment.v1.apps", Resource::Deployments),
            ("rs", Resource::ReplicaSets),
            ("replicaset.apps", Resource::ReplicaSets),
            ("rc", Resource::ReplicationControllers),
            ("replicationcontrollers", Resource::ReplicationControllers),
            ("replicationcontroller", Resource::ReplicationControllers),
            ("svc", Resource::Services),
            ("ev", Resource::Events),
            ("events", Resource::Events),
            ("jobs.batch", Resource::Jobs),
            ("job.v1.batch", Resource::Jobs),
        ] {
            assert_eq!(Resource::parse(arg), Ok(want), "{arg}");
        }
        let nodes = Resource::parse("no").unwrap();
        assert_eq!(nodes.api().plural, "nodes");
        assert_eq!(
            Resource::parse("events.events.k8s.io").unwrap().qualified(),
            "events.events.k8s.io"
        );
        assert_eq!(
            Resource::parse("ingresses.v1.networking.k8s.io")
                .unwrap()
                .api()
                .singular,
            "ingress"
        );
        assert_eq!(Resource::Deployments.qualified(), "deployments.apps");
        assert_eq!(Resource::Deployments.kind_prefix(), "deployment.apps");
        assert_eq!(Resource::Pods.kind_prefix(), "pod");
    }

    #[test]
    fn unknown_types_are_the_builders_error() {
        let err = |arg: &str| Resource::parse(arg).unwrap_err().to_string();
        assert_eq!(
            err("podz"),
            "the server doesn't have a resource type \"podz\""
        );
        assert_eq!(
            err("deployments.batch"),
            "the server doesn't have a resource type \"deployments\""
        );
        assert_eq!(
            err("deployment.v2.apps"),
            "the server doesn't have a resource type \"deployment\""
        );
        assert_eq!(err(""), "the server doesn't have a resource type \"\"");
    }

    #[test]
    fn the_table_is_consistent() {
        for v in [
            Resource::Pods,
            Resource::Deployments,
            Resource::ReplicaSets,
            Resource::ReplicationControllers,
            Resource::Services,
            Resource::Events,
            Resource::Jobs,
        ] {
            assert_eq!(Resource::of(v.api()), v);
        }
        for a in API_RESOURCES {
            let kind = crate::model::kinds::BUILT_IN.iter().any(|(v, k)| {
                let api = if a.group.is_empty() {
                    a.version.to_owned()
                } else {
                    format!("{}/{}", a.group, a.version)
                };
                *v == api && k.to_ascii_lowercase() == a.singular
            });
            assert!(kind, "{} is not a served kind", a.plural);
        }
    }
}
