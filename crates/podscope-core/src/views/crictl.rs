//! `crictl ps [-a]` and `crictl pods`: kubernetes-sigs/cri-tools cmd/crictl/container.go
//! (`ListContainers`) and sandbox.go (`ListPodSandboxes`), newest first, IDs cut to 13
//! characters, ages in go-units words, through crictl's tabwriter (20, 1, 3).

use crate::model::humanize::units_duration;
use crate::model::ids::{ContainerId, ObjectKey};
use crate::model::time::SimTime;
use crate::sim::outcome::Output;
use crate::sim::world::{ContainerState, World};
use crate::views::kubectl::describe::image_id;
use crate::views::tabwriter::{CRICTL, table};

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

/// The image column: the kubelet passes the image ID, which crictl shows as 13 hex
/// characters after `sha256:` (container.go, `getTruncatedID(digest, "sha256:")`); the digest
/// is the model's stand-in.
fn image_column(image: &crate::model::image_ref::ImageRef) -> String {
    let id = image_id(image);
    let hex = id.rsplit_once("sha256:").map_or(id.as_str(), |(_, h)| h);
    hex.chars().take(13).collect()
}

fn rows(world: &World, node: usize, all: bool) -> Vec<Row> {
    let mut out = Vec::new();
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        let Some(sandbox) = &pod.sandbox else {
            continue;
        };
        for c in pod.init_containers.iter().chain(&pod.containers) {
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
    out.sort_by_key(|r| std::cmp::Reverse(r.created));
    out
}

/// `crictl ps [-a]` on node `node`. Pause containers are sandboxes and never show here.
pub fn ps(world: &World, node: usize, all: bool) -> String {
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
    for r in rows(world, node, all) {
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

/// `crictl pods`: every sandbox, current (Ready or NotReady) and replaced (NotReady), with
/// RUNTIME `(default)` for the default handler (sandbox.go `getSandboxesRuntimeHandler`).
pub fn pods(world: &World, node: usize) -> String {
    let now = world.now();
    let mut rows = Vec::new();
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        for s in pod.old_sandboxes.iter().chain(&pod.sandbox) {
            rows.push((
                s.created_at,
                s.id.crictl(),
                s.ready,
                s.attempt,
                &pod.spec.key,
            ));
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
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
    for (created, id, ready, attempt, key) in rows {
        t.push(vec![
            id,
            format!("{} ago", units_duration(now.since(created))),
            if ready { "Ready" } else { "NotReady" }.to_owned(),
            key.name.clone(),
            key.namespace.clone(),
            attempt.to_string(),
            "(default)".to_owned(),
        ]);
    }
    table(CRICTL, &t)
}

/// Runs `crictl WORDS…` on node `node` (it lists that node's runtime's containers).
pub fn run(world: &World, node: usize, words: &[String]) -> Output {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["ps"] => Output::ok(ps(world, node, false)),
        ["ps", "-a" | "--all"] => Output::ok(ps(world, node, true)),
        ["pods"] => Output::ok(pods(world, node)),
        // urfave/cli's text for an unknown command.
        [cmd, ..] if !matches!(*cmd, "ps" | "pods") => {
            Output::failed(format!("No help topic for '{cmd}'\n"), 3)
        }
        [cmd, flag, ..] => Output::failed(
            format!(
                "Incorrect Usage: flag provided but not defined: -{}\n\ncrictl {cmd}: flag provided but not defined: -{}\n",
                flag.trim_start_matches('-'),
                flag.trim_start_matches('-')
            ),
            1,
        ),
        _ => Output::ok("NAME:\n   crictl - client for CRI\n"),
    }
}
