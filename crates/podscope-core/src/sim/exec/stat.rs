//! `stat(2)` of a path in a container, as `ls -l`, `du` and `test` need it: what it is,
//! its size, mode, owner and time. Paths the container wrote carry what was recorded when
//! they were made (`fs::Meta`); the image's own files are root's (`0644`, directories
//! `0755`, `/tmp` `1777`, `/root` `0700`) from when the image was made; volume roots are
//! the kubelet's (an emptyDir, and the emptyDir under configMap, secret, projected and
//! downwardAPI volumes, is made `0777`: pkg/volume/emptydir/empty_dir.go `perm`; a tmpfs
//! mounted over it shows tmpfs's own root, `1777`; with `fsGroup` it is chowned to the group
//! with the setgid bit: pkg/volume/volume_linux.go `SetVolumeOwnership`). A directory of the
//! image that the runtime made a mount point in is overlayfs's merged directory, with one
//! link.

use super::{Ctx, FsError};
use crate::model::humanize::unix_secs;
use crate::sim::fs::{self, Meta, Tree};
use crate::sim::image::ImageKind;
use crate::sim::image::files::IMAGE_FILES_MTIME;
use crate::sim::world::World;

/// What a path is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    File,
    Dir,
    /// A symbolic link and its target.
    Link(String),
}

/// `stat` of one path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileInfo {
    pub kind: Kind,
    pub size: u64,
    /// Permission bits with setuid/setgid/sticky.
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub mtime: i64,
    pub nlink: u64,
    /// On a tmpfs: directories and symbolic links hold no blocks.
    pub tmpfs: bool,
}

impl FileInfo {
    /// `ls -l`'s mode string (`drwxrwsrwx`; busybox libbb/mode_string.c, coreutils
    /// `filemodestring`).
    pub(crate) fn mode_string(&self) -> String {
        let t = match self.kind {
            Kind::File => '-',
            Kind::Dir => 'd',
            Kind::Link(_) => 'l',
        };
        let m = self.mode;
        let bit = |b: u32, c: char| if m & b != 0 { c } else { '-' };
        let special = |x: u32, s: u32, set: char, unset: char| match (m & x != 0, m & s != 0) {
            (true, true) => set,
            (false, true) => unset,
            (true, false) => 'x',
            (false, false) => '-',
        };
        [
            t,
            bit(0o400, 'r'),
            bit(0o200, 'w'),
            special(0o100, 0o4000, 's', 'S'),
            bit(0o040, 'r'),
            bit(0o020, 'w'),
            special(0o010, 0o2000, 's', 'S'),
            bit(0o004, 'r'),
            bit(0o002, 'w'),
            special(0o001, 0o1000, 't', 'T'),
        ]
        .iter()
        .collect()
    }

    /// 1 KiB blocks, as `du` and `ls -s` count them (4 KiB filesystem blocks).
    pub(crate) fn blocks_k(&self) -> u64 {
        match self.kind {
            Kind::Link(_) => 0,
            Kind::Dir if self.tmpfs => 0,
            _ => self.size.div_ceil(4096) * 4,
        }
    }
}

fn dir(mode: u32, mtime: i64) -> FileInfo {
    FileInfo {
        kind: Kind::Dir,
        size: 4096,
        mode,
        uid: 0,
        gid: 0,
        mtime,
        nlink: 2,
        tmpfs: false,
    }
}

fn file(size: usize, mode: u32, mtime: i64) -> FileInfo {
    FileInfo {
        kind: Kind::File,
        size: size as u64,
        mode,
        uid: 0,
        gid: 0,
        mtime,
        nlink: 1,
        tmpfs: false,
    }
}

fn apply_meta(mut info: FileInfo, meta: Option<&Meta>) -> FileInfo {
    if let Some(m) = meta {
        info.uid = m.uid;
        info.gid = m.gid;
        info.mode = m.mode;
        info.mtime = m.mtime;
    }
    info
}

