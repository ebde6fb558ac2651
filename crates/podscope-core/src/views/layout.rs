//! Diagram geometry: where each pod, sandbox, container and namespace chip goes, as a pure
//! function of the world. The web page and (later) the CLI's SVG draw the same layout.

use std::collections::BTreeMap;

use crate::model::ids::NsInode;
use crate::model::linux_ns::{NsKind, NsSource};
use crate::sim::world::{Pod, World};

/// An axis-aligned box in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// One namespace drawn as a small labelled chip.
#[derive(Clone, Debug, PartialEq)]
pub struct NsChip {
    pub rect: Rect,
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
    pub image: String,
    pub pid: String,
    pub chips: Vec<NsChip>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    pub rect: Rect,
    pub name: String,
    pub image: String,
    pub state: String,
    pub restarts: u32,
    pub pid: Option<String>,
    /// The kubelet's `oom_score_adj` for the running instance.
    pub oom_score_adj: Option<i32>,
    pub chips: Vec<NsChip>,
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
                NsChip {
                    rect: chip_rect(rect.x + 10.0, rect.y + 56.0, i),
                    kind,
                    inode,
                    color: colors.of(inode),
                    source,
                }
            })
            .collect();
        // CRI-O without an infra container: the box stands for the pinned namespaces alone.
        let (image, pid) = match s.pid {
            Some(pid) => (runtime.pause_image().to_owned(), pid.to_string()),
            None => (crate::model::runtime::NO_INFRA.to_owned(), "—".to_owned()),
        };
        SandboxBox {
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
                            NsChip {
                                rect: chip_rect(
                                    rect.x + 10.0,
                                    rect.y + 72.0 + row as f32 * (CHIP_H + CHIP_GAP),
                                    col,
                                ),
                                kind,
                                inode,
                                color: colors.of(inode),
                                source,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let running = matches!(c.state, crate::sim::world::ContainerState::Running { .. });
            ContainerBox {
                rect,
                name: c.spec.name.0.clone(),
                oom_score_adj: c
                    .instance
                    .as_ref()
                    .filter(|_| running)
                    .map(|i| i.oom_score_adj),
                image: c.spec.image.raw.clone(),
                state: c.state.label().to_owned(),
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

fn chip_rect(x0: f32, y: f32, i: usize) -> Rect {
    Rect {
        x: x0 + i as f32 * (CHIP_W + CHIP_GAP),
        y,
        w: CHIP_W,
        h: CHIP_H,
    }
}
