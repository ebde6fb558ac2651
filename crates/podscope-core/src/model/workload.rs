//! The controllers' objects as admission reads them: a Deployment or ReplicaSet that owns
//! pods (`Workload`), its rollout strategy (`strategy`) and Jobs (`job`). The controllers
//! that run them live in `sim::controllers`.

pub mod job;
pub mod strategy;

use std::collections::BTreeMap;

use crate::model::spec::PodSpec;
pub use strategy::Strategy;

/// The `deployment.kubernetes.io/revision` default history: old ReplicaSets kept for
/// rollback (apps/v1 defaults.go `SetDefaults_Deployment`: `revisionHistoryLimit` 10).
pub const DEFAULT_REVISION_HISTORY_LIMIT: i32 = 10;

/// A controller that owns pods.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub namespace: String,
    pub name: String,
    /// The ReplicaSet that owns the pods (`<deployment>-<hash>` for a Deployment).
    pub replica_set: String,
    /// `pod-template-hash`, for Deployments.
    pub template_hash: Option<String>,
    pub replicas: i32,
    /// A Deployment's `spec.strategy` (the default for a ReplicaSet, which has none).
    pub strategy: Strategy,
    pub min_ready_seconds: u32,
    pub revision_history_limit: i32,
    /// The pod every replica starts from, with its owner and `pod-template-hash` set; its
    /// name is the controller's until a replica is named.
    pub template: Box<PodSpec>,
    /// The object's own `metadata.labels`.
    pub labels: BTreeMap<String, String>,
    /// `spec.selector` as kubectl prints a selector (`app=web,tier in (a,b)`).
    pub selector: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    ReplicaSet,
}

impl WorkloadKind {
    /// The owner a pod of this workload records.
    pub fn owner(self) -> crate::model::spec::OwnerKind {
        match self {
            WorkloadKind::Deployment => crate::model::spec::OwnerKind::Deployment,
            WorkloadKind::ReplicaSet => crate::model::spec::OwnerKind::ReplicaSet,
        }
    }
}
