//! Diagram geometry: where each pod, sandbox, container and namespace chip goes, and where
//! each line of text in them starts, as a pure function of the world. The web page and (later)
//! the CLI's SVG draw the same layout and compute no position of their own.

use std::collections::BTreeMap;

use crate::model::ids::NsInode;
use crate::model::linux_ns::{NsKind, NsSource};
use crate::sim::world::{ContainerState, Pod, TerminatedReason, WaitingReason, World};

/// An axis-aligned box in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// Where a line of text is anchored, in SVG user units: the start of its baseline, or for a
/// chip's label the middle of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// One namespace drawn as a small labelled chip.
#[derive(Clone, Debug, PartialEq)]
pub struct NsChip {
    pub rect: Rect,
    /// The middle of the kind's label (`net`, `pid`), drawn centred on it.
    pub label_at: Point,
    pub kind: NsKind,
    pub inode: NsInode,
    /// The same colour means the same namespace (index into the palette).
    pub color: usize,
    /// Where the namespace comes from for this box.
    pub source: NsSource,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SandboxBox {
    pub rect: Rect,
    /// `pause (sandbox)`.
    pub title_at: Point,
    /// The pause image and its PID.
    pub detail_at: Point,
    pub image: String,
    pub pid: String,
    pub chips: Vec<NsChip>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    pub rect: Rect,
    /// The container's name.
    pub title_at: Point,
    /// Its image.
    pub image_at: Point,
    /// Its state, restarts and PID.
    pub state_at: Point,
    /// Its `oom_score_adj`, at the bottom of the box, under the chips.
    pub oom_at: Point,
    pub name: String,
    pub image: String,
    pub state: BoxState,
    pub restarts: u32,
    pub pid: Option<String>,
    /// The kubelet's `oom_score_adj` for the running instance.
    pub oom_score_adj: Option<i32>,
    pub chips: Vec<NsChip>,
}

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

/// A line from a container's chip up to the sandbox chip of the namespace it joins.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub color: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodBox {
    pub rect: Rect,
    /// `pod NAMESPACE/NAME`, its IP and QoS class.
    pub title_at: Point,
    /// Why the pod is Pending, under the title (drawn only with `pending`).
    pub pending_at: Point,
    pub name: String,
    pub namespace: String,
    pub ip: String,
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    pub qos: String,
    /// Why the pod is Pending, when the scheduler could not place it.
    pub pending: Option<String>,
    pub sandbox: Option<SandboxBox>,
    pub containers: Vec<ContainerBox>,
    pub links: Vec<Link>,
}

/// A heading over the pods of one node, when the cluster has several.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeHeading {
    /// Where the text's baseline starts.
    pub x: f32,
    pub y: f32,
    /// `node NAME (IP)`, or `Pending: no node` for the pods without one.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    pub width: f32,
    pub height: f32,
    /// The first node's name (the label above a one-node diagram).
    pub node: String,
    /// Where `node NAME` and the legend start.
    pub node_at: Point,
    /// With several nodes, the pods are grouped by node, each group under its heading.
    pub headings: Vec<NodeHeading>,
    pub pods: Vec<PodBox>,
}

/// How many distinct colours the palette has; colours repeat after that.
pub const PALETTE_SIZE: usize = 12;

const MARGIN: f32 = 16.0;
const POD_PAD: f32 = 14.0;
const CONTAINER_W: f32 = 200.0;
const CONTAINER_H: f32 = 150.0;
const GAP: f32 = 16.0;
const SANDBOX_H: f32 = 92.0;
const CHIP_W: f32 = 58.0;
const CHIP_H: f32 = 22.0;
const CHIP_GAP: f32 = 6.0;
const POD_HEADER: f32 = 30.0;

/// The height of a node's heading row.
const HEADING_H: f32 = 24.0;

