//! The admission plugins a new pod passes at the API server that depend on what the
//! namespace holds: LimitRanger (mutating, then validating) and ResourceQuota (validating,
//! after it), in the API server's plugin order (kubeapiserver/options/plugins.go
//! `AllOrderedPlugins`). Their refusals are the API server's Forbidden:
//! `pods "NAME" is forbidden: …` (apiserver admission/errors.go `NewForbidden`, which names a
//! pod by its `generateName` when it has no name yet).

use crate::admission::{limit_ranger, quota};
use crate::model::cluster::limit_range::LimitRangeSpec;
use crate::model::cluster::resource_quota::ResourceQuotaSpec;
use crate::model::sort::CompactSort;
use crate::model::spec::PodSpec;
use crate::sim::status::{self, Phase};
use crate::sim::world::World;

impl World {
    /// Runs the plugins on a pod about to be created (`shown`: the name the refusal gives
    /// it): the LimitRanges' defaults are written into `spec.api`, or the refusal returned.
    pub(crate) fn admit_pod_plugins(&self, spec: &mut PodSpec, shown: &str) -> Result<(), String> {
        let ns = spec.key.namespace.clone();
        let mut ranges: Vec<&LimitRangeSpec> = self
            .cluster
            .limit_ranges
            .iter()
            .filter(|l| l.key.namespace == ns)
            .collect();
        ranges.sort_compact_by(|a, b| a.key.name.cmp(&b.key.name));
        let forbidden = |why: String| format!("pods \"{shown}\" is forbidden: {why}");
        limit_ranger::admit(&mut spec.api, &ranges).map_err(forbidden)?;
        let quotas = self.quotas_with_usage(&ns);
        let with: Vec<(&ResourceQuotaSpec, &quota::Usage)> =
            quotas.iter().map(|(q, u)| (*q, u)).collect();
        quota::admit(&spec.api, &with).map_err(forbidden)
    }

    /// The namespace's ResourceQuotas by name, each with what the pods in the namespace use
    /// of its resources (the quota controller's `status.used`: pods that have not finished,
    /// pkg/quota/v1/evaluator/core/pods.go `QuotaV1Pod`).
    pub fn quotas_with_usage(&self, ns: &str) -> Vec<(&ResourceQuotaSpec, quota::Usage)> {
        let mut quotas: Vec<&ResourceQuotaSpec> = self
            .cluster
            .resource_quotas
            .iter()
            .filter(|q| q.key.namespace == ns)
            .collect();
        quotas.sort_compact_by(|a, b| a.key.name.cmp(&b.key.name));
        let pods: Vec<&k8s_openapi::api::core::v1::Pod> = self
            .pods()
            .filter(|p| p.spec.key.namespace == ns)
            .filter(|p| !matches!(status::phase(p), Phase::Succeeded | Phase::Failed))
            .map(|p| &*p.spec.api)
            .collect();
        quotas
            .into_iter()
            .map(|q| (q, quota::used(q, &pods)))
            .collect()
    }
}
