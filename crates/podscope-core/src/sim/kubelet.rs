//! The kubelet's rules: create the sandbox, start containers, notice exits, and restart them
//! per `restartPolicy` with the CrashLoopBackOff back-off.

use podscope_collections::Map;

use crate::model::ids::{ContainerId, Pid, PodId, PodUid, RuntimeId, Uid};
use crate::model::linux_ns::{self, NsKind, NsSet, NsSource};
use crate::model::resources;
use crate::model::runtime::{self, Monitored};
use crate::model::spec::RestartPolicy;
use crate::model::time::{SimDuration, SimTime};
use crate::sim::event::EventKind;
use crate::sim::image::{self, ImageKind, Lifetime, PAUSE_UID};
use crate::sim::node::Owner;
use crate::sim::process::Program;
use crate::sim::procs::Spawn;
use crate::sim::world::{
    ContainerState, Instance, Sandbox, Slot, Terminated, TerminatedReason, WaitingReason, Wakeup,
    World,
};

mod start;
use start::MainStart;

/// How long after a container exits the kubelet's PLEG notices it
/// (pkg/kubelet/kubelet.go `genericPlegRelistPeriod = time.Second * 1`).
pub const PLEG_RELIST_PERIOD: SimDuration = SimDuration::from_secs(1);

/// The pod workers' resync interval: the kubelet's `--sync-frequency`, default 1 minute
/// (pkg/kubelet/apis/config/v1beta1/defaults.go `SyncFrequency`), which also caps how long a
/// pod in back-off waits for its next sync (pod_workers.go `completeWork`).
pub const RESYNC_INTERVAL: SimDuration = SimDuration::from_secs(60);

/// The CrashLoopBackOff bookkeeping: client-go util/flowcontrol/backoff.go `Backoff` as the
/// kubelet configures it (pkg/kubelet/kubelet.go `newCrashLoopBackOff`: 10 s initial, 300 s
/// cap, no jitter, factor 2, and `HasExpiredFunc` resetting after 600 s).
#[derive(Clone, Debug)]
pub struct BackOff {
    initial: SimDuration,
    max: SimDuration,
    entries: Map<(PodUid, String), BackOffEntry>,
}

#[derive(Clone, Copy, Debug)]
struct BackOffEntry {
    backoff: SimDuration,
    last_update: SimTime,
}

/// The kubelet's override of client-go's expiry (pkg/kubelet/kubelet.go, `HasExpiredFunc`).
const BACKOFF_RESET: SimDuration = SimDuration::from_secs(600);

impl BackOff {
    pub fn kubelet_default() -> Self {
        BackOff {
            initial: SimDuration::from_secs(10),
            max: SimDuration::from_secs(300),
            entries: Map::new(),
        }
    }

    fn has_expired(event_time: SimTime, last_update: SimTime) -> bool {
        event_time.since(last_update) > BACKOFF_RESET
    }

    /// client-go `IsInBackOffSince(id, eventTime)`.
    fn is_in_backoff_since(
        &self,
        key: &(PodUid, String),
        event_time: SimTime,
        now: SimTime,
    ) -> bool {
        match self.entries.get(key) {
            None => false,
            Some(e) if Self::has_expired(event_time, e.last_update) => false,
            Some(e) => now.since(event_time) < e.backoff,
        }
    }

    /// client-go `Next(id, eventTime)`: start at the initial delay, else double up to the cap.
    fn next(&mut self, key: (PodUid, String), event_time: SimTime, now: SimTime) {
        match self.entries.get_mut(&key) {
            Some(e) if !Self::has_expired(event_time, e.last_update) => {
                e.backoff = e.backoff.saturating_mul(2).min(self.max);
                e.last_update = now;
            }
            _ => {
                self.entries.insert(
                    key,
                    BackOffEntry {
                        backoff: self.initial,
                        last_update: now,
                    },
                );
            }
        }
    }

    /// client-go `Backoff.GC`: kubelet_pods.go `HandlePodCleanups` ends with
    /// `kl.crashLoopBackOff.GC()`, every 2 s (kubelet.go `housekeepingPeriod`). Entries that
    /// `HasExpiredFunc` calls expired at `now` go, so a container whose restart was over 600 s
    /// ago starts over at the initial delay, and a deleted pod's entries do not stay. podscope
    /// collects just before each back-off decision.
    fn gc(&mut self, now: SimTime) {
        self.entries
            .retain(|_, e| !Self::has_expired(now, e.last_update));
    }

    pub(crate) fn get(&self, key: &(PodUid, String)) -> SimDuration {
        self.entries
            .get(key)
            .map_or(SimDuration::ZERO, |e| e.backoff)
    }
}

