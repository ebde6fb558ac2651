//! Where a node command runs (its working directory and environment) and the machine as
//! kubectl's `--from-file` and `--from-env-file` see it: the node's disk (paths relative to
//! the working directory), then the files the scenario provides, by the path as written.

use crate::model::sort::CollectMap;
use podscope_shell::Env;

use crate::model::kubectl::create_data::{Local, LocalPath};
use crate::sim::exec::node_files::NodeFiles;
use crate::sim::world::World;

/// Root's home, where a login shell starts and where `node -- LINE` (ssh's remote command)
/// runs (Debian/Ubuntu `/etc/passwd`: `root:x:0:0:root:/root:/bin/bash`).
pub const HOME: &str = "/root";

/// A node command's working directory and environment.
#[derive(Clone, Debug)]
pub struct Place {
    pub cwd: String,
    pub env: Env,
}

impl Place {
    /// A login shell's: in root's home, with the variables bash's login sets.
    pub fn login() -> Place {
        Place {
            cwd: HOME.to_owned(),
            env: login_env(),
        }
    }
}

/// The variables a root login shell exports on the node.
pub fn login_env() -> Env {
    [
        ("HOME", HOME),
        ("PWD", HOME),
        ("USER", "root"),
        ("LOGNAME", "root"),
        ("SHELL", "/bin/bash"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect_map()
}

/// Node `node`'s files and the scenario's, from `place`.
pub struct NodeLocal<'a> {
    pub world: &'a World,
    pub node: usize,
    pub place: &'a Place,
}

impl Local for NodeLocal<'_> {
    fn path(&self, path: &str) -> Option<LocalPath> {
        // A node whose files no one touched yet has its base directories and hostname.
        let fresh;
        let files = match self.world.sessions.nodes.files(self.node) {
            Some(f) => f,
            None => {
                let name = self
                    .world
                    .nodes()
                    .get(self.node)
                    .map_or("", |n| n.name.as_str());
                fresh = NodeFiles::of_host(name);
                &fresh
            }
        };
        let abs = podscope_shell::resolve_path(&self.place.cwd, path);
        if let Ok(text) = files.read(&abs) {
            return Some(LocalPath::File(text.to_owned()));
        }
        if files.is_dir(&abs) {
            let dir = abs.trim_end_matches('/');
            let regular = files
                .entries(&abs)
                .into_iter()
                .filter_map(|name| {
                    let text = files.files.get(&format!("{dir}/{name}"))?;
                    Some((name, text.clone()))
                })
                .collect();
            return Some(LocalPath::Dir(regular));
        }
        self.world
            .user_file(path)
            .map(|text| LocalPath::File(text.to_owned()))
    }

    fn env(&self, name: &str) -> String {
        self.place.env.get(name).cloned().unwrap_or_default()
    }
}
