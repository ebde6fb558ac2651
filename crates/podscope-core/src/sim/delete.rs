//! Pod deletion: the API server's graceful delete (`deletionTimestamp`), the kubelet stopping
//! the pod (preStop, STOPSIGNAL, SIGKILL after the grace period, app containers before
//! sidecars, then the sandbox), the pod leaving the API, and a ReplicaSet's replacement pod.
//!
//! Upstream rules and sources: docs/pulls-and-deletion.md.

pub mod kubectl;

use crate::model::ids::PodId;
use crate::model::time::{SimDuration, SimTime};
use crate::sim::node::Owner;
use crate::sim::outcome::{CommandError, Output};
use crate::sim::status::{self, Phase};
use crate::sim::world::{ContainerState, Slot, Wakeup, World};

/// What the API server records when a pod is deleted gracefully.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deletion {
    /// When the delete request came in.
    pub requested_at: SimTime,
    /// `metadata.deletionGracePeriodSeconds`.
    pub grace_seconds: u64,
}

impl Deletion {
    /// `metadata.deletionTimestamp`: the request time plus the grace period
    /// (apiserver pkg/registry/rest/delete.go `BeforeDelete`).
    pub fn timestamp(&self) -> SimTime {
        self.requested_at + SimDuration::from_secs(self.grace_seconds)
    }
}

/// The kubelet never gives a container less than this to stop
/// (kuberuntime_container.go `minimumGracePeriodInSeconds`).
const MIN_GRACE: SimDuration = SimDuration::from_secs(2);

/// The `Status:` lines `kubectl describe pod` prints for a pod being deleted
/// (kubernetes/kubectl pkg/describe/describe.go `describePod`: `Terminating (lasts <until the
/// deletionTimestamp>)` and the grace period), or `None` for any other pod.
pub fn describe_terminating(pod: &crate::sim::world::Pod, now: SimTime) -> Option<String> {
    let d = pod.deletion?;
    if matches!(status::phase(pod), Phase::Succeeded | Phase::Failed) {
        return None;
    }
    let until = crate::model::humanize::k8s_duration(d.timestamp().since(now));
    Some(format!(
        "Status:\tTerminating (lasts {until})\nTermination Grace Period:\t{}s\n",
        d.grace_seconds
    ))
}

impl World {
    /// `kubectl delete pod NAME` reaching the API server. `grace_override` is
    /// `--grace-period` (`--now` is 1).
    ///
    /// Models pkg/registry/core/pod/strategy.go `CheckGracefulDelete`: a pod that was never
    /// scheduled or has finished (Succeeded/Failed) goes at once; otherwise the grace period
    /// is the request's, else `terminationGracePeriodSeconds` (default 30). A pod a
    /// ReplicaSet owns stops counting as one of its replicas the moment it has a
    /// deletionTimestamp (pkg/controller/controller_utils.go `FilterActivePods`), so the
    /// controller creates its replacement at once.
    ///
    /// A static pod's mirror pod goes, and the kubelet creates it again at once
    /// (kubelet.go `SyncPod`: a mirror pod being deleted is deleted and recreated); the
    /// static pod itself keeps running.
    pub fn delete_pod(&mut self, p: PodId, grace_override: Option<u64>) -> Output {
        if let Some(pod) = self.pods.get_mut(p)
            && pod.static_source.is_some()
            && pod.deletion.is_none()
        {
            pod.created_at = self.now;
            return Output::ok(format!(
                "pod \"{}\" deleted from {} namespace\n",
                pod.spec.key.name, pod.spec.key.namespace
            ));
        }
        self.delete_pod_gracefully(p, grace_override)
    }

    /// The API server's graceful delete of pod `p` and the kubelet's stop of it.
    pub(crate) fn delete_pod_gracefully(
        &mut self,
        p: PodId,
        grace_override: Option<u64>,
    ) -> Output {
        let Some(pod) = self.pods.get(p) else {
            return Output::failed("error: no such pod\n", 1);
        };
        let key = pod.spec.key.clone();
        let printed = Output::ok(format!(
            "pod \"{}\" deleted from {} namespace\n",
            key.name, key.namespace
        ));
        if pod.deletion.is_some() {
            return printed;
        }
        let terminal = matches!(status::phase(pod), Phase::Succeeded | Phase::Failed);
        let spec_grace = pod
            .spec
            .api
            .spec
            .as_ref()
            .and_then(|s| s.termination_grace_period_seconds)
            .and_then(|s| u64::try_from(s).ok())
            .unwrap_or(30);
        let grace_seconds = grace_override.unwrap_or(spec_grace);
        let immediate = pod.scheduled_at.is_none() || terminal;
        if immediate {
            self.remove_pod(p);
        } else if let Some(pod) = self.pods.get_mut(p) {
            pod.deletion = Some(Deletion {
                requested_at: self.now,
                grace_seconds,
            });
            self.schedule(self.now, Wakeup::SyncPod { pod: p });
        }
        // A ReplicaSet sees one active pod fewer and creates its replacement when the
        // world next reconciles (`controllers`).
        printed
    }

    /// Deletes the pod a reference names (the `delete POD` scenario action).
    pub(crate) fn delete_by_ref(
        &mut self,
        r: &crate::model::refs::PodRef,
        grace_override: Option<u64>,
    ) -> Result<Output, CommandError> {
        let p = self.resolve_pod(r)?;
        Ok(self.delete_pod(p, grace_override))
    }

