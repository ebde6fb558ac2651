//! The container a crictl `CONTAINER-ID` argument names on a node: its full ID or a prefix of
//! it, as containerd's container store looks IDs up (containerd v2.2.0
//! internal/cri/store/container `Store.Get`, through `truncindex.Get`: a prefix that names
//! one container); the current and the previous instance of every container the runtime
//! still keeps.

use crate::model::ids::{ContainerId, PodId};
use crate::sim::world::{Container, Instance, Pod, Slot, World};

/// One container instance the runtime knows.
pub struct Found<'w> {
    pub pod_id: PodId,
    pub pod: &'w Pod,
    pub slot: Slot,
    pub container: &'w Container,
    pub instance: &'w Instance,
    /// Whether it is the container's current instance (the one that may be running).
    pub current: bool,
}

/// The instance `id` names on node `node`: `None` when no instance's ID starts with it, or
/// when more than one does (truncindex's `ErrAmbiguousPrefix`, which the store passes on
/// as it is; the model words it as not found).
pub fn container<'w>(world: &'w World, node: usize, id: &str) -> Option<Found<'w>> {
    if id.is_empty() {
        return None;
    }
    let mut hits = Vec::new();
    for (pod_id, pod) in world.pods_with_ids().filter(|(_, p)| p.node == Some(node)) {
        for (slot, c) in pod.all_containers() {
            for (inst, current) in [(c.instance.as_ref(), true), (c.dead.as_ref(), false)] {
                let Some(inst) = inst else { continue };
                if full(&inst.id).starts_with(id) {
                    hits.push(Found {
                        pod_id,
                        pod,
                        slot,
                        container: c,
                        instance: inst,
                        current,
                    });
                }
            }
        }
    }
    if hits.len() == 1 { hits.pop() } else { None }
}

fn full(id: &ContainerId) -> String {
    id.full()
}
