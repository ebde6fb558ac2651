//! What the controllers watch of the pods, kept in step with them: each owned pod's ready,
//! active and available flags, when it became ready, and when a ready pod becomes available.
//! A look costs what changed since the last one (the pods the pod table reports touched, the
//! ready pods whose `minReadySeconds` ran out), not the number of pods; it walks every pod only
//! when it cannot trust what it saw (the first look, or the ReplicaSets' `minReadySeconds`
//! changed).
//!
//! An informer delivers the same: the controllers react to pods that changed, and to a pod's
//! availability through a delayed re-queue (pkg/controller/replicaset/replica_set.go
//! `updatePod`: `enqueueControllerAfter(..., minReadySeconds)`).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ids::{PodId, PodUid};
use crate::model::time::{SimDuration, SimTime};
use crate::sim::controllers::{Deployment, ReplicaSet, is_active, is_ready};
use crate::sim::pods::Pods;
use crate::sim::world::Pod;

/// The controllers' view of the pods, as of their last look.
#[derive(Clone, Debug, Default)]
pub(super) struct Observed {
    /// Each pod a controller owns, as last seen.
    pods: BTreeMap<PodId, Seen>,
    /// Ready pods that are not available yet, by when they will be.
    pending: BTreeSet<(SimTime, PodId)>,
    /// When each owned pod was first seen ready (its `Ready` condition's transition time);
    /// only pods ready now have an entry.
    pub(super) ready_since: BTreeMap<PodUid, SimTime>,
    /// How many pods there were, owned or not.
    pod_count: usize,
    /// Fingerprints of the Deployments' sizes and templates and of the ReplicaSets'
    /// `minReadySeconds`.
    deployments: u64,
    replica_sets: u64,
    /// Whether every pod has been looked at since the observation was last reset.
    walked: bool,
}

/// One owned pod as the controllers last saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seen {
    uid: PodUid,
    ready: bool,
    active: bool,
    /// Ready for `minReadySeconds` (false while not ready).
    available: bool,
    /// When it becomes available, while it is ready but not yet available.
    available_at: Option<SimTime>,
}

impl Observed {
    /// Forgets that it has seen every pod: the next look walks them all (the pods changed
    /// while nobody watched).
    pub(super) fn reset(&mut self) {
        self.walked = false;
    }

    /// Brings the view up to date at `now` and returns whether anything the controllers react
    /// to differs from the last look, and the earliest time a ready pod becomes available.
    pub(super) fn look(
        &mut self,
        pods: &mut Pods,
        deployments: &[Deployment],
        replica_sets: &[ReplicaSet],
        now: SimTime,
    ) -> (bool, Option<SimTime>) {
        let mut changed = false;
        let d = deployments_fingerprint(deployments);
        if d != self.deployments {
            self.deployments = d;
            changed = true;
        }
        if pods.len() != self.pod_count {
            self.pod_count = pods.len();
            changed = true;
        }
        let touched = pods.take_touched();
        let r = replica_sets_fingerprint(replica_sets);
        if !self.walked || r != self.replica_sets {
            self.replica_sets = r;
            self.walked = true;
            let all: BTreeSet<PodId> = pods
                .iter()
                .map(|(id, _)| id)
                .chain(self.pods.keys().copied())
                .collect();
            for id in all {
                changed |= self.look_at(id, pods.get(id), replica_sets, now);
            }
        } else {
            for id in touched {
                changed |= self.look_at(id, pods.get(id), replica_sets, now);
            }
        }
        // Ready pods whose `minReadySeconds` ran out are available now.
        while let Some(&(at, id)) = self.pending.first() {
            if at > now {
                break;
            }
            self.pending.pop_first();
            if let Some(seen) = self.pods.get_mut(&id) {
                seen.available = true;
                seen.available_at = None;
            }
            changed = true;
        }
        (changed, self.pending.first().map(|(at, _)| *at))
    }

