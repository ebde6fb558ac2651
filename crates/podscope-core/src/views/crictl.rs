//! `crictl` on a node (cri-tools v1.35.0, the release of Kubernetes 1.35): `ps` and `pods`
//! (cmd/crictl/container.go `OutputContainers`, sandbox.go `OutputPodSandboxes`: newest
//! first, IDs cut to 13 characters, ages in go-units words, through crictl's tabwriter
//! (20, 1, 3)), `images` (`images`), `logs` (`logs`); `exec` changes the world and is the
//! node shell's (scenario/node_shell/crictl.rs).

pub mod args;
pub mod find;
pub mod images;
pub mod logs;
pub mod pattern;

use crate::model::humanize::units_duration;
use crate::model::ids::{ContainerId, ObjectKey};
use crate::model::sort::CompactSort;
use crate::model::time::SimTime;
use crate::sim::outcome::Output;
use crate::sim::world::{ContainerState, World};
use crate::views::kubectl::describe::image_id as repo_digest;
use crate::views::tabwriter::{CRICTL, table};
use args::{ArgError, Flag, Parsed};
use pattern::Pattern;

/// One container the runtime knows.
struct Row {
    id: ContainerId,
    image: String,
    created: SimTime,
    running: bool,
    name: String,
    attempt: u32,
    pod_id: String,
    pod: ObjectKey,
}

/// The image column: the kubelet passes the image ID (`sha256:` and the config digest), which
/// crictl cuts to 13 hex characters (container.go `OutputContainers`,
/// `getTruncatedID(digest.String(), "sha256:")`): the ID `crictl images` shows for the image.
fn image_column(image: &crate::model::image_ref::ImageRef) -> String {
    let id = match crate::model::image_ref::parse_normalized(&image.raw) {
        Ok(n) => images::image_id(&n.full()),
        // A reference that does not parse never made a container; the repo digest stands in.
        Err(_) => repo_digest(image),
    };
    let hex = id.rsplit_once("sha256:").map_or(id.as_str(), |(_, h)| h);
    hex.chars().take(13).collect()
}

fn rows(world: &World, node: usize, all: bool) -> Vec<Row> {
    let mut out = Vec::new();
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        let Some(sandbox) = &pod.sandbox else {
            continue;
        };
        for (_, c) in pod.all_containers() {
            let running = matches!(c.state, ContainerState::Running { .. });
            for (inst, live) in [(c.instance.as_ref(), running), (c.dead.as_ref(), false)] {
                let Some(inst) = inst else { continue };
                if !live && !all {
                    continue;
                }
                out.push(Row {
                    id: inst.id,
                    image: image_column(&c.spec.image),
                    created: inst.started_at,
                    running: live,
                    name: c.spec.name.0.clone(),
                    attempt: inst.attempt,
                    // The sandbox the instance ran in (the GC keeps it while the instance
                    // is kept: sim/gc.rs).
                    pod_id: pod
                        .old_sandboxes
                        .iter()
                        .find(|s| s.attempt == inst.sandbox_attempt)
                        .unwrap_or(sandbox)
                        .id
                        .crictl(),
                    pod: pod.spec.key.clone(),
                });
            }
        }
    }
    // crictl sorts by creation time, newest first (`containerByCreated`).
    out.sort_compact_by_key(|r| std::cmp::Reverse(r.created));
    out
}

/// `crictl ps`'s flags (container.go `listContainersCommand`).
const PS_FLAGS: &[Flag] = &[
    Flag::bool("verbose").short('v'),
    Flag::bool("all").short('a'),
    Flag::value("id"),
    Flag::value("pod").short('p'),
    Flag::value("name"),
    Flag::value("namespace"),
    Flag::value("state").short('s'),
    Flag::value("label"),
    Flag::bool("quiet").short('q'),
    Flag::value("output").short('o'),
    Flag::bool("latest").short('l'),
    Flag::value("last").short('n'),
    Flag::bool("no-trunc"),
    Flag::value("image"),
    Flag::bool("resolve-image-path").short('r'),
];

/// `crictl pods`' flags (sandbox.go `listPodCommand`).
const PODS_FLAGS: &[Flag] = &[
    Flag::value("id"),
    Flag::value("name"),
    Flag::value("namespace"),
    Flag::value("state").short('s'),
    Flag::value("label"),
    Flag::bool("verbose").short('v'),
    Flag::bool("quiet").short('q'),
    Flag::value("output").short('o'),
    Flag::bool("latest").short('l'),
    Flag::value("last").short('n'),
    Flag::bool("no-trunc"),
];

/// `crictl ps [-a]` on node `node`. Pause containers are sandboxes and never show here.
pub fn ps(world: &World, node: usize, all: bool) -> String {
    ps_table(world, rows(world, node, all))
}

