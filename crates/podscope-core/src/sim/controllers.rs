//! The controllers of the control plane that own pods: Deployments and their ReplicaSets,
//! as objects the world keeps, and the reconcile pass that runs them whenever the pods they
//! watch change (new ReplicaSets on a template change, rolling updates, scaling, a deleted
//! pod's replacement). Upstream rules and sources: docs/rollouts.md.

mod deployment;
mod edit;
pub mod job;
pub mod kubectl;
mod observe;
mod replicaset;
mod watch;

use crate::model::sort::CompactSort;
use std::collections::BTreeMap;

use crate::admission::admit::{Workload, WorkloadKind};
use crate::model::ids::{ObjectKey, PodId};
use crate::model::spec::{OwnerKind, PodSpec};
use crate::model::time::{SimDuration, SimTime};
use crate::sim::status::{self, Phase};
use crate::sim::world::{Pod, Wakeup, World};

pub use crate::model::workload::DEFAULT_REVISION_HISTORY_LIMIT;
pub use crate::model::workload::SetKind;
pub use crate::model::workload::strategy::{IntOrPercent, Strategy};

/// How many times one reconcile pass lets the controllers react to each other's writes at
/// one instant (a controller's update wakes the other at once on a real control plane).
const MAX_ROUNDS: usize = 16;

/// A Deployment object.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub key: ObjectKey,
    /// `spec.replicas`.
    pub replicas: i32,
    pub strategy: Strategy,
    pub min_ready_seconds: u32,
    pub revision_history_limit: i32,
    /// The pod template as a pod (its name is set per pod), with the `pod-template-hash`
    /// label of its ReplicaSet.
    pub template: PodSpec,
    /// `pod-template-hash` of the current template: names the new ReplicaSet.
    pub hash: String,
    pub created_at: SimTime,
    /// `metadata.labels`.
    pub labels: BTreeMap<String, String>,
    /// `spec.selector`, as kubectl prints it.
    pub selector: String,
    /// `metadata.annotations["kubernetes.io/change-cause"]` (`kubectl … --record`), which
    /// a new ReplicaSet copies (`rollout history`'s CHANGE-CAUSE).
    pub change_cause: Option<String>,
    /// `spec.paused` (`kubectl rollout pause`): the controller scales but does not roll out.
    pub paused: bool,
    /// `spec.progressDeadlineSeconds` (apps/v1 defaults it to 600).
    pub progress_deadline_seconds: i32,
    /// `metadata.annotations` as written (`kubectl apply`'s last-applied-configuration).
    pub annotations: BTreeMap<String, String>,
}

/// apps/v1 defaults.go `SetDefaults_Deployment`: `progressDeadlineSeconds` is 600.
pub const DEFAULT_PROGRESS_DEADLINE_SECONDS: i32 = 600;

/// A ReplicaSet object: a Deployment's or a bare one; or a ReplicationController, which
/// the same controller runs (`kind`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSet {
    pub kind: SetKind,
    pub key: ObjectKey,
    /// The Deployment that owns it.
    pub deployment: Option<String>,
    /// `spec.replicas`.
    pub replicas: i32,
    pub template: PodSpec,
    /// `pod-template-hash`, for a Deployment's.
    pub hash: Option<String>,
    /// `deployment.kubernetes.io/revision`.
    pub revision: u64,
    /// `deployment.kubernetes.io/desired-replicas`: the Deployment's replicas when it last
    /// scaled this set (a differing value is a scaling event).
    pub desired_annotation: i32,
    /// `deployment.kubernetes.io/max-replicas`: the Deployment's replicas plus its surge
    /// then (proportional scaling's base).
    pub max_annotation: i32,
    pub min_ready_seconds: u32,
    pub created_at: SimTime,
    /// `spec.selector` as kubectl prints it (`tier=frontend`): the pods a bare ReplicaSet
    /// claims (`replicaset.rs`).
    pub selector: String,
    /// The change-cause annotation copied from its Deployment when it was made.
    pub change_cause: Option<String>,
    /// `metadata.labels`: a bare ReplicaSet's own, a Deployment's its template's (with
    /// `pod-template-hash`).
    pub labels: BTreeMap<String, String>,
}

/// What `status` of a ReplicaSet (and, summed, of a Deployment) says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Active pods: not being deleted and not finished (controller_utils.go `FilterActivePods`).
    pub replicas: i32,
    pub ready: i32,
    /// Ready for at least `minReadySeconds`.
    pub available: i32,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.replicas += o.replicas;
        self.ready += o.ready;
        self.available += o.available;
    }
}

impl std::ops::SubAssign for Counts {
    fn sub_assign(&mut self, o: Counts) {
        self.replicas -= o.replicas;
        self.ready -= o.ready;
        self.available -= o.available;
    }
}

