//! A least-recently-used cache with a fixed number of entries: k8s.io/utils/lru (groupcache's
//! `lru.Cache`), which the event correlator keeps its three caches in. Entries are found by a
//! fingerprint of their key and then compared with the caller's test, so a lookup builds no
//! key.

use std::collections::BTreeMap;

#[derive(Clone, Debug)]
struct Slot<K, V> {
    key: K,
    value: V,
    /// The tick of its last use.
    used: u64,
}

/// Up to `cap` entries; `get_mut` and `insert` make an entry the most recent, and an insert
/// past the cap drops the least recent (groupcache lru.go `Add`, `Get`, `RemoveOldest`).
#[derive(Clone, Debug)]
pub(crate) struct Lru<K, V> {
    cap: usize,
    len: usize,
    /// Bumped at every use: the larger, the more recent.
    tick: u64,
    /// The entries by the fingerprint of their key (rarely more than one per fingerprint).
    slots: BTreeMap<u64, Vec<Slot<K, V>>>,
    /// The entries' fingerprints by their last use, oldest first.
    by_use: BTreeMap<u64, u64>,
}

impl<K: PartialEq, V> Lru<K, V> {
    pub(crate) fn new(cap: usize) -> Self {
        Lru {
            cap,
            len: 0,
            tick: 0,
            slots: BTreeMap::new(),
            by_use: BTreeMap::new(),
        }
    }

    /// The entry with fingerprint `hash` whose key passes `is`, now the most recent.
    pub(crate) fn get_mut(&mut self, hash: u64, is: impl Fn(&K) -> bool) -> Option<&mut V> {
        let slot = self.slots.get_mut(&hash)?.iter_mut().find(|s| is(&s.key))?;
        self.tick += 1;
        self.by_use.remove(&slot.used);
        slot.used = self.tick;
        self.by_use.insert(self.tick, hash);
        Some(&mut slot.value)
    }

    /// Sets `key` (fingerprint `hash`) to `value`, the most recent entry; drops the least
    /// recent past the cap.
    pub(crate) fn insert(&mut self, hash: u64, key: K, value: V) {
        self.tick += 1;
        let tick = self.tick;
        let bucket = self.slots.entry(hash).or_default();
        if let Some(slot) = bucket.iter_mut().find(|s| s.key == key) {
            slot.value = value;
            self.by_use.remove(&slot.used);
            slot.used = tick;
            self.by_use.insert(tick, hash);
            return;
        }
        bucket.push(Slot {
            key,
            value,
            used: tick,
        });
        self.by_use.insert(tick, hash);
        self.len += 1;
        if self.len > self.cap {
            self.remove_oldest();
        }
    }

    fn remove_oldest(&mut self) {
        let Some((used, hash)) = self.by_use.pop_first() else {
            return;
        };
        if let Some(bucket) = self.slots.get_mut(&hash) {
            bucket.retain(|s| s.used != used);
            if bucket.is_empty() {
                self.slots.remove(&hash);
            }
            self.len -= 1;
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
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
}
