//! The kubelet's rules: create the sandbox, start containers, notice exits, and restart them
//! per `restartPolicy` with the CrashLoopBackOff back-off.

use std::collections::BTreeMap;

use crate::event::EventKind;
use crate::ids::{ContainerId, PodUid, RuntimeId};
use crate::image::{self, Lifetime, PAUSE_UID};
use crate::namespace::{self, NsKind, NsSet, NsSource};
use crate::node::{Owner, Process};
use crate::resources;
use crate::runtime::{self, Monitored};
use crate::spec::RestartPolicy;
use crate::time::{SimDuration, SimTime};
use crate::world::{
    ContainerState, Instance, Sandbox, Terminated, TerminatedReason, WaitingReason, Wakeup, World,
};

/// How long after a container exits the kubelet's PLEG notices it
/// (pkg/kubelet/kubelet.go `genericPlegRelistPeriod = time.Second * 1`).
pub const PLEG_RELIST_PERIOD: SimDuration = SimDuration::from_secs(1);

/// The CrashLoopBackOff bookkeeping: client-go util/flowcontrol/backoff.go `Backoff` as the
/// kubelet configures it (pkg/kubelet/kubelet.go `newCrashLoopBackOff`: 10 s initial, 300 s
/// cap, no jitter, factor 2, and `HasExpiredFunc` resetting after 600 s).
#[derive(Clone, Debug)]
pub struct BackOff {
    initial: SimDuration,
    max: SimDuration,
    entries: BTreeMap<(PodUid, String), BackOffEntry>,
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
            entries: BTreeMap::new(),
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

    fn get(&self, key: &(PodUid, String)) -> SimDuration {
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

impl World {
    /// One kubelet sync of a pod: create the sandbox if it has none, then start or restart
    /// each container that needs it.
    ///
    /// Models pkg/kubelet/kuberuntime/kuberuntime_manager.go `computePodActions` + `SyncPod`.
    pub(crate) fn sync_pod(&mut self, p: usize) {
        if self.pods[p].sandbox.is_none() {
            self.create_sandbox(p);
        }
        for c in 0..self.pods[p].containers.len() {
            let container = &self.pods[p].containers[c];
            match &container.state {
                ContainerState::Running { .. } => {}
                ContainerState::Waiting {
                    reason: WaitingReason::ContainerCreating | WaitingReason::PodInitializing,
                    ..
                } => {
                    self.start_container(p, c);
                }
                ContainerState::Waiting {
                    reason: WaitingReason::CrashLoopBackOff,
                    ..
                } => {
                    if let Some(t) = container.last_state.clone() {
                        self.maybe_restart(p, c, &t);
                    }
                }
                ContainerState::Terminated(t) => {
                    let t = t.clone();
                    self.maybe_restart(p, c, &t);
                }
            }
        }
    }

    fn maybe_restart(&mut self, p: usize, c: usize, last: &Terminated) {
        let pod = &self.pods[p];
        if !should_restart(pod.spec.restart_policy, last.exit_code) {
            return;
        }
        let name = pod.containers[c].spec.name.clone();
        let key = (pod.uid.clone(), name.0.clone());
        // Models kuberuntime_manager.go `doBackOff`: the back-off counts from the exit.
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
                pod.containers[c].state,
                ContainerState::Waiting {
                    reason: WaitingReason::CrashLoopBackOff,
                    ..
                }
            );
            self.pods[p].containers[c].state = ContainerState::Waiting {
                reason: WaitingReason::CrashLoopBackOff,
                message: Some(message),
            };
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
            self.schedule(last.finished_at + delay, Wakeup::SyncPod { pod: p });
            return;
        }
        self.backoff.next(key, last.finished_at, self.now);
        self.start_container(p, c);
    }