    /// The kubelet's sync of a pod with a deletionTimestamp.
    ///
    /// Models kuberuntime_manager.go `KillPod` → `killPodWithSyncResult`: every running app
    /// container is stopped at once (`killContainer`: the `Killing` event, the preStop hook,
    /// then `StopContainer` with what is left of the grace period, at least 2 s); native
    /// sidecars are stopped after the app containers have exited, last started first
    /// (kuberuntime_termination_order.go); then `StopPodSandbox`, and the status manager
    /// deletes the pod from the API once nothing runs.
    pub(crate) fn sync_terminating_pod(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let Some(deletion) = pod.deletion else {
            return;
        };
        let running =
            |c: &crate::sim::world::Container| matches!(c.state, ContainerState::Running { .. });
        let apps: Vec<Slot> = pod
            .all_containers()
            .filter(|(_, c)| !c.spec.sidecar && running(c))
            .map(|(s, _)| s)
            .collect();
        let mut sidecars: Vec<Slot> = pod
            .all_containers()
            .filter(|(_, c)| c.spec.sidecar && running(c))
            .map(|(s, _)| s)
            .collect();
        // Pulls in flight are abandoned: the container never starts.
        let uid = pod.uid.clone();
        self.images.jobs.retain(|(u, _), _| *u != uid);
        let to_stop = if !apps.is_empty() {
            apps
        } else {
            sidecars.reverse();
            sidecars.into_iter().take(1).collect()
        };
        if to_stop.is_empty() {
            self.remove_pod(p);
            return;
        }
        let deadline = deletion.timestamp();
        for slot in to_stop {
            let already = self
                .pods
                .get(p)
                .and_then(|pod| pod.container(slot))
                .is_some_and(|c| c.stopping);
            if already {
                continue;
            }
            let hook = self.pre_stop_hook(p, slot);
            let left = SimDuration::from_millis(
                deadline
                    .since(self.now)
                    .as_millis()
                    .saturating_sub(hook.as_millis()),
            )
            .max(MIN_GRACE);
            self.stop_container(p, slot, left, None);
        }
    }

    /// The container's preStop hook, run before the stop signal; returns how long it took,
    /// which comes off the grace period (kuberuntime_container.go `executePreStopHook`).
    ///
    /// Seam: lifecycle hooks are another module's work; until they land no hook runs.
    fn pre_stop_hook(&mut self, _p: PodId, _slot: Slot) -> SimDuration {
        SimDuration::ZERO
    }

    /// The pod leaves the node and the API: its sandbox stops (pause and shim go, CNI DEL
    /// frees the IP), anything left of it is removed, the scheduler forgets its requests, and
    /// the kubelet forgets it (`forget_pod`). No other pod's id changes.
    pub(crate) fn remove_pod(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let uid = pod.uid.clone();
        let node = pod.node;
        let request = pod
            .scheduled_at
            .and(pod.resources.as_ref())
            .map(|r| r.requests);
        let extended = crate::admission::scheduler::extended_requests(&pod.spec.api);
        let left: Vec<crate::model::ids::Pid> = self
            .node
            .processes()
            .filter(|q| match &q.owner {
                Owner::Sandbox(k) | Owner::Container(k, _) => *k == p,
                Owner::Host => false,
            })
            .map(|q| q.pid)
            .collect();
        let mut monitors: Vec<crate::model::ids::Pid> = Vec::new();
        for sb in pod.sandbox.iter().chain(&pod.old_sandboxes) {
            monitors.extend(sb.shim_pid);
        }
        for (_, c) in pod.all_containers() {
            for inst in c.instance.iter().chain(&c.dead) {
                monitors.extend(inst.monitor_pid);
            }
        }
        for pid in left.into_iter().chain(monitors) {
            self.listeners.release_pid(pid);
            self.node.remove_process(pid);
        }
        if let (Some(r), Some(used)) = (request, node.and_then(|n| self.used.get_mut(n))) {
            used.cpu_milli = used.cpu_milli.saturating_sub(r.cpu_milli.unwrap_or(0));
            used.memory_bytes = used
                .memory_bytes
                .saturating_sub(r.memory_bytes.unwrap_or(0));
            used.pods = used.pods.saturating_sub(1);
            used.remove_extended(&extended);
        }
        self.images.forget_pod(&uid);
        self.pods.remove(p);
        self.forget_pod(p);
    }

    /// What the kubelet kept for a pod that is gone goes with it: its queued syncs and probe
    /// ticks, its probe workers and its exec shells.
    fn forget_pod(&mut self, gone: PodId) {
        self.queue.retain(|(_, _, w)| match w {
            Wakeup::SyncPod { pod }
            | Wakeup::Probe { pod, .. }
            | Wakeup::RefreshVolumes { pod } => *pod != gone,
            Wakeup::Exit { .. } | Wakeup::GraceExpired { .. } | Wakeup::Controllers => true,
        });
        self.probes.retain(|(pod, _, _), _| *pod != gone);
        self.pending_syncs.retain(|(_, pod)| *pod != gone);
        self.shells.retain(|_, s| s.pod != gone);
    }
}
