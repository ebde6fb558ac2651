//! kubectl command lines as data: the one parser every `kubectl …` typed on the node goes
//! through, whether the command only reads the cluster (`get`, `describe`, `logs`, carried out
//! by `views::kubectl`) or changes it (`delete`, `scale`, `rollout`, `exec`, `debug`, carried
//! out by the world in `sim`).
//!
//! Words come from the shell splitter (`words`), flags are read as cobra/pflag read them
//! (`flags`, flags anywhere, kubectl's global flags everywhere), resource types as kubectl's
//! RESTMapper resolves them (`resource`), `TYPE NAME…`/`TYPE/NAME` as cli-runtime's resource
//! builder does (`targets`). Each command's flags are those of kubectl 1.35
//! (kubernetes/kubectl pkg/cmd/…); a flag podscope does not act on is accepted and answered
//! "not modelled" rather than ignored, so a command never prints a wrong answer. Errors are
//! kubectl's (`KubectlError`).

pub mod files;
pub mod flags;
pub mod output;
pub mod pairs;
pub mod resource;
pub mod selector;
pub mod targets;
pub mod words;

mod apply;
mod attach;
mod autoscale;
mod config;
pub mod create;
pub mod create_data;
mod create_docker;
mod debug;
mod delete;
mod describe;
mod exec;
mod expose;
mod get;
mod label;
mod logs;
pub mod patch;
mod rollout;
mod run;
mod scale;
mod set;
pub mod set_resources;

use std::fmt;

pub use apply::Apply;
pub use attach::AttachTo;
pub use autoscale::{Autoscale, CPU_PERCENT_DEPRECATED};
pub use config::Config;
pub use create::{Create, CreateWhat};
pub use debug::Debug;
pub use delete::Delete;
pub use describe::Describe;
pub use exec::Exec;
pub use expose::Expose;
use flags::{Flag, FlagError, Kind, Parsed};
pub use get::{Get, Watch};
pub use label::{Label, MetaField};
pub use logs::Logs;
pub use patch::{Patch, PatchSource};
pub use rollout::{Rollout, RolloutAction};
pub(crate) use run::parse_labels;
pub use run::{ATTACH_BANNER, Attach, Run};
pub use scale::Scale;
pub use set::{RECORD_DEPRECATED, SetImage};
pub use set_resources::SetResources;

/// One kubectl command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kubectl {
    /// `kubectl` alone: its help (the model prints its first line).
    Help,
    Get(Get),
    Describe(Describe),
    Logs(Logs),
    Delete(Delete),
    Scale(Scale),
    Rollout(Rollout),
    Apply(Apply),
    Exec(Exec),
    Attach(AttachTo),
    Expose(Expose),
    Debug(Debug),
    Run(Run),
    Create(Create),
    Label(Label),
    SetImage(SetImage),
    SetResources(SetResources),
    Patch(Patch),
    Autoscale(Autoscale),
    /// `kubectl config …`: the node's kubeconfig.
    Config(Config),
    /// A real command, flag or resource podscope does not carry out, named as the user would
    /// (`kubectl label`, `kubectl get --watch`): answered with a message saying so.
    NotModelled(String),
}

impl Kubectl {
    /// Whether carrying the command out may change the world (the rest only read it).
    pub fn changes_world(&self) -> bool {
        matches!(
            self,
            Kubectl::Delete(_)
                | Kubectl::Scale(_)
                | Kubectl::Rollout(_)
                | Kubectl::Apply(_)
                | Kubectl::Exec(_)
                | Kubectl::Expose(_)
                | Kubectl::Debug(_)
                | Kubectl::Run(_)
                | Kubectl::Create(_)
                | Kubectl::Label(_)
                | Kubectl::SetImage(_)
                | Kubectl::SetResources(_)
                | Kubectl::Patch(_)
                | Kubectl::Autoscale(_)
                | Kubectl::Config(Config::SetContext { .. } | Config::UseContext(_))
        )
    }
}

/// What podscope prints for a command it does not carry out (status 1).
pub fn not_modelled(what: &str) -> String {
    format!("podscope: {what} is not modelled\n")
}

