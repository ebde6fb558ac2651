//! What the node knows about one pod and one of its containers, as typed data: the pod's QoS
//! class and cgroup, its sandbox with `lsns -p` of the pause process, and per container its
//! namespaces (`lsns -p`), `oom_score_adj`, cgroup files, environment, mounts and processes.
//! `podscope inspect` (`inspect`) prints the same facts as text; the page's Inspector shows
//! them per section.

use crate::model::ids::{ContainerName, ObjectKey, Pid};
use crate::model::resources::{self, CgroupValues};
use crate::model::runtime::{self, NO_INFRA};
use crate::sim::fs::Mount;
use crate::sim::world::{ContainerState, Slot, World};
use crate::views::lsns::lsns_pid;

/// One cgroup v2 file the kubelet (through the runtime) writes, and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CgroupFile {
    pub name: &'static str,
    pub value: String,
}

/// The cgroup files of a pod or container cgroup, in `podscope inspect`'s order:
/// `cpu.weight`, `cpu.max`, `memory.max`, then `memory.min` and `memory.high` where the
/// MemoryQoS gate sets them.
pub fn cgroup_files(v: &CgroupValues) -> Vec<CgroupFile> {
    let mut files = vec![
        CgroupFile {
            name: "cpu.weight",
            value: v.cpu_weight.to_string(),
        },
        CgroupFile {
            name: "cpu.max",
            value: v.cpu_max.clone(),
        },
        CgroupFile {
            name: "memory.max",
            value: v.memory_max.clone(),
        },
    ];
    if let Some(min) = v.memory_min {
        files.push(CgroupFile {
            name: "memory.min",
            value: min.to_string(),
        });
    }
    if let Some(high) = &v.memory_high {
        files.push(CgroupFile {
            name: "memory.high",
            value: high.clone(),
        });
    }
    files
}

/// A pod as the node has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodFacts {
    pub key: ObjectKey,
    pub uid: String,
    /// The node's name; `None` while the pod is Pending without one.
    pub node: Option<String>,
    /// The pod IP, once the sandbox has one.
    pub ip: Option<String>,
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    pub qos: Option<&'static str>,
    /// The pod cgroup's directory and files.
    pub cgroup_path: Option<String>,
    pub cgroup: Vec<CgroupFile>,
    pub sandbox: Option<SandboxFacts>,
    /// Why the scheduler could not place it.
    pub unschedulable: Option<String>,
}

/// The pod's current sandbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxFacts {
    /// The 13-character ID `crictl pods` shows.
    pub id: String,
    pub attempt: u32,
    pub ready: bool,
    /// The pause image, or `NO_INFRA` when the runtime runs no infra container.
    pub image: &'static str,
    /// The runtime's name for the sandbox (`k8s_POD_…` on Docker).
    pub name: String,
    /// The pause process's host PID and `lsns -p PID` of it.
    pub pid: Option<Pid>,
    pub lsns: Option<String>,
}

/// One container as the node has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerFacts {
    pub name: ContainerName,
    pub image: String,
    /// The diagram's state word (`Running`, `CrashLoopBackOff`, `Error`, …).
    pub state: &'static str,
    pub restarts: u32,
    /// The current (or last) instance: its 13-character ID, the runtime's name for it, and
    /// `status.containerStatuses[].containerID`.
    pub id: Option<String>,
    pub runtime_name: Option<String>,
    pub container_id: Option<String>,
    /// While it runs: its main process's host PID and `lsns -p PID` of it.
    pub pid: Option<Pid>,
    pub lsns: Option<String>,
    /// What the kubelet passed as `OomScoreAdj`, while it runs.
    pub oom_score_adj: Option<i32>,
    /// The container cgroup's directory (once created) and files.
    pub cgroup_path: Option<String>,
    pub cgroup: Vec<CgroupFile>,
    /// Its process environment in the runtime's order, as `env` in it prints it.
    pub env: Vec<(String, String)>,
    /// Its `volumeMounts`, innermost first.
    pub mounts: Vec<Mount>,
    /// What a plain `ps` in it lists, while it runs (`World::ps_in_container`).
    pub ps: Option<String>,
}

/// The facts about pod `key`, if the world has it.
pub fn pod(world: &World, key: &ObjectKey) -> Option<PodFacts> {
    let pod = world.pod_by_key(key)?;
    let rt = world.runtime();
    let sandbox = pod.sandbox.as_ref().map(|s| SandboxFacts {
        id: s.id.crictl(),
        attempt: s.attempt,
        ready: s.ready,
        image: if s.pid.is_some() {
            rt.pause_image()
        } else {
            NO_INFRA
        },
        name: runtime::runtime_sandbox_name(rt, key, &pod.uid, s.attempt),
        pid: s.pid,
        lsns: s.pid.and_then(|pid| lsns_pid(world.node(), pid)),
    });
    Some(PodFacts {
        key: key.clone(),
        uid: pod.uid.to_string(),
        node: world.node_of(pod).map(|n| n.name.clone()),
        ip: pod.ip.map(|ip| ip.to_string()),
        qos: pod.resources.as_ref().map(|r| r.qos.as_str()),
        cgroup_path: pod
            .resources
            .as_ref()
            .filter(|_| pod.node.is_some())
            .map(|r| resources::pod_cgroup_path(r.qos, pod.uid.as_str())),
        cgroup: pod
            .resources
            .as_ref()
            .map(|r| cgroup_files(&r.cgroup))
            .unwrap_or_default(),
        sandbox,
        unschedulable: pod.unschedulable.clone(),
    })
}

/// The facts about container `name` (app, init or ephemeral) of pod `key`, if it has one.
pub fn container(world: &World, key: &ObjectKey, name: &ContainerName) -> Option<ContainerFacts> {
    let (id, pod) = world.pods_with_ids().find(|(_, p)| &p.spec.key == key)?;
    let slot = pod.slot_of(name)?;
    let c = pod.container(slot)?;
    let rt = world.runtime();
    let resources = pod.resources.as_ref().and_then(|r| match slot {
        Slot::App(i) => r.containers.get(i),
        Slot::Init(i) => r.init_containers.get(i),
        Slot::Ephemeral(i) => r.ephemeral_containers.get(i),
    });
    let inst = c.instance.as_ref();
    let running = inst.filter(|_| matches!(c.state, ContainerState::Running { .. }));
    let pid = running.and_then(|i| i.pids.first().copied());
    Some(ContainerFacts {
        name: name.clone(),
        image: c.spec.image.raw.clone(),
        state: c.state.label(),
        restarts: c.restart_count,
        id: inst.map(|i| i.id.crictl()),
        runtime_name: inst
            .map(|i| runtime::runtime_container_name(rt, key, &pod.uid, name, i.attempt)),
        container_id: inst.map(|i| rt.container_id_uri(&i.id)),
        pid,
        lsns: pid.and_then(|pid| lsns_pid(world.node(), pid)),
        oom_score_adj: running.map(|i| i.oom_score_adj),
        cgroup_path: inst.map(|i| i.cgroup_path.clone()),
        cgroup: resources
            .map(|r| cgroup_files(&r.cgroup))
            .unwrap_or_default(),
        env: inst.map(|i| i.env.clone()).unwrap_or_default(),
        mounts: inst.map(|i| i.mounts.clone()).unwrap_or_default(),
        ps: world.ps_in_container(id, slot),
    })
}