/// A path of a tree: its own record, or root's defaults from `since`.
fn in_tree(tree: &Tree, rel: &str, since: i64) -> Option<FileInfo> {
    if let Some(target) = tree.read_link(rel) {
        let mut l = file(target.len(), 0o777, since);
        l.kind = Kind::Link(target.to_owned());
        return Some(l);
    }
    let mode = |default: u32| tree.modes.get(rel).copied().unwrap_or(default);
    if let Some(text) = tree.files.get(rel) {
        return Some(apply_meta(
            file(text.len(), mode(0o644), since),
            tree.meta.get(rel),
        ));
    }
    if tree.is_dir(rel) {
        let mut d = apply_meta(dir(mode(0o755), since), tree.meta.get(rel));
        d.nlink = 2 + tree
            .list(rel)
            .iter()
            .filter(|n| {
                let child = if rel.is_empty() {
                    (*n).clone()
                } else {
                    format!("{rel}/{n}")
                };
                !tree.files.contains_key(&child) && tree.read_link(&child).is_none()
            })
            .count() as u64;
        return Some(d);
    }
    None
}

/// tmpfs's `BOGO_DIRENT_SIZE` (Linux mm/shmem.c): a directory's size counts 20 bytes per
/// name, `.` and `..` included (`shmem_get_inode` starts a directory at `2 *
/// BOGO_DIRENT_SIZE`; `shmem_mknod` and `shmem_symlink` add one per name).
const BOGO_DIRENT_SIZE: u64 = 20;

/// `info`, a path of a tmpfs volume, with tmpfs's numbers.
fn on_tmpfs(mut info: FileInfo, tree: &Tree, rel: &str) -> FileInfo {
    info.tmpfs = true;
    if info.kind == Kind::Dir {
        info.size = BOGO_DIRENT_SIZE * (2 + tree.list(rel).len() as u64);
    }
    info
}

/// Whether `dir` (absolute) holds one of the container's mount points below it: the
/// runtime made the mount point in the container's upper layer, so overlayfs shows `dir`
/// as a merged directory, whose link count it reports as 1 (fs/overlayfs/inode.c
/// `ovl_getattr`: `if (is_dir && OVL_TYPE_MERGE(type)) stat->nlink = 1`).
fn holds_mount_point(mounts: &[fs::Mount], dir: &str) -> bool {
    let prefix = if dir == "/" {
        "/".to_owned()
    } else {
        format!("{dir}/")
    };
    mounts.iter().any(|m| m.path.starts_with(&prefix))
}

