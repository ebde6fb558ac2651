//! The commands that edit a Deployment's spec without a rollout of their own:
//! `kubectl rollout pause|resume` (kubectl pkg/cmd/rollout/rollout_pause.go,
//! rollout_resume.go, polymorphichelpers/objectpauser.go, objectresumer.go), `kubectl set
//! resources` (pkg/cmd/set/set_resources.go) and `kubectl autoscale`, which creates a
//! HorizontalPodAutoscaler (pkg/cmd/autoscale/autoscale.go). `kubectl patch` is
//! `sim::kubectl_patch`'s.

use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::set_resources::selects;
use crate::model::kubectl::{Autoscale, CPU_PERCENT_DEPRECATED, SetResources, not_modelled};
use crate::model::time::SimTime;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// A HorizontalPodAutoscaler as `kubectl autoscale` creates it (autoscaling/v2). podscope
/// runs no metrics pipeline, so no controller acts on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autoscaler {
    pub key: ObjectKey,
    /// `spec.scaleTargetRef`: the kind and name.
    pub target: (Resource, String),
    /// `spec.minReplicas` (the server's default is 1).
    pub min: i32,
    pub max: i32,
    /// The CPU utilization target, if given.
    pub cpu_percent: Option<i32>,
    pub created_at: SimTime,
}

/// A command's lines in order; the errors (kubectl's aggregate) after them, status 1.
#[derive(Default)]
struct Lines {
    out: String,
    errors: String,
}

impl Lines {
    fn done(self) -> Output {
        let failed = !self.errors.is_empty();
        let mut out = Output::ok(self.out);
        out.text.push_str(&self.errors);
        if failed {
            out.status = 1;
        }
        out
    }
}

impl World {
    /// `kubectl rollout pause` (`pause` true) or `resume` of a Deployment: the printer's
    /// `paused`/`resumed`, or the patcher's `is already paused` / `is not paused` error.
    pub(crate) fn rollout_pause(&mut self, key: &ObjectKey, pause: bool) -> Output {
        let Some(d) = self.controllers.deployment_mut(key) else {
            return Output::failed(Resource::Deployments.not_found(&key.name), 1);
        };
        if d.paused == pause {
            let why = if pause {
                "is already paused"
            } else {
                "is not paused"
            };
            return Output::failed(
                format!("error: deployments.apps \"{}\" {why}\n", key.name),
                1,
            );
        }
        d.paused = pause;
        self.reconcile(true);
        let word = if pause { "paused" } else { "resumed" };
        Output::ok(format!("deployment.apps/{} {word}\n", key.name))
    }

    /// `kubectl set resources` of Deployments: the selected containers' limits and requests
    /// set (init containers too), a new template that rolls out unless paused, the printer's
    /// `resource requirements updated`; an object whose template is unchanged prints nothing.
    pub fn kubectl_set_resources(&mut self, cmd: &SetResources) -> Output {
        let objects = cmd.targets.objects();
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
            let what = format!("kubectl set resources {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut lines = Lines::default();
        for o in &objects {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            let mut found = false;
            let edited = self.edit_template(&key, |t| {
                let Some(spec) = t.api.spec.as_mut() else {
                    return;
                };
                let all = spec
                    .containers
                    .iter_mut()
                    .chain(spec.init_containers.iter_mut().flatten());
                for c in all.filter(|c| selects(&cmd.containers, &c.name)) {
                    found = true;
                    let r = c.resources.get_or_insert_with(Default::default);
                    set_list(&mut r.limits, &cmd.limits);
                    set_list(&mut r.requests, &cmd.requests);
                }
            });
            match edited {
                None => lines
                    .errors
                    .push_str(&Resource::Deployments.not_found(&o.name)),
                Some(_) if !found => lines.errors.push_str(&format!(
                    "error: unable to find container named {}\n",
                    cmd.containers
                )),
                Some(true) => lines.out.push_str(&format!(
                    "deployment.apps/{} resource requirements updated\n",
                    o.name
                )),
                Some(false) => {}
            }
        }
        self.reconcile(true);
        lines.done()
    }

    /// `kubectl autoscale` of Deployments: a HorizontalPodAutoscaler of the target's name
    /// (`--name` is not modelled), `horizontalpodautoscaler.autoscaling/NAME autoscaled`.
    pub fn kubectl_autoscale(&mut self, cmd: &Autoscale) -> Output {
        let objects = cmd.targets.objects();
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
            let what = format!("kubectl autoscale {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut lines = Lines::default();
        if cmd.cpu_percent_given {
            lines.out.push_str(CPU_PERCENT_DEPRECATED);
        }
        for o in &objects {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            if self.controllers.deployment(&key).is_none() {
                lines
                    .errors
                    .push_str(&Resource::Deployments.not_found(&o.name));
                continue;
            }
            if self.controllers.autoscalers.iter().any(|a| a.key == key) {
                lines.errors.push_str(&format!(
                    "Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"{}\" already exists\n",
                    o.name
                ));
                continue;
            }
            let clamp = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
            self.controllers.autoscalers.push(Autoscaler {
                key,
                target: (o.resource, o.name.clone()),
                min: if cmd.min < 0 { 1 } else { clamp(cmd.min) },
                max: clamp(cmd.max),
                cpu_percent: (cmd.cpu_percent >= 0).then(|| clamp(cmd.cpu_percent)),
                created_at: self.now,
            });
            lines.out.push_str(&format!(
                "horizontalpodautoscaler.autoscaling/{} autoscaled\n",
                o.name
            ));
        }
        lines.done()
    }
}

/// Sets each `NAME: QUANTITY` of `from` in a container's resource list.
fn set_list(
    list: &mut Option<
        std::collections::BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
    >,
    from: &std::collections::BTreeMap<String, String>,
) {
    if from.is_empty() {
        return;
    }
    let list = list.get_or_insert_with(Default::default);
    for (k, v) in from {
        list.insert(
            k.clone(),
            k8s_openapi::apimachinery::pkg::api::resource::Quantity(v.clone()),
        );
    }
}
