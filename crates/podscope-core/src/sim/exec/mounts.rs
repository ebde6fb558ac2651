//! The container's mount table, as containerd 2.2 and runc set it up and `/proc/mounts`
//! lists it: the overlay root, the runtime's default mounts, the kubelet's and containerd's
//! bind mounts and the pod's volumes (ordered as containerd orders them), then runc's
//! read-only and masked `/proc` and `/sys` paths. `mount`, `df` and `/proc/mounts` read
//! this one table; what each volume mount is comes from the instance's `mounts` (the
//! Inspector's list), so the two never disagree.
//!
//! Sources: containerd pkg/oci/mounts.go `defaultMounts` (less `/run`: `WithoutRunMount`;
//! `/dev/shm` replaced by the sandbox's), internal/cri/opts/spec_linux_opts.go
//! `withMounts` (the cgroup mount, CRI mounts sorted by their number of path parts, stable),
//! internal/cri/server/container_create.go `linuxContainerMounts` (`/etc/hostname`,
//! `/etc/resolv.conf`, `/dev/shm`; read-only with `readOnlyRootFilesystem`),
//! internal/cri/server/podsandbox/sandbox_run_linux.go `setupSandboxFiles` (the sandbox's
//! `shm`, 64 MiB), kubelet pkg/kubelet/kubelet_pods.go `makeMounts` (volume mounts in the
//! spec's order, then `/etc/hosts`) and kuberuntime_container.go (`/dev/termination-log`),
//! pkg/securitycontext/util.go (`defaultMaskedPaths`, `defaultReadonlyPaths`), runc
//! libcontainer `readonlyPath` and `maskPath` (a directory masked by a read-only tmpfs, a
//! file by binding `/dev/null` from the container's `/dev` tmpfs). Options are written as
//! the kernel shows them: VFS flags (`show_mnt_opts`), then the filesystem's
//! (mm/shmem.c `shmem_show_options`: size, mode, `inode64`, `noswap`; devpts, cgroup2's
//! `nsdelegate,memory_recursiveprot` from the node's systemd mount, which a cgroup
//! namespace's mount does not change: kernel/cgroup `apply_cgroup_root_flags`).

use crate::model::sort::CompactSort;
use std::fmt::Write as _;

use crate::model::ids::PodId;
use crate::sim::fs::{Mount, VolumeKind};
use crate::sim::image::ImageKind;
use crate::sim::world::{Pod, Slot, World};

/// A filesystem type as `/proc/mounts` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FsType {
    Overlay,
    Proc,
    Tmpfs,
    Devpts,
    Mqueue,
    Sysfs,
    Cgroup2,
    Ext4,
}

impl FsType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FsType::Overlay => "overlay",
            FsType::Proc => "proc",
            FsType::Tmpfs => "tmpfs",
            FsType::Devpts => "devpts",
            FsType::Mqueue => "mqueue",
            FsType::Sysfs => "sysfs",
            FsType::Cgroup2 => "cgroup2",
            FsType::Ext4 => "ext4",
        }
    }
}

/// Which filesystem a mount shows: what `statfs(2)` reports of it, and its identity
/// (`st_dev`: bind mounts of one filesystem share it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fs {
    /// The container's overlayfs root (statfs reports its upper layer's filesystem, the
    /// node's disk: fs/overlayfs/super.c `ovl_statfs`).
    Overlay,
    /// The node's root filesystem (`/dev/root`, ext4).
    NodeDisk,
    /// The container's `/dev` (64 MiB tmpfs), and `/dev/null` bound over masked files.
    DevTmpfs,
    /// The sandbox's `/dev/shm`.
    Shm,
    /// The kubelet's tmpfs of a volume, `size` bytes.
    VolumeTmpfs { volume: String, size: u64 },
    /// runc's read-only tmpfs over a masked directory (no `size=`: half the node's RAM).
    Masked(String),
    /// A filesystem with no blocks (proc, sysfs, devpts, mqueue, cgroup2).
    Virtual(FsType),
}

/// One line of the mount table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MountEntry {
    pub source: String,
    pub target: String,
    pub fstype: FsType,
    pub options: String,
    pub fs: Fs,
    /// The directory of the filesystem that is mounted (mountinfo's root field): GNU
    /// df's choice among bind mounts of one device prefers the shorter.
    pub root: String,
}

/// The node's root filesystem as Ubuntu's cloud images mount it (fstab `discard,
/// errors=remount-ro`; the kernel names the root device `/dev/root`).
const NODE_DISK_SOURCE: &str = "/dev/root";
const NODE_DISK_OPTS: &str = "relatime,discard,errors=remount-ro";