impl World {
    /// `stat` (or `lstat`: symbolic links are not followed) of `path` in the container.
    pub(crate) fn file_info(&self, ctx: Ctx, path: &str) -> Result<FileInfo, FsError> {
        let path = fs::normalize(path);
        let pod = self.pods.get(ctx.pod).ok_or(FsError::NoEntry)?;
        let c = pod.container(ctx.slot).ok_or(FsError::NoEntry)?;
        let inst = c.instance.as_ref().ok_or(FsError::NoEntry)?;
        let started = unix_secs(inst.started_at);
        let kind = ImageKind::of(&c.spec.image);
        if fs::log_symlink(kind, &path) {
            let target = if path.ends_with("error.log") {
                "/dev/stderr"
            } else {
                "/dev/stdout"
            };
            let mut l = file(target.len(), 0o777, IMAGE_FILES_MTIME);
            l.kind = Kind::Link(target.to_owned());
            return Ok(l);
        }
        if path == "/proc" || path == "/sys" {
            return Ok(dir(0o555, started));
        }
        if let Some((q_pod, q_slot, inner)) = self.proc_root(ctx, &path)
            && let Some(q_ctx) = self.reader_ctx(q_pod, q_slot)
        {
            return self.file_info(q_ctx, &inner);
        }
        if let Some(rest) = path.strip_prefix("/proc/") {
            let top = rest.split('/').next().unwrap_or(rest);
            if rest == top && top.chars().all(|ch| ch.is_ascii_digit()) {
                return Ok(dir(0o555, started));
            }
            return match self.read_file(ctx.pod, ctx.slot, &path) {
                Ok(_) => Ok(file(0, 0o444, started)),
                Err(e) => Err(e),
            };
        }
        if matches!(
            path.as_str(),
            "/etc/hosts" | "/etc/hostname" | "/etc/resolv.conf"
        ) {
            let size = self
                .read_file(ctx.pod, ctx.slot, &path)
                .map_or(0, |t| t.len());
            return Ok(file(size, 0o644, started));
        }
        if let Some((m, rel)) = fs::mount_for(&inst.mounts, &path) {
            let vol = pod.volumes.get(&m.volume).ok_or(FsError::NoEntry)?;
            let fs_group = super::ident::fs_group(self, ctx);
            let root = if m.sub_path.is_empty() {
                String::new()
            } else {
                m.sub_path.clone()
            };
            let tmpfs = vol.kind.on_tmpfs();
            if rel == root {
                let mut d =
                    in_tree(&vol.tree, &rel, started).unwrap_or_else(|| dir(0o777, started));
                if !vol.tree.meta.contains_key(&rel) {
                    // tmpfs's root: `0777 | S_ISVTX` (mm/shmem.c `shmem_init_fs_context`).
                    d.mode = if tmpfs && rel.is_empty() {
                        0o1777
                    } else {
                        0o777
                    };
                    if let Some(g) = fs_group {
                        d.mode |= 0o2000;
                        d.gid = g;
                    }
                }
                return Ok(match tmpfs {
                    true => on_tmpfs(d, &vol.tree, &rel),
                    false => d,
                });
            }
            let mut info = in_tree(&vol.tree, &rel, started).ok_or(FsError::NoEntry)?;
            if !vol.tree.meta.contains_key(&rel)
                && let Some(g) = fs_group
            {
                info.gid = g;
            }
            return Ok(match tmpfs {
                true => on_tmpfs(info, &vol.tree, &rel),
                false => info,
            });
        }
        let rel = path.trim_start_matches('/');
        if let Some(info) = in_tree(&inst.rootfs, rel, started)
            && (inst.rootfs.files.contains_key(rel) || inst.rootfs.meta.contains_key(rel))
        {
            return Ok(info);
        }
        let image = super::files::image_tree_of(kind);
        if let Some(mut info) =
            in_tree(image, rel, IMAGE_FILES_MTIME).filter(|_| !inst.rootfs.hides(rel))
        {
            if info.kind == Kind::Dir {
                info.mode = match rel {
                    "tmp" => 0o1777,
                    "root" => 0o700,
                    "proc" | "sys" => 0o555,
                    _ => 0o755,
                };
                if holds_mount_point(&inst.mounts, &path) {
                    info.nlink = 1;
                }
            }
            return Ok(info);
        }
        if let Some(info) = in_tree(&inst.rootfs, rel, started) {
            return Ok(info);
        }
        // A directory that only holds mount points: the runtime made it in the upper layer
        // alone, so it has the real links of the node's filesystem, 2 and one per
        // subdirectory.
        if let Ok(names) = self.list_dir(ctx.pod, ctx.slot, &path) {
            let mut d = dir(0o755, started);
            d.nlink += names
                .iter()
                .filter(|n| {
                    let child = format!("{}/{n}", path.trim_end_matches('/'));
                    self.file_info(ctx, &child)
                        .is_ok_and(|i| i.kind == Kind::Dir)
                })
                .count() as u64;
            return Ok(d);
        }
        Err(FsError::NoEntry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_strings_show_the_special_bits() {
        let mut d = dir(0o2777, 0);
        assert_eq!(d.mode_string(), "drwxrwsrwx");
        d.mode = 0o1777;
        assert_eq!(d.mode_string(), "drwxrwxrwt");
        let f = file(6, 0o644, 0);
        assert_eq!(f.mode_string(), "-rw-r--r--");
        let mut l = file(11, 0o777, 0);
        l.kind = Kind::Link("/dev/stdout".into());
        assert_eq!(l.mode_string(), "lrwxrwxrwx");
        assert_eq!(f.blocks_k(), 4);
        assert_eq!(file(0, 0o644, 0).blocks_k(), 0);
    }
}
