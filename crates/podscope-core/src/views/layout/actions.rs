//! What a click on a container offers, decided from the world: signals for a running
//! container, a terminal, a process that allocates past the memory limit (with a program the
//! image has), an orphan that becomes a zombie unless PID 1 reaps it. Each is a `Command`
//! the page records as a scenario step.

use crate::model::image_ref::ImageRef;
use crate::model::signal::Signal;
use crate::sim::image::ImageKind;
use crate::sim::world::{Container, ContainerState, Pod, Slot, World};

/// One entry of a container's action menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerAction {
    /// `kill POD/CONTAINER --signal SIG` (TERM or KILL).
    Signal(Signal),
    /// Select the container as the terminal's target.
    Terminal,
    /// `exec POD/CONTAINER -- LINE` with a line that allocates past the container's memory
    /// limit: the cgroup's OOM killer ends the container (`OOMKilled`).
    Hog { line: String },
    /// `exec POD/CONTAINER -- LINE` with a line that leaves an orphan: it is reparented to
    /// the container's PID 1 (or pause, with a shared PID namespace) and stays a zombie
    /// unless that process reaps it.
    Orphan { line: String },
}

impl ContainerAction {
    /// The menu's words.
    pub fn label(&self) -> String {
        match self {
            ContainerAction::Signal(s) => format!("send SIG{}", s.name()),
            ContainerAction::Terminal => "open a terminal in it".to_owned(),
            ContainerAction::Hog { line } => format!("allocate past the memory limit: {line}"),
            ContainerAction::Orphan { line } => format!("orphan a child (zombie?): {line}"),
        }
    }

    /// A stable name for tests and the page (`data-testid="action-NAME"`).
    pub fn id(&self) -> &'static str {
        match self {
            ContainerAction::Signal(Signal::KILL) => "kill",
            ContainerAction::Signal(_) => "term",
            ContainerAction::Terminal => "terminal",
            ContainerAction::Hog { .. } => "hog",
            ContainerAction::Orphan { .. } => "zombie",
        }
    }
}

/// The busybox line that leaves an orphan: the subshell exits at once and its `sleep 1` is
/// reparented (kernel/exit.c `find_new_reaper`), as in the zombies scenario of
/// tests/scenarios/zombies-and-pause-reaping.
const ORPHAN: &str = "sh -c '(sleep 1 &)'";

/// The actions container `c` of pod `pod` offers now.
pub(super) fn actions(world: &World, pod: &Pod, c: &Container) -> Vec<ContainerAction> {
    let mut out = Vec::new();
    let running = matches!(c.state, ContainerState::Running { .. });
    if running {
        out.push(ContainerAction::Signal(Signal::TERM));
        out.push(ContainerAction::Signal(Signal::KILL));
    }
    out.push(ContainerAction::Terminal);
    let Some(id) = world.pod_id(&pod.spec.key) else {
        return out;
    };
    let Some(slot) = pod.slot_of(&c.spec.name) else {
        return out;
    };
    if running {
        if let Some(line) = hog_line(world, id, slot, pod, c) {
            out.push(ContainerAction::Hog { line });
        }
        let has = |p: &str| world.has_program(id, slot, p);
        if has("sh") && has("sleep") {
            out.push(ContainerAction::Orphan {
                line: ORPHAN.to_owned(),
            });
        }
    }
    out
}

/// A line that allocates past the container's memory limit, if it has one and the image has
/// a program that does: `stress --vm 1 --vm-bytes` twice the limit (the stress image, as the
/// docs' memory example runs it), else busybox `tail /dev/zero`, which buffers an endless
/// line (the oom-killed scenario).
fn hog_line(
    world: &World,
    id: crate::model::ids::PodId,
    slot: Slot,
    pod: &Pod,
    c: &Container,
) -> Option<String> {
    let limit = pod
        .resources
        .as_ref()?
        .containers
        .iter()
        .find(|r| r.name == c.spec.name.0)?
        .limits
        .memory_bytes?;
    if is_stress(&c.spec.image) && world.has_program(id, slot, "stress") {
        let mib = (limit.saturating_mul(2)).div_ceil(1 << 20);
        return Some(format!("stress --vm 1 --vm-bytes {mib}M --vm-hang 1"));
    }
    world
        .has_program(id, slot, "tail")
        .then(|| "tail /dev/zero".to_owned())
}

fn is_stress(image: &ImageRef) -> bool {
    ImageKind::of(image) == ImageKind::Stress
}
