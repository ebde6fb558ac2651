//! The files a container's processes see: the kubelet's and the kernel's files, the pod's
//! volumes at their mount points, and the image under the instance's writable layer.

use crate::model::sort::CompactSort;
use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::ids::PodId;
use crate::sim::fs::{self, Tree};
use crate::sim::image::ImageKind;
use crate::sim::world::{Slot, World};

/// The image's files (`fs::image_tree`), built once per image kind: the tree is a pure
/// function of the kind, and building it (a dozen owned strings, nginx's pages) on every
/// read made each httpGet probe of nginx pay for it.
pub(crate) fn image_tree_of(kind: ImageKind) -> &'static Tree {
    image_tree(kind)
}

fn image_tree(kind: ImageKind) -> &'static Tree {
    static TREES: [OnceLock<Tree>; 15] = [const { OnceLock::new() }; 15];
    // Exhaustive on purpose: a new kind must get its own slot.
    let i = match kind {
        ImageKind::Nginx => 0,
        ImageKind::Busybox => 1,
        ImageKind::Alpine => 2,
        ImageKind::Redis => 3,
        ImageKind::Httpd => 4,
        ImageKind::Postgres => 5,
        ImageKind::Python => 6,
        ImageKind::Stress => 7,
        ImageKind::Pause => 8,
        ImageKind::Agnhost => 9,
        ImageKind::Goproxy => 10,
        ImageKind::Other => 11,
        ImageKind::Debian => 12,
        ImageKind::ServeHostname => 13,
        ImageKind::NodeHello => 14,
    };
    TREES[i].get_or_init(|| fs::image_tree(kind))
}

/// `fs::normalize` without the allocation for a path that is already normal (absolute, no
/// empty, `.` or `..` segment, no trailing slash), which is what programs usually pass.
fn normalized(path: &str) -> Cow<'_, str> {
    let normal = path == "/"
        || (path.starts_with('/')
            && !path.ends_with('/')
            && path
                .split('/')
                .skip(1)
                .all(|seg| !seg.is_empty() && seg != "." && seg != ".."));
    if normal {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(fs::normalize(path))
    }
}

/// Why a file operation failed, with the C library's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    NoEntry,
    IsDir,
    NotDir,
    ReadOnly,
    /// A mount point: the kubelet's bind-mounted `/etc/hosts` or a volume's directory.
    Busy,
}

impl FsError {
    pub fn strerror(self) -> &'static str {
        match self {
            FsError::NoEntry => "No such file or directory",
            FsError::IsDir => "Is a directory",
            FsError::NotDir => "Not a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::Busy => "Device or resource busy",
        }
    }
}

/// What a path holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    File,
    Dir,
}

/// Where a write lands.
enum Target {
    Volume(String, String),
    Rootfs(String),
    /// The container's stdout (nginx's log symlinks, `/dev/stdout`).
    Log,
    Null,
}

impl World {
    /// The contents of `path` in container `slot` of pod `p`.
    pub(crate) fn read_file(&self, p: PodId, slot: Slot, path: &str) -> Result<String, FsError> {
        let path = normalized(path);
        if path.starts_with("/proc/")
            && let Some(ctx) = self.reader_ctx(p, slot)
            && let Some(r) = self.proc_file(ctx, &path)
        {
            return r;
        }
        if let Some(text) = self.special_file(p, slot, &path) {
            return Ok(text);
        }
        let pod = self.pods.get(p).ok_or(FsError::NoEntry)?;
        let c = pod.container(slot).ok_or(FsError::NoEntry)?;
        let inst = c.instance.as_ref().ok_or(FsError::NoEntry)?;
        if let Some((m, rel)) = fs::mount_for(&inst.mounts, &path) {
            let vol = pod.volumes.get(&m.volume).ok_or(FsError::NoEntry)?;
            return read_tree(&vol.tree, &rel);
        }
        let rel = path.trim_start_matches('/');
        if let Some(text) = inst.rootfs.files.get(rel) {
            return Ok(text.clone());
        }
        if inst.rootfs.hides(rel) {
            return Err(FsError::NoEntry);
        }
        if fs::log_symlink(ImageKind::of(&c.spec.image), &path) {
            return Ok(String::new());
        }
        read_tree(image_tree(ImageKind::of(&c.spec.image)), rel)
    }

    /// The container's main process as the reader of `/proc` paths.
    pub(crate) fn reader_ctx(&self, p: PodId, slot: Slot) -> Option<super::Ctx> {
        let pid = self
            .pods
            .get(p)?
            .container(slot)?
            .instance
            .as_ref()?
            .pids
            .first()
            .copied()?;
        Some(super::Ctx {
            pod: p,
            slot,
            pid,
            tty: None,
        })
    }

