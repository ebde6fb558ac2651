//! Files as a container sees them: its image's files under a writable layer that dies with the
//! container instance, the pod's volumes mounted over them (emptyDir shared by every container
//! that mounts it and kept across restarts, configMap and secret files read-only), and the
//! files the kubelet and the kernel provide (`/etc/hostname`, `/proc/self/…`,
//! `/sys/fs/cgroup/…`). Paths are absolute and normalised by the caller.

use crate::model::sort::CollectMap;
use crate::model::sort::CompactSort;
use podscope_collections::{Map, Set};
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::sim::image::ImageKind;

/// A file tree: path (relative to its root, no leading `/`) → contents. Directories are
/// implied by the paths under them, plus the ones listed in `dirs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub files: BTreeMap<String, String>,
    pub dirs: Vec<String>,
    /// Symbolic links: path → target as stored (relative to the link's directory), such as
    /// the atomic writer's `..data -> ..2026_01_01_00_00_00.123` (`sim/volumes/atomic.rs`).
    pub links: BTreeMap<String, String>,
    /// Permission bits set on a file or directory (`0o644`); paths without one have the
    /// default of whoever made them.
    pub modes: Map<String, u32>,
    /// Owner, mode and time of the paths written or made in the tree; a path without an
    /// entry is root's, `0644` (file) or `0755` (directory), from the tree's own time.
    pub meta: Map<String, Meta>,
    /// Paths of the layer below that this (writable) layer deleted: overlayfs' whiteouts,
    /// so an image file removed with `rm` or renamed with `mv` is gone from the merged view.
    pub whiteouts: Set<String>,
}

/// What `stat` tells of a path besides its contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub uid: u32,
    pub gid: u32,
    /// The permission bits with setuid/setgid/sticky (`0o2777`).
    pub mode: u32,
    /// Last modification, in seconds since the Unix epoch.
    pub mtime: i64,
}

/// How many symbolic links a lookup follows before it gives up (Linux `MAXSYMLINKS`, 40:
/// include/linux/namei.h), as `ELOOP`.
const MAX_SYMLINKS: usize = 40;

impl Tree {
    /// `rel` with every symbolic link in it followed, as the kernel's path walk does;
    /// `None` when a link leaves the tree (an absolute target, `..` above the root) or
    /// loops.
    pub fn resolve(&self, rel: &str) -> Option<String> {
        if self.links.is_empty() {
            return Some(rel.to_owned());
        }
        let mut pending: Vec<String> = rel
            .split('/')
            .rev()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let mut done: Vec<String> = Vec::new();
        let mut hops = 0;
        while let Some(seg) = pending.pop() {
            match seg.as_str() {
                "." => continue,
                ".." => {
                    done.pop()?;
                    continue;
                }
                _ => {}
            }
            done.push(seg);
            let here = done.join("/");
            if let Some(target) = self.links.get(&here) {
                hops += 1;
                if hops > MAX_SYMLINKS || target.starts_with('/') {
                    return None;
                }
                done.pop();
                pending.extend(
                    target
                        .split('/')
                        .rev()
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        Some(done.join("/"))
    }

    /// The target of the link at `rel` (its last component is not followed).
    pub fn read_link(&self, rel: &str) -> Option<&str> {
        let (dir, name) = match rel.rsplit_once('/') {
            Some((d, n)) => (self.resolve(d)?, n),
            None => (String::new(), rel),
        };
        let at = if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        };
        self.links.get(&at).map(String::as_str)
    }

    /// Whether a whiteout in this layer hides `rel` (it or a directory above it) of the
    /// layer below.
    pub fn hides(&self, rel: &str) -> bool {
        !self.whiteouts.is_empty()
            && self.whiteouts.iter().any(|w| {
                rel == w || (rel.starts_with(w.as_str()) && rel[w.len()..].starts_with('/'))
            })
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        let Some(rel) = self.resolve(rel) else {
            return false;
        };
        let rel = rel.as_str();
        if rel.is_empty() {
            return true;
        }
        let prefix = format!("{rel}/");
        self.dirs.iter().any(|d| d == rel)
            || self.files.keys().any(|k| k.starts_with(&prefix))
            || self.dirs.iter().any(|d| d.starts_with(&prefix))
    }

    /// The names directly under `rel`, sorted, directories and files alike.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let Some(rel) = self.resolve(rel) else {
            return Vec::new();
        };
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut names: Vec<String> = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .chain(self.links.keys())
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.is_empty())
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_owned())
            .collect();
        names.sort_compact();
        names.dedup();
        names
    }
}

/// What kind of volume, as `kubectl describe` names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VolumeKind {
    EmptyDir { memory: bool },
    ConfigMap { name: String },
    Secret { name: String },
    Projected,
    HostPath { path: String },
    Other(&'static str),
}

