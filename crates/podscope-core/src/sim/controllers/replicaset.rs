//! The ReplicaSet controller: keeps as many active pods as `spec.replicas`, creating pods
//! from the template and deleting the ones it ranks first when there are too many.
//!
//! Models pkg/controller/replicaset/replica_set.go `manageReplicas` and `getPodsToDelete`,
//! and pkg/controller/controller_utils.go `ActivePodsWithRanks.Less`.

use crate::model::sort::CompactSort;
use std::cmp::Ordering;

use crate::model::ids::{ObjectKey, PodId};
use crate::model::spec::{OwnerKind, PodOwner};
use crate::model::workload::SetKind;
use crate::sim::event::{EventKind, InvolvedKind};
use crate::sim::status::{self, Phase};
use crate::sim::world::{Pod, World};

/// The most pods one sync creates or deletes (replica_set.go `BurstReplicas`).
const BURST_REPLICAS: usize = 500;

impl World {
    /// One sync of `replica_sets[i]`; returns whether it created or deleted pods.
    pub(super) fn sync_replica_set(&mut self, i: usize) -> bool {
        let Some(rs) = self.controllers.replica_sets.get(i).cloned() else {
            return false;
        };
        let claimed = self.claim_pods(&rs);
        let want = usize::try_from(rs.replicas).unwrap_or(0);
        let have = usize::try_from(self.replica_set_counts(&rs).replicas).unwrap_or(0);
        if have == want {
            return claimed;
        }
        let active: Vec<PodId> = self
            .pods_of(&rs)
            .into_iter()
            .filter(|&p| self.pods.get(p).is_some_and(super::is_active))
            .collect();
        match active.len().cmp(&want) {
            Ordering::Equal => false,
            Ordering::Less => {
                let room = crate::admission::admit::MAX_PODS.saturating_sub(self.pods.len());
                let n = (want - active.len()).min(BURST_REPLICAS).min(room);
                let mut created = 0;
                // replica_set.go `slowStartBatch`: a failed create stops the batch.
                while created < n && self.create_replica(&rs) {
                    created += 1;
                }
                if created == n {
                    self.controllers
                        .replica_failures
                        .retain(|f| f.replica_set != rs.key);
                }
                created > 0
            }
            Ordering::Greater => {
                let n = (active.len() - want).min(BURST_REPLICAS);
                let mut ranked: Vec<PodId> = active;
                let related = self.related_pods(&rs);
                ranked.sort_compact_by(|&a, &b| match (self.pods.get(a), self.pods.get(b)) {
                    (Some(pa), Some(pb)) => self.delete_first((a, pa), (b, pb), &related),
                    _ => Ordering::Equal,
                });
                let victims: Vec<ObjectKey> = ranked
                    .into_iter()
                    .take(n)
                    .filter_map(|p| self.pods.get(p).map(|p| p.spec.key.clone()))
                    .collect();
                for key in victims {
                    // The controller's DELETE uses the pod's own grace period.
                    if let Some(p) = self.pod_id(&key) {
                        self.delete_pod(p, None);
                        self.record_on(
                            InvolvedKind::of_set(rs.kind),
                            rs.key.clone(),
                            EventKind::SuccessfulDelete { pod: key.name },
                        );
                    }
                }
                true
            }
        }
    }

    /// controller_ref_manager.go `PodControllerRefManager.ClaimPods` for a bare ReplicaSet:
    /// among the namespace's active pods (replica_set.go `syncReplicaSet` claims
    /// `FilterActivePods`), it adopts those without a controller whose labels its selector
    /// matches, and releases its own whose labels no longer match. Returns whether it
    /// changed an owner. (A Deployment's ReplicaSets claim only the pods they made.)
    fn claim_pods(&mut self, rs: &crate::sim::controllers::ReplicaSet) -> bool {
        if rs.deployment.is_some() || rs.selector.is_empty() {
            return false;
        }
        let selector = crate::model::kubectl::selector::Selector::parse(&rs.selector);
        let owner_kind = match rs.kind {
            SetKind::ReplicaSet => OwnerKind::ReplicaSet,
            SetKind::ReplicationController => OwnerKind::ReplicationController,
        };
        let changes: Vec<(PodId, Option<PodOwner>)> = self
            .pods
            .iter()
            .filter(|(_, p)| p.spec.key.namespace == rs.key.namespace && super::is_active(p))
            .filter_map(|(id, p)| {
                let matches = selector.matches(&p.spec.labels);
                match &p.spec.owner {
                    Some(o) if o.kind == owner_kind && o.replica_set == rs.key.name => {
                        (!matches).then_some((id, None))
                    }
                    Some(_) => None,
                    None => matches.then(|| {
                        let owner = PodOwner {
                            kind: owner_kind,
                            name: rs.key.name.clone(),
                            replica_set: rs.key.name.clone(),
                        };
                        (id, Some(owner))
                    }),
                }
            })
            .collect();
        let changed = !changes.is_empty();
        for (id, owner) in changes {
            self.pods.set_owner(id, owner);
        }
        changed
    }