    /// Creates, truncates or appends to a file.
    pub(crate) fn write_file(
        &mut self,
        p: PodId,
        slot: Slot,
        path: &str,
        data: &str,
        append: bool,
    ) -> Result<(), FsError> {
        let path = normalized(path);
        let target = self.write_target(p, slot, &path)?;
        let meta = self.new_meta(p, slot, &path, 0o644);
        let pod = self.pods.get_mut(p).ok_or(FsError::NoEntry)?;
        let tree = match target {
            Target::Null => return Ok(()),
            Target::Log => {
                if let Some(inst) = pod.container_mut(slot).and_then(|c| c.instance.as_mut()) {
                    crate::sim::exec::append_log(&mut inst.log, data);
                }
                return Ok(());
            }
            Target::Volume(v, rel) => match pod.volumes.get_mut(&v) {
                Some(vol) => (&mut vol.tree, rel),
                None => return Err(FsError::NoEntry),
            },
            Target::Rootfs(rel) => {
                match pod.container_mut(slot).and_then(|c| c.instance.as_mut()) {
                    Some(inst) => (&mut inst.rootfs, rel),
                    None => return Err(FsError::NoEntry),
                }
            }
        };
        let (tree, rel) = tree;
        tree.whiteouts.remove(&rel);
        match (tree.meta.get_mut(&rel), meta) {
            (Some(m), Some(new)) => m.mtime = new.mtime,
            (None, Some(new)) if !tree.files.contains_key(&rel) => {
                tree.meta.insert(rel.clone(), new);
            }
            _ => {}
        }
        let entry = tree.files.entry(rel).or_default();
        if !append {
            entry.clear();
        }
        entry.push_str(data);
        Ok(())
    }

    fn write_target(&self, p: PodId, slot: Slot, path: &str) -> Result<Target, FsError> {
        match path {
            "/dev/null" => return Ok(Target::Null),
            "/dev/stdout" | "/dev/stderr" | "/proc/self/fd/1" | "/proc/self/fd/2" => {
                return Ok(Target::Log);
            }
            _ => {}
        }
        if path.starts_with("/proc/") || path.starts_with("/sys/") {
            return Err(FsError::ReadOnly);
        }
        let pod = self.pods.get(p).ok_or(FsError::NoEntry)?;
        let c = pod.container(slot).ok_or(FsError::NoEntry)?;
        let inst = c.instance.as_ref().ok_or(FsError::NoEntry)?;
        if let Some((m, rel)) = fs::mount_for(&inst.mounts, path) {
            if m.read_only {
                return Err(FsError::ReadOnly);
            }
            let vol = pod.volumes.get(&m.volume).ok_or(FsError::NoEntry)?;
            if vol.tree.is_dir(&rel) {
                return Err(FsError::IsDir);
            }
            return Ok(Target::Volume(m.volume.clone(), rel));
        }
        let kind = ImageKind::of(&c.spec.image);
        if fs::log_symlink(kind, path) {
            return Ok(Target::Log);
        }
        let rel = path.trim_start_matches('/').to_owned();
        if rel.is_empty()
            || (image_tree(kind).is_dir(&rel) && !inst.rootfs.hides(&rel))
            || inst.rootfs.is_dir(&rel)
        {
            return Err(FsError::IsDir);
        }
        // `readOnlyRootFilesystem`: the runtime mounts the root filesystem read-only (OCI
        // `root.readonly`), so a write outside the volumes fails with EROFS.
        if crate::sim::security::read_only_root(&pod.spec, slot) {
            return Err(FsError::ReadOnly);
        }
        Ok(Target::Rootfs(rel))
    }

    /// What a path the container's user makes now records: its owner (the group of a
    /// setgid directory it is made in: inode_init_owner), `mode` less the umask 022, and
    /// the time.
    fn new_meta(&self, p: PodId, slot: Slot, path: &str, mode: u32) -> Option<fs::Meta> {
        let ctx = self.reader_ctx(p, slot)?;
        let id = super::ident::ident(self, ctx);
        let parent = path
            .rsplit_once('/')
            .map_or("/", |(d, _)| if d.is_empty() { "/" } else { d });
        let (gid, mode) = match self.file_info(ctx, parent) {
            Ok(d) if d.mode & 0o2000 != 0 => {
                (d.gid, if mode == 0o755 { mode | 0o2000 } else { mode })
            }
            _ => (id.gid, mode),
        };
        Some(fs::Meta {
            uid: id.uid,
            gid,
            mode,
            mtime: crate::model::humanize::unix_secs(self.now),
        })
    }

