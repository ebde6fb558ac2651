//! A least-recently-used cache with a fixed number of entries: k8s.io/utils/lru (groupcache's
//! `lru.Cache`), which the event correlator keeps its three caches in. Entries are found by a
//! fingerprint of their key and then compared with the caller's test, so a lookup builds no
//! key.

use podscope_collections::Map;

/// No slot: the end of a list.
const NIL: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Slot<K, V> {
    key: K,
    value: V,
    hash: u64,
    /// The recency list: `newer` toward the most recent, `older` toward the least.
    newer: u32,
    older: u32,
    /// The next slot whose key has the same fingerprint.
    same_hash: u32,
}

/// Up to `cap` entries; `get_mut` and `insert` make an entry the most recent, and an insert
/// past the cap drops the least recent (groupcache lru.go `Add`, `Get`, `RemoveOldest`). As
/// lru.go keeps a `container/list` and a map, the entries sit in one slab linked in order of
/// use, found through an index by fingerprint: a use costs one index lookup.
#[derive(Clone, Debug)]
pub(crate) struct Lru<K, V> {
    cap: usize,
    slots: Vec<Slot<K, V>>,
    /// The first slot of each fingerprint's chain.
    index: Map<u64, u32>,
    newest: u32,
    oldest: u32,
}

impl<K: PartialEq, V> Lru<K, V> {
    pub(crate) fn new(cap: usize) -> Self {
        Lru {
            cap: cap.max(1),
            slots: Vec::new(),
            index: Map::new(),
            newest: NIL,
            oldest: NIL,
        }
    }

    /// The slot with fingerprint `hash` whose key passes `is`.
    fn find(&self, hash: u64, is: impl Fn(&K) -> bool) -> Option<u32> {
        let mut at = *self.index.get(&hash)?;
        while let Some(slot) = self.slots.get(at as usize) {
            if is(&slot.key) {
                return Some(at);
            }
            at = slot.same_hash;
        }
        None
    }

    /// Takes slot `at` out of the recency list.
    fn unlink(&mut self, at: u32) {
        let Some(slot) = self.slots.get(at as usize) else {
            return;
        };
        let (newer, older) = (slot.newer, slot.older);
        match self.slots.get_mut(newer as usize) {
            Some(n) => n.older = older,
            None => self.oldest_or_newest(at, older, true),
        }
        match self.slots.get_mut(older as usize) {
            Some(o) => o.newer = newer,
            None => self.oldest_or_newest(at, newer, false),
        }
    }

    /// Moves the list's end from `at` to `to` (`newest` when `head`, else `oldest`).
    fn oldest_or_newest(&mut self, at: u32, to: u32, head: bool) {
        if head && self.newest == at {
            self.newest = to;
        } else if !head && self.oldest == at {
            self.oldest = to;
        }
    }

    /// Puts slot `at` at the most recent end.
    fn push_newest(&mut self, at: u32) {
        let old_newest = self.newest;
        if let Some(slot) = self.slots.get_mut(at as usize) {
            slot.newer = NIL;
            slot.older = old_newest;
        }
        match self.slots.get_mut(old_newest as usize) {
            Some(n) => n.newer = at,
            None => self.oldest = at,
        }
        self.newest = at;
    }

    /// The entry with fingerprint `hash` whose key passes `is`, now the most recent.
    pub(crate) fn get_mut(&mut self, hash: u64, is: impl Fn(&K) -> bool) -> Option<&mut V> {
        let at = self.find(hash, is)?;
        if self.newest != at {
            self.unlink(at);
            self.push_newest(at);
        }
        self.slots.get_mut(at as usize).map(|s| &mut s.value)
    }