impl VolumeKind {
    /// Whether the volume is a tmpfs: an emptyDir with `medium: Memory`, and the emptyDir
    /// the kubelet wraps under configMap, secret, projected and downwardAPI volumes
    /// (pkg/volume/{configmap,secret,projected,downwardapi} `wrappedVolumeSpec`: `EmptyDir:
    /// {Medium: Memory}`; pkg/volume/emptydir/empty_dir.go `setupTmpfs`).
    pub fn on_tmpfs(&self) -> bool {
        match self {
            VolumeKind::EmptyDir { memory } => *memory,
            VolumeKind::ConfigMap { .. } | VolumeKind::Secret { .. } | VolumeKind::Projected => {
                true
            }
            VolumeKind::Other(kind) => *kind == "DownwardAPI",
            VolumeKind::HostPath { .. } => false,
        }
    }
}

/// One of the pod's volumes and what is in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    pub kind: VolumeKind,
    /// Whether the kubelet mounts it read-only whatever the mount says: configMap, secret,
    /// projected and downwardAPI volumes are (pkg/volume/configmap `GetAttributes`
    /// `ReadOnly: true`).
    pub read_only: bool,
    pub tree: Tree,
}

/// A ConfigMap's or Secret's data as a volume shows it: one file per key.
pub type KeyFiles = BTreeMap<String, String>;

/// The pod's volumes, filled from the ConfigMaps and Secrets the manifest has (`lookup`:
/// kind `configmap`/`secret` and name → files, `hostpath` and a node directory → the files
/// the node's shell made there, `claim` and a claim's name → those of its bound volume's
/// hostPath directory; missing ones give empty volumes).
///
/// Models pkg/volume/{emptydir,configmap,secret,projected} `SetUpAt`: emptyDir starts empty,
/// configMap/secret volumes hold one file per key (or per `items[].path`). A hostPath
/// volume (pkg/volume/hostpath) is the node's directory itself; podscope copies the node's
/// files into it when the pod starts, so files written on the node later are not seen.
pub fn pod_volumes(
    pod: &api::PodSpec,
    lookup: &dyn Fn(&str, &str) -> Option<KeyFiles>,
) -> Map<String, Volume> {
    let mut out = Map::new();
    for v in pod.volumes.iter().flatten() {
        let items = |data: Option<KeyFiles>, items: Option<&Vec<api::KeyToPath>>| -> Tree {
            let data = data.unwrap_or_default();
            let files = match items {
                Some(items) if !items.is_empty() => items
                    .iter()
                    .filter_map(|i| data.get(&i.key).map(|v| (i.path.clone(), v.clone())))
                    .collect_map(),
                _ => data,
            };
            Tree {
                files,
                ..Tree::default()
            }
        };
        let (kind, read_only, tree) = if let Some(e) = &v.empty_dir {
            let memory = e.medium.as_deref() == Some("Memory");
            (VolumeKind::EmptyDir { memory }, false, Tree::default())
        } else if let Some(cm) = &v.config_map {
            let name = cm.name.clone();
            let tree = items(lookup("configmap", &name), cm.items.as_ref());
            (VolumeKind::ConfigMap { name }, true, tree)
        } else if let Some(s) = &v.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            let tree = items(lookup("secret", &name), s.items.as_ref());
            (VolumeKind::Secret { name }, true, tree)
        } else if let Some(p) = &v.projected {
            let mut tree = Tree::default();
            for src in p.sources.iter().flatten() {
                if let Some(cm) = &src.config_map {
                    let t = items(lookup("configmap", &cm.name), cm.items.as_ref());
                    tree.files.extend(t.files);
                }
                if let Some(s) = &src.secret {
                    let t = items(lookup("secret", &s.name), s.items.as_ref());
                    tree.files.extend(t.files);
                }
            }
            (VolumeKind::Projected, true, tree)
        } else if let Some(h) = &v.host_path {
            let tree = items(lookup("hostpath", &h.path), None);
            (
                VolumeKind::HostPath {
                    path: h.path.clone(),
                },
                false,
                tree,
            )
        } else if let Some(c) = &v.persistent_volume_claim {
            let tree = items(lookup("claim", &c.claim_name), None);
            (VolumeKind::Other("PersistentVolumeClaim"), false, tree)
        } else if v.downward_api.is_some() {
            (VolumeKind::Other("DownwardAPI"), true, Tree::default())
        } else {
            (VolumeKind::Other("Other"), false, Tree::default())
        };
        out.insert(
            v.name.clone(),
            Volume {
                name: v.name.clone(),
                kind,
                read_only,
                tree,
            },
        );
    }
    out
}

/// One `volumeMounts` entry of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Absolute, without a trailing `/`.
    pub path: String,
    pub volume: String,
    pub read_only: bool,
    /// `subPath`: the directory inside the volume that is mounted.
    pub sub_path: String,
}

/// A container's mounts, longest path first so the innermost mount wins.
pub fn container_mounts(c: &api::Container, volumes: &Map<String, Volume>) -> Vec<Mount> {
    let mut out: Vec<Mount> = c
        .volume_mounts
        .iter()
        .flatten()
        .map(|m| Mount {
            path: normalize(&m.mount_path),
            volume: m.name.clone(),
            read_only: m.read_only.unwrap_or(false)
                || volumes.get(&m.name).is_some_and(|v| v.read_only),
            sub_path: m
                .sub_path
                .clone()
                .unwrap_or_default()
                .trim_matches('/')
                .to_owned(),
        })
        .collect();
    out.sort_compact_by_key(|m| std::cmp::Reverse(m.path.len()));
    out
}

