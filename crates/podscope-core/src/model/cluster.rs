//! The cluster objects of a manifest besides its pods: nodes, namespaces, Services,
//! ConfigMaps and Secrets, typed and validated by admission for the simulation to use.

use crate::model::sort::CompactSort;
use podscope_collections::Map;

mod config;
pub mod limit_range;
mod namespace;
mod node;
pub mod resource_quota;
mod service;
mod service_account;
mod storage;

pub use config::{
    ConfigMapSpec, MAX_DATA_BYTES, SecretSpec, SecretType, config_map_from_api, secret_from_api,
};
pub use namespace::{
    BUILT_IN as BUILT_IN_NAMESPACES, NAME_LABEL, NamespaceOrigin, NamespaceSpec,
    namespace_from_api, not_found_message,
};
pub use node::{
    NodeResources, NodeSpec, Taint, TaintEffect, default_internal_ip, default_pod_cidr,
    is_extended_resource_name, node_from_api,
};
pub use service::{
    Allocator, ClusterIp, KUBE_DNS_IP, KUBERNETES_SERVICE_IP, NODE_PORT_MAX, NODE_PORT_MIN,
    Protocol, SERVICE_CIDR, ServicePort, ServiceSpec, ServiceType, TargetPort,
    reallocate_collisions, service_from_api,
};
pub use service_account::{DEFAULT_SERVICE_ACCOUNT, ServiceAccountSpec, service_account_from_api};
pub use storage::{
    AccessMode, ClaimPhase, PersistentVolumeClaimSpec, PersistentVolumeSpec, VolumePhase,
    access_modes_string, persistent_volume_claim_from_api, persistent_volume_from_api,
};

/// A namespaced object's namespace and name.
pub use crate::model::ids::ObjectKey;

/// The default node's name.
pub const DEFAULT_NODE_NAME: &str = "node-1";
/// The default node's CPUs (a small kubeadm worker).
pub const DEFAULT_NODE_CPUS: u32 = 2;
/// The default node's CPU capacity in millicores.
pub const DEFAULT_NODE_CPU_MILLI: u64 = DEFAULT_NODE_CPUS as u64 * 1000;
/// The default node's memory capacity: 8 GiB.
pub const DEFAULT_NODE_MEMORY_BYTES: u64 = 8 * 1024 * 1024 * 1024;
/// The kubelet's default hard eviction threshold `memory.available<100Mi`
/// (pkg/kubelet/eviction/defaults_linux.go `DefaultEvictionHard`), which allocatable leaves out.
pub const EVICTION_HARD_MEMORY: u64 = 100 * 1024 * 1024;
/// The kubelet's default `maxPods` (pkg/kubelet/apis/config/v1beta1/defaults.go).
pub const DEFAULT_MAX_PODS: u32 = 110;

/// Everything of the cluster a manifest describes.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The manifest's nodes, or the default node: never empty.
    nodes: Vec<NodeSpec>,
    declared_nodes: bool,
    pub namespaces: Vec<NamespaceSpec>,
    pub services: Vec<ServiceSpec>,
    pub config_maps: Vec<ConfigMapSpec>,
    pub secrets: Vec<SecretSpec>,
    /// Deployments and ReplicaSets (the pods admission made for them are `Loaded::pods`).
    pub workloads: Vec<crate::model::workload::Workload>,
    /// Jobs (their pods are made by the Job controller in the world).
    pub jobs: Vec<crate::model::workload::job::JobSpec>,
    /// When Services created after the start were created (`metadata.creationTimestamp`);
    /// the others are as old as the cluster.
    pub service_created: Map<ObjectKey, crate::model::time::SimTime>,
    /// When ConfigMaps created after the start were created, as for Services.
    pub config_map_created: Map<ObjectKey, crate::model::time::SimTime>,
    pub limit_ranges: Vec<limit_range::LimitRangeSpec>,
    pub resource_quotas: Vec<resource_quota::ResourceQuotaSpec>,
    pub persistent_volumes: Vec<PersistentVolumeSpec>,
    pub persistent_volume_claims: Vec<PersistentVolumeClaimSpec>,
    /// The ServiceAccounts applied or changed (every namespace's `default` is implied:
    /// `service_accounts()`).
    pub service_accounts: Vec<ServiceAccountSpec>,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster {
            nodes: vec![NodeSpec::default_node()],
            declared_nodes: false,
            namespaces: BUILT_IN_NAMESPACES
                .iter()
                .map(|n| NamespaceSpec::new(n, NamespaceOrigin::BuiltIn))
                .collect(),
            services: Vec::new(),
            config_maps: Vec::new(),
            secrets: Vec::new(),
            workloads: Vec::new(),
            jobs: Vec::new(),
            service_created: Map::new(),
            config_map_created: Map::new(),
            limit_ranges: Vec::new(),
            resource_quotas: Vec::new(),
            persistent_volumes: Vec::new(),
            persistent_volume_claims: Vec::new(),
            service_accounts: Vec::new(),
        }
    }
}

