//! PersistentVolumes and their claims in the running world: created by `kubectl apply`,
//! bound by the PersistentVolume controller, deleted by `kubectl delete`, and a pod's
//! `persistentVolumeClaim` volume resolved to the node directory of its hostPath volume.
//!
//! Binding follows pkg/controller/volume/persistentvolume/pv_controller.go `syncUnboundClaim`
//! (a claim without `volumeName` takes the best match, then both are marked Bound) and
//! pkg/controller/volume/persistentvolume/util `FindMatchingVolume` (same storage class,
//! every access mode the claim asks for, capacity at least the request; the smallest such
//! volume wins). The controller reacts to the claim's add event at once, so podscope binds
//! in the same instant. Deleting a bound claim leaves its `Retain` volume `Released`
//! (`reclaimVolume`); the claim protection finalizer (a claim in use by a pod stays until
//! the pod is gone) is not modelled.

use crate::model::cluster::{
    ClaimPhase, PersistentVolumeClaimSpec, PersistentVolumeSpec, VolumePhase,
};
use crate::model::ids::ObjectKey;
use crate::sim::world::World;

/// Whether `pv` can be bound to `claim` (`FindMatchingVolume`'s checks podscope models).
fn matches(pv: &PersistentVolumeSpec, claim: &PersistentVolumeClaimSpec) -> bool {
    pv.phase == VolumePhase::Available
        && pv.claim.is_none()
        && pv.storage_class == claim.storage_class
        && claim
            .access_modes
            .iter()
            .all(|m| pv.access_modes.contains(m))
        && pv.capacity.nanos() >= claim.request.nanos()
}

impl World {
    /// A PersistentVolume applied: created now, or its spec replaced (its binding kept).
    pub(crate) fn put_persistent_volume(&mut self, new: &PersistentVolumeSpec) -> Option<bool> {
        let now = self.now;
        let list = &mut self.cluster.persistent_volumes;
        match list.iter_mut().find(|v| v.name == new.name) {
            None => {
                list.push(PersistentVolumeSpec {
                    created_at: now,
                    ..new.clone()
                });
                None
            }
            Some(old) => {
                let updated = PersistentVolumeSpec {
                    created_at: old.created_at,
                    phase: old.phase,
                    claim: old.claim.clone(),
                    ..new.clone()
                };
                let changed = *old != updated;
                *old = updated;
                Some(changed)
            }
        }
    }

    /// A PersistentVolumeClaim applied: created now (`None`), or `Some(changed)`.
    pub(crate) fn put_persistent_volume_claim(
        &mut self,
        new: &PersistentVolumeClaimSpec,
    ) -> Option<bool> {
        let now = self.now;
        let list = &mut self.cluster.persistent_volume_claims;
        match list.iter_mut().find(|c| c.key == new.key) {
            None => {
                list.push(PersistentVolumeClaimSpec {
                    created_at: now,
                    ..new.clone()
                });
                None
            }
            Some(old) => {
                let updated = PersistentVolumeClaimSpec {
                    created_at: old.created_at,
                    phase: old.phase,
                    volume: old.volume.clone(),
                    ..new.clone()
                };
                let changed = *old != updated;
                *old = updated;
                Some(changed)
            }
        }
    }

    /// The PersistentVolume controller's pass over the unbound claims.
    pub(crate) fn bind_claims(&mut self) {
        let cluster = &mut self.cluster;
        for claim in cluster
            .persistent_volume_claims
            .iter_mut()
            .filter(|c| c.phase == ClaimPhase::Pending)
        {
            let best = match &claim.volume {
                // A claim that names its volume binds to it when it is free
                // (`syncUnboundClaim`, "volume requested").
                Some(name) => cluster
                    .persistent_volumes
                    .iter_mut()
                    .find(|v| &v.name == name && matches(v, claim)),
                None => cluster
                    .persistent_volumes
                    .iter_mut()
                    .filter(|v| matches(v, claim))
                    .min_by_key(|v| v.capacity.nanos()),
            };
            if let Some(pv) = best {
                pv.phase = VolumePhase::Bound;
                pv.claim = Some(claim.key.clone());
                claim.phase = ClaimPhase::Bound;
                claim.volume = Some(pv.name.clone());
            }
        }
    }

    /// `kubectl delete pvc`: the claim goes; its volume is `Released`.
    pub(crate) fn delete_claim(&mut self, key: &ObjectKey) {
        self.cluster
            .persistent_volume_claims
            .retain(|c| &c.key != key);
        for pv in &mut self.cluster.persistent_volumes {
            if pv.claim.as_ref() == Some(key) {
                pv.phase = VolumePhase::Released;
            }
        }
    }

    /// The files node `node`'s shell made under `dir`, by their path relative to it: what
    /// a hostPath volume of that directory holds when the kubelet sets it up.
    pub(crate) fn node_files_under(&self, node: usize, dir: &str) -> crate::sim::fs::KeyFiles {
        self.sessions
            .nodes
            .files(node)
            .map(|f| f.files_under(dir))
            .unwrap_or_default()
    }

    /// The bound volume of claim `name` in `namespace`.
    pub fn claimed_volume(&self, namespace: &str, name: &str) -> Option<&PersistentVolumeSpec> {
        let claim = self
            .cluster
            .persistent_volume_claims
            .iter()
            .find(|c| c.key.namespace == namespace && c.key.name == name)?;
        let volume = claim.volume.as_deref()?;
        self.cluster
            .persistent_volumes
            .iter()
            .find(|v| v.name == volume && v.claim.as_ref() == Some(&claim.key))
    }
}