/// `/a/./b//c/../d` → `/a/b/d`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The mount `path` falls under, with the path relative to the mounted directory.
pub fn mount_for<'m>(mounts: &'m [Mount], path: &str) -> Option<(&'m Mount, String)> {
    mounts.iter().find_map(|m| {
        let rest = if path == m.path {
            Some("")
        } else {
            path.strip_prefix(&m.path).and_then(|r| r.strip_prefix('/'))
        }?;
        let rel = match (m.sub_path.is_empty(), rest.is_empty()) {
            (true, _) => rest.to_owned(),
            (false, true) => m.sub_path.clone(),
            (false, false) => format!("{}/{rest}", m.sub_path),
        };
        Some((m, rel))
    })
}

/// The files an image ships that the shell's commands are likely to read.
pub fn image_tree(kind: ImageKind) -> Tree {
    let mut files = BTreeMap::new();
    let mut dirs: Vec<String> = [
        "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var", "var/log",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let os_release = match kind {
        ImageKind::Alpine => {
            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.22.0\nPRETTY_NAME=\"Alpine Linux v3.22\"\n"
        }
        ImageKind::Busybox => "",
        // node:4.4 is buildpack-deps:jessie.
        ImageKind::NodeHello => {
            "PRETTY_NAME=\"Debian GNU/Linux 8 (jessie)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"8\"\nVERSION=\"8 (jessie)\"\nID=debian\n"
        }
        _ => {
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n"
        }
    };
    if !os_release.is_empty() {
        files.insert("etc/os-release".to_owned(), os_release.to_owned());
    }
    files.insert(
        "etc/passwd".to_owned(),
        match kind {
            ImageKind::Nginx => "root:x:0:0:root:/root:/bin/bash\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n",
            ImageKind::Busybox => "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
            // docker-library/redis: `groupadd -r -g 999 redis && useradd -r -g redis -u 999
            // redis`; docker-library/postgres: `useradd -r -g postgres --uid=999
            // --home-dir=/var/lib/postgresql --shell=/bin/bash postgres`.
            ImageKind::Redis => "root:x:0:0:root:/root:/bin/sh\nredis:x:999:999::/home/redis:/bin/sh\n",
            ImageKind::Postgres => "root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999::/var/lib/postgresql:/bin/bash\n",
            _ => "root:x:0:0:root:/root:/bin/sh\n",
        }
        .to_owned(),
    );
    let group = crate::sim::image::files::group_file(kind);
    if !group.is_empty() {
        files.insert("etc/group".to_owned(), group.to_owned());
    }
    if kind == ImageKind::Nginx {
        // docker-library/nginx: the stock index page, and the log files as symlinks to the
        // container's stdout and stderr (Dockerfile `ln -sf /dev/stdout …access.log`).
        files.insert(
            "usr/share/nginx/html/index.html".to_owned(),
            NGINX_INDEX.to_owned(),
        );
        files.insert(
            "usr/share/nginx/html/50x.html".to_owned(),
            "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n".to_owned(),
        );
        files.insert("etc/nginx/nginx.conf".to_owned(), NGINX_CONF.to_owned());
        dirs.push("var/log/nginx".to_owned());
        dirs.push("etc/nginx/conf.d".to_owned());
    }
    Tree {
        files,
        dirs,
        ..Tree::default()
    }
}

/// Paths that are symlinks to the container's own output in the image (nginx's logs).
pub fn log_symlink(kind: ImageKind, path: &str) -> bool {
    kind == ImageKind::Nginx
        && (path == "/var/log/nginx/access.log" || path == "/var/log/nginx/error.log")
}

/// The nginx image's `/usr/share/nginx/html/index.html` (615 bytes in current releases).
pub const NGINX_INDEX: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

const NGINX_CONF: &str = "
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] \"$request\" '
                      '$status $body_bytes_sent \"$http_referer\" '
                      '\"$http_user_agent\" \"$http_x_forwarded_for\"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
";

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn paths_normalise_and_mounts_pick_the_innermost() {
        assert_eq!(normalize("/a/./b//c/../d/"), "/a/b/d");
        assert_eq!(normalize("../.."), "/");
        let mounts = vec![
            Mount {
                path: "/var/log/nginx".into(),
                volume: "logs".into(),
                read_only: false,
                sub_path: String::new(),
            },
            Mount {
                path: "/var".into(),
                volume: "v".into(),
                read_only: false,
                sub_path: "x".into(),
            },
        ];
        let (m, rel) = mount_for(&mounts, "/var/log/nginx/access.log").unwrap();
        assert_eq!((m.volume.as_str(), rel.as_str()), ("logs", "access.log"));
        let (m, rel) = mount_for(&mounts, "/var/lib").unwrap();
        assert_eq!((m.volume.as_str(), rel.as_str()), ("v", "x/lib"));
        assert!(mount_for(&mounts, "/variable").is_none());
    }

    #[test]
    fn nginx_index_is_the_stock_615_bytes() {
        assert_eq!(NGINX_INDEX.len(), 615);
    }
}