impl Cluster {
    /// The nodes pods can run on: the manifest's, or exactly one default node when it has
    /// none.
    pub fn nodes(&self) -> &[NodeSpec] {
        &self.nodes
    }

    /// The nodes, to change their metadata (`kubectl label node`); never emptied.
    pub fn nodes_mut(&mut self) -> &mut [NodeSpec] {
        &mut self.nodes
    }

    /// Whether the nodes come from the manifest (not the default node).
    pub fn has_declared_nodes(&self) -> bool {
        self.declared_nodes
    }

    /// Adds a node of the manifest (the first replaces the default node).
    pub fn add_node(&mut self, node: NodeSpec) {
        if !self.declared_nodes {
            self.nodes.clear();
            self.declared_nodes = true;
        }
        self.nodes.push(node);
    }

    /// How many nodes the manifest declared so far (the index the next one gets).
    pub fn declared_node_count(&self) -> usize {
        if self.declared_nodes {
            self.nodes.len()
        } else {
            0
        }
    }

    pub fn namespace(&self, name: &str) -> Option<&NamespaceSpec> {
        self.namespaces.iter().find(|n| n.name == name)
    }

    /// Adds a namespace unless one of that name exists.
    pub fn add_namespace(&mut self, ns: NamespaceSpec) {
        if self.namespace(&ns.name).is_none() {
            self.namespaces.push(ns);
        }
    }

    /// A Service's creation time (the cluster's start for those it started with).
    pub fn service_created_at(&self, key: &ObjectKey) -> crate::model::time::SimTime {
        self.service_created
            .get(key)
            .copied()
            .unwrap_or(crate::model::time::SimTime::ZERO)
    }

    /// A ConfigMap's creation time (the cluster's start for those it started with).
    pub fn config_map_created_at(&self, key: &ObjectKey) -> crate::model::time::SimTime {
        self.config_map_created
            .get(key)
            .copied()
            .unwrap_or(crate::model::time::SimTime::ZERO)
    }

    /// Every ServiceAccount: each namespace's `default` (unless one was written) and the
    /// ones written, by namespace and name.
    pub fn service_accounts(&self) -> Vec<ServiceAccountSpec> {
        let mut all: Vec<ServiceAccountSpec> = self
            .namespaces
            .iter()
            .filter(|n| {
                !self
                    .service_accounts
                    .iter()
                    .any(|s| s.key.namespace == n.name && s.key.name == DEFAULT_SERVICE_ACCOUNT)
            })
            .map(|n| ServiceAccountSpec::default_of(&n.name, crate::model::time::SimTime::ZERO))
            .chain(self.service_accounts.iter().cloned())
            .collect();
        all.sort_compact_by(|a, b| a.key.cmp(&b.key));
        all
    }

    pub fn service(&self, namespace: &str, name: &str) -> Option<&ServiceSpec> {
        self.services
            .iter()
            .find(|s| s.key.namespace == namespace && s.key.name == name)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn without_nodes_there_is_exactly_the_default_node() {
        let c = Cluster::default();
        assert_eq!(c.nodes(), &[NodeSpec::default_node()]);
        assert!(!c.has_declared_nodes());
        assert_eq!(c.namespaces.len(), 4);
        let mut c = c;
        let mut n = NodeSpec::default_node();
        n.name = "a".to_owned();
        c.add_node(n.clone());
        c.add_node(n);
        assert_eq!(c.nodes().len(), 2);
        assert_eq!(c.declared_node_count(), 2);
    }
}
