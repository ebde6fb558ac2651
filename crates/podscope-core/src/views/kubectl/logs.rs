//! `kubectl logs POD|deployment/NAME [-c C] [-p]`: which container kubectl picks
//! (kubectl pkg/polymorphichelpers/logsforobject.go, pkg/cmd/util/podcmd) and which instance
//! the kubelet reads (pkg/kubelet/kubelet_pods.go `validateContainerLogStatus`).

use super::{default_container, not_found, unmodelled};
use crate::model::ids::{ContainerId, ObjectKey};
use crate::model::kubectl::Logs;
use crate::model::kubectl::resource::Resource;
use crate::model::refs::PodRef;
use crate::model::sort::CompactSort;
use crate::sim::outcome::Output;
use crate::sim::world::{Container, ContainerState, World};

fn bad_request(message: String) -> Output {
    Output::failed(format!("Error from server (BadRequest): {message}\n"), 1)
}

fn log_of(c: &Container, id: &ContainerId) -> Option<String> {
    [c.instance.as_ref(), c.dead.as_ref()]
        .into_iter()
        .flatten()
        .find(|i| &i.id == id)
        .map(|i| i.log.clone())
}

/// Runs a parsed `kubectl logs`.
pub fn run(world: &World, args: &Logs) -> Output {
    if args.tail.is_some() {
        return unmodelled("kubectl logs --tail");
    }
    let container = args.container.clone();
    let ns = args.namespace.as_str();
    let name = args.object.name.as_str();
    let reference = match args.object.resource {
        Resource::Pods => PodRef::Pod(ObjectKey::new(ns, name)),
        Resource::Deployments => PodRef::Deployment {
            namespace: ns.to_owned(),
            name: name.to_owned(),
        },
        Resource::Jobs => {
            return match job_pod_for_logs(world, ns, name) {
                Ok((key, n)) => {
                    let mut out = String::new();
                    if n > 1 {
                        out.push_str(&format!("Found {n} pods, using pod/{}\n", key.name));
                    }
                    let inner = Logs {
                        namespace: key.namespace.clone(),
                        object: crate::model::kubectl::targets::ObjectRef {
                            resource: Resource::Pods,
                            name: key.name.clone(),
                        },
                        ..args.clone()
                    };
                    let rest = run(world, &inner);
                    out.push_str(&rest.text);
                    Output {
                        text: out,
                        status: rest.status,
                    }
                }
                Err(o) => o,
            };
        }
        other => {
            return unmodelled(&format!("kubectl logs {}/NAME", other.api().plural));
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
        return not_found(Resource::Pods, name);
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
            let Some((first, notice)) = default_container(pod) else {
                return not_found(Resource::Pods, &pod.spec.key.name);
            };
            stderr.push_str(&notice);
            first
        }
    };
    let Some(c) = pod
        .containers
        .iter()
        .chain(&pod.init_containers)
        .chain(&pod.ephemeral_containers)
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
    pods.sort_compact_by(|a, b| {
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