    /// Runs the sandbox: new namespaces per the runtime's table, the pause process as their
    /// first member (unless the runtime runs none), and a pod IP from the CNI plugin.
    ///
    /// The PIDs: the monitor first (it starts the runtime, which starts pause), then pause.
    /// Namespaces a runtime pins before any container (CRI-O's `pinns`) get their inodes
    /// first; the rest come in `NsKind` order (mnt, uts, ipc, pid, net, then cgroup), the
    /// order seed 004's Docker pause shows (net 4026533143, cgroup 4026533210).
    fn create_sandbox(&mut self, p: usize) {
        let runtime = self.runtime;
        let opts = self.pods[p].spec.ns;
        let host = self.node.host_ns;
        let mut fresh = BTreeMap::new();
        for pinned in [true, false] {
            for kind in NsKind::ALL {
                if namespace::pinned_by_runtime(runtime, kind, opts) == pinned
                    && namespace::sandbox_ns(runtime, kind, opts) == NsSource::New
                {
                    fresh.insert(kind, self.node.alloc_inode(kind, &mut self.rng));
                }
            }
        }
        let ns = NsSet::new(|k| fresh.get(&k).copied().unwrap_or(host.get(k)));
        let id = RuntimeId::generate(&mut self.rng);
        let key = self.pods[p].spec.key.clone();
        let uid = self.pods[p].uid.clone();
        let attempt = 0;
        let (pid, shim_pid) = if runtime.has_infra_container(opts) {
            let shim_pid = self.node.alloc_pid(&mut self.rng);
            let pid = self.node.alloc_pid(&mut self.rng);
            let kube_name = runtime::kube_sandbox_name(&key, &uid, attempt);
            // CRI-O's infra container log: server/sandbox_run_linux.go (`<sandbox id>.log` in
            // the pod's log directory).
            let log_path = format!("{}/{id}.log", runtime::pod_log_dir(&key, &uid));
            let cmdline = runtime.sandbox_monitor(&Monitored {
                id: &id,
                kube_name: &kube_name,
                log_path: &log_path,
            });
            self.node.insert_process(Process {
                pid: shim_pid,
                ns: host,
                uid: crate::ids::Uid(0),
                cmdline,
                owner: crate::node::Owner::Host,
            });
            self.node.insert_process(Process {
                pid,
                ns,
                uid: PAUSE_UID,
                cmdline: "/pause".to_owned(),
                owner: Owner::Sandbox(key),
            });
            (Some(pid), Some(shim_pid))
        } else {
            (None, None)
        };
        let ip = if opts.host_network {
            None
        } else {
            Some(self.node.alloc_pod_ip())
        };
        let pod = &mut self.pods[p];
        pod.ip = ip;
        pod.sandbox = Some(Sandbox {
            id,
            attempt,
            pid,
            shim_pid,
            ns,
            created_at: self.now,
            ready: true,
        });
    }

