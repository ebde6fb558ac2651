//! What the controllers watch of the pods, kept in step with them: each owned pod's ready,
//! active and available flags, when it became ready, and when a ready pod becomes available.
//! A look costs what changed since the last one (the pods the pod table reports touched, the
//! ready pods whose `minReadySeconds` ran out), not the number of pods; it walks every pod only
//! when it cannot trust what it saw (the first look, or the ReplicaSets' `minReadySeconds`
//! changed).
//!
//! An informer delivers the same: the controllers react to the pods that changed
//! (pkg/controller/replicaset/replica_set.go `updatePod`), and to a pod's availability through
//! a delayed re-queue (`updatePod`: `enqueueRSAfter` by `minReadySeconds` plus one second; the
//! model wakes at `minReadySeconds` itself).

use podscope_collections::{Map, Set};

use crate::model::ids::{ObjectKey, PodId};
use crate::model::time::{SimDuration, SimTime};
use crate::model::workload::SetKind;
use crate::sim::controllers::{Counts, Deployment, ReplicaSet, is_active, is_ready};
use crate::sim::pods::Pods;
use crate::sim::world::Pod;

/// The controllers' view of the pods, as of their last look.
#[derive(Clone, Debug, Default)]
pub(super) struct Observed {
    /// Each pod a controller owns, as last seen.
    pods: Map<PodId, Seen>,
    /// Ready pods that are not available yet, by when they will be.
    pending: Set<(SimTime, PodId)>,
    /// The sums of `Seen::counted` by ReplicaSet (kind, namespace and name).
    counts: Map<(SetKind, ObjectKey), Counts>,
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
    ready: bool,
    active: bool,
    /// Ready for `minReadySeconds` (false while not ready).
    available: bool,
    /// When it was first seen ready (its `Ready` condition's transition time), while ready.
    ready_since: Option<SimTime>,
    /// When it becomes available, while it is ready but not yet available.
    available_at: Option<SimTime>,
    /// Its ReplicaSet's `minReadySeconds` (0 without one).
    min_ready: u32,
    /// The ReplicaSet (or ReplicationController) whose status it counts toward (none for
    /// a Job's pod).
    replica_set: Option<(SetKind, ObjectKey)>,
}

impl Seen {
    /// What it adds to its ReplicaSet's status: active pods count, with their readiness and
    /// availability (`FilterActivePods`, `CountAvailablePods`).
    fn counted(&self) -> Counts {
        if !self.active {
            return Counts::default();
        }
        Counts {
            replicas: 1,
            ready: i32::from(self.ready),
            available: i32::from(self.available),
        }
    }
}

/// Adds (`plus`) or takes away what `seen` counts toward its ReplicaSet.
fn tally(counts: &mut Map<(SetKind, ObjectKey), Counts>, seen: &Seen, plus: bool) {
    let Some(rs) = &seen.replica_set else {
        return;
    };
    let c = seen.counted();
    if c == Counts::default() {
        return;
    }
    let sum = counts.entry(rs.clone()).or_default();
    if plus {
        *sum += c;
    } else {
        *sum -= c;
    }
    if *sum == Counts::default() {
        counts.remove(rs);
    }
}

impl Observed {
    /// Forgets that it has seen every pod: the next look walks them all (the pods changed
    /// while nobody watched).
    pub(super) fn reset(&mut self) {
        self.walked = false;
    }

    /// ReplicaSet `rs`'s status as of the last look, if that look still holds at `now` for
    /// these ReplicaSets (every pod walked, no `minReadySeconds` changed or run out since);
    /// the caller counts the pods touched since again (`counted` gives what to take away).
    pub(super) fn counts_of(
        &self,
        rs: &ReplicaSet,
        replica_sets: &[ReplicaSet],
        now: SimTime,
    ) -> Option<Counts> {
        let current = self.walked
            && self.pending.first().is_none_or(|(at, _)| *at > now)
            && replica_sets_fingerprint(replica_sets) == self.replica_sets;
        let key = (rs.kind, rs.key.clone());
        current.then(|| self.counts.get(&key).copied().unwrap_or_default())
    }

