//! Linux namespaces: their kinds, a process's set of them, and which ones each runtime
//! (containerd, CRI-O, Docker through cri-dockerd) creates, shares or leaves on the host for the
//! sandbox and for each container.

use std::fmt;

use crate::model::ids::NsInode;
use crate::model::ns_options::NsOptions;
use crate::model::runtime::Runtime;

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
        // `UsernsOptions` mode POD: a new user namespace with the pod's ID mappings.
        NsKind::User if opts.user_namespace => NsSource::New,
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
        // Joins `/proc/<sandboxPid>/ns/user` in mode POD.
        NsKind::User if opts.user_namespace => NsSource::Sandbox,
        NsKind::User | NsKind::Time => NsSource::Host,
    }
}

/// The sandbox's namespaces under `runtime`: what the pod's infra container holds, or for
/// CRI-O without one, what `pinns` pinned for the pod. A kind the pod has no namespace of
/// (CRI-O's mnt and pid without an infra container) reads `Host`.
pub fn sandbox_ns(runtime: Runtime, kind: NsKind, opts: NsOptions) -> NsSource {
    match runtime {
        Runtime::Containerd => containerd_sandbox_ns(kind, opts),
        Runtime::CriO => crio_sandbox_ns(kind, opts),
        Runtime::Docker => docker_sandbox_ns(kind, opts),
    }
}

/// An app container's namespaces under `runtime`.
pub fn container_ns(runtime: Runtime, kind: NsKind, opts: NsOptions, privileged: bool) -> NsSource {
    match runtime {
        Runtime::Containerd => containerd_container_ns(kind, opts, privileged),
        Runtime::CriO => crio_container_ns(kind, opts, privileged),
        Runtime::Docker => docker_container_ns(kind, opts, privileged),
    }
}

/// Whether the runtime creates the sandbox's namespace of this kind before any container, held
/// by a bind mount rather than by a process: CRI-O's `pinns` pins uts, ipc and net
/// (cri-o server/sandbox_run_linux.go `configureGeneratorForSandboxNamespaces`,
/// internal/config/nsmgr/nsmgr_linux.go `NewPodNamespaces`). They are created first, in one
/// `unshare`, so their inodes come before the infra container's.
pub fn pinned_by_runtime(runtime: Runtime, kind: NsKind, opts: NsOptions) -> bool {
    runtime == Runtime::CriO
        && matches!(kind, NsKind::Uts | NsKind::Ipc | NsKind::Net | NsKind::User)
        && crio_sandbox_ns(kind, opts) == NsSource::New
}

/// The pod's namespaces under CRI-O 1.35.
///
/// Models cri-o server/sandbox_run_linux.go `configureGeneratorForSandboxNamespaces`: `pinns`
/// pins ipc (`--ipc=host` with hostIPC), net (`--net=host` with hostNetwork) and uts, which
/// stays a new namespace even with hostNetwork ("there is no option for host UTSNS"; pinns
/// binds the host's namespace for `=host`, pinns/src/pinns.c). The infra container
/// (internal/lib/sandbox/infra.go `InitInfraContainer`, runtime-tools' default spec: new pid,
/// net, ipc, uts and mount namespaces, the first three replaced by the pinned paths) runs only
/// when `NeedsInfra` (internal/lib/sandbox/sandbox_linux.go), i.e. with
/// `shareProcessNamespace`; it adds no cgroup namespace. Without it the pod has no mnt or pid
/// namespace of its own.
pub fn crio_sandbox_ns(kind: NsKind, opts: NsOptions) -> NsSource {
    let infra = opts.share_process_namespace;
    match kind {
        NsKind::Net if opts.host_network => NsSource::Host,
        NsKind::Ipc if opts.host_ipc => NsSource::Host,
        NsKind::Net | NsKind::Ipc | NsKind::Uts => NsSource::New,
        NsKind::Pid if opts.host_pid => NsSource::Host,
        NsKind::Mnt | NsKind::Pid if infra => NsSource::New,
        NsKind::Mnt | NsKind::Pid => NsSource::Host,
        // `pinns --user` pins the pod's user namespace for `hostUsers: false`.
        NsKind::User if opts.user_namespace => NsSource::New,
        NsKind::Cgroup | NsKind::User | NsKind::Time => NsSource::Host,
    }
}

