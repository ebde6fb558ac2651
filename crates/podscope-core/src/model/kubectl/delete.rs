//! `kubectl delete`: kubectl pkg/cmd/delete/delete.go (`Complete`) and delete_flags.go
//! (`NewDeleteCommandFlags`), with the resource builder's errors.

use super::targets::{self, Targets};
use super::{DRY_RUN, FILENAME, Flag, Kind, Kubectl, KubectlError, SELECTOR};

/// `kubectl delete TYPE NAME… | TYPE/NAME…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    pub namespace: String,
    /// `--namespace` given: `-f`'s objects must not name another.
    pub enforce_namespace: bool,
    pub targets: Targets,
    /// The grace period asked for, as delete.go `Complete` settles it: `--now` is 1,
    /// `--grace-period=0` without `--force` becomes 1, a negative one means the object's own
    /// (`None`).
    pub grace: Option<u64>,
    /// `-f`: the objects of these manifests (files or URLs) instead of named ones.
    pub files: Vec<String>,
}

const FLAGS: &[Flag] = &[
    Flag::list("filename").short('f').modelled(),
    FILENAME[1],
    FILENAME[2],
    SELECTOR,
    Flag::string("field-selector"),
    Flag::bool("all"),
    Flag::bool("all-namespaces").short('A'),
    Flag::bool("force"),
    Flag::new("cascade", Kind::String(Some("background"))),
    Flag::bool("now").modelled(),
    Flag::int("grace-period").modelled(),
    Flag::text("timeout"),
    Flag::bool("ignore-not-found"),
    // The model's delete returns at once, as `--wait=false` does; waiting adds nothing to
    // what it prints.
    Flag::bool("wait").modelled(),
    Flag::string("output").short('o'),
    Flag::string("raw"),
    Flag::bool("interactive").short('i'),
    DRY_RUN,
];

/// resource/builder.go `missingResourceError`.
pub(super) const MISSING_RESOURCE: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// resource/builder.go `visitorResult` for types without names.
pub(super) const NO_NAME: &str = "resource(s) were provided, but no name was specified";

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let mut grace = p.int("grace-period").unwrap_or(-1);
    if p.bool("now") {
        if grace != -1 {
            return Err(KubectlError::message(
                "--now and --grace-period cannot be specified together",
            ));
        }
        grace = 1;
    }
    if grace == 0 {
        grace = 1;
    }
    let files = p.list("filename");
    let targets = if files.is_empty() {
        named(&p.args)?
    } else if p.args.is_empty() {
        Targets::None
    } else {
        return Ok(Kubectl::NotModelled(format!("{path} -f with names")));
    };
    Ok(Kubectl::Delete(Delete {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        targets,
        grace: u64::try_from(grace).ok(),
        files,
    }))
}

/// The builder's reading of arguments that must name objects (no selector, no `--all`).
pub(super) fn named(args: &[String]) -> Result<Targets, KubectlError> {
    match targets::parse(args).map_err(|e| KubectlError::message(e.to_string()))? {
        Targets::None => Err(KubectlError::message(MISSING_RESOURCE)),
        Targets::Types(_) => Err(KubectlError::message(NO_NAME)),
        named => Ok(named),
    }
}
