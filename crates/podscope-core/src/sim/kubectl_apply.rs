//! `kubectl apply` of a manifest to the running world: each object is created, configured
//! or left unchanged, with kubectl's output lines. A Deployment whose template changed rolls
//! out through its controller; a changed `replicas` scales; a Pod may change only its images
//! (the kubelet restarts those containers); ConfigMaps, Secrets and Services are replaced.
//! Objects missing from the new manifest stay (no `--prune`). Sources: docs/rollouts.md.

use crate::admission::admit::{Admitted, ApiKind, WorkloadKind};
use crate::admission::load::Loaded;
use crate::model::diag::Diagnostic;
use crate::model::ids::PodId;
use crate::model::json;
use crate::sim::controllers::{Deployment, ReplicaSet};
use crate::sim::kubectl_create::already_exists;
use crate::sim::outcome::Output;
use crate::sim::refusals::{self, Refusal};
use crate::sim::world::{ContainerState, Slot, World};

/// How a manifest is written: `kubectl apply`, or `kubectl create` (which refuses an object
/// that exists; `source` is the file it came from, named in the error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb<'a> {
    /// `source`: the file `kubectl apply -f` read, named in the API server's errors.
    Apply { source: Option<&'a str> },
    Create {
        source: Option<&'a str>,
        /// A generator's wrapping of the error (`failed to create deployment: `).
        prefix: Option<&'a str>,
    },
}

impl<'a> Verb<'a> {
    /// The file the objects were read from, when kubectl read one on the node.
    fn source(self) -> Option<&'a str> {
        match self {
            Verb::Apply { source } | Verb::Create { source, .. } => source,
        }
    }
}

/// Why the API server refused an object: invalid (`The KIND "x" is invalid: …`, printed in
/// place), or forbidden by an admission plugin (printed after the others).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Refused {
    Invalid(String),
    Forbidden(String),
}

/// What apply did to one object (kubectl apply's `created`, `configured`, `unchanged`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Created,
    Configured,
    Unchanged,
}

/// Whether the last-applied configuration among `annotations` sets `spec.replicas`
/// (kubectl apply's three-way merge leaves a field it never set to whoever set it). The
/// annotation is JSON, read by the one YAML parser (JSON is YAML), not a second parser.
fn sets_replicas(annotations: &std::collections::BTreeMap<String, String>) -> bool {
    annotations
        .get(crate::admission::last_applied::LAST_APPLIED)
        .and_then(|a| crate::model::yaml::from_str(a).ok())
        .is_some_and(|v| v.get("spec").and_then(|s| s.get("replicas")).is_some())
}

/// The API server's message for a Pod update that changes more than it may
/// (pkg/apis/core/validation/validation.go `ValidatePodUpdate`; the real one goes on with a
/// diff of the spec, which podscope leaves out).
pub const POD_UPDATE_FORBIDDEN: &str = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

impl World {
    /// Applies a loaded manifest at the current time, as `kubectl apply -f` would, and
    /// returns kubectl's output. Objects with errors are reported and left out; the rest are
    /// applied.
    pub fn apply_manifest(&mut self, loaded: &Loaded) -> Output {
        self.write_manifest(loaded, Verb::Apply { source: None })
    }

    /// `kubectl apply -f FILE` on the node: as `apply_manifest`, and an object in a namespace
    /// the API server does not hold is refused (`source` names FILE in the error).
    pub fn apply_file(&mut self, loaded: &Loaded, source: &str) -> Output {
        self.write_manifest(
            loaded,
            Verb::Apply {
                source: Some(source),
            },
        )
    }

