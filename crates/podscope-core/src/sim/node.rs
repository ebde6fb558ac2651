//! The nodes: each node's facts and pod IPs (`NodeInfo`), their host namespaces, one process
//! table for all of them (with its indexes by PID namespace, parent and owner), and the
//! allocators for PIDs and namespace inodes.

use podscope_collections::{Map, Set};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use crate::model::cluster::{NodeSpec, Taint};

use crate::model::ids::{NsInode, Pid, PodId, Uid};
use crate::model::linux_ns::{NsKind, NsSet};
use crate::model::rng::SeededRng;
use crate::model::runtime::Runtime;
use crate::model::time::SimTime;
use crate::sim::process::Program;

/// Who a process belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Owner {
    Host,
    /// The pause process of a pod's sandbox.
    Sandbox(PodId),
    /// A process of one of a pod's containers.
    Container(PodId, crate::model::ids::ContainerName),
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
    /// Its group, supplementary groups and capabilities (`security.rs`).
    pub creds: crate::sim::security::Credentials,
    pub cmdline: String,
    pub owner: Owner,
    pub program: Program,
    pub state: ProcState,
    /// Resident memory, charged to its cgroup.
    pub mem_bytes: u64,
    pub started_at: SimTime,
    /// The node it runs on (an index into `Node::nodes`).
    pub node: usize,
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
    /// A host process of node `node` (in the node's namespaces, owned by the host, PID as on
    /// the host).
    pub fn host(node: usize, pid: Pid, ppid: Pid, ns: NsSet, cmdline: String) -> Self {
        Process {
            pid,
            ppid,
            ns_pid: pid.0,
            ns,
            uid: Uid(0),
            creds: crate::sim::security::Credentials::host(),
            cmdline,
            owner: Owner::Host,
            program: Program::Server { term_exit: 0 },
            state: ProcState::Alive,
            mem_bytes: 0,
            started_at: SimTime::ZERO,
            node,
        }
    }

    pub fn is_zombie(&self) -> bool {
        self.state == ProcState::Zombie
    }
}

/// One node of the cluster as the simulation runs it: its facts (from
/// [`crate::model::cluster::NodeSpec`]) and the state of its CNI plugin's host-local IPAM.
#[derive(Clone, Debug)]
pub struct NodeInfo {
    pub name: String,
    /// The node's `InternalIP` (`status.addresses`), as `kubectl get pods -o wide` and
    /// `describe` show it.
    pub internal_ip: IpAddr,
    /// Logical CPUs (`status.capacity.cpu`, rounded up; at most [`MAX_MODELLED_CPUS`]).
    pub cpus: u32,
    /// `status.capacity.memory`.
    pub memory_bytes: u64,
    /// `status.allocatable`: what the scheduler may hand out.
    pub allocatable: Allocatable,
    /// `metadata.labels`, for `nodeSelector`.
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    /// The pod CIDR pod IPs come from, e.g. `10.244.1.0/24`.
    pub pod_cidr: String,
    pod_net: u32,
    /// Host addresses in the pod CIDR (2 for a /30, 254 for a /24).
    pod_hosts: u32,
    /// The offset of the last address host-local IPAM handed out.
    last_ip: u32,
}

/// The most CPUs the model runs programs for (nginx starts one worker per CPU): a bound so
/// that a Node claiming a million CPUs cannot make the core spawn a million processes. Not a
/// Kubernetes rule.
pub const MAX_MODELLED_CPUS: u32 = 256;

/// Parses an IPv4 CIDR `a.b.c.d/p` into (network address, prefix length).
fn parse_cidr(cidr: &str) -> Option<(u32, u32)> {
    let (addr, prefix) = cidr.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let prefix: u32 = prefix.parse().ok()?;
    if prefix > 30 {
        return None;
    }
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    Some((u32::from(addr) & mask, prefix))
}

