//! Events: what the scheduler, the kubelet and the controllers report about an object, as
//! typed data whose texts match `kubectl describe` for Kubernetes 1.35. `recorder` takes each
//! occurrence through its component's `correlator` into the API server's `store`, where it
//! lives as one object with a count until its TTL runs out; `journal` keeps the latest
//! occurrences as they were reported.

pub mod correlator;
mod fingerprint;
pub mod journal;
mod lru;
pub mod recorder;
pub mod store;

use std::fmt;

use crate::model::ids::{ContainerName, ObjectKey, PodUid};
use crate::model::time::{SimDuration, SimTime};

/// Normal or Warning, as in the Events table's `Type` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// The component that reports an event (`source.component`), each with its own broadcaster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Component {
    Scheduler,
    Kubelet,
    DeploymentController,
    ReplicaSetController,
    /// pkg/controller/replication `NewReplicationManager`'s recorder.
    ReplicationController,
    JobController,
}

impl Component {
    /// The name in `source.component` (the `From` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Scheduler => "default-scheduler",
            Component::Kubelet => "kubelet",
            Component::DeploymentController => "deployment-controller",
            Component::ReplicaSetController => "replicaset-controller",
            Component::ReplicationController => "replication-controller",
            Component::JobController => "job-controller",
        }
    }
}

/// The kind of object an event is about (`involvedObject.kind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum InvolvedKind {
    #[default]
    Pod,
    ReplicaSet,
    ReplicationController,
    Deployment,
    Job,
}

impl InvolvedKind {
    /// The events of a ReplicaSet or a ReplicationController are about it.
    pub fn of_set(kind: crate::model::workload::SetKind) -> Self {
        match kind {
            crate::model::workload::SetKind::ReplicaSet => InvolvedKind::ReplicaSet,
            crate::model::workload::SetKind::ReplicationController => {
                InvolvedKind::ReplicationController
            }
        }
    }

    /// The kind as `kubectl get events` prints it in `OBJECT` (`replicaset/NAME`).
    pub fn lower(self) -> &'static str {
        match self {
            InvolvedKind::Pod => "pod",
            InvolvedKind::ReplicaSet => "replicaset",
            InvolvedKind::ReplicationController => "replicationcontroller",
            InvolvedKind::Deployment => "deployment",
            InvolvedKind::Job => "job",
        }
    }
}

/// What happened. Each variant knows its reason, type, reporting component and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    Scheduled {
        node: String,
    },
    FailedScheduling {
        message: String,
    },
    /// The kubelet found the image on the node and its policy lets it use it.
    Pulled {
        image: String,
    },
    /// The kubelet's image manager starts a pull (`pull` module).
    Pulling {
        image: String,
    },
    /// A pull finished: how long it took, how long including the wait behind other pulls,
    /// and the image's size.
    PulledImage {
        image: String,
        pull: SimDuration,
        total: SimDuration,
        size: u64,
    },
    /// A pull failed with the runtime's error.
    PullFailed {
        image: String,
        error: String,
    },
    /// The image is in pull back-off (reason `BackOff`, type Normal).
    PullBackOff {
        image: String,
    },
    /// The image reference does not parse (reason `InspectFailed`).
    InspectFailed {
        message: String,
    },
    /// `imagePullPolicy: Never` and the image is absent (reason `ErrImageNeverPull`).
    NeverPull {
        image: String,
    },
    /// The container could not be started (reason `Failed`, message `Error: <reason>`).
    StartFailed {
        reason: crate::sim::world::WaitingReason,
    },
    Created,
    Started,
    BackOff {
        pod_uid: PodUid,
        delay: SimDuration,
    },
    /// The kubelet stops a container; `note` is its reason when it has one (a failed probe).
    Killing {
        note: Option<String>,
    },
    /// The sandbox died; the kubelet kills the containers and makes a new one.
    SandboxChanged,
    /// The kubelet could not create a container (`env.rs`: a missing ConfigMap or key).
    Failed {
        message: String,
    },
    /// A probe failed or errored (prober.go `probe`); `message` is the whole text.
    Unhealthy {
        message: String,
    },
    /// The postStart hook failed (handlers.go `Run`'s message).
    FailedPostStartHook {
        message: String,
    },
    /// The preStop hook failed.
    FailedPreStopHook,
    /// A Deployment scaled one of its ReplicaSets.
    ScalingReplicaSet {
        replica_set: String,
        from: i32,
        to: i32,
    },
    /// A ReplicaSet created a pod.
    SuccessfulCreate {
        pod: String,
    },
    /// A ReplicaSet's pod was refused by the API server (the refusal's text).
    FailedCreate {
        message: String,
    },
    /// A ReplicaSet deleted a pod.
    SuccessfulDelete {
        pod: String,
    },
    /// A Job finished with success (reason `Completed`).
    JobCompleted,
    /// A Job failed (Warning, reason `BackoffLimitExceeded` or `DeadlineExceeded`).
    JobFailed(crate::sim::controllers::job::JobFailure),
}

