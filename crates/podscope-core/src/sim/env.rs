//! The environment the kubelet and the runtime give a container: the image's `ENV`, the
//! runtime's `HOSTNAME` and `HOME`, and the kubelet's variables (`env`, `envFrom`, the
//! downward API, ConfigMap and Secret keys, Service links), plus `$(VAR)` expansion of the
//! command and args. A missing ConfigMap, Secret or key is `CreateContainerConfigError`.
//!
//! Models kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables` and
//! pkg/kubelet/container/helpers.go `ExpandContainerCommandAndArgs`; see docs/env.md.

mod expand;
pub(crate) mod fields;
pub(crate) mod gomap;
mod order;
mod services;

use crate::model::sort::CollectMap;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::PodId;
use crate::model::image_ref::ImageRef;
use crate::model::spec::ContainerSpec;
use crate::model::time::SimDuration;
use crate::sim::event::EventKind;
use crate::sim::image::ImageKind;
use crate::sim::world::{ContainerState, Slot, WaitingReason, Wakeup, World};

pub(crate) use order::shell_environ;

/// The default `PATH` (containerd's `defaultUnixEnv`, and what image builders write).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The pod worker's retry delay after a failed sync (pkg/kubelet/kubelet.go
/// `backOffPeriod`), jittered by up to half (pod_workers.go `workerBackOffPeriodJitterFactor`).
const SYNC_ERROR_BACKOFF: SimDuration = SimDuration::from_secs(10);

/// What the kubelet could not resolve; the text is the error the kubelet reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvError {
    /// The watch-based ConfigMap/Secret manager's NotFound, for the singular resource
    /// (pkg/kubelet/util/manager/watch_based_manager.go).
    NotFound { kind: RefKind, name: String },
    /// `couldn't find key K in ConfigMap NS/NAME` (makeEnvironmentVariables).
    MissingKey {
        kind: RefKind,
        key: String,
        namespace: String,
        name: String,
    },
    /// A downward API field the kubelet cannot read.
    Field(String),
    /// Another check of `generateContainerConfig` failed (`security.rs`: runAsNonRoot).
    Config(String),
}

/// Which object a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    ConfigMap,
    Secret,
}

impl EnvError {
    pub fn message(&self) -> String {
        match self {
            EnvError::NotFound { kind, name } => {
                let r = match kind {
                    RefKind::ConfigMap => "configmap",
                    RefKind::Secret => "secret",
                };
                format!("{r} \"{name}\" not found")
            }
            EnvError::MissingKey {
                kind,
                key,
                namespace,
                name,
            } => {
                let k = match kind {
                    RefKind::ConfigMap => "ConfigMap",
                    RefKind::Secret => "Secret",
                };
                format!("couldn't find key {key} in {k} {namespace}/{name}")
            }
            EnvError::Field(m) | EnvError::Config(m) => m.clone(),
        }
    }
}

/// A container's resolved start: its process environment in the runtime's order and its
/// command and args after `$(VAR)` expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub environ: Vec<(String, String)>,
    pub spec: ContainerSpec,
}

/// The image's `ENV` besides `PATH`, for the images whose Dockerfile podscope knows
/// (nginxinc/docker-nginx: the version the catalog serves, exec/net.rs `nginx_release`;
/// the docs' gcr.io/google-samples/node-hello:1.0, `FROM node:4.4`, whose nodejs/docker-node
/// 4.4 Dockerfile sets `NPM_CONFIG_LOGLEVEL info` then `NODE_VERSION 4.4.2`, the value the
/// docs' printenv shows).
fn image_env(image: &ImageRef) -> Vec<(String, String)> {
    match ImageKind::of(image) {
        ImageKind::NodeHello => vec![
            ("NPM_CONFIG_LOGLEVEL".into(), "info".into()),
            ("NODE_VERSION".into(), "4.4.2".into()),
        ],
        ImageKind::Nginx if image.tag.as_deref().is_some_and(|t| t.starts_with("1.21")) => vec![
            ("NGINX_VERSION".into(), "1.21.3".into()),
            ("NJS_VERSION".into(), "0.6.2".into()),
            ("PKG_RELEASE".into(), "1~buster".into()),
        ],
        ImageKind::Nginx => vec![("NGINX_VERSION".into(), "1.29.3".into())],
        _ => Vec::new(),
    }
}

