//! Processes over time: spawning them into a container's namespaces, delivering signals,
//! exits, reparenting orphans, zombies, and the cgroup OOM killer. What one program does with
//! a signal is `process`'s business; the kubelet's reaction to a container exiting is
//! `kubelet`'s.

use crate::model::ids::{ContainerName, Pid, PodId, Uid};
use crate::model::linux_ns::{NsKind, NsSet};
use crate::model::signal::Signal;
use crate::sim::node::{Owner, ProcState, Process};
use crate::sim::process::{Program, Reaction};
use crate::sim::security::Credentials;
use crate::sim::world::{Slot, TerminatedReason, World};

/// What to start: one process of a container or an exec.
#[derive(Clone, Debug)]
pub(crate) struct Spawn {
    /// The node it runs on.
    pub node: usize,
    pub ppid: Pid,
    pub ns: NsSet,
    pub uid: Uid,
    pub cmdline: String,
    pub owner: Owner,
    pub program: Program,
    pub mem_bytes: u64,
}

impl World {
    /// Starts a process: a host PID, a PID in its own PID namespace, an entry in the table.
    pub(crate) fn spawn(&mut self, s: Spawn) -> Pid {
        let pid = self.node.alloc_pid(&mut self.rng);
        let ns_pid = self.node.alloc_ns_pid(s.ns.get(NsKind::Pid), pid);
        let creds = self.spawn_credentials(&s);
        self.node.insert_process(Process {
            pid,
            ppid: s.ppid,
            ns_pid,
            ns: s.ns,
            uid: s.uid,
            creds,
            cmdline: s.cmdline,
            owner: s.owner,
            program: s.program,
            state: ProcState::Alive,
            mem_bytes: s.mem_bytes,
            started_at: self.now,
            node: s.node,
        });
        pid
    }

    /// The credentials a new process starts with: a fork keeps its parent's; a process the
    /// runtime starts in a container (an exec) gets the container's, which its main process
    /// holds; the container's main process gets them from the kubelet once spawned
    /// (`kubelet.rs`); a host process is root with every capability.
    fn spawn_credentials(&self, s: &Spawn) -> Credentials {
        if let Some(parent) = self.node.process(s.ppid)
            && parent.owner == s.owner
        {
            return parent.creds.clone();
        }
        match &s.owner {
            Owner::Host => Credentials::host(),
            // pause runs as 65535:65535 (build/pause/Dockerfile `USER 65535:65535`).
            Owner::Sandbox(_) => crate::sim::security::Effective::default()
                .credentials(crate::sim::image::PAUSE_UID, crate::sim::image::PAUSE_UID.0),
            Owner::Container(p, name) => self
                .pods
                .get(*p)
                .and_then(|pod| pod.slot_of(name).and_then(|slot| pod.container(slot)))
                .and_then(|c| c.instance.as_ref())
                .and_then(|i| i.pids.first())
                .and_then(|pid| self.node.process(*pid))
                .filter(|q| q.owner == s.owner)
                .map_or_else(Credentials::default, |q| q.creds.clone()),
        }
    }

    /// nginx's master re-reads its configuration on SIGHUP: it starts new worker processes
    /// and tells the old ones to finish gracefully (src/os/unix/ngx_process_cycle.c
    /// `ngx_master_process_cycle`, `ngx_reconfigure`: `ngx_start_worker_processes` then
    /// `ngx_signal_worker_processes(.., NGX_SHUTDOWN_SIGNAL)`), so `ps` shows new worker PIDs.
    fn nginx_reload(&mut self, master: Pid) {
        let old: Vec<Process> = self
            .node
            .children_of(master)
            .filter(|q| q.program == Program::NginxWorker && !q.is_zombie())
            .cloned()
            .collect();
        for w in &old {
            let new = self.spawn(Spawn {
                node: w.node,
                ppid: master,
                ns: w.ns,
                uid: w.uid,
                cmdline: w.cmdline.clone(),
                owner: w.owner.clone(),
                program: Program::NginxWorker,
                mem_bytes: w.mem_bytes,
            });
            if let Some(q) = self.node.process_mut(new) {
                q.creds = w.creds.clone();
            }
        }
        for w in old {
            self.exit_process(w.pid, 0, TerminatedReason::Completed);
        }
    }

    /// Whether `pid` is PID 1 of a PID namespace other than the host's.
    fn is_ns_init(&self, p: &Process) -> bool {
        p.ns_pid == 1 && p.ns.get(NsKind::Pid) != self.node.host_ns.get(NsKind::Pid)
    }

    /// Delivers `sig` to a live process, as `kill(2)` from the node does.
    pub(crate) fn signal_process(&mut self, pid: Pid, sig: Signal) {
        let Some(p) = self.node.process(pid) else {
            return;
        };
        if p.is_zombie() {
            return;
        }
        let reload = p.program == Program::NginxMaster && sig == Signal::HUP;
        match p.program.on_signal(sig, self.is_ns_init(p)) {
            Reaction::Ignore if reload => self.nginx_reload(pid),
            Reaction::Ignore => {}
            Reaction::Exit(code) => {
                self.exit_process(pid, code, TerminatedReason::for_exit_code(code))
            }
            Reaction::Die => self.exit_process(pid, sig.exit_code(), TerminatedReason::Error),
        }
    }

