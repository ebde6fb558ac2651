//! `kubectl config view|current-context|set-context|use-context|get-contexts`: kubectl
//! v0.35.0 pkg/cmd/config (view.go, current_context.go, set_context.go, use_context.go with
//! its alias `use`, get_contexts.go). The other subcommands, and `view`'s `--minify`,
//! `--raw`, `--flatten` and other formats, are not modelled.

use super::flags::Flag;
use super::{Kubectl, KubectlError};

/// One `kubectl config` command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Config {
    View,
    CurrentContext,
    /// `set-context NAME` (`None`: `--current`) with the fields given.
    SetContext {
        name: Option<String>,
        cluster: Option<String>,
        user: Option<String>,
        namespace: Option<String>,
    },
    UseContext(String),
    /// `get-contexts [NAME…]`, `-o name`, `--no-headers`.
    GetContexts {
        names: Vec<String>,
        name_only: bool,
        no_headers: bool,
    },
}

const VIEW: &[Flag] = &[
    Flag::bool("flatten"),
    Flag::string("merge"),
    Flag::bool("minify"),
    Flag::bool("raw"),
    Flag::string("output").short('o').modelled(),
    Flag::string("template"),
    Flag::bool("allow-missing-template-keys"),
    Flag::bool("show-managed-fields"),
];

const SET_CONTEXT: &[Flag] = &[
    Flag::bool("current").modelled(),
    Flag::string("cluster").modelled(),
    Flag::string("user").modelled(),
    Flag::string("namespace").modelled(),
];

const GET_CONTEXTS: &[Flag] = &[
    Flag::bool("no-headers").modelled(),
    Flag::string("output").short('o').modelled(),
];

/// The subcommands of kubectl 1.35's `config` (config.go `NewCmdConfig`).
const SUBCOMMANDS: &[&str] = &[
    "current-context",
    "delete-cluster",
    "delete-context",
    "delete-user",
    "get-clusters",
    "get-contexts",
    "get-users",
    "rename-context",
    "set",
    "set-cluster",
    "set-context",
    "set-credentials",
    "unset",
    "use-context",
    "use",
    "view",
];

/// Reads a subcommand's parsed flags and arguments.
type Reader = fn(&super::flags::Parsed) -> Result<Config, KubectlError>;

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let Some(at) = super::command_at(words) else {
        // `kubectl config` alone prints its help.
        return Ok(Kubectl::NotModelled(path.to_owned()));
    };
    let name = words.get(at).map(String::as_str).unwrap_or_default();
    let rest = super::without(words, at);
    let sub = format!("{path} {name}");
    let (flags, command): (&[Flag], Reader) = match name {
        "view" => (VIEW, |_| Ok(Config::View)),
        "current-context" => (&[], |_| Ok(Config::CurrentContext)),
        "set-context" => (SET_CONTEXT, set_context),
        "use-context" | "use" => (&[], use_context),
        "get-contexts" => (GET_CONTEXTS, get_contexts),
        known if SUBCOMMANDS.contains(&known) => return Ok(Kubectl::NotModelled(sub)),
        unknown => {
            return Err(KubectlError::message(format!(
                "unknown command {} for \"kubectl config\"",
                crate::model::humanize::go_quote(unknown)
            )));
        }
    };
    let p = super::parse_flags(&sub, flags, &rest)?;
    // `-n` is kubectl's global flag everywhere but set-context, whose own `--namespace`
    // it is; it does not change what these commands print.
    if let Some(flag) = p.unmodelled() {
        return Ok(Kubectl::NotModelled(format!("{sub} --{flag}")));
    }
    if name == "view" && !matches!(p.string("output"), None | Some("yaml")) {
        return Ok(Kubectl::NotModelled(format!("{sub} -o")));
    }
    command(&p).map(Kubectl::Config)
}

fn set_context(p: &super::flags::Parsed) -> Result<Config, KubectlError> {
    // set_context.go `complete` and `validate`.
    if p.args.len() > 1 {
        return Err(KubectlError::message(format!(
            "Unexpected args: [{}]",
            p.args.join(" ")
        )));
    }
    let name = p.args.first().cloned().filter(|n| !n.is_empty());
    let current = p.bool("current");
    match (&name, current) {
        (None, false) => Err(KubectlError::message(
            "you must specify a non-empty context name or --current",
        )),
        (Some(_), true) => Err(KubectlError::message(
            "you cannot specify both a context name and --current",
        )),
        _ => Ok(Config::SetContext {
            name,
            cluster: p.string("cluster").map(str::to_owned),
            user: p.string("user").map(str::to_owned),
            namespace: p.string("namespace").map(str::to_owned),
        }),
    }
}

fn use_context(p: &super::flags::Parsed) -> Result<Config, KubectlError> {
    // use_context.go `complete` and `validate`.
    match p.args.as_slice() {
        [name] if name.is_empty() => {
            Err(KubectlError::message("empty context names are not allowed"))
        }
        [name] => Ok(Config::UseContext(name.clone())),
        args => Err(KubectlError::message(format!(
            "Unexpected args: [{}]",
            args.join(" ")
        ))),
    }
}

fn get_contexts(p: &super::flags::Parsed) -> Result<Config, KubectlError> {
    // get_contexts.go `Complete`: only `-o name` is a supported format.
    let name_only = match p.string("output") {
        None | Some("") => false,
        Some("name") => true,
        Some(other) => {
            return Err(KubectlError::message(format!(
                "--output {other} is not available in kubectl config get-contexts; resetting to default output format"
            )));
        }
    };
    Ok(Config::GetContexts {
        names: p.args.clone(),
        name_only,
        no_headers: p.bool("no-headers"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn k(line: &str) -> Result<Kubectl, String> {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        crate::model::kubectl::parse(&words).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_config_commands() {
        assert_eq!(k("config view"), Ok(Kubectl::Config(Config::View)));
        assert_eq!(
            k("config current-context"),
            Ok(Kubectl::Config(Config::CurrentContext))
        );
        assert_eq!(
            k("config set-context dev --namespace=development --cluster=c --user=u"),
            Ok(Kubectl::Config(Config::SetContext {
                name: Some("dev".into()),
                cluster: Some("c".into()),
                user: Some("u".into()),
                namespace: Some("development".into()),
            }))
        );
        assert_eq!(
            k("config use dev"),
            Ok(Kubectl::Config(Config::UseContext("dev".into())))
        );
        assert_eq!(
            k("config set-context"),
            Err("error: you must specify a non-empty context name or --current\n".into())
        );
        assert_eq!(
            k("config use-context a b"),
            Err("error: Unexpected args: [a b]\n".into())
        );
        assert_eq!(
            k("config view --minify"),
            Ok(Kubectl::NotModelled("kubectl config view --minify".into()))
        );
        assert_eq!(
            k("config get-contexts -o wide"),
            Err("error: --output wide is not available in kubectl config get-contexts; resetting to default output format\n".into())
        );
    }
}
