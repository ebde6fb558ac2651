//! The node: its host namespaces, its process table, and the allocators for PIDs, namespace
//! inodes and pod IPs.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::ids::{NsInode, Pid, PodKey, Uid};
use crate::namespace::{NsKind, NsSet};
use crate::rng::SeededRng;
use crate::runtime::Runtime;

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
    pub ns: NsSet,
    pub uid: Uid,
    pub cmdline: String,
    pub owner: Owner,
}

/// The node the pods run on. One node for now; its facts are documented in docs/fidelity.md.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub cpus: u32,
    pub memory_bytes: u64,
    /// `status.allocatable`: what the scheduler may hand out.
    pub allocatable: Allocatable,
    /// `metadata.labels`, for `nodeSelector`.
    pub labels: BTreeMap<String, String>,
    pub host_ns: NsSet,
    processes: BTreeMap<Pid, Process>,
    next_pid: u32,
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
            node.insert_process(Process {
                pid: Pid(pid),
                ns: host_ns,
                uid: Uid(0),
                cmdline,
                owner: Owner::Host,
            });
        }
        node
    }

    /// The next PID; the kernel hands them out in increasing order, with gaps where other
    /// short-lived processes came and went.
    pub fn alloc_pid(&mut self, rng: &mut SeededRng) -> Pid {
        self.next_pid += 1 + rng.below(6) as u32;
        Pid(self.next_pid)
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
