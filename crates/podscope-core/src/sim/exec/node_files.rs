//! The node's own files as podscope models them: the FHS directories every node has, the
//! directories and small text files the reader makes in the node's shell (`mkdir /mnt/data`,
//! `echo … > /mnt/data/index.html`), kept across shell sessions as the node's disk keeps
//! them, and read by the kubelet for hostPath volumes and static pod manifests.

use crate::model::sort::CollectMap;
use crate::model::sort::CompactSort;
use podscope_collections::Set;
use std::collections::BTreeMap;

use podscope_shell::Errno;

/// The most bytes of files a node keeps (podscope's bound).
pub const MAX_NODE_FILE_BYTES: usize = 1 << 20;
/// The most directories the reader may make on a node (podscope's bound).
pub const MAX_NODE_DIRS: usize = 1024;

/// The directories every node has: the FHS 3.0 root hierarchy and the kubelet's and
/// runtimes' own (kubelet `--root-dir` /var/lib/kubelet, pod logs /var/log/pods and
/// /var/log/containers, /etc/kubernetes and kubeadm's static pod path
/// /etc/kubernetes/manifests, containerd's /var/lib/containerd and /run/containerd).
pub const BASE_DIRS: [&str; 31] = [
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/etc/default",
    "/etc/kubernetes",
    "/etc/kubernetes/manifests",
    "/home",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/run/containerd",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/var",
    "/var/lib",
    "/var/lib/containerd",
    "/var/lib/kubelet",
    "/var/log",
    "/var/log/containers",
    "/var/log/pods",
];

/// One node's files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeFiles {
    /// Files by absolute path.
    pub files: BTreeMap<String, String>,
    /// Directories made on the node (besides `BASE_DIRS`).
    pub dirs: Set<String>,
}

/// The parent directory of an absolute path (`/` for `/x`); `None` for a relative path.
fn parent(path: &str) -> Option<&str> {
    match path.rsplit_once('/') {
        Some(("", _)) => Some("/"),
        Some((p, _)) => Some(p),
        None => None,
    }
}

impl NodeFiles {
    /// A node's files before the reader made any: `/etc/hostname` holds its name.
    pub fn of_host(name: &str) -> NodeFiles {
        let mut files = NodeFiles::default();
        files
            .files
            .insert("/etc/hostname".to_owned(), format!("{name}\n"));
        files
    }

    /// Whether `path` (absolute, normalized) is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        BASE_DIRS.contains(&path) || self.dirs.contains(path)
    }

    /// Writes (or appends to) a file; its directory must exist.
    pub fn write(&mut self, path: &str, data: &str, append: bool) -> Result<(), Errno> {
        let parent = parent(path).ok_or(Errno::NoEntry)?;
        if !self.is_dir(parent) {
            return Err(Errno::NoEntry);
        }
        if self.is_dir(path) {
            return Err(Errno::IsDir);
        }
        let used: usize = self.files.values().map(String::len).sum();
        if used.saturating_add(data.len()) > MAX_NODE_FILE_BYTES {
            return Err(Errno::Other("No space left on device".to_owned()));
        }
        let file = self.files.entry(path.to_owned()).or_default();
        if !append {
            file.clear();
        }
        file.push_str(data);
        Ok(())
    }

    /// A file's text.
    pub fn read(&self, path: &str) -> Result<&str, Errno> {
        match self.files.get(path) {
            Some(text) => Ok(text),
            None if self.is_dir(path) => Err(Errno::IsDir),
            None => Err(Errno::NoEntry),
        }
    }

    /// `mkdir(2)`: EEXIST when anything is there, ENOENT without the parent.
    pub fn mkdir(&mut self, path: &str) -> Result<(), Errno> {
        if self.is_dir(path) || self.files.contains_key(path) {
            return Err(Errno::Other("File exists".to_owned()));
        }
        let parent = parent(path).ok_or(Errno::NoEntry)?;
        if !self.is_dir(parent) {
            return Err(if self.files.contains_key(parent) {
                Errno::NotDir
            } else {
                Errno::NoEntry
            });
        }
        if self.dirs.len() >= MAX_NODE_DIRS {
            return Err(Errno::Other("No space left on device".to_owned()));
        }
        self.dirs.insert(path.to_owned());
        Ok(())
    }

    /// `unlink(2)` of a file.
    pub fn unlink(&mut self, path: &str) -> Result<(), Errno> {
        if self.files.remove(path).is_some() {
            Ok(())
        } else if self.is_dir(path) {
            Err(Errno::IsDir)
        } else {
            Err(Errno::NoEntry)
        }
    }

    /// `rmdir(2)`: the directory must be one the reader made, and empty.
    pub fn rmdir(&mut self, path: &str) -> Result<(), Errno> {
        if self.files.contains_key(path) {
            return Err(Errno::NotDir);
        }
        if !self.is_dir(path) {
            return Err(Errno::NoEntry);
        }
        if !self.entries(path).is_empty() || BASE_DIRS.contains(&path) {
            return Err(Errno::Other("Directory not empty".to_owned()));
        }
        self.dirs.remove(path);
        Ok(())
    }

    /// The names directly in directory `dir`.
    pub fn entries(&self, dir: &str) -> Vec<String> {
        let prefix = if dir == "/" {
            "/".to_owned()
        } else {
            format!("{dir}/")
        };
        let mut names: Vec<String> = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.is_empty())
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_owned())
            .chain(
                BASE_DIRS
                    .iter()
                    .filter_map(|d| d.strip_prefix(&prefix))
                    .filter(|rest| !rest.is_empty() && !rest.contains('/'))
                    .map(str::to_owned),
            )
            .collect();
        names.sort_compact();
        names.dedup();
        names
    }

    /// The files under directory `dir`, by their path relative to it (a hostPath volume's
    /// content as the container sees it).
    pub fn files_under(&self, dir: &str) -> BTreeMap<String, String> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.files
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_owned(), v.clone())))
            .collect_map()
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn directories_and_files_follow_the_system_calls() {
        let mut fs = NodeFiles::default();
        assert_eq!(
            fs.write("/mnt/data/index.html", "x", false),
            Err(Errno::NoEntry)
        );
        assert_eq!(fs.mkdir("/mnt/data/sub"), Err(Errno::NoEntry));
        fs.mkdir("/mnt/data").unwrap();
        assert_eq!(
            fs.mkdir("/mnt/data"),
            Err(Errno::Other("File exists".to_owned()))
        );
        fs.write("/mnt/data/index.html", "Hello\n", false).unwrap();
        assert_eq!(fs.read("/mnt/data/index.html"), Ok("Hello\n"));
        assert_eq!(fs.read("/mnt/data"), Err(Errno::IsDir));
        assert_eq!(fs.entries("/mnt"), vec!["data".to_owned()]);
        assert_eq!(
            fs.files_under("/mnt/data")
                .get("index.html")
                .map(String::as_str),
            Some("Hello\n")
        );
        assert_eq!(
            fs.rmdir("/mnt/data"),
            Err(Errno::Other("Directory not empty".to_owned()))
        );
        assert_eq!(fs.unlink("/mnt/data"), Err(Errno::IsDir));
        fs.unlink("/mnt/data/index.html").unwrap();
        assert_eq!(fs.unlink("/mnt/data/index.html"), Err(Errno::NoEntry));
        fs.rmdir("/mnt/data").unwrap();
        assert!(!fs.is_dir("/mnt/data"));
        assert!(
            fs.entries("/etc/kubernetes")
                .contains(&"manifests".to_owned())
        );
    }
}
