//! `kubectl scale` and `kubectl rollout status|undo|restart` typed on the node: the commands
//! that change or watch a Deployment (kubernetes/kubectl pkg/cmd/scale/scale.go,
//! pkg/cmd/rollout/, pkg/polymorphichelpers/{rollout_status.go,rollback.go,objectrestarter.go}).
//! `rollout status` prints the current line and returns, as `--watch=false` does: the
//! terminal runs commands at one instant of simulated time.

use crate::model::ids::ObjectKey;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// A parsed command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolloutCommand {
    Scale {
        kind: Kind,
        key: ObjectKey,
        replicas: i32,
    },
    Status(ObjectKey),
    Undo(ObjectKey),
    Restart(ObjectKey),
}

/// What `kubectl scale` scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
}

/// Reads `kubectl scale (deployment|rs) NAME --replicas=N`, `kubectl scale
/// deployment/NAME --replicas N` and `kubectl rollout status|undo|restart deployment/NAME`
/// (or `deployment NAME`), with `-n NS`; anything else is left to the read-only views.
pub fn parse(line: &str) -> Option<RolloutCommand> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let rest = match words.as_slice() {
        ["sudo", "kubectl", rest @ ..] | ["kubectl", rest @ ..] => rest,
        _ => return None,
    };
    let mut namespace = "default".to_owned();
    let mut replicas: Option<i32> = None;
    let mut positional: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(w) = rest.get(i).copied() {
        i += 1;
        if let Some(v) = w.strip_prefix("--namespace=") {
            namespace = v.to_owned();
        } else if let Some(v) = w.strip_prefix("--replicas=") {
            replicas = Some(v.parse().ok()?);
        } else if matches!(w, "-n" | "--namespace") {
            namespace = (*rest.get(i)?).to_owned();
            i += 1;
        } else if w == "--replicas" {
            replicas = Some(rest.get(i)?.parse().ok()?);
            i += 1;
        } else if w == "--watch=false" || w == "-w=false" {
        } else if w.starts_with('-') {
            return None;
        } else {
            positional.push(w);
        }
    }
    let (verb, target) = match positional.as_slice() {
        ["scale", target @ ..] => ("scale", target),
        ["rollout", sub, target @ ..] => (*sub, target),
        _ => return None,
    };
    let (kind, name) = match target {
        [one] => {
            let (k, n) = one.split_once('/')?;
            (kind_of(k)?, n)
        }
        [k, n] => (kind_of(k)?, *n),
        _ => return None,
    };
    if name.is_empty() {
        return None;
    }
    let key = ObjectKey::new(&namespace, name);
    match (verb, kind) {
        ("scale", kind) => Some(RolloutCommand::Scale {
            kind,
            key,
            replicas: replicas?,
        }),
        ("status", Kind::Deployment) => Some(RolloutCommand::Status(key)),
        ("undo", Kind::Deployment) => Some(RolloutCommand::Undo(key)),
        ("restart", Kind::Deployment) => Some(RolloutCommand::Restart(key)),
        _ => None,
    }
}

fn kind_of(word: &str) -> Option<Kind> {
    match word {
        "deployment" | "deployments" | "deploy" | "deployment.apps" => Some(Kind::Deployment),
        "replicaset" | "replicasets" | "rs" | "replicaset.apps" => Some(Kind::ReplicaSet),
        _ => None,
    }
}

/// The API server's NotFound for a Deployment or ReplicaSet.
fn not_found(kind: Kind, name: &str) -> Output {
    let resource = match kind {
        Kind::Deployment => "deployments.apps",
        Kind::ReplicaSet => "replicasets.apps",
    };
    Output::failed(
        format!("Error from server (NotFound): {resource} \"{name}\" not found\n"),
        1,
    )
}

impl World {
    /// Runs a parsed `kubectl scale` or `kubectl rollout …`.
    pub fn kubectl_rollout(&mut self, cmd: &RolloutCommand) -> Output {
        match cmd {
            RolloutCommand::Scale {
                kind,
                key,
                replicas,
            } => self.kubectl_scale(*kind, key, *replicas),
            RolloutCommand::Status(key) => self.rollout_status(key),
            RolloutCommand::Undo(key) => self.rollout_undo(key),
            RolloutCommand::Restart(key) => self.rollout_restart(key),
        }
    }