/// An app container's namespaces under CRI-O 1.35.
///
/// Models cri-o internal/factory/container/namespaces_linux.go `SpecAddNamespaces` (net, ipc
/// and uts join the pinned paths, `ConfigureGeneratorGivenNamespacePaths`; net is removed for
/// hostNetwork; pid: `NODE` the host's, `POD` the infra container's `/proc/<pid>/ns/pid`
/// (internal/lib/sandbox/namespaces.go `PidNsPath`), otherwise runtime-tools' default new one;
/// mount always new) and server/container_create.go `setupCgroupNamespace` (a new cgroup
/// namespace on cgroup v2 unless privileged).
pub fn crio_container_ns(kind: NsKind, opts: NsOptions, privileged: bool) -> NsSource {
    match kind {
        NsKind::Net if opts.host_network => NsSource::Host,
        NsKind::Net | NsKind::Ipc | NsKind::Uts => NsSource::Sandbox,
        NsKind::Pid if opts.host_pid => NsSource::Host,
        NsKind::Pid if opts.share_process_namespace => NsSource::Sandbox,
        NsKind::Pid | NsKind::Mnt => NsSource::New,
        NsKind::Cgroup if privileged => NsSource::Host,
        NsKind::Cgroup => NsSource::New,
        NsKind::User if opts.user_namespace => NsSource::Sandbox,
        NsKind::User | NsKind::Time => NsSource::Host,
    }
}

/// The pause container's namespaces under Docker Engine through cri-dockerd.
///
/// Models Mirantis/cri-dockerd core/sandbox_helpers.go `makeSandboxDockerConfig` (`IpcMode:
/// "shareable"`, `Hostname`) and core/security_context.go `modifySandboxNamespaceOptions`,
/// `modifyHostOptionsForSandbox` (PidMode, IpcMode, NetworkMode `host` for the host modes;
/// `none` with CNI); moby daemon/oci_linux.go `WithNamespaces`: uts is not touched, so pause
/// keeps a uts namespace of its own even with hostNetwork, and the daemon's default cgroup
/// namespace mode on cgroup v2 is `private` (daemon/config/config_linux.go
/// `DefaultCgroupNamespaceMode`). Docker Engine before 29.5 leaves the time namespace on the
/// host (29.5 adds a private one, daemon/pkg/oci/defaults.go).
pub fn docker_sandbox_ns(kind: NsKind, opts: NsOptions) -> NsSource {
    match kind {
        NsKind::Net if opts.host_network => NsSource::Host,
        NsKind::Ipc if opts.host_ipc => NsSource::Host,
        NsKind::Pid if opts.host_pid => NsSource::Host,
        NsKind::Mnt | NsKind::Uts | NsKind::Ipc | NsKind::Pid | NsKind::Net | NsKind::Cgroup => {
            NsSource::New
        }
        NsKind::User | NsKind::Time => NsSource::Host,
    }
}