/// runc's default `/dev` and containerd's sandbox `/dev/shm`: 64 MiB
/// (`size=65536k`; podsandbox/helpers_linux.go `defaultShmSize`).
pub(crate) const DEV_TMPFS_BYTES: u64 = 64 << 20;

/// Paths the node's kernel has of the kubelet's default masked paths (6.8 has no
/// `/proc/timer_stats` or `/proc/sched_debug`, an EC2 machine no `/proc/asound`, and
/// Ubuntu's kernel no `/proc/latency_stats`; runc skips what does not exist): directories
/// get a read-only tmpfs, files `/dev/null`.
const MASKED_DIRS: [&str; 4] = [
    "/proc/acpi",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];
const MASKED_FILES: [&str; 3] = ["/proc/kcore", "/proc/keys", "/proc/timer_list"];
/// pkg/securitycontext/util.go `defaultReadonlyPaths`.
const READONLY_PATHS: [&str; 5] = [
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
];

/// How many layers podscope gives each image's root (the lowerdirs): busybox and alpine
/// one (their Dockerfiles `ADD` one root filesystem), nginx seven (debian:bookworm-slim's,
/// and its Dockerfile's `RUN` and five `COPY`s); the others one, not checked.
fn layers(kind: ImageKind) -> u32 {
    match kind {
        ImageKind::Nginx => 7,
        _ => 1,
    }
}

/// Every image kind in the order podscope's node pulled them (for snapshot numbers).
fn kind_index(kind: ImageKind) -> u32 {
    // Exhaustive on purpose: a new kind must get its own place.
    match kind {
        ImageKind::Pause => 0,
        ImageKind::Nginx => 1,
        ImageKind::Busybox => 2,
        ImageKind::Alpine => 3,
        ImageKind::Redis => 4,
        ImageKind::Httpd => 5,
        ImageKind::Postgres => 6,
        ImageKind::Python => 7,
        ImageKind::Stress => 8,
        ImageKind::Agnhost => 9,
        ImageKind::Goproxy => 10,
        ImageKind::Debian => 11,
        ImageKind::ServeHostname => 12,
        ImageKind::Other => 13,
        ImageKind::NodeHello => 14,
    }
}

const KINDS: [ImageKind; 15] = [
    ImageKind::Pause,
    ImageKind::Nginx,
    ImageKind::Busybox,
    ImageKind::Alpine,
    ImageKind::Redis,
    ImageKind::Httpd,
    ImageKind::Postgres,
    ImageKind::Python,
    ImageKind::Stress,
    ImageKind::Agnhost,
    ImageKind::Goproxy,
    ImageKind::Debian,
    ImageKind::ServeHostname,
    ImageKind::Other,
    ImageKind::NodeHello,
];

/// The overlay options containerd's snapshotter gives the container's root
/// (plugins/snapshots/overlay/overlay.go `mounts`: the parents newest first, the
/// container's own snapshot as upperdir and workdir). containerd numbers snapshots in the
/// order it makes them; podscope numbers the images' layers in `KINDS` order and a
/// container's own snapshot by its main process's host PID.
fn overlay_options(kind: ImageKind, upper: u32, read_only: bool) -> String {
    const DIR: &str = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots";
    let first: u32 = 1 + KINDS
        .iter()
        .take(kind_index(kind) as usize)
        .map(|k| layers(*k))
        .sum::<u32>();
    let lower: Vec<String> = (first..first + layers(kind))
        .rev()
        .map(|id| format!("{DIR}/{id}/fs"))
        .collect();
    format!(
        "{},relatime,lowerdir={},upperdir={DIR}/{upper}/fs,workdir={DIR}/{upper}/work",
        rw(read_only),
        lower.join(":")
    )
}

fn rw(read_only: bool) -> &'static str {
    if read_only { "ro" } else { "rw" }
}

/// A tmpfs's options after the VFS flags (`shmem_show_options`): `size=` when not the
/// default, `mode=` when not 1777, then `inode64` (Ubuntu's kernels set
/// `CONFIG_TMPFS_INODE64`), `noswap` where the kubelet asked for it.
fn tmpfs_opts(size: Option<u64>, mode: Option<&str>, noswap: bool) -> String {
    let mut s = String::new();
    if let Some(bytes) = size {
        let _ = write!(s, ",size={}k", bytes.div_ceil(4096) * 4);
    }
    if let Some(m) = mode {
        let _ = write!(s, ",mode={m}");
    }
    s.push_str(",inode64");
    if noswap {
        s.push_str(",noswap");
    }
    s
}