/// Why kubectl refused a command line before contacting the server; `Display` is exactly
/// what it prints (status 1, kubectl's `DefaultErrorExitCode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KubectlError {
    /// A flag pflag could not read, with the hint kubectl's templater adds
    /// (pkg/util/templates/templater.go `FlagErrorFunc`).
    Flag { command: String, error: FlagError },
    /// cmdutil `UsageErrorf`: the message and `See 'kubectl CMD -h' for help and examples`.
    Usage { command: String, message: String },
    /// Any other error: cmdutil `CheckErr` prints it after `error: `.
    Message(String),
    /// Printed as it stands (already complete).
    Text(String),
}

impl fmt::Display for KubectlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KubectlError::Flag { command, error } => {
                writeln!(f, "error: {error}\nSee '{command} --help' for usage.")
            }
            KubectlError::Usage { command, message } => {
                writeln!(
                    f,
                    "error: {message}\nSee '{command} -h' for help and examples"
                )
            }
            KubectlError::Message(m) if m.ends_with('\n') => write!(f, "error: {m}"),
            KubectlError::Message(m) => writeln!(f, "error: {m}"),
            KubectlError::Text(t) => f.write_str(t),
        }
    }
}

impl KubectlError {
    pub fn usage(command: &str, message: impl Into<String>) -> Self {
        KubectlError::Usage {
            command: command.to_owned(),
            message: message.into(),
        }
    }

    pub fn message(message: impl Into<String>) -> Self {
        KubectlError::Message(message.into())
    }
}

/// kubectl's persistent flags, valid with every command: cli-runtime genericclioptions
/// config_flags.go `AddFlags`, kubectl pkg/cmd/cmd.go (`--warnings-as-errors`, profiling,
/// `--match-server-version`, `--kuberc`), component-base logs (`-v`, `--vmodule`,
/// `--log-flush-frequency`) and cobra's `-h, --help`. Only `-n` is modelled.
pub const GLOBAL: &[Flag] = &[
    Flag::string("namespace").short('n').modelled(),
    Flag::bool("help").short('h'),
    Flag::string("kubeconfig"),
    Flag::string("cache-dir"),
    Flag::string("client-certificate"),
    Flag::string("client-key"),
    Flag::string("token"),
    Flag::string("as"),
    Flag::string("as-uid"),
    Flag::list("as-group"),
    Flag::list("as-user-extra"),
    Flag::string("username"),
    Flag::string("password"),
    Flag::string("cluster"),
    Flag::string("user"),
    Flag::string("context"),
    Flag::string("server").short('s'),
    Flag::string("tls-server-name"),
    Flag::bool("insecure-skip-tls-verify"),
    Flag::string("certificate-authority"),
    Flag::string("request-timeout"),
    Flag::bool("disable-compression"),
    Flag::bool("match-server-version"),
    Flag::bool("warnings-as-errors"),
    Flag::string("profile"),
    Flag::string("profile-output"),
    Flag::string("kuberc"),
    Flag::text("v").short('v'),
    Flag::text("vmodule"),
    Flag::text("log-flush-frequency"),
];

/// kubectl 1.35's commands in the order pkg/cmd/cmd.go adds them (cobra suggests from this
/// list), with cobra's own `help`.
const COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "alpha",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
    "help",
];

/// Reads `kubectl ARGS…` (the words after `kubectl`).
pub fn parse(words: &[String]) -> Result<Kubectl, KubectlError> {
    let name = command_at(words).and_then(|i| words.get(i).map(|w| (i, w.as_str())));
    let Some((at, name)) = name else {
        // Only flags: the root command parses them, then prints its help.
        let parsed = parse_flags("kubectl", &[], words)?;
        return Ok(match parsed.unmodelled() {
            Some(flag) if flag != "help" => Kubectl::NotModelled(format!("kubectl --{flag}")),
            _ => Kubectl::Help,
        });
    };
    let rest = without(words, at);
    let path = format!("kubectl {name}");
    match name {
        "get" => get::parse(&path, &rest),
        "describe" => describe::parse(&path, &rest),
        "logs" => logs::parse(&path, &rest),
        "delete" => delete::parse(&path, &rest),
        "scale" => scale::parse(&path, &rest),
        "rollout" => rollout::parse(&path, &rest),
        "apply" => apply::parse(&path, &rest),
        "exec" => exec::parse(&path, &rest),
        "attach" => attach::parse(&path, &rest),
        "expose" => expose::parse(&path, &rest),
        "debug" => debug::parse(&path, &rest),
        "run" => run::parse(&path, &rest),
        "create" => create::parse(&path, &rest),
        "label" => label::parse(&path, &rest, MetaField::Labels),
        "annotate" => label::parse(&path, &rest, MetaField::Annotations),
        "set" => set::parse(&path, &rest),
        "patch" => patch::parse(&path, &rest),
        "autoscale" => autoscale::parse(&path, &rest),
        "config" => config::parse(&path, &rest),
        "help" => Ok(Kubectl::Help),
        known if COMMANDS.contains(&known) => Ok(Kubectl::NotModelled(path)),
        unknown => Err(KubectlError::message(format!(
            "unknown command {} for \"kubectl\"{}",
            crate::model::humanize::go_quote(unknown),
            suggestions(unknown)
        ))),
    }
}

