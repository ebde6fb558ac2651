//! User intents as data: the commands a scenario line, a CLI flag or a UI button becomes, and
//! how the world carries them out.

use std::fmt;
use std::str::FromStr;

use crate::ids::{ContainerName, PodKey};
use crate::world::{ContainerState, World};

/// Something the user does to the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `kill POD/CONTAINER`: SIGKILL the container's main process (exit code 128 + 9 = 137).
    Kill {
        pod: PodKey,
        container: ContainerName,
    },
}

/// Why a command could not be carried out. Not finding something is an error, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    Parse(String),
    NoSuchPod(PodKey),
    NoSuchContainer(PodKey, ContainerName),
    NotRunning(PodKey, ContainerName),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Parse(m) => f.write_str(m),
            CommandError::NoSuchPod(p) => write!(f, "pods \"{}\" not found", p.name),
            CommandError::NoSuchContainer(p, c) => {
                write!(f, "container {c} is not valid for pod {}", p.name)
            }
            CommandError::NotRunning(p, c) => {
                write!(f, "container {c} in pod {} is not running", p.name)
            }
        }
    }
}

impl std::error::Error for CommandError {}

/// SIGKILL's exit status: 128 + 9.
pub const SIGKILL_EXIT: i32 = 137;

impl FromStr for Command {
    type Err = CommandError;

    /// Parses `kill POD/CONTAINER` or `kill NAMESPACE/POD/CONTAINER`.
    fn from_str(s: &str) -> Result<Self, CommandError> {
        let words: Vec<&str> = s.split_whitespace().collect();
        match words.as_slice() {
            ["kill", target] => {
                let (pod, container) = parse_target(target)?;
                Ok(Command::Kill { pod, container })
            }
            [] => Err(CommandError::Parse("empty command".to_owned())),
            [verb, ..] => Err(CommandError::Parse(format!(
                "unknown command {verb:?}: expected `kill POD/CONTAINER`"
            ))),
        }
    }
}

fn parse_target(t: &str) -> Result<(PodKey, ContainerName), CommandError> {
    let parts: Vec<&str> = t.split('/').collect();
    let (namespace, pod, container) = match parts.as_slice() {
        [pod, c] => ("default", *pod, *c),
        [ns, pod, c] => (*ns, *pod, *c),
        _ => {
            return Err(CommandError::Parse(format!(
                "bad target {t:?}: expected POD/CONTAINER or NAMESPACE/POD/CONTAINER"
            )));
        }
    };
    if namespace.is_empty() || pod.is_empty() || container.is_empty() {
        return Err(CommandError::Parse(format!("bad target {t:?}: empty name")));
    }
    Ok((
        PodKey {
            namespace: namespace.to_owned(),
            name: pod.to_owned(),
        },
        ContainerName(container.to_owned()),
    ))
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Kill { pod, container } if pod.namespace == "default" => {
                write!(f, "kill {}/{container}", pod.name)
            }
            Command::Kill { pod, container } => {
                write!(f, "kill {}/{}/{container}", pod.namespace, pod.name)
            }
        }
    }
}

impl World {
    /// Carries out a command at the current simulated time.
    pub fn apply(&mut self, cmd: &Command) -> Result<(), CommandError> {
        match cmd {
            Command::Kill { pod, container } => {
                let p = self
                    .pod_index(pod)
                    .ok_or_else(|| CommandError::NoSuchPod(pod.clone()))?;
                let c = self.pods[p]
                    .containers
                    .iter()
                    .position(|c| &c.spec.name == container)
                    .ok_or_else(|| CommandError::NoSuchContainer(pod.clone(), container.clone()))?;
                if !matches!(
                    self.pods[p].containers[c].state,
                    ContainerState::Running { .. }
                ) {
                    return Err(CommandError::NotRunning(pod.clone(), container.clone()));
                }
                self.terminate(p, c, SIGKILL_EXIT);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_and_prints_kill() {
        let cmd: Command = "kill demo/nginx".parse().unwrap();
        assert_eq!(cmd.to_string(), "kill demo/nginx");
        let cmd: Command = "kill  web/demo/nginx ".parse().unwrap();
        assert_eq!(cmd.to_string(), "kill web/demo/nginx");
        assert!("kill demo".parse::<Command>().is_err());
        assert!("stop demo/x".parse::<Command>().is_err());
        assert!("kill /x".parse::<Command>().is_err());
    }
}
