//! `kubectl logs`: kubectl pkg/cmd/logs/logs.go (`AddFlags`, `Complete`, `Validate`).

use super::targets::{self, ObjectRef};
use super::{Flag, Kubectl, KubectlError, SELECTOR};

/// `kubectl logs (POD | TYPE/NAME) [CONTAINER]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logs {
    pub namespace: String,
    /// The pod, or the object whose pod kubectl picks (`deploy/web`, `job/pi`).
    pub object: ObjectRef,
    /// `-c`, or the second argument.
    pub container: Option<String>,
    /// `-p`: the previous instance.
    pub previous: bool,
    /// `--tail`: the last lines only (`-1`, all, unless given).
    pub tail: Option<i64>,
}

const FLAGS: &[Flag] = &[
    Flag::bool("all-pods"),
    Flag::bool("all-containers"),
    Flag::bool("follow").short('f'),
    Flag::bool("timestamps"),
    Flag::int("limit-bytes"),
    Flag::bool("previous").short('p').modelled(),
    Flag::int("tail").modelled(),
    Flag::bool("ignore-errors"),
    Flag::string("since-time"),
    Flag::text("since"),
    Flag::string("container").short('c').modelled(),
    Flag::bool("insecure-skip-tls-verify-backend"),
    Flag::text("pod-running-timeout"),
    SELECTOR,
    Flag::int("max-log-requests"),
    Flag::bool("prefix"),
];

/// logs.go `logsUsageErrStr`.
const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let (target, inline) = match p.args.as_slice() {
        [target] => (target, None),
        [target, container] => (target, Some(container)),
        _ => return Err(KubectlError::usage(path, USAGE)),
    };
    // Complete resolves the object before Validate checks the flags.
    let object =
        targets::pod_or_object(target).map_err(|e| KubectlError::message(e.to_string()))?;
    if p.changed("container") && inline.is_some() {
        return Err(KubectlError::message(
            "only one of -c or an inline [CONTAINER] arg is allowed",
        ));
    }
    let tail = p.int("tail");
    if tail.is_some_and(|t| t < -1) {
        return Err(KubectlError::message(
            "--tail must be greater than or equal to -1",
        ));
    }
    Ok(Kubectl::Logs(Logs {
        namespace: super::namespace_of(&p),
        object,
        container: p
            .string("container")
            .map(str::to_owned)
            .or_else(|| inline.cloned()),
        previous: p.bool("previous"),
        tail: tail.filter(|t| *t != -1),
    }))
}