/// Reads `kubectl ARGS…` with `namespace` as the current context's namespace: the
/// namespace of the command when it names none with `-n`/`--namespace` (clientcmd's
/// `Namespace()`: the flag, else the context's); `-f`'s objects keep their own
/// (the namespace is not enforced).
pub fn parse_in(words: &[String], namespace: &str) -> Result<Kubectl, KubectlError> {
    let mut cmd = parse(words)?;
    if namespace != "default"
        && !typed_namespace(words)
        && let Some(ns) = cmd.namespace_mut()
    {
        *ns = namespace.to_owned();
    }
    Ok(cmd)
}

/// Whether the words name a namespace with the global `-n`/`--namespace` (before `--`; in
/// a group of shorthands after bool ones, `-in web`).
fn typed_namespace(words: &[String]) -> bool {
    for w in words {
        if w == "--" {
            break;
        }
        if w == "--namespace" || w.starts_with("--namespace=") {
            return true;
        }
        if let Some(group) = w.strip_prefix('-').filter(|g| !g.starts_with('-')) {
            for c in group.chars() {
                if c == 'n' {
                    return true;
                }
                // kubectl's bool shorthands; any other takes the rest as its value.
                if !"itqAwRhfp".contains(c) {
                    break;
                }
            }
        }
    }
    false
}

impl Kubectl {
    /// The namespace the command acts in, for the commands that act in one.
    fn namespace_mut(&mut self) -> Option<&mut String> {
        Some(match self {
            Kubectl::Get(c) => &mut c.namespace,
            Kubectl::Describe(c) => &mut c.namespace,
            Kubectl::Logs(c) => &mut c.namespace,
            Kubectl::Delete(c) => &mut c.namespace,
            Kubectl::Scale(c) => &mut c.namespace,
            Kubectl::Rollout(c) => &mut c.namespace,
            Kubectl::Apply(c) => &mut c.namespace,
            Kubectl::Exec(c) => &mut c.namespace,
            Kubectl::Attach(c) => &mut c.namespace,
            Kubectl::Expose(c) => &mut c.namespace,
            Kubectl::Debug(c) => &mut c.namespace,
            Kubectl::Run(c) => &mut c.namespace,
            Kubectl::Create(c) => &mut c.namespace,
            Kubectl::Label(c) => &mut c.namespace,
            Kubectl::SetImage(c) => &mut c.namespace,
            Kubectl::SetResources(c) => &mut c.namespace,
            Kubectl::Patch(c) => &mut c.namespace,
            Kubectl::Autoscale(c) => &mut c.namespace,
            Kubectl::Help | Kubectl::Config(_) | Kubectl::NotModelled(_) => return None,
        })
    }
}

/// Where the (sub)command's name is: cobra's `Find` takes the first word that is neither a
/// flag nor the value of a global one (`kubectl -n web get pods`).
pub(crate) fn command_at(words: &[String]) -> Option<usize> {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if w.len() > 1 && w.starts_with('-') {
            i += 1 + usize::from(takes_next(w));
        } else {
            return Some(i);
        }
    }
    None
}

/// The words without the (sub)command's name at `at`.
pub(crate) fn without(words: &[String], at: usize) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != at)
        .map(|(_, w)| w.clone())
        .collect()
}