    /// The scale subresource: sets `spec.replicas`; the controllers do the rest.
    fn kubectl_scale(&mut self, kind: Kind, key: &ObjectKey, replicas: i32) -> Output {
        if replicas < 0 {
            return Output::failed(
                "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
                1,
            );
        }
        let (found, resource) = match kind {
            Kind::Deployment => (
                self.controllers
                    .deployments
                    .iter_mut()
                    .find(|d| &d.key == key)
                    .map(|d| d.replicas = replicas),
                "deployment.apps",
            ),
            Kind::ReplicaSet => (
                self.controllers
                    .replica_sets
                    .iter_mut()
                    .find(|r| &r.key == key)
                    .map(|r| r.replicas = replicas),
                "replicaset.apps",
            ),
        };
        if found.is_none() {
            return not_found(kind, &key.name);
        }
        self.reconcile(true);
        Output::ok(format!("{resource}/{} scaled\n", key.name))
    }

    /// rollout_status.go `DeploymentStatusViewer.Status`.
    fn rollout_status(&self, key: &ObjectKey) -> Output {
        let Some(d) = self.controllers.deployment(key) else {
            return not_found(Kind::Deployment, &key.name);
        };
        let (counts, updated) = self.deployment_counts(d);
        let name = &d.key.name;
        let text = if updated < d.replicas {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {updated} out of {} new replicas have been updated...\n",
                d.replicas
            )
        } else if counts.replicas > updated {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n",
                counts.replicas - updated
            )
        } else if counts.available < updated {
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} of {updated} updated replicas are available...\n",
                counts.available
            )
        } else {
            format!("deployment \"{name}\" successfully rolled out\n")
        };
        Output::ok(text)
    }

    /// rollback.go `DeploymentRollbacker.Rollback` to the previous revision: the
    /// Deployment's template becomes that ReplicaSet's (its `pod-template-hash` label left out).
    fn rollout_undo(&mut self, key: &ObjectKey) -> Output {
        let Some(d) = self.controllers.deployment(key) else {
            return not_found(Kind::Deployment, &key.name);
        };
        let sets = self.controllers.replica_sets_of(d);
        let current = sets
            .iter()
            .find(|r| r.hash.as_deref() == Some(d.hash.as_str()))
            .map_or(0, |r| r.revision);
        let previous = sets
            .iter()
            .filter(|r| r.revision < current || current == 0)
            .max_by_key(|r| r.revision)
            .map(|r| ((*r).clone(), r.revision));
        let Some((rs, revision)) = previous else {
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
        }
        self.reconcile(true);
        Output::ok(format!("deployment.apps/{} rolled back\n", key.name))
    }

    /// objectrestarter.go: the template gets the annotation
    /// `kubectl.kubernetes.io/restartedAt: <RFC 3339 now>`, so it has a new hash and rolls out.
    fn rollout_restart(&mut self, key: &ObjectKey) -> Output {
        let stamp = crate::model::humanize::rfc3339(self.now);
        let Some(d) = self
            .controllers
            .deployments
            .iter_mut()
            .find(|d| &d.key == key)
        else {
            return not_found(Kind::Deployment, &key.name);
        };
        let mut template = d.template.clone();
        template
            .api
            .metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert("kubectl.kubernetes.io/restartedAt".to_owned(), stamp);
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
        self.reconcile(true);
        Output::ok(format!("deployment.apps/{} restarted\n", key.name))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn reads_the_usual_spellings() {
        let web = ObjectKey::new("default", "web");
        assert_eq!(
            parse("kubectl scale deployment web --replicas=5"),
            Some(RolloutCommand::Scale {
                kind: Kind::Deployment,
                key: web.clone(),
                replicas: 5
            })
        );
        assert_eq!(
            parse("kubectl scale --replicas 2 rs/web -n prod"),
            Some(RolloutCommand::Scale {
                kind: Kind::ReplicaSet,
                key: ObjectKey::new("prod", "web"),
                replicas: 2
            })
        );
        assert_eq!(
            parse("kubectl rollout status deploy/web"),
            Some(RolloutCommand::Status(web.clone()))
        );
        assert_eq!(
            parse("kubectl rollout undo deployment web"),
            Some(RolloutCommand::Undo(web.clone()))
        );
        assert_eq!(
            parse("kubectl rollout restart deployment/web"),
            Some(RolloutCommand::Restart(web))
        );
        assert_eq!(parse("kubectl scale deployment web"), None);
        assert_eq!(parse("kubectl get deployments"), None);
        assert_eq!(parse("kubectl rollout status pod/web"), None);
    }
}
