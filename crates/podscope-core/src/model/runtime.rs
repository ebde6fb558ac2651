//! Container runtime profiles: containerd 2.2 (the default), CRI-O 1.35 and Docker Engine
//! through cri-dockerd. What differs between them: the pause image, the container ID URI,
//! the cgroup scope name, the names the runtime shows, and the monitor processes.
//! Their namespace tables live in `linux_ns`.

use std::fmt;
use std::str::FromStr;

use crate::model::ids::{ContainerName, ObjectKey, PodUid, RuntimeId};
use crate::model::ns_options::NsOptions;
use crate::model::resources::CgroupRuntime;

/// The container runtime behind the kubelet's CRI socket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    /// containerd 2.2 with its CRI plugin and `containerd-shim-runc-v2`.
    #[default]
    Containerd,
    /// CRI-O 1.35 with its defaults: crun, conmon, `drop_infra_ctr = true`.
    CriO,
    /// Docker Engine (through containerd) behind Mirantis cri-dockerd.
    Docker,
}

/// The error `Runtime::from_str` gives for a name it does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRuntime(pub String);

impl fmt::Display for UnknownRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown runtime {:?}: supported values: containerd, cri-o, docker",
            self.0
        )
    }
}

impl std::error::Error for UnknownRuntime {}

impl FromStr for Runtime {
    type Err = UnknownRuntime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "containerd" => Ok(Runtime::Containerd),
            "cri-o" => Ok(Runtime::CriO),
            "docker" => Ok(Runtime::Docker),
            other => Err(UnknownRuntime(other.to_owned())),
        }
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the views say in place of the pause image when the runtime runs no infra container.
pub const NO_INFRA: &str = "no infra container (CRI-O drop_infra_ctr)";

/// The containerd socket both containerd's CRI and Docker Engine use.
const CONTAINERD_SOCK: &str = "/run/containerd/containerd.sock";

impl Runtime {
    pub const ALL: [Runtime; 3] = [Runtime::Containerd, Runtime::CriO, Runtime::Docker];