/// Whether a global flag word takes the next word as its value (cobra `stripFlags`).
fn takes_next(word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let flag = match word.strip_prefix("--") {
        Some(long) => GLOBAL.iter().find(|f| f.name == long),
        None => word
            .chars()
            .nth(1)
            .filter(|_| word.len() == 2)
            .and_then(|c| GLOBAL.iter().find(|f| f.short == Some(c))),
    };
    flag.is_some_and(|f| f.kind != Kind::Bool)
}

/// cobra's "Did you mean this?" for an unknown command (command.go `SuggestionsFor`:
/// Levenshtein distance of at most 2, ignoring case, or a prefix; `SuggestFor` aliases).
fn suggestions(typed: &str) -> String {
    let lower = typed.to_ascii_lowercase();
    let mut found: Vec<&str> = Vec::new();
    // cobra's own `help` command is never suggested (`IsAvailableCommand`).
    for &c in COMMANDS.iter().filter(|c| **c != "help") {
        if levenshtein(&lower, c) <= 2 || c.starts_with(&lower) {
            found.push(c);
        }
        // get.go and wait.go `SuggestFor: list, ps`; delete.go `SuggestFor: rm`.
        let explicit: &[&str] = match c {
            "get" | "wait" => &["list", "ps"],
            "delete" => &["rm"],
            _ => &[],
        };
        if explicit.contains(&lower.as_str()) {
            found.push(c);
        }
    }
    if found.is_empty() {
        return String::new();
    }
    let mut s = "\n\nDid you mean this?\n".to_owned();
    for c in found {
        s.push('\t');
        s.push_str(c);
        s.push('\n');
    }
    s
}

/// The edit distance between two strings (cobra's `ld`).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let best = (prev + usize::from(ca != *cb))
                .min(cur + 1)
                .min(row.get(j).copied().unwrap_or(0) + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Parses a command's words against its flags and the global ones.
pub(crate) fn parse_flags(
    command: &str,
    own: &[Flag],
    words: &[String],
) -> Result<Parsed, KubectlError> {
    flags::parse(&[own, GLOBAL], words).map_err(|error| KubectlError::Flag {
        command: command.to_owned(),
        error,
    })
}

/// The namespace `-n`/`--namespace` names, else the context's (`default`).
pub(crate) fn namespace_of(parsed: &Parsed) -> String {
    match parsed.string("namespace") {
        Some(ns) if !ns.is_empty() => ns.to_owned(),
        _ => "default".to_owned(),
    }
}

/// Whether `--namespace`/`-n` was given (clientcmd's `Namespace()` "overridden"), which
/// makes `-f`'s objects keep to it (`enforceNamespace`).
pub(crate) fn namespace_given(parsed: &Parsed) -> bool {
    parsed.string("namespace").is_some_and(|ns| !ns.is_empty())
}

/// The first flag given that podscope does not act on, as a "not modelled" command.
pub(crate) fn unmodelled(command: &str, parsed: &Parsed) -> Option<Kubectl> {
    parsed
        .unmodelled()
        .map(|flag| Kubectl::NotModelled(format!("{command} --{flag}")))
}

/// `-f`/`--filename`, `-k`/`--kustomize`, `-R`/`--recursive` (cmdutil
/// `AddFilenameOptionFlags`).
pub(crate) const FILENAME: [Flag; 3] = [
    Flag::list("filename").short('f'),
    Flag::string("kustomize").short('k'),
    Flag::bool("recursive").short('R'),
];

/// `-o`, `--template`, `--allow-missing-template-keys`, `--show-managed-fields`: the
/// printing flags of commands that print the objects they change (genericclioptions
/// `PrintFlags.AddFlags`).
pub(crate) const PRINT: [Flag; 4] = [
    Flag::string("output").short('o'),
    Flag::string("template"),
    Flag::bool("allow-missing-template-keys"),
    Flag::bool("show-managed-fields"),
];

/// `--dry-run[=unchanged]` (cmdutil `AddDryRunFlag`).
pub(crate) const DRY_RUN: Flag = Flag::new("dry-run", Kind::String(Some("unchanged")));

/// `-l`, `--selector` (cmdutil `AddLabelSelectorFlagVar`).
pub(crate) const SELECTOR: Flag = Flag::string("selector").short('l');

#[cfg(test)]
mod tests;
