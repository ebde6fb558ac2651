//! `kubectl get pv` and `kubectl get pvc`: printers.go `printPersistentVolume` (NAME
//! CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS
//! REASON AGE, wide VOLUMEMODE) and `printPersistentVolumeClaim` (NAME STATUS VOLUME
//! CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE): a claim's
//! capacity and access modes are its bound volume's (`status`), empty while it is unbound;
//! `VOLUMEATTRIBUTESCLASS` is `<unset>` without `volumeAttributesClassName`, and
//! `VOLUMEMODE` the defaulted `Filesystem` (`SetDefaults_PersistentVolume`).

use crate::model::cluster::access_modes_string;
use crate::model::humanize;
use crate::model::kubectl::Get;
use crate::model::sort::CompactSort;
use crate::sim::world::World;

type Row = (String, Vec<String>);

const UNSET: &str = "<unset>";
const FILESYSTEM: &str = "Filesystem";

/// The PersistentVolumes' table (cluster-scoped: no NAMESPACE column).
pub fn persistent_volumes(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = vec![
        "NAME",
        "CAPACITY",
        "ACCESS MODES",
        "RECLAIM POLICY",
        "STATUS",
        "CLAIM",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "REASON",
        "AGE",
    ];
    if args.wide() {
        header.push("VOLUMEMODE");
    }
    let mut pvs: Vec<_> = world.cluster.persistent_volumes.iter().collect();
    pvs.sort_compact_by(|a, b| a.name.cmp(&b.name));
    let rows = pvs
        .into_iter()
        .filter(|_| args.selector.is_none())
        .map(|v| {
            let claim = v
                .claim
                .as_ref()
                .map(|k| format!("{}/{}", k.namespace, k.name))
                .unwrap_or_default();
            let mut cells = vec![
                v.name.clone(),
                v.capacity.canonical(),
                access_modes_string(&v.access_modes),
                v.reclaim_policy.clone(),
                v.phase.as_str().to_owned(),
                claim,
                v.storage_class.clone(),
                UNSET.to_owned(),
                String::new(),
                humanize::k8s_age(world.now(), v.created_at),
            ];
            if args.wide() {
                cells.push(FILESYSTEM.to_owned());
            }
            (v.name.clone(), cells)
        })
        .collect();
    (header, rows)
}

/// The PersistentVolumeClaims' table.
pub fn persistent_volume_claims(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = vec![
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ];
    if args.all_namespaces {
        header.insert(0, "NAMESPACE");
    }
    if args.wide() {
        header.push("VOLUMEMODE");
    }
    let mut claims: Vec<_> = world
        .cluster
        .persistent_volume_claims
        .iter()
        .filter(|c| args.in_scope(&c.key.namespace) && args.selector.is_none())
        .collect();
    claims.sort_compact_by(|a, b| a.key.cmp(&b.key));
    let rows = claims
        .into_iter()
        .map(|c| {
            let bound = c
                .volume
                .as_deref()
                .and_then(|_| world.claimed_volume(&c.key.namespace, &c.key.name));
            let mut cells = vec![
                c.key.name.clone(),
                c.phase.as_str().to_owned(),
                c.volume.clone().unwrap_or_default(),
                bound.map(|v| v.capacity.canonical()).unwrap_or_default(),
                bound
                    .map(|v| access_modes_string(&v.access_modes))
                    .unwrap_or_default(),
                c.storage_class.clone(),
                UNSET.to_owned(),
                humanize::k8s_age(world.now(), c.created_at),
            ];
            if args.all_namespaces {
                cells.insert(0, c.key.namespace.clone());
            }
            if args.wide() {
                cells.push(FILESYSTEM.to_owned());
            }
            (c.key.name.clone(), cells)
        })
        .collect();
    (header, rows)
}