/// An app container's namespaces under Docker Engine through cri-dockerd.
///
/// Models cri-dockerd core/security_context.go `modifyContainerNamespaceOptions` and
/// `modifyHostOptionsForContainer`: NetworkMode and IpcMode `container:<sandbox id>`,
/// **UTSMode `""`** (a uts namespace of its own; `host` with hostNetwork), PidMode
/// `container:<sandbox id>` for `POD`, `host` for `NODE`, otherwise private. moby
/// daemon/daemon_unix.go `adaptContainerSettings` gives a private cgroup namespace on cgroup
/// v2 even to privileged containers. The hostname still reads the pod's: moby
/// daemon/container_operations.go `initializeNetworking` copies the hostname of the
/// container whose network it joins.
pub fn docker_container_ns(kind: NsKind, opts: NsOptions, _privileged: bool) -> NsSource {
    match kind {
        NsKind::Net | NsKind::Ipc => NsSource::Sandbox,
        NsKind::Uts if opts.host_network => NsSource::Host,
        NsKind::Pid if opts.host_pid => NsSource::Host,
        NsKind::Pid if opts.share_process_namespace => NsSource::Sandbox,
        NsKind::Uts | NsKind::Pid | NsKind::Mnt | NsKind::Cgroup => NsSource::New,
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

    fn kinds_where(f: impl Fn(NsKind) -> NsSource, want: NsSource) -> Vec<NsKind> {
        NsKind::ALL.into_iter().filter(|&k| f(k) == want).collect()
    }

    #[test]
    fn docker_containers_keep_their_own_uts() {
        let opts = NsOptions::default();
        let c = |k| container_ns(Runtime::Docker, k, opts, false);
        assert_eq!(
            kinds_where(c, NsSource::Sandbox),
            [NsKind::Ipc, NsKind::Net]
        );
        assert_eq!(
            kinds_where(c, NsSource::New),
            [NsKind::Mnt, NsKind::Uts, NsKind::Pid, NsKind::Cgroup]
        );
        // Privileged containers still get a private cgroup namespace on cgroup v2.
        assert_eq!(
            container_ns(Runtime::Docker, NsKind::Cgroup, opts, true),
            NsSource::New
        );
        let s = |k| sandbox_ns(Runtime::Docker, k, opts);
        assert_eq!(
            kinds_where(s, NsSource::New),
            [
                NsKind::Mnt,
                NsKind::Uts,
                NsKind::Ipc,
                NsKind::Pid,
                NsKind::Net,
                NsKind::Cgroup
            ]
        );
        let host_net = NsOptions {
            host_network: true,
            ..opts
        };
        assert_eq!(
            container_ns(Runtime::Docker, NsKind::Uts, host_net, false),
            NsSource::Host
        );
        assert_eq!(
            sandbox_ns(Runtime::Docker, NsKind::Uts, host_net),
            NsSource::New
        );
    }

    #[test]
    fn crio_pins_net_ipc_uts_and_has_no_pid_ns_without_infra() {
        let opts = NsOptions::default();
        let s = |k| sandbox_ns(Runtime::CriO, k, opts);
        assert_eq!(
            kinds_where(s, NsSource::New),
            [NsKind::Uts, NsKind::Ipc, NsKind::Net]
        );
        let pinned: Vec<_> = NsKind::ALL
            .into_iter()
            .filter(|&k| pinned_by_runtime(Runtime::CriO, k, opts))
            .collect();
        assert_eq!(pinned, [NsKind::Uts, NsKind::Ipc, NsKind::Net]);
        let c = |k| container_ns(Runtime::CriO, k, opts, false);
        assert_eq!(
            kinds_where(c, NsSource::Sandbox),
            [NsKind::Uts, NsKind::Ipc, NsKind::Net]
        );
        let shared = NsOptions {
            share_process_namespace: true,
            ..opts
        };
        assert_eq!(
            sandbox_ns(Runtime::CriO, NsKind::Pid, shared),
            NsSource::New
        );
        assert_eq!(
            container_ns(Runtime::CriO, NsKind::Pid, shared, false),
            NsSource::Sandbox
        );
        // hostNetwork: net is the host's, uts is still pinned anew.
        let host_net = NsOptions {
            host_network: true,
            ..opts
        };
        assert_eq!(
            sandbox_ns(Runtime::CriO, NsKind::Net, host_net),
            NsSource::Host
        );
        assert_eq!(
            sandbox_ns(Runtime::CriO, NsKind::Uts, host_net),
            NsSource::New
        );
        assert!(!pinned_by_runtime(Runtime::CriO, NsKind::Net, host_net));
        assert!(!pinned_by_runtime(Runtime::Containerd, NsKind::Net, opts));
    }

    #[test]
    fn containerd_table_is_the_default() {
        let opts = NsOptions::default();
        for k in NsKind::ALL {
            assert_eq!(
                sandbox_ns(Runtime::Containerd, k, opts),
                containerd_sandbox_ns(k, opts)
            );
            assert_eq!(
                container_ns(Runtime::Containerd, k, opts, false),
                containerd_container_ns(k, opts, false)
            );
        }
    }
}