/// Whether the kubelet restarts an exited container.
///
/// Models kubernetes/kubernetes pkg/kubelet/container/helpers.go `ShouldContainerBeRestarted`.
pub fn should_restart(policy: RestartPolicy, exit_code: i32) -> bool {
    match policy {
        RestartPolicy::Always => true,
        RestartPolicy::OnFailure => exit_code != 0,
        RestartPolicy::Never => false,
    }
}

/// The grace period the kubelet gives a container it stops: the pod's
/// `terminationGracePeriodSeconds` (default 30, pkg/apis/core/v1/defaults.go), never less
/// than `minimumGracePeriodInSeconds = 2` (kuberuntime_container.go `killContainer`).
pub(crate) fn grace_period(spec: &crate::model::spec::PodSpec) -> SimDuration {
    let secs = spec
        .api
        .spec
        .as_ref()
        .and_then(|s| s.termination_grace_period_seconds)
        .unwrap_or(30)
        .max(2);
    SimDuration::from_secs(u64::try_from(secs).unwrap_or(2))
}

impl World {
    /// One kubelet sync of a pod.
    ///
    /// Models pkg/kubelet/kuberuntime/kuberuntime_manager.go `computePodActions` + `SyncPod`:
    /// (re)create the sandbox when it is missing or not ready (killing the containers first),
    /// then run init containers one at a time (native sidecars keep running), then start or
    /// restart app containers per `restartPolicy` with the CrashLoopBackOff back-off.
    pub(crate) fn sync_pod(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        if pod.deletion.is_some() {
            self.sync_terminating_pod(p);
            return;
        }
        self.add_probe_workers(p);
        self.report_started(p);
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        if pod.sandbox.is_none() {
            if !pod.old_sandboxes.is_empty() {
                // A finished pod (restartPolicy Never) gets no new sandbox.
                return;
            }
            self.mount_volumes(p);
            self.create_sandbox(p);
        }
        let sandbox = |w: &World| {
            w.pods
                .get(p)
                .and_then(|pod| pod.sandbox.as_ref())
                .map(|s| (s.ready, s.attempt))
        };
        if sandbox(self).is_some_and(|(ready, _)| !ready) && !self.replace_sandbox(p) {
            return;
        }
        let Some((_, attempt)) = sandbox(self) else {
            return;
        };
        if !self.sync_init_containers(p, attempt) {
            return;
        }
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let (apps, ephemeral, policy) = (
            pod.containers.len(),
            pod.ephemeral_containers.len(),
            pod.spec.restart_policy,
        );
        for c in 0..apps {
            self.sync_container(p, Slot::App(c), policy);
            if self.pulling(p) {
                break;
            }
        }
        // computePodActions `EphemeralContainersToStart`: started once, never restarted.
        for e in 0..ephemeral {
            if self.pulling(p) {
                break;
            }
            self.sync_container(p, Slot::Ephemeral(e), RestartPolicy::Never);
        }
        self.stop_sidecars_when_done(p);
    }

    /// The kubelet's volume manager sets up the pod's volumes before its sandbox
    /// (pkg/kubelet/volumemanager `WaitForAttachAndMount`), from the manifest's ConfigMaps
    /// and Secrets.
    fn mount_volumes(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let ns = pod.spec.key.namespace.clone();
        let node = pod.node.unwrap_or(0);
        let lookup = |kind: &str, name: &str| -> Option<crate::sim::fs::KeyFiles> {
            match kind {
                "configmap" => self.config_map_data(&ns, name),
                "hostpath" => Some(self.node_files_under(node, name)),
                // A claim's volume is its bound PersistentVolume's hostPath directory.
                "claim" => {
                    let path = self.claimed_volume(&ns, name)?.host_path.clone()?;
                    Some(self.node_files_under(node, &path))
                }
                _ => self.secret_data(&ns, name),
            }
        };
        let volumes = match pod.spec.api.spec.as_ref() {
            Some(spec) => crate::sim::fs::pod_volumes(spec, &lookup),
            None => Map::new(),
        };
        if let Some(pod) = self.pods.get_mut(p) {
            pod.volumes = volumes;
        }
        self.project_volumes(p);
    }

