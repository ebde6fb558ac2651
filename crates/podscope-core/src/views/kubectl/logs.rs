//! `kubectl logs POD|deployment/NAME [-c C] [-p]`: which container kubectl picks
//! (kubectl pkg/polymorphichelpers/logsforobject.go, pkg/cmd/util/podcmd) and which instance
//! the kubelet reads (pkg/kubelet/kubelet_pods.go `validateContainerLogStatus`).

use super::{Args, Resource, not_found};
use crate::model::ids::ContainerId;
use crate::model::refs::{PodRef, parse_pod_ref};
use crate::sim::outcome::Output;
use crate::sim::world::{Container, ContainerState, Pod, World};

fn bad_request(message: String) -> Output {
    Output::failed(format!("Error from server (BadRequest): {message}\n"), 1)
}

/// podcmd `AllContainerNames`: app containers, then init containers marked `(init)`.
fn all_names(pod: &Pod) -> String {
    pod.containers
        .iter()
        .map(|c| c.spec.name.0.clone())
        .chain(
            pod.init_containers
                .iter()
                .map(|c| format!("{} (init)", c.spec.name)),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

fn log_of(c: &Container, id: &ContainerId) -> Option<String> {
    [c.instance.as_ref(), c.dead.as_ref()]
        .into_iter()
        .flatten()
        .find(|i| &i.id == id)
        .map(|i| i.log.clone())
}

/// Runs `kubectl logs ARGS…`.
pub fn run(world: &World, args: &Args) -> Output {
    let Some(target) = args.positional.first() else {
        return Output::failed(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
            1,
        );
    };
    // `kubectl logs POD CONTAINER` is the old positional form of -c.
    let container = args
        .container
        .clone()
        .or_else(|| args.positional.get(1).cloned());
    let ns = args.namespace();
    let reference = match target.split_once('/') {
        Some(("pod" | "pods" | "po", name)) => {
            Ok(PodRef::Pod(crate::model::ids::ObjectKey::new(ns, name)))
        }
        Some(("job" | "jobs" | "job.batch" | "jobs.batch", name)) => {
            match job_pod_for_logs(world, ns, name) {
                Ok((key, n)) => {
                    let mut out = String::new();
                    if n > 1 {
                        out.push_str(&format!("Found {n} pods, using pod/{}\n", key.name));
                    }
                    let mut words: Vec<String> = vec![key.name.clone(), "-n".into(), ns.to_owned()];
                    if let Some(c) = &container {
                        words.extend(["-c".to_owned(), c.clone()]);
                    }
                    if args.previous {
                        words.push("-p".to_owned());
                    }
                    let Ok(inner) = super::parse_args("logs", &words) else {
                        return not_found(Resource::Pods, &key.name);
                    };
                    let rest = run(world, &inner);
                    out.push_str(&rest.text);
                    return Output {
                        text: out,
                        status: rest.status,
                    };
                }
                Err(o) => return o,
            }
        }
        Some(_) => parse_pod_ref(target).map(|r| match r {
            PodRef::Deployment { name, .. } => PodRef::Deployment {
                namespace: ns.to_owned(),
                name,
            },
            other => other,
        }),
        None => Ok(PodRef::Pod(crate::model::ids::ObjectKey::new(ns, target))),
    };
    let reference = match reference {
        Ok(r) => r,
        Err(_) => {
            let kind = target.split('/').next().unwrap_or(target);
            return super::unknown_resource(kind);
        }
    };
    let pod_id = match world.resolve_pod(&reference) {
        Ok(p) => p,
        Err(_) => {
            return match &reference {
                PodRef::Pod(k) => not_found(Resource::Pods, &k.name),
                PodRef::Deployment { name, .. } => not_found(Resource::Deployments, name),
            };
        }
    };
    let Some(pod) = world.pod(pod_id) else {
        return not_found(Resource::Pods, target);
    };
    let mut stderr = String::new();
    if let PodRef::Deployment { name, .. } = &reference {
        let n = world
            .pods()
            .filter(|p| {
                p.spec.owner.as_ref().is_some_and(|o| &o.name == name) && p.spec.key.namespace == ns
            })
            .count();
        if n > 1 {
            stderr.push_str(&format!(
                "Found {n} pods, using pod/{}\n",
                pod.spec.key.name
            ));
        }
    }
    let name = match container {
        Some(c) => c,
        None => {
            let Some(first) = pod.containers.first() else {
                return not_found(Resource::Pods, &pod.spec.key.name);
            };
            if pod.containers.len() > 1 || !pod.init_containers.is_empty() {
                stderr.push_str(&format!(
                    "Defaulted container \"{}\" out of: {}\n",
                    first.spec.name,
                    all_names(pod)
                ));
            }
            first.spec.name.0.clone()
        }
    };
    let Some(c) = pod
        .containers
        .iter()
        .chain(&pod.init_containers)
        .find(|c| c.spec.name.0 == name)
    else {
        return Output::failed(
            format!(
                "{stderr}error: container {name} is not valid for pod {}\n",
                pod.spec.key.name
            ),
            1,
        );
    };
    let pod_name = &pod.spec.key.name;
    let id = if args.previous {
        match &c.last_state {
            Some(t) => Some(t.container_id),
            None => {
                let mut out = bad_request(format!(
                    "previous terminated container \"{name}\" in pod \"{pod_name}\" not found"
                ));
                out.text.insert_str(0, &stderr);
                return out;
            }
        }
    } else {
        match (&c.state, &c.last_state) {
            (ContainerState::Running { .. }, _) => c.instance.as_ref().map(|i| i.id),
            (ContainerState::Terminated(t), _) => Some(t.container_id),
            (ContainerState::Waiting { .. }, Some(t)) => Some(t.container_id),
            (ContainerState::Waiting { reason, .. }, None) => {
                let mut out = bad_request(format!(
                    "container \"{name}\" in pod \"{pod_name}\" is waiting to start: {}",
                    reason.as_str()
                ));
                out.text.insert_str(0, &stderr);
                return out;
            }
        }
    };
    let log = id.and_then(|id| log_of(c, &id)).unwrap_or_default();
    Output::ok(format!("{stderr}{log}"))
}

/// The pod `kubectl logs job/NAME` reads (kubectl polymorphichelpers `GetFirstPod` with
/// `podutils.ByLogging`: running before others, ready before not, more restarts, older
/// first) and how many the Job has.
fn job_pod_for_logs(
    world: &World,
    ns: &str,
    name: &str,
) -> Result<(crate::model::ids::ObjectKey, usize), Output> {
    let Some(job) = world
        .jobs()
        .iter()
        .find(|j| j.spec.key.namespace == ns && j.spec.key.name == name)
    else {
        return Err(not_found(Resource::Jobs, name));
    };
    let mut pods: Vec<&crate::sim::world::Pod> = world
        .pods()
        .filter(|p| {
            p.spec.key.namespace == ns
                && p.spec.owner.as_ref().is_some_and(|o| {
                    o.kind == crate::model::spec::OwnerKind::Job && o.name == job.spec.key.name
                })
        })
        .collect();
    let running = |p: &crate::sim::world::Pod| {
        crate::sim::status::phase(p) == crate::sim::status::Phase::Running
    };
    let restarts = |p: &crate::sim::world::Pod| {
        p.all_containers()
            .map(|(_, c)| c.restart_count)
            .sum::<u32>()
    };
    pods.sort_by(|a, b| {
        running(b)
            .cmp(&running(a))
            .then(crate::sim::controllers::is_ready(b).cmp(&crate::sim::controllers::is_ready(a)))
            .then(restarts(b).cmp(&restarts(a)))
            .then(a.created_at.cmp(&b.created_at))
            .then(a.spec.key.name.cmp(&b.spec.key.name))
    });
    match pods.first() {
        Some(p) => Ok((p.spec.key.clone(), pods.len())),
        None => Err(Output::failed(
            "error: timed out waiting for the condition\n",
            1,
        )),
    }
}
