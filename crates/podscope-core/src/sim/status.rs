//! The pod's API status as the kubelet would report it, derived from the world: phase,
//! conditions, and the STATUS / READY / RESTARTS values `kubectl get pods` prints.

use crate::model::humanize;
use crate::model::spec::RestartPolicy;
use crate::model::time::SimTime;
use crate::sim::world::{Container, ContainerState, Pod, Terminated, WaitingReason};

/// `status.phase`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
        }
    }
}

/// The pod condition types, in the order the kubelet writes them
/// (pkg/kubelet/kubelet_pods.go `generateAPIPodStatus`), then the scheduler's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionType {
    PodReadyToStartContainers,
    Initialized,
    Ready,
    ContainersReady,
    PodScheduled,
}

impl ConditionType {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionType::PodReadyToStartContainers => "PodReadyToStartContainers",
            ConditionType::Initialized => "Initialized",
            ConditionType::Ready => "Ready",
            ConditionType::ContainersReady => "ContainersReady",
            ConditionType::PodScheduled => "PodScheduled",
        }
    }
}

/// One entry of `status.conditions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    pub kind: ConditionType,
    pub status: bool,
}

/// What `kubectl get pods` shows for a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRow {
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
}

/// Whether the kubelet has reported container statuses (it has once the pod is bound).
fn has_statuses(pod: &Pod) -> bool {
    pod.unschedulable.is_none() && pod.scheduled_at.is_some()
}

fn is_running(c: &Container) -> bool {
    matches!(c.state, ContainerState::Running { .. })
}

/// A native sidecar counts as started once it runs (no startup probes in the model).
fn sidecar_started(c: &Container) -> bool {
    c.spec.sidecar && is_running(c)
}

/// `status.phase`. Models pkg/kubelet/kubelet_pods.go `getPhase` (pods that are not being
/// deleted).
pub fn phase(pod: &Pod) -> Phase {
    if !has_statuses(pod) {
        return Phase::Pending;
    }
    let policy = pod.spec.restart_policy;
    let (mut pending_init, mut pending_sidecars, mut failed_init) = (0, 0, 0);
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for c in &pod.init_containers {
        match (&c.state, c.spec.sidecar) {
            (ContainerState::Running { .. }, false) => pending_init += 1,
            (ContainerState::Running { .. }, true) => running += 1,
            (ContainerState::Terminated(t), false) if t.exit_code != 0 => failed_init += 1,
            (ContainerState::Terminated(_), _) => {}
            (ContainerState::Waiting { .. }, false) => match &c.last_state {
                Some(t) if t.exit_code != 0 => failed_init += 1,
                Some(_) => {}
                None => pending_init += 1,
            },
            (ContainerState::Waiting { .. }, true) => {
                if c.last_state.is_none() {
                    pending_sidecars += 1;
                    waiting += 1;
                }
            }
        }
    }
    for c in &pod.containers {
        match &c.state {
            ContainerState::Running { .. } => running += 1,
            ContainerState::Terminated(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            ContainerState::Waiting { .. } if c.last_state.is_some() => stopped += 1,
            ContainerState::Waiting { .. } => waiting += 1,
        }
    }
    if failed_init > 0 && policy == RestartPolicy::Never {
        return Phase::Failed;
    }
    if pending_init > 0 || pending_sidecars > 0 || waiting > 0 {
        return Phase::Pending;
    }
    if running > 0 {
        return Phase::Running;
    }
    if stopped > 0 {
        return match policy {
            RestartPolicy::Always => Phase::Running,
            _ if stopped == succeeded => Phase::Succeeded,
            RestartPolicy::Never => Phase::Failed,
            RestartPolicy::OnFailure => Phase::Running,
        };
    }
    Phase::Pending
}

/// Whether every init container has finished (regular ones exited 0, sidecars started):
/// pkg/kubelet/status/generate.go `GeneratePodInitializedCondition`.
pub fn initialized(pod: &Pod) -> bool {
    pod.init_containers.iter().all(|c| {
        if c.spec.sidecar {
            sidecar_started(c) || c.last_state.is_some()
        } else {
            matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0)
        }
    })
}

/// `status.containerStatuses[].ready` (and `initContainerStatuses[].ready`): the world's
/// flag, or, for a running container without a readiness probe, true
/// (pkg/kubelet/prober/prober_manager.go `UpdatePodStatus`: no probe means ready once
/// started). A regular init container is ready once it exited 0 and not while it runs
/// (`UpdatePodStatus`: `Terminated` with exit code 0 → ready; only restartable init
/// containers, the sidecars, take the readiness of a running container).
pub fn container_ready(pod: &Pod, c: &Container) -> bool {
    let regular_init = !c.spec.sidecar
        && pod
            .init_containers
            .iter()
            .any(|i| i.spec.name == c.spec.name);
    if regular_init {
        return matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0);
    }
    // The kubelet never sets an ephemeral container's Ready: the prober manager's
    // `UpdatePodStatus` (pkg/kubelet/prober/prober_manager.go) marks only the pod's
    // containers and init containers; the docs' debug page shows `Ready: False`.
    let ephemeral = pod
        .ephemeral_containers
        .iter()
        .any(|e| e.spec.name == c.spec.name);
    if ephemeral || !is_running(c) {
        return false;
    }
    let probe = pod.spec.api.spec.as_ref().is_some_and(|s| {
        s.containers
            .iter()
            .chain(s.init_containers.iter().flatten())
            .any(|a| {
                a.name == c.spec.name.0
                    && (a.readiness_probe.is_some() || a.startup_probe.is_some())
            })
    });
    c.ready || !probe
}

