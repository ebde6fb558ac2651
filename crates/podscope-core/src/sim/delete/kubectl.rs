//! `kubectl delete` typed on the node: the objects a parsed `kubectl delete` names (or a
//! manifest's, for `-f`), deleted as the API server and the garbage collector do it, and
//! what kubectl prints (kubernetes/kubectl pkg/cmd/delete/delete.go `DeleteResult`,
//! `PrintObj`: `KIND[.GROUP] "NAME" deleted[ from NS namespace]`; the objects found are
//! deleted, then the builder's NotFound errors are printed).
//!
//! The dependents go as the garbage collector's background cascade deletes them: a
//! Deployment's ReplicaSets and a ReplicaSet's or Job's pods (gracefully); a Namespace's
//! objects with it. Simplified: the objects go at once, so a deleted Namespace is not shown
//! `Terminating` while its pods stop.

use crate::admission::admit::ApiKind;
use crate::model::cluster::BUILT_IN_NAMESPACES;
use crate::model::ids::{ObjectKey, PodId};
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Delete, not_modelled};
use crate::model::spec::OwnerKind;
use crate::model::workload::SetKind;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// The kind of object a resource type names, for the kinds podscope deletes.
pub fn deletable(resource: Resource) -> Option<ApiKind> {
    let a = resource.api();
    Some(match (a.plural, a.group) {
        ("pods", "") => ApiKind::Pod,
        ("deployments", "apps") => ApiKind::Deployment,
        ("replicasets", "apps") => ApiKind::ReplicaSet,
        ("replicationcontrollers", "") => ApiKind::ReplicationController,
        ("services", "") => ApiKind::Service,
        ("configmaps", "") => ApiKind::ConfigMap,
        ("secrets", "") => ApiKind::Secret,
        ("namespaces", "") => ApiKind::Namespace,
        ("jobs", "batch") => ApiKind::Job,
        ("limitranges", "") => ApiKind::LimitRange,
        ("resourcequotas", "") => ApiKind::ResourceQuota,
        ("persistentvolumes", "") => ApiKind::PersistentVolume,
        ("serviceaccounts", "") => ApiKind::ServiceAccount,
        ("persistentvolumeclaims", "") => ApiKind::PersistentVolumeClaim,
        _ => return None,
    })
}

impl World {
    /// Runs a parsed `kubectl delete TYPE NAME…` (for `-f`, see `delete_objects`).
    pub fn kubectl_delete(&mut self, d: &Delete) -> Output {
        let mut objects = Vec::new();
        for o in d.targets.objects() {
            let Some(kind) = deletable(o.resource) else {
                let what = format!("kubectl delete {}", o.resource.api().plural);
                return Output::failed(not_modelled(&what), 1);
            };
            let namespace = if matches!(kind, ApiKind::Namespace | ApiKind::PersistentVolume) {
                String::new()
            } else {
                d.namespace.clone()
            };
            objects.push((kind, ObjectKey::new(&namespace, &o.name)));
        }
        self.delete_objects(&objects, d.grace)
    }