/// The size the kubelet gives a memory-backed emptyDir (and the emptyDir under configMap,
/// secret, projected and downwardAPI volumes): the node's allocatable memory, or the pod's
/// memory limit if smaller, or the volume's `sizeLimit` if smaller still
/// (pkg/volume/emptydir/empty_dir.go `calculateEmptyDirMemorySize`); mounted with
/// `size=` and `noswap` (`generateTmpfsMountOptions`; the node's 6.8 kernel is past 6.4).
pub(crate) fn memory_volume_size(w: &World, pod: &Pod, volume: &str) -> u64 {
    let mut size = w.node_of(pod).map_or(0, |n| n.allocatable.memory_bytes);
    let pod_limit = pod
        .resources
        .as_ref()
        .and_then(|r| r.cgroup.memory_max.parse::<u64>().ok());
    if let Some(l) = pod_limit.filter(|l| *l > 0 && *l <= size) {
        size = l;
    }
    let own = pod
        .spec
        .api
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .and_then(|vs| vs.iter().find(|v| v.name == volume))
        .and_then(|v| v.empty_dir.as_ref())
        .and_then(|e| e.size_limit.as_ref())
        .and_then(|q| crate::model::resources::ParsedQuantity::parse(&q.0).ok())
        .map(|q| q.bytes());
    if let Some(l) = own.filter(|l| *l > 0 && *l <= size) {
        size = l;
    }
    size
}