    /// The sandbox is NotReady: kill the containers, then run a new sandbox. Returns whether
    /// the sync can go on with the new sandbox.
    ///
    /// Models `computePodActions` (`PodSandboxChanged` → `KillPod` and `CreateSandbox`, not
    /// for a `restartPolicy: Never` pod whose containers already ran) and `SyncPod` (the
    /// `SandboxChanged` event, "Pod sandbox changed, it will be killed and re-created.").
    fn replace_sandbox(&mut self, p: PodId) -> bool {
        let Some(pod) = self.pods.get_mut(p) else {
            return false;
        };
        let running: Vec<Slot> = pod
            .all_containers()
            .filter(|(_, c)| matches!(c.state, ContainerState::Running { .. }))
            .map(|(s, _)| s)
            .collect();
        let announced = pod.sandbox.as_ref().is_some_and(|s| s.replacing);
        if let Some(s) = pod.sandbox.as_mut() {
            s.replacing = true;
        }
        let key = pod.spec.key.clone();
        let grace = grace_period(&pod.spec);
        let ran = pod.all_containers().any(|(_, c)| c.instance.is_some());
        if !running.is_empty() {
            if !announced {
                self.record(key, None, EventKind::SandboxChanged);
                for slot in running {
                    self.stop_container(p, slot, grace, None);
                }
            }
            // The exits trigger the next sync.
            return false;
        }
        if !announced && ran {
            self.record(key, None, EventKind::SandboxChanged);
        }
        let Some(pod) = self.pods.get_mut(p) else {
            return false;
        };
        // StopPodSandbox: the shim and anything left of the sandbox go, CNI DEL frees the IP.
        let replaced = if let Some(old) = pod.sandbox.take() {
            for pid in [old.pid, old.shim_pid].into_iter().flatten() {
                self.node.remove_process(pid);
            }
            self.listeners.release_net(old.ns.get(NsKind::Net));
            pod.old_sandboxes.push(old);
            true
        } else {
            false
        };
        pod.ip = None;
        let finished = pod.spec.restart_policy == RestartPolicy::Never && ran;
        if replaced {
            self.evict_sandboxes(p);
        }
        if finished {
            return false;
        }
        self.create_sandbox(p);
        true
    }

