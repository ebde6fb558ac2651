//! Static pods: the kubelet's file source reading the pod manifests in its static pod path
//! (kubernetes pkg/kubelet/config/file.go `extractFromDir`, `extractFromFile`; common.go
//! `applyDefaults`), the kubelet's flags as `systemctl restart kubelet` reads them again,
//! and each static pod's mirror pod in the API (pkg/kubelet/pod/mirror_client.go
//! `CreateMirrorPod`), which the kubelet makes again when someone deletes it.
//!
//! The world keeps one `Pod` for a static pod and its mirror: the kubelet's pod runs, the
//! API shows its mirror, whose creation time is `Pod::created_at` (a deleted mirror comes
//! back new, the containers keep running). The file source's watch (inotify) is modelled by
//! looking at the directory after each line typed on the node.

use crate::model::sort::CollectMap;
use podscope_collections::Map;
use std::collections::BTreeMap;

use crate::model::ids::PodId;
use crate::sim::world::World;

/// kubeadm's `staticPodPath` in /var/lib/kubelet/config.yaml (cmd/kubeadm constants
/// `KubernetesDir` + `ManifestsSubDirName`).
pub const DEFAULT_STATIC_POD_PATH: &str = "/etc/kubernetes/manifests";

/// The environment file kubeadm's systemd drop-in (10-kubeadm.conf,
/// `EnvironmentFile=-/etc/default/kubelet`) reads `KUBELET_EXTRA_ARGS` from on Debian
/// and Ubuntu: the place for the page's `--pod-manifest-path` flag.
pub const KUBELET_DEFAULTS_FILE: &str = "/etc/default/kubelet";

/// Where a static pod came from: its manifest file and a hash of its text (the kubelet's
/// `kubernetes.io/config.hash`, the static pod's UID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticSource {
    pub file: String,
    pub hash: String,
}

/// Each node's kubelet settings that `systemctl restart kubelet` changes.
#[derive(Clone, Debug, Default)]
pub struct Kubelets {
    /// The static pod path by node index, once a restart read one (else the default).
    pub static_pod_path: Map<usize, String>,
}

/// `--pod-manifest-path` in a `KUBELET_EXTRA_ARGS=…` line of the environment file
/// (`--pod-manifest-path=DIR` or `--pod-manifest-path DIR`; the flag overrides the config
/// file's `staticPodPath`, kubelet options.go).
pub fn manifest_path_flag(env_file: &str) -> Option<String> {
    let line = env_file
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("KUBELET_EXTRA_ARGS="))?;
    let line = line.trim_matches(|c| c == '"' || c == '\'');
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        let w = w.trim_start_matches('-');
        if let Some(v) = w.strip_prefix("pod-manifest-path=") {
            return Some(v.to_owned());
        }
        if w == "pod-manifest-path" {
            return words.next().map(str::to_owned);
        }
    }
    None
}

/// A stand-in for the kubelet's MD5 of the pod, node and source (common.go
/// `applyDefaults`): 32 hex digits from the file's text and the node's name.
fn config_hash(text: &str, node: &str) -> String {
    crate::model::stand_in::stand_in(&format!("host:{node}file:{text}"), b"0123456789abcdef", 32)
}

impl World {
    /// `systemctl restart kubelet` on node `node`: the kubelet starts again with the flags
    /// its environment file gives and lists its static pod path at once.
    pub(crate) fn restart_kubelet(&mut self, node: usize) {
        let flag = self
            .sessions
            .nodes
            .files(node)
            .and_then(|f| f.read(KUBELET_DEFAULTS_FILE).ok())
            .and_then(manifest_path_flag);
        match flag {
            Some(path) => {
                let path = podscope_shell::resolve_path("/", &path);
                self.kubelets.static_pod_path.insert(node, path);
            }
            None => {
                self.kubelets.static_pod_path.remove(&node);
            }
        }
        self.sync_static_pods(node);
    }

    /// The static pod path node `node`'s kubelet reads.
    pub fn static_pod_path(&self, node: usize) -> &str {
        self.kubelets
            .static_pod_path
            .get(&node)
            .map_or(DEFAULT_STATIC_POD_PATH, String::as_str)
    }

