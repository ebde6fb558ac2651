//! What the world keeps of each node's interactive shell (the node's terminal): the shell
//! between lines, how it ended, and the few files it wrote. Running its lines is the
//! scenario layer's business (`scenario::node_shell::session`), as every node command is.

use std::collections::BTreeMap;

use podscope_shell::Shell;

/// The most bytes of files a node session keeps (podscope's bound).
pub const MAX_NODE_FILE_BYTES: usize = 1 << 20;

/// One node's shell session.
#[derive(Clone, Debug)]
pub struct NodeSession {
    /// The shell waiting at its prompt; `None` once it ended.
    pub shell: Option<Shell>,
    /// Its exit status once it ended (`exit`).
    pub ended: Option<i32>,
    /// Files the session wrote (`echo hi > /tmp/x`), by absolute path: podscope models no
    /// node filesystem beyond them.
    pub files: BTreeMap<String, String>,
}

/// The node sessions of a world, by node index.
#[derive(Clone, Debug, Default)]
pub struct NodeSessions {
    pub by_node: BTreeMap<usize, NodeSession>,
}
