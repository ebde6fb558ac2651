//! The same pod under containerd, CRI-O and Docker, side by side: given one world per runtime
//! (built from the same manifest, with the same recording played: `scenario::compare`), the
//! rows where what the node shows differs. Every cell is the text of an existing view (the
//! runtime's listing, `crictl pods`, `ps -ef`, the inspector's sandbox and container facts),
//! never retyped here.

use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::runtime::Runtime;
use crate::model::time::SimTime;
use crate::sim::world::World;
use crate::views::{crictl, docker, hostps, inspector};

/// What a row compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Aspect {
    /// The runtime's own listing of the node's containers: `crictl ps -a`, or `docker ps -a`
    /// where Docker shows the sandbox as a `k8s_POD_…` container.
    Listing,
    /// `crictl pods`: the sandboxes as the CRI reports them (cri-dockerd serves it too).
    Sandboxes,
    /// The pod's sandbox image: the pause image, or none (CRI-O's `drop_infra_ctr`).
    PauseImage,
    /// The runtime's name for the pod's sandbox.
    SandboxName,
    /// `ps -ef` on the pod's node: the runtime's daemons and the monitors around the pod.
    Processes,
    /// The runtime's name for one container (`nginx`, or Docker's `k8s_nginx_demo_…`).
    ContainerName(ContainerName),
    /// `status.containerStatuses[].containerID` of one container.
    ContainerId(ContainerName),
    /// The cgroup directory of one container.
    CgroupPath(ContainerName),
}

impl Aspect {
    /// The row's heading.
    pub fn label(&self) -> String {
        match self {
            Aspect::Listing => "the runtime's listing".to_owned(),
            Aspect::Sandboxes => "sandboxes".to_owned(),
            Aspect::PauseImage => "pause image".to_owned(),
            Aspect::SandboxName => "sandbox name".to_owned(),
            Aspect::Processes => "processes on the node".to_owned(),
            Aspect::ContainerName(c) => format!("{c}: runtime name"),
            Aspect::ContainerId(c) => format!("{c}: container ID"),
            Aspect::CgroupPath(c) => format!("{c}: cgroup path"),
        }
    }
}

/// What one runtime shows for one aspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub runtime: Runtime,
    /// The command typed on the node to see it, for the views that are commands.
    pub command: Option<&'static str>,
    /// The text, or `None` where the world has nothing to show (no sandbox yet).
    pub text: Option<String>,
}

/// One aspect across the runtimes, in the order the worlds were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub aspect: Aspect,
    pub cells: Vec<Cell>,
}

/// The comparison: the pod it is about (the first pod), the time the worlds were at, and the
/// rows that differ between runtimes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub at: SimTime,
    pub pod: Option<ObjectKey>,
    pub runtimes: Vec<Runtime>,
    pub rows: Vec<Row>,
}

/// The rows of `worlds` (one per runtime, at the same time) whose texts differ; a row the
/// runtimes show alike is left out.
pub fn compare(worlds: &[&World]) -> Comparison {
    let first = worlds.first().copied();
    let pod = first.and_then(|w| w.pods().next().map(|p| p.spec.key.clone()));
    let apps: Vec<ContainerName> = first
        .and_then(|w| w.pods().next())
        .map(|p| p.containers.iter().map(|c| c.spec.name.clone()).collect())
        .unwrap_or_default();
    let mut aspects = vec![
        Aspect::Listing,
        Aspect::Sandboxes,
        Aspect::PauseImage,
        Aspect::SandboxName,
        Aspect::Processes,
    ];
    for c in apps {
        aspects.push(Aspect::ContainerName(c.clone()));
        aspects.push(Aspect::ContainerId(c.clone()));
        aspects.push(Aspect::CgroupPath(c));
    }
    let rows = aspects
        .into_iter()
        .map(|aspect| Row {
            cells: worlds
                .iter()
                .map(|w| cell(w, pod.as_ref(), &aspect))
                .collect(),
            aspect,
        })
        .filter(|row| row.cells.windows(2).any(|w| w[0].text != w[1].text))
        .collect();
    Comparison {
        at: first.map(World::now).unwrap_or(SimTime::ZERO),
        pod,
        runtimes: worlds.iter().map(|w| w.runtime()).collect(),
        rows,
    }
}

/// What `world` shows for `aspect` of `pod`.
fn cell(world: &World, pod: Option<&ObjectKey>, aspect: &Aspect) -> Cell {
    let runtime = world.runtime();
    // The pod's node, or the first node for the node-wide views.
    let node = pod
        .and_then(|k| world.pod_by_key(k))
        .and_then(|p| p.node)
        .unwrap_or(0);
    let sandbox = || pod.and_then(|k| inspector::pod(world, k)?.sandbox);
    let container = |c: &ContainerName| pod.and_then(|k| inspector::container(world, k, c));
    let (command, text) = match aspect {
        Aspect::Listing if runtime == Runtime::Docker => {
            (Some("docker ps -a"), Some(docker::ps(world, node, true)))
        }
        Aspect::Listing => (Some("crictl ps -a"), Some(crictl::ps(world, node, true))),
        Aspect::Sandboxes => (Some("crictl pods"), Some(crictl::pods(world, node))),
        Aspect::PauseImage => (None, sandbox().map(|s| s.image.to_owned())),
        Aspect::SandboxName => (None, sandbox().map(|s| s.name)),
        Aspect::Processes => (Some("ps -ef"), Some(hostps::ps_ef(world, node))),
        Aspect::ContainerName(c) => (None, container(c).and_then(|f| f.runtime_name)),
        Aspect::ContainerId(c) => (None, container(c).and_then(|f| f.container_id)),
        Aspect::CgroupPath(c) => (None, container(c).and_then(|f| f.cgroup_path)),
    };
    Cell {
        runtime,
        command,
        text,
    }
}
