//! What each kind of volume projects: the files of a configMap, secret, downwardAPI or
//! projected volume, with their modes, before the atomic writer puts them on disk.
//!
//! Models pkg/volume/configmap/configmap.go and pkg/volume/secret/secret.go `MakePayload`,
//! pkg/volume/downwardapi/downwardapi.go `CollectData`, and
//! pkg/volume/projected/projected.go `collectData`.

use k8s_openapi::api::core::v1 as api;

use crate::sim::env::fields::{self, Allocatable, PodFacts};
use crate::sim::fs::KeyFiles;
use crate::sim::volumes::atomic::{FileProjection, Payload};

/// `DefaultMode` of configMap, secret, downwardAPI and projected volumes: 0644
/// (k8s.io/api core/v1 `ConfigMapVolumeSourceDefaultMode` and its siblings).
pub const DEFAULT_MODE: u32 = 0o644;

/// What a volume reads: the pod's ConfigMaps and Secrets, its own facts, the node's
/// allocatable, and the service-account token the kubelet requested.
pub(crate) struct Inputs<'a> {
    pub config_map: &'a dyn Fn(&str) -> Option<KeyFiles>,
    pub secret: &'a dyn Fn(&str) -> Option<KeyFiles>,
    pub facts: &'a PodFacts<'a>,
    pub pod: &'a api::PodSpec,
    pub node: Allocatable,
    /// The token for a `serviceAccountToken` source of `expirationSeconds`.
    pub token: &'a dyn Fn(i64) -> String,
}

/// Why a volume could not be set up (the kubelet's `MountVolume.SetUp failed` message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetUpError {
    /// A ConfigMap or Secret the volume needs does not exist and is not optional.
    NotFound { kind: &'static str, name: String },
    /// An `items` key the object lacks (`configmap references non-existent config key`).
    MissingKey { kind: &'static str, key: String },
}

impl SetUpError {
    /// The error text after `MountVolume.SetUp failed for volume "NAME" : `
    /// (configmap.go `SetUpAt`; the not-found text is the API server's NotFound status).
    pub fn message(&self) -> String {
        match self {
            SetUpError::NotFound { kind, name } => format!("{kind} \"{name}\" not found"),
            SetUpError::MissingKey { kind, key } => {
                format!("{kind} references non-existent config key: {key}")
            }
        }
    }
}

/// An explicit mode, masked to permission bits as the API validates them (0–0777).
fn mode(m: Option<i32>, default: u32) -> u32 {
    m.and_then(|m| u32::try_from(m).ok())
        .map_or(default, |m| m & 0o777)
}

/// `MakePayload` of configmap.go / secret.go: every key, or only `items` (each to its
/// `path`, with its `mode`); a missing object is an error unless `optional`.
fn key_payload(
    kind: &'static str,
    name: &str,
    data: Option<KeyFiles>,
    items: Option<&Vec<api::KeyToPath>>,
    optional: bool,
    default_mode: u32,
    out: &mut Payload,
) -> Result<(), SetUpError> {
    let Some(data) = data else {
        return if optional {
            Ok(())
        } else {
            Err(SetUpError::NotFound {
                kind,
                name: name.to_owned(),
            })
        };
    };
    match items.filter(|i| !i.is_empty()) {
        None => {
            for (k, v) in data {
                out.insert(
                    k,
                    FileProjection {
                        data: v,
                        mode: default_mode,
                    },
                );
            }
        }
        Some(items) => {
            for item in items {
                match data.get(&item.key) {
                    Some(v) => {
                        out.insert(
                            item.path.clone(),
                            FileProjection {
                                data: v.clone(),
                                mode: mode(item.mode, default_mode),
                            },
                        );
                    }
                    None if optional => {}
                    None => {
                        return Err(SetUpError::MissingKey {
                            kind,
                            key: item.key.clone(),
                        });
                    }
                }
            }
        }
    }
    Ok(())
}

/// downwardapi.go `CollectData`: each item's `fieldRef` (fieldpath
/// `ExtractFieldPathAsString`) or `resourceFieldRef` (with the node's allocatable for a
/// limit left out). A field the kubelet cannot read leaves the file out.
fn downward_payload(
    items: &[api::DownwardAPIVolumeFile],
    default_mode: u32,
    inputs: &Inputs<'_>,
    out: &mut Payload,
) {
    let first = inputs.pod.containers.first();
    for item in items {
        let value = if let Some(f) = &item.field_ref {
            fields::field_value(&f.field_path, inputs.facts).ok()
        } else if let (Some(r), Some(own)) = (&item.resource_field_ref, first) {
            fields::resource_value(r, inputs.pod, own, inputs.node).ok()
        } else {
            None
        };
        if let Some(data) = value {
            out.insert(
                item.path.clone(),
                FileProjection {
                    data,
                    mode: mode(item.mode, default_mode),
                },
            );
        }
    }
}

/// The payload of one volume, `None` for kinds the atomic writer does not write
/// (emptyDir, hostPath, …).
pub(crate) fn of_volume(
    v: &api::Volume,
    inputs: &Inputs<'_>,
) -> Option<Result<Payload, SetUpError>> {
    let mut out = Payload::new();
    let result = if let Some(cm) = &v.config_map {
        key_payload(
            "configmap",
            &cm.name,
            (inputs.config_map)(&cm.name),
            cm.items.as_ref(),
            cm.optional == Some(true),
            mode(cm.default_mode, DEFAULT_MODE),
            &mut out,
        )
    } else if let Some(s) = &v.secret {
        let name = s.secret_name.clone().unwrap_or_default();
        key_payload(
            "secret",
            &name,
            (inputs.secret)(&name),
            s.items.as_ref(),
            s.optional == Some(true),
            mode(s.default_mode, DEFAULT_MODE),
            &mut out,
        )
    } else if let Some(d) = &v.downward_api {
        downward_payload(
            d.items.as_deref().unwrap_or_default(),
            mode(d.default_mode, DEFAULT_MODE),
            inputs,
            &mut out,
        );
        Ok(())
    } else if let Some(p) = &v.projected {
        projected(p, inputs, &mut out)
    } else {
        return None;
    };
    Some(result.map(|()| out))
}

/// projected.go `collectData`: the sources in order, each with the volume's default mode.
fn projected(
    p: &api::ProjectedVolumeSource,
    inputs: &Inputs<'_>,
    out: &mut Payload,
) -> Result<(), SetUpError> {
    let default_mode = mode(p.default_mode, DEFAULT_MODE);
    for src in p.sources.iter().flatten() {
        if let Some(cm) = &src.config_map {
            key_payload(
                "configmap",
                &cm.name,
                (inputs.config_map)(&cm.name),
                cm.items.as_ref(),
                cm.optional == Some(true),
                default_mode,
                out,
            )?;
        }
        if let Some(s) = &src.secret {
            key_payload(
                "secret",
                &s.name,
                (inputs.secret)(&s.name),
                s.items.as_ref(),
                s.optional == Some(true),
                default_mode,
                out,
            )?;
        }
        if let Some(d) = &src.downward_api {
            downward_payload(
                d.items.as_deref().unwrap_or_default(),
                default_mode,
                inputs,
                out,
            );
        }
        if let Some(t) = &src.service_account_token {
            // The API server's default `expirationSeconds` is one hour.
            let secs = t.expiration_seconds.unwrap_or(3600);
            out.insert(
                t.path.clone(),
                FileProjection {
                    data: (inputs.token)(secs),
                    mode: default_mode,
                },
            );
        }
    }
    Ok(())
}
