//! One container's box: its name, image, state word with restarts and PID, the status line
//! (ready, exit code, a countdown), its namespace chips, its processes and its
//! `oom_score_adj`, and the actions a click on it offers.

use crate::model::linux_ns::NsSet;
use crate::sim::node::Owner;
use crate::sim::world::{Container, ContainerState, Pod, World};

use super::actions::{ContainerAction, actions};
use super::chips::{NsChip, container_chips, source_of};
use super::geometry::{
    CONTAINER_W, FIRST_LINE, LINE_H, Point, Rect, SMALL_LINE_H, TEXT_INSET, TextLine, chars_in,
    cut, line,
};
use super::palette::PodColors;
use super::status::{BoxState, ContainerStatus, box_state, status};

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    pub rect: Rect,
    /// The container's name.
    pub title_at: Point,
    /// Its image.
    pub image_at: Point,
    /// Its state, restarts and PID.
    pub state_at: Point,
    /// The status line under it: ready, exit code, or a countdown.
    pub status_at: Point,
    /// Its `oom_score_adj`, at the bottom of the box, under the chips.
    pub oom_at: Point,
    pub name: String,
    pub image: String,
    /// `None` while no node runs the pod: the API has no container status yet.
    pub state: Option<BoxState>,
    pub status: ContainerStatus,
    pub restarts: u32,
    pub pid: Option<String>,
    /// The kubelet's `oom_score_adj` for the running instance.
    pub oom_score_adj: Option<i32>,
    pub chips: Vec<NsChip>,
    /// Its processes as `ps` in it lists them (PID in the container, command), at most
    /// `MAX_PROCS` lines.
    pub processes: Vec<TextLine>,
    /// What a click on it offers.
    pub actions: Vec<ContainerAction>,
}

/// The height of a container box.
pub(super) const CONTAINER_H: f32 = 206.0;
/// The chips start under the four lines of text.
const CHIPS_TOP: f32 = FIRST_LINE + 3.0 * LINE_H + 10.0;
/// Two rows of chips.
const CHIPS_H: f32 = 2.0 * 22.0 + 6.0;
/// The `oom_score_adj` line's baseline, up from the box's bottom.
const LAST_LINE: f32 = 10.0;
/// Process lines shown (the last says how many more there are).
pub const MAX_PROCS: usize = 3;

pub(super) fn container_box(
    world: &World,
    pod: &Pod,
    c: &Container,
    x: f32,
    y: f32,
    host: &NsSet,
    colors: &mut PodColors,
) -> ContainerBox {
    let rect = Rect {
        x,
        y,
        w: CONTAINER_W,
        h: CONTAINER_H,
    };
    let text_x = x + TEXT_INSET;
    let running = matches!(c.state, ContainerState::Running { .. });
    let chips = c
        .instance
        .as_ref()
        .filter(|_| pod.node.is_some())
        .map(|inst| {
            container_chips(
                &inst.ns,
                host,
                source_of(world.runtime(), pod.spec.ns, c.spec.privileged),
                text_x,
                y + CHIPS_TOP,
                colors,
            )
        })
        .unwrap_or_default();
    let processes = if running {
        processes(world, pod, c, text_x, y + CHIPS_TOP + CHIPS_H)
    } else {
        Vec::new()
    };
    ContainerBox {
        title_at: line(text_x, y, 0),
        image_at: line(text_x, y, 1),
        state_at: line(text_x, y, 2),
        status_at: line(text_x, y, 3),
        oom_at: Point {
            x: text_x,
            y: y + CONTAINER_H - LAST_LINE,
        },
        rect,
        name: c.spec.name.0.clone(),
        image: c.spec.image.raw.clone(),
        state: box_state(pod, c),
        status: status(world, pod, c),
        restarts: c.restart_count,
        pid: c
            .instance
            .as_ref()
            .filter(|_| running)
            .and_then(|i| i.pids.first())
            .map(|p| p.to_string()),
        oom_score_adj: c
            .instance
            .as_ref()
            .filter(|_| running)
            .map(|i| i.oom_score_adj),
        chips,
        processes,
        actions: if pod.node.is_some() {
            actions(world, pod, c)
        } else {
            Vec::new()
        },
    }
}

/// The container's processes, as busybox `ps` names them: `PID COMMAND`, a zombie as
/// `[comm]` with its state `Z` (procps/ps.c prints a zombie's name in brackets).
fn processes(world: &World, pod: &Pod, c: &Container, x: f32, top: f32) -> Vec<TextLine> {
    let Some(id) = world.pod_id(&pod.spec.key) else {
        return Vec::new();
    };
    let owner = Owner::Container(id, c.spec.name.clone());
    let all: Vec<String> = world
        .node()
        .processes_of(&owner)
        .map(|p| {
            if p.is_zombie() {
                let comm = p.cmdline.split_whitespace().next().unwrap_or_default();
                let comm = comm.rsplit('/').next().unwrap_or(comm);
                format!("{:>3} [{comm}] Z", p.ns_pid)
            } else {
                format!("{:>3} {}", p.ns_pid, p.cmdline)
            }
        })
        .collect();
    let width = chars_in(CONTAINER_W - 2.0 * TEXT_INSET);
    let shown = if all.len() > MAX_PROCS {
        let mut s: Vec<String> = all.iter().take(MAX_PROCS - 1).cloned().collect();
        s.push(format!("    +{} more", all.len() - (MAX_PROCS - 1)));
        s
    } else {
        all
    };
    shown
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            at: Point {
                x,
                y: top + SMALL_LINE_H * (i as f32 + 1.0),
            },
            text: cut(&text, width),
        })
        .collect()
}
