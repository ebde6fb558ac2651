//! `kubectl create -f FILE` and `kubectl run`: objects created in the running world, each
//! refused with the API server's AlreadyExists when one of its kind and name is there
//! (kubectl pkg/cmd/create/create.go `RunCreate`, pkg/cmd/run/run.go
//! `createGeneratedObject`; the error wrapped by cmdutil `AddSourceToErr("creating", …)`).

use crate::admission::admit::{Admitted, ApiKind};
use crate::model::ids::ObjectKey;
use crate::model::kubectl::Run;
use crate::sim::kubectl_apply::Verb;
use crate::sim::outcome::Output;
use crate::sim::refusals::Refusal;
use crate::sim::world::World;

/// The resource as the API server names it in a status message: `pods`,
/// `deployments.apps`.
pub(crate) fn qualified(kind: ApiKind) -> String {
    match kind.resource().split_once('.') {
        Some((singular, group)) => format!("{singular}s.{group}"),
        None => format!("{}s", kind.resource()),
    }
}

/// The API server's AlreadyExists: `Error from server (AlreadyExists): [error when
/// creating "FILE": ]pods "x" already exists`, printed with the other errors after what
/// was created (`Err`).
/// A generator's own wrapping (`prefix`) makes it a plain error line (`Ok`): `error: failed
/// to create deployment: deployments.apps "x" already exists`.
pub(crate) fn already_exists(
    obj: &Admitted,
    source: Option<&str>,
    prefix: Option<&str>,
) -> Result<String, Refusal> {
    let what = format!(
        "{} \"{}\" already exists",
        qualified(obj.kind),
        obj.key.name
    );
    match prefix {
        Some(prefix) => Ok(format!("error: {prefix}{what}\n")),
        None => Err(Refusal::creating("AlreadyExists", source, &what)),
    }
}

impl World {
    /// Whether the API server holds an object of this kind and key.
    pub(crate) fn holds(&self, kind: ApiKind, key: &ObjectKey) -> bool {
        match kind {
            ApiKind::Namespace => self.cluster.namespace(&key.name).is_some(),
            ApiKind::Node => self.cluster.nodes().iter().any(|n| n.name == key.name),
            ApiKind::Pod => self.pod_id(key).is_some(),
            ApiKind::Deployment => self.controllers.deployment(key).is_some(),
            ApiKind::ReplicaSet => self.controllers.replica_set(key).is_some(),
            ApiKind::ReplicationController => {
                self.controllers.replication_controller(key).is_some()
            }
            ApiKind::ConfigMap => self.cluster.config_maps.iter().any(|c| &c.key == key),
            ApiKind::Secret => self.cluster.secrets.iter().any(|c| &c.key == key),
            ApiKind::Service => self.cluster.services.iter().any(|c| &c.key == key),
            ApiKind::Job => self.controllers.jobs.iter().any(|j| &j.spec.key == key),
            ApiKind::LimitRange => self.cluster.limit_ranges.iter().any(|l| &l.key == key),
            ApiKind::ResourceQuota => self.cluster.resource_quotas.iter().any(|q| &q.key == key),
            ApiKind::ServiceAccount => self
                .cluster
                .service_accounts()
                .iter()
                .any(|a| &a.key == key),
            ApiKind::PersistentVolume => self
                .cluster
                .persistent_volumes
                .iter()
                .any(|v| v.name == key.name),
            ApiKind::PersistentVolumeClaim => self
                .cluster
                .persistent_volume_claims
                .iter()
                .any(|c| &c.key == key),
        }
    }

    /// `kubectl create -f`: each object of the manifest created (`source`: the file named
    /// in errors).
    pub fn create_manifest(
        &mut self,
        loaded: &crate::admission::load::Loaded,
        source: Option<&str>,
    ) -> Output {
        self.write_manifest(
            loaded,
            Verb::Create {
                source,
                prefix: None,
            },
        )
    }

    /// A generator's object (`kubectl create namespace|deployment|configmap|secret`,
    /// `kubectl run`), its AlreadyExists wrapped in `prefix` when the generator wraps it.
    pub fn create_generated(
        &mut self,
        loaded: &crate::admission::load::Loaded,
        prefix: Option<&str>,
    ) -> Output {
        self.write_manifest(
            loaded,
            Verb::Create {
                source: None,
                prefix,
            },
        )
    }

    /// `kubectl run`: the Pod it generated, created in its namespace (`pod/NAME created`).
    pub fn kubectl_run(&mut self, run: &Run) -> Output {
        let mut pod = run.pod.clone();
        pod.metadata.namespace = Some(run.namespace.clone());
        if self.cluster.namespace(&run.namespace).is_none() {
            return Output::failed(
                format!(
                    "Error from server (NotFound): namespaces \"{}\" not found\n",
                    run.namespace
                ),
                1,
            );
        }
        let text = match crate::model::json::text(&pod) {
            Ok(t) => t,
            Err(e) => return Output::failed(format!("error: {e}\n"), 1),
        };
        let loaded = crate::admission::load::load(&text, crate::model::rng::DEFAULT_SEED);
        let out = self.create_generated(&loaded, None);
        let Some(how) = run.attach.filter(|_| out.status == 0) else {
            return out;
        };
        let key = ObjectKey::new(&run.namespace, pod.metadata.name.as_deref().unwrap_or(""));
        match self.pod_id(&key) {
            Some(p) => self.attach_run(p, how),
            None => out,
        }
    }
}
