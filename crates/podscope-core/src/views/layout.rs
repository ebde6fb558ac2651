//! Diagram geometry: where each node group, pod, sandbox, container, namespace chip, volume
//! and Service goes, and where each line of text in them starts, as a pure function of the
//! world. The web page and the CLI draw the same layout and compute no position of their own.
//!
//! One file per part: `geometry` (units, wrapping), `palette` (namespace colours and the
//! legend), `chips` (namespace chips and the lines between them), `status` (states and
//! countdowns), `actions` (what a click on a container offers), `container`, `pod`,
//! `volumes`, `ports`, `services`, `pending` (the reason and its fixes), `lower` (the lowered request), `summary` (a pod
//! folded to a line) and `describe` (the diagram as sentences).

mod actions;
mod chips;
mod container;
mod describe;
mod geometry;
mod lower;
mod palette;
mod pending;
mod pod;
mod ports;
mod services;
mod status;
mod summary;
mod volumes;

use podscope_collections::Set;

pub use actions::ContainerAction;
pub use chips::{Link, NsChip};
pub use container::{ContainerBox, MAX_PROCS};
pub use describe::describe;
pub use geometry::{CHAR_W, Point, Rect, TextLine, cut, num, wrap};
pub use lower::{LowerRequest, RequestResource, SourceObject};
pub use palette::{HOST_COLOR, LegendEntry, PALETTE_SIZE};
pub use pending::PendingFix;
pub use pod::{PendingNote, PodBox, SandboxBox};
pub use ports::Port;
pub use services::ServiceBox;
pub use status::{BoxState, ContainerStatus, Countdown, SandboxState};
pub use summary::PodSummary;
pub use volumes::{MountLine, VolumeDisk};

use crate::model::ids::ObjectKey;
use crate::sim::world::{Pod, World};

use geometry::{GAP, HEADING_H, MARGIN};

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
    /// The pods drawn whole.
    pub pods: Vec<PodBox>,
    /// The pods folded to one line (beyond `LayoutOptions::fold_above` pods).
    pub summaries: Vec<PodSummary>,
    /// The cluster's Services, in a column right of the pods.
    pub services: Vec<ServiceBox>,
}

/// What the reader chose about the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    /// With more pods than this, pods are folded to one line each unless expanded.
    pub fold_above: usize,
    /// The folded pods the reader opened.
    pub expanded: Set<ObjectKey>,
}

/// Up to this many pods are drawn whole; more are folded.
pub const FOLD_ABOVE: usize = 6;

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            fold_above: FOLD_ABOVE,
            expanded: Set::new(),
        }
    }
}

/// The widest a folded row is.
const SUMMARY_W: f32 = 660.0;

/// Lays out every pod of the world with the default options.
pub fn diagram(world: &World) -> Diagram {
    diagram_with(world, &LayoutOptions::default())
}

/// Lays out every pod of the world, one under the other; with several nodes, grouped by
/// node in the cluster's order (nodes without pods too), then the pods no node runs.
pub fn diagram_with(world: &World, options: &LayoutOptions) -> Diagram {
    let mut y = MARGIN + 22.0;
    // Wide enough for the node label and the legend beside it.
    let mut width: f32 = 660.0;
    let mut pods = Vec::new();
    let mut summaries = Vec::new();
    let mut headings = Vec::new();
    let fold = world.pods().len() > options.fold_above;
    for (label, group) in groups(world) {
        if let Some(label) = label {
            headings.push(NodeHeading {
                x: MARGIN,
                y: y + HEADING_H - 8.0,
                label,
            });
            y += HEADING_H;
        }
        for pod in group {
            if fold && !options.expanded.contains(&pod.spec.key) {
                let s = summary::summary(world, pod, MARGIN, y, SUMMARY_W);
                y += s.rect.h + 4.0;
                summaries.push(s);
                continue;
            }
            let b = pod::pod_box(world, pod, MARGIN, y);
            y += b.rect.h + GAP;
            width = width.max(b.rect.w + 2.0 * MARGIN);
            pods.push(b);
        }
    }
    let mut height = y - GAP + MARGIN;
    let anchor = |key: &ObjectKey| {
        pods.iter()
            .find(|p| &p.key() == key)
            .map(|p| Point {
                x: p.rect.right(),
                y: p.rect.y + 14.0,
            })
            .or_else(|| {
                summaries.iter().find(|s| &s.key == key).map(|s| Point {
                    x: s.rect.right(),
                    y: s.rect.center().y,
                })
            })
    };
    let services_x = width - MARGIN + 48.0;
    let services = services::services(world, services_x, MARGIN + 22.0, &anchor);
    if let Some(last) = services.last() {
        width = services_x + services::SERVICE_W + MARGIN;
        height = height.max(last.rect.bottom() + MARGIN);
    }
    Diagram {
        width,
        height,
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
        summaries,
        services,
    }
}

/// The pods by node: with several nodes, one group per node (headed `node NAME (IP)`) and
/// one for the pods no node runs; with one node, one group without a heading.
fn groups(world: &World) -> Vec<(Option<String>, Vec<&Pod>)> {
    if world.nodes().len() <= 1 {
        return vec![(None, world.pods().collect())];
    }
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
}

#[cfg(test)]
mod tests;