    /// A process ends with `status`. Its children go to the init of its PID namespace; if it
    /// was that init, the kernel kills everything else in the namespace
    /// (kernel/pid_namespace.c `zap_pid_ns_processes`); it lingers as a zombie unless its
    /// parent reaps it; and if it was a container's main process, the container has exited.
    pub(crate) fn exit_process(&mut self, pid: Pid, status: i32, reason: TerminatedReason) {
        let Some(p) = self.node.process(pid).cloned() else {
            return;
        };
        if p.is_zombie() {
            return;
        }
        self.listeners.release_pid(pid);
        let pid_ns = p.ns.get(NsKind::Pid);
        if self.is_ns_init(&p) {
            let others: Vec<Pid> = self
                .node
                .processes_in_pid_ns(pid_ns)
                .filter(|q| q.pid != pid)
                .map(|q| q.pid)
                .collect();
            for q in others {
                self.listeners.release_pid(q);
                self.node.remove_process(q);
            }
        } else {
            // kernel/exit.c `find_new_reaper`: orphans go to the namespace's init.
            let reaper = self
                .node
                .processes_in_pid_ns(pid_ns)
                .find(|q| q.ns_pid == 1 && !q.is_zombie())
                .map(|q| (q.pid, q.program.reaps()));
            let children: Vec<Pid> = self.node.children_of(pid).map(|q| q.pid).collect();
            for c in children {
                match reaper {
                    Some((r, reaps)) => {
                        let zombie = self.node.process(c).is_some_and(Process::is_zombie);
                        if zombie && reaps {
                            self.node.remove_process(c);
                        } else {
                            self.node.set_ppid(c, r);
                        }
                    }
                    None => {
                        self.node.remove_process(c);
                    }
                }
            }
        }
        let parent_reaps = self
            .node
            .process(p.ppid)
            .is_none_or(|q| q.owner == Owner::Host || q.program.reaps());
        if parent_reaps {
            self.node.remove_process(pid);
        } else if let Some(q) = self.node.process_mut(pid) {
            q.state = ProcState::Zombie;
            q.mem_bytes = 0;
        }
        self.child_exited(pid, p.ppid, status);
        match &p.owner {
            Owner::Container(pod, name) => {
                self.process_of_container_exited(*pod, name, pid, status, reason)
            }
            Owner::Sandbox(pod) => self.pause_exited(*pod, pid),
            Owner::Host => {}
        }
    }

    fn process_of_container_exited(
        &mut self,
        p: PodId,
        name: &ContainerName,
        pid: Pid,
        status: i32,
        reason: TerminatedReason,
    ) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let Some(slot) = pod.slot_of(name) else {
            return;
        };
        let main = pod
            .container(slot)
            .and_then(|c| c.instance.as_ref())
            .and_then(|i| i.pids.first().copied());
        if main == Some(pid) {
            self.container_terminated(p, slot, status, reason);
        }
    }

    /// Removes every process a container instance still has (the runtime kills what is left
    /// in its cgroup when the init process is gone) and its monitor.
    pub(crate) fn reap_container_processes(&mut self, p: PodId, name: &ContainerName) {
        let owner = Owner::Container(p, name.clone());
        let pids: Vec<Pid> = self.node.processes_of(&owner).map(|q| q.pid).collect();
        for q in pids {
            self.listeners.release_pid(q);
            self.node.remove_process(q);
        }
    }

    /// The memory a container's processes hold, against its `memory.max`.
    pub(crate) fn container_memory(&self, p: PodId, name: &ContainerName) -> u64 {
        let owner = Owner::Container(p, name.clone());
        self.node.processes_of(&owner).map(|q| q.mem_bytes).sum()
    }

    /// The cgroup v2 OOM killer: when a container's usage passes its memory limit, the kernel
    /// kills the whole cgroup (the kubelet sets `memory.oom.group` on cgroup v2; pkg/kubelet/
    /// kuberuntime/kuberuntime_container_linux.go, `singleProcessOOMKill` false) and the
    /// runtime reports `OOMKilled` with exit code 137 (containerd `oomExitReason`).
    pub(crate) fn check_oom(&mut self, p: PodId, slot: Slot) -> bool {
        let Some(c) = self.pods.get(p).and_then(|pod| pod.container(slot)) else {
            return false;
        };
        let name = c.spec.name.clone();
        let Some(limit) = self.memory_limit(p, slot) else {
            return false;
        };
        if self.container_memory(p, &name) <= limit {
            return false;
        }
        self.container_terminated(
            p,
            slot,
            Signal::KILL.exit_code(),
            TerminatedReason::OOMKilled,
        );
        true
    }

    /// The container's `memory.max` in bytes, if it has a memory limit.
    pub(crate) fn memory_limit(&self, p: PodId, slot: Slot) -> Option<u64> {
        let r = self.pods.get(p)?.resources.as_ref()?;
        let cr = match slot {
            Slot::App(i) => r.containers.get(i),
            Slot::Init(i) => r.init_containers.get(i),
            Slot::Ephemeral(i) => r.ephemeral_containers.get(i),
        }?;
        cr.limits.memory_bytes
    }
}