fn ps_table(world: &World, rows: Vec<Row>) -> String {
    let now = world.now();
    let mut t = vec![
        [
            "CONTAINER",
            "IMAGE",
            "CREATED",
            "STATE",
            "NAME",
            "ATTEMPT",
            "POD ID",
            "POD",
            "NAMESPACE",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in rows {
        t.push(vec![
            r.id.crictl(),
            r.image,
            format!("{} ago", units_duration(now.since(r.created))),
            if r.running { "Running" } else { "Exited" }.to_owned(),
            r.name,
            r.attempt.to_string(),
            r.pod_id,
            r.pod.name,
            r.pod.namespace,
        ]);
    }
    table(CRICTL, &t)
}

/// One sandbox the runtime knows.
struct SandboxRow<'w> {
    created: SimTime,
    id: String,
    full_id: String,
    ready: bool,
    attempt: u32,
    key: &'w ObjectKey,
    /// The sandbox's labels: the pod's, and the three the kubelet adds
    /// (pkg/kubelet/kuberuntime/labels.go `newPodLabels`).
    labels: Vec<(String, String)>,
}

fn sandboxes(world: &World, node: usize) -> Vec<SandboxRow<'_>> {
    let mut rows = Vec::new();
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        let mut labels: Vec<(String, String)> = pod
            .spec
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        labels.push(("io.kubernetes.pod.name".into(), pod.spec.key.name.clone()));
        labels.push((
            "io.kubernetes.pod.namespace".into(),
            pod.spec.key.namespace.clone(),
        ));
        labels.push(("io.kubernetes.pod.uid".into(), pod.uid.to_string()));
        for s in pod.old_sandboxes.iter().chain(&pod.sandbox) {
            rows.push(SandboxRow {
                created: s.created_at,
                id: s.id.crictl(),
                full_id: s.id.full(),
                ready: s.ready,
                attempt: s.attempt,
                key: &pod.spec.key,
                labels: labels.clone(),
            });
        }
    }
    // sandbox.go `sandboxByCreated`: newest first.
    rows.sort_compact_by_key(|r| std::cmp::Reverse(r.created));
    rows
}

/// `crictl pods`: every sandbox, current (Ready or NotReady) and replaced (NotReady), with
/// RUNTIME `(default)` for the default handler (sandbox.go `getSandboxesRuntimeHandler`).
pub fn pods(world: &World, node: usize) -> String {
    pods_table(world, sandboxes(world, node))
}

