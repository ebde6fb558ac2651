//! The node: its host namespaces, its process table, and the allocators for PIDs, namespace
//! inodes and pod IPs.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::ids::{NsInode, Pid, PodKey, Uid};
use crate::namespace::{NsKind, NsSet};
use crate::process::Program;
use crate::rng::SeededRng;
use crate::runtime::Runtime;
use crate::time::SimTime;

/// Who a process belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Host,
    /// The pause process of a pod's sandbox.
    Sandbox(PodKey),
    /// A process of an app container.
    Container(PodKey, crate::ids::ContainerName),
}

/// One process in the node's process table (PIDs as the host sees them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    pub pid: Pid,
    /// The parent (host PID); `Pid(0)` for the host's init.
    pub ppid: Pid,
    /// Its PID as seen inside its own PID namespace (1 for a container's entrypoint).
    pub ns_pid: u32,
    pub ns: NsSet,
    pub uid: Uid,
    pub cmdline: String,
    pub owner: Owner,
    pub program: Program,
    pub state: ProcState,
    /// Resident memory, charged to its cgroup.
    pub mem_bytes: u64,
    pub started_at: SimTime,
}

/// `ps`'s STAT letter family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcState {
    /// Running or sleeping in a wait (`S` in `ps`).
    Alive,
    /// Exited, not yet reaped by its parent (`Z`, `<defunct>`).
    Zombie,
}

impl Process {
    /// A host process (in the node's namespaces, owned by the host, PID as on the host).
    pub fn host(pid: Pid, ppid: Pid, ns: NsSet, cmdline: String) -> Self {
        Process {
            pid,
            ppid,
            ns_pid: pid.0,
            ns,
            uid: Uid(0),
            cmdline,
            owner: Owner::Host,
            program: Program::Server { term_exit: 0 },
            state: ProcState::Alive,
            mem_bytes: 0,
            started_at: SimTime::ZERO,
        }
    }

    pub fn is_zombie(&self) -> bool {
        self.state == ProcState::Zombie
    }
}

/// The node the pods run on. One node for now; its facts are documented in docs/fidelity.md.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    /// The node's `InternalIP` (`status.addresses`), as `kubectl get pods -o wide` and
    /// `describe` show it.
    pub internal_ip: Ipv4Addr,
    pub cpus: u32,
    pub memory_bytes: u64,
    /// `status.allocatable`: what the scheduler may hand out.
    pub allocatable: Allocatable,
    /// `metadata.labels`, for `nodeSelector`.
    pub labels: BTreeMap<String, String>,
    pub host_ns: NsSet,
    processes: BTreeMap<Pid, Process>,
    next_pid: u32,
    /// The last PID handed out in each PID namespace other than the host's.
    ns_last_pid: BTreeMap<NsInode, u32>,
    next_inode: u64,
    pod_cidr_base: Ipv4Addr,
    last_ip: u8,
}

/// A node's allocatable resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allocatable {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub pods: u32,
}

// The default node's numbers live in cluster.rs, their single source.
pub use crate::cluster::{DEFAULT_MAX_PODS, EVICTION_HARD_MEMORY};
use crate::cluster::{DEFAULT_NODE_CPUS, DEFAULT_NODE_MEMORY_BYTES, DEFAULT_NODE_NAME};

/// The runtime's daemons among the host processes (PID, command line). The paths are the
/// packages' usual ones: containerd's; CRI-O's `crio` (its contrib unit runs
/// `/usr/local/bin/crio`, distribution packages `/usr/bin/crio`); Docker's from moby
/// contrib/init/systemd/docker.service and cri-dockerd packaging/systemd/cri-docker.service.
fn runtime_daemons(runtime: Runtime) -> &'static [(u32, &'static str)] {
    match runtime {
        Runtime::Containerd => &[(512, "/usr/bin/containerd")],
        Runtime::CriO => &[(512, "/usr/bin/crio")],
        Runtime::Docker => &[
            (512, "/usr/bin/containerd"),
            (
                540,
                "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock",
            ),
            (
                566,
                "/usr/bin/cri-dockerd --container-runtime-endpoint fd://",
            ),
        ],
    }
}

/// The host's namespace inodes on a current kernel, as real `lsns` shows them: the fixed
/// `PROC_*_INIT_INO` values of include/linux/proc_ns.h for ipc, uts, user, pid, cgroup and
/// time, and the first two `proc_alloc_inum` numbers for the initial net and mount namespaces.
fn host_inode(kind: NsKind) -> NsInode {
    NsInode(match kind {
        NsKind::Time => 4_026_531_834,
        NsKind::Cgroup => 4_026_531_835,
        NsKind::Pid => 4_026_531_836,
        NsKind::User => 4_026_531_837,
        NsKind::Uts => 4_026_531_838,
        NsKind::Ipc => 4_026_531_839,
        NsKind::Net => 4_026_531_840,
        NsKind::Mnt => 4_026_531_841,
    })
}

impl Node {
    /// The default node: 2 CPUs, 8 GiB, pod CIDR 10.244.1.0/24, as a small kubeadm worker
    /// running containerd.
    pub fn default_node(rng: &mut SeededRng) -> Self {
        Self::for_runtime(rng, Runtime::Containerd)
    }

