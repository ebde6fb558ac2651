//! `kubectl describe`: kubectl pkg/cmd/describe/describe.go (`AddFlags`, `ToOptions`).

use super::selector::Selector;
use super::targets::{self, Targets};
use super::{FILENAME, Flag, Kubectl, KubectlError, SELECTOR};

/// `kubectl describe TYPE [NAME_PREFIX…] | TYPE/NAME…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Describe {
    pub namespace: String,
    pub all_namespaces: bool,
    pub targets: Targets,
    /// `-l`.
    pub selector: Option<Selector>,
}

const FLAGS: &[Flag] = &[
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    SELECTOR.modelled(),
    Flag::bool("all-namespaces").short('A').modelled(),
    Flag::bool("show-events"),
    Flag::int("chunk-size"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    if p.args.is_empty() {
        return Err(KubectlError::message(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
        ));
    }
    let targets = targets::parse(&p.args).map_err(|e| KubectlError::message(e.to_string()))?;
    Ok(Kubectl::Describe(Describe {
        namespace: super::namespace_of(&p),
        all_namespaces: p.bool("all-namespaces"),
        targets,
        selector: p.string("selector").map(Selector::parse),
    }))
}