    /// Runs the init containers in order. Returns whether all are done (regular ones exited 0
    /// in this sandbox, sidecars started), so app containers may start.
    ///
    /// Models kuberuntime_manager.go `computeInitContainerActions`: a regular init container
    /// runs to completion before the next starts and restarts on failure unless the pod's
    /// policy is Never (then the pod fails); a sidecar (`restartPolicy: Always`) only has to
    /// be running for the next to start, and restarts on any exit.
    fn sync_init_containers(&mut self, p: PodId, attempt: u32) -> bool {
        let Some(pod) = self.pods.get(p) else {
            return false;
        };
        let (inits, policy) = (pod.init_containers.len(), pod.spec.restart_policy);
        for i in 0..inits {
            let slot = Slot::Init(i);
            let Some(c) = self.pods.get(p).and_then(|pod| pod.container(slot)) else {
                return false;
            };
            let this_sandbox = c
                .instance
                .as_ref()
                .is_some_and(|x| x.sandbox_attempt == attempt);
            if c.spec.sidecar {
                match &c.state {
                    ContainerState::Running { .. } if this_sandbox => continue,
                    ContainerState::Waiting {
                        reason:
                            WaitingReason::ContainerCreating
                            | WaitingReason::PodInitializing
                            | WaitingReason::CreateContainerConfigError,
                        ..
                    } => {
                        self.start_container(p, slot);
                        // The next init container starts once the PLEG sees this one running.
                        self.schedule(self.now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
                    }
                    _ => self.sync_container(p, slot, RestartPolicy::Always),
                }
                return false;
            }
            match &c.state {
                ContainerState::Terminated(t) if t.exit_code == 0 && this_sandbox => continue,
                ContainerState::Running { .. } => return false,
                ContainerState::Terminated(t) if this_sandbox && policy == RestartPolicy::Never => {
                    let _ = t;
                    return false;
                }
                ContainerState::Terminated(t) if t.exit_code == 0 => {
                    // Completed in an earlier sandbox: run it again in this one.
                    self.sync_container(p, slot, RestartPolicy::Always);
                    return false;
                }
                ContainerState::Waiting {
                    reason:
                        WaitingReason::ContainerCreating
                        | WaitingReason::PodInitializing
                        | WaitingReason::CreateContainerConfigError,
                    ..
                } => {
                    self.start_container(p, slot);
                    return false;
                }
                _ => {
                    self.sync_container(p, slot, RestartPolicy::OnFailure);
                    return false;
                }
            }
        }
        true
    }

    /// Starts, or restarts per `policy`, one container that is not running.
    fn sync_container(&mut self, p: PodId, slot: Slot, policy: RestartPolicy) {
        let Some(c) = self.pods.get(p).and_then(|pod| pod.container(slot)) else {
            return;
        };
        if c.stopping {
            return;
        }
        if self.pull_pending(p, slot) {
            self.start_container(p, slot);
            return;
        }
        match c.state.clone() {
            ContainerState::Running { .. } => {}
            ContainerState::Waiting {
                reason:
                    WaitingReason::ContainerCreating
                    | WaitingReason::PodInitializing
                    | WaitingReason::CreateContainerConfigError
                    | WaitingReason::InvalidImageName
                    | WaitingReason::ErrImageNeverPull
                    | WaitingReason::ErrImagePull
                    | WaitingReason::ImagePullBackOff,
                ..
            } => self.start_container(p, slot),
            ContainerState::Waiting {
                reason: WaitingReason::CrashLoopBackOff | WaitingReason::RunContainerError,
                ..
            } => {
                if let Some(t) = c.last_state.clone() {
                    self.maybe_restart(p, slot, policy, &t);
                }
            }
            ContainerState::Terminated(t) => self.maybe_restart(p, slot, policy, &t),
        }
    }

    /// When every app container has finished for good, the kubelet stops the sidecars, last
    /// started first (kuberuntime_manager.go, sidecar termination ordering).
    fn stop_sidecars_when_done(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let policy = pod.spec.restart_policy;
        let all_done = !pod.containers.is_empty()
            && pod.containers.iter().all(|c| match &c.state {
                ContainerState::Terminated(t) => !should_restart(policy, t.exit_code),
                _ => false,
            });
        if !all_done {
            return;
        }
        let grace = grace_period(&pod.spec);
        let mut sidecars: Vec<Slot> = pod
            .all_containers()
            .filter(|(_, c)| {
                c.spec.sidecar && matches!(c.state, ContainerState::Running { .. }) && !c.stopping
            })
            .map(|(s, _)| s)
            .collect();
        sidecars.reverse();
        for slot in sidecars {
            self.stop_container(p, slot, grace, None);
        }
    }

    fn maybe_restart(&mut self, p: PodId, slot: Slot, policy: RestartPolicy, last: &Terminated) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let Some(container) = pod.container(slot) else {
            return;
        };
        // kuberuntime_manager.go `computePodActions`: a container killed for a new
        // definition is started again at once.
        if container.redefined {
            self.start_container(p, slot);
            return;
        }
        if !should_restart(policy, last.exit_code) {
            return;
        }
        let name = container.spec.name.clone();
        let key = (pod.uid.clone(), name.0.clone());
        // Models kuberuntime_manager.go `doBackOff`: the back-off counts from the exit.
        self.backoff.gc(self.now);
        if self
            .backoff
            .is_in_backoff_since(&key, last.finished_at, self.now)
        {
            let delay = self.backoff.get(&key);
            let (pod_key, uid) = (pod.spec.key.clone(), pod.uid.clone());
            let message = format!(
                "back-off {delay} restarting failed container={name} pod={}_{}({uid})",
                pod_key.name, pod_key.namespace
            );
            let was_waiting = matches!(
                container.state,
                ContainerState::Waiting {
                    reason: WaitingReason::CrashLoopBackOff,
                    ..
                }
            );
            // kubelet.go `SyncPod` generates the API status before the runtime's sync, and
            // `convertToAPIContainerStatuses` shows a container Waiting only when the reason
            // cache holds the error of an earlier sync: the sync that first finds the
            // container in back-off leaves the API its termination (`OOMKilled`, `Error`,
            // `Completed`) and the next sync reports `CrashLoopBackOff`.
            if let Some(c) = self.pods.get_mut(p).and_then(|pod| pod.container_mut(slot)) {
                if c.backoff_cached {
                    if let ContainerState::Terminated(t) = &c.state {
                        c.last_state = Some(t.clone());
                    }
                    c.state = ContainerState::Waiting {
                        reason: WaitingReason::CrashLoopBackOff,
                        message: Some(message),
                    };
                }
                c.backoff_cached = true;
            }
            if !was_waiting {
                self.record(
                    pod_key,
                    Some(name),
                    EventKind::BackOff {
                        pod_uid: uid,
                        delay,
                    },
                );
            }
            // pod_workers.go `completeWork`: a back-off error requeues the pod when the
            // back-off expires, at most a resync interval away (kubernetes#133066, 1.35).
            let expiry = last.finished_at + delay;
            self.schedule(
                expiry.min(self.now + RESYNC_INTERVAL),
                Wakeup::SyncPod { pod: p },
            );
            return;
        }
        self.backoff.next(key, last.finished_at, self.now);
        self.start_container(p, slot);
    }

