//! `kubectl scale`: kubectl pkg/cmd/scale/scale.go (`AddFlags`, `Validate`, `RunScale`) and
//! cobra's check of its required `--replicas`.

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT, SELECTOR};

/// `kubectl scale TYPE NAME… | TYPE/NAME… --replicas=N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub namespace: String,
    pub targets: Targets,
    pub replicas: i64,
}

const FLAGS: &[Flag] = &[
    Flag::bool("record"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("all"),
    Flag::string("resource-version"),
    Flag::int("current-replicas"),
    Flag::int("replicas").modelled(),
    Flag::text("timeout"),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    DRY_RUN,
    SELECTOR,
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    // cobra's `ValidateRequiredFlags` runs before the command (scale.go `MarkFlagRequired`).
    let Some(replicas) = p.int("replicas") else {
        return Err(KubectlError::message(
            "required flag(s) \"replicas\" not set",
        ));
    };
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    if replicas < 0 {
        return Err(KubectlError::message(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    Ok(Kubectl::Scale(Scale {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&p.args)?,
        replicas,
    }))
}