    /// `rm`: removes a file or directory (with what is under it) from the container's
    /// writable layer or a volume; one of the image's own hides behind a whiteout, as
    /// overlayfs records the removal of a lower layer's file.
    pub(crate) fn remove_file(&mut self, p: PodId, slot: Slot, path: &str) -> Result<(), FsError> {
        let path = fs::normalize(path);
        if path.starts_with("/proc/") || path.starts_with("/sys/") {
            return Err(FsError::ReadOnly);
        }
        if self.is_mount_point(p, slot, &path) {
            return Err(FsError::Busy);
        }
        let pod = self.pods.get_mut(p).ok_or(FsError::NoEntry)?;
        let read_only_root = crate::sim::security::read_only_root(&pod.spec, slot);
        let Some(c) = pod.container_mut(slot) else {
            return Err(FsError::NoEntry);
        };
        let image = image_tree(ImageKind::of(&c.spec.image));
        let Some(inst) = c.instance.as_mut() else {
            return Err(FsError::NoEntry);
        };
        let in_image = |rel: &str, inst: &crate::sim::world::Instance| {
            !inst.rootfs.hides(rel) && (image.files.contains_key(rel) || image.is_dir(rel))
        };
        let (tree, rel) = match fs::mount_for(&inst.mounts, &path) {
            Some((m, rel)) => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let volume = m.volume.clone();
                match pod.volumes.get_mut(&volume) {
                    Some(vol) => (&mut vol.tree, rel),
                    None => return Err(FsError::NoEntry),
                }
            }
            None => {
                let rel = path.trim_start_matches('/').to_owned();
                if !rel.is_empty() && in_image(&rel, inst) {
                    if read_only_root {
                        return Err(FsError::ReadOnly);
                    }
                    remove_in(&mut inst.rootfs, &rel);
                    inst.rootfs.whiteouts.insert(rel);
                    return Ok(());
                }
                (&mut inst.rootfs, rel)
            }
        };
        if remove_in(tree, &rel) {
            Ok(())
        } else {
            Err(FsError::NoEntry)
        }
    }

    /// Whether `path` (normalised) is a mount point: the kubelet's bind-mounted files
    /// (`/etc/hosts`…) or a volume's mount path. unlink(2) and rename(2) of one fail with
    /// EBUSY.
    pub(crate) fn is_mount_point(&self, p: PodId, slot: Slot, path: &str) -> bool {
        if matches!(path, "/etc/hosts" | "/etc/hostname" | "/etc/resolv.conf") {
            return true;
        }
        self.pods
            .get(p)
            .and_then(|pod| pod.container(slot))
            .and_then(|c| c.instance.as_ref())
            .is_some_and(|inst| inst.mounts.iter().any(|m| m.path == path))
    }

    /// `mkdir`: a directory in the writable layer or a volume.
    pub(crate) fn make_dir(&mut self, p: PodId, slot: Slot, path: &str) -> Result<(), FsError> {
        let path = fs::normalize(path);
        if self.stat(p, slot, &path).is_some() {
            return Ok(());
        }
        let target = self.write_target(p, slot, &path)?;
        let meta = self.new_meta(p, slot, &path, 0o755);
        let pod = self.pods.get_mut(p).ok_or(FsError::NoEntry)?;
        let record = |tree: &mut Tree, rel: String| {
            tree.whiteouts.remove(&rel);
            if let Some(m) = meta {
                tree.meta.insert(rel.clone(), m);
            }
            tree.dirs.push(rel);
        };
        match target {
            Target::Volume(v, rel) => {
                if let Some(vol) = pod.volumes.get_mut(&v) {
                    record(&mut vol.tree, rel);
                }
            }
            Target::Rootfs(rel) => {
                if let Some(inst) = pod.container_mut(slot).and_then(|c| c.instance.as_mut()) {
                    record(&mut inst.rootfs, rel);
                }
            }
            Target::Log | Target::Null => {}
        }
        Ok(())
    }

    /// Whether `path` is a file or a directory in the container.
    pub(crate) fn stat(&self, p: PodId, slot: Slot, path: &str) -> Option<Stat> {
        let path = fs::normalize(path);
        if self.list_dir(p, slot, &path).is_ok() {
            return Some(Stat::Dir);
        }
        // `/proc/N` (and `/proc/N/root`) of a process the container can see.
        if let Some(n) = path.strip_prefix("/proc/")
            && !n.contains('/')
            && self.read_file(p, slot, &format!("{path}/status")).is_ok()
        {
            return Some(Stat::Dir);
        }
        self.read_file(p, slot, &path).ok().map(|_| Stat::File)
    }

    /// The names in a directory, sorted (mount points included).
    pub(crate) fn list_dir(
        &self,
        p: PodId,
        slot: Slot,
        path: &str,
    ) -> Result<Vec<String>, FsError> {
        let path = fs::normalize(path);
        // `/proc/N/root/…`: the directory in the container process N runs in.
        if path.starts_with("/proc/")
            && let Some(ctx) = self.reader_ctx(p, slot)
            && let Some((q_pod, q_slot, inner)) = self.proc_root(ctx, &path)
        {
            return self.list_dir(q_pod, q_slot, &inner);
        }
        // `/proc/N` of a process the container sees: the files of it podscope models.
        if let Some(n) = path
            .strip_prefix("/proc/")
            .and_then(|n| n.parse::<u32>().ok())
        {
            let status = format!("/proc/{n}/status");
            return match self.read_file(p, slot, &status) {
                Ok(_) => Ok(["cmdline", "root", "status"].map(str::to_owned).to_vec()),
                Err(_) => Err(FsError::NoEntry),
            };
        }
        let pod = self.pods.get(p).ok_or(FsError::NoEntry)?;
        let c = pod.container(slot).ok_or(FsError::NoEntry)?;
        let inst = c.instance.as_ref().ok_or(FsError::NoEntry)?;
        if let Some((m, rel)) = fs::mount_for(&inst.mounts, &path) {
            let vol = pod.volumes.get(&m.volume).ok_or(FsError::NoEntry)?;
            // The kubelet's atomic writer puts configMap keys behind `..data` symlinks;
            // `ls` without -a does not show those.
            return if vol.tree.is_dir(&rel) {
                Ok(vol.tree.list(&rel))
            } else if vol
                .tree
                .resolve(&rel)
                .is_some_and(|r| vol.tree.files.contains_key(&r))
            {
                Err(FsError::NotDir)
            } else {
                Err(FsError::NoEntry)
            };
        }
        let rel = path.trim_start_matches('/');
        let image = image_tree(ImageKind::of(&c.spec.image));
        let hidden = inst.rootfs.hides(rel);
        let image_dir = image.is_dir(rel) && !hidden;
        if !image_dir && !inst.rootfs.is_dir(rel) && !is_mount_parent(inst, &path) {
            return if (image.files.contains_key(rel) && !hidden)
                || inst.rootfs.files.contains_key(rel)
            {
                Err(FsError::NotDir)
            } else {
                Err(FsError::NoEntry)
            };
        }
        let mut names: Vec<String> = if image_dir {
            image
                .list(rel)
                .into_iter()
                .filter(|n| {
                    let child = if rel.is_empty() {
                        n.clone()
                    } else {
                        format!("{rel}/{n}")
                    };
                    !inst.rootfs.hides(&child)
                })
                .collect()
        } else {
            Vec::new()
        };
        names.extend(inst.rootfs.list(rel));
        // The kubelet bind-mounts these three into every container.
        if path == "/etc" {
            names.extend(["hostname", "hosts", "resolv.conf"].map(str::to_owned));
        }
        for log in ["access.log", "error.log"] {
            if fs::log_symlink(ImageKind::of(&c.spec.image), &format!("{path}/{log}")) {
                names.push(log.to_owned());
            }
        }
        let prefix = if path == "/" {
            "/".to_owned()
        } else {
            format!("{path}/")
        };
        for m in &inst.mounts {
            if let Some(rest) = m.path.strip_prefix(&prefix) {
                names.push(rest.split('/').next().unwrap_or(rest).to_owned());
            }
        }
        names.sort_compact();
        names.dedup();
        Ok(names)
    }

    /// Files the kubelet, the runtime and the kernel provide.
    fn special_file(&self, p: PodId, slot: Slot, path: &str) -> Option<String> {
        let pod = self.pods.get(p)?;
        let c = pod.container(slot)?;
        let inst = c.instance.as_ref()?;
        let cgroup = pod.resources.as_ref().and_then(|r| match slot {
            Slot::App(i) => r.containers.get(i),
            Slot::Init(i) => r.init_containers.get(i),
            Slot::Ephemeral(i) => r.ephemeral_containers.get(i),
        });
        let text = match path {
            "/etc/hostname" => format!("{}\n", inst.hostname),
            // The kubelet-managed /etc/hosts (pkg/kubelet/kubelet_pods.go `managedHostsFileContent`).
            "/etc/hosts" => {
                let ip = pod
                    .ip
                    .map(|ip| ip.to_string())
                    .unwrap_or_else(|| "127.0.0.1".into());
                format!(
                    "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{ip}\t{}\n",
                    inst.hostname
                )
            }
            // ClusterFirst DNS (pkg/kubelet/network/dns/dns.go `GetPodDNS`): kube-dns at
            // 10.96.0.10, the pod's namespace search path, ndots:5.
            "/etc/resolv.conf" => format!(
                "search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
                pod.spec.key.namespace
            ),
            "/proc/self/oom_score_adj" | "/proc/1/oom_score_adj" => {
                format!("{}\n", inst.oom_score_adj)
            }
            "/proc/self/cgroup" | "/proc/1/cgroup" => "0::/\n".to_owned(),
            // The mount namespace's table (fs/proc_namespace.c) and the node's memory.
            "/proc/mounts" | "/proc/self/mounts" | "/proc/1/mounts" => {
                super::mounts::proc_mounts(&super::mounts::table(self, p, slot))
            }
            "/proc/meminfo" => super::meminfo::Meminfo::of_node(self, pod.node.unwrap_or(0)).text(),
            "/sys/fs/cgroup/memory.max" => format!("{}\n", cgroup?.cgroup.memory_max),
            "/sys/fs/cgroup/memory.min" => {
                format!("{}\n", cgroup?.cgroup.memory_min.unwrap_or(0))
            }
            "/sys/fs/cgroup/memory.high" => format!(
                "{}\n",
                cgroup?
                    .cgroup
                    .memory_high
                    .clone()
                    .unwrap_or_else(|| "max".into())
            ),
            "/sys/fs/cgroup/memory.current" => {
                format!("{}\n", self.container_memory(p, &c.spec.name))
            }
            "/sys/fs/cgroup/memory.oom.group" => {
                format!("{}\n", u8::from(cgroup?.cgroup.memory_oom_group))
            }
            "/sys/fs/cgroup/cpu.max" => format!("{}\n", cgroup?.cgroup.cpu_max),
            "/sys/fs/cgroup/cpu.weight" => format!("{}\n", cgroup?.cgroup.cpu_weight),
            _ => return None,
        };
        Some(text)
    }
}

