//! The objects `kubectl get` finds for the non-table printers: each kind podscope holds, in
//! the API server's list order (namespace, then name), limited to `-n`/`-A`, `-l` and the
//! names asked for, as the API objects `object` builds.

use super::object;
use super::printers::Found;
use crate::model::kubectl::Get;
use crate::model::kubectl::resource::Resource;
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
                .collect();
            pods.sort_by(|a, b| a.spec.key.cmp(&b.spec.key));
            pods.into_iter()
                .map(|p| found(&p.spec.key.name, object::pod::pod(world, p)))
                .collect()
        }
        _ => return None,
    })
}