/// A ReplicaSet's `ReplicaFailure` condition (replica_set_utils.go `calculateStatus`:
/// reason `FailedCreate`, the create error as message), which its Deployment copies
/// (deployment progress.go `getReplicaFailures`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaFailure {
    pub replica_set: ObjectKey,
    pub message: String,
    pub since: SimTime,
}

/// The world's controllers and what they have observed.
#[derive(Clone, Debug, Default)]
pub struct Controllers {
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub jobs: Vec<job::Job>,
    /// HorizontalPodAutoscalers (`kubectl autoscale`), held as objects.
    pub autoscalers: Vec<edit::Autoscaler>,
    /// The ReplicaSets whose last pod creation the API server refused (their
    /// `ReplicaFailure` condition), at most one each.
    pub replica_failures: Vec<ReplicaFailure>,
    /// What the controllers last saw of the pods, so that a pass with nothing new is cheap.
    observed: observe::Observed,
}

impl Controllers {
    pub fn is_empty(&self) -> bool {
        self.deployments.is_empty() && self.replica_sets.is_empty() && self.jobs.is_empty()
    }

    pub fn deployment(&self, key: &ObjectKey) -> Option<&Deployment> {
        self.deployments.iter().find(|d| &d.key == key)
    }

    /// The Deployment `key`, to change.
    pub(crate) fn deployment_mut(&mut self, key: &ObjectKey) -> Option<&mut Deployment> {
        self.deployments.iter_mut().find(|d| &d.key == key)
    }

    /// The apps/v1 ReplicaSet `key`.
    pub fn replica_set(&self, key: &ObjectKey) -> Option<&ReplicaSet> {
        self.set(SetKind::ReplicaSet, key)
    }

    /// The ReplicationController `key`.
    pub fn replication_controller(&self, key: &ObjectKey) -> Option<&ReplicaSet> {
        self.set(SetKind::ReplicationController, key)
    }

    /// The ReplicaSet or ReplicationController `key`.
    pub fn set(&self, kind: SetKind, key: &ObjectKey) -> Option<&ReplicaSet> {
        self.replica_sets
            .iter()
            .find(|r| r.kind == kind && &r.key == key)
    }

    /// The ReplicaSets (`SetKind::ReplicaSet`) or the ReplicationControllers.
    pub fn sets(&self, kind: SetKind) -> impl Iterator<Item = &ReplicaSet> {
        self.replica_sets.iter().filter(move |r| r.kind == kind)
    }

    /// A Deployment's ReplicaSets, oldest first (controller_utils.go
    /// `ReplicaSetsByCreationTimestamp`: by creation time, then name).
    pub fn replica_sets_of<'a>(&'a self, d: &'a Deployment) -> Vec<&'a ReplicaSet> {
        let mut v: Vec<&ReplicaSet> = self
            .replica_sets
            .iter()
            .filter(|r| {
                r.kind == SetKind::ReplicaSet
                    && r.key.namespace == d.key.namespace
                    && r.deployment.as_ref() == Some(&d.key.name)
            })
            .collect();
        v.sort_compact_by(|a, b| (a.created_at, &a.key.name).cmp(&(b.created_at, &b.key.name)));
        v
    }

    /// When the pod was first seen ready, if it was ready when the controllers last looked.
    pub fn ready_since_of(&self, pod: PodId) -> Option<SimTime> {
        self.observed.ready_since(pod)
    }

    /// Whether the pod is available: ready for at least `min_ready` (pod_util.go
    /// `IsPodAvailable`).
    fn available(&self, pod: PodId, min_ready: u32, now: SimTime) -> bool {
        self.ready_since_of(pod)
            .is_some_and(|t| now.since(t) >= SimDuration::from_secs(u64::from(min_ready)))
    }
}

/// Whether a pod still counts as a replica (controller_utils.go `IsPodActive`).
pub fn is_active(pod: &Pod) -> bool {
    pod.deletion.is_none() && !matches!(status::phase(pod), Phase::Succeeded | Phase::Failed)
}

/// The pod's `Ready` condition as the controllers see it through the API: the kubelet
/// reports a container without probes ready with the first status it generates after its
/// PLEG relist saw the container running, a relist period after the start (the world's
/// `ready` flag; `probes::report_started`). The views show such a container ready at once.
pub fn is_ready(pod: &Pod) -> bool {
    let reported = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().filter(|c| c.spec.sidecar))
        .all(|c| c.ready);
    reported && status::ready(pod)
}

