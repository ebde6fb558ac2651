//! Linux namespaces: their kinds, a process's set of them, and which ones the runtime creates,
//! shares or leaves on the host for the sandbox and for each container.

use std::fmt;

use crate::ids::NsInode;

/// A Linux namespace type, in the order `lsns` knows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NsKind {
    Mnt,
    Uts,
    Ipc,
    Pid,
    Net,
    Cgroup,
    User,
    Time,
}

impl NsKind {
    pub const ALL: [NsKind; 8] = [
        NsKind::Mnt,
        NsKind::Uts,
        NsKind::Ipc,
        NsKind::Pid,
        NsKind::Net,
        NsKind::Cgroup,
        NsKind::User,
        NsKind::Time,
    ];

    /// The name `lsns` prints in its `TYPE` column and `/proc/PID/ns/` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            NsKind::Mnt => "mnt",
            NsKind::Uts => "uts",
            NsKind::Ipc => "ipc",
            NsKind::Pid => "pid",
            NsKind::Net => "net",
            NsKind::Cgroup => "cgroup",
            NsKind::User => "user",
            NsKind::Time => "time",
        }
    }

    /// What the namespace isolates, in a few words for people learning it.
    pub fn isolates(self) -> &'static str {
        match self {
            NsKind::Mnt => "mount points",
            NsKind::Uts => "hostname",
            NsKind::Ipc => "System V IPC, POSIX queues",
            NsKind::Pid => "process IDs",
            NsKind::Net => "interfaces, IPs, ports",
            NsKind::Cgroup => "cgroup root view",
            NsKind::User => "user and group IDs",
            NsKind::Time => "boot and monotonic clocks",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for NsKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The namespaces one process is in: one inode per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NsSet([NsInode; 8]);

impl NsSet {
    pub fn new(f: impl Fn(NsKind) -> NsInode) -> Self {
        NsSet(NsKind::ALL.map(f))
    }

    pub fn get(&self, kind: NsKind) -> NsInode {
        self.0[kind.index()]
    }

    pub fn iter(&self) -> impl Iterator<Item = (NsKind, NsInode)> + '_ {
        NsKind::ALL.iter().map(|&k| (k, self.get(k)))
    }
}

/// Where a sandbox's or container's namespace of one kind comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsSource {
    /// The node's own namespace (host network, host PID, the cgroup ns pause stays in…).
    Host,
    /// A namespace created for this sandbox or container alone.
    New,
    /// The pod sandbox's namespace, joined through `/proc/<sandbox pid>/ns/<kind>`.
    Sandbox,
}

/// The pod-level switches that decide namespace sharing (`spec.hostNetwork` and friends).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NsOptions {
    pub host_network: bool,
    pub host_pid: bool,
    pub host_ipc: bool,
    pub share_process_namespace: bool,
}

/// The pause (sandbox) container's namespaces under containerd.
///
/// Models containerd internal/cri/server/podsandbox/sandbox_run_linux.go
/// (`sandboxContainerSpec`): net and uts are dropped to the host with hostNetwork, ipc with
/// hostIPC, pid with hostPID; no cgroup namespace is added, so pause stays in the host's.
pub fn containerd_sandbox_ns(kind: NsKind, opts: NsOptions) -> NsSource {
    match kind {
        NsKind::Net | NsKind::Uts if opts.host_network => NsSource::Host,
        NsKind::Ipc if opts.host_ipc => NsSource::Host,
        NsKind::Pid if opts.host_pid => NsSource::Host,
        NsKind::Mnt | NsKind::Uts | NsKind::Ipc | NsKind::Pid | NsKind::Net => NsSource::New,
        NsKind::Cgroup | NsKind::User | NsKind::Time => NsSource::Host,
    }
}

/// An app container's namespaces under containerd.
///
/// Models containerd internal/cri/opts/spec_opts.go (`WithPodNamespaces`: net, ipc and uts
/// join `/proc/<sandboxPid>/ns/…`; pid joins too for `NamespaceMode_POD`, the host's for
/// `NODE`) and internal/cri/server/container_create.go (a new cgroup namespace when cgroup v2
/// and not privileged).
pub fn containerd_container_ns(kind: NsKind, opts: NsOptions, privileged: bool) -> NsSource {
    match kind {
        NsKind::Net | NsKind::Uts | NsKind::Ipc => NsSource::Sandbox,
        NsKind::Pid if opts.host_pid || opts.share_process_namespace => NsSource::Sandbox,
        NsKind::Pid | NsKind::Mnt => NsSource::New,
        NsKind::Cgroup if privileged => NsSource::Host,
        NsKind::Cgroup => NsSource::New,
        NsKind::User | NsKind::Time => NsSource::Host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn default_pod_shares_net_ipc_uts_only() {
        let opts = NsOptions::default();
        let shared: Vec<_> = NsKind::ALL
            .into_iter()
            .filter(|&k| containerd_container_ns(k, opts, false) == NsSource::Sandbox)
            .collect();
        assert_eq!(shared, [NsKind::Uts, NsKind::Ipc, NsKind::Net]);
        let own: Vec<_> = NsKind::ALL
            .into_iter()
            .filter(|&k| containerd_container_ns(k, opts, false) == NsSource::New)
            .collect();
        assert_eq!(own, [NsKind::Mnt, NsKind::Pid, NsKind::Cgroup]);
    }

    #[test]
    fn share_process_namespace_joins_the_sandbox_pid_ns() {
        let opts = NsOptions {
            share_process_namespace: true,
            ..NsOptions::default()
        };
        assert_eq!(
            containerd_container_ns(NsKind::Pid, opts, false),
            NsSource::Sandbox
        );
    }

    #[test]
    fn host_network_puts_net_and_uts_on_the_host() {
        let opts = NsOptions {
            host_network: true,
            ..NsOptions::default()
        };
        assert_eq!(containerd_sandbox_ns(NsKind::Net, opts), NsSource::Host);
        assert_eq!(containerd_sandbox_ns(NsKind::Uts, opts), NsSource::Host);
        assert_eq!(containerd_sandbox_ns(NsKind::Ipc, opts), NsSource::New);
    }
}