    /// Deletes each object (kind and key; cluster-scoped ones with an empty namespace),
    /// printing kubectl's line for each one found, then the NotFound errors.
    pub fn delete_objects(
        &mut self,
        objects: &[(ApiKind, ObjectKey)],
        grace: Option<u64>,
    ) -> Output {
        if let Some((_, key)) = objects.iter().find(|(kind, key)| {
            *kind == ApiKind::Namespace && BUILT_IN_NAMESPACES.contains(&key.name.as_str())
        }) {
            let what = format!("kubectl delete namespace {}", key.name);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut out = Output::ok("");
        let mut missing = String::new();
        for (kind, key) in objects {
            if !self.holds(*kind, key) {
                missing.push_str(&format!(
                    "Error from server (NotFound): {} \"{}\" not found\n",
                    crate::sim::kubectl_create::qualified(*kind),
                    key.name
                ));
                continue;
            }
            self.delete_object(*kind, key, grace);
            let scope = match kind {
                ApiKind::Namespace | ApiKind::Node | ApiKind::PersistentVolume => String::new(),
                _ => format!(" from {} namespace", key.namespace),
            };
            out.text.push_str(&format!(
                "{} \"{}\" deleted{scope}\n",
                kind.resource(),
                key.name
            ));
        }
        if !missing.is_empty() {
            out.text.push_str(&missing);
            out.status = 1;
        }
        self.reconcile(true);
        out
    }

    /// One object and its dependents.
    fn delete_object(&mut self, kind: ApiKind, key: &ObjectKey, grace: Option<u64>) {
        match kind {
            ApiKind::Pod => {
                if let Some(p) = self.pod_id(key) {
                    self.delete_pod(p, grace);
                }
            }
            ApiKind::Deployment => {
                self.controllers.deployments.retain(|d| &d.key != key);
                let sets: Vec<ObjectKey> = self
                    .controllers
                    .replica_sets
                    .iter()
                    .filter(|r| {
                        r.key.namespace == key.namespace
                            && r.deployment.as_deref() == Some(key.name.as_str())
                    })
                    .map(|r| r.key.clone())
                    .collect();
                for rs in sets {
                    self.delete_object(ApiKind::ReplicaSet, &rs, None);
                }
            }
            ApiKind::ReplicaSet | ApiKind::ReplicationController => {
                let set = match kind {
                    ApiKind::ReplicaSet => SetKind::ReplicaSet,
                    _ => SetKind::ReplicationController,
                };
                self.controllers
                    .replica_sets
                    .retain(|r| !(r.kind == set && &r.key == key));
                self.controllers
                    .replica_failures
                    .retain(|f| &f.replica_set != key);
                let pods = self.owned_pods(key, |o| {
                    SetKind::of_owner(o.kind) == Some(set) && o.replica_set == key.name
                });
                self.delete_pods(pods);
            }
            ApiKind::Job => {
                self.controllers.jobs.retain(|j| &j.spec.key != key);
                let pods = self.owned_pods(key, |o| o.kind == OwnerKind::Job && o.name == key.name);
                self.delete_pods(pods);
            }
            ApiKind::Service => self.cluster.services.retain(|s| &s.key != key),
            ApiKind::ConfigMap => {
                self.cluster.config_maps.retain(|c| &c.key != key);
                self.cluster.config_map_created.remove(key);
            }
            ApiKind::Secret => self.cluster.secrets.retain(|s| &s.key != key),
            ApiKind::LimitRange => self.cluster.limit_ranges.retain(|l| &l.key != key),
            ApiKind::ResourceQuota => self.cluster.resource_quotas.retain(|q| &q.key != key),
            ApiKind::Namespace => self.delete_namespace(&key.name),
            ApiKind::PersistentVolume => self
                .cluster
                .persistent_volumes
                .retain(|v| v.name != key.name),
            ApiKind::PersistentVolumeClaim => self.delete_claim(key),
            // The controller makes a deleted `default` account again at once.
            ApiKind::ServiceAccount => self.cluster.service_accounts.retain(|a| &a.key != key),
            // Nodes are never deletable here (`deletable` has no node).
            ApiKind::Node => {}
        }
    }

    /// The pods in the controller's namespace whose owner `owns` accepts.
    fn owned_pods(
        &self,
        controller: &ObjectKey,
        owns: impl Fn(&crate::model::spec::PodOwner) -> bool,
    ) -> Vec<PodId> {
        self.pods
            .iter()
            .filter(|(_, p)| {
                p.spec.key.namespace == controller.namespace
                    && p.spec.owner.as_ref().is_some_and(&owns)
            })
            .map(|(id, _)| id)
            .collect()
    }

    /// The garbage collector's deletes: each pod with its own grace period.
    fn delete_pods(&mut self, pods: Vec<PodId>) {
        for p in pods {
            self.delete_pod(p, None);
        }
    }

    /// The namespace controller: every object in the namespace, then the namespace.
    fn delete_namespace(&mut self, name: &str) {
        let ns = name.to_owned();
        let in_ns = |k: &ObjectKey| k.namespace == ns;
        let deployments: Vec<ObjectKey> = self
            .controllers
            .deployments
            .iter()
            .map(|d| d.key.clone())
            .filter(in_ns)
            .collect();
        for d in deployments {
            self.delete_object(ApiKind::Deployment, &d, None);
        }
        let sets: Vec<(ApiKind, ObjectKey)> = self
            .controllers
            .replica_sets
            .iter()
            .filter(|r| in_ns(&r.key))
            .map(|r| match r.kind {
                SetKind::ReplicaSet => (ApiKind::ReplicaSet, r.key.clone()),
                SetKind::ReplicationController => (ApiKind::ReplicationController, r.key.clone()),
            })
            .collect();
        for (kind, r) in sets {
            self.delete_object(kind, &r, None);
        }
        let jobs: Vec<ObjectKey> = self
            .controllers
            .jobs
            .iter()
            .map(|j| j.spec.key.clone())
            .filter(in_ns)
            .collect();
        for j in jobs {
            self.delete_object(ApiKind::Job, &j, None);
        }
        let pods: Vec<PodId> = self
            .pods
            .iter()
            .filter(|(_, p)| p.spec.key.namespace == ns)
            .map(|(id, _)| id)
            .collect();
        self.delete_pods(pods);
        self.cluster.services.retain(|s| s.key.namespace != ns);
        self.cluster.limit_ranges.retain(|l| l.key.namespace != ns);
        self.cluster
            .resource_quotas
            .retain(|q| q.key.namespace != ns);
        self.cluster.config_maps.retain(|c| c.key.namespace != ns);
        self.cluster
            .config_map_created
            .retain(|k, _| k.namespace != ns);
        self.cluster.secrets.retain(|s| s.key.namespace != ns);
        self.cluster.namespaces.retain(|n| n.name != ns);
    }
}