    /// Looks at pod `id` (`None`: gone); returns whether what the controllers see of it
    /// changed.
    fn look_at(
        &mut self,
        id: PodId,
        pod: Option<&Pod>,
        replica_sets: &[ReplicaSet],
        now: SimTime,
    ) -> bool {
        let Some((pod, owner)) = pod.and_then(|p| Some((p, p.spec.owner.as_ref()?))) else {
            let Some(old) = self.pods.remove(&id) else {
                return false;
            };
            self.ready_since.remove(&old.uid);
            if let Some(at) = old.available_at {
                self.pending.remove(&(at, id));
            }
            return true;
        };
        let ready = is_ready(pod);
        let active = is_active(pod);
        let mut available_at = None;
        let available = if ready {
            let since = match self.ready_since.get(&pod.uid) {
                Some(t) => *t,
                None => {
                    self.ready_since.insert(pod.uid.clone(), now);
                    now
                }
            };
            let min_ready = replica_sets
                .iter()
                .find(|r| {
                    r.key.name == owner.replica_set && r.key.namespace == pod.spec.key.namespace
                })
                .map_or(0, |r| r.min_ready_seconds);
            let at = since + SimDuration::from_secs(u64::from(min_ready));
            if at > now {
                available_at = Some(at);
            }
            at <= now
        } else {
            self.ready_since.remove(&pod.uid);
            false
        };
        let Some(seen) = self.pods.get_mut(&id) else {
            if let Some(at) = available_at {
                self.pending.insert((at, id));
            }
            self.pods.insert(
                id,
                Seen {
                    uid: pod.uid.clone(),
                    ready,
                    active,
                    available,
                    available_at,
                },
            );
            return true;
        };
        if seen.available_at != available_at {
            if let Some(at) = seen.available_at {
                self.pending.remove(&(at, id));
            }
            if let Some(at) = available_at {
                self.pending.insert((at, id));
            }
            seen.available_at = available_at;
        }
        let changed = (seen.ready, seen.active, seen.available) != (ready, active, available);
        (seen.ready, seen.active, seen.available) = (ready, active, available);
        changed
    }
}

/// FNV-1a over `values`.
fn fnv(values: impl IntoIterator<Item = u64>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        h ^= v;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What the controllers react to of the Deployments themselves: how many, their replicas
/// and their templates' hashes.
fn deployments_fingerprint(deployments: &[Deployment]) -> u64 {
    fnv(std::iter::once(deployments.len() as u64).chain(
        deployments
            .iter()
            .flat_map(|d| std::iter::once(d.replicas as u64).chain(d.hash.bytes().map(u64::from))),
    ))
}

/// Which ReplicaSets there are and their `minReadySeconds`: when a pod becomes available.
fn replica_sets_fingerprint(replica_sets: &[ReplicaSet]) -> u64 {
    fnv(
        std::iter::once(replica_sets.len() as u64).chain(replica_sets.iter().flat_map(|r| {
            r.key
                .namespace
                .bytes()
                .chain([0])
                .chain(r.key.name.bytes())
                .chain([0])
                .map(u64::from)
                .chain([u64::from(r.min_ready_seconds)])
        })),
    )
}

#[cfg(test)]
mod tests {
    use crate::admission::load::load;
    use crate::model::ids::ObjectKey;
    use crate::model::rng::SeededRng;
    use crate::model::signal::Signal;
    use crate::model::time::SimDuration;
    use crate::sim::controllers::kubectl::{Kind, RolloutCommand};
    use crate::sim::world::{Slot, World, WorldOptions};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  minReadySeconds: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
";

    /// What the controllers saw by following the touched pods equals what a walk of every
    /// pod sees: no change to a pod escapes the pod table's tracking.
    fn assert_in_step(w: &World) {
        let observed = &w.controllers.observed;
        let mut walk = observed.clone();
        walk.reset();
        let mut pods = w.pods.clone();
        let c = &w.controllers;
        let (changed, _) = walk.look(&mut pods, &c.deployments, &c.replica_sets, w.now);
        assert!(
            !changed,
            "a walk at {:?} saw a change the look missed",
            w.now
        );
        assert_eq!(walk.pods, observed.pods);
        assert_eq!(walk.pending, observed.pending);
        assert_eq!(walk.ready_since, observed.ready_since);
    }

    #[test]
    fn the_incremental_view_matches_a_walk_of_every_pod() {
        let loaded = load(WEB, 7);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut w = World::with_cluster(loaded.pods, 7, WorldOptions::default(), &loaded.cluster);
        let mut rng = SeededRng::new(11);
        let web = ObjectKey::new("default", "web");
        let mut ready_seen = false;
        for _ in 0..300 {
            let ids: Vec<_> = w.pods.iter().map(|(id, _)| id).collect();
            let pick = ids
                .get(rng.below(ids.len().max(1) as u64) as usize)
                .copied();
            match (rng.below(10), pick) {
                (0, Some(p)) => w.signal_container(p, Slot::App(0), Signal::KILL),
                (1, Some(p)) => {
                    w.delete_pod(p, Some(rng.below(3)));
                }
                (2, Some(p)) => w.kill_sandbox(p),
                (3, _) => {
                    let replicas = rng.below(7) as i32;
                    w.kubectl_rollout(&RolloutCommand::Scale {
                        kind: Kind::Deployment,
                        key: web.clone(),
                        replicas,
                    });
                }
                _ => w.run_for(SimDuration::from_millis(rng.below(4_000))),
            }
            w.reconcile(false);
            ready_seen |= w.controllers.observed.pods.values().any(|s| s.available);
            assert_in_step(&w);
        }
        assert!(ready_seen, "some pod became available along the way");
    }
}