    /// Asks the runtime to stop a running container: the `Killing` event, the image's
    /// STOPSIGNAL to its init process, and SIGKILL when `grace` runs out.
    ///
    /// Models kuberuntime_container.go `killContainer` (event text "Stopping container
    /// <name>", plus the kubelet's reason when it has one) and the runtimes' `StopContainer`.
    pub(crate) fn stop_container(
        &mut self,
        p: PodId,
        slot: Slot,
        grace: SimDuration,
        note: Option<String>,
    ) {
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        let key = pod.spec.key.clone();
        let Some(c) = pod.container_mut(slot) else {
            return;
        };
        let Some(main) = c.instance.as_ref().and_then(|i| i.pids.first().copied()) else {
            return;
        };
        c.stopping = true;
        let name = c.spec.name.clone();
        let signal = ImageKind::of(&c.spec.image).stop_signal();
        self.record(key, Some(name), EventKind::Killing { note });
        self.run_pre_stop(p, slot);
        self.schedule(self.now + grace, Wakeup::GraceExpired { pid: main });
        self.signal_process(main, signal);
    }

    /// The pause process died: the runtime reports the sandbox NotReady and the kubelet's
    /// next relist syncs the pod.
    pub(crate) fn pause_exited(&mut self, p: PodId, pid: Pid) {
        let Some(sandbox) = self.pods.get_mut(p).and_then(|pod| pod.sandbox.as_mut()) else {
            return;
        };
        if sandbox.pid != Some(pid) {
            return;
        }
        sandbox.ready = false;
        self.schedule(self.now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
    }

    /// `kill-sandbox`: SIGKILL the pause process, as `kill -9` on the node would.
    pub(crate) fn kill_sandbox(&mut self, p: PodId) {
        if let Some(pid) = self
            .pods
            .get(p)
            .and_then(|pod| pod.sandbox.as_ref())
            .and_then(|s| s.pid)
        {
            self.signal_process(pid, crate::model::signal::Signal::KILL);
        }
    }

    /// Runs the sandbox: new namespaces per the runtime's table, the pause process as their
    /// first member (unless the runtime runs none), and a pod IP from the CNI plugin.
    ///
    /// The PIDs: the monitor first (it starts the runtime, which starts pause), then pause.
    /// Namespaces a runtime pins before any container (CRI-O's `pinns`) get their inodes
    /// first; the rest come in `NsKind` order (mnt, uts, ipc, pid, net, then cgroup), the
    /// order seed 004's Docker pause shows (net 4026533143, cgroup 4026533210).
    pub(crate) fn create_sandbox(&mut self, p: PodId) {
        let runtime = self.runtime;
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let opts = pod.spec.ns;
        let node = pod.node.unwrap_or(0);
        let key = pod.spec.key.clone();
        let uid = pod.uid.clone();
        // kuberuntime_manager.go `computePodActions`: the newest sandbox's attempt + 1.
        let attempt = pod.old_sandboxes.last().map_or(0, |s| s.attempt + 1);
        let host = self.node.host_ns;
        let mut fresh = Map::new();
        for pinned in [true, false] {
            for kind in NsKind::ALL {
                if linux_ns::pinned_by_runtime(runtime, kind, opts) == pinned
                    && linux_ns::sandbox_ns(runtime, kind, opts) == NsSource::New
                {
                    fresh.insert(kind, self.node.alloc_inode(kind, &mut self.rng));
                }
            }
        }
        let ns = NsSet::new(|k| fresh.get(&k).copied().unwrap_or(host.get(k)));
        let id = RuntimeId::generate(&mut self.rng);
        let (pid, shim_pid) = if runtime.has_infra_container(opts) {
            let kube_name = runtime::kube_sandbox_name(&key, &uid, attempt);
            // CRI-O's infra container log: server/sandbox_run_linux.go (`<sandbox id>.log` in
            // the pod's log directory).
            let log_path = format!("{}/{id}.log", runtime::pod_log_dir(&key, &uid));
            let cmdline = runtime.sandbox_monitor(&Monitored {
                id: &id,
                kube_name: &kube_name,
                log_path: &log_path,
            });
            let shim_pid = self.spawn(Spawn {
                node,
                ppid: Pid(1),
                ns: host,
                uid: Uid(0),
                cmdline,
                owner: Owner::Host,
                program: Program::Server { term_exit: 0 },
                mem_bytes: 0,
            });
            let pid = self.spawn(Spawn {
                node,
                ppid: shim_pid,
                ns,
                uid: PAUSE_UID,
                cmdline: "/pause".to_owned(),
                owner: Owner::Sandbox(p),
                program: Program::Pause,
                mem_bytes: 0,
            });
            self.runtime_init_threads(pid);
            (Some(pid), Some(shim_pid))
        } else {
            (None, None)
        };
        let ip = if opts.host_network {
            None
        } else {
            self.node.alloc_pod_ip(node)
        };
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        pod.ip = ip;
        pod.sandbox = Some(Sandbox {
            id,
            attempt,
            pid,
            shim_pid,
            ns,
            created_at: self.now,
            ready: true,
            replacing: false,
            ip,
        });
    }

    /// Creates and starts one container in the pod's sandbox.
    ///
    /// Models pkg/kubelet/kuberuntime/kuberuntime_container.go `startContainer`: the restart
    /// count is the previous count + 1 when an earlier instance exists.
    pub(crate) fn start_container(&mut self, p: PodId, slot: Slot) {
        let Some(sandbox) = self.pods.get(p).and_then(|pod| pod.sandbox.clone()) else {
            return;
        };
        if !self.ensure_image(p, slot) {
            return;
        }
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let opts = pod.spec.ns;
        let key = pod.spec.key.clone();
        let Some(container) = pod.container(slot) else {
            return;
        };
        let spec = container.spec.clone();
        // makeEnvironmentVariables, before anything is created (env.rs).
        let (env, spec) = match self.resolve_env(p, slot, &spec) {
            Ok(r) => (r.environ, r.spec),
            Err(e) => return self.create_config_error(p, slot, &e),
        };
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let Some(container) = pod.container(slot) else {
            return;
        };
        let restart_count = if container.instance.is_some() {
            container.restart_count + 1
        } else {
            0
        };
        let runtime = self.runtime;
        let node = pod.node.unwrap_or(0);
        let uid = pod.uid.clone();
        // An ephemeral container with a target joins the target's PID namespace (CRI
        // `NamespaceMode_TARGET`; containerd container_create.go `targetPid`).
        let target_pid_ns = spec
            .target
            .as_ref()
            .and_then(|t| pod.slot_of(t))
            .and_then(|s| pod.container(s))
            .and_then(|c| c.instance.as_ref())
            .map(|i| i.ns.get(NsKind::Pid));
        let host = self.node.host_ns;
        let mut fresh = Map::new();
        for kind in NsKind::ALL {
            if linux_ns::container_ns(runtime, kind, opts, spec.privileged) == NsSource::New {
                fresh.insert(kind, self.node.alloc_inode(kind, &mut self.rng));
            }
        }
        let ns = NsSet::new(|k| match (k, target_pid_ns) {
            (NsKind::Pid, Some(target)) => target,
            _ => match linux_ns::container_ns(runtime, k, opts, spec.privileged) {
                NsSource::Host => host.get(k),
                NsSource::Sandbox => sandbox.ns.get(k),
                NsSource::New => fresh.get(&k).copied().unwrap_or(host.get(k)),
            },
        });
        let mut plan = image::run_plan(
            &spec.image,
            &spec.command,
            &spec.args,
            &env,
            self.node.info(node).map_or(1, |n| n.cpus),
        );
        let kind = ImageKind::of(&spec.image);
        let security = crate::sim::security::effective(&pod.spec, slot);
        // generateContainerConfig's `verifyRunAsNonRoot`, against the image's user.
        let image_uid = plan.processes.first().map_or(Uid(0), |t| t.uid);
        let pod_name = format!("{}_{}({})", key.name, key.namespace, pod.uid);
        if let Err(m) = security.verify_run_as_non_root(image_uid, &pod_name, &spec.name.0) {
            return self.create_config_error(p, slot, &crate::sim::env::EnvError::Config(m));
        }
        let argv: Vec<String> = spec.command.iter().chain(&spec.args).cloned().collect();
        let main_start = start::main_start(kind, &argv);
        match &main_start {
            // The program runs once as PID 1 and says itself when it is done.
            MainStart::Applet(_) | MainStart::ScriptMissing => {
                plan.lifetime = Lifetime::Forever;
                plan.log.clear();
            }
            MainStart::NotFound(_) => plan.processes.clear(),
            MainStart::Plan | MainStart::Script { .. } => {}
        }
        plan.lifetime = start::interactive_lifetime(
            start::stdin_attached(
                api_container(&pod.spec, slot),
                matches!(slot, Slot::Ephemeral(_)),
            ),
            start::shell_reads_stdin(kind, &argv),
            plan.lifetime,
        );
        let id = ContainerId::generate(&mut self.rng);
        // The kubelet's `LogPath`, `<container>/<restart count>.log` in the pod's directory.
        let log_path = format!(
            "{}/{}/{restart_count}.log",
            runtime::pod_log_dir(&key, &uid),
            spec.name
        );
        let kube_name = runtime::kube_container_name(&key, &uid, &spec.name, restart_count);
        let monitor = runtime.container_monitor(&Monitored {
            id: &id,
            kube_name: &kube_name,
            log_path: &log_path,
        });
        let monitor_pid = monitor.map(|cmdline| {
            self.spawn(Spawn {
                node,
                ppid: Pid(1),
                ns: host,
                uid: Uid(0),
                cmdline,
                owner: Owner::Host,
                program: Program::Server { term_exit: 0 },
                mem_bytes: 0,
            })
        });
        // Every runtime shows the pod's hostname (containerd and CRI-O set it in the shared
        // uts namespace, Docker copies it into each container's own); hostNetwork pods see
        // the node's (k8s-facts §1.4).
        let hostname = if opts.host_network {
            self.node
                .info(node)
                .map(|n| n.name.clone())
                .unwrap_or_default()
        } else {
            self.pods
                .get(p)
                .map(|pod| pod.spec.hostname.clone())
                .unwrap_or_default()
        };
        // The container's init is a child of its monitor: containerd's one shim for the pod,
        // Docker's shim or CRI-O's conmon for this container.
        let parent = monitor_pid.or(sandbox.shim_pid).unwrap_or(Pid(1));
        let owner = Owner::Container(p, spec.name.clone());
        let mut pids = Vec::new();
        for (i, t) in plan.processes.iter().enumerate() {
            let ppid = if i == 0 {
                parent
            } else {
                pids.first().copied().unwrap_or(parent)
            };
            let pid = self.spawn(Spawn {
                node,
                ppid,
                ns,
                uid: t.uid,
                cmdline: t.cmdline.clone(),
                owner: owner.clone(),
                program: t.program.clone(),
                mem_bytes: t.mem_bytes,
            });
            if i == 0 {
                self.runtime_init_threads(pid);
            }
            pids.push(pid);
        }
        self.set_credentials(&pids, &plan.processes, &security);
        let name = spec.name.clone();
        self.record(key.clone(), Some(name.clone()), EventKind::Created);
        if !matches!(main_start, MainStart::NotFound(_)) {
            self.record(key.clone(), Some(name.clone()), EventKind::Started);
        }
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let (oom_score_adj, cgroup_path) = match &pod.resources {
            Some(r) => {
                let cr = match slot {
                    Slot::App(i) => r.containers.get(i),
                    Slot::Init(i) => r.init_containers.get(i),
                    Slot::Ephemeral(i) => r.ephemeral_containers.get(i),
                };
                (
                    cr.map_or(0, |cr| cr.oom_score_adj),
                    resources::container_cgroup_path(
                        r.qos,
                        pod.uid.as_str(),
                        runtime.cgroup_runtime(),
                        &id.full(),
                    ),
                )
            }
            None => (0, String::new()),
        };
        let mut mounts = api_container(&pod.spec, slot)
            .map(|c| crate::sim::fs::container_mounts(c, &pod.volumes))
            .unwrap_or_default();
        crate::sim::volumes::add_token_mount(pod, slot, &mut mounts);
        let mut log = plan.log.clone();
        let main = pids.first().copied();
        let mut lifetime = plan.lifetime;
        // One port space per network namespace: a second listener on the same port fails
        // the way the server reports it.
        if let (Some(port), Some(main)) = (plan.listens, main) {
            let net = ns.get(NsKind::Net);
            if !self.listeners.bind(net, port, main) {
                let (text, after) = bind_failure(ImageKind::of(&spec.image), port, self.now);
                log.push_str(&text);
                lifetime = Lifetime::Exits { after, code: 1 };
            }
        }
        let Some(container) = self.pods.get_mut(p).and_then(|pod| pod.container_mut(slot)) else {
            return;
        };
        if let ContainerState::Terminated(t) = &container.state {
            container.last_state = Some(t.clone());
        }
        container.redefined = false;
        container.backoff_cached = false;
        container.dead = container.instance.take();
        container.restart_count = restart_count;
        container.instance = Some(Instance {
            id,
            attempt: restart_count,
            pids,
            ns,
            started_at: self.now,
            oom_score_adj,
            cgroup_path,
            monitor_pid,
            hostname,
            log,
            sandbox_attempt: sandbox.attempt,
            rootfs: crate::sim::fs::Tree::default(),
            mounts,
            env,
            apt: Default::default(),
        });
        container.state = ContainerState::Running {
            started_at: self.now,
        };
        container.ready = true;
        container.stopping = false;
        self.evict_sandboxes(p);
        if let (Lifetime::Exits { after, code }, Some(pid)) = (lifetime, main) {
            self.schedule(self.now + after, Wakeup::Exit { pid, code });
        }
        // A container that starts over its memory limit is OOM-killed at once.
        if self.check_oom(p, slot) {
            return;
        }
        // nginx opens its error and access logs at start: files when a volume is mounted over
        // /var/log/nginx, the image's symlinks to the container's output otherwise.
        if ImageKind::of(&spec.image) == ImageKind::Nginx && plan.listens.is_some() {
            for log in ["/var/log/nginx/access.log", "/var/log/nginx/error.log"] {
                let _ = self.write_file(p, slot, log, "", true);
            }
        }
        if let MainStart::NotFound(argv0) = &main_start {
            self.start_failed(p, slot, start::not_found_message(argv0));
            return;
        }
        // `sh -c SCRIPT [NAME ARGS…]` runs the script over simulated time; a program of the
        // image runs once.
        if let Some(pid) = main {
            self.run_main(p, slot, pid, main_start);
        }
        self.probes_container_started(p, slot);
    }

    /// A container's init process is gone: every other process of it goes too, its state
    /// becomes Terminated with the runtime's reason, and the kubelet's next relist notices.
    pub(crate) fn container_terminated(
        &mut self,
        p: PodId,
        slot: Slot,
        exit_code: i32,
        reason: TerminatedReason,
    ) {
        let now = self.now;
        let Some(container) = self.pods.get(p).and_then(|pod| pod.container(slot)) else {
            return;
        };
        let (Some(instance), ContainerState::Running { started_at }) =
            (container.instance.clone(), container.state.clone())
        else {
            return;
        };
        let name = container.spec.name.clone();
        self.reap_container_processes(p, &name);
        if let Some(monitor) = instance.monitor_pid {
            self.node.remove_process(monitor);
        }
        let reason = match reason {
            TerminatedReason::OOMKilled => TerminatedReason::OOMKilled,
            _ => TerminatedReason::for_exit_code(exit_code),
        };
        let message = self.termination_message(p, slot, exit_code);
        let Some(container) = self.pods.get_mut(p).and_then(|pod| pod.container_mut(slot)) else {
            return;
        };
        container.state = ContainerState::Terminated(Terminated {
            exit_code,
            reason,
            started_at,
            finished_at: now,
            container_id: instance.id,
            message,
        });
        container.ready = false;
        container.stopping = false;
        self.schedule(now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
    }
}

/// What a server prints when its port is taken, and how long it tries before exiting 1.
/// nginx retries `bind()` five times, 500 ms apart (src/core/ngx_connection.c
/// `ngx_open_listening_sockets`), then gives up with "still could not bind()".
fn bind_failure(kind: ImageKind, port: u16, now: SimTime) -> (String, SimDuration) {
    // nginx's error log time format, `%4d/%02d/%02d %02d:%02d:%02d` (ngx_times.c).
    let stamp = |t: SimTime| {
        let c = crate::model::humanize::civil(t);
        format!(
            "{}/{:02}/{:02} {:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    };
    match kind {
        ImageKind::Nginx => {
            let mut text = String::new();
            for i in 0..5 {
                let t = now + SimDuration::from_millis(500 * i);
                text.push_str(&format!(
                    "{} [emerg] 1#1: bind() to 0.0.0.0:{port} failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:{port} failed (98: Address already in use)\n",
                    stamp(t)
                ));
            }
            text.push_str(&format!(
                "{} [emerg] 1#1: still could not bind()\nnginx: [emerg] still could not bind()\n",
                stamp(now + SimDuration::from_millis(2500))
            ));
            (text, SimDuration::from_millis(2500))
        }
        _ => (
            format!("bind: Address already in use (0.0.0.0:{port})\n"),
            SimDuration::ZERO,
        ),
    }
}

/// The API container at `slot`.
fn api_container(
    spec: &crate::model::spec::PodSpec,
    slot: Slot,
) -> Option<&k8s_openapi::api::core::v1::Container> {
    let s = spec.api.spec.as_ref()?;
    match slot {
        Slot::App(i) => s.containers.get(i),
        Slot::Init(i) => s.init_containers.as_ref().and_then(|v| v.get(i)),
        Slot::Ephemeral(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn restart_policy_table() {
        assert!(should_restart(RestartPolicy::Always, 0));
        assert!(should_restart(RestartPolicy::OnFailure, 137));
        assert!(!should_restart(RestartPolicy::OnFailure, 0));
        assert!(!should_restart(RestartPolicy::Never, 1));
    }

    #[test]
    fn backoff_doubles_to_the_cap_and_resets_after_ten_minutes() {
        let mut b = BackOff::kubelet_default();
        let key = (
            PodUid::generate(&mut crate::model::rng::SeededRng::new(1)),
            "c".to_owned(),
        );
        let mut t = SimTime::ZERO;
        let mut seen = Vec::new();
        for _ in 0..7 {
            b.next(key.clone(), t, t);
            seen.push(b.get(&key).as_millis() / 1000);
            t = t + SimDuration::from_secs(1);
        }
        assert_eq!(seen, [10, 20, 40, 80, 160, 300, 300]);
        let later = t + SimDuration::from_secs(601);
        assert!(!b.is_in_backoff_since(&key, later, later));
        b.next(key.clone(), later, later);
        assert_eq!(b.get(&key), SimDuration::from_secs(10));
    }
}
