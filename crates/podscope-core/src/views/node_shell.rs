//! The node's shell: what `kubectl`, `crictl`, `docker`, `ps` and `lsns` print when run on the
//! node, dispatched from one command line.

use crate::command::Output;
use crate::world::World;

/// Runs one command line on the node (read-only commands) and returns what it prints.
pub fn run(world: &World, line: &str) -> Output {
    let _ = world;
    let program = line.split_whitespace().next().unwrap_or("");
    // The node's login shell is bash: `bash: NAME: command not found`, status 127.
    Output::failed(format!("bash: {program}: command not found\n"), 127)
}
