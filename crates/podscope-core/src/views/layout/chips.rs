//! Namespace chips: the sandbox's (net, ipc, uts, and pid when the pod shares it; the node's
//! own where hostNetwork, hostIPC or hostPID says so) and each container's (its own mnt, pid
//! and cgroup, and the sandbox's it joins), with a line from each joined chip up to the
//! sandbox's chip of that namespace.

use crate::model::ids::NsInode;
use crate::model::linux_ns::{NsKind, NsSet, NsSource};
use crate::model::ns_options::NsOptions;
use crate::model::runtime::Runtime;

use super::geometry::{CHIP_GAP, CHIP_H, CHIP_LABEL, CHIP_W, Point, Rect};
use super::palette::PodColors;

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

/// A line from a container's chip up to the sandbox chip of the namespace it joins.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub color: usize,
}

/// The kinds a sandbox box shows: what it holds for the pod.
const SANDBOX_KINDS: [NsKind; 4] = [NsKind::Net, NsKind::Ipc, NsKind::Uts, NsKind::Pid];
/// The kinds a container box shows, its own first.
pub(super) const CONTAINER_KINDS: [NsKind; 6] = [
    NsKind::Mnt,
    NsKind::Pid,
    NsKind::Cgroup,
    NsKind::Uts,
    NsKind::Net,
    NsKind::Ipc,
];

/// The sandbox's chips in a row from `(x, y)`: net, ipc, uts, and pid when the pod shares
/// its PID namespace or takes the node's (hostPID).
pub(super) fn sandbox_chips(
    ns: &NsSet,
    host: &NsSet,
    opts: NsOptions,
    x: f32,
    y: f32,
    colors: &mut PodColors,
) -> Vec<NsChip> {
    SANDBOX_KINDS
        .iter()
        .filter(|&&k| k != NsKind::Pid || opts.share_process_namespace || opts.host_pid)
        .enumerate()
        .map(|(i, &kind)| {
            let inode = ns.get(kind);
            let source = if inode == host.get(kind) {
                NsSource::Host
            } else {
                NsSource::New
            };
            chip(
                chip_rect(x, y, i),
                kind,
                inode,
                colors.of(inode, source == NsSource::Host),
                source,
            )
        })
        .collect()
}

/// A container's six chips in two rows of three from `(x, y)`: mnt, pid, cgroup, then uts,
/// net, ipc, each marked with where the runtime takes it from.
pub(super) fn container_chips(
    ns: &NsSet,
    host: &NsSet,
    source_of: impl Fn(NsKind) -> NsSource,
    x: f32,
    y: f32,
    colors: &mut PodColors,
) -> Vec<NsChip> {
    CONTAINER_KINDS
        .iter()
        .enumerate()
        .map(|(j, &kind)| {
            let inode = ns.get(kind);
            let mut source = source_of(kind);
            // A kind the sandbox took from the node is the node's here too.
            if inode == host.get(kind) {
                source = NsSource::Host;
            }
            let (row, col) = (j / 3, j % 3);
            chip(
                chip_rect(x, y + row as f32 * (CHIP_H + CHIP_GAP), col),
                kind,
                inode,
                colors.of(inode, source == NsSource::Host),
                source,
            )
        })
        .collect()
}

/// Where a container's namespace of `kind` comes from under `runtime`.
pub(super) fn source_of(
    runtime: Runtime,
    opts: NsOptions,
    privileged: bool,
) -> impl Fn(NsKind) -> NsSource {
    move |kind| crate::model::linux_ns::container_ns(runtime, kind, opts, privileged)
}

/// Joins each container chip that comes from the sandbox to the sandbox's chip of that
/// namespace; the line ends at the container's top edge above the chip (`top`), so no line
/// crosses its text.
pub(super) fn joined_links(sandbox: &[NsChip], chips: &[NsChip], top: f32) -> Vec<Link> {
    chips
        .iter()
        .filter(|c| c.source == NsSource::Sandbox)
        .filter_map(|c| {
            let target = sandbox.iter().find(|s| s.inode == c.inode)?;
            Some(Link {
                from: (c.rect.x + c.rect.w / 2.0, top),
                to: (
                    target.rect.x + target.rect.w / 2.0,
                    target.rect.y + target.rect.h,
                ),
                color: c.color,
            })
        })
        .collect()
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