    /// The name `FromStr` reads: `containerd`, `cri-o`, `docker`.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Containerd => "containerd",
            Runtime::CriO => "cri-o",
            Runtime::Docker => "docker",
        }
    }

    /// The release podscope mimics, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Runtime::Containerd => "containerd 2.2",
            Runtime::CriO => "CRI-O 1.35 (crun, conmon, drop_infra_ctr)",
            Runtime::Docker => "Docker Engine through cri-dockerd",
        }
    }

    /// The sandbox (pause) image the runtime runs by default, whatever the kubelet's flag
    /// says: containerd v2.2.0 internal/cri/config/config.go `DefaultSandboxImage`; CRI-O
    /// v1.35.0 pkg/config/config_linux.go `DefaultPauseImage`; Mirantis/cri-dockerd
    /// core/sandbox_helpers.go `defaultSandboxImage`.
    pub fn pause_image(self) -> &'static str {
        match self {
            Runtime::Containerd | Runtime::CriO => "registry.k8s.io/pause:3.10.1",
            Runtime::Docker => "registry.k8s.io/pause:3.10",
        }
    }

    /// The scheme of the kubelet's `status.containerStatuses[].containerID`.
    pub fn container_id_prefix(self) -> &'static str {
        match self {
            Runtime::Containerd => "containerd://",
            Runtime::CriO => "cri-o://",
            Runtime::Docker => "docker://",
        }
    }

    /// `status.containerStatuses[].containerID`: the scheme and the full 64-hex ID.
    pub fn container_id_uri(self, id: &RuntimeId) -> String {
        format!("{}{}", self.container_id_prefix(), id.full())
    }

    /// How the runtime names a container's systemd scope.
    pub fn cgroup_runtime(self) -> CgroupRuntime {
        match self {
            Runtime::Containerd => CgroupRuntime::Containerd,
            Runtime::CriO => CgroupRuntime::CriO,
            Runtime::Docker => CgroupRuntime::Docker,
        }
    }

    /// Whether the pod gets an infra (pause) container with a process.
    ///
    /// Only CRI-O can go without: cri-o internal/lib/sandbox/sandbox_linux.go `NeedsInfra`
    /// (`!serverDropsInfra || nsOpts.GetPid() == NamespaceMode_POD`) with
    /// `DropInfraCtr: true` by default (pkg/config/config.go). The kubelet asks for
    /// `NamespaceMode_POD` when `shareProcessNamespace: true`.
    pub fn has_infra_container(self, opts: NsOptions) -> bool {
        match self {
            Runtime::Containerd | Runtime::Docker => true,
            Runtime::CriO => opts.share_process_namespace,
        }
    }

    /// The CRI endpoint the kubelet is started with.
    pub fn cri_endpoint(self) -> &'static str {
        match self {
            Runtime::Containerd => "unix:///run/containerd/containerd.sock",
            // cri-o pkg/config/config_unix.go `CrioSocketPath`.
            Runtime::CriO => "unix:///var/run/crio/crio.sock",
            // cri-dockerd packaging/systemd/cri-docker.socket listens on
            // `%t/cri-dockerd.sock`; kubeadm spells it under /var/run.
            Runtime::Docker => "unix:///var/run/cri-dockerd.sock",
        }
    }

    /// The process that watches the sandbox's infra container, if it has its own: containerd's
    /// shim for the whole pod, Docker's shim for the pause container, CRI-O's conmon for the
    /// infra container (only called when there is one).
    pub(crate) fn sandbox_monitor(self, m: &Monitored<'_>) -> String {
        match self {
            Runtime::Containerd => containerd_shim_cmdline("k8s.io", m.id),
            Runtime::Docker => containerd_shim_cmdline("moby", m.id),
            Runtime::CriO => conmon_cmdline(m),
        }
    }

    /// The process that watches one app container, if the runtime starts one per container.
    /// containerd's CRI groups a pod's containers in the sandbox's shim
    /// (cmd/containerd-shim-runc-v2/manager/manager_linux.go `groupLabels`:
    /// `io.kubernetes.cri.sandbox-id`), so it starts none.
    pub(crate) fn container_monitor(self, m: &Monitored<'_>) -> Option<String> {
        match self {
            Runtime::Containerd => None,
            Runtime::Docker => Some(containerd_shim_cmdline("moby", m.id)),
            Runtime::CriO => Some(conmon_cmdline(m)),
        }
    }
}

/// What a monitor process's command line names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Monitored<'a> {
    pub id: &'a RuntimeId,
    /// The runtime's own name for the container (`k8s_…`).
    pub kube_name: &'a str,
    /// The log file the kubelet asked for.
    pub log_path: &'a str,
}

/// A long-running `containerd-shim-runc-v2`: containerd
/// cmd/containerd-shim-runc-v2/manager/manager_linux.go `newCommand` (`-namespace`, `-id`,
/// `-address`). Docker Engine talks to containerd in its namespace `moby`
/// (moby daemon/config/config.go `DefaultContainersNamespace`) at the socket its unit file
/// passes (contrib/init/systemd/docker.service `--containerd=/run/containerd/containerd.sock`);
/// without the CRI's grouping label every Docker container gets its own shim.
fn containerd_shim_cmdline(namespace: &str, id: &RuntimeId) -> String {
    format!(
        "/usr/bin/containerd-shim-runc-v2 -namespace {namespace} -id {id} -address {CONTAINERD_SOCK}"
    )
}