    /// What the last look counted for pod `id` toward ReplicaSet `rs`.
    pub(super) fn counted(&self, id: PodId, rs: &ReplicaSet) -> Counts {
        self.pods
            .get(&id)
            .filter(|s| {
                s.replica_set
                    .as_ref()
                    .is_some_and(|(kind, key)| *kind == rs.kind && key == &rs.key)
            })
            .map_or_else(Counts::default, Seen::counted)
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
            let all: Set<PodId> = pods
                .iter()
                .map(|(id, _)| id)
                .chain(self.pods.keys().copied())
                .collect();
            for id in all {
                changed |= self.look_at(id, pods.get(id), replica_sets, now, true);
            }
        } else {
            for id in touched {
                changed |= self.look_at(id, pods.get(id), replica_sets, now, false);
            }
        }
        // Ready pods whose `minReadySeconds` ran out are available now.
        while let Some(&(at, id)) = self.pending.first() {
            if at > now {
                break;
            }
            self.pending.pop_first();
            if let Some(seen) = self.pods.get_mut(&id) {
                tally(&mut self.counts, seen, false);
                seen.available = true;
                seen.available_at = None;
                tally(&mut self.counts, seen, true);
            }
            changed = true;
        }
        (changed, self.pending.first().map(|(at, _)| *at))
    }

    /// Looks at pod `id` (`None`: gone); returns whether what the controllers see of it
    /// changed. `walk`: the ReplicaSets may have changed, so its `minReadySeconds` is looked
    /// up again.
    fn look_at(
        &mut self,
        id: PodId,
        pod: Option<&Pod>,
        replica_sets: &[ReplicaSet],
        now: SimTime,
        walk: bool,
    ) -> bool {
        let Some((pod, owner)) = pod.and_then(|p| Some((p, p.spec.owner.as_ref()?))) else {
            let Some(old) = self.pods.remove(&id) else {
                return false;
            };
            if let Some(at) = old.available_at {
                self.pending.remove(&(at, id));
            }
            tally(&mut self.counts, &old, false);
            return true;
        };
        let ready = is_ready(pod);
        let active = is_active(pod);
        let old = self.pods.get(&id);
        let set_kind = SetKind::of_owner(owner.kind);
        let min_ready = match old {
            Some(seen) if !walk => seen.min_ready,
            _ => replica_sets
                .iter()
                .find(|r| {
                    Some(r.kind) == set_kind
                        && r.key.name == owner.replica_set
                        && r.key.namespace == pod.spec.key.namespace
                })
                .map_or(0, |r| r.min_ready_seconds),
        };
        let since = ready.then(|| old.and_then(|s| s.ready_since).unwrap_or(now));
        let at = since.map(|t| t + SimDuration::from_secs(u64::from(min_ready)));
        let available = at.is_some_and(|at| at <= now);
        let available_at = at.filter(|at| *at > now);
        let Some(seen) = self.pods.get_mut(&id) else {
            if let Some(at) = available_at {
                self.pending.insert((at, id));
            }
            let seen = Seen {
                ready,
                active,
                available,
                ready_since: since,
                available_at,
                min_ready,
                replica_set: set_kind.map(|k| {
                    (
                        k,
                        ObjectKey::new(&pod.spec.key.namespace, &owner.replica_set),
                    )
                }),
            };
            tally(&mut self.counts, &seen, true);
            self.pods.insert(id, seen);
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
        (seen.ready_since, seen.min_ready) = (since, min_ready);
        let changed = (seen.ready, seen.active, seen.available) != (ready, active, available);
        if changed {
            tally(&mut self.counts, seen, false);
            (seen.ready, seen.active, seen.available) = (ready, active, available);
            tally(&mut self.counts, seen, true);
        }
        changed
    }

    /// When pod `id` was first seen ready, if it was ready at the last look.
    pub(super) fn ready_since(&self, id: PodId) -> Option<SimTime> {
        self.pods.get(&id).and_then(|s| s.ready_since)
    }
}