/// Text in a box starts this far from its left edge (the pod's title: `POD_PAD`).
const TEXT_INSET: f32 = 10.0;
/// The first line of text in a box: its baseline, down from the box's top.
const FIRST_LINE: f32 = 20.0;
/// From one line's baseline to the next.
const LINE_H: f32 = 18.0;
/// The Pending reason's baseline under the pod's title.
const PENDING_LINE: f32 = 44.0;
/// The sandbox's chips start under its two lines of text.
const SANDBOX_CHIPS: f32 = FIRST_LINE + 2.0 * LINE_H;
/// A container's chips start under its three lines of text.
const CONTAINER_CHIPS: f32 = FIRST_LINE + 2.0 * LINE_H + 16.0;
/// The `oom_score_adj` line's baseline, up from the container box's bottom.
const LAST_LINE: f32 = 10.0;
/// A chip's label: the middle of its baseline, down from the chip's top.
const CHIP_LABEL: f32 = 15.0;

/// The baseline of the `n`th line of text (from 0) in a box whose text starts at `x`.
fn line(x: f32, top: f32, n: u8) -> Point {
    Point {
        x,
        y: top + FIRST_LINE + f32::from(n) * LINE_H,
    }
}

/// Lays out every pod of the world, one under the other; with several nodes, grouped by
/// node in the cluster's order (nodes without pods too), then the pods no node runs.
pub fn diagram(world: &World) -> Diagram {
    let mut colors = Colors::default();
    let mut y = MARGIN + 22.0;
    // Wide enough for the node label and the legend beside it.
    let mut width: f32 = 660.0;
    let mut pods = Vec::new();
    let mut headings = Vec::new();
    let groups: Vec<(Option<String>, Vec<&Pod>)> = if world.nodes().len() > 1 {
        let mut g: Vec<(Option<String>, Vec<&Pod>)> = world
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let on: Vec<&Pod> = world.pods().filter(|p| p.node == Some(i)).collect();
                (Some(format!("node {} ({})", n.name, n.internal_ip)), on)
            })
            .collect();
        let pending: Vec<&Pod> = world.pods().filter(|p| p.node.is_none()).collect();
        if !pending.is_empty() {
            g.push((Some("Pending: no node".to_owned()), pending));
        }
        g
    } else {
        vec![(None, world.pods().collect())]
    };
    for (label, group) in groups {
        if let Some(label) = label {
            headings.push(NodeHeading {
                x: MARGIN,
                y: y + HEADING_H - 8.0,
                label,
            });
            y += HEADING_H;
        }
        for pod in group {
            let b = pod_box(world, pod, MARGIN, y, &mut colors);
            y += b.rect.h + GAP;
            width = width.max(b.rect.w + 2.0 * MARGIN);
            pods.push(b);
        }
    }
    Diagram {
        width,
        height: y - GAP + MARGIN,
        node_at: Point {
            x: MARGIN,
            y: MARGIN + 8.0,
        },
        node: world
            .nodes()
            .first()
            .map(|n| n.name.clone())
            .unwrap_or_default(),
        headings,
        pods,
    }
}

#[derive(Default)]
struct Colors(BTreeMap<NsInode, usize>);

impl Colors {
    fn of(&mut self, inode: NsInode) -> usize {
        let next = self.0.len();
        *self.0.entry(inode).or_insert(next) % PALETTE_SIZE
    }
}

