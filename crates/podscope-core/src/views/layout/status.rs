//! The states the diagram shows, as the kubelet has them: a container's state word, its
//! readiness, exit code and restarts, and the two countdowns in simulated time (the
//! CrashLoopBackOff delay before the next start, the grace period before SIGKILL); the
//! sandbox Ready, NotReady or gone.

use crate::model::humanize::go_duration;
use crate::model::time::{SimDuration, SimTime};
use crate::sim::world::{Container, ContainerState, Pod, TerminatedReason, WaitingReason, World};

/// The state a container box shows: `ContainerState` without its times and messages, a
/// value the page draws (its word, its colour) without reading a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoxState {
    Waiting(WaitingReason),
    Running,
    Terminated(TerminatedReason),
}

impl BoxState {
    pub fn of(state: &ContainerState) -> Self {
        match state {
            ContainerState::Waiting { reason, .. } => BoxState::Waiting(*reason),
            ContainerState::Running { .. } => BoxState::Running,
            ContainerState::Terminated(t) => BoxState::Terminated(t.reason),
        }
    }

    /// The word shown, as `ContainerState::label` (and `crictl ps`) words it.
    pub fn label(self) -> &'static str {
        match self {
            BoxState::Waiting(reason) => reason.as_str(),
            BoxState::Running => "Running",
            BoxState::Terminated(reason) => reason.as_str(),
        }
    }
}

/// Something the kubelet or the runtime will do at a known simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Countdown {
    /// CrashLoopBackOff: the kubelet starts the container again `left` from now, `delay`
    /// after its last exit (kuberuntime_manager.go `doBackOff`).
    BackOff {
        delay: SimDuration,
        left: SimDuration,
    },
    /// The runtime was asked to stop the container: SIGKILL follows `left` from now unless
    /// it exits first (kuberuntime_container.go `killContainer`, the grace period).
    Grace { left: SimDuration },
}

/// What a container box says under its state word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContainerStatus {
    /// `status.containerStatuses[].ready`.
    pub ready: bool,
    /// The exit code, while Terminated.
    pub exit_code: Option<i32>,
    pub countdown: Option<Countdown>,
}

impl ContainerStatus {
    /// The detail line: `ready`, `not ready`, `exit code 137`, `back-off 20s: start in 13s`,
    /// `stopping: SIGKILL in 27s`.
    pub fn detail(&self) -> String {
        match self.countdown {
            Some(Countdown::BackOff { delay, left }) => {
                format!("back-off {}: start in {}", go_duration(delay), secs(left))
            }
            Some(Countdown::Grace { left }) => format!("stopping: SIGKILL in {}", secs(left)),
            None => match self.exit_code {
                Some(code) => format!("exit code {code}"),
                None if self.ready => "ready".to_owned(),
                None => "not ready".to_owned(),
            },
        }
    }
}

/// A countdown as whole seconds, rounded up (`13s`), as a ticking clock shows it.
fn secs(d: SimDuration) -> String {
    format!("{}s", d.as_millis().div_ceil(1000))
}

/// The state of a container of `pod`; `None` for a pod no node runs: the API has no
/// container statuses before the kubelet reports them, so the box shows no state.
pub(super) fn box_state(pod: &Pod, c: &Container) -> Option<BoxState> {
    pod.node.map(|_| BoxState::of(&c.state))
}

/// The container's readiness, exit code and countdown at the world's time.
pub(super) fn status(world: &World, pod: &Pod, c: &Container) -> ContainerStatus {
    let now = world.now();
    let exit_code = match &c.state {
        ContainerState::Terminated(t) => Some(t.exit_code),
        _ => None,
    };
    ContainerStatus {
        ready: crate::sim::status::container_ready(pod, c),
        exit_code,
        countdown: grace(world, c, now).or_else(|| backoff(world, pod, c, now)),
    }
}

/// While the runtime stops the container: the time left before the SIGKILL the kubelet
/// scheduled for its main process.
fn grace(world: &World, c: &Container, now: SimTime) -> Option<Countdown> {
    if !c.stopping {
        return None;
    }
    let main = c.instance.as_ref()?.pids.first().copied()?;
    world.queue.iter().find_map(|(at, _, w)| match w {
        crate::sim::world::Wakeup::GraceExpired { pid } if *pid == main && *at >= now => {
            Some(Countdown::Grace {
                left: at.since(now),
            })
        }
        _ => None,
    })
}

/// While in back-off: the delay and the time left before the start, counted from the last
/// exit as `doBackOff` counts it. The API shows such a container Terminated until the
/// kubelet's next sync reports `CrashLoopBackOff` (`Container::backoff_cached`).
fn backoff(world: &World, pod: &Pod, c: &Container, now: SimTime) -> Option<Countdown> {
    let last = match &c.state {
        ContainerState::Waiting {
            reason: WaitingReason::CrashLoopBackOff,
            ..
        } => c.last_state.as_ref()?,
        ContainerState::Terminated(t) if c.backoff_cached => t,
        _ => return None,
    };
    let delay = world.backoff.get(&(pod.uid.clone(), c.spec.name.0.clone()));
    let due = last.finished_at + delay;
    Some(Countdown::BackOff {
        delay,
        left: due.since(now),
    })
}

/// The sandbox as the runtime reports it (`crictl pods` STATE), or gone: torn down and not
/// yet replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SandboxState {
    Ready,
    NotReady,
    Gone,
}

impl SandboxState {
    pub fn label(self) -> &'static str {
        match self {
            SandboxState::Ready => "Ready",
            SandboxState::NotReady => "NotReady",
            SandboxState::Gone => "gone",
        }
    }
}