fn pods_table(world: &World, rows: Vec<SandboxRow<'_>>) -> String {
    let now = world.now();
    let mut t = vec![
        [
            "POD ID",
            "CREATED",
            "STATE",
            "NAME",
            "NAMESPACE",
            "ATTEMPT",
            "RUNTIME",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for r in rows {
        t.push(vec![
            r.id,
            format!("{} ago", units_duration(now.since(r.created))),
            if r.ready { "Ready" } else { "NotReady" }.to_owned(),
            r.key.name.clone(),
            r.key.namespace.clone(),
            r.attempt.to_string(),
            "(default)".to_owned(),
        ]);
    }
    table(CRICTL, &t)
}

/// util.go `parseLabelStringSlice`: each `--label` is `key=value`, split at every `=`.
fn labels_of(p: &Parsed) -> Result<Vec<(String, String)>, Output> {
    p.all("label")
        .into_iter()
        .map(|s| {
            let parts: Vec<&str> = s.split('=').collect();
            match parts.as_slice() {
                [k, v] => Ok(((*k).to_owned(), (*v).to_owned())),
                _ => Err(fatal(&format!("incorrectly specified label: {s}"))),
            }
        })
        .collect()
}

/// A `--name`/`--namespace` pattern, or the refusal to model one.
fn pattern_of(p: &Parsed, flag: &str) -> Result<Option<Pattern>, Output> {
    match p.value(flag) {
        None | Some("") => Ok(None),
        Some(v) => Pattern::parse(v)
            .map(Some)
            .map_err(|_| unmodelled(&format!("crictl --{flag} with this regular expression"))),
    }
}

fn run_pods(world: &World, node: usize, words: &[String]) -> Output {
    let p = match args::parse(PODS_FLAGS, words) {
        Ok(p) => p,
        Err(e) => return incorrect_usage("pods", &e),
    };
    for f in ["verbose", "latest", "no-trunc"] {
        if p.has(f) {
            return unmodelled(&format!("crictl pods --{f}"));
        }
    }
    for f in ["id", "output", "last"] {
        if p.value(f).is_some() {
            return unmodelled(&format!("crictl pods --{f}"));
        }
    }
    let (name, namespace, labels) = match (
        pattern_of(&p, "name"),
        pattern_of(&p, "namespace"),
        labels_of(&p),
    ) {
        (Ok(n), Ok(ns), Ok(l)) => (n, ns, l),
        (Err(o), _, _) | (_, Err(o), _) | (_, _, Err(o)) => return o,
    };
    // sandbox.go `ListPodSandboxes`: `--state` is `ready` or `notready` in any case.
    let state = match p.value("state").map(str::to_ascii_lowercase).as_deref() {
        None | Some("") => None,
        Some("ready") => Some(true),
        Some("notready") => Some(false),
        Some(_) => return fatal("--state should be ready or notready"),
    };
    let rows: Vec<SandboxRow<'_>> = sandboxes(world, node)
        .into_iter()
        .filter(|r| state.is_none_or(|s| r.ready == s))
        // The runtime's label selector: every pair must be the sandbox's.
        .filter(|r| labels.iter().all(|l| r.labels.contains(l)))
        // sandbox.go `getSandboxesList`: the regular expressions, client-side.
        .filter(|r| name.as_ref().is_none_or(|n| n.is_match(&r.key.name)))
        .filter(|r| {
            namespace
                .as_ref()
                .is_none_or(|n| n.is_match(&r.key.namespace))
        })
        .collect();
    if p.has("quiet") {
        return Output::ok(
            rows.iter()
                .map(|r| format!("{}\n", r.full_id))
                .collect::<String>(),
        );
    }
    Output::ok(pods_table(world, rows))
}

fn run_ps(world: &World, node: usize, words: &[String]) -> Output {
    let p = match args::parse(PS_FLAGS, words) {
        Ok(p) => p,
        Err(e) => return incorrect_usage("ps", &e),
    };
    for f in ["verbose", "latest", "no-trunc", "resolve-image-path"] {
        if p.has(f) {
            return unmodelled(&format!("crictl ps --{f}"));
        }
    }
    for f in ["id", "pod", "state", "label", "output", "last", "image"] {
        if p.value(f).is_some() {
            return unmodelled(&format!("crictl ps --{f}"));
        }
    }
    let (name, namespace) = match (pattern_of(&p, "name"), pattern_of(&p, "namespace")) {
        (Ok(n), Ok(ns)) => (n, ns),
        (Err(o), _) | (_, Err(o)) => return o,
    };
    let rows: Vec<Row> = rows(world, node, p.has("all"))
        .into_iter()
        // container.go `getContainersList`: the container's name and its pod's namespace.
        .filter(|r| name.as_ref().is_none_or(|n| n.is_match(&r.name)))
        .filter(|r| {
            namespace
                .as_ref()
                .is_none_or(|n| n.is_match(&r.pod.namespace))
        })
        .collect();
    if p.has("quiet") {
        return Output::ok(
            rows.iter()
                .map(|r| format!("{}\n", r.id.full()))
                .collect::<String>(),
        );
    }
    Output::ok(ps_table(world, rows))
}

/// logrus' text formatter on a terminal, as `logrus.Fatal(err)` in main.go prints crictl's
/// errors: the level, the seconds since start, the message padded to 44 columns, a space
/// (text_formatter.go `printColored`; the colour escapes are the terminal's), status 1.
pub(crate) fn fatal(message: &str) -> Output {
    Output::failed(format!("FATA[0000] {message:<44} \n"), 1)
}

/// urfave/cli's refusal of a flag the subcommand does not define.
pub(crate) fn incorrect_usage(cmd: &str, e: &ArgError) -> Output {
    incorrect_usage_text(cmd, &e.message())
}

fn incorrect_usage_text(cmd: &str, message: &str) -> Output {
    Output::failed(
        format!("Incorrect Usage: {message}\n\ncrictl {cmd}: {message}\n"),
        1,
    )
}

/// `cli.ShowSubcommandHelp`: the subcommand's help (the model prints its first line).
fn subcommand_help(cmd: &str) -> Output {
    Output::ok(format!("NAME:\n   crictl {cmd}\n"))
}

pub(crate) fn unmodelled(what: &str) -> Output {
    Output::failed(crate::model::kubectl::not_modelled(what), 1)
}

/// Runs `crictl WORDS…` on node `node` (it lists that node's runtime's containers).
pub fn run(world: &World, node: usize, words: &[String]) -> Output {
    let Some((cmd, rest)) = words.split_first() else {
        return Output::ok("NAME:\n   crictl - client for CRI\n");
    };
    match cmd.as_str() {
        "ps" => run_ps(world, node, rest),
        "pods" => run_pods(world, node, rest),
        // image.go `listImageCommand`'s name and aliases.
        "images" | "image" | "img" => images::run(world, rest),
        "logs" => logs::run(world, node, rest),
        // Sandboxes and containers made by hand, outside the kubelet.
        "runp" | "create" | "start" | "stopp" | "rmp" | "stop" | "rm" | "run" => unmodelled(
            &format!("crictl {cmd} (a pod or container made outside the kubelet)"),
        ),
        // urfave/cli's text for an unknown command.
        other => Output::failed(format!("No help topic for '{other}'\n"), 3),
    }
}
