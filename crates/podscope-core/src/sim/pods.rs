//! The world's pods by their stable [`PodId`]: in creation order, with an index by
//! namespace/name. Removing a pod renumbers nothing; a lookup of a pod that is gone is `None`.

use podscope_collections::{Map, Set};

use crate::model::ids::{ObjectKey, PodId};
use crate::sim::world::Pod;

/// The pod table. A pod's `spec.key` never changes once it is in the table, and its
/// `spec.owner` only through `set_owner` (the indexes rely on it).
#[derive(Clone, Debug)]
pub(crate) struct Pods {
    by_id: Map<PodId, Pod>,
    /// Ids by namespace/name. The API server keeps names unique, but a world built from a
    /// list of pods may hold two of one name: a lookup finds the older, as a walk would.
    by_key: Map<ObjectKey, Set<PodId>>,
    /// Ids by the controller that owns them: the namespace and `PodOwner::replica_set` (the
    /// ReplicaSet's name, or the Job's), so that a controller finds its pods without a walk.
    by_controller: Map<ObjectKey, Set<PodId>>,
    next: PodId,
    /// Pods added, removed or borrowed mutably since the last `take_touched`: what the
    /// controllers' observer looks at again (`controllers/observe.rs`).
    touched: Set<PodId>,
}

impl Default for Pods {
    fn default() -> Self {
        Pods {
            by_id: Map::new(),
            by_key: Map::new(),
            by_controller: Map::new(),
            next: PodId::FIRST,
            touched: Set::new(),
        }
    }
}

impl Pods {
    /// Adds a pod under a fresh id.
    pub(crate) fn insert(&mut self, pod: Pod) -> PodId {
        let id = self.next;
        self.next = id.next();
        self.by_key
            .entry(pod.spec.key.clone())
            .or_default()
            .insert(id);
        if let Some(c) = controller_of(&pod) {
            self.by_controller.entry(c).or_default().insert(id);
        }
        self.by_id.insert(id, pod);
        self.touched.insert(id);
        id
    }

    /// Takes a pod out; its id is never handed out again.
    pub(crate) fn remove(&mut self, id: PodId) -> Option<Pod> {
        let pod = self.by_id.remove(&id)?;
        self.touched.insert(id);
        forget(&mut self.by_key, &pod.spec.key, id);
        if let Some(c) = controller_of(&pod) {
            forget(&mut self.by_controller, &c, id);
        }
        Some(pod)
    }

    /// A controller adopts the pod, or releases it (`None`): its owner and the index by
    /// controller change together.
    pub(crate) fn set_owner(&mut self, id: PodId, owner: Option<crate::model::spec::PodOwner>) {
        let Some(pod) = self.by_id.get_mut(&id) else {
            return;
        };
        if let Some(c) = controller_of(pod) {
            forget(&mut self.by_controller, &c, id);
        }
        pod.spec.owner = owner;
        if let Some(c) = controller_of(pod) {
            self.by_controller.entry(c).or_default().insert(id);
        }
        self.touched.insert(id);
    }

    pub(crate) fn get(&self, id: PodId) -> Option<&Pod> {
        self.by_id.get(&id)
    }

    /// The pod `id`, to change; it counts as touched.
    pub(crate) fn get_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        let pod = self.by_id.get_mut(&id)?;
        self.touched.insert(id);
        Some(pod)
    }

    /// The pods touched since the last `take_touched` (removed ones included), oldest first.
    pub(crate) fn touched(&self) -> impl Iterator<Item = PodId> + '_ {
        self.touched.iter().copied()
    }

    /// The pods touched since the last call (removed ones included), oldest first.
    pub(crate) fn take_touched(&mut self) -> Set<PodId> {
        std::mem::take(&mut self.touched)
    }

    /// The id of the pod called `key` (the oldest, if a list of pods repeated a name).
    pub(crate) fn id_of(&self, key: &ObjectKey) -> Option<PodId> {
        self.by_key.get(key).and_then(|ids| ids.first().copied())
    }

    /// The pods whose owner chain names the ReplicaSet or Job `controller` (in its
    /// namespace), oldest first; the caller checks the owner's kind.
    pub(crate) fn of_controller(
        &self,
        controller: &ObjectKey,
    ) -> impl Iterator<Item = (PodId, &Pod)> + Clone {
        self.by_controller
            .get(controller)
            .into_iter()
            .flatten()
            .filter_map(|id| Some((*id, self.by_id.get(id)?)))
    }

    /// Every pod with its id, oldest first.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (PodId, &Pod)> + Clone {
        self.by_id.iter().map(|(id, p)| (*id, p))
    }

    /// Every pod, oldest first.
    pub(crate) fn values(
        &self,
    ) -> impl ExactSizeIterator<Item = &Pod> + DoubleEndedIterator + Clone {
        self.by_id.values()
    }

    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }
}

/// The controller a pod's owner chain names directly: its namespace and ReplicaSet (or Job).
fn controller_of(pod: &Pod) -> Option<ObjectKey> {
    let o = pod.spec.owner.as_ref()?;
    Some(ObjectKey::new(&pod.spec.key.namespace, &o.replica_set))
}

/// Drops `id` from the set of `key` in an index, and the set once empty.
fn forget(index: &mut Map<ObjectKey, Set<PodId>>, key: &ObjectKey, id: PodId) {
    if let Some(ids) = index.get_mut(key) {
        ids.remove(&id);
        if ids.is_empty() {
            index.remove(key);
        }
    }
}
