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
    /// `-f FILE…`: the objects the manifests name (the node's shell reads them into
    /// `targets`).
    pub files: Vec<String>,
}

const FLAGS: &[Flag] = &[
    FILENAME[0].modelled(),
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
    let files = p.list("filename");
    if !p.args.is_empty() && !files.is_empty() {
        return Ok(Kubectl::NotModelled(format!(
            "{path} -f with resource arguments"
        )));
    }
    if p.args.is_empty() && files.is_empty() {
        return Err(KubectlError::message(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
        ));
    }
    let targets = if files.is_empty() {
        targets::parse(&p.args).map_err(|e| KubectlError::message(e.to_string()))?
    } else {
        Targets::None
    };
    Ok(Kubectl::Describe(Describe {
        namespace: super::namespace_of(&p),
        all_namespaces: p.bool("all-namespaces"),
        targets,
        selector: p.string("selector").map(Selector::parse),
        files,
    }))
}
