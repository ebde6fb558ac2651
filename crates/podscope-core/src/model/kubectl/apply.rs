//! `kubectl apply -f FILE` and `apply -k DIR`: kubectl pkg/cmd/apply/apply.go (`AddFlags`,
//! `ToOptions`) with cli-runtime's `RequireFilenameOrKustomize`.

use super::{DRY_RUN, Flag, Kind, Kubectl, KubectlError, PRINT, SELECTOR};

/// `kubectl apply -f FILE…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Apply {
    pub namespace: String,
    /// `--namespace` given: `-f`'s objects must not name another.
    pub enforce_namespace: bool,
    /// `-f`: files, directories, URLs or `-` (standard input).
    pub files: Vec<String>,
    /// `-k DIR`: the kustomization in DIR (then `files` is empty).
    pub kustomize: Option<String>,
}

const FLAGS: &[Flag] = &[
    Flag::list("filename").short('f').modelled(),
    Flag::string("kustomize").short('k').modelled(),
    Flag::bool("recursive").short('R'),
    Flag::new("cascade", Kind::String(Some("background"))),
    Flag::int("grace-period"),
    Flag::bool("force"),
    Flag::text("timeout"),
    Flag::bool("wait"),
    Flag::bool("record"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::new("validate", Kind::String(Some("strict"))),
    DRY_RUN,
    Flag::bool("server-side"),
    Flag::bool("force-conflicts"),
    Flag::string("field-manager"),
    SELECTOR,
    Flag::list("prune-allowlist"),
    Flag::bool("all"),
    Flag::bool("prune"),
    Flag::bool("overwrite"),
    Flag::bool("openapi-patch"),
    Flag::string("subresource"),
];

/// apply's own subcommands.
const SUBCOMMANDS: [&str; 3] = ["edit-last-applied", "set-last-applied", "view-last-applied"];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    if let Some(sub) = super::command_at(words)
        .and_then(|i| words.get(i))
        .filter(|w| SUBCOMMANDS.contains(&w.as_str()))
    {
        return Ok(Kubectl::NotModelled(format!("{path} {sub}")));
    }
    let p = super::parse_flags(path, FLAGS, words)?;
    if !p.args.is_empty() {
        // Go's `%v` of a string slice: `[a b]`.
        return Err(KubectlError::usage(
            path,
            format!("Unexpected args: [{}]", p.args.join(" ")),
        ));
    }
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let files = p.list("filename");
    let kustomize = p.string("kustomize").filter(|k| !k.is_empty());
    match (files.is_empty(), kustomize) {
        (true, None) => return Err(KubectlError::message("must specify one of -f and -k")),
        // Both, or `-k` with `-R`: cli-runtime's `FilenameOptions` checks are not modelled.
        (false, Some(_)) => return Ok(Kubectl::NotModelled(format!("{path} -f with -k"))),
        (true, Some(_)) if p.bool("recursive") => {
            return Ok(Kubectl::NotModelled(format!("{path} -k with -R")));
        }
        _ => {}
    }
    Ok(Kubectl::Apply(Apply {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        files,
        kustomize: kustomize.map(str::to_owned),
    }))
}
