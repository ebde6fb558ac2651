//! What the kubelet writes into a pod's configMap, secret, downwardAPI and projected volumes
//! (and the service-account token volume), and when it writes it again: at setup, then on
//! the pod's periodic resync after a ConfigMap or Secret it mounts changed.
//!
//! Models pkg/kubelet/volumemanager (the reconciler's `MountVolume.SetUp`, remounts of
//! volumes whose plugin `RequiresRemount`) over pkg/volume/{configmap,secret,downwardapi,
//! projected} and pkg/volume/util/atomic_writer.go (`volumes/atomic.rs`).

pub mod atomic;
pub mod payload;
pub mod token;

use crate::model::sort::CompactSort;

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::PodId;
use crate::model::time::{SimDuration, SimTime};
use crate::sim::env::fields::{Allocatable, PodFacts};
use crate::sim::fs::{Mount, Tree, Volume, VolumeKind};
use crate::sim::world::{Pod, Slot, Wakeup, World};

/// The kubelet's `syncFrequency` (KubeletConfiguration default `1m`): each pod worker
/// requeues its pod this long after a sync, jittered by `workerResyncIntervalJitterFactor`
/// = 0.5 (pkg/kubelet/pod_workers.go; `wait.Jitter`: 60 to 90 s). With the default
/// `configMapAndSecretChangeDetectionStrategy: Watch` the kubelet's object cache is current,
/// so a changed ConfigMap reaches the files at the pod's next periodic sync.
pub const SYNC_FREQUENCY: SimDuration = SimDuration::from_secs(60);
const RESYNC_JITTER_FACTOR_PERCENT: u64 = 50;

/// The annotations the kubelet's pod config adds to every pod it runs
/// (pkg/kubelet/types/pod_update.go `ConfigSourceAnnotationKey`,
/// `ConfigFirstSeenAnnotationKey`), which the downward API reads with the pod's own.
const CONFIG_SOURCE: &str = "kubernetes.io/config.source";
const CONFIG_SEEN: &str = "kubernetes.io/config.seen";

/// Go's `time.RFC3339Nano` in UTC (trailing zeros of the fraction dropped), as
/// pkg/kubelet/types `Timestamp.GetString` writes `config.seen`.
pub(crate) fn rfc3339_nano(t: SimTime) -> String {
    let base = crate::model::humanize::rfc3339(t);
    let ms = t.as_millis() % 1000;
    if ms == 0 {
        return base;
    }
    let frac = format!("{ms:03}");
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac}Z", base.trim_end_matches('Z'))
}

/// The name of the pod's token volume: the `kube-api-access-…` volume it already has, else
/// the one admission adds; `None` when it gets none (`automountServiceAccountToken: false`
/// or every container mounts something at the token path).
pub fn token_volume_name(pod: &Pod) -> Option<String> {
    let spec = pod.spec.api.spec.as_ref()?;
    if crate::model::resources::is_mirror_pod(&pod.spec.api) {
        return None;
    }
    if let Some(v) = spec
        .volumes
        .iter()
        .flatten()
        .find(|v| v.name.starts_with("kube-api-access-"))
    {
        return Some(v.name.clone());
    }
    if !token::automounts(spec) {
        return None;
    }
    let wants = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .any(|c| !mounts_token_path(c));
    wants.then(|| crate::model::stand_in::kube_api_access(pod.uid.as_str()))
}

fn mounts_token_path(c: &api::Container) -> bool {
    c.volume_mounts
        .iter()
        .flatten()
        .any(|m| m.mount_path == token::MOUNT_PATH)
}