/// The kubelet's list (`makeEnvironmentVariables`) laid over the image config the way
/// containerd builds the OCI spec (internal/cri/server/container_create.go: the default
/// `PATH`, then `HOSTNAME`, then the image's `ENV` and the CRI envs, a name already present
/// replaced in place by `oci.WithEnv`), then runc's `HOME` when none is set (libcontainer
/// `setupUser`: root's is `/root`).
fn process_env(
    image: &ImageRef,
    hostname: &str,
    kubelet: &[(String, String)],
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("PATH".into(), DEFAULT_PATH.into()),
        ("HOSTNAME".into(), hostname.into()),
    ];
    for (k, v) in image_env(image).into_iter().chain(kubelet.iter().cloned()) {
        match env.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => env.push((k, v)),
        }
    }
    if !env.iter().any(|(k, _)| k == "HOME") {
        env.push(("HOME".into(), "/root".into()));
    }
    env
}

/// The API container at `slot`.
fn api_container(pod: &api::PodSpec, slot: Slot) -> Option<&api::Container> {
    match slot {
        Slot::App(i) => pod.containers.get(i),
        Slot::Init(i) => pod.init_containers.as_ref().and_then(|v| v.get(i)),
        // An ephemeral container's env is read from its own spec type; none is modelled.
        Slot::Ephemeral(_) => None,
    }
}

impl World {
    /// Resolves container `slot` of pod `p` as the kubelet does before creating it.
    pub(crate) fn resolve_env(
        &self,
        p: PodId,
        slot: Slot,
        spec: &ContainerSpec,
    ) -> Result<Resolved, EnvError> {
        let pod = self.pods.get(p);
        // Containers start only on a scheduled pod; the first node is a safe fallback.
        let (Some(pod), Some(node)) = (
            pod,
            pod.and_then(|pod| self.node_of(pod))
                .or_else(|| self.nodes().first()),
        ) else {
            return Ok(Resolved {
                environ: Vec::new(),
                spec: spec.clone(),
            });
        };
        let hostname = if pod.spec.ns.host_network {
            node.name.clone()
        } else {
            pod.spec.hostname.clone()
        };
        let empty = api::PodSpec::default();
        let api_pod = pod.spec.api.spec.as_ref().unwrap_or(&empty);
        let Some(c) = api_container(api_pod, slot) else {
            return Ok(Resolved {
                environ: process_env(&spec.image, &hostname, &[]),
                spec: spec.clone(),
            });
        };
        let kubelet = self.kubelet_env(p, api_pod, c)?;
        // ExpandContainerCommandAndArgs: against the kubelet's variables only.
        // Inserted one by one, the last of a name winning as in a collect (which would
        // compile its own copy of std's sort: podscope-collections sort.rs).
        let mut map = BTreeMap::new();
        for (name, value) in &kubelet {
            map.insert(name.clone(), value.clone());
        }
        let mapping = |n: &str| expand::lookup(&[&map], n);
        let mut spec = spec.clone();
        spec.command = spec
            .command
            .iter()
            .map(|s| expand::expand(s, &mapping))
            .collect();
        spec.args = spec
            .args
            .iter()
            .map(|s| expand::expand(s, &mapping))
            .collect();
        Ok(Resolved {
            environ: process_env(&spec.image, &hostname, &kubelet),
            spec,
        })
    }

