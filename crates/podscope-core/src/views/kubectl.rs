//! `kubectl` on the node: argument parsing and dispatch to `get`, `describe` and `logs`, with
//! kubectl's own error texts.

pub mod describe;
pub mod get;
pub mod logs;

use crate::sim::outcome::Output;
use crate::sim::world::World;

/// The flags the supported subcommands read, parsed the way cobra/pflag does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    pub namespace: Option<String>,
    pub all_namespaces: bool,
    pub output: Option<String>,
    pub container: Option<String>,
    pub previous: bool,
    /// `-l` / `--selector`: a label selector for pods and ReplicaSets.
    pub selector: Option<String>,
}

impl Args {
    /// The namespace to look in (`default` unless `-n`).
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }

    pub fn wide(&self) -> bool {
        self.output.as_deref() == Some("wide")
    }

    /// Whether labels pass `-l`: comma-separated requirements `k=v`, `k==v`, `k!=v`,
    /// `k in (a,b)`, `k notin (a,b)`, `k` and `!k` (apimachinery pkg/labels/selector.go
    /// `Parse`).
    pub fn selects(&self, labels: &std::collections::BTreeMap<String, String>) -> bool {
        let Some(sel) = &self.selector else {
            return true;
        };
        // Split on commas outside parentheses.
        let mut parts: Vec<String> = vec![String::new()];
        let mut depth = 0;
        for ch in sel.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            match (ch, parts.last_mut()) {
                (',', _) if depth == 0 => parts.push(String::new()),
                (_, Some(p)) => p.push(ch),
                (_, None) => {}
            }
        }
        parts
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .all(|r| {
                let set = |list: &str| -> Vec<String> {
                    list.trim()
                        .trim_start_matches('(')
                        .trim_end_matches(')')
                        .split(',')
                        .map(|v| v.trim().to_owned())
                        .collect()
                };
                if let Some((k, list)) = r.split_once(" notin ") {
                    labels.get(k.trim()).is_none_or(|x| !set(list).contains(x))
                } else if let Some((k, list)) = r.split_once(" in ") {
                    labels.get(k.trim()).is_some_and(|x| set(list).contains(x))
                } else if let Some((k, v)) = r.split_once("!=") {
                    labels.get(k.trim()).is_none_or(|x| x != v.trim())
                } else if let Some((k, v)) = r.split_once("==").or_else(|| r.split_once('=')) {
                    labels.get(k.trim()).is_some_and(|x| x == v.trim())
                } else if let Some(k) = r.strip_prefix('!') {
                    !labels.contains_key(k.trim())
                } else {
                    labels.contains_key(r)
                }
            })
    }
}

/// cobra's texts for flags it does not know (spf13/pflag flag.go `unknown flag: --%s`,
/// `unknown shorthand flag: %q in -%s`), followed by kubectl's usage hint.
fn flag_error(sub: &str, message: &str) -> Output {
    Output::failed(
        format!("error: {message}\nSee 'kubectl {sub} --help' for usage.\n"),
        1,
    )
}

