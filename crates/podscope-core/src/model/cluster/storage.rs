//! PersistentVolumes and PersistentVolumeClaims as the API server holds them, with the
//! status the PersistentVolume controller gives them (phase, the claim a volume is bound
//! to, the volume a claim is bound to) and the access modes as kubectl abbreviates them.

use crate::model::sort::CompactSort;
use k8s_openapi::api::core::v1 as api;

use crate::model::resources::ParsedQuantity;
use crate::model::time::SimTime;
use crate::model::validate::{self, FieldError};

use super::ObjectKey;

/// A volume's or a claim's access modes, in the order `GetAccessModesAsString` checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccessMode {
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod,
}

impl AccessMode {
    fn parse(s: &str) -> Option<AccessMode> {
        Some(match s {
            "ReadWriteOnce" => AccessMode::ReadWriteOnce,
            "ReadOnlyMany" => AccessMode::ReadOnlyMany,
            "ReadWriteMany" => AccessMode::ReadWriteMany,
            "ReadWriteOncePod" => AccessMode::ReadWriteOncePod,
            _ => return None,
        })
    }

    /// The API's name (`ReadWriteOnce`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "ReadWriteOnce",
            AccessMode::ReadOnlyMany => "ReadOnlyMany",
            AccessMode::ReadWriteMany => "ReadWriteMany",
            AccessMode::ReadWriteOncePod => "ReadWriteOncePod",
        }
    }

    fn short(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "RWO",
            AccessMode::ReadOnlyMany => "ROX",
            AccessMode::ReadWriteMany => "RWX",
            AccessMode::ReadWriteOncePod => "RWOP",
        }
    }
}

/// pkg/apis/core/helper `GetAccessModesAsString`: `RWO,ROX,RWX,RWOP`, each once, in that
/// order.
pub fn access_modes_string(modes: &[AccessMode]) -> String {
    let mut m: Vec<AccessMode> = modes.to_vec();
    m.sort_compact();
    m.dedup();
    m.iter().map(|a| a.short()).collect::<Vec<_>>().join(",")
}

fn access_modes(
    list: Option<&Vec<String>>,
    path: &str,
    errs: &mut Vec<FieldError>,
) -> Vec<AccessMode> {
    let mut out = Vec::new();
    for (i, m) in list.into_iter().flatten().enumerate() {
        match AccessMode::parse(m) {
            Some(a) => out.push(a),
            None => errs.push(FieldError::unsupported(
                format!("{path}[{i}]"),
                m.as_str(),
                &[
                    "ReadOnlyMany",
                    "ReadWriteMany",
                    "ReadWriteOnce",
                    "ReadWriteOncePod",
                ],
            )),
        }
    }
    if out.is_empty() && errs.is_empty() {
        errs.push(FieldError::required(path));
    }
    out
}

/// A PersistentVolume's phase (`PersistentVolumePhase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolumePhase {
    Available,
    Bound,
    Released,
}

impl VolumePhase {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumePhase::Available => "Available",
            VolumePhase::Bound => "Bound",
            VolumePhase::Released => "Released",
        }
    }
}

/// A PersistentVolume.
#[derive(Clone, Debug, PartialEq)]
pub struct PersistentVolumeSpec {
    pub name: String,
    /// `spec.capacity.storage`.
    pub capacity: ParsedQuantity,
    pub access_modes: Vec<AccessMode>,
    /// `persistentVolumeReclaimPolicy` (`Retain`, the default for a volume made by hand).
    pub reclaim_policy: String,
    /// `storageClassName` (empty: none).
    pub storage_class: String,
    /// `hostPath.path`, the node directory the volume is.
    pub host_path: Option<String>,
    pub created_at: SimTime,
    pub phase: VolumePhase,
    /// `spec.claimRef`: the claim it is bound to.
    pub claim: Option<ObjectKey>,
}

/// A PersistentVolumeClaim's phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimPhase {
    Pending,
    Bound,
    Lost,
}