/// Whether a pod spec belongs to the ReplicaSet (or ReplicationController) `rs`.
fn owns(kind: SetKind, rs: &ObjectKey, p: &PodSpec) -> bool {
    p.key.namespace == rs.namespace
        && p.owner
            .as_ref()
            .is_some_and(|o| SetKind::of_owner(o.kind) == Some(kind) && o.replica_set == rs.name)
}

fn owned_by(pod: &Pod, kind: SetKind, rs: &ObjectKey) -> bool {
    owns(kind, rs, &pod.spec)
}

impl World {
    /// The world's Deployments and ReplicaSets.
    pub fn controllers(&self) -> &Controllers {
        &self.controllers
    }

    /// A ReplicaSet's status, counted from its pods now: what the controllers' last look
    /// counted (`observe.rs`), with the pods changed since counted again; a walk of the
    /// set's pods when that look is not current.
    pub fn replica_set_counts(&self, rs: &ReplicaSet) -> Counts {
        let c = &self.controllers;
        let Some(mut counts) = c.observed.counts_of(rs, &c.replica_sets, self.now) else {
            return self.count_pods(rs);
        };
        for id in self.pods.touched() {
            counts -= c.observed.counted(id, rs);
            if let Some(p) = self.pods.get(id) {
                counts += self.pod_counts(id, p, rs);
            }
        }
        counts
    }

    /// A ReplicaSet's status from a walk of its pods.
    fn count_pods(&self, rs: &ReplicaSet) -> Counts {
        let mut c = Counts::default();
        for (id, p) in self.pods.of_controller(&rs.key) {
            c += self.pod_counts(id, p, rs);
        }
        c
    }

    /// What one pod adds to a ReplicaSet's status.
    fn pod_counts(&self, id: PodId, p: &Pod, rs: &ReplicaSet) -> Counts {
        if !owned_by(p, rs.kind, &rs.key) || !is_active(p) {
            return Counts::default();
        }
        let available = self
            .controllers
            .available(id, rs.min_ready_seconds, self.now);
        Counts {
            replicas: 1,
            ready: i32::from(is_ready(p)),
            available: i32::from(available),
        }
    }

    /// A Deployment's status: its ReplicaSets' counts summed, and `updatedReplicas` (the
    /// new ReplicaSet's active pods).
    pub fn deployment_counts(&self, d: &Deployment) -> (Counts, i32) {
        let mut total = Counts::default();
        let mut updated = 0;
        for rs in self.controllers.replica_sets_of(d) {
            let c = self.replica_set_counts(rs);
            total.replicas += c.replicas;
            total.ready += c.ready;
            total.available += c.available;
            if rs.hash.as_deref() == Some(d.hash.as_str()) {
                updated = c.replicas;
            }
        }
        (total, updated)
    }

    /// The pods a ReplicaSet (or ReplicationController) owns, oldest first.
    pub(crate) fn pods_of(&self, rs: &ReplicaSet) -> Vec<PodId> {
        self.pods
            .of_controller(&rs.key)
            .filter(|(_, p)| owned_by(p, rs.kind, &rs.key))
            .map(|(id, _)| id)
            .collect()
    }

    /// Registers the manifest's controllers (their pods were created by admission) and, for
    /// pods whose ReplicaSet the manifest did not describe (a world built from pods alone),
    /// one inferred from the pods.
    pub(crate) fn register_workloads(&mut self, workloads: &[Workload], pods: &[PodSpec]) {
        for w in workloads {
            self.add_workload(w, pods);
        }
        for p in pods {
            let Some((o, set_kind)) = p
                .owner
                .as_ref()
                .and_then(|o| Some((o, SetKind::of_owner(o.kind)?)))
            else {
                continue;
            };
            let key = ObjectKey {
                namespace: p.key.namespace.clone(),
                name: o.replica_set.clone(),
            };
            if self.controllers.set(set_kind, &key).is_some() {
                continue;
            }
            let count = pods.iter().filter(|q| owns(set_kind, &key, q)).count();
            let hash = p.labels.get("pod-template-hash").cloned();
            let w = Workload {
                kind: match o.kind {
                    OwnerKind::Deployment => WorkloadKind::Deployment,
                    OwnerKind::ReplicationController => WorkloadKind::ReplicationController,
                    _ => WorkloadKind::ReplicaSet,
                },
                namespace: key.namespace.clone(),
                name: o.name.clone(),
                replica_set: o.replica_set.clone(),
                template_hash: hash,
                replicas: i32::try_from(count).unwrap_or(i32::MAX),
                strategy: Strategy::default(),
                min_ready_seconds: 0,
                revision_history_limit: DEFAULT_REVISION_HISTORY_LIMIT,
                template: Box::new(p.clone()),
                labels: p.labels.clone(),
                selector: String::new(),
            };
            self.add_workload(&w, pods);
        }
    }