/// One event about an object (a pod, optionally one of its containers, or a controller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its number among all occurrences reported (the journal numbers it).
    pub seq: u64,
    pub at: SimTime,
    /// The kind of object it is about.
    pub object: InvolvedKind,
    /// That object's namespace and name.
    pub pod: ObjectKey,
    pub container: Option<ContainerName>,
    pub kind: EventKind,
}

impl Event {
    pub fn reason(&self) -> &'static str {
        match self.kind {
            EventKind::Scheduled { .. } => "Scheduled",
            EventKind::FailedScheduling { .. } => "FailedScheduling",
            EventKind::Pulled { .. } | EventKind::PulledImage { .. } => "Pulled",
            EventKind::Pulling { .. } => "Pulling",
            EventKind::PullFailed { .. } | EventKind::StartFailed { .. } => "Failed",
            EventKind::PullBackOff { .. } => "BackOff",
            EventKind::InspectFailed { .. } => "InspectFailed",
            EventKind::NeverPull { .. } => "ErrImageNeverPull",
            EventKind::Created => "Created",
            EventKind::Started => "Started",
            EventKind::BackOff { .. } => "BackOff",
            EventKind::Killing { .. } => "Killing",
            EventKind::SandboxChanged => "SandboxChanged",
            EventKind::Failed { .. } => "Failed",
            EventKind::Unhealthy { .. } => "Unhealthy",
            EventKind::FailedPostStartHook { .. } => "FailedPostStartHook",
            EventKind::FailedPreStopHook => "FailedPreStopHook",
            EventKind::ScalingReplicaSet { .. } => "ScalingReplicaSet",
            EventKind::SuccessfulCreate { .. } => "SuccessfulCreate",
            EventKind::SuccessfulDelete { .. } => "SuccessfulDelete",
            EventKind::FailedCreate { .. } => "FailedCreate",
            EventKind::JobCompleted => "Completed",
            EventKind::JobFailed(why) => why.reason(),
        }
    }

    pub fn event_type(&self) -> EventType {
        match self.kind {
            EventKind::BackOff { .. }
            | EventKind::FailedScheduling { .. }
            | EventKind::Failed { .. }
            | EventKind::PullFailed { .. }
            | EventKind::StartFailed { .. }
            | EventKind::InspectFailed { .. }
            | EventKind::NeverPull { .. }
            | EventKind::Unhealthy { .. }
            | EventKind::FailedPostStartHook { .. }
            | EventKind::FailedPreStopHook
            | EventKind::FailedCreate { .. }
            | EventKind::JobFailed(_) => EventType::Warning,
            _ => EventType::Normal,
        }
    }

    /// The `From` column: the reporting component.
    pub fn source(&self) -> &'static str {
        self.component().as_str()
    }

    /// The component that reports it.
    pub fn component(&self) -> Component {
        if self.object == InvolvedKind::Job {
            return Component::JobController;
        }
        match self.kind {
            EventKind::Scheduled { .. } | EventKind::FailedScheduling { .. } => {
                Component::Scheduler
            }
            EventKind::ScalingReplicaSet { .. } => Component::DeploymentController,
            EventKind::SuccessfulCreate { .. }
            | EventKind::SuccessfulDelete { .. }
            | EventKind::FailedCreate { .. }
                if self.object == InvolvedKind::ReplicationController =>
            {
                Component::ReplicationController
            }
            EventKind::SuccessfulCreate { .. }
            | EventKind::SuccessfulDelete { .. }
            | EventKind::FailedCreate { .. } => Component::ReplicaSetController,
            _ => Component::Kubelet,
        }
    }

    /// The message as the component records it.
    pub fn message(&self) -> String {
        let mut out = String::new();
        let _ = self.write_message(&mut out);
        out
    }

    /// Writes the message to `f` (the correlator hashes and compares it without building it).
    pub fn write_message(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let container = self.container.as_ref().map(|c| c.0.as_str()).unwrap_or("");
        match &self.kind {
            // kubernetes/kubernetes pkg/scheduler/schedule_one.go (`Successfully assigned %v/%v to %v`)
            EventKind::Scheduled { node } => {
                write!(
                    f,
                    "Successfully assigned {}/{} to {node}",
                    self.pod.namespace, self.pod.name
                )
            }
            EventKind::FailedScheduling { message } => f.write_str(message),
            // pkg/kubelet/images/image_manager.go (`Container image %q already present on machine`)
            EventKind::Pulled { image } => {
                write!(f, "Container image \"{image}\" already present on machine")
            }
            // image_manager.go `EnsureImageExists` / `pullImage`: durations truncated to the
            // millisecond, Go's `time.Duration` format.
            EventKind::Pulling { image } => write!(f, "Pulling image \"{image}\""),
            EventKind::PulledImage {
                image,
                pull,
                total,
                size,
            } => write!(
                f,
                "Successfully pulled image \"{image}\" in {pull} ({total} including waiting). Image size: {size} bytes."
            ),
            EventKind::PullFailed { image, error } => {
                write!(f, "Failed to pull image \"{image}\": {error}")
            }
            EventKind::PullBackOff { image } => write!(f, "Back-off pulling image \"{image}\""),
            EventKind::InspectFailed { message } => f.write_str(message),
            EventKind::NeverPull { image } => {
                write!(
                    f,
                    "Container image \"{image}\" is not present with pull policy of Never"
                )
            }
            // kuberuntime_container.go `startContainer`: "Error: %v" with the error's text.
            EventKind::StartFailed { reason } => write!(f, "Error: {}", reason.as_str()),
            // pkg/kubelet/kuberuntime/kuberuntime_container.go `startContainer`; 1.35 dropped
            // the container name (kubernetes/kubernetes#134043).
            EventKind::Created => f.write_str("Container created"),
            EventKind::Started => f.write_str("Container started"),
            // pkg/kubelet/kuberuntime/kuberuntime_manager.go `doBackOff`; format.Pod is
            // `<name>_<namespace>(<uid>)`.
            EventKind::BackOff { pod_uid, .. } => write!(
                f,
                "Back-off restarting failed container {container} in pod {}_{}({pod_uid})",
                self.pod.name, self.pod.namespace
            ),
            // kuberuntime_container.go `killContainer`: the kubelet's message when it has one
            // (a failed probe: "Container NAME failed liveness probe, will be restarted"),
            // else "Stopping container %s".
            EventKind::Killing { note: None } => write!(f, "Stopping container {container}"),
            EventKind::Killing { note: Some(n) } => f.write_str(n),
            // kuberuntime_manager.go `SyncPod` (the trailing period is part of the text).
            EventKind::SandboxChanged => {
                f.write_str("Pod sandbox changed, it will be killed and re-created.")
            }
            // kuberuntime_container.go `startContainer`: "Error: %v" of the config error.
            EventKind::Failed { message } => write!(f, "Error: {message}"),
            EventKind::Unhealthy { message } | EventKind::FailedPostStartHook { message } => {
                f.write_str(message)
            }
            // kuberuntime_container.go `executePreStopHook` (no details, so secrets do not leak).
            EventKind::FailedPreStopHook => f.write_str("PreStopHook failed"),
            // pkg/controller/deployment/sync.go `scaleReplicaSet`.
            EventKind::ScalingReplicaSet {
                replica_set,
                from,
                to,
            } => {
                let op = if to > from { "up" } else { "down" };
                write!(
                    f,
                    "Scaled {op} replica set {replica_set} from {from} to {to}"
                )
            }
            // pkg/controller/controller_utils.go `CreatePods` / `DeletePod`.
            EventKind::SuccessfulCreate { pod } => write!(f, "Created pod: {pod}"),
            EventKind::SuccessfulDelete { pod } => write!(f, "Deleted pod: {pod}"),
            EventKind::FailedCreate { message } => write!(f, "Error creating: {message}"),
            // pkg/controller/job/job_controller.go (`Job completed`; a failure's message is
            // its condition's).
            EventKind::JobCompleted => f.write_str("Job completed"),
            EventKind::JobFailed(why) => f.write_str(why.message()),
        }
    }

    /// The message as `kubectl describe` (1.35) shows it: prefixed with the involved object's
    /// field path for container events (kubernetes/kubectl pkg/describe/describe.go `DescribeEvents`).
    /// `DescribeEvents` trims the message (`strings.TrimSpace`), so an exec probe's trailing
    /// newline does not show.
    pub fn describe_message(&self) -> String {
        let message = self.message();
        let message = message.trim();
        match &self.container {
            Some(c) => format!("spec.containers{{{c}}}: {message}"),
            None => message.to_owned(),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = self.event_type().as_str();
        write!(
            f,
            "{:>8} {ty:<7} {:<9} {}",
            self.at.to_string(),
            self.reason(),
            self.describe_message()
        )
    }
}
