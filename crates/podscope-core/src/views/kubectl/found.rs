//! The objects `kubectl get` finds for the non-table printers: each kind podscope holds, in
//! the API server's list order (namespace, then name), limited to `-n`/`-A`, `-l` and the
//! names asked for, as the API objects `object` builds.

use super::object;
use super::printers::Found;
use crate::model::kubectl::Get;
use crate::model::kubectl::resource::Resource;
use crate::model::sort::CompactSort;
use crate::sim::world::{Pod, World};

/// The objects of `resource` in scope, as (name, object); `None` for a kind podscope does
/// not build objects of yet.
pub fn objects(world: &World, args: &Get, resource: Resource) -> Option<Vec<(String, Found)>> {
    let kind_prefix = resource.kind_prefix();
    let found = |name: &str, value| {
        (
            name.to_owned(),
            Found {
                kind_prefix: kind_prefix.clone(),
                value,
            },
        )
    };
    Some(match resource {
        Resource::Pods => {
            let mut pods: Vec<&Pod> = world
                .pods()
                .filter(|p| args.in_scope(&p.spec.key.namespace) && args.selects(&p.spec.labels))
                .filter(|p| super::get::field_selects(world, args, p))
                .collect();
            pods.sort_compact_by(|a, b| a.spec.key.cmp(&b.spec.key));
            pods.into_iter()
                .map(|p| found(&p.spec.key.name, object::pod::pod(world, p)))
                .collect()
        }
        Resource::Deployments => {
            let mut ds: Vec<&crate::sim::controllers::Deployment> = world
                .controllers()
                .deployments
                .iter()
                .filter(|d| args.in_scope(&d.key.namespace) && args.selects(&d.labels))
                .collect();
            ds.sort_compact_by(|a, b| a.key.cmp(&b.key));
            ds.into_iter()
                .map(|d| found(&d.key.name, object::workloads::deployment(world, d)))
                .collect()
        }
        Resource::ReplicaSets | Resource::ReplicationControllers => {
            let kind = match resource {
                Resource::ReplicaSets => crate::model::workload::SetKind::ReplicaSet,
                _ => crate::model::workload::SetKind::ReplicationController,
            };
            let mut rs: Vec<&crate::sim::controllers::ReplicaSet> = world
                .controllers()
                .sets(kind)
                .filter(|r| args.in_scope(&r.key.namespace) && args.selects(&r.template.labels))
                .collect();
            rs.sort_compact_by(|a, b| a.key.cmp(&b.key));
            rs.into_iter()
                .map(|r| found(&r.key.name, object::workloads::replica_set(world, r)))
                .collect()
        }
        Resource::Other(a) if a.group.is_empty() && a.plural == "namespaces" => {
            let mut ns: Vec<&crate::model::cluster::NamespaceSpec> = world
                .cluster
                .namespaces
                .iter()
                .filter(|n| args.selects(&n.labels))
                .collect();
            ns.sort_compact_by(|a, b| a.name.cmp(&b.name));
            ns.into_iter()
                .map(|n| found(&n.name, object::cluster::namespace(n)))
                .collect()
        }
        // ConfigMaps by name: the root CA publisher's `kube-root-ca.crt` (its certificate),
        // binaryData (its bytes) and labels are not modelled.
        Resource::Other(a) if a.group.is_empty() && a.plural == "configmaps" => {
            let named: Vec<String> = args
                .targets
                .objects()
                .into_iter()
                .filter(|o| o.resource == resource)
                .map(|o| o.name)
                .collect();
            if named.is_empty()
                || args.selector.is_some()
                || named.iter().any(|n| n == "kube-root-ca.crt")
            {
                return None;
            }
            let mut cms: Vec<&crate::model::cluster::ConfigMapSpec> = world
                .cluster
                .config_maps
                .iter()
                .filter(|c| args.in_scope(&c.key.namespace) && named.contains(&c.key.name))
                .collect();
            if cms.iter().any(|c| !c.binary_data_keys.is_empty()) {
                return None;
            }
            cms.sort_compact_by(|a, b| a.key.cmp(&b.key));
            cms.into_iter()
                .map(|c| {
                    let created = world.cluster.config_map_created_at(&c.key);
                    found(&c.key.name, object::cluster::config_map(c, created))
                })
                .collect()
        }
        Resource::Other(a) if a.group.is_empty() && a.plural == "serviceaccounts" => world
            .cluster
            .service_accounts()
            .iter()
            .filter(|a| args.in_scope(&a.key.namespace) && args.selector.is_none())
            .map(|a| found(&a.key.name, object::cluster::service_account(a)))
            .collect(),
        Resource::Other(a) if a.group.is_empty() && a.plural == "limitranges" => {
            let mut ls: Vec<&crate::model::cluster::limit_range::LimitRangeSpec> = world
                .cluster
                .limit_ranges
                .iter()
                .filter(|l| args.in_scope(&l.key.namespace))
                .filter(|l| args.selects(&l.api.metadata.labels.clone().unwrap_or_default()))
                .collect();
            ls.sort_compact_by(|a, b| a.key.cmp(&b.key));
            ls.into_iter()
                .map(|l| found(&l.key.name, object::quota::limit_range(l)))
                .collect()
        }
        Resource::Other(a) if a.group.is_empty() && a.plural == "resourcequotas" => {
            let mut namespaces: Vec<&str> = world
                .cluster
                .resource_quotas
                .iter()
                .map(|q| q.key.namespace.as_str())
                .filter(|ns| args.in_scope(ns))
                .collect();
            namespaces.sort_compact();
            namespaces.dedup();
            let mut out = Vec::new();
            for ns in namespaces {
                for (q, used) in world.quotas_with_usage(ns) {
                    if args.selects(&q.api.metadata.labels.clone().unwrap_or_default()) {
                        out.push(found(&q.key.name, object::quota::resource_quota(q, &used)));
                    }
                }
            }
            out
        }
        _ => return None,
    })
}