    /// Creates a workload's objects as the controllers did when it was created: the
    /// Deployment's `ScalingReplicaSet` and the ReplicaSet's `SuccessfulCreate` events for
    /// the pods admission made for it.
    fn add_workload(&mut self, w: &Workload, pods: &[PodSpec]) {
        let rs_key = ObjectKey {
            namespace: w.namespace.clone(),
            name: w.replica_set.clone(),
        };
        let set_kind = w.kind.set_kind();
        if self.controllers.set(set_kind, &rs_key).is_some() {
            return;
        }
        let made: Vec<&PodSpec> = pods.iter().filter(|p| owns(set_kind, &rs_key, p)).collect();
        let created = i32::try_from(made.len()).unwrap_or(i32::MAX);
        let deployment = (w.kind == WorkloadKind::Deployment).then(|| w.name.clone());
        if let (Some(name), Some(hash)) = (&deployment, &w.template_hash) {
            self.controllers.deployments.push(Deployment {
                key: ObjectKey {
                    namespace: w.namespace.clone(),
                    name: name.clone(),
                },
                replicas: w.replicas,
                strategy: w.strategy,
                min_ready_seconds: w.min_ready_seconds,
                revision_history_limit: w.revision_history_limit,
                template: (*w.template).clone(),
                hash: hash.clone(),
                created_at: self.now,
                labels: w.labels.clone(),
                selector: w.selector.clone(),
                change_cause: None,
                paused: false,
                progress_deadline_seconds: DEFAULT_PROGRESS_DEADLINE_SECONDS,
                annotations: BTreeMap::new(),
            });
        }
        self.controllers.replica_sets.push(ReplicaSet {
            kind: set_kind,
            key: rs_key.clone(),
            deployment: deployment.clone(),
            replicas: created,
            template: (*w.template).clone(),
            hash: w.template_hash.clone(),
            revision: 1,
            desired_annotation: w.replicas,
            max_annotation: w.replicas + w.strategy.max_surge(w.replicas),
            min_ready_seconds: w.min_ready_seconds,
            created_at: self.now,
            selector: w.selector.clone(),
            change_cause: None,
            labels: if deployment.is_some() {
                w.template.labels.clone()
            } else {
                w.labels.clone()
            },
        });
        if let Some(name) = deployment
            && created > 0
        {
            self.record_deployment_scale(&w.namespace, &name, &w.replica_set, 0, created);
        }
        for p in made {
            self.record_on(
                crate::sim::event::InvolvedKind::of_set(set_kind),
                rs_key.clone(),
                crate::sim::event::EventKind::SuccessfulCreate {
                    pod: p.key.name.clone(),
                },
            );
        }
    }

    /// Runs the controllers if anything they watch changed since they last ran: what a
    /// control plane's informers would deliver to them within milliseconds.
    pub(crate) fn reconcile(&mut self, force: bool) {
        if self.controllers.is_empty() {
            // Nobody watches: the next look starts from scratch.
            self.pods.take_touched();
            self.controllers.observed.reset();
            return;
        }
        // Jobs keep their own batched schedule (`job::sync_jobs`).
        if !self.controllers.jobs.is_empty() {
            self.sync_jobs();
        }
        if !self.observe() && !force {
            return;
        }
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for i in 0..self.controllers.deployments.len() {
                changed |= self.sync_deployment(i);
            }
            for i in 0..self.controllers.replica_sets.len() {
                changed |= self.sync_replica_set(i);
            }
            if !changed {
                break;
            }
            self.observe();
        }
        self.observe();
    }

    /// Brings the controllers' view of the pods up to date (`observe.rs`), wakes them when a
    /// pod will have been ready for `minReadySeconds`, and returns whether anything they
    /// react to changed since the last look.
    fn observe(&mut self) -> bool {
        let c = &mut self.controllers;
        let (changed, wake) =
            c.observed
                .look(&mut self.pods, &c.deployments, &c.replica_sets, self.now);
        if let Some(at) = wake {
            self.schedule(at, Wakeup::Controllers);
        }
        changed
    }

    /// The `ScalingReplicaSet` event on a Deployment (deployment/sync.go
    /// `scaleReplicaSetAndRecordEvent`, `getNewReplicaSet`).
    pub(crate) fn record_deployment_scale(
        &mut self,
        namespace: &str,
        deployment: &str,
        replica_set: &str,
        from: i32,
        to: i32,
    ) {
        let key = ObjectKey {
            namespace: namespace.to_owned(),
            name: deployment.to_owned(),
        };
        self.record_on(
            crate::sim::event::InvolvedKind::Deployment,
            key,
            crate::sim::event::EventKind::ScalingReplicaSet {
                replica_set: replica_set.to_owned(),
                from,
                to,
            },
        );
    }
}
