//! A least-recently-used cache with a fixed number of entries: k8s.io/utils/lru (groupcache's
//! `lru.Cache`), which the event correlator keeps its three caches in.

use std::collections::BTreeMap;

/// Up to `cap` entries; `get_mut` and `insert` make an entry the most recent, and an insert
/// past the cap drops the least recent (groupcache lru.go `Add`, `Get`, `RemoveOldest`).
#[derive(Clone, Debug)]
pub(crate) struct Lru<K, V> {
    cap: usize,
    /// Bumped at every use: the larger, the more recent.
    tick: u64,
    entries: BTreeMap<K, (V, u64)>,
    /// The entries by their last use, oldest first.
    by_use: BTreeMap<u64, K>,
}

impl<K: Ord + Clone, V> Lru<K, V> {
    pub(crate) fn new(cap: usize) -> Self {
        Lru {
            cap,
            tick: 0,
            entries: BTreeMap::new(),
            by_use: BTreeMap::new(),
        }
    }

    /// The entry for `key`, now the most recent.
    pub(crate) fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.tick += 1;
        let tick = self.tick;
        let (value, used) = self.entries.get_mut(key)?;
        self.by_use.remove(used);
        *used = tick;
        self.by_use.insert(tick, key.clone());
        Some(value)
    }

    /// Sets `key` to `value`, the most recent entry; drops the least recent past the cap.
    pub(crate) fn insert(&mut self, key: K, value: V) {
        self.tick += 1;
        let tick = self.tick;
        if let Some((old, used)) = self.entries.get_mut(&key) {
            *old = value;
            self.by_use.remove(used);
            *used = tick;
            self.by_use.insert(tick, key);
            return;
        }
        self.by_use.insert(tick, key.clone());
        self.entries.insert(key, (value, tick));
        if self.entries.len() > self.cap
            && let Some((_, oldest)) = self.by_use.pop_first()
        {
            self.entries.remove(&oldest);
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Lru;

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        let mut lru = Lru::new(2);
        lru.insert("a", 1);
        lru.insert("b", 2);
        // Reading "a" makes "b" the oldest.
        assert_eq!(lru.get_mut(&"a").copied(), Some(1));
        lru.insert("c", 3);
        assert_eq!(lru.len(), 2);
        assert!(lru.get_mut(&"b").is_none());
        assert_eq!(lru.get_mut(&"a").copied(), Some(1));
        assert_eq!(lru.get_mut(&"c").copied(), Some(3));
        // Replacing a value keeps the count.
        lru.insert("c", 4);
        assert_eq!(lru.len(), 2);
        assert_eq!(lru.get_mut(&"c").copied(), Some(4));
    }
}
