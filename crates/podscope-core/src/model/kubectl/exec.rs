//! `kubectl exec`: kubectl pkg/cmd/exec/exec.go (`NewCmdExec`'s flags, `Complete`,
//! `Validate`).

use super::targets::{self, ObjectRef};
use super::{Flag, Kubectl, KubectlError};

/// `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] -- COMMAND [ARGS…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exec {
    pub namespace: String,
    pub object: ObjectRef,
    /// `-c`; kubectl picks the default container without it.
    pub container: Option<String>,
    /// `-i`, `-t`: the command gets the terminal's input and a TTY.
    pub stdin: bool,
    pub tty: bool,
    /// `-q`: no "Defaulted container" line.
    pub quiet: bool,
    /// The command and its arguments, run directly (not through a shell).
    pub command: Vec<String>,
}

const FLAGS: &[Flag] = &[
    Flag::text("pod-running-timeout"),
    Flag::list("filename").short('f'),
    Flag::string("container").short('c').modelled(),
    Flag::bool("stdin").short('i').modelled(),
    Flag::bool("tty").short('t').modelled(),
    Flag::bool("quiet").short('q').modelled(),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // exec.go `Complete`: the pod is the first argument unless `--` comes first; the
    // command is everything after `--`, and without `--` there may be only the pod.
    let pod = p.args.first().filter(|_| p.dash != Some(0));
    let command = match p.dash {
        Some(at) => p.args.get(at..).unwrap_or_default().to_vec(),
        None if p.args.len() > 1 => {
            return Err(KubectlError::usage(
                path,
                "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
            ));
        }
        None => Vec::new(),
    };
    let Some(pod) = pod else {
        return Err(KubectlError::message(
            "pod, type/name or --filename must be specified",
        ));
    };
    if command.is_empty() {
        return Err(KubectlError::message(
            "you must specify at least one command for the container",
        ));
    }
    let object = targets::pod_or_object(pod).map_err(|e| KubectlError::message(e.to_string()))?;
    Ok(Kubectl::Exec(Exec {
        namespace: super::namespace_of(&p),
        object,
        container: p.string("container").map(str::to_owned),
        stdin: p.bool("stdin"),
        tty: p.bool("tty"),
        quiet: p.bool("quiet"),
        command,
    }))
}