    /// A new pod from the template: `generateName` `<replicaset>-` (apiserver
    /// `SimpleNameGenerator`; a taken name is an AlreadyExists and the controller tries
    /// again), admitted and scheduled as any pod; the `SuccessfulCreate` event.
    /// A pod the admission plugins refuse is not made: the `FailedCreate` event
    /// (controller_utils.go `createPods`: `Error creating: ERR`), and `false`.
    fn create_replica(&mut self, set: &crate::sim::controllers::ReplicaSet) -> bool {
        let (rs, involved) = (&set.key, InvolvedKind::of_set(set.kind));
        let mut spec = set.template.clone();
        let base = spec.key.name.clone();
        for _ in 0..16 {
            spec.key.name = crate::admission::admit::generate_name(&rs.name, &mut self.rng);
            if self.pod_id(&spec.key).is_none() {
                break;
            }
        }
        if spec.hostname == base.chars().take(63).collect::<String>() {
            spec.hostname = spec.key.name.chars().take(63).collect();
        }
        if let Err(message) = self.admit_pod_plugins(&mut spec, &format!("{}-", rs.name)) {
            // controller_utils.go `createPods` wraps the error it returns (the condition's
            // message) as `unable to create pods: ERR`.
            let failure = format!("unable to create pods: {message}");
            self.record_on(involved, rs.clone(), EventKind::FailedCreate { message });
            let now = self.now;
            let failures = &mut self.controllers.replica_failures;
            match failures.iter_mut().find(|f| &f.replica_set == rs) {
                Some(f) => f.message = failure,
                None => failures.push(super::ReplicaFailure {
                    replica_set: rs.clone(),
                    message: failure,
                    since: now,
                }),
            }
            return false;
        }
        let name = spec.key.name.clone();
        self.record_on(
            involved,
            rs.clone(),
            EventKind::SuccessfulCreate { pod: name },
        );
        self.admit(spec);
        true
    }

    /// For each node, how many active pods of the same controller run there (the
    /// "related pods" `getPodsToDelete` ranks by): a Deployment's pods across all its
    /// ReplicaSets, else the set's own.
    fn related_pods(&self, set: &crate::sim::controllers::ReplicaSet) -> Vec<usize> {
        let (rs, deployment) = (&set.key, set.deployment.clone());
        let mut per_node = vec![0usize; self.nodes().len()];
        for p in self.pods.values() {
            let Some(o) = &p.spec.owner else { continue };
            let related = p.spec.key.namespace == rs.namespace
                && match &deployment {
                    Some(d) => o.kind == crate::model::spec::OwnerKind::Deployment && &o.name == d,
                    None => SetKind::of_owner(o.kind) == Some(set.kind) && o.replica_set == rs.name,
                };
            if related
                && super::is_active(p)
                && let Some(slot) = p.node.and_then(|n| per_node.get_mut(n))
            {
                *slot += 1;
            }
        }
        per_node
    }

    /// `ActivePodsWithRanks.Less`: which of two pods to delete first. Unassigned before
    /// assigned; Pending before Unknown before Running; not ready before ready; more related
    /// pods on its node first; ready for less time first; more restarts first; newer first.
    /// (The upstream time comparisons round to powers of two with `LogarithmicScaleDown`;
    /// podscope compares exact times and breaks ties by name, so the choice is
    /// deterministic.)
    pub(super) fn delete_first(
        &self,
        (a_id, a): (PodId, &Pod),
        (b_id, b): (PodId, &Pod),
        related: &[usize],
    ) -> Ordering {
        let assigned = |p: &Pod| p.node.is_some();
        let phase_rank = |p: &Pod| match status::phase(p) {
            Phase::Pending => 0,
            Phase::Running => 2,
            _ => 1,
        };
        let ready = super::is_ready;
        let rank = |p: &Pod| p.node.and_then(|n| related.get(n)).copied().unwrap_or(0);
        let since = |p: PodId| self.controllers.ready_since_of(p);
        let restarts = |p: &Pod| {
            p.all_containers()
                .map(|(_, c)| c.restart_count)
                .max()
                .unwrap_or(0)
        };
        assigned(a)
            .cmp(&assigned(b))
            .then(phase_rank(a).cmp(&phase_rank(b)))
            .then(ready(a).cmp(&ready(b)))
            .then(rank(b).cmp(&rank(a)))
            .then(since(b_id).cmp(&since(a_id)))
            .then(restarts(b).cmp(&restarts(a)))
            .then(b.created_at.cmp(&a.created_at))
            .then(a.spec.key.name.cmp(&b.spec.key.name))
    }
}