/// Parses the words after `kubectl SUB`.
pub fn parse_args(sub: &str, words: &[String]) -> Result<Args, Output> {
    let mut a = Args::default();
    let mut i = 0;
    let value = |i: &mut usize, flag: &str| -> Result<String, Output> {
        *i += 1;
        words
            .get(*i)
            .cloned()
            .ok_or_else(|| flag_error(sub, &format!("flag needs an argument: {flag}")))
    };
    while let Some(w) = words.get(i) {
        let w = w.as_str();
        match w {
            "-n" | "--namespace" => a.namespace = Some(value(&mut i, "'n' in -n")?),
            "-o" | "--output" => a.output = Some(value(&mut i, "'o' in -o")?),
            "-c" | "--container" => a.container = Some(value(&mut i, "'c' in -c")?),
            "-A" | "--all-namespaces" => a.all_namespaces = true,
            "-p" | "--previous" => a.previous = true,
            "-l" | "--selector" => a.selector = Some(value(&mut i, "'l' in -l")?),
            _ if w.starts_with("--selector=") => {
                a.selector = Some(w.trim_start_matches("--selector=").to_owned());
            }
            _ if w.starts_with("--namespace=") => {
                a.namespace = Some(w.trim_start_matches("--namespace=").to_owned());
            }
            _ if w.starts_with("--output=") => {
                a.output = Some(w.trim_start_matches("--output=").to_owned());
            }
            _ if w.starts_with("--container=") => {
                a.container = Some(w.trim_start_matches("--container=").to_owned());
            }
            _ if w.starts_with("--") => {
                let name = w.trim_start_matches("--");
                let name = name.split('=').next().unwrap_or(name);
                return Err(flag_error(sub, &format!("unknown flag: --{name}")));
            }
            _ if w.starts_with('-') && w.len() > 1 => {
                let mut chars = w.chars().skip(1);
                let first = chars.next().unwrap_or('-');
                let rest: String = chars.collect();
                match first {
                    'n' => a.namespace = Some(rest),
                    'o' => a.output = Some(rest),
                    'c' => a.container = Some(rest),
                    'l' => a.selector = Some(rest),
                    _ => {
                        return Err(flag_error(
                            sub,
                            &format!("unknown shorthand flag: '{first}' in {w}"),
                        ));
                    }
                }
            }
            _ => a.positional.push(w.to_owned()),
        }
        i += 1;
    }
    if let Some(o) = &a.output
        && o != "wide"
    {
        // Only the table forms are modelled; kubectl knows more (json, yaml, name, …).
        return Err(Output::failed(
            format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: wide\n"
            ),
            1,
        ));
    }
    Ok(a)
}

/// Runs `kubectl WORDS…` (the words after `kubectl`).
pub fn run(world: &World, words: &[String]) -> Output {
    let Some(sub) = words.first() else {
        // kubectl with no arguments prints its help; the model keeps to one line of it.
        return Output::ok("kubectl controls the Kubernetes cluster manager.\n");
    };
    let rest = words.get(1..).unwrap_or_default();
    let args = match parse_args(sub, rest) {
        Ok(a) => a,
        Err(out) => return out,
    };
    match sub.as_str() {
        "get" => get::run(world, &args),
        "describe" => describe::run(world, &args),
        "logs" | "log" => logs::run(world, &args),
        // cobra's text for an unknown command (spf13/cobra command.go `unknown command %q for %q`).
        other => Output::failed(
            format!("error: unknown command \"{other}\" for \"kubectl\"\n"),
            1,
        ),
    }
}

/// A resource kind `kubectl get` and `describe` know, with its names and aliases
/// (the API's discovery short names: `po`, `deploy`, `rs`, `svc`, `ev`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    Services,
    Events,
    Jobs,
}

impl Resource {
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "pods" | "pod" | "po" => Resource::Pods,
            "deployments" | "deployment" | "deploy" | "deployments.apps" => Resource::Deployments,
            "replicasets" | "replicaset" | "rs" | "replicasets.apps" => Resource::ReplicaSets,
            "services" | "service" | "svc" => Resource::Services,
            "events" | "event" | "ev" => Resource::Events,
            "jobs" | "job" | "jobs.batch" => Resource::Jobs,
            _ => return None,
        })
    }

    /// The name in NotFound errors (`pods`, `deployments.apps`).
    pub fn qualified(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::Services => "services",
            Resource::Events => "events",
            Resource::Jobs => "jobs.batch",
        }
    }
}

/// `error: the server doesn't have a resource type "podz"` (kubectl's discovery failure).
pub fn unknown_resource(word: &str) -> Output {
    Output::failed(
        format!("error: the server doesn't have a resource type \"{word}\"\n"),
        1,
    )
}

/// `Error from server (NotFound): pods "x" not found`.
pub fn not_found(resource: Resource, name: &str) -> Output {
    Output::failed(
        format!(
            "Error from server (NotFound): {} \"{name}\" not found\n",
            resource.qualified()
        ),
        1,
    )
}

/// `No resources found in default namespace.` / `No resources found` for `-A`
/// (kubectl pkg/cmd/get/get.go).
pub fn no_resources(args: &Args) -> Output {
    if args.all_namespaces {
        Output::ok("No resources found\n")
    } else {
        Output::ok(format!(
            "No resources found in {} namespace.\n",
            args.namespace()
        ))
    }
}