/// A container's volume mounts in the order the kubelet hands them to the runtime: the
/// spec's `volumeMounts` (the ServiceAccount admission plugin appended the token's), each
/// as the instance mounted it.
fn spec_ordered(pod: &Pod, slot: Slot, mounts: &[Mount]) -> Vec<Mount> {
    let listed: Vec<(String, String)> = crate::sim::termination::api_of(pod, slot)
        .and_then(|a| a.volume_mounts.as_ref())
        .map(|ms| {
            ms.iter()
                .map(|m| (crate::sim::fs::normalize(&m.mount_path), m.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<Mount> = listed
        .iter()
        .filter_map(|(path, vol)| {
            mounts
                .iter()
                .find(|m| &m.path == path && &m.volume == vol)
                .cloned()
        })
        .collect();
    // Mounts the spec does not list (the token's), in path order.
    let mut rest: Vec<Mount> = mounts
        .iter()
        .filter(|m| !out.contains(m))
        .cloned()
        .collect();
    rest.sort_compact_by(|a, b| a.path.cmp(&b.path));
    out.extend(rest);
    out
}

/// containerd's `orderedMounts`: by the number of parts of the cleaned path.
fn parts(path: &str) -> usize {
    path.split('/').count()
}

/// The mount table of the container at `slot` of pod `p`, in mount order.
pub(crate) fn table(w: &World, p: PodId, slot: Slot) -> Vec<MountEntry> {
    let Some(pod) = w.pods.get(p) else {
        return Vec::new();
    };
    let Some(c) = pod.container(slot) else {
        return Vec::new();
    };
    let Some(inst) = c.instance.as_ref() else {
        return Vec::new();
    };
    let kind = ImageKind::of(&c.spec.image);
    let privileged = c.spec.privileged;
    let ro_root = crate::sim::security::read_only_root(&pod.spec, slot);
    let upper = inst.pids.first().map_or(1, |pid| pid.0);
    let uid = pod.uid.as_str();
    let entry = |source: &str, target: &str, fstype: FsType, options: String, fs: Fs| MountEntry {
        source: source.to_owned(),
        target: target.to_owned(),
        fstype,
        options,
        fs,
        root: "/".to_owned(),
    };
    let virt = |source: &str, target: &str, t: FsType, opts: &str| {
        entry(source, target, t, opts.to_owned(), Fs::Virtual(t))
    };
    let dev_opts = format!(
        "rw,nosuid{}",
        tmpfs_opts(Some(DEV_TMPFS_BYTES), Some("755"), false)
    );
    let mut out = vec![
        entry(
            "overlay",
            "/",
            FsType::Overlay,
            overlay_options(kind, upper, ro_root),
            Fs::Overlay,
        ),
        virt(
            "proc",
            "/proc",
            FsType::Proc,
            "rw,nosuid,nodev,noexec,relatime",
        ),
        entry(
            "tmpfs",
            "/dev",
            FsType::Tmpfs,
            dev_opts.clone(),
            Fs::DevTmpfs,
        ),
        virt(
            "devpts",
            "/dev/pts",
            FsType::Devpts,
            "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666",
        ),
        virt(
            "mqueue",
            "/dev/mqueue",
            FsType::Mqueue,
            "rw,nosuid,nodev,noexec,relatime",
        ),
        entry(
            "sysfs",
            "/sys",
            FsType::Sysfs,
            format!("{},nosuid,nodev,noexec,relatime", rw(!privileged)),
            Fs::Virtual(FsType::Sysfs),
        ),
        entry(
            "cgroup",
            "/sys/fs/cgroup",
            FsType::Cgroup2,
            format!(
                "{},nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot",
                rw(!privileged)
            ),
            Fs::Virtual(FsType::Cgroup2),
        ),
    ];
    // The CRI mounts: the kubelet's (volumes, /etc/hosts, the termination log), then
    // containerd's own, sorted stably by depth.
    let disk = |target: &str, ro: bool, root: String| MountEntry {
        source: NODE_DISK_SOURCE.to_owned(),
        target: target.to_owned(),
        fstype: FsType::Ext4,
        options: format!("{},{NODE_DISK_OPTS}", rw(ro)),
        fs: Fs::NodeDisk,
        root,
    };
    let pods_dir = format!("/var/lib/kubelet/pods/{uid}");
    let sandbox_dir = pod.sandbox.as_ref().map_or_else(String::new, |s| {
        format!(
            "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{}",
            s.id.full()
        )
    });
    let mut cri: Vec<MountEntry> = Vec::new();
    for m in spec_ordered(pod, slot, &inst.mounts) {
        let Some(vol) = pod.volumes.get(&m.volume) else {
            continue;
        };
        let sub = if m.sub_path.is_empty() {
            String::new()
        } else {
            format!("/{}", m.sub_path)
        };
        if vol.kind.on_tmpfs() {
            let size = memory_volume_size(w, pod, &m.volume);
            cri.push(MountEntry {
                source: "tmpfs".to_owned(),
                target: m.path.clone(),
                fstype: FsType::Tmpfs,
                options: format!(
                    "{},relatime{}",
                    rw(m.read_only),
                    tmpfs_opts(Some(size), None, true)
                ),
                fs: Fs::VolumeTmpfs {
                    volume: m.volume.clone(),
                    size,
                },
                root: if sub.is_empty() { "/".to_owned() } else { sub },
            });
        } else {
            let root = match &vol.kind {
                VolumeKind::HostPath { path } => format!("{path}{sub}"),
                VolumeKind::EmptyDir { .. } => {
                    format!(
                        "{pods_dir}/volumes/kubernetes.io~empty-dir/{}{sub}",
                        m.volume
                    )
                }
                _ => format!("{pods_dir}/volumes/{}{sub}", m.volume),
            };
            cri.push(disk(&m.path, m.read_only, root));
        }
    }
    cri.push(disk("/etc/hosts", false, format!("{pods_dir}/etc-hosts")));
    let term = crate::sim::termination::message_path(pod, slot);
    if !term.is_empty() {
        cri.push(disk(
            &term,
            false,
            format!(
                "{pods_dir}/containers/{}/{}",
                c.spec.name.0,
                inst.id.crictl()
            ),
        ));
    }
    cri.push(disk(
        "/etc/hostname",
        ro_root,
        format!("{sandbox_dir}/hostname"),
    ));
    cri.push(disk(
        "/etc/resolv.conf",
        ro_root,
        format!("{sandbox_dir}/resolv.conf"),
    ));
    cri.push(MountEntry {
        source: "shm".to_owned(),
        target: "/dev/shm".to_owned(),
        fstype: FsType::Tmpfs,
        options: format!(
            "rw,nosuid,nodev,noexec,relatime{}",
            tmpfs_opts(Some(DEV_TMPFS_BYTES), None, false)
        ),
        fs: Fs::Shm,
        root: "/".to_owned(),
    });
    // A CRI mount replaces containerd's of the same path (`isInCRIMounts`).
    let mut seen: Vec<String> = Vec::new();
    cri.retain(|m| {
        let fresh = !seen.contains(&m.target);
        seen.push(m.target.clone());
        fresh
    });
    cri.sort_compact_by_key(|m| parts(&m.target));
    out.extend(cri);
    if !privileged {
        for path in READONLY_PATHS {
            out.push(virt(
                "proc",
                path,
                FsType::Proc,
                "ro,nosuid,nodev,noexec,relatime",
            ));
        }
        let mut masked: Vec<(&str, bool)> = MASKED_DIRS
            .iter()
            .map(|d| (*d, true))
            .chain(MASKED_FILES.iter().map(|f| (*f, false)))
            .collect();
        // pkg/securitycontext/util.go's order.
        let order = [
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/timer_list",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap",
        ];
        masked.sort_compact_by_key(|(p, _)| order.iter().position(|o| o == p));
        for (path, is_dir) in masked {
            if is_dir {
                out.push(entry(
                    "tmpfs",
                    path,
                    FsType::Tmpfs,
                    format!("ro,relatime{}", tmpfs_opts(None, None, false)),
                    Fs::Masked(path.to_owned()),
                ));
            } else {
                let mut e = entry("tmpfs", path, FsType::Tmpfs, dev_opts.clone(), Fs::DevTmpfs);
                e.root = "/null".to_owned();
                out.push(e);
            }
        }
    }
    out
}

/// `/proc/mounts` (fs/proc_namespace.c `show_vfsmnt`): source, target with space, tab,
/// newline and backslash in octal (`mangle`), type, options, `0 0`.
pub(crate) fn proc_mounts(table: &[MountEntry]) -> String {
    let mut s = String::new();
    for m in table {
        let _ = writeln!(
            s,
            "{} {} {} {} 0 0",
            mangle(&m.source),
            mangle(&m.target),
            m.fstype.as_str(),
            m.options
        );
    }
    s
}

fn mangle(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            ' ' => out.push_str("\\040"),
            '\t' => out.push_str("\\011"),
            '\n' => out.push_str("\\012"),
            '\\' => out.push_str("\\134"),
            c => out.push(c),
        }
    }
    out
}

/// `mount` with no operands (busybox util-linux/mount.c `mount_main`, util-linux
/// sys-utils/mount.c `print_all`): `SOURCE on TARGET type TYPE (OPTIONS)` per mount,
/// `-t TYPE` keeping one type. Mounting something needs CAP_SYS_ADMIN and is not
/// simulated.
pub(crate) fn mount(
    w: &World,
    ctx: super::Ctx,
    args: &[&str],
    io: &mut podscope_shell::Io<'_>,
) -> super::Applet {
    let mut fstype: Option<&str> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-t" => fstype = it.next().copied(),
            t if t.starts_with("-t") && t.len() > 2 => fstype = t.get(2..),
            _ => {
                io.stderr
                    .push_str("mount: mounting is not simulated by podscope\n");
                return super::Applet::Done(1);
            }
        }
    }
    for m in table(w, ctx.pod, ctx.slot) {
        if fstype.is_some_and(|t| t != m.fstype.as_str()) {
            continue;
        }
        let _ = writeln!(
            io.stdout,
            "{} on {} type {} ({})",
            m.source,
            m.target,
            m.fstype.as_str(),
            m.options
        );
    }
    super::Applet::Done(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmpfs_options_follow_shmem_show_options() {
        assert_eq!(
            tmpfs_opts(Some(64 << 20), Some("755"), false),
            ",size=65536k,mode=755,inode64"
        );
        // A size in bytes is rounded up to whole pages.
        assert_eq!(
            tmpfs_opts(Some(8_485_076_993), None, true),
            ",size=8286212k,inode64,noswap"
        );
        assert_eq!(tmpfs_opts(None, None, false), ",inode64");
    }

    #[test]
    fn overlay_layers_are_listed_newest_first() {
        let o = overlay_options(ImageKind::Nginx, 900, false);
        assert!(o.starts_with("rw,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/8/fs:"), "{o}");
        assert!(o.contains("snapshots/2/fs,upperdir="), "{o}");
        assert!(o.ends_with("snapshots/900/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/900/work"));
        let ro = overlay_options(ImageKind::Busybox, 7, true);
        assert!(ro.starts_with("ro,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/9/fs,upperdir="), "{ro}");
    }

    #[test]
    fn proc_mounts_escapes_like_the_kernel() {
        let t = [MountEntry {
            source: "tmpfs".into(),
            target: "/a b\\c".into(),
            fstype: FsType::Tmpfs,
            options: "rw".into(),
            fs: Fs::DevTmpfs,
            root: "/".into(),
        }];
        assert_eq!(proc_mounts(&t), "tmpfs /a\\040b\\134c tmpfs rw 0 0\n");
    }

    #[test]
    fn cri_mounts_sort_by_depth_keeping_their_order() {
        let mut v = [
            "/var/run/secrets/kubernetes.io/serviceaccount",
            "/data",
            "/etc/hosts",
            "/dev/termination-log",
            "/cache",
        ];
        v.sort_compact_by_key(|p| parts(p));
        assert_eq!(
            v,
            [
                "/data",
                "/cache",
                "/etc/hosts",
                "/dev/termination-log",
                "/var/run/secrets/kubernetes.io/serviceaccount"
            ]
        );
    }
}