    /// `makeEnvironmentVariables`: `envFrom` first, then `env` (whose values expand against
    /// what is declared so far and the Service variables), then the Service variables the
    /// container did not set. The kubelet ranges over its two maps, in Go's random order
    /// (`gomap`).
    fn kubelet_env(
        &self,
        p: PodId,
        api_pod: &api::PodSpec,
        c: &api::Container,
    ) -> Result<Vec<(String, String)>, EnvError> {
        let pod = self.pods.get(p);
        let (Some(pod), Some(node)) = (
            pod,
            pod.and_then(|pod| self.node_of(pod))
                .or_else(|| self.nodes().first()),
        ) else {
            return Ok(Vec::new());
        };
        let ns = pod.spec.key.namespace.as_str();
        let links = api_pod.enable_service_links.unwrap_or(true);
        let service_env = services::service_env(&self.cluster.services, ns, links);
        // Go's map order, drawn from a generator seeded by the pod's UID and the container's
        // name (both the world's seeded values), so each start keeps the world's own stream.
        let mut rng = crate::model::rng::SeededRng::new(
            pod.uid
                .as_str()
                .bytes()
                .chain(c.name.bytes())
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                }),
        );
        let mut tmp: BTreeMap<String, String> = BTreeMap::new();
        // `tmpEnv`'s insertion order (a name set again keeps its slot).
        let mut inserted: Vec<String> = Vec::new();
        for from in c.env_from.iter().flatten() {
            let prefix = from.prefix.as_deref().unwrap_or("");
            if let Some(r) = &from.config_map_ref {
                match self.config_map_data(ns, &r.name) {
                    Some(data) => {
                        for (k, v) in gomap::range_order(data.into_iter().collect(), &mut rng) {
                            let k = format!("{prefix}{k}");
                            if !tmp.contains_key(&k) {
                                inserted.push(k.clone());
                            }
                            tmp.insert(k, v);
                        }
                    }
                    None if r.optional == Some(true) => {}
                    None => return Err(not_found(RefKind::ConfigMap, &r.name)),
                }
            } else if let Some(r) = &from.secret_ref {
                match self.secret_data(ns, &r.name) {
                    Some(data) => {
                        for (k, v) in gomap::range_order(data.into_iter().collect(), &mut rng) {
                            let k = format!("{prefix}{k}");
                            if !tmp.contains_key(&k) {
                                inserted.push(k.clone());
                            }
                            tmp.insert(k, v);
                        }
                    }
                    None if r.optional == Some(true) => {}
                    None => return Err(not_found(RefKind::Secret, &r.name)),
                }
            }
        }
        let facts = fields::PodFacts {
            name: &pod.spec.key.name,
            namespace: ns,
            uid: pod.uid.as_str(),
            labels: &pod.spec.labels,
            annotations: pod.spec.api.metadata.annotations.as_ref(),
            node_name: &node.name,
            service_account: api_pod
                .service_account_name
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or("default"),
            pod_ip: pod
                .ip
                .map_or_else(|| node.internal_ip.to_string(), |ip| ip.to_string()),
            host_ip: node.internal_ip.to_string(),
        };
        let alloc = fields::Allocatable {
            cpu_milli: node.allocatable.cpu_milli,
            memory_bytes: node.allocatable.memory_bytes,
        };
        for e in c.env.iter().flatten() {
            let literal = e.value.clone().unwrap_or_default();
            let value = if !literal.is_empty() {
                expand::expand(&literal, &|n| expand::lookup(&[&tmp, &service_env], n))
            } else if let Some(from) = &e.value_from {
                if let Some(f) = &from.field_ref {
                    fields::field_value(&f.field_path, &facts).map_err(EnvError::Field)?
                } else if let Some(r) = &from.resource_field_ref {
                    fields::resource_value(r, api_pod, c, alloc).map_err(EnvError::Field)?
                } else if let Some(r) = &from.config_map_key_ref {
                    let optional = r.optional == Some(true);
                    let Some(data) = self.config_map_data(ns, &r.name) else {
                        if optional {
                            continue;
                        }
                        return Err(not_found(RefKind::ConfigMap, &r.name));
                    };
                    match data.get(&r.key) {
                        Some(v) => v.clone(),
                        None if optional => continue,
                        None => return Err(missing_key(RefKind::ConfigMap, &r.key, ns, &r.name)),
                    }
                } else if let Some(r) = &from.secret_key_ref {
                    let optional = r.optional == Some(true);
                    let Some(data) = self.secret_data(ns, &r.name) else {
                        if optional {
                            continue;
                        }
                        return Err(not_found(RefKind::Secret, &r.name));
                    };
                    match data.get(&r.key) {
                        Some(v) => v.clone(),
                        None if optional => continue,
                        None => return Err(missing_key(RefKind::Secret, &r.key, ns, &r.name)),
                    }
                } else {
                    String::new()
                }
            } else {
                String::new()
            };
            if !tmp.contains_key(&e.name) {
                inserted.push(e.name.clone());
            }
            tmp.insert(e.name.clone(), value);
        }
        let declared: Vec<(String, String)> = inserted
            .into_iter()
            .filter_map(|k| tmp.get(&k).cloned().map(|v| (k, v)))
            .collect();
        let mut out = gomap::range_order(declared, &mut rng);
        let services = services::service_env_in_order(&self.cluster.services, ns, links);
        out.extend(
            gomap::range_order(services, &mut rng)
                .into_iter()
                .filter(|(k, _)| !tmp.contains_key(k)),
        );
        Ok(out)
    }

    /// A ConfigMap's data by namespace and name (env and volumes read the same objects).
    pub(crate) fn config_map_data(&self, ns: &str, name: &str) -> Option<BTreeMap<String, String>> {
        self.cluster
            .config_maps
            .iter()
            .find(|c| c.key.namespace == ns && c.key.name == name)
            .map(|c| c.data.clone())
    }

    /// A Secret's data, decoded to text.
    pub(crate) fn secret_data(&self, ns: &str, name: &str) -> Option<BTreeMap<String, String>> {
        self.cluster
            .secrets
            .iter()
            .find(|s| s.key.namespace == ns && s.key.name == name)
            .map(|s| {
                s.data
                    .iter()
                    .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
                    .collect_map()
            })
    }

    /// The container could not be created: it waits in `CreateContainerConfigError` with
    /// the error as its message, a Warning `Failed` event says `Error: <message>`, and the
    /// pod worker syncs again after its back-off.
    ///
    /// Models kuberuntime_container.go `startContainer` (`generateContainerConfig` failing →
    /// `ErrCreateContainerConfig`, event reason `Failed`) and pod_workers.go `completeWork`
    /// (`wait.Jitter(backOffPeriod, 0.5)` after a sync error).
    pub(crate) fn create_config_error(&mut self, p: PodId, slot: Slot, err: &EnvError) {
        let message = err.message();
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        let key = pod.spec.key.clone();
        let Some(c) = pod.container_mut(slot) else {
            return;
        };
        if let ContainerState::Terminated(t) = &c.state {
            c.last_state = Some(t.clone());
        }
        c.state = ContainerState::Waiting {
            reason: WaitingReason::CreateContainerConfigError,
            message: Some(message.clone()),
        };
        c.ready = false;
        let name = c.spec.name.clone();
        self.record(key, Some(name), EventKind::Failed { message });
        let base = SYNC_ERROR_BACKOFF.as_millis();
        let jitter = self.rng.below(base / 2 + 1);
        let at = self.now + SimDuration::from_millis(base + jitter);
        self.schedule(at, Wakeup::SyncPod { pod: p });
    }

    /// The environment a container's processes start with (what `env` shows): the running
    /// instance's, or what it would get now.
    pub(crate) fn container_environ(&self, p: PodId, slot: Slot) -> Vec<(String, String)> {
        let Some(pod) = self.pods.get(p) else {
            return Vec::new();
        };
        let Some(c) = pod.container(slot) else {
            return Vec::new();
        };
        if let Some(i) = &c.instance {
            return i.env.clone();
        }
        match self.resolve_env(p, slot, &c.spec) {
            Ok(r) => r.environ,
            Err(_) => process_env(&c.spec.image, &pod.spec.hostname, &[]),
        }
    }
}

fn not_found(kind: RefKind, name: &str) -> EnvError {
    EnvError::NotFound {
        kind,
        name: name.to_owned(),
    }
}

fn missing_key(kind: RefKind, key: &str, ns: &str, name: &str) -> EnvError {
    EnvError::MissingKey {
        kind,
        key: key.to_owned(),
        namespace: ns.to_owned(),
        name: name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn error_texts() {
        assert_eq!(
            not_found(RefKind::ConfigMap, "x").message(),
            "configmap \"x\" not found"
        );
        assert_eq!(
            not_found(RefKind::Secret, "s").message(),
            "secret \"s\" not found"
        );
        assert_eq!(
            missing_key(RefKind::ConfigMap, "y", "default", "x").message(),
            "couldn't find key y in ConfigMap default/x"
        );
    }

    #[test]
    fn runtime_order_path_hostname_image_kubelet_home() {
        let env = process_env(
            &ImageRef::parse("nginx"),
            "web",
            &[("A".into(), "1".into()), ("PATH".into(), "/x".into())],
        );
        let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["PATH", "HOSTNAME", "NGINX_VERSION", "A", "HOME"]);
        assert_eq!(env.first().map(|(_, v)| v.as_str()), Some("/x"));
    }
}
