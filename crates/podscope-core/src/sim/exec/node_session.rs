//! What the world keeps of each node's interactive shell (the node's terminal): the shell
//! between lines and how it ended; and each node's files (`node_files`), which outlast it. Running its lines is the
//! scenario layer's business (`scenario::node_shell::session`), as every node command is.

use podscope_collections::Map;

use podscope_shell::Shell;

pub use super::node_files::{MAX_NODE_FILE_BYTES, NodeFiles};

/// One node's shell session.
#[derive(Clone, Debug)]
pub struct NodeSession {
    /// The shell waiting at its prompt; `None` once it ended.
    pub shell: Option<Shell>,
    /// Its exit status once it ended (`exit`).
    pub ended: Option<i32>,
    /// The lines typed so far of an input the shell has not read to its end (a
    /// here-document before its delimiter line, an open quote, `if` before `fi`): the
    /// shell prompts with PS2 and runs them with the line that completes them.
    pub pending: String,
}

/// The node sessions of a world, by node index.
#[derive(Clone, Debug, Default)]
pub struct NodeSessions {
    pub by_node: Map<usize, NodeSession>,
    /// Each node's files, by node index (kept when a session ends, as the node's disk).
    pub files: Map<usize, NodeFiles>,
}

impl NodeSessions {
    /// Node `node`'s files (none made yet: the empty set).
    pub fn files(&self, node: usize) -> Option<&NodeFiles> {
        self.files.get(&node)
    }
}
