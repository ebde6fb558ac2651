//! `docker ps [-a]` on a Docker (cri-dockerd) node: the docker CLI's default table
//! (`{{.ID}} {{.Image}} {{.Command}} {{.RunningFor}} {{.Status}} {{.Ports}} {{.Names}}`),
//! pause containers included as `k8s_POD_…`, newest first.

use crate::model::humanize::units_duration;
use crate::model::runtime::{Runtime, kube_container_name, kube_sandbox_name};
use crate::model::sort::CompactSort;
use crate::model::spec::ContainerSpec;
use crate::model::time::SimTime;
use crate::sim::image::{ImageKind, run_plan};
use crate::sim::outcome::Output;
use crate::sim::world::{ContainerState, World};
use crate::views::tabwriter::{DOCKER, table};

/// What Docker records as the command: entrypoint and arguments joined by spaces. nginx's
/// image runs `/docker-entrypoint.sh nginx -g daemon off;` (docker-library/nginx
/// Dockerfile `ENTRYPOINT` + `CMD`); other images run what `image::run_plan` says.
fn command(spec: &ContainerSpec, cpus: u32) -> String {
    if spec.command.is_empty()
        && spec.args.is_empty()
        && ImageKind::of(&spec.image) == ImageKind::Nginx
    {
        return "/docker-entrypoint.sh nginx -g daemon off;".to_owned();
    }
    if !spec.command.is_empty() || !spec.args.is_empty() {
        return spec
            .command
            .iter()
            .chain(&spec.args)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
    }
    run_plan(&spec.image, &spec.command, &spec.args, &[], cpus)
        .processes
        .first()
        .map(|p| p.cmdline.clone())
        .unwrap_or_default()
}

/// The CLI's `"…"` column: quoted, cut to 20 characters with an ellipsis
/// (docker/cli formatter `Ellipsis`).
fn quoted(cmd: &str) -> String {
    let n = cmd.chars().count();
    if n > 20 {
        let cut: String = cmd.chars().take(19).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{cmd}\"")
    }
}

struct Row {
    created: SimTime,
    cells: Vec<String>,
}

/// `docker ps [-a]` on node `node`.
pub fn ps(world: &World, node: usize, all: bool) -> String {
    let now = world.now();
    let ago = |t: SimTime| format!("{} ago", units_duration(now.since(t)));
    let up = |t: SimTime| format!("Up {}", units_duration(now.since(t)));
    let mut rows = Vec::new();
    let pause = Runtime::Docker.pause_image();
    let cpus = world.nodes().get(node).map_or(1, |n| n.cpus);
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        for s in pod.old_sandboxes.iter().chain(&pod.sandbox) {
            if !s.ready && !all {
                continue;
            }
            // A dead pause container's exit time is not kept; the replaced sandbox shows
            // since when it was created.
            let status = if s.ready {
                up(s.created_at)
            } else {
                format!("Exited (137) {}", ago(s.created_at))
            };
            rows.push(Row {
                created: s.created_at,
                cells: vec![
                    s.id.full().chars().take(12).collect(),
                    pause.to_owned(),
                    quoted("/pause"),
                    ago(s.created_at),
                    status,
                    String::new(),
                    kube_sandbox_name(&pod.spec.key, &pod.uid, s.attempt),
                ],
            });
        }
        for c in pod.init_containers.iter().chain(&pod.containers) {
            let running = matches!(c.state, ContainerState::Running { .. });
            let finished: Vec<(crate::model::ids::ContainerId, SimTime, i32)> = [&c.last_state]
                .into_iter()
                .flatten()
                .map(|t| (t.container_id, t.finished_at, t.exit_code))
                .chain(match &c.state {
                    ContainerState::Terminated(t) => {
                        Some((t.container_id, t.finished_at, t.exit_code))
                    }
                    _ => None,
                })
                .collect();
            for inst in [c.instance.as_ref(), c.dead.as_ref()].into_iter().flatten() {
                let live = running && c.instance.as_ref().is_some_and(|i| i.id == inst.id);
                let status = if live {
                    up(inst.started_at)
                } else {
                    if !all {
                        continue;
                    }
                    match finished.iter().find(|f| f.0 == inst.id) {
                        Some((_, at, code)) => format!("Exited ({code}) {}", ago(*at)),
                        None => "Exited".to_owned(),
                    }
                };
                rows.push(Row {
                    created: inst.started_at,
                    cells: vec![
                        inst.id.full().chars().take(12).collect(),
                        c.spec.image.raw.clone(),
                        quoted(&command(&c.spec, cpus)),
                        ago(inst.started_at),
                        status,
                        String::new(),
                        kube_container_name(&pod.spec.key, &pod.uid, &c.spec.name, inst.attempt),
                    ],
                });
            }
        }
    }
    rows.sort_compact_by_key(|r| std::cmp::Reverse(r.created));
    let mut t = vec![
        [
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    t.extend(rows.into_iter().map(|r| r.cells));
    table(DOCKER, &t)
}

/// Runs `docker WORDS…` on node `node`; on containerd and CRI-O nodes there is no docker
/// binary.
pub fn run(world: &World, node: usize, words: &[String]) -> Output {
    if world.runtime() != Runtime::Docker {
        return Output::failed("bash: docker: command not found\n", 127);
    }
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["ps"] => Output::ok(ps(world, node, false)),
        ["ps", "-a" | "--all"] => Output::ok(ps(world, node, true)),
        ["ps", flag, ..] => Output::failed(
            format!(
                "unknown shorthand flag: '{}' in {flag}\nSee 'docker ps --help'.\n",
                flag.trim_start_matches('-').chars().next().unwrap_or('-')
            ),
            125,
        ),
        [cmd, ..] => Output::failed(
            format!("docker: '{cmd}' is not a docker command.\nSee 'docker --help'\n"),
            1,
        ),
        [] => Output::ok("Usage:  docker [OPTIONS] COMMAND\n"),
    }
}
