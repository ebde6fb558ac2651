//! Volumes as shared disks under the containers, each mount a line from the container to its
//! disk (read-only marked, subPath shown), and what is behind each disk: the ConfigMap or
//! Secret (and whether it exists), the emptyDir's medium, the hostPath's path, the claim.

use crate::model::cluster::Cluster;
use crate::sim::fs::{self, VolumeKind};
use crate::sim::world::Pod;

use super::geometry::{
    CHAR_W, CONTAINER_W, GAP, Point, Rect, SMALL_LINE_H, TEXT_INSET, TextLine, cut,
};

/// One of the pod's volumes, drawn as a disk.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeDisk {
    pub rect: Rect,
    pub name: String,
    /// What is behind it, one line: `ConfigMap nginx-index`, `emptyDir (Memory)`,
    /// `hostPath /var/log`, `PVC data`.
    pub source: TextLine,
    /// A second line: the keys of a ConfigMap or Secret, or that it does not exist.
    pub detail: Option<TextLine>,
    pub title_at: Point,
    /// The ConfigMap or Secret it names is missing from the cluster.
    pub missing: bool,
}

/// One `volumeMounts` entry: its text under the container, and the line to its disk.
#[derive(Clone, Debug, PartialEq)]
pub struct MountLine {
    pub container: String,
    pub volume: String,
    /// `/var/log/nginx (ro)`, `/etc/x.conf (ro) subPath x.conf`, cut to the column.
    pub text: TextLine,
    pub read_only: bool,
    pub sub_path: Option<String>,
    pub from: Point,
    pub to: Point,
}

const DISK_W: f32 = 190.0;
pub(super) const DISK_H: f32 = 50.0;

/// The pod's volumes as `kubectl describe` reads them from the spec (so a Pending pod shows
/// its volumes too), with each mount's read-only flag as the kubelet mounts it
/// (`fs::container_mounts`: configMap, secret, projected and downwardAPI are always ro).
pub(super) struct PodVolumes {
    pub disks: Vec<VolumeDisk>,
    pub mounts: Vec<MountLine>,
    /// The height of the mounts band plus the disks' row (zero without volumes).
    pub height: f32,
}

