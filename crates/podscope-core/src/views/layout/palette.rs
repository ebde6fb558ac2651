//! Namespace colours: one palette index per namespace inode, stable while the namespace
//! lives, and the legend that names each colour. Colours are handed out per pod in a fixed
//! order of places (the sandbox's net, ipc, uts, pid, then each container's mnt, pid,
//! cgroup, uts, net, ipc), so a container that restarts gets new inodes in the colours the
//! old ones had and nothing else changes colour. The node's own namespaces have one colour
//! of their own everywhere, the last of the palette.

use podscope_collections::Map;

use crate::model::ids::NsInode;
use crate::model::linux_ns::NsKind;

use super::geometry::{CHAR_W, Point, Rect, SMALL_LINE_H, chars_in};

/// How many distinct colours the palette has; colours repeat after that.
pub const PALETTE_SIZE: usize = 12;

/// The colour of the node's (host's) namespaces.
pub const HOST_COLOR: usize = PALETTE_SIZE - 1;

/// The colours of one pod's namespaces.
#[derive(Default)]
pub(super) struct PodColors {
    by_inode: Map<NsInode, usize>,
}

impl PodColors {
    /// The colour of `inode`: the host's colour for the node's namespaces, else the next
    /// free one of the pod's, in the order the places are visited.
    pub(super) fn of(&mut self, inode: NsInode, host: bool) -> usize {
        if host {
            return HOST_COLOR;
        }
        let next = self.by_inode.len() % HOST_COLOR;
        *self.by_inode.entry(inode).or_insert(next)
    }
}

/// One entry of a pod's legend: a swatch of a colour and the namespace it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub swatch: Rect,
    /// The start of the text's baseline: `net:[4026532245]`, as `ls -l /proc/PID/ns` names it.
    pub text_at: Point,
    pub kind: NsKind,
    pub inode: NsInode,
    pub color: usize,
    /// The node's own namespace.
    pub host: bool,
}

impl LegendEntry {
    pub fn text(&self) -> String {
        let host = if self.host { " (node)" } else { "" };
        format!("{}:[{}]{host}", self.kind, self.inode)
    }
}

const SWATCH: f32 = 10.0;
/// Room for the longest entry: `cgroup:[4026532245] (node)`.
const ENTRY_W: f32 = SWATCH + 6.0 + 27.0 * CHAR_W;

/// The legend of `namespaces` (kind, inode, colour, host), each once, in rows that fit
/// `width` from `(x, y)` down; returns the entries and the height used.
pub(super) fn legend(
    namespaces: &[(NsKind, NsInode, usize, bool)],
    x: f32,
    y: f32,
    width: f32,
) -> (Vec<LegendEntry>, f32) {
    let per_row = (chars_in(width) as f32 * CHAR_W / ENTRY_W).floor().max(1.0) as usize;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for &(kind, inode, color, host) in namespaces {
        if !seen.insert(inode) {
            continue;
        }
        let i = out.len();
        let (row, col) = (i / per_row, i % per_row);
        let left = x + col as f32 * ENTRY_W;
        let top = y + row as f32 * SMALL_LINE_H;
        out.push(LegendEntry {
            swatch: Rect {
                x: left,
                y: top,
                w: SWATCH,
                h: SWATCH,
            },
            text_at: Point {
                x: left + SWATCH + 4.0,
                y: top + SWATCH - 1.0,
            },
            kind,
            inode,
            color,
            host,
        });
    }
    let rows = out.len().div_ceil(per_row);
    (out, rows as f32 * SMALL_LINE_H)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pod_hands_out_colours_in_order_and_the_host_has_its_own() {
        let mut c = PodColors::default();
        assert_eq!(c.of(NsInode(40), false), 0);
        assert_eq!(c.of(NsInode(7), false), 1);
        assert_eq!(
            c.of(NsInode(40), false),
            0,
            "the same inode, the same colour"
        );
        assert_eq!(c.of(NsInode(1), true), HOST_COLOR);
        for i in 0..20 {
            assert_ne!(c.of(NsInode(100 + i), false), HOST_COLOR);
        }
    }
}