/// conmon as CRI-O 1.35 starts it with its defaults: cri-o internal/oci/runtime_oci.go
/// `CreateContainer` (the argument list), pkg/config (`ContainerExitsDir`
/// `/var/run/crio/exits`, `ContainerAttachSocketDir` `/var/run/crio`, `DefaultRuntime`
/// `crun` with root `/run/crun`, log level `info`, `-s` for the systemd cgroup manager, no
/// `--log-size-max` for the default -1); the bundle and persist directories are containers/storage's
/// `<runroot|graphroot>/overlay-containers/<id>/userdata`. The binary's path depends on the
/// package (`conmon` is looked up in `PATH`).
fn conmon_cmdline(m: &Monitored<'_>) -> String {
    let id = m.id;
    let bundle = format!("/run/containers/storage/overlay-containers/{id}/userdata");
    format!(
        "/usr/bin/conmon -b {bundle} -c {id} --exit-dir /var/run/crio/exits -l {log} \
         --log-level info -n {name} -P {bundle}/conmon-pidfile -p {bundle}/pidfile \
         --persist-dir /var/lib/containers/storage/overlay-containers/{id}/userdata \
         -r /usr/bin/crun --runtime-arg --root=/run/crun --socket-dir-path /var/run/crio \
         --syslog -u {id} -s",
        log = m.log_path,
        name = m.kube_name,
    )
}

/// The `k8s_`-prefixed name Docker (cri-dockerd core/naming.go `makeContainerName`) and
/// CRI-O (internal/factory/container/container.go `SetNameAndID`) give a container:
/// `k8s_<container>_<pod>_<namespace>_<pod uid>_<attempt>`.
pub fn kube_container_name(
    pod: &ObjectKey,
    uid: &PodUid,
    container: &ContainerName,
    attempt: u32,
) -> String {
    format!(
        "k8s_{container}_{}_{}_{uid}_{attempt}",
        pod.name, pod.namespace
    )
}

/// The `k8s_POD_…` name of the infra container (cri-dockerd core/naming.go
/// `makeSandboxName`, CRI-O server/naming.go `makeSandboxContainerName`; `POD` is
/// cri-dockerd config/constants.go `PodInfraContainerName`, CRI-O `InfraContainerName`).
pub fn kube_sandbox_name(pod: &ObjectKey, uid: &PodUid, attempt: u32) -> String {
    format!("k8s_POD_{}_{}_{uid}_{attempt}", pod.name, pod.namespace)
}

/// The name the runtime's own tool shows for a container: `crictl ps` shows the CRI
/// metadata name (`nginx`) on containerd and CRI-O; `docker ps` shows Docker's
/// `k8s_nginx_demo_default_<uid>_0`.
pub fn runtime_container_name(
    runtime: Runtime,
    pod: &ObjectKey,
    uid: &PodUid,
    container: &ContainerName,
    attempt: u32,
) -> String {
    match runtime {
        Runtime::Containerd | Runtime::CriO => container.0.clone(),
        Runtime::Docker => kube_container_name(pod, uid, container, attempt),
    }
}

/// The name the runtime's own tool shows for the sandbox: `crictl pods` shows the pod name
/// on containerd and CRI-O; `docker ps` shows `k8s_POD_demo_default_<uid>_0`.
pub fn runtime_sandbox_name(
    runtime: Runtime,
    pod: &ObjectKey,
    uid: &PodUid,
    attempt: u32,
) -> String {
    match runtime {
        Runtime::Containerd | Runtime::CriO => pod.name.clone(),
        Runtime::Docker => kube_sandbox_name(pod, uid, attempt),
    }
}

