//! `kubectl scale` and `kubectl rollout status|undo|restart` typed on the node: the commands
//! that change or watch a Deployment (kubernetes/kubectl pkg/cmd/scale/scale.go,
//! pkg/cmd/rollout/, pkg/polymorphichelpers/{rollout_status.go,rollback.go,objectrestarter.go}).
//! `rollout status` prints the current line and returns, as `--watch=false` does: the
//! terminal runs commands at one instant of simulated time.

use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::{ObjectRef, Targets};
use crate::model::kubectl::{
    RECORD_DEPRECATED, Rollout, RolloutAction, Scale, SetImage, not_modelled,
};
use crate::model::sort::CompactSort;
use crate::model::workload::SetKind;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// The API server's NotFound for an object (`deployments.apps "web" not found`).
fn not_found(resource: Resource, name: &str) -> Output {
    Output::failed(resource.not_found(name), 1)
}

/// Each command's output after the other, failing if one did.
fn joined(outs: Vec<Output>) -> Output {
    let mut all = Output::ok("");
    for o in outs {
        all.text.push_str(&o.text);
        if o.status != 0 {
            all.status = o.status;
        }
    }
    all
}

impl World {
    /// Runs a parsed `kubectl scale`: each named Deployment or ReplicaSet gets the new
    /// replica count (scale.go `RunScale`: the objects found are scaled, then the NotFound
    /// errors of the others are printed).
    pub fn kubectl_scale(&mut self, cmd: &Scale) -> Output {
        let Ok(replicas) = i32::try_from(cmd.replicas) else {
            return Output::failed(not_modelled("kubectl scale beyond 2147483647 replicas"), 1);
        };
        let objects = cmd.targets.objects();
        if let Some(o) = objects.iter().find(|o| {
            !matches!(
                o.resource,
                Resource::Deployments | Resource::ReplicaSets | Resource::ReplicationControllers
            )
        }) {
            let what = format!("kubectl scale {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut scaled = Vec::new();
        let mut missing = Vec::new();
        for o in &objects {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            let found = match o.resource {
                Resource::Deployments => self
                    .controllers
                    .deployments
                    .iter_mut()
                    .find(|d| d.key == key)
                    .map(|d| d.replicas = replicas),
                _ => {
                    let kind = match o.resource {
                        Resource::ReplicationControllers => SetKind::ReplicationController,
                        _ => SetKind::ReplicaSet,
                    };
                    self.controllers
                        .replica_sets
                        .iter_mut()
                        .find(|r| r.kind == kind && r.key == key)
                        .map(|r| r.replicas = replicas)
                }
            };
            match found {
                Some(()) => scaled.push(Output::ok(format!(
                    "{}/{} scaled\n",
                    o.resource.kind_prefix(),
                    o.name
                ))),
                None => missing.push(not_found(o.resource, &o.name)),
            }
        }
        if !scaled.is_empty() {
            self.reconcile(true);
        }
        scaled.extend(missing);
        joined(scaled)
    }

    /// Runs a parsed `kubectl rollout status|undo|restart` of Deployments.
    pub fn kubectl_rollout(&mut self, cmd: &Rollout) -> Output {
        let objects: Vec<ObjectRef> = match &cmd.targets {
            Targets::Types(types) if types.as_slice() == [Resource::Deployments] => {
                let mut names: Vec<&str> = self
                    .controllers
                    .deployments
                    .iter()
                    .filter(|d| d.key.namespace == cmd.namespace)
                    .map(|d| d.key.name.as_str())
                    .collect();
                names.sort_compact();
                names
                    .into_iter()
                    .map(|n| ObjectRef {
                        resource: Resource::Deployments,
                        name: n.to_owned(),
                    })
                    .collect()
            }
            Targets::Types(types) => types
                .iter()
                .map(|r| ObjectRef {
                    resource: *r,
                    name: String::new(),
                })
                .collect(),
            other => other.objects(),
        };
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
            let what = format!(
                "kubectl rollout {} {}",
                cmd.action.name(),
                o.resource.api().plural
            );
            return Output::failed(not_modelled(&what), 1);
        }
        if objects.is_empty() && matches!(cmd.action, RolloutAction::Status { .. }) {
            // rollout_status.go: nothing visited.
            return Output::ok(format!(
                "No resources found in {} namespace.\n",
                cmd.namespace
            ));
        }
        let outs = objects
            .iter()
            .map(|o| {
                let key = ObjectKey::new(&cmd.namespace, &o.name);
                match cmd.action {
                    RolloutAction::Status { watch } => self.rollout_status(&key, watch),
                    RolloutAction::Restart => self.rollout_restart(&key),
                    RolloutAction::History { revision } => self.rollout_history(&key, revision),
                    RolloutAction::Undo { to_revision } => self.rollout_undo(&key, to_revision),
                    RolloutAction::Pause => self.rollout_pause(&key, true),
                    RolloutAction::Resume => self.rollout_pause(&key, false),
                }
            })
            .collect();
        joined(outs)
    }

    /// history.go `DeploymentHistoryViewer.ViewHistory` through rollout_history.go's name
    /// printer: `deployment.apps/NAME ` (the operation's leading space), then the revisions
    /// and their change-causes in a tabwriter (padding 2), then the printer's newline.
    fn rollout_history(&self, key: &ObjectKey, revision: i64) -> Output {
        // A revision's template is describe's text: `views::kubectl::history`.
        if revision > 0 {
            return Output::failed(not_modelled("kubectl rollout history --revision here"), 1);
        }
        let Some(d) = self.controllers.deployment(key) else {
            return not_found(Resource::Deployments, &key.name);
        };
        let mut sets = self.controllers.replica_sets_of(d);
        sets.sort_compact_by_key(|r| r.revision);
        sets.dedup_by_key(|r| r.revision);
        if sets.is_empty() {
            return Output::ok(format!(
                "deployment.apps/{} \nNo rollout history found.\n",
                key.name
            ));
        }
        let mut text = format!("deployment.apps/{} \nREVISION  CHANGE-CAUSE\n", key.name);
        for r in sets {
            let cause = r.change_cause.as_deref().unwrap_or("<none>");
            text.push_str(&format!("{:<10}{cause}\n", r.revision));
        }
        text.push('\n');
        Output::ok(text)
    }

    /// rollback.go `DeploymentRollbacker.Rollback` (`deploymentRevision`): to revision
    /// `to_revision`, or (0) the previous one; the Deployment's template becomes that
    /// ReplicaSet's (its `pod-template-hash` label left out) and its change-cause the set's.
    fn rollout_undo(&mut self, key: &ObjectKey, to_revision: i64) -> Output {
        let Some(d) = self.controllers.deployment(key) else {
            return not_found(Resource::Deployments, &key.name);
        };
        let sets = self.controllers.replica_sets_of(d);
        let target = if to_revision > 0 {
            let wanted = u64::try_from(to_revision).unwrap_or(0);
            match sets.iter().find(|r| r.revision == wanted) {
                Some(r) => Some(((*r).clone(), r.revision)),
                None => {
                    return Output::failed(
                        format!(
                            "error: unable to find specified revision {to_revision} in history\n"
                        ),
                        1,
                    );
                }
            }
        } else {
            // The second-newest revision.
            let mut revisions: Vec<&&crate::sim::controllers::ReplicaSet> = sets.iter().collect();
            revisions.sort_compact_by_key(|r| std::cmp::Reverse(r.revision));
            revisions.get(1).map(|r| ((**r).clone(), r.revision))
        };
        let Some((rs, revision)) = target else {
            return Output::failed(
                format!(
                    "error: no rollout history found for deployment \"{}\"\n",
                    key.name
                ),
                1,
            );
        };
        let Some(hash) = rs.hash.clone() else {
            return Output::failed("error: the ReplicaSet has no pod-template-hash\n", 1);
        };
        if let Some(d) = self
            .controllers
            .deployments
            .iter_mut()
            .find(|d| &d.key == key)
        {
            if d.hash == hash {
                return Output::ok(format!(
                    "deployment.apps/{} skipped rollback (current template already matches revision {revision})\n",
                    key.name
                ));
            }
            d.template = rs.template.clone();
            d.hash = hash;
            d.change_cause = rs.change_cause.clone();
        }
        self.reconcile(true);
        Output::ok(format!("deployment.apps/{} rolled back\n", key.name))
    }

    /// objectrestarter.go: the template gets the annotation
    /// `kubectl.kubernetes.io/restartedAt: <RFC 3339 now>`, so it has a new hash and rolls out.
    fn rollout_restart(&mut self, key: &ObjectKey) -> Output {
        let stamp = crate::model::humanize::rfc3339(self.now);
        let edited = self.edit_template(key, |template| {
            template
                .api
                .metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert("kubectl.kubernetes.io/restartedAt".to_owned(), stamp);
        });
        if edited.is_none() {
            return not_found(Resource::Deployments, &key.name);
        }
        self.reconcile(true);
        Output::ok(format!("deployment.apps/{} restarted\n", key.name))
    }

    /// The Deployment's pod template edited by `edit`, then given its new
    /// `pod-template-hash` (controller_utils.go `ComputeHash` of the template without the
    /// ReplicaSet's label), so that it rolls out. `None` without such a Deployment,
    /// `Some(false)` when the edit changed nothing.
    pub(super) fn edit_template(
        &mut self,
        key: &ObjectKey,
        edit: impl FnOnce(&mut crate::model::spec::PodSpec),
    ) -> Option<bool> {
        let d = self
            .controllers
            .deployments
            .iter_mut()
            .find(|d| &d.key == key)?;
        let mut template = d.template.clone();
        edit(&mut template);
        if template == d.template {
            return Some(false);
        }
        let mut as_template = k8s_openapi::api::core::v1::PodTemplateSpec {
            metadata: Some(template.api.metadata.clone()),
            spec: template.api.spec.clone(),
        };
        // The hash is of the template the Deployment holds, without the ReplicaSet's label.
        if let Some(labels) = as_template
            .metadata
            .as_mut()
            .and_then(|m| m.labels.as_mut())
        {
            labels.remove("pod-template-hash");
        }
        let hash = crate::admission::admit::pod_template_hash(&as_template);
        template
            .labels
            .insert("pod-template-hash".to_owned(), hash.clone());
        if let Some(o) = template.owner.as_mut() {
            o.replica_set = format!("{}-{hash}", key.name);
        }
        d.template = template;
        d.hash = hash;
        Some(true)
    }

    /// Runs a parsed `kubectl set image` of Deployments: set_image.go `Run` (each
    /// `CONTAINER=IMAGE` set in the init and app containers, `*` in all; an unknown
    /// container is an error; an unchanged object prints nothing) and its printer's
    /// `deployment.apps/NAME image updated`.
    pub fn kubectl_set_image(&mut self, cmd: &SetImage) -> Output {
        let mut out = Output::ok(if cmd.record { RECORD_DEPRECATED } else { "" });
        let objects = cmd.targets.objects();
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
            let what = format!("kubectl set image {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut errors = String::new();
        for o in &objects {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            let mut unknown: Vec<String> = Vec::new();
            // `--record`: the annotation is part of the patch, so a new change-cause alone
            // is an update.
            let mut recorded = false;
            if let Some(cause) = &cmd.change_cause
                && let Some(d) = self
                    .controllers
                    .deployments
                    .iter_mut()
                    .find(|d| d.key == key)
                && d.change_cause.as_ref() != Some(cause)
            {
                d.change_cause = Some(cause.clone());
                recorded = true;
            }
            let edited = self.edit_template(&key, |t| {
                for (name, image) in &cmd.images {
                    if !set_image(t, name, image) {
                        unknown.push(name.clone());
                    }
                }
            });
            for name in &unknown {
                errors.push_str(&format!(
                    "error: unable to find container named \"{name}\"\n"
                ));
            }
            match edited {
                None => errors.push_str(&Resource::Deployments.not_found(&o.name)),
                Some(changed) if changed || recorded => out
                    .text
                    .push_str(&format!("deployment.apps/{} image updated\n", o.name)),
                Some(_) => {}
            }
        }
        if !errors.is_empty() {
            out.text.push_str(&errors);
            out.status = 1;
        }
        self.reconcile(true);
        self.copy_change_causes();
        out
    }

    /// deployment_util.go `SetNewReplicaSetAnnotations`: the new ReplicaSet carries its
    /// Deployment's change-cause.
    fn copy_change_causes(&mut self) {
        let causes: Vec<(ObjectKey, Option<String>)> = self
            .controllers
            .deployments
            .iter()
            .map(|d| {
                let rs = ObjectKey::new(&d.key.namespace, &format!("{}-{}", d.key.name, d.hash));
                (rs, d.change_cause.clone())
            })
            .collect();
        for (rs, cause) in causes {
            if let Some(r) = self
                .controllers
                .replica_sets
                .iter_mut()
                .find(|r| r.kind == SetKind::ReplicaSet && r.key == rs)
            {
                r.change_cause = cause;
            }
        }
    }
}

/// set_image.go `setImage` over a template's init and app containers (the model's and the
/// API object's); whether a container matched.
fn set_image(t: &mut crate::model::spec::PodSpec, name: &str, image: &str) -> bool {
    let mut found = false;
    for c in t.init_containers.iter_mut().chain(t.containers.iter_mut()) {
        if c.name.0 == name || name == "*" {
            c.image = crate::model::image_ref::ImageRef::parse(image);
            found = true;
        }
    }
    if let Some(spec) = t.api.spec.as_mut() {
        for c in spec
            .init_containers
            .iter_mut()
            .flatten()
            .chain(spec.containers.iter_mut())
        {
            if c.name == name || name == "*" {
                c.image = Some(image.to_owned());
            }
        }
    }
    found
}