impl ClaimPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimPhase::Pending => "Pending",
            ClaimPhase::Bound => "Bound",
            ClaimPhase::Lost => "Lost",
        }
    }
}

/// A PersistentVolumeClaim.
#[derive(Clone, Debug, PartialEq)]
pub struct PersistentVolumeClaimSpec {
    pub key: ObjectKey,
    pub access_modes: Vec<AccessMode>,
    /// `spec.resources.requests.storage`.
    pub request: ParsedQuantity,
    pub storage_class: String,
    pub created_at: SimTime,
    pub phase: ClaimPhase,
    /// `spec.volumeName`: the volume it is bound to.
    pub volume: Option<String>,
}

fn storage(
    map: Option<
        &std::collections::BTreeMap<
            String,
            k8s_openapi::apimachinery::pkg::api::resource::Quantity,
        >,
    >,
    path: &str,
    errs: &mut Vec<FieldError>,
) -> ParsedQuantity {
    match map.and_then(|m| m.get("storage")) {
        None => {
            errs.push(FieldError::required(path));
            ParsedQuantity::ZERO
        }
        Some(q) => match ParsedQuantity::parse_json(&q.0) {
            Ok(p) => p,
            Err(e) => {
                errs.push(FieldError::invalid(path, q.0.as_str(), e.message()));
                ParsedQuantity::ZERO
            }
        },
    }
}

/// Converts and validates a PersistentVolume (validation.go `ValidatePersistentVolume`'s
/// required fields: capacity, access modes); defaults `persistentVolumeReclaimPolicy` to
/// `Retain` (`SetDefaults_PersistentVolume`).
pub fn persistent_volume_from_api(
    pv: &api::PersistentVolume,
) -> Result<PersistentVolumeSpec, Vec<FieldError>> {
    let (name, _, mut errs) = validate::object_meta(&pv.metadata);
    let spec = pv.spec.clone().unwrap_or_default();
    let capacity = storage(spec.capacity.as_ref(), "spec.capacity", &mut errs);
    let modes = access_modes(spec.access_modes.as_ref(), "spec.accessModes", &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(PersistentVolumeSpec {
        name,
        capacity,
        access_modes: modes,
        reclaim_policy: spec
            .persistent_volume_reclaim_policy
            .unwrap_or_else(|| "Retain".to_owned()),
        storage_class: spec.storage_class_name.unwrap_or_default(),
        host_path: spec.host_path.map(|h| h.path),
        created_at: SimTime::ZERO,
        phase: VolumePhase::Available,
        claim: None,
    })
}

/// Converts and validates a PersistentVolumeClaim (`ValidatePersistentVolumeClaimSpec`'s
/// required access modes and storage request).
pub fn persistent_volume_claim_from_api(
    pvc: &api::PersistentVolumeClaim,
) -> Result<PersistentVolumeClaimSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&pvc.metadata);
    let spec = pvc.spec.clone().unwrap_or_default();
    let modes = access_modes(spec.access_modes.as_ref(), "spec.accessModes", &mut errs);
    let request = storage(
        spec.resources.as_ref().and_then(|r| r.requests.as_ref()),
        "spec.resources[storage]",
        &mut errs,
    );
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(PersistentVolumeClaimSpec {
        key: ObjectKey { namespace, name },
        access_modes: modes,
        request,
        storage_class: spec.storage_class_name.unwrap_or_default(),
        created_at: SimTime::ZERO,
        phase: ClaimPhase::Pending,
        volume: spec.volume_name.filter(|v| !v.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn access_modes_print_in_the_helpers_order() {
        assert_eq!(
            access_modes_string(&[
                AccessMode::ReadWriteOncePod,
                AccessMode::ReadWriteOnce,
                AccessMode::ReadOnlyMany,
                AccessMode::ReadWriteOnce
            ]),
            "RWO,ROX,RWOP"
        );
        assert_eq!(access_modes_string(&[]), "");
    }
}