    /// Sets `key` (fingerprint `hash`) to `value`, the most recent entry; past the cap the
    /// least recent entry's slot is reused.
    pub(crate) fn insert(&mut self, hash: u64, key: K, value: V) {
        if let Some(at) = self.find(hash, |k| *k == key) {
            if let Some(slot) = self.slots.get_mut(at as usize) {
                slot.value = value;
            }
            if self.newest != at {
                self.unlink(at);
                self.push_newest(at);
            }
            return;
        }
        let chain = self.index.get(&hash).copied().unwrap_or(NIL);
        let slot = Slot {
            key,
            value,
            hash,
            newer: NIL,
            older: NIL,
            same_hash: chain,
        };
        let at = if self.slots.len() < self.cap {
            self.slots.push(slot);
            u32::try_from(self.slots.len() - 1).unwrap_or(NIL)
        } else {
            // `RemoveOldest`, its slot taken by the new entry.
            let oldest = self.oldest;
            self.remove_from_chain(oldest);
            self.unlink(oldest);
            // The chain may have started at the slot just removed.
            let chain = self.index.get(&hash).copied().unwrap_or(NIL);
            match self.slots.get_mut(oldest as usize) {
                Some(s) => {
                    *s = Slot {
                        same_hash: chain,
                        ..slot
                    }
                }
                None => return,
            }
            oldest
        };
        self.index.insert(hash, at);
        self.push_newest(at);
    }

    /// Takes slot `at` out of its fingerprint's chain.
    fn remove_from_chain(&mut self, at: u32) {
        let Some(slot) = self.slots.get(at as usize) else {
            return;
        };
        let (hash, next) = (slot.hash, slot.same_hash);
        let Some(&first) = self.index.get(&hash) else {
            return;
        };
        if first == at {
            if next == NIL {
                self.index.remove(&hash);
            } else {
                self.index.insert(hash, next);
            }
            return;
        }
        let mut prev = first;
        while let Some(p) = self.slots.get(prev as usize) {
            if p.same_hash == at {
                if let Some(p) = self.slots.get_mut(prev as usize) {
                    p.same_hash = next;
                }
                return;
            }
            prev = p.same_hash;
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Lru;

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        // "a" and "b" share a fingerprint: the key tells them apart.
        let mut lru = Lru::new(2);
        lru.insert(1, "a", 1);
        lru.insert(1, "b", 2);
        // Reading "a" makes "b" the oldest.
        assert_eq!(lru.get_mut(1, |k| *k == "a").copied(), Some(1));
        lru.insert(3, "c", 3);
        assert_eq!(lru.len(), 2);
        assert!(lru.get_mut(1, |k| *k == "b").is_none());
        assert_eq!(lru.get_mut(1, |k| *k == "a").copied(), Some(1));
        assert_eq!(lru.get_mut(3, |k| *k == "c").copied(), Some(3));
        // Replacing a value keeps the count.
        lru.insert(3, "c", 4);
        assert_eq!(lru.len(), 2);
        assert_eq!(lru.get_mut(3, |k| *k == "c").copied(), Some(4));
        // A miss is no use.
        assert!(lru.get_mut(9, |_| true).is_none());
    }

    #[test]
    fn eviction_reuses_slots_and_keeps_chains_of_one_fingerprint_whole() {
        // Three keys under one fingerprint, a cap of three: each new key evicts the oldest.
        let mut lru = Lru::new(3);
        for (i, k) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
            lru.insert(7, k, i);
        }
        assert_eq!(lru.len(), 3);
        assert!(lru.get_mut(7, |k| *k == "a").is_none());
        assert!(lru.get_mut(7, |k| *k == "b").is_none());
        // "c" is now the most recent: "d" goes next.
        assert_eq!(lru.get_mut(7, |k| *k == "c").copied(), Some(2));
        lru.insert(8, "f", 5);
        assert!(lru.get_mut(7, |k| *k == "d").is_none());
        assert_eq!(lru.get_mut(7, |k| *k == "e").copied(), Some(4));
        assert_eq!(lru.get_mut(8, |k| *k == "f").copied(), Some(5));
        assert_eq!(lru.get_mut(7, |k| *k == "c").copied(), Some(2));
        // A long run through a small cache stays at the cap and finds the last few.
        let mut lru = Lru::new(4);
        for i in 0..1000u64 {
            lru.insert(i % 5, i, i);
        }
        assert_eq!(lru.len(), 4);
        for i in 996..1000u64 {
            assert_eq!(lru.get_mut(i % 5, |k| *k == i).copied(), Some(i));
        }
        assert!(lru.get_mut(995 % 5, |k| *k == 995).is_none());
    }
}
