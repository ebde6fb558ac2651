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
    /// A v1 ReplicationController: run by the ReplicaSet controller behind an adapter
    /// (kubernetes pkg/controller/replication/replication_controller.go
    /// `NewReplicationManager`), its selector a plain label map.
    ReplicationController,
}

impl WorkloadKind {
    /// The kind of the object that owns the pods (a Deployment's ReplicaSet).
    pub fn set_kind(self) -> SetKind {
        match self {
            WorkloadKind::Deployment | WorkloadKind::ReplicaSet => SetKind::ReplicaSet,
            WorkloadKind::ReplicationController => SetKind::ReplicationController,
        }
    }

    /// The owner a pod of this workload records.
    pub fn owner(self) -> crate::model::spec::OwnerKind {
        match self {
            WorkloadKind::Deployment => crate::model::spec::OwnerKind::Deployment,
            WorkloadKind::ReplicaSet => crate::model::spec::OwnerKind::ReplicaSet,
            WorkloadKind::ReplicationController => {
                crate::model::spec::OwnerKind::ReplicationController
            }
        }
    }
}

/// The API kind of an object the ReplicaSet controller runs: an apps/v1 ReplicaSet (bare or
/// a Deployment's) or a v1 ReplicationController, which pkg/controller/replication runs
/// through the same controller behind an adapter. An RC and a ReplicaSet may share a name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetKind {
    #[default]
    ReplicaSet,
    ReplicationController,
}

impl SetKind {
    /// The set kind whose pods carry this owner (`None` for a Job's pods).
    pub fn of_owner(owner: crate::model::spec::OwnerKind) -> Option<SetKind> {
        use crate::model::spec::OwnerKind;
        match owner {
            OwnerKind::Deployment | OwnerKind::ReplicaSet => Some(SetKind::ReplicaSet),
            OwnerKind::ReplicationController => Some(SetKind::ReplicationController),
            OwnerKind::Job => None,
        }
    }
}