/// admission.go `mountServiceAccountToken`: every init and app container without a mount at
/// the token path gets the token volume read-only there; ephemeral containers never do.
pub fn add_token_mount(pod: &Pod, slot: Slot, mounts: &mut Vec<Mount>) {
    let Some(spec) = pod.spec.api.spec.as_ref() else {
        return;
    };
    let c = match slot {
        Slot::App(i) => spec.containers.get(i),
        Slot::Init(i) => spec.init_containers.as_ref().and_then(|v| v.get(i)),
        Slot::Ephemeral(_) => None,
    };
    let Some(c) = c else {
        return;
    };
    let has_own = spec
        .volumes
        .iter()
        .flatten()
        .any(|v| v.name.starts_with("kube-api-access-"));
    if has_own || !token::automounts(spec) || mounts_token_path(c) {
        return;
    }
    let Some(volume) = token_volume_name(pod) else {
        return;
    };
    mounts.push(Mount {
        path: token::MOUNT_PATH.to_owned(),
        volume,
        read_only: true,
        sub_path: String::new(),
    });
    mounts.sort_compact_by_key(|m| std::cmp::Reverse(m.path.len()));
}

impl World {
    /// The API volumes the atomic writer fills, the token volume included.
    fn atomic_volumes(&self, pod: &Pod) -> Vec<api::Volume> {
        let mut out: Vec<api::Volume> = pod
            .spec
            .api
            .spec
            .as_ref()
            .and_then(|s| s.volumes.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|v| {
                v.config_map.is_some()
                    || v.secret.is_some()
                    || v.downward_api.is_some()
                    || v.projected.is_some()
            })
            .collect();
        if let Some(name) = token_volume_name(pod)
            && !out.iter().any(|v| v.name == name)
        {
            out.push(token::volume(&name));
        }
        out
    }

    /// Each atomic volume's payload as the kubelet would build it now.
    fn volume_payloads(
        &self,
        p: PodId,
    ) -> Vec<(String, Result<atomic::Payload, payload::SetUpError>)> {
        let Some(pod) = self.pods.get(p) else {
            return Vec::new();
        };
        let Some(node) = self.node_of(pod).or_else(|| self.nodes().first()) else {
            return Vec::new();
        };
        let ns = pod.spec.key.namespace.as_str();
        let empty = api::PodSpec::default();
        let api_pod = pod.spec.api.spec.as_ref().unwrap_or(&empty);
        let seen = pod.scheduled_at.unwrap_or(pod.created_at);
        let mut annotations = pod
            .spec
            .api
            .metadata
            .annotations
            .clone()
            .unwrap_or_default();
        annotations.insert(CONFIG_SEEN.to_owned(), rfc3339_nano(seen));
        annotations.insert(CONFIG_SOURCE.to_owned(), "api".to_owned());
        let service_account = api_pod
            .service_account_name
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("default");
        let facts = PodFacts {
            name: &pod.spec.key.name,
            namespace: ns,
            uid: pod.uid.as_str(),
            labels: &pod.spec.labels,
            annotations: Some(&annotations),
            node_name: &node.name,
            service_account,
            pod_ip: pod
                .ip
                .map_or_else(|| node.internal_ip.to_string(), |ip| ip.to_string()),
            host_ip: node.internal_ip.to_string(),
        };
        let config_map = |name: &str| {
            self.config_map_data(ns, name).or_else(|| {
                // The root-CA publisher's ConfigMap exists in every namespace.
                (name == token::ROOT_CA_CONFIG_MAP).then(|| {
                    std::collections::BTreeMap::from([(
                        token::ROOT_CA_KEY.to_owned(),
                        token::root_ca(),
                    )])
                })
            })
        };
        let secret = |name: &str| self.secret_data(ns, name);
        // The kubelet requests the token when it sets the volume up: issued then, and the
        // same token until it rotates (not modelled).
        let iat = crate::model::humanize::EPOCH_UNIX_SECS
            + i64::try_from(seen.as_millis() / 1000).unwrap_or(0);
        let who = token::Subject {
            namespace: ns,
            service_account,
            pod_name: &pod.spec.key.name,
            pod_uid: pod.uid.as_str(),
            node_name: &node.name,
        };
        let token = |secs: i64| token::token(&who, iat, secs);
        let inputs = payload::Inputs {
            config_map: &config_map,
            secret: &secret,
            facts: &facts,
            pod: api_pod,
            node: Allocatable {
                cpu_milli: node.allocatable.cpu_milli,
                memory_bytes: node.allocatable.memory_bytes,
            },
            token: &token,
        };
        self.atomic_volumes(pod)
            .iter()
            .filter_map(|v| payload::of_volume(v, &inputs).map(|r| (v.name.clone(), r)))
            .collect()
    }