    /// Applies (or, for `kubectl create`, creates) each object of `loaded`, with kubectl's
    /// line for each.
    pub(crate) fn write_manifest(&mut self, loaded: &Loaded, verb: Verb<'_>) -> Output {
        let mut text = String::new();
        let mut failed = false;
        let mut refusals: Vec<Refusal> = loaded
            .refused
            .iter()
            .map(|m| Refusal::Client(m.clone()))
            .collect();
        for obj in &loaded.objects {
            if let Some(r) = self.namespace_refusal(obj, verb) {
                refusals.push(r);
                continue;
            }
            if let Verb::Create { source, prefix } = verb
                && self.holds(obj.kind, &obj.key)
            {
                match already_exists(obj, source, prefix) {
                    Ok(line) => {
                        failed = true;
                        text.push_str(&line);
                    }
                    // create.go `RunCreate`: the visitor goes on past the error, and the
                    // errors are printed together after the objects it created.
                    Err(refusal) => refusals.push(refusal),
                }
                continue;
            }
            match self.apply_object(loaded, obj) {
                Ok(outcome) => {
                    let word = match outcome {
                        Outcome::Created => "created",
                        Outcome::Configured => "configured",
                        Outcome::Unchanged => "unchanged",
                    };
                    text.push_str(&format!(
                        "{}/{} {word}\n",
                        obj.kind.resource(),
                        obj.key.name
                    ));
                }
                Err(Refused::Forbidden(message)) => {
                    refusals.push(Refusal::creating("Forbidden", verb.source(), &message));
                }
                Err(Refused::Invalid(message)) => {
                    failed = true;
                    text.push_str(&format!(
                        "The {} \"{}\" is invalid: {message}\n",
                        obj.kind.kind(),
                        obj.key.name
                    ));
                }
            }
        }
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            failed = true;
            text.push_str(&error_line(d));
        }
        if !refusals.is_empty() {
            failed = true;
            text.push_str(&refusals::render(&refusals));
        }
        self.bind_claims();
        self.reconcile(true);
        // A changed ConfigMap or Secret reaches mounted volumes at the pods' next sync.
        self.schedule_volume_refresh();
        Output {
            text,
            status: i32::from(failed),
        }
    }

    /// The namespace lifecycle admission plugin's refusal of an object in a namespace that
    /// does not exist (plugin/pkg/admission/namespace/lifecycle/admission.go `Admit`:
    /// `errors.NewNotFound(namespaces, NAME)`), for kubectl's `-f` on the node (a manifest
    /// the page loads keeps podscope's warning and gets its namespace).
    fn namespace_refusal(&self, obj: &Admitted, verb: Verb<'_>) -> Option<Refusal> {
        let source = verb.source()?;
        if obj.kind == ApiKind::Namespace || obj.kind == ApiKind::Node {
            return None;
        }
        let ns = &obj.key.namespace;
        if self.cluster.namespace(ns).is_some() {
            return None;
        }
        let message = format!("namespaces \"{ns}\" not found");
        Some(Refusal::creating("NotFound", Some(source), &message))
    }

    fn apply_object(&mut self, loaded: &Loaded, obj: &Admitted) -> Result<Outcome, Refused> {
        let key = &obj.key;
        let c = &loaded.cluster;
        let result = match obj.kind {
            ApiKind::Namespace => {
                if self.cluster.namespace(&key.name).is_some() {
                    return Ok(Outcome::Unchanged);
                }
                if let Some(ns) = c.namespace(&key.name) {
                    self.cluster.add_namespace(ns.clone());
                }
                Ok(Outcome::Created)
            }
            ApiKind::Node => {
                let new = c.nodes().iter().find(|n| n.name == key.name);
                match self.cluster.nodes().iter().find(|n| n.name == key.name) {
                    Some(old) if Some(old) == new => Ok(Outcome::Unchanged),
                    _ => Err("podscope keeps the nodes it started with: reload the manifest to change them".to_owned()),
                }
            }
            // validation.go `ValidateConfigMapUpdate` / `ValidateSecretUpdate`.
            ApiKind::ConfigMap => {
                let outcome = replace(
                    &mut self.cluster.config_maps,
                    c.config_maps.iter().find(|m| &m.key == key),
                    |old, new| old.immutable && old.data != new.data,
                );
                if matches!(outcome, Ok(Outcome::Created)) {
                    self.cluster
                        .config_map_created
                        .insert(key.clone(), self.now);
                }
                outcome
            }
            ApiKind::Secret => replace(
                &mut self.cluster.secrets,
                c.secrets.iter().find(|m| &m.key == key),
                |old, new| old.immutable && old.data != new.data,
            ),
            ApiKind::Service => {
                let Some(new) = c.services.iter().find(|s| &s.key == key) else {
                    return Ok(Outcome::Unchanged);
                };
                let old = self.cluster.services.iter_mut().find(|s| &s.key == key);
                match old {
                    None => {
                        let mut new = new.clone();
                        // Seeded by how many Services there are, so that the world's own
                        // generator (UIDs) is left as it was.
                        let seed = crate::model::rng::DEFAULT_SEED
                            ^ (self.cluster.services.len() as u64 + 1);
                        let others = &self.cluster.services;
                        crate::model::cluster::reallocate_collisions(&mut new, others, seed);
                        self.cluster.services.push(new);
                        self.cluster.service_created.insert(key.clone(), self.now);
                        Ok(Outcome::Created)
                    }
                    Some(old) => {
                        // The ClusterIP stays what was allocated (`spec.clusterIP` is
                        // immutable once set).
                        let mut updated = new.clone();
                        updated.cluster_ip = old.cluster_ip.clone();
                        if *old == updated {
                            return Ok(Outcome::Unchanged);
                        }
                        *old = updated;
                        Ok(Outcome::Configured)
                    }
                }
            }
            ApiKind::Deployment | ApiKind::ReplicaSet | ApiKind::ReplicationController => {
                self.apply_workload(loaded, obj)
            }
            ApiKind::Pod => return self.apply_pod(loaded, obj),
            ApiKind::Job => self.apply_job(loaded, obj),
            ApiKind::LimitRange => replace(
                &mut self.cluster.limit_ranges,
                c.limit_ranges.iter().find(|l| &l.key == key),
                |_, _| false,
            ),
            ApiKind::ResourceQuota => replace(
                &mut self.cluster.resource_quotas,
                c.resource_quotas.iter().find(|q| &q.key == key),
                |_, _| false,
            ),
            ApiKind::ServiceAccount => {
                let new = c.service_accounts.iter().find(|a| &a.key == key).map(|a| {
                    let mut a = a.clone();
                    if let Some(applied) = loaded
                        .last_applied
                        .get(&("ServiceAccount".to_owned(), key.clone()))
                    {
                        a.annotations.insert(
                            crate::admission::last_applied::LAST_APPLIED.to_owned(),
                            applied.clone(),
                        );
                    }
                    a
                });
                let new = new.as_ref();
                Ok(put_outcome(
                    new.and_then(|a| self.put_service_account(a)),
                    new.is_some(),
                ))
            }
            ApiKind::PersistentVolume => {
                let new = c.persistent_volumes.iter().find(|v| v.name == key.name);
                Ok(put_outcome(
                    new.and_then(|v| self.put_persistent_volume(v)),
                    new.is_some(),
                ))
            }
            ApiKind::PersistentVolumeClaim => {
                let new = c.persistent_volume_claims.iter().find(|v| &v.key == key);
                Ok(put_outcome(
                    new.and_then(|v| self.put_persistent_volume_claim(v)),
                    new.is_some(),
                ))
            }
        };
        result.map_err(Refused::Invalid)
    }

    /// A Deployment or bare ReplicaSet: created (its controller makes the pods), or its
    /// spec replaced (the controller rolls out a new template, or scales).
    fn apply_workload(&mut self, loaded: &Loaded, obj: &Admitted) -> Result<Outcome, String> {
        let Some(w) = loaded.cluster.workloads.iter().find(|w| {
            w.namespace == obj.key.namespace
                && w.name == obj.key.name
                && match w.kind {
                    WorkloadKind::Deployment => obj.kind == ApiKind::Deployment,
                    WorkloadKind::ReplicaSet => obj.kind == ApiKind::ReplicaSet,
                    WorkloadKind::ReplicationController => {
                        obj.kind == ApiKind::ReplicationController
                    }
                }
        }) else {
            return Ok(Outcome::Unchanged);
        };
        let now = self.now;
        match w.kind {
            WorkloadKind::Deployment => {
                let hash = w.template_hash.clone().unwrap_or_default();
                let new = Deployment {
                    key: obj.key.clone(),
                    replicas: w.replicas,
                    strategy: w.strategy,
                    min_ready_seconds: w.min_ready_seconds,
                    revision_history_limit: w.revision_history_limit,
                    template: (*w.template).clone(),
                    hash,
                    created_at: now,
                    labels: w.labels.clone(),
                    selector: w.selector.clone(),
                    change_cause: None,
                    paused: false,
                    progress_deadline_seconds:
                        crate::sim::controllers::DEFAULT_PROGRESS_DEADLINE_SECONDS,
                    // `kubectl apply` records what it applied (`Verb::Create` drops it).
                    annotations: loaded
                        .last_applied
                        .get(&("Deployment".to_owned(), obj.key.clone()))
                        .map(|a| {
                            [(
                                crate::admission::last_applied::LAST_APPLIED.to_owned(),
                                a.clone(),
                            )]
                            .into()
                        })
                        .unwrap_or_default(),
                };
                let deployments = &mut self.controllers.deployments;
                match deployments.iter_mut().find(|d| d.key == obj.key) {
                    None => {
                        deployments.push(new);
                        Ok(Outcome::Created)
                    }
                    Some(old) => {
                        let created_at = old.created_at;
                        let same = old.replicas == new.replicas
                            && old.strategy == new.strategy
                            && old.min_ready_seconds == new.min_ready_seconds
                            && old.revision_history_limit == new.revision_history_limit
                            && old.hash == new.hash
                            && old.labels == new.labels
                            && old.annotations == new.annotations;
                        if same {
                            return Ok(Outcome::Unchanged);
                        }
                        // What scale, pause, patch and `--record` wrote stays unless the
                        // manifest sets it (a three-way merge keeps fields apply never set).
                        let replicas = match (
                            sets_replicas(&new.annotations),
                            sets_replicas(&old.annotations),
                        ) {
                            // Neither this apply nor the last set it: the live value stays.
                            (false, false) => old.replicas,
                            // Set now, or dropped from the config (reset to the default).
                            _ => new.replicas,
                        };
                        let kept = Deployment {
                            created_at,
                            replicas,
                            change_cause: old.change_cause.clone(),
                            paused: old.paused,
                            progress_deadline_seconds: old.progress_deadline_seconds,
                            ..new
                        };
                        *old = kept;
                        Ok(Outcome::Configured)
                    }
                }
            }
            WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController => {
                let kind = w.kind.set_kind();
                let sets = &mut self.controllers.replica_sets;
                match sets.iter_mut().find(|r| r.kind == kind && r.key == obj.key) {
                    None => {
                        sets.push(ReplicaSet {
                            kind,
                            key: obj.key.clone(),
                            deployment: None,
                            replicas: w.replicas,
                            template: (*w.template).clone(),
                            hash: None,
                            revision: 1,
                            desired_annotation: w.replicas,
                            max_annotation: w.replicas,
                            min_ready_seconds: w.min_ready_seconds,
                            created_at: now,
                            selector: w.selector.clone(),
                            change_cause: None,
                            labels: w.labels.clone(),
                        });
                        Ok(Outcome::Created)
                    }
                    Some(old) => {
                        // A ReplicaSet's new template applies to the pods it creates from
                        // now on; the running ones stay as they are.
                        let same = old.replicas == w.replicas
                            && old.template == *w.template
                            && old.min_ready_seconds == w.min_ready_seconds;
                        if same {
                            return Ok(Outcome::Unchanged);
                        }
                        old.replicas = w.replicas;
                        old.template = (*w.template).clone();
                        old.min_ready_seconds = w.min_ready_seconds;
                        Ok(Outcome::Configured)
                    }
                }
            }
        }
    }

    /// A Job: created (its controller starts pods at once), or its mutable fields
    /// (`parallelism`, `backoffLimit`, `activeDeadlineSeconds`) replaced; the template and
    /// `completions` are immutable (batch validation.go `ValidateJobSpecUpdate`; the real
    /// message prints the whole template where podscope writes `{…}`).
    fn apply_job(&mut self, loaded: &Loaded, obj: &Admitted) -> Result<Outcome, String> {
        let Some(new) = loaded.cluster.jobs.iter().find(|j| j.key == obj.key) else {
            return Ok(Outcome::Unchanged);
        };
        let Some(old) = self
            .controllers
            .jobs
            .iter_mut()
            .find(|j| j.spec.key == obj.key)
        else {
            self.add_job(new.clone());
            return Ok(Outcome::Created);
        };
        if old.spec == *new {
            return Ok(Outcome::Unchanged);
        }
        if old.spec.template.api != new.template.api {
            return Err(
                "spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable"
                    .to_owned(),
            );
        }
        if old.spec.completions != new.completions {
            let v = new
                .completions
                .map_or_else(|| "null".to_owned(), |c| c.to_string());
            return Err(format!(
                "spec.completions: Invalid value: {v}: field is immutable"
            ));
        }
        old.spec.parallelism = new.parallelism;
        old.spec.backoff_limit = new.backoff_limit;
        old.spec.active_deadline_seconds = new.active_deadline_seconds;
        old.resync(self.now);
        Ok(Outcome::Configured)
    }

    /// A Pod: created and scheduled; or, if it exists, only its labels and container images
    /// may change (a changed image restarts that container with the new one).
    fn apply_pod(&mut self, loaded: &Loaded, obj: &Admitted) -> Result<Outcome, Refused> {
        let Some(new) = loaded
            .pods
            .iter()
            .find(|p| p.key == obj.key && p.owner.is_none())
        else {
            return Ok(Outcome::Unchanged);
        };
        let Some((p, pod)) = self
            .pods
            .id_of(&obj.key)
            .and_then(|p| Some((p, self.pods.get(p)?)))
        else {
            // The same bound as a manifest's, so repeated applies cannot grow the page
            // without end.
            if self.pods.len() >= crate::admission::admit::MAX_PODS {
                return Err(Refused::Invalid(format!(
                    "podscope simulates at most {} pods; this one is left out",
                    crate::admission::admit::MAX_PODS
                )));
            }
            let mut pod = new.clone();
            self.admit_pod_plugins(&mut pod, &obj.key.name)
                .map_err(Refused::Forbidden)?;
            self.admit(pod);
            return Ok(Outcome::Created);
        };
        let old = &pod.spec;
        if json::same(&old.api.spec, &new.api.spec) && old.labels == new.labels {
            return Ok(Outcome::Unchanged);
        }
        if !json::same(&without_images(&old.api), &without_images(&new.api)) {
            return Err(Refused::Invalid(format!(
                "spec: Forbidden: {POD_UPDATE_FORBIDDEN}"
            )));
        }
        let changed: Vec<Slot> = pod
            .all_containers()
            .filter(|(slot, c)| {
                let spec = match slot {
                    Slot::Init(i) => new.init_containers.get(*i),
                    Slot::App(i) => new.containers.get(*i),
                    Slot::Ephemeral(_) => None,
                };
                spec.is_some_and(|s| s.image != c.spec.image)
            })
            .map(|(slot, _)| slot)
            .collect();
        let Some(pod) = self.pods.get_mut(p) else {
            return Ok(Outcome::Unchanged);
        };
        pod.spec.labels = new.labels.clone();
        pod.spec.api = new.api.clone();
        for slot in changed {
            let spec = match slot {
                Slot::Init(i) => new.init_containers.get(i),
                Slot::App(i) => new.containers.get(i),
                Slot::Ephemeral(_) => None,
            };
            let Some(pod) = self.pods.get_mut(p) else {
                continue;
            };
            let (Some(spec), Some(c)) = (spec, pod.container_mut(slot)) else {
                continue;
            };
            c.spec = spec.clone();
            if let Some(s) = pod.spec.containers.iter_mut().find(|s| s.name == spec.name) {
                s.image = spec.image.clone();
            }
            if let Some(s) = pod
                .spec
                .init_containers
                .iter_mut()
                .find(|s| s.name == spec.name)
            {
                s.image = spec.image.clone();
            }
            self.restart_for_new_definition(p, slot);
        }
        Ok(Outcome::Configured)
    }

    /// kuberuntime_manager.go `computePodActions`: a container whose spec hash changed is
    /// killed ("Container NAME definition changed, will be restarted") and started again
    /// whatever the restart policy.
    fn restart_for_new_definition(&mut self, p: PodId, slot: Slot) {
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        let grace = crate::sim::kubelet::grace_period(&pod.spec);
        let Some(c) = pod.container_mut(slot) else {
            return;
        };
        let running = matches!(c.state, ContainerState::Running { .. });
        let name = c.spec.name.clone();
        if running {
            c.redefined = true;
            let note = format!("Container {name} definition changed, will be restarted");
            self.stop_container(p, slot, grace, Some(note));
        } else {
            // A container that is not running starts with the new image when its restart
            // policy and back-off next let it.
            self.schedule(self.now, crate::sim::world::Wakeup::SyncPod { pod: p });
        }
    }
}

