//! What carrying out a command gives: the text a terminal shows with its exit status, or
//! why it could not be carried out (not finding something is an error, never a panic).

use std::fmt;

use crate::model::ids::{ContainerName, ObjectKey};

/// What a command printed, as a terminal shows it (stdout and stderr in the order written),
/// and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub status: i32,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Self {
        Output {
            text: text.into(),
            status: 0,
        }
    }

    pub fn failed(text: impl Into<String>, status: i32) -> Self {
        Output {
            text: text.into(),
            status,
        }
    }
}

/// Why a command could not be carried out. Not finding something is an error, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    Parse(String),
    NoSuchPod(ObjectKey),
    NoSuchDeployment {
        namespace: String,
        name: String,
    },
    NoSuchContainer(ObjectKey, ContainerName),
    NotRunning(ObjectKey, ContainerName),
    /// The pod has no sandbox to kill (not scheduled, finished, or no infra process).
    NoSandbox(ObjectKey, &'static str),
    /// `node NAME -- …` names no node of the cluster.
    NoSuchNode(String),
    /// `apply FILE` whose file was not read (the runner found no such file).
    NotRead(String),
    /// Opening one more `exec -it` session than the world keeps (`MAX_SESSIONS`).
    TooManySessions(usize),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Parse(m) => f.write_str(m),
            // kubectl's NotFound texts (`pods "x" not found`, `deployments.apps "x" not found`).
            CommandError::NoSuchPod(p) => write!(f, "pods \"{}\" not found", p.name),
            CommandError::NoSuchDeployment { name, .. } => {
                write!(f, "deployments.apps \"{name}\" not found")
            }
            // kubectl exec's text for a container the pod does not have.
            CommandError::NoSuchContainer(p, c) => {
                write!(f, "container {c} is not valid for pod {}", p.name)
            }
            CommandError::NotRunning(p, c) => {
                write!(f, "container {c} in pod {} is not running", p.name)
            }
            CommandError::NoSandbox(p, why) => {
                write!(f, "pod {} has no pause process to kill: {why}", p.name)
            }
            // The API server's NotFound text for a node (`kubectl get node x`).
            CommandError::NoSuchNode(n) => write!(f, "nodes \"{n}\" not found"),
            // kubectl's text for a file it cannot open.
            CommandError::NotRead(file) => {
                write!(f, "the path \"{file}\" does not exist")
            }
            // podscope's own bound, said as such.
            CommandError::TooManySessions(n) => write!(
                f,
                "podscope keeps at most {n} exec sessions open: `exit` one first"
            ),
        }
    }
}

impl std::error::Error for CommandError {}