/// The kubelet's log directory for a pod, `/var/log/pods/<namespace>_<name>_<uid>`
/// (the `LogDirectory` of `PodSandboxConfig`; from memory of pkg/kubelet/kuberuntime
/// `BuildPodLogsDirectory`, unverified in this pass).
pub(crate) fn pod_log_dir(pod: &ObjectKey, uid: &PodUid) -> String {
    format!("/var/log/pods/{}_{}_{uid}", pod.namespace, pod.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::SeededRng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn demo() -> (ObjectKey, PodUid) {
        let key = ObjectKey {
            namespace: "default".to_owned(),
            name: "demo".to_owned(),
        };
        (key, PodUid::generate(&mut SeededRng::new(1)))
    }

    #[test]
    fn names_parse_and_print_back() {
        for r in Runtime::ALL {
            assert_eq!(r.as_str().parse::<Runtime>(), Ok(r));
            assert_eq!(r.to_string(), r.as_str());
        }
        let err = "crio".parse::<Runtime>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown runtime \"crio\": supported values: containerd, cri-o, docker"
        );
        assert_eq!(Runtime::default(), Runtime::Containerd);
    }

    #[test]
    fn pause_images_and_id_schemes() {
        assert_eq!(
            Runtime::Containerd.pause_image(),
            "registry.k8s.io/pause:3.10.1"
        );
        assert_eq!(Runtime::CriO.pause_image(), "registry.k8s.io/pause:3.10.1");
        assert_eq!(Runtime::Docker.pause_image(), "registry.k8s.io/pause:3.10");
        let id = RuntimeId::generate(&mut SeededRng::new(2));
        assert_eq!(
            Runtime::CriO.container_id_uri(&id),
            format!("cri-o://{}", id.full())
        );
        assert!(
            Runtime::Docker
                .container_id_uri(&id)
                .starts_with("docker://")
        );
        assert!(
            Runtime::Containerd
                .container_id_uri(&id)
                .starts_with("containerd://")
        );
        assert_eq!(Runtime::CriO.cgroup_runtime(), CgroupRuntime::CriO);
    }

    #[test]
    fn docker_names_carry_the_attempt() {
        let (key, uid) = demo();
        let nginx = ContainerName("nginx".to_owned());
        assert_eq!(
            runtime_container_name(Runtime::Docker, &key, &uid, &nginx, 1),
            format!("k8s_nginx_demo_default_{uid}_1")
        );
        assert_eq!(
            runtime_sandbox_name(Runtime::Docker, &key, &uid, 0),
            format!("k8s_POD_demo_default_{uid}_0")
        );
        for r in [Runtime::Containerd, Runtime::CriO] {
            assert_eq!(runtime_container_name(r, &key, &uid, &nginx, 3), "nginx");
            assert_eq!(runtime_sandbox_name(r, &key, &uid, 0), "demo");
        }
    }

    #[test]
    fn only_cri_o_drops_the_infra_container() {
        let shared = NsOptions {
            share_process_namespace: true,
            ..NsOptions::default()
        };
        assert!(!Runtime::CriO.has_infra_container(NsOptions::default()));
        assert!(Runtime::CriO.has_infra_container(shared));
        assert!(Runtime::Docker.has_infra_container(NsOptions::default()));
        assert!(Runtime::Containerd.has_infra_container(NsOptions::default()));
    }

    #[test]
    fn monitors() {
        let id = RuntimeId::generate(&mut SeededRng::new(3));
        let m = Monitored {
            id: &id,
            kube_name: "k8s_nginx_demo_default_u_0",
            log_path: "/var/log/pods/default_demo_u/nginx/0.log",
        };
        assert_eq!(
            Runtime::Docker.container_monitor(&m),
            Some(format!(
                "/usr/bin/containerd-shim-runc-v2 -namespace moby -id {id} -address /run/containerd/containerd.sock"
            ))
        );
        assert_eq!(Runtime::Containerd.container_monitor(&m), None);
        let conmon = Runtime::CriO.container_monitor(&m).unwrap_or_default();
        assert!(
            conmon.starts_with(&format!(
                "/usr/bin/conmon -b /run/containers/storage/overlay-containers/{id}/userdata -c {id} --exit-dir /var/run/crio/exits -l /var/log/pods/default_demo_u/nginx/0.log --log-level info -n k8s_nginx_demo_default_u_0 "
            )),
            "{conmon}"
        );
        assert!(
            conmon.ends_with(&format!("--syslog -u {id} -s")),
            "{conmon}"
        );
        assert!(
            Runtime::Containerd
                .sandbox_monitor(&m)
                .contains("-namespace k8s.io")
        );
    }
}