    /// The file source's look at node `node`'s static pod path: a new or changed manifest
    /// starts its pod (a changed one replaces the old), a removed one stops it. Files whose
    /// names start with `.` are skipped, as are files that are not one valid Pod (the
    /// kubelet logs them).
    pub(crate) fn sync_static_pods(&mut self, node: usize) {
        let Some(node_name) = self.nodes().get(node).map(|n| n.name.clone()) else {
            return;
        };
        let dir = self.static_pod_path(node).trim_end_matches('/').to_owned();
        let manifests: BTreeMap<String, String> = self
            .sessions
            .nodes
            .files(node)
            .map(|f| {
                f.files_under(&dir)
                    .into_iter()
                    .filter(|(name, _)| !name.contains('/') && !name.starts_with('.'))
                    .map(|(name, text)| (format!("{dir}/{name}"), text))
                    .collect_map()
            })
            .unwrap_or_default();
        let running: Vec<(PodId, StaticSource)> = self
            .pods
            .iter()
            .filter(|(_, p)| p.node == Some(node))
            .filter_map(|(id, p)| Some((id, p.static_source.clone()?)))
            .collect();
        let mut kept = Vec::new();
        for (id, source) in running {
            let same = manifests
                .get(&source.file)
                .is_some_and(|text| config_hash(text, &node_name) == source.hash);
            if same {
                kept.push(source.file);
            } else if self.pods.get(id).is_some_and(|p| p.deletion.is_none()) {
                // The pod's source is gone (or changed): the kubelet kills it and deletes
                // its mirror (a changed pod is a delete and a create).
                self.delete_pod_gracefully(id, None);
            }
        }
        for (file, text) in manifests {
            if kept.contains(&file) {
                continue;
            }
            self.start_static_pod(node, &node_name, &file, &text);
        }
    }

    /// A static pod from one manifest, as common.go `applyDefaults` makes it: named
    /// `NAME-NODE`, in `default` unless it names a namespace, bound to the node, with the
    /// `kubernetes.io/config.*` annotations its mirror pod carries.
    fn start_static_pod(&mut self, node: usize, node_name: &str, file: &str, text: &str) {
        let loaded = crate::admission::load::load(text, self.rng.next_u64());
        let [spec] = loaded.pods.as_slice() else {
            return;
        };
        if loaded.has_errors() || !loaded.cluster.workloads.is_empty() {
            return;
        }
        let mut spec = spec.clone();
        let hash = config_hash(text, node_name);
        let old_name = spec.key.name.clone();
        spec.key.name = format!("{old_name}-{node_name}");
        if spec.hostname == old_name {
            spec.hostname = spec.key.name.chars().take(63).collect();
        }
        if self.pod_id(&spec.key).is_some() {
            return;
        }
        let seen = crate::sim::volumes::rfc3339_nano(self.now);
        let api = &mut spec.api;
        api.metadata.name = Some(spec.key.name.clone());
        api.metadata.namespace = Some(spec.key.namespace.clone());
        let annotations = api.metadata.annotations.get_or_insert_with(BTreeMap::new);
        for (k, v) in [
            ("kubernetes.io/config.hash", hash.clone()),
            ("kubernetes.io/config.mirror", hash.clone()),
            ("kubernetes.io/config.seen", seen),
            ("kubernetes.io/config.source", "file".to_owned()),
        ] {
            annotations.insert(k.to_owned(), v);
        }
        api.spec.get_or_insert_with(Default::default).node_name = Some(node_name.to_owned());
        let key = spec.key.clone();
        self.admit(spec);
        if let Some(id) = self.pod_id(&key)
            && let Some(p) = self.pods.get_mut(id)
        {
            p.static_source = Some(StaticSource {
                file: file.to_owned(),
                hash,
            });
            if p.node != Some(node) {
                p.static_source = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn reads_the_flag_from_the_environment_file() {
        for (file, want) in [
            (
                "KUBELET_EXTRA_ARGS=--pod-manifest-path=/etc/kubelet.d/\n",
                Some("/etc/kubelet.d/"),
            ),
            (
                "KUBELET_EXTRA_ARGS=\"--v=2 --pod-manifest-path /srv/m\"",
                Some("/srv/m"),
            ),
            ("# none\nKUBELET_EXTRA_ARGS=--v=2\n", None),
            ("", None),
        ] {
            assert_eq!(manifest_path_flag(file).as_deref(), want, "{file:?}");
        }
    }
}