    /// The default node with `runtime`'s daemons among its host processes.
    pub fn for_runtime(rng: &mut SeededRng, runtime: Runtime) -> Self {
        let host_ns = NsSet::new(host_inode);
        let (cpus, memory_bytes) = (DEFAULT_NODE_CPUS, DEFAULT_NODE_MEMORY_BYTES);
        let name = DEFAULT_NODE_NAME.to_owned();
        let labels = [
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/hostname", name.as_str()),
            ("kubernetes.io/os", "linux"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let mut node = Node {
            name,
            // A small kubeadm cluster on one private subnet; documented in docs/fidelity.md.
            internal_ip: Ipv4Addr::new(10, 0, 0, 11),
            cpus,
            memory_bytes,
            // No kube-reserved or system-reserved (the kubelet's defaults); allocatable memory
            // is capacity minus the hard eviction threshold (pkg/kubelet/cm/node_container_manager_linux.go
            // `GetNodeAllocatableAbsolute`).
            allocatable: Allocatable {
                cpu_milli: u64::from(cpus) * 1000,
                memory_bytes: memory_bytes - EVICTION_HARD_MEMORY,
                pods: DEFAULT_MAX_PODS,
            },
            labels,
            host_ns,
            processes: BTreeMap::new(),
            ns_last_pid: BTreeMap::new(),
            // Past the PIDs boot and system services took.
            next_pid: 1000 + rng.below(1000) as u32,
            // Past the inodes the host's boot allocated; new namespaces count up from here.
            next_inode: 4_026_532_200 + rng.below(400),
            pod_cidr_base: Ipv4Addr::new(10, 244, 1, 0),
            // host-local IPAM: .1 is the bridge gateway; a few addresses already went to
            // earlier pods.
            last_ip: 1 + rng.below(8) as u8,
        };
        let mut host: Vec<(u32, String)> = [
            (1, "/sbin/init"),
            (180, "/lib/systemd/systemd-journald"),
            (215, "/lib/systemd/systemd-udevd"),
            (420, "/usr/sbin/sshd -D"),
        ]
        .into_iter()
        .map(|(pid, cmd)| (pid, cmd.to_owned()))
        .collect();
        host.extend(
            runtime_daemons(runtime)
                .iter()
                .map(|&(pid, cmd)| (pid, cmd.to_owned())),
        );
        host.push((
            688,
            format!(
                "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \
                 --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml \
                 --container-runtime-endpoint={}",
                runtime.cri_endpoint()
            ),
        ));
        for (pid, cmdline) in host {
            let ppid = Pid(u32::from(pid != 1));
            node.insert_process(Process::host(Pid(pid), ppid, host_ns, cmdline));
        }
        node
    }

    /// The next PID; the kernel hands them out in increasing order, with gaps where other
    /// short-lived processes came and went.
    pub fn alloc_pid(&mut self, rng: &mut SeededRng) -> Pid {
        self.next_pid += 1 + rng.below(6) as u32;
        Pid(self.next_pid)
    }

    /// The PID a new process gets inside PID namespace `pid_ns`: the host PID in the host's
    /// namespace, else the next number in that namespace (1 for its first process), as the
    /// kernel's `alloc_pid` does for each level.
    pub fn alloc_ns_pid(&mut self, pid_ns: NsInode, host_pid: Pid) -> u32 {
        if pid_ns == self.host_ns.get(NsKind::Pid) {
            return host_pid.0;
        }
        let last = self.ns_last_pid.entry(pid_ns).or_insert(0);
        *last += 1;
        *last
    }

    pub fn process_mut(&mut self, pid: Pid) -> Option<&mut Process> {
        self.processes.get_mut(&pid)
    }

    /// A fresh namespace inode. The kernel's `proc_alloc_inum` can reuse a freed number; the
    /// model never does, so that a new namespace is always visibly new. Creating a network
    /// namespace also registers its /proc/net entries, which take inode numbers of their own.
    pub fn alloc_inode(&mut self, kind: NsKind, rng: &mut SeededRng) -> NsInode {
        let inode = NsInode(self.next_inode);
        self.next_inode += 1;
        if kind == NsKind::Net {
            self.next_inode += 60 + rng.below(10);
        }
        inode
    }

    /// The next pod IP from the node's pod CIDR. Models the CNI host-local IPAM plugin, which
    /// continues after the last address it reserved rather than reusing the lowest free one.
    pub fn alloc_pod_ip(&mut self) -> Ipv4Addr {
        self.last_ip = if self.last_ip >= 254 {
            2
        } else {
            self.last_ip + 1
        };
        let [a, b, c, _] = self.pod_cidr_base.octets();
        Ipv4Addr::new(a, b, c, self.last_ip)
    }

    pub fn insert_process(&mut self, p: Process) {
        self.processes.insert(p.pid, p);
    }

    pub fn remove_process(&mut self, pid: Pid) -> Option<Process> {
        self.processes.remove(&pid)
    }

    pub fn process(&self, pid: Pid) -> Option<&Process> {
        self.processes.get(&pid)
    }

    /// Every process, in PID order.
    pub fn processes(&self) -> impl Iterator<Item = &Process> {
        self.processes.values()
    }

    /// The user name the host's /etc/passwd gives a UID, if any (a minimal Debian base).
    pub fn user_name(&self, uid: Uid) -> Option<&'static str> {
        match uid.0 {
            0 => Some("root"),
            1 => Some("daemon"),
            2 => Some("bin"),
            3 => Some("sys"),
            33 => Some("www-data"),
            65534 => Some("nobody"),
            _ => None,
        }
    }
}