impl NodeInfo {
    /// The `index`th node of `spec`; what does not parse (an IPv6 or malformed pod CIDR) gets
    /// the documented default of that index (docs/cluster.md).
    fn from_spec(spec: &NodeSpec, index: usize, rng: &mut SeededRng) -> Self {
        let (pod_cidr, (pod_net, prefix)) = match parse_cidr(&spec.pod_cidr) {
            Some(c) => (spec.pod_cidr.clone(), c),
            None => {
                let d = crate::model::cluster::default_pod_cidr(index);
                let c = parse_cidr(&d).unwrap_or((u32::from(Ipv4Addr::new(10, 244, 1, 0)), 24));
                (d, c)
            }
        };
        let internal_ip = spec
            .internal_ip
            .parse()
            .or_else(|_| crate::model::cluster::default_internal_ip(index).parse())
            .unwrap_or(IpAddr::V4(Ipv4Addr::new(172, 18, 0, 2)));
        NodeInfo {
            name: spec.name.clone(),
            internal_ip,
            cpus: u32::try_from(spec.capacity.cpu_milli.div_ceil(1000))
                .unwrap_or(u32::MAX)
                .clamp(1, MAX_MODELLED_CPUS),
            memory_bytes: spec.capacity.memory_bytes,
            allocatable: Allocatable {
                cpu_milli: spec.allocatable.cpu_milli,
                memory_bytes: spec.allocatable.memory_bytes,
                pods: spec.allocatable.pods,
            },
            labels: spec.labels.clone(),
            taints: spec.taints.clone(),
            unschedulable: spec.unschedulable,
            pod_cidr,
            pod_net,
            // Without the network and broadcast addresses.
            pod_hosts: (1u32 << (32 - prefix)) - 2,
            // host-local IPAM: .1 is the bridge gateway; a few addresses already went to
            // earlier pods.
            last_ip: 1 + rng.below(8) as u32,
        }
    }

    /// The next pod IP from the node's pod CIDR. Models the CNI host-local IPAM plugin, which
    /// continues after the last address it reserved rather than reusing the lowest free one
    /// (plugins/ipam/host-local/backend/allocator `RangeIter`), skipping the gateway (.1).
    pub fn alloc_pod_ip(&mut self) -> Ipv4Addr {
        self.last_ip = if self.last_ip >= self.pod_hosts || self.last_ip < 2 {
            2.min(self.pod_hosts)
        } else {
            self.last_ip + 1
        };
        Ipv4Addr::from(self.pod_net.wrapping_add(self.last_ip))
    }
}

/// The cluster's nodes as the simulation runs them: each node's facts, the host namespaces
/// (the same fixed inodes on every node, as on real kernels), one process table for all
/// nodes (each process records its node; container PIDs are unique across the cluster, host
/// daemons have the same PIDs on every node) and the PID and inode allocators.
#[derive(Clone, Debug)]
pub struct Node {
    pub host_ns: NsSet,
    nodes: Vec<NodeInfo>,
    processes: Map<(Pid, usize), Process>,
    /// The table's keys by PID namespace, by parent PID and by owner: what exits, waits and
    /// cgroup accounting look up, without walking every process of every node.
    index: ProcIndex,
    next_pid: u32,
    /// The last PID handed out in each PID namespace other than the host's.
    ns_last_pid: Map<NsInode, u32>,
    next_inode: u64,
}

/// A key of the process table: host PID and node.
type ProcKey = (Pid, usize);

/// Indexes of the process table over the fields that never change after a process starts
/// (its PID namespace and owner) and its parent (changed only through [`Node::set_ppid`]).
/// Each set is in the table's order, so a lookup through it sees processes in PID order as
/// a walk of the table does.
#[derive(Clone, Debug, Default)]
struct ProcIndex {
    by_pid_ns: Map<NsInode, Set<ProcKey>>,
    by_ppid: Map<Pid, Set<ProcKey>>,
    by_owner: Map<Owner, Set<ProcKey>>,
}

/// Adds `key` to the set of `k` in an index.
fn index_add<K: Ord>(map: &mut Map<K, Set<ProcKey>>, k: K, key: ProcKey) {
    map.entry(k).or_default().insert(key);
}