    /// Creates and starts one container in the pod's sandbox.
    ///
    /// Models pkg/kubelet/kuberuntime/kuberuntime_container.go `startContainer`: the restart
    /// count is the previous count + 1 when an earlier instance exists.
    fn start_container(&mut self, p: usize, c: usize) {
        let Some(sandbox) = self.pods[p].sandbox.clone() else {
            return;
        };
        let opts = self.pods[p].spec.ns;
        let key = self.pods[p].spec.key.clone();
        let container = &self.pods[p].containers[c];
        let spec = container.spec.clone();
        let restart_count = if container.instance.is_some() {
            container.restart_count + 1
        } else {
            0
        };
        let runtime = self.runtime;
        let host = self.node.host_ns;
        let mut fresh = BTreeMap::new();
        for kind in NsKind::ALL {
            if namespace::container_ns(runtime, kind, opts, spec.privileged) == NsSource::New {
                fresh.insert(kind, self.node.alloc_inode(kind, &mut self.rng));
            }
        }
        let ns = NsSet::new(
            |k| match namespace::container_ns(runtime, k, opts, spec.privileged) {
                NsSource::Host => host.get(k),
                NsSource::Sandbox => sandbox.ns.get(k),
                NsSource::New => fresh.get(&k).copied().unwrap_or(host.get(k)),
            },
        );
        let plan = image::run_plan(&spec.image, &spec.command, &spec.args, self.node.cpus);
        let id = ContainerId::generate(&mut self.rng);
        let uid = self.pods[p].uid.clone();
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
            let pid = self.node.alloc_pid(&mut self.rng);
            self.node.insert_process(Process {
                pid,
                ns: host,
                uid: crate::ids::Uid(0),
                cmdline,
                owner: Owner::Host,
            });
            pid
        });
        // Every runtime shows the pod's hostname (containerd and CRI-O set it in the shared
        // uts namespace, Docker copies it into each container's own); hostNetwork pods see
        // the node's (k8s-facts §1.4).
        let hostname = if opts.host_network {
            self.node.name.clone()
        } else {
            self.pods[p].spec.hostname.clone()
        };
        let mut pids = Vec::new();
        for proc_ in &plan.processes {
            let pid = self.node.alloc_pid(&mut self.rng);
            self.node.insert_process(Process {
                pid,
                ns,
                uid: proc_.uid,
                cmdline: proc_.cmdline.clone(),
                owner: Owner::Container(key.clone(), spec.name.clone()),
            });
            pids.push(pid);
        }
        let name = spec.name.clone();
        self.record(
            key.clone(),
            Some(name.clone()),
            EventKind::Pulled {
                image: spec.image.raw.clone(),
            },
        );
        self.record(key.clone(), Some(name.clone()), EventKind::Created);
        self.record(key, Some(name), EventKind::Started);
        let (oom_score_adj, cgroup_path) = match &self.pods[p].resources {
            Some(r) => (
                r.containers.get(c).map_or(0, |cr| cr.oom_score_adj),
                resources::container_cgroup_path(
                    r.qos,
                    self.pods[p].uid.as_str(),
                    runtime.cgroup_runtime(),
                    &id.full(),
                ),
            ),
            None => (0, String::new()),
        };
        let container = &mut self.pods[p].containers[c];
        if let ContainerState::Terminated(t) = &container.state {
            container.last_state = Some(t.clone());
        }
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
            log: String::new(),
        });
        container.state = ContainerState::Running {
            started_at: self.now,
        };
        if let Lifetime::Exits { after, code } = plan.lifetime {
            self.schedule(
                self.now + after,
                Wakeup::Exit {
                    pod: p,
                    container: c,
                    id,
                    code,
                },
            );
        }
    }

    /// The pause process dies: the sandbox is NotReady until the kubelet's next sync.
    pub(crate) fn kill_sandbox(&mut self, p: usize) {
        let Some(sandbox) = self.pods[p].sandbox.as_mut() else {
            return;
        };
        sandbox.ready = false;
        if let Some(pid) = sandbox.pid.take() {
            self.node.remove_process(pid);
        }
        self.schedule(self.now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
    }

    /// A container's main process ended on its own.
    pub(crate) fn container_exited(&mut self, p: usize, c: usize, id: ContainerId, code: i32) {
        let running = self.pods[p].containers[c]
            .instance
            .as_ref()
            .is_some_and(|i| i.id == id)
            && matches!(
                self.pods[p].containers[c].state,
                ContainerState::Running { .. }
            );
        if running {
            self.terminate(p, c, code);
        }
    }

    /// Ends a running container with `exit_code`: its processes go, its state becomes
    /// Terminated, and the kubelet's next relist notices.
    pub(crate) fn terminate(&mut self, p: usize, c: usize, exit_code: i32) {
        let now = self.now;
        let container = &mut self.pods[p].containers[c];
        let (Some(instance), ContainerState::Running { started_at }) =
            (container.instance.as_ref(), container.state.clone())
        else {
            return;
        };
        // When PID 1 of a PID namespace dies, the kernel kills every other process in it.
        for pid in instance.pids.clone() {
            self.node.remove_process(pid);
        }
        // Docker's per-container shim and CRI-O's conmon exit once they have recorded the exit.
        if let Some(monitor) = instance.monitor_pid {
            self.node.remove_process(monitor);
        }
        let container = &mut self.pods[p].containers[c];
        let Some(instance) = container.instance.as_ref() else {
            return;
        };
        container.state = ContainerState::Terminated(Terminated {
            exit_code,
            reason: TerminatedReason::for_exit_code(exit_code),
            started_at,
            finished_at: now,
            container_id: instance.id,
        });
        self.schedule(now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
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
            PodUid::generate(&mut crate::rng::SeededRng::new(1)),
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