fn pod_box(world: &World, pod: &Pod, x: f32, y: f32, colors: &mut Colors) -> PodBox {
    let n = pod.containers.len().max(1) as f32;
    let inner_w = n * CONTAINER_W + (n - 1.0) * GAP;
    let w = inner_w + 2.0 * POD_PAD;
    let sandbox_y = y + POD_HEADER;
    let containers_y = sandbox_y + SANDBOX_H + GAP;
    let h = containers_y + CONTAINER_H + POD_PAD - y;
    let opts = pod.spec.ns;
    let host = world.node().host_ns;
    let runtime = world.runtime();

    let sandbox = pod.sandbox.as_ref().map(|s| {
        let rect = Rect {
            x: x + POD_PAD,
            y: sandbox_y,
            w: inner_w,
            h: SANDBOX_H,
        };
        let kinds = [NsKind::Net, NsKind::Ipc, NsKind::Uts, NsKind::Pid];
        let chips = kinds
            .iter()
            .filter(|&&k| {
                // Show what the sandbox holds for the pod: net, ipc, uts, and pid when shared.
                k != NsKind::Pid || opts.share_process_namespace
            })
            .enumerate()
            .map(|(i, &kind)| {
                let inode = s.ns.get(kind);
                let source = if inode == host.get(kind) {
                    NsSource::Host
                } else {
                    NsSource::New
                };
                chip(
                    chip_rect(rect.x + TEXT_INSET, rect.y + SANDBOX_CHIPS, i),
                    kind,
                    inode,
                    colors.of(inode),
                    source,
                )
            })
            .collect();
        // CRI-O without an infra container: the box stands for the pinned namespaces alone.
        let (image, pid) = match s.pid {
            Some(pid) => (runtime.pause_image().to_owned(), pid.to_string()),
            None => (crate::model::runtime::NO_INFRA.to_owned(), "—".to_owned()),
        };
        SandboxBox {
            title_at: line(rect.x + TEXT_INSET, rect.y, 0),
            detail_at: line(rect.x + TEXT_INSET, rect.y, 1),
            rect,
            image,
            pid,
            chips,
        }
    });

    let containers: Vec<ContainerBox> = pod
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let rect = Rect {
                x: x + POD_PAD + i as f32 * (CONTAINER_W + GAP),
                y: containers_y,
                w: CONTAINER_W,
                h: CONTAINER_H,
            };
            let chips = c
                .instance
                .as_ref()
                .map(|inst| {
                    let kinds = [
                        NsKind::Net,
                        NsKind::Ipc,
                        NsKind::Uts,
                        NsKind::Mnt,
                        NsKind::Pid,
                        NsKind::Cgroup,
                    ];
                    kinds
                        .iter()
                        .enumerate()
                        .map(|(j, &kind)| {
                            let inode = inst.ns.get(kind);
                            let source = crate::model::linux_ns::container_ns(
                                runtime,
                                kind,
                                opts,
                                c.spec.privileged,
                            );
                            let (row, col) = (j / 3, j % 3);
                            chip(
                                chip_rect(
                                    rect.x + TEXT_INSET,
                                    rect.y + CONTAINER_CHIPS + row as f32 * (CHIP_H + CHIP_GAP),
                                    col,
                                ),
                                kind,
                                inode,
                                colors.of(inode),
                                source,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let running = matches!(c.state, crate::sim::world::ContainerState::Running { .. });
            let text_x = rect.x + TEXT_INSET;
            ContainerBox {
                title_at: line(text_x, rect.y, 0),
                image_at: line(text_x, rect.y, 1),
                state_at: line(text_x, rect.y, 2),
                oom_at: Point {
                    x: text_x,
                    y: rect.y + rect.h - LAST_LINE,
                },
                rect,
                name: c.spec.name.0.clone(),
                oom_score_adj: c
                    .instance
                    .as_ref()
                    .filter(|_| running)
                    .map(|i| i.oom_score_adj),
                image: c.spec.image.raw.clone(),
                state: BoxState::of(&c.state),
                restarts: c.restart_count,
                pid: c
                    .instance
                    .as_ref()
                    .filter(|_| running)
                    .and_then(|i| i.pids.first())
                    .map(|p| p.to_string()),
                chips,
            }
        })
        .collect();

    let links = joined_links(sandbox.as_ref(), &containers);
    PodBox {
        rect: Rect { x, y, w, h },
        title_at: line(x + POD_PAD, y, 0),
        pending_at: Point {
            x: x + POD_PAD,
            y: y + PENDING_LINE,
        },
        name: pod.spec.key.name.clone(),
        namespace: pod.spec.key.namespace.clone(),
        qos: pod
            .resources
            .as_ref()
            .map_or("", |r| r.qos.as_str())
            .to_owned(),
        pending: pod.unschedulable.clone(),
        links,
        ip: pod.ip.map_or_else(
            || {
                if pod.node.is_none() {
                    "none"
                } else {
                    "host network"
                }
                .to_owned()
            },
            |ip| ip.to_string(),
        ),
        sandbox,
        containers,
    }
}

/// Joins each container chip that comes from the sandbox to the sandbox's chip of that kind.
fn joined_links(sandbox: Option<&SandboxBox>, containers: &[ContainerBox]) -> Vec<Link> {
    let Some(sandbox) = sandbox else {
        return Vec::new();
    };
    let mut links = Vec::new();
    for c in containers {
        for chip in c.chips.iter().filter(|c| c.source == NsSource::Sandbox) {
            if let Some(target) = sandbox.chips.iter().find(|s| s.inode == chip.inode) {
                // End at the container's top edge above the chip, so no line crosses its text.
                links.push(Link {
                    from: (chip.rect.x + chip.rect.w / 2.0, c.rect.y),
                    to: (
                        target.rect.x + target.rect.w / 2.0,
                        target.rect.y + target.rect.h,
                    ),
                    color: chip.color,
                });
            }
        }
    }
    links
}

/// A chip in `rect`, its label centred in it.
fn chip(rect: Rect, kind: NsKind, inode: NsInode, color: usize, source: NsSource) -> NsChip {
    NsChip {
        label_at: Point {
            x: rect.x + rect.w / 2.0,
            y: rect.y + CHIP_LABEL,
        },
        rect,
        kind,
        inode,
        color,
        source,
    }
}

fn chip_rect(x0: f32, y: f32, i: usize) -> Rect {
    Rect {
        x: x0 + i as f32 * (CHIP_W + CHIP_GAP),
        y,
        w: CHIP_W,
        h: CHIP_H,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admission::load::load;
    use crate::model::time::SimTime;

    /// A busybox and an nginx with a memory limit (so each has an `oom_score_adj` line), run
    /// until both are up.
    fn running() -> Diagram {
        let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: demo}
spec:
  containers:
    - {name: busybox, image: busybox, command: [sleep, 3650d]}
    - {name: nginx, image: \"nginx:1.21\", resources: {limits: {memory: 64Mi}}}
";
        let mut world = World::from_loaded(&load(yaml, 1), 1, Default::default());
        world.advance_to(SimTime::from_millis(30_000));
        diagram(&world)
    }

    fn inside(p: Point, r: Rect) -> bool {
        p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h
    }

    #[test]
    fn every_line_of_text_sits_in_its_box_above_the_chips() {
        let d = running();
        let pod = &d.pods[0];
        assert!(d.node_at.y < pod.rect.y, "the node label is above the pods");
        assert!(inside(pod.title_at, pod.rect));
        let sandbox = pod.sandbox.as_ref().expect("a sandbox");
        assert!(
            pod.title_at.y < sandbox.rect.y,
            "the title is above the sandbox"
        );
        assert!(inside(sandbox.title_at, sandbox.rect));
        assert!(sandbox.title_at.y < sandbox.detail_at.y);
        for chip in &sandbox.chips {
            assert!(sandbox.detail_at.y < chip.rect.y, "{chip:?}");
        }
        assert_eq!(pod.containers.len(), 2);
        for c in &pod.containers {
            let lines = [c.title_at, c.image_at, c.state_at];
            for (above, below) in lines.iter().zip(&lines[1..]) {
                assert_eq!(below.y - above.y, LINE_H, "{}", c.name);
            }
            assert!(lines.iter().all(|&p| inside(p, c.rect)), "{}", c.name);
            assert_eq!(c.chips.len(), 6, "{}", c.name);
            let chips_top = c.chips.iter().map(|k| k.rect.y).fold(f32::MAX, f32::min);
            let chips_bottom = c
                .chips
                .iter()
                .map(|k| k.rect.y + k.rect.h)
                .fold(0.0, f32::max);
            assert!(c.state_at.y < chips_top, "{}", c.name);
            assert!(
                chips_bottom < c.oom_at.y && inside(c.oom_at, c.rect),
                "{}",
                c.name
            );
            for k in &c.chips {
                assert!(inside(k.label_at, k.rect), "{k:?}");
                assert_eq!(k.label_at.x, k.rect.x + k.rect.w / 2.0, "centred");
            }
        }
    }

    #[test]
    fn a_box_carries_its_state_as_a_value_worded_as_crictl_words_it() {
        let d = running();
        let states: Vec<BoxState> = d.pods[0].containers.iter().map(|c| c.state).collect();
        assert_eq!(states, [BoxState::Running, BoxState::Running]);
        assert_eq!(BoxState::Running.label(), "Running");
        let backoff = BoxState::Waiting(WaitingReason::CrashLoopBackOff);
        assert_eq!(backoff.label(), "CrashLoopBackOff");
        let oom = BoxState::Terminated(TerminatedReason::OOMKilled);
        assert_eq!(oom.label(), "OOMKilled");
    }
}
