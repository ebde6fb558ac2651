//! `statfs(2)` of the container's filesystems, what `df` prints: the node's disk (which
//! the overlay root and the kubelet's bind mounts report), the tmpfs mounts (their `size=`
//! or, without one, half the node's memory: mm/shmem.c `shmem_default_max_blocks`) and the
//! filesystems without blocks.
//!
//! The node's disk is podscope's: a 20 GiB ext4 root (an EKS node group's default
//! `diskSize`), of which the node's system and its cached images use 4 GiB, plus what the
//! pods wrote to it (containers' writable layers, disk-backed emptyDirs); ext4 reserves
//! 5% for root (mke2fs's default `-m 5`), which `Available` leaves out. Metadata and
//! journal blocks are not modelled.

use super::meminfo::tmpfs_pages_bytes;
use super::mounts::{DEV_TMPFS_BYTES, Fs};
use crate::model::ids::PodId;
use crate::sim::fs::{Tree, VolumeKind};
use crate::sim::world::World;

/// The node's disk and what the system and images use of it (podscope's numbers).
const NODE_DISK_BYTES: u64 = 20 << 30;
const NODE_SYSTEM_BYTES: u64 = 4 << 30;
/// The filesystems' block size (ext4 and tmpfs on x86-64: 4 KiB).
pub(crate) const BLOCK: u64 = 4096;

/// What `statfs(2)` reports, in `BLOCK`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatFs {
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
}

fn tree_bytes(tree: &Tree) -> u64 {
    tree.files
        .values()
        .map(|f| tmpfs_pages_bytes(f.len()))
        .fold(0u64, u64::saturating_add)
}

/// The statfs of `fs` as a process of pod `p` sees it.
pub(crate) fn statfs(w: &World, p: PodId, fs: &Fs) -> StatFs {
    let node = w.pods.get(p).and_then(|pod| pod.node).unwrap_or(0);
    let tmpfs = |size: u64, used: u64| {
        let blocks = size.div_ceil(BLOCK);
        let free = blocks.saturating_sub(used.div_ceil(BLOCK));
        StatFs {
            blocks,
            bfree: free,
            bavail: free,
        }
    };
    match fs {
        Fs::Overlay | Fs::NodeDisk => {
            let written = w
                .pods
                .iter()
                .filter(|(_, pod)| pod.node == Some(node))
                .map(|(_, pod)| {
                    let volumes = pod
                        .volumes
                        .values()
                        .filter(|v| matches!(v.kind, VolumeKind::EmptyDir { memory: false }))
                        .map(|v| tree_bytes(&v.tree));
                    let layers = pod
                        .init_containers
                        .iter()
                        .chain(&pod.containers)
                        .chain(&pod.ephemeral_containers)
                        .filter_map(|c| c.instance.as_ref())
                        .map(|i| tree_bytes(&i.rootfs));
                    volumes.chain(layers).fold(0u64, u64::saturating_add)
                })
                .fold(0u64, u64::saturating_add);
            let blocks = NODE_DISK_BYTES / BLOCK;
            let used = (NODE_SYSTEM_BYTES.saturating_add(written) / BLOCK).min(blocks);
            let bfree = blocks - used;
            // mke2fs `-m 5`: 5% of the blocks for root.
            let reserved = blocks * 5 / 100;
            StatFs {
                blocks,
                bfree,
                bavail: bfree.saturating_sub(reserved),
            }
        }
        Fs::DevTmpfs | Fs::Shm => tmpfs(DEV_TMPFS_BYTES, 0),
        Fs::VolumeTmpfs { volume, size } => {
            let used = w
                .pods
                .get(p)
                .and_then(|pod| pod.volumes.get(volume))
                .map_or(0, |v| tree_bytes(&v.tree));
            tmpfs(*size, used)
        }
        Fs::Masked(_) => {
            // `shmem_default_max_blocks`: totalram_pages() / 2.
            let total = w.node.info(node).map_or(0, |n| n.memory_bytes);
            tmpfs(total / BLOCK / 2 * BLOCK, 0)
        }
        Fs::Virtual(_) => StatFs {
            blocks: 0,
            bfree: 0,
            bavail: 0,
        },
    }
}