/// Lays out the volumes of `pod` under its containers: each container's mounts as lines of
/// text in its column from `top`, then the disks in a row, each mount joined to its disk.
pub(super) fn pod_volumes(pod: &Pod, cluster: &Cluster, left: f32, top: f32) -> PodVolumes {
    let Some(spec) = pod.spec.api.spec.as_ref() else {
        return PodVolumes {
            disks: Vec::new(),
            mounts: Vec::new(),
            height: 0.0,
        };
    };
    let volumes = fs::pod_volumes(spec, &|_, _| None);
    if volumes.is_empty() {
        return PodVolumes {
            disks: Vec::new(),
            mounts: Vec::new(),
            height: 0.0,
        };
    }
    let per_column = (CONTAINER_W - TEXT_INSET) / CHAR_W;
    let mut mounts = Vec::new();
    let mut most = 0usize;
    for (i, c) in spec.containers.iter().enumerate() {
        let x = left + i as f32 * (CONTAINER_W + GAP) + TEXT_INSET;
        let list = fs::container_mounts(c, &volumes);
        // The order the manifest lists them in (container_mounts sorts innermost first).
        let ordered = c.volume_mounts.iter().flatten().filter_map(|m| {
            list.iter()
                .find(|x| x.path == fs::normalize(&m.mount_path) && x.volume == m.name)
        });
        let mut n = 0usize;
        for m in ordered {
            let ro = if m.read_only { " (ro)" } else { "" };
            let sub = if m.sub_path.is_empty() {
                String::new()
            } else {
                format!(" subPath {}", m.sub_path)
            };
            let at = Point {
                x,
                y: top + SMALL_LINE_H * (n as f32 + 1.0),
            };
            mounts.push(MountLine {
                container: c.name.clone(),
                volume: m.volume.clone(),
                text: TextLine {
                    at,
                    text: cut(&format!("{}{ro}{sub}", m.path), per_column as usize),
                },
                read_only: m.read_only,
                sub_path: (!m.sub_path.is_empty()).then(|| m.sub_path.clone()),
                from: Point {
                    x: x - 4.0,
                    y: at.y - 4.0,
                },
                to: Point { x: 0.0, y: 0.0 },
            });
            n += 1;
        }
        most = most.max(n);
    }
    let disks_y = top + SMALL_LINE_H * most as f32 + GAP;
    let disks: Vec<VolumeDisk> = spec
        .volumes
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| {
            let rect = Rect {
                x: left + i as f32 * (DISK_W + GAP),
                y: disks_y,
                w: DISK_W,
                h: DISK_H,
            };
            let kind = volumes.get(&v.name).map(|x| x.kind.clone());
            let (source, detail, missing) =
                behind(v, kind.as_ref(), cluster, &pod.spec.key.namespace);
            let text_x = rect.x + TEXT_INSET;
            let width = ((DISK_W - 2.0 * TEXT_INSET) / CHAR_W) as usize;
            VolumeDisk {
                title_at: Point {
                    x: text_x,
                    y: rect.y + 18.0,
                },
                source: TextLine {
                    at: Point {
                        x: text_x,
                        y: rect.y + 18.0 + SMALL_LINE_H,
                    },
                    text: cut(&source, width),
                },
                detail: detail.map(|d| TextLine {
                    at: Point {
                        x: text_x,
                        y: rect.y + 18.0 + 2.0 * SMALL_LINE_H,
                    },
                    text: cut(&d, width),
                }),
                name: v.name.clone(),
                rect,
                missing,
            }
        })
        .collect();
    for m in &mut mounts {
        if let Some(d) = disks.iter().find(|d| d.name == m.volume) {
            m.to = Point {
                x: d.rect.center().x,
                y: d.rect.y,
            };
        } else {
            // A mount of an undeclared volume (validation reports it): no line.
            m.to = m.from;
        }
    }
    let height = disks_y + DISK_H + 2.0 * SMALL_LINE_H - top;
    PodVolumes {
        disks,
        mounts,
        height,
    }
}

/// What is behind a volume: its source line, a detail line, and whether the object it names
/// is missing.
fn behind(
    v: &k8s_openapi::api::core::v1::Volume,
    kind: Option<&VolumeKind>,
    cluster: &Cluster,
    namespace: &str,
) -> (String, Option<String>, bool) {
    let keys = |keys: Vec<&String>| {
        let n = keys.len();
        let list: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
        let word = if n == 1 { "key" } else { "keys" };
        format!("{n} {word}: {}", list.join(", "))
    };
    match kind {
        Some(VolumeKind::ConfigMap { name }) => {
            match cluster
                .config_maps
                .iter()
                .find(|c| c.key.name == *name && c.key.namespace == namespace)
            {
                Some(cm) => (
                    format!("ConfigMap {name}"),
                    Some(keys(cm.data.keys().chain(&cm.binary_data_keys).collect())),
                    false,
                ),
                None => (
                    format!("ConfigMap {name}"),
                    Some("not found".to_owned()),
                    true,
                ),
            }
        }
        Some(VolumeKind::Secret { name }) => {
            match cluster
                .secrets
                .iter()
                .find(|s| s.key.name == *name && s.key.namespace == namespace)
            {
                Some(s) => (
                    format!("Secret {name}"),
                    Some(keys(s.data.keys().collect())),
                    false,
                ),
                None => (format!("Secret {name}"), Some("not found".to_owned()), true),
            }
        }
        Some(VolumeKind::EmptyDir { memory: true }) => {
            ("emptyDir (medium Memory)".to_owned(), None, false)
        }
        Some(VolumeKind::EmptyDir { memory: false }) => ("emptyDir".to_owned(), None, false),
        Some(VolumeKind::HostPath { path }) => (format!("hostPath {path}"), None, false),
        Some(VolumeKind::Projected) => ("projected".to_owned(), None, false),
        _ => match &v.persistent_volume_claim {
            Some(pvc) => (format!("PVC {}", pvc.claim_name), None, false),
            None => match kind {
                Some(VolumeKind::Other(what)) => ((*what).to_owned(), None, false),
                _ => (String::new(), None, false),
            },
        },
    }
}
