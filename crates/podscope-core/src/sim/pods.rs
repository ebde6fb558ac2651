//! The world's pods by their stable [`PodId`]: in creation order, with an index by
//! namespace/name. Removing a pod renumbers nothing; a lookup of a pod that is gone is `None`.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ids::{ObjectKey, PodId};
use crate::sim::world::Pod;

/// The pod table. A pod's `spec.key` never changes once it is in the table (the key index
/// relies on it).
#[derive(Clone, Debug)]
pub(crate) struct Pods {
    by_id: BTreeMap<PodId, Pod>,
    /// Ids by namespace/name. The API server keeps names unique, but a world built from a
    /// list of pods may hold two of one name: a lookup finds the older, as a walk would.
    by_key: BTreeMap<ObjectKey, BTreeSet<PodId>>,
    next: PodId,
}

impl Default for Pods {
    fn default() -> Self {
        Pods {
            by_id: BTreeMap::new(),
            by_key: BTreeMap::new(),
            next: PodId::FIRST,
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
        self.by_id.insert(id, pod);
        id
    }

    /// Takes a pod out; its id is never handed out again.
    pub(crate) fn remove(&mut self, id: PodId) -> Option<Pod> {
        let pod = self.by_id.remove(&id)?;
        if let Some(ids) = self.by_key.get_mut(&pod.spec.key) {
            ids.remove(&id);
            if ids.is_empty() {
                self.by_key.remove(&pod.spec.key);
            }
        }
        Some(pod)
    }

    pub(crate) fn get(&self, id: PodId) -> Option<&Pod> {
        self.by_id.get(&id)
    }

    pub(crate) fn get_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        self.by_id.get_mut(&id)
    }

    /// The id of the pod called `key` (the oldest, if a list of pods repeated a name).
    pub(crate) fn id_of(&self, key: &ObjectKey) -> Option<PodId> {
        self.by_key.get(key).and_then(|ids| ids.first().copied())
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