fn is_mount_parent(inst: &crate::sim::world::Instance, path: &str) -> bool {
    let prefix = if path == "/" {
        "/".to_owned()
    } else {
        format!("{path}/")
    };
    inst.mounts.iter().any(|m| m.path.starts_with(&prefix))
}

/// Removes `rel` and everything under it from `tree`; whether there was anything.
fn remove_in(tree: &mut Tree, rel: &str) -> bool {
    let prefix = format!("{rel}/");
    let under = |k: &String| k == rel || k.starts_with(&prefix);
    let before = tree.files.len() + tree.dirs.len() + tree.links.len();
    tree.files.retain(|k, _| !under(k));
    tree.meta.retain(|k, _| !under(k));
    tree.links.retain(|k, _| !under(k));
    tree.modes.retain(|k, _| !under(k));
    tree.dirs.retain(|k| !under(k));
    tree.files.len() + tree.dirs.len() + tree.links.len() != before
}

fn read_tree(tree: &Tree, rel: &str) -> Result<String, FsError> {
    // Symbolic links in the tree (the atomic writer's `..data`) are followed.
    let rel = tree.resolve(rel).ok_or(FsError::NoEntry)?;
    match tree.files.get(&rel) {
        Some(t) => Ok(t.clone()),
        None if tree.is_dir(&rel) => Err(FsError::IsDir),
        None => Err(FsError::NoEntry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_agrees_with_fs_normalize_and_skips_the_copy_when_it_can() {
        for p in [
            "/",
            "/etc/hostname",
            "/a/b",
            "",
            ".",
            "a/b",
            "/a/",
            "//a",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "/a/..",
            "/a/.",
            "/..",
            "/.a/b..",
            "/a/.../b",
        ] {
            assert_eq!(normalized(p), fs::normalize(p), "{p:?}");
        }
        assert!(matches!(
            normalized("/usr/share/nginx/html/index.html"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(normalized("/a/../b"), Cow::Owned(_)));
    }

    #[test]
    fn cached_image_trees_are_the_built_ones() {
        for kind in [ImageKind::Nginx, ImageKind::Busybox, ImageKind::Other] {
            assert_eq!(image_tree(kind), &fs::image_tree(kind));
        }
    }
}
