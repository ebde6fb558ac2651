//! The files a user has at hand on the node, which `kubectl apply|create|delete -f FILE`
//! and `--from-file` read: those the scenario provides (its files beside the script, the
//! docs' examples a `https://k8s.io/examples/…` URL names). Bounded like a manifest.

use crate::sim::world::World;

/// The most files, and the most bytes in all, the node keeps.
const MAX_FILES: usize = 256;
const MAX_BYTES: usize = 4 * 1024 * 1024;

impl World {
    /// Makes `files` (path or URL as the commands name them → text) readable on the node;
    /// beyond the bounds the rest stay unreadable.
    pub fn provide_files<'a>(&mut self, files: impl IntoIterator<Item = (&'a String, &'a String)>) {
        let mut bytes: usize = self.files.values().map(String::len).sum();
        for (path, text) in files {
            if self.files.len() >= MAX_FILES || bytes + text.len() > MAX_BYTES {
                break;
            }
            bytes += text.len();
            self.files.insert(path.clone(), text.clone());
        }
    }

    /// A file's text, if the node has it.
    pub fn user_file(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }
}
