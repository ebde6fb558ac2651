//! `exec`: running a shell line inside a container, as `kubectl exec` does through the
//! runtime's `ExecSync`.

mod files;

use crate::command::{CommandError, Output};
use crate::world::{ContainerState, World};

impl World {
    /// Runs `line` in container `c` of pod `p` and returns what it printed.
    pub(crate) fn exec(&mut self, p: usize, c: usize, line: &str) -> Result<Output, CommandError> {
        let container = &self.pods[p].containers[c];
        if !matches!(container.state, ContainerState::Running { .. }) {
            return Err(CommandError::NotRunning(
                self.pods[p].spec.key.clone(),
                container.spec.name.clone(),
            ));
        }
        let program = line.split_whitespace().next().unwrap_or("");
        Ok(Output::failed(format!("sh: {program}: not found\n"), 127))
    }
}
