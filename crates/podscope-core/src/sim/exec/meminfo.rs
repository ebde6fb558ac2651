//! `/proc/meminfo` as a container reads it: the node's, not the container's cgroup's (procfs
//! is not namespaced for memory: fs/proc/meminfo.c `meminfo_proc_show` reports
//! `si_meminfo`, the whole machine). podscope's node has no kernel, page cache of files or
//! slab of its own: its memory is its processes' (anonymous) and the files in tmpfs
//! volumes (shmem, counted in `Cached` and `Shmem` as the kernel counts shmem pages), and
//! nothing else; no swap (the kubelet refuses to start with swap on unless configured:
//! `failSwapOn` true by default).

use std::fmt::Write as _;

use crate::sim::world::World;

/// The node's memory as the kernel reports it, in KiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Meminfo {
    pub total: u64,
    pub free: u64,
    pub available: u64,
    pub buffers: u64,
    pub cached: u64,
    pub anon: u64,
    pub shmem: u64,
    pub sreclaimable: u64,
    pub swap_total: u64,
    pub swap_free: u64,
}

/// What one tmpfs file takes: whole pages (mm/shmem.c allocates page by page).
pub(crate) fn tmpfs_pages_bytes(len: usize) -> u64 {
    (len as u64).div_ceil(4096) * 4096
}

impl Meminfo {
    /// Node `node`'s memory now. `MemTotal` is the node's `status.capacity.memory`: the
    /// kubelet reads capacity from cAdvisor, which takes it from this file's `MemTotal`
    /// (cadvisor machine/machine.go `GetMachineMemoryCapacity`).
    pub(crate) fn of_node(w: &World, node: usize) -> Meminfo {
        let total = w.node.info(node).map_or(0, |n| n.memory_bytes) / 1024;
        let shmem_bytes: u64 = w
            .pods
            .iter()
            .filter(|(_, pod)| pod.node == Some(node))
            .flat_map(|(_, pod)| pod.volumes.values())
            .filter(|v| v.kind.on_tmpfs())
            .flat_map(|v| v.tree.files.values())
            .map(|f| tmpfs_pages_bytes(f.len()))
            .fold(0u64, u64::saturating_add);
        let shmem = (shmem_bytes / 1024).min(total);
        let anon_bytes = w
            .node
            .processes_on(node)
            .filter(|q| !q.is_zombie())
            .map(|q| q.mem_bytes)
            .fold(0u64, u64::saturating_add);
        let anon = (anon_bytes / 1024).min(total - shmem);
        let free = total - shmem - anon;
        Meminfo {
            total,
            free,
            // mm/show_mem.c `si_mem_available`: free memory plus the reclaimable page
            // cache and slab; podscope's node has neither (and no watermark reserve).
            available: free,
            buffers: 0,
            cached: shmem,
            anon,
            shmem,
            sreclaimable: 0,
            swap_total: 0,
            swap_free: 0,
        }
    }

    /// The lines of `/proc/meminfo` podscope models, in the kernel's order and format
    /// (fs/proc/meminfo.c `show_val_kb`: the label padded to 16 columns, the value right
    /// aligned in 8, ` kB`). The kernel prints some fifty lines; the others (Active,
    /// Inactive, Slab, PageTables, Vmalloc, HugePages…) are not modelled.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for (label, kb) in [
            ("MemTotal:", self.total),
            ("MemFree:", self.free),
            ("MemAvailable:", self.available),
            ("Buffers:", self.buffers),
            ("Cached:", self.cached),
            ("SwapCached:", 0),
            ("SwapTotal:", self.swap_total),
            ("SwapFree:", self.swap_free),
            ("AnonPages:", self.anon),
            ("Shmem:", self.shmem),
            ("SReclaimable:", self.sreclaimable),
        ] {
            let _ = writeln!(s, "{label:<16}{kb:>8} kB");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_show_val_kb() {
        let m = Meminfo {
            total: 8_388_608,
            free: 8_000_000,
            available: 8_000_000,
            buffers: 0,
            cached: 4,
            anon: 388_604,
            shmem: 4,
            sreclaimable: 0,
            swap_total: 0,
            swap_free: 0,
        };
        let t = m.text();
        assert!(t.starts_with("MemTotal:        8388608 kB\nMemFree:         8000000 kB\n"));
        assert!(t.contains("\nShmem:                 4 kB\n"));
        assert_eq!(t.lines().count(), 11);
    }

    #[test]
    fn tmpfs_files_take_whole_pages() {
        assert_eq!(tmpfs_pages_bytes(0), 0);
        assert_eq!(tmpfs_pages_bytes(1), 4096);
        assert_eq!(tmpfs_pages_bytes(4097), 8192);
    }
}