    /// Writes every atomic volume of pod `p` that changed (all of them at setup). Returns
    /// the names of the volumes written.
    pub(crate) fn project_volumes(&mut self, p: PodId) -> Vec<String> {
        let payloads = self.volume_payloads(p);
        let now = self.now;
        let Some(pod) = self.pods.get_mut(p) else {
            return Vec::new();
        };
        let uid = pod.uid.as_str().to_owned();
        let mut written = Vec::new();
        for (name, result) in payloads {
            // A volume whose objects are missing stays as it is (empty at setup).
            let Ok(payload) = result else {
                continue;
            };
            let vol = pod.volumes.entry(name.clone()).or_insert_with(|| Volume {
                name: name.clone(),
                kind: VolumeKind::Projected,
                read_only: true,
                tree: Tree::default(),
            });
            if !vol.tree.links.contains_key(atomic::DATA_DIR) {
                // The flat files `fs::pod_volumes` put there give way to the writer's layout.
                vol.tree = Tree::default();
                // The volume's directory is an emptyDir's: 0777 (pkg/volume/emptydir).
                vol.tree.modes.insert(String::new(), 0o777);
            }
            let ts = || {
                let mut rng = token::rng_for(&format!("{uid}/{name}/{}", now.as_millis()));
                atomic::timestamp_dir_name(now, &mut rng)
            };
            if atomic::write(&mut vol.tree, &payload, ts) {
                written.push(name);
            }
        }
        written
    }

    /// After a ConfigMap or Secret changed: each running pod whose volumes would now read
    /// differently gets its volumes rewritten at its next periodic sync, 60 to 90 s later
    /// (`SYNC_FREQUENCY` jittered as the pod workers do).
    pub(crate) fn schedule_volume_refresh(&mut self) {
        let ids: Vec<PodId> = self
            .pods_with_ids()
            .filter(|(_, pod)| pod.sandbox.is_some() && pod.deletion.is_none())
            .map(|(id, _)| id)
            .collect();
        for p in ids {
            if self
                .queue
                .iter()
                .any(|(_, _, w)| *w == Wakeup::RefreshVolumes { pod: p })
            {
                continue;
            }
            let stale = self.volume_payloads(p).into_iter().any(|(name, r)| {
                let Ok(payload) = r else {
                    return false;
                };
                let Some(vol) = self.pods.get(p).and_then(|pod| pod.volumes.get(&name)) else {
                    return false;
                };
                let mut probe = vol.tree.clone();
                atomic::write(&mut probe, &payload, String::new)
            });
            if !stale {
                continue;
            }
            let Some(uid) = self.pods.get(p).map(|pod| pod.uid.as_str().to_owned()) else {
                continue;
            };
            let mut rng = token::rng_for(&format!("resync/{uid}/{}", self.now.as_millis()));
            let max_jitter = SYNC_FREQUENCY.as_millis() * RESYNC_JITTER_FACTOR_PERCENT / 100;
            let delay = SYNC_FREQUENCY.as_millis() + rng.below(max_jitter);
            self.schedule(
                self.now + SimDuration::from_millis(delay),
                Wakeup::RefreshVolumes { pod: p },
            );
        }
    }

    /// The pod's periodic sync: the volume manager remounts its configMap, secret,
    /// downwardAPI and projected volumes, and the atomic writer swaps in what changed.
    pub(crate) fn refresh_volumes(&mut self, p: PodId) {
        if self
            .pods
            .get(p)
            .is_some_and(|pod| pod.sandbox.is_some() && pod.deletion.is_none())
        {
            self.project_volumes(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn config_seen_is_rfc3339_nano() {
        assert_eq!(rfc3339_nano(SimTime::ZERO), "2026-06-01T10:00:00Z");
        assert_eq!(
            rfc3339_nano(SimTime::from_millis(1_250)),
            "2026-06-01T10:00:01.25Z"
        );
    }
}
