//! `kubectl debug` with an ephemeral container: kubectl pkg/cmd/debug/debug.go
//! (`NewCmdDebug`'s flags, `Complete`, `Validate`).

use super::targets::{self, ObjectRef};
use super::{Flag, Kubectl, KubectlError};

/// `kubectl debug (POD | TYPE/NAME)… --image=IMAGE [-c NAME] [--target=CONTAINER]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Debug {
    pub namespace: String,
    pub objects: Vec<ObjectRef>,
    pub image: String,
    /// `-c`: the debug container's name (`debugger-xxxxx` without it).
    pub container: Option<String>,
    /// `--target`: the container whose process namespace the debugger joins.
    pub target: Option<String>,
    pub stdin: bool,
    pub tty: bool,
    /// `-q`: no informational lines.
    pub quiet: bool,
    /// After `--`: the debug container's command.
    pub command: Vec<String>,
}

const FLAGS: &[Flag] = &[
    Flag::list("filename").short('f'),
    Flag::bool("arguments-only"),
    Flag::bool("attach"),
    Flag::string("container").short('c').modelled(),
    Flag::string("copy-to"),
    Flag::bool("replace"),
    Flag::text("env"),
    Flag::string("image").modelled(),
    Flag::bool("keep-labels"),
    Flag::bool("keep-annotations"),
    Flag::bool("keep-liveness"),
    Flag::bool("keep-readiness"),
    Flag::bool("keep-startup"),
    Flag::bool("keep-init-containers"),
    Flag::text("set-image"),
    Flag::string("image-pull-policy"),
    Flag::bool("stdin").short('i').modelled(),
    Flag::bool("quiet").short('q').modelled(),
    Flag::bool("same-node"),
    Flag::bool("share-processes"),
    Flag::string("target").modelled(),
    Flag::bool("tty").short('t').modelled(),
    Flag::string("profile"),
    Flag::string("custom"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // debug.go `Complete`: names before `--`, the command after it.
    let (names, command) = match p.dash {
        Some(at) if p.args.len() > at => p.args.split_at(at),
        _ => (p.args.as_slice(), &[][..]),
    };
    // `Validate`, in its order.
    let Some(image) = p.string("image").filter(|i| !i.is_empty()) else {
        return Err(KubectlError::message(
            "you must specify --image when not using --copy-to.",
        ));
    };
    if names.is_empty() {
        return Err(KubectlError::message(
            "NAME or filename is required for debug",
        ));
    }
    if p.bool("tty") && !p.bool("stdin") {
        return Err(KubectlError::message(
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    let objects = names
        .iter()
        .map(|n| targets::pod_or_object(n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| KubectlError::message(e.to_string()))?;
    Ok(Kubectl::Debug(Debug {
        namespace: super::namespace_of(&p),
        objects,
        image: image.to_owned(),
        container: p.string("container").map(str::to_owned),
        target: p.string("target").map(str::to_owned),
        stdin: p.bool("stdin"),
        tty: p.bool("tty"),
        quiet: p.bool("quiet"),
        command: command.to_vec(),
    }))
}