/// What a `put_*` did: created (`None`), changed, or left as it was.
fn put_outcome(put: Option<bool>, found: bool) -> Outcome {
    match put {
        None if found => Outcome::Created,
        Some(true) => Outcome::Configured,
        _ => Outcome::Unchanged,
    }
}

/// Something keyed in the cluster's lists (a ConfigMap, a Secret).
trait Keyed {
    fn key(&self) -> &crate::model::ids::ObjectKey;
}

impl Keyed for crate::model::cluster::ConfigMapSpec {
    fn key(&self) -> &crate::model::ids::ObjectKey {
        &self.key
    }
}

impl Keyed for crate::model::cluster::SecretSpec {
    fn key(&self) -> &crate::model::ids::ObjectKey {
        &self.key
    }
}

impl Keyed for crate::model::cluster::limit_range::LimitRangeSpec {
    fn key(&self) -> &crate::model::ids::ObjectKey {
        &self.key
    }
}

impl Keyed for crate::model::cluster::resource_quota::ResourceQuotaSpec {
    fn key(&self) -> &crate::model::ids::ObjectKey {
        &self.key
    }
}

/// Applies `new` to a list of objects replaced whole: created, unchanged, refused when
/// `frozen(old, new)` (an `immutable` object's data changed), or configured.
fn replace<T: Keyed + Clone + PartialEq>(
    list: &mut Vec<T>,
    new: Option<&T>,
    frozen: impl Fn(&T, &T) -> bool,
) -> Result<Outcome, String> {
    let Some(new) = new else {
        return Ok(Outcome::Unchanged);
    };
    match list.iter_mut().find(|o| o.key() == new.key()) {
        None => {
            list.push(new.clone());
            Ok(Outcome::Created)
        }
        Some(old) if old == new => Ok(Outcome::Unchanged),
        Some(old) if frozen(old, new) => {
            Err("data: Forbidden: field is immutable when `immutable` is set".to_owned())
        }
        Some(old) => {
            *old = new.clone();
            Ok(Outcome::Configured)
        }
    }
}

/// A pod's spec with every container image blanked, to compare what else changed.
fn without_images(
    pod: &k8s_openapi::api::core::v1::Pod,
) -> Option<k8s_openapi::api::core::v1::PodSpec> {
    let mut spec = pod.spec.clone()?;
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        c.image = None;
    }
    Some(spec)
}

/// An error found while reading the manifest, as `kubectl apply` reports what it cannot
/// read, in podscope's one diagnostic form (`Diagnostic::render`): `LINE:COL: error: PATH:
/// MESSAGE`.
fn error_line(d: &Diagnostic) -> String {
    format!("{d}\n")
}