/// An FNV-1a hash, fed one value at a time.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn mix(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn mix_str(&mut self, s: &str) {
        for b in s.bytes() {
            self.mix(u64::from(b));
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.mix(0x100);
    }
}

/// What the controllers react to of the Deployments themselves: how many, their replicas
/// and their templates' hashes.
fn deployments_fingerprint(deployments: &[Deployment]) -> u64 {
    let mut h = Fnv::new();
    h.mix(deployments.len() as u64);
    for d in deployments {
        h.mix(d.replicas as u64);
        h.mix_str(&d.hash);
    }
    h.0
}

/// Which ReplicaSets there are and their `minReadySeconds`: when a pod becomes available.
fn replica_sets_fingerprint(replica_sets: &[ReplicaSet]) -> u64 {
    let mut h = Fnv::new();
    h.mix(replica_sets.len() as u64);
    for r in replica_sets {
        h.mix(r.kind as u64);
        h.mix_str(&r.key.namespace);
        h.mix_str(&r.key.name);
        h.mix(u64::from(r.min_ready_seconds));
    }
    h.0
}

#[cfg(test)]
mod tests {
    use crate::admission::load::load;
    use crate::model::kubectl::{self, Kubectl};
    use crate::model::rng::SeededRng;
    use crate::model::signal::Signal;
    use crate::model::time::SimDuration;
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
        assert_eq!(walk.counts, observed.counts);
        assert_counts_agree(w);
    }

    /// Every ReplicaSet's status from the look (plus the pods touched since) equals a count
    /// of its pods.
    fn assert_counts_agree(w: &World) {
        for rs in &w.controllers.replica_sets {
            assert_eq!(
                w.replica_set_counts(rs),
                w.count_pods(rs),
                "{} at {:?}",
                rs.key,
                w.now
            );
        }
    }

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn the_incremental_view_matches_a_walk_of_every_pod() {
        let loaded = load(WEB, 7);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut w = World::from_loaded(&loaded, 7, WorldOptions::default());
        let mut rng = SeededRng::new(11);
        let mut ready_seen = false;
        for _ in 0..300 {
            let ids: Vec<_> = w.pods.iter().map(|(id, _)| id).collect();
            let pick = ids
                .get(rng.below(ids.len().max(1) as u64) as usize)
                .copied();
            match (rng.below(40), pick) {
                (0 | 1, Some(p)) => w.signal_container(p, Slot::App(0), Signal::KILL),
                (2, Some(p)) => {
                    w.delete_pod(p, Some(rng.below(3)));
                }
                (3, Some(p)) => w.kill_sandbox(p),
                (4, _) => {
                    let line = format!("scale deployment web --replicas={}", rng.below(7));
                    let Ok(Kubectl::Scale(s)) = kubectl::parse(&words(&line)) else {
                        panic!("{line} parses as a scale");
                    };
                    w.kubectl_scale(&s);
                }
                (5, _) => {
                    if let Ok(Kubectl::Rollout(r)) =
                        kubectl::parse(&words("rollout restart deployment/web"))
                    {
                        w.kubectl_rollout(&r);
                    }
                }
                (6..=15, _) => w.run_for(SimDuration::from_millis(rng.below(4_000))),
                _ => w.run_for(SimDuration::from_millis(rng.below(400))),
            }
            assert_counts_agree(&w);
            w.reconcile(false);
            ready_seen |= w.controllers.observed.pods.values().any(|s| s.available);
            assert_in_step(&w);
        }
        assert!(ready_seen, "some pod became available along the way");
        assert!(
            w.controllers.replica_sets.len() > 2,
            "restarts made new ReplicaSets"
        );
    }
}