/// Removes `key` from the set of `k` in an index, dropping the set once empty.
fn index_remove<K: Ord>(map: &mut Map<K, Set<ProcKey>>, k: &K, key: ProcKey) {
    if let Some(set) = map.get_mut(k) {
        set.remove(&key);
        if set.is_empty() {
            map.remove(k);
        }
    }
}

impl ProcIndex {
    fn add(&mut self, p: &Process) {
        let key = (p.pid, p.node);
        index_add(&mut self.by_pid_ns, p.ns.get(NsKind::Pid), key);
        index_add(&mut self.by_ppid, p.ppid, key);
        index_add(&mut self.by_owner, p.owner.clone(), key);
    }

    fn remove(&mut self, p: &Process) {
        let key = (p.pid, p.node);
        index_remove(&mut self.by_pid_ns, &p.ns.get(NsKind::Pid), key);
        index_remove(&mut self.by_ppid, &p.ppid, key);
        index_remove(&mut self.by_owner, &p.owner, key);
    }
}

/// A node's allocatable resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allocatable {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub pods: u32,
}

// The default node's numbers live in cluster.rs, their single source.
pub use crate::model::cluster::{DEFAULT_MAX_PODS, EVICTION_HARD_MEMORY};

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
        Self::for_cluster(rng, runtime, &[NodeSpec::default_node()])
    }

    /// The nodes of `specs` (the default node if empty), each with the host processes of a
    /// kubeadm node running `runtime`.
    pub fn for_cluster(rng: &mut SeededRng, runtime: Runtime, specs: &[NodeSpec]) -> Self {
        let default = [NodeSpec::default_node()];
        let specs = if specs.is_empty() {
            &default[..]
        } else {
            specs
        };
        let host_ns = NsSet::new(host_inode);
        // Past the PIDs boot and system services took.
        let next_pid = 1000 + rng.below(1000) as u32;
        // Past the inodes the host's boot allocated; new namespaces count up from here.
        let next_inode = 4_026_532_200 + rng.below(400);
        let nodes = specs
            .iter()
            .enumerate()
            .map(|(i, s)| NodeInfo::from_spec(s, i, rng))
            .collect();
        let mut node = Node {
            host_ns,
            nodes,
            processes: Map::new(),
            index: ProcIndex::default(),
            ns_last_pid: Map::new(),
            next_pid,
            next_inode,
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
        for i in 0..specs.len() {
            for (pid, cmdline) in &host {
                let ppid = Pid(u32::from(*pid != 1));
                node.insert_process(Process::host(i, Pid(*pid), ppid, host_ns, cmdline.clone()));
            }
        }
        node
    }

    /// Every node, in the manifest's order (never empty).
    pub fn nodes(&self) -> &[NodeInfo] {
        &self.nodes
    }

    /// Node `i`, if there is one.
    pub fn info(&self, i: usize) -> Option<&NodeInfo> {
        self.nodes.get(i)
    }

    /// Sets the labels of the node named `name` (`kubectl label nodes`); whether it exists.
    pub fn set_labels(&mut self, name: &str, labels: &BTreeMap<String, String>) -> bool {
        let mut found = false;
        for n in self.nodes.iter_mut().filter(|n| n.name == name) {
            n.labels = labels.clone();
            found = true;
        }
        found
    }

    /// The next pod IP of node `i` (see [`NodeInfo::alloc_pod_ip`]).
    pub fn alloc_pod_ip(&mut self, i: usize) -> Option<Ipv4Addr> {
        self.nodes.get_mut(i).map(NodeInfo::alloc_pod_ip)
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

    /// `n` PIDs of namespace `pid_ns` (not the host's) taken by threads that have since
    /// ended: the namespace's next process gets the number after them.
    pub fn skip_ns_pids(&mut self, pid_ns: NsInode, n: u32) {
        if pid_ns == self.host_ns.get(NsKind::Pid) {
            return;
        }
        if let Some(last) = self.ns_last_pid.get_mut(&pid_ns) {
            *last = last.saturating_add(n);
        }
    }

    /// The process `pid`, to change its state, program, command line or memory. Its parent,
    /// PID namespace and owner are indexed: change the parent with [`Node::set_ppid`] and
    /// never the other two.
    pub fn process_mut(&mut self, pid: Pid) -> Option<&mut Process> {
        let key = self.key_of(pid)?;
        self.processes.get_mut(&key)
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

    pub fn insert_process(&mut self, p: Process) {
        let key = (p.pid, p.node);
        if let Some(old) = self.processes.get(&key) {
            self.index.remove(old);
        }
        self.index.add(&p);
        self.processes.insert(key, p);
    }

    /// Re-parents process `pid` (to the reaper of its PID namespace).
    pub fn set_ppid(&mut self, pid: Pid, ppid: Pid) {
        let Some(key) = self.key_of(pid) else {
            return;
        };
        let Some(p) = self.processes.get_mut(&key) else {
            return;
        };
        let old = std::mem::replace(&mut p.ppid, ppid);
        index_remove(&mut self.index.by_ppid, &old, key);
        index_add(&mut self.index.by_ppid, ppid, key);
    }

    /// The table's key of `pid`: container processes have PIDs unique across the cluster;
    /// a host daemon's PID (1 for init) is taken as the first node's.
    fn key_of(&self, pid: Pid) -> Option<(Pid, usize)> {
        self.processes
            .range((pid, 0)..=(pid, usize::MAX))
            .next()
            .map(|(k, _)| *k)
    }

    /// Removes `pid` from the table. The last process of a PID namespace takes the
    /// namespace's PID counter with it: its init is gone, and once a namespace's init exits
    /// no process may join it (kernel/pid_namespace.c `zap_pid_ns_processes` calls
    /// `disable_pid_allocation`).
    pub fn remove_process(&mut self, pid: Pid) -> Option<Process> {
        let key = self.key_of(pid)?;
        let p = self.processes.remove(&key)?;
        self.index.remove(&p);
        let pid_ns = p.ns.get(NsKind::Pid);
        if !self.index.by_pid_ns.contains_key(&pid_ns) {
            self.ns_last_pid.remove(&pid_ns);
        }
        Some(p)
    }

    pub fn process(&self, pid: Pid) -> Option<&Process> {
        self.processes.get(&self.key_of(pid)?)
    }

    /// The process `pid` of node `node`.
    pub fn process_on(&self, node: usize, pid: Pid) -> Option<&Process> {
        self.processes.get(&(pid, node))
    }

    /// Every process of every node, in PID order.
    pub fn processes(&self) -> impl Iterator<Item = &Process> {
        self.processes.values()
    }

    /// The processes in PID namespace `pid_ns` (on every node), in PID order.
    pub fn processes_in_pid_ns(&self, pid_ns: NsInode) -> impl Iterator<Item = &Process> {
        self.indexed(self.index.by_pid_ns.get(&pid_ns))
    }

    /// The processes whose parent is `ppid` (on every node), in PID order.
    pub fn children_of(&self, ppid: Pid) -> impl Iterator<Item = &Process> {
        self.indexed(self.index.by_ppid.get(&ppid))
    }

    /// The processes of `owner` (zombies included), in PID order.
    pub fn processes_of(&self, owner: &Owner) -> impl Iterator<Item = &Process> {
        self.indexed(self.index.by_owner.get(owner))
    }

    /// The processes behind one index set.
    fn indexed<'a>(
        &'a self,
        keys: Option<&'a Set<ProcKey>>,
    ) -> impl Iterator<Item = &'a Process> + 'a {
        keys.into_iter()
            .flatten()
            .filter_map(|k| self.processes.get(k))
    }

    /// The processes of node `node`, in PID order (what `ps -ef` on it lists).
    pub fn processes_on(&self, node: usize) -> impl Iterator<Item = &Process> {
        self.processes.values().filter(move |p| p.node == node)
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

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn info(cidr: &str, cpu_milli: u64) -> NodeInfo {
        let mut spec = NodeSpec::default_node();
        spec.pod_cidr = cidr.to_owned();
        spec.capacity.cpu_milli = cpu_milli;
        NodeInfo::from_spec(&spec, 3, &mut SeededRng::new(7))
    }

    #[test]
    fn host_local_ipam_walks_the_nodes_cidr_and_wraps() {
        let mut n = info("10.10.0.0/30", 2000);
        // A /30 has two host addresses; .1 is the gateway, so only .2 is handed out.
        let ips: Vec<Ipv4Addr> = (0..3).map(|_| n.alloc_pod_ip()).collect();
        assert_eq!(ips, [Ipv4Addr::new(10, 10, 0, 2); 3]);
        let mut n = info("10.20.0.0/16", 2000);
        let first = n.alloc_pod_ip();
        assert_eq!(first.octets()[..3], [10, 20, 0]);
        assert_eq!(
            u32::from(n.alloc_pod_ip()),
            u32::from(first) + 1,
            "the next address after the last one"
        );
        // Not IPv4: the index's default CIDR.
        let n = info("fd00::/64", 2000);
        assert_eq!(n.pod_cidr, "10.244.4.0/24");
    }

    #[test]
    fn cpus_round_up_and_stay_bounded() {
        assert_eq!(info("10.0.0.0/24", 1500).cpus, 2);
        assert_eq!(info("10.0.0.0/24", 0).cpus, 1);
        assert_eq!(info("10.0.0.0/24", u64::MAX).cpus, MAX_MODELLED_CPUS);
    }

    #[test]
    fn indexes_follow_inserts_reparenting_and_removals() {
        let mut node = Node::default_node(&mut SeededRng::new(3));
        let pid_ns = NsInode(7);
        let host_ns = node.host_ns;
        let ns = NsSet::new(|k| {
            if k == NsKind::Pid {
                pid_ns
            } else {
                host_ns.get(k)
            }
        });
        let owner = Owner::Container(
            PodId::FIRST,
            crate::model::ids::ContainerName("c".to_owned()),
        );
        for (pid, ppid, ns_pid) in [(5000, 512, 1), (5001, 5000, 2), (5002, 5001, 3)] {
            let mut q = Process::host(0, Pid(pid), Pid(ppid), ns, format!("p{pid}"));
            q.ns_pid = ns_pid;
            q.owner = owner.clone();
            node.insert_process(q);
        }
        let pids = |it: &mut dyn Iterator<Item = &Process>| it.map(|q| q.pid.0).collect::<Vec<_>>();
        assert_eq!(
            pids(&mut node.processes_in_pid_ns(pid_ns)),
            [5000, 5001, 5002]
        );
        assert_eq!(pids(&mut node.processes_of(&owner)), [5000, 5001, 5002]);
        node.set_ppid(Pid(5002), Pid(5000));
        assert_eq!(pids(&mut node.children_of(Pid(5000))), [5001, 5002]);
        assert!(node.children_of(Pid(5001)).next().is_none());
        node.remove_process(Pid(5001));
        assert_eq!(pids(&mut node.processes_in_pid_ns(pid_ns)), [5000, 5002]);
        assert_eq!(pids(&mut node.children_of(Pid(5000))), [5002]);
        assert_eq!(pids(&mut node.processes_of(&owner)), [5000, 5002]);
        // The host's PID namespace still lists the host's own processes.
        let host = node.host_ns.get(NsKind::Pid);
        assert_eq!(
            node.processes_in_pid_ns(host).count(),
            node.processes()
                .filter(|q| q.ns.get(NsKind::Pid) == host)
                .count()
        );
    }

    #[test]
    fn every_node_has_its_own_host_processes() {
        let mut a = NodeSpec::default_node();
        a.name = "a".to_owned();
        let mut b = a.clone();
        b.name = "b".to_owned();
        let node = Node::for_cluster(&mut SeededRng::new(1), Runtime::Containerd, &[a, b]);
        assert_eq!(node.processes_on(0).count(), node.processes_on(1).count());
        assert_eq!(node.process_on(1, Pid(1)).map(|p| p.node), Some(1));
        assert_eq!(node.process(Pid(1)).map(|p| p.node), Some(0));
    }
}