/// `ContainersReady`: every app container and every sidecar ready
/// (generate.go `GenerateContainersReadyCondition`).
pub fn containers_ready(pod: &Pod) -> bool {
    pod.containers.iter().all(|c| container_ready(pod, c))
        && pod
            .init_containers
            .iter()
            .filter(|c| c.spec.sidecar)
            .all(|c| container_ready(pod, c))
}

/// The `Ready` condition's status, without building the condition list: scheduled with
/// statuses reported, initialized, and every container ready (generate.go
/// `GeneratePodReadyCondition`).
pub fn ready(pod: &Pod) -> bool {
    has_statuses(pod) && containers_ready(pod) && initialized(pod)
}

/// `status.conditions` in the order the API returns them.
pub fn conditions(pod: &Pod) -> Vec<Condition> {
    let scheduled = Condition {
        kind: ConditionType::PodScheduled,
        status: pod.scheduled_at.is_some(),
    };
    if !has_statuses(pod) {
        return vec![scheduled];
    }
    // generate.go `GeneratePodReadyToStartContainersCondition`: a ready sandbox with its
    // networking configured.
    let sandbox_ready = pod
        .sandbox
        .as_ref()
        .is_some_and(|s| s.ready && (pod.ip.is_some() || pod.spec.ns.host_network));
    let ready = containers_ready(pod) && initialized(pod);
    vec![
        Condition {
            kind: ConditionType::PodReadyToStartContainers,
            status: sandbox_ready,
        },
        Condition {
            kind: ConditionType::Initialized,
            status: initialized(pod),
        },
        Condition {
            kind: ConditionType::Ready,
            status: ready,
        },
        Condition {
            kind: ConditionType::ContainersReady,
            status: ready,
        },
        scheduled,
    ]
}

fn newer(a: Option<SimTime>, t: &Option<Terminated>) -> Option<SimTime> {
    match (a, t) {
        (a, None) => a,
        (None, Some(t)) => Some(t.finished_at),
        (Some(a), Some(t)) => Some(a.max(t.finished_at)),
    }
}

/// The `kubectl get pods` row: models kubernetes/kubernetes
/// pkg/printers/internalversion/printers.go `printPod`.
pub fn pod_row(pod: &Pod, now: SimTime) -> PodRow {
    let mut total = pod.containers.len()
        + pod
            .init_containers
            .iter()
            .filter(|c| c.spec.sidecar)
            .count();
    if !has_statuses(pod) {
        total = total.max(pod.containers.len());
        return PodRow {
            ready: format!("0/{total}"),
            status: Phase::Pending.as_str().to_owned(),
            restarts: "0".to_owned(),
            age: humanize::k8s_age(now, pod.created_at),
        };
    }
    let mut reason = phase(pod).as_str().to_owned();
    let mut restarts: u32 = 0;
    let mut sidecar_restarts: u32 = 0;
    let mut last_restart: Option<SimTime> = None;
    let mut last_sidecar_restart: Option<SimTime> = None;
    let mut ready = 0;
    let mut initializing = false;
    let n_init = pod.init_containers.len();
    for (i, c) in pod.init_containers.iter().enumerate() {
        restarts += c.restart_count;
        last_restart = newer(last_restart, &c.last_state);
        if c.spec.sidecar {
            sidecar_restarts += c.restart_count;
            last_sidecar_restart = newer(last_sidecar_restart, &c.last_state);
        }
        match &c.state {
            ContainerState::Terminated(t) if t.exit_code == 0 => continue,
            _ if sidecar_started(c) => {
                if container_ready(pod, c) {
                    ready += 1;
                }
                continue;
            }
            ContainerState::Terminated(t) => {
                reason = format!("Init:{}", t.reason.as_str());
            }
            ContainerState::Waiting { reason: w, .. } if *w != WaitingReason::PodInitializing => {
                reason = format!("Init:{}", w.as_str());
            }
            _ => reason = format!("Init:{i}/{n_init}"),
        }
        initializing = true;
        break;
    }
    if !initializing || initialized(pod) {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in pod.containers.iter().rev() {
            restarts += c.restart_count;
            last_restart = newer(last_restart, &c.last_state);
            match &c.state {
                ContainerState::Waiting { reason: w, .. } => reason = w.as_str().to_owned(),
                ContainerState::Terminated(t) => reason = t.reason.as_str().to_owned(),
                ContainerState::Running { .. } if container_ready(pod, c) => {
                    has_running = true;
                    ready += 1;
                }
                ContainerState::Running { .. } => {}
            }
        }
        if reason == "Completed" && has_running {
            reason = if containers_ready(pod) && initialized(pod) {
                "Running".to_owned()
            } else {
                "NotReady".to_owned()
            };
        }
    }
    // printers.go `printPod`: a pod with a deletionTimestamp that has not finished shows
    // `Terminating`.
    if pod.deletion.is_some() && !matches!(phase(pod), Phase::Succeeded | Phase::Failed) {
        reason = "Terminating".to_owned();
    }
    let restarts = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", humanize::k8s_age(now, t)),
        _ => restarts.to_string(),
    };
    PodRow {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
        age: humanize::k8s_age(now, pod.created_at),
    }
}
