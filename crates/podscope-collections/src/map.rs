//! [`Map`]: `BTreeMap`'s meaning over one `Vec` of pairs sorted by key.

use std::borrow::Borrow;
use std::fmt;
use std::ops::{Bound, Index, RangeBounds};

/// An ordered map: keys ascending, each at most once.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Map<K, V> {
    /// Sorted by key, no two keys equal.
    entries: Vec<(K, V)>,
}

impl<K, V> Map<K, V> {
    /// An empty map; allocates nothing.
    pub const fn new() -> Self {
        Map {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The pairs in ascending order of keys.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }

    /// The pairs in ascending order of keys, values mutable.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut(self.entries.iter_mut())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator {
        self.entries.into_iter().map(|(k, _)| k)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(k, v)| (k, v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(k, v)| (k, v))
    }

    /// Removes and returns the pair with the smallest key.
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        if self.entries.is_empty() {
            None
        } else {
            Some(self.entries.remove(0))
        }
    }

    /// Removes and returns the pair with the largest key.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.entries.pop()
    }

    /// Keeps the pairs for which `keep` says true, in order.
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, mut keep: F) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> Map<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(_, v)| v)
    }

    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(k, v)| (k, v))
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(key).ok()?;
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Puts `value` at `key`; returns the value it replaced (the key stays the first one, as
    /// in `BTreeMap`). A key larger than every other is appended without a search.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let at = match self.entries.last() {
            None => 0,
            Some((last, _)) if *last < key => self.entries.len(),
            Some(_) => match self.find(&key) {
                Ok(at) => {
                    let slot = self.entries.get_mut(at)?;
                    return Some(std::mem::replace(&mut slot.1, value));
                }
                Err(at) => at,
            },
        };
        self.entries.insert(at, (key, value));
        None
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(key).ok()?;
        Some(self.entries.remove(at))
    }

    /// The place of `key`, to read, change or fill it.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        match self.find(&key) {
            Ok(at) => Entry::Occupied(OccupiedEntry { map: self, at }),
            Err(at) => Entry::Vacant(VacantEntry { map: self, at, key }),
        }
    }

    /// The pairs whose keys are in `range`, ascending.
    pub fn range<Q, R>(&self, range: R) -> Iter<'_, K, V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
        R: RangeBounds<Q>,
    {
        let (from, to) = bounds(&self.entries, |(k, _)| k.borrow(), &range);
        Iter(self.entries.get(from..to).unwrap_or_default().iter())
    }

    /// Moves the pairs from `key` on into a new map.
    pub fn split_off<Q>(&mut self, key: &Q) -> Self
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(key).unwrap_or_else(|at| at);
        Map {
            entries: self.entries.split_off(at),
        }
    }

    /// Moves every pair of `other` into this map (`other`'s value wins for equal keys).
    pub fn append(&mut self, other: &mut Self) {
        for (k, v) in other.entries.drain(..) {
            self.insert(k, v);
        }
    }
}

/// The index range of the items whose keys (`key_of`) are within `range`, in a slice
/// sorted by key.
pub(crate) fn bounds<T, Q, R>(items: &[T], key_of: impl Fn(&T) -> &Q, range: &R) -> (usize, usize)
where
    Q: Ord + ?Sized,
    R: RangeBounds<Q>,
{
    let from = match range.start_bound() {
        Bound::Included(b) => items.partition_point(|t| key_of(t) < b),
        Bound::Excluded(b) => items.partition_point(|t| key_of(t) <= b),
        Bound::Unbounded => 0,
    };
    let to = match range.end_bound() {
        Bound::Included(b) => items.partition_point(|t| key_of(t) <= b),
        Bound::Excluded(b) => items.partition_point(|t| key_of(t) < b),
        Bound::Unbounded => items.len(),
    };
    (from, to.max(from))
}

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    /// One insert per pair: the last of equal keys wins, as with `BTreeMap`'s `collect`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut map = Map::new();
        map.extend(pairs);
        map
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl<'a, K: Ord + Copy, V: Copy> Extend<(&'a K, &'a V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(*k, *v);
        }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for Map<K, V> {
    type Output = V;

    /// The value at `key`; panics when there is none, as `BTreeMap` does (for tests: the
    /// core looks up with `get`).
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry found for key"),
        }
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut Map<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

/// The pairs of a map, owned, ascending.
pub type IntoIter<K, V> = std::vec::IntoIter<(K, V)>;

/// The pairs of a map, borrowed, ascending.
#[derive(Debug)]
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter(self.0.clone())
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

/// The pairs of a map, values mutable, ascending.
#[derive(Debug)]
pub struct IterMut<'a, K, V>(std::slice::IterMut<'a, (K, V)>);

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&*k, v))
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}

/// A key's place in a map: filled or not.
#[derive(Debug)]
pub enum Entry<'a, K, V> {
    Occupied(OccupiedEntry<'a, K, V>),
    Vacant(VacantEntry<'a, K, V>),
}

/// A key that has a value.
#[derive(Debug)]
pub struct OccupiedEntry<'a, K, V> {
    map: &'a mut Map<K, V>,
    /// Within `map.entries`.
    at: usize,
}

/// A key that has no value yet, and where it would go.
#[derive(Debug)]
pub struct VacantEntry<'a, K, V> {
    map: &'a mut Map<K, V>,
    at: usize,
    key: K,
}

impl<'a, K, V> Entry<'a, K, V> {
    pub fn or_insert(self, default: V) -> &'a mut V {
        self.or_insert_with(|| default)
    }

    pub fn or_insert_with<F: FnOnce() -> V>(self, default: F) -> &'a mut V {
        match self {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(default()),
        }
    }

    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    pub fn and_modify<F: FnOnce(&mut V)>(self, change: F) -> Self {
        match self {
            Entry::Occupied(mut e) => {
                change(e.get_mut());
                Entry::Occupied(e)
            }
            Entry::Vacant(e) => Entry::Vacant(e),
        }
    }

    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(e) => e.key(),
            Entry::Vacant(e) => &e.key,
        }
    }
}

impl<'a, K, V> OccupiedEntry<'a, K, V> {
    fn pair(&self) -> &(K, V) {
        match self.map.entries.get(self.at) {
            Some(pair) => pair,
            None => unreachable!("an occupied entry's index is in its map"),
        }
    }

    fn pair_mut(&mut self) -> &mut (K, V) {
        match self.map.entries.get_mut(self.at) {
            Some(pair) => pair,
            None => unreachable!("an occupied entry's index is in its map"),
        }
    }

    pub fn key(&self) -> &K {
        &self.pair().0
    }

    pub fn get(&self) -> &V {
        &self.pair().1
    }

    pub fn get_mut(&mut self) -> &mut V {
        &mut self.pair_mut().1
    }

    pub fn into_mut(self) -> &'a mut V {
        match self.map.entries.get_mut(self.at) {
            Some((_, v)) => v,
            None => unreachable!("an occupied entry's index is in its map"),
        }
    }

    /// Replaces the value; returns the old one.
    pub fn insert(&mut self, value: V) -> V {
        std::mem::replace(self.get_mut(), value)
    }

    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    pub fn remove_entry(self) -> (K, V) {
        self.map.entries.remove(self.at)
    }
}

impl<'a, K, V> VacantEntry<'a, K, V> {
    pub fn key(&self) -> &K {
        &self.key
    }

    pub fn into_key(self) -> K {
        self.key
    }

    /// Fills the place; returns the value in the map.
    pub fn insert(self, value: V) -> &'a mut V {
        let at = self.at.min(self.map.entries.len());
        self.map.entries.insert(at, (self.key, value));
        match self.map.entries.get_mut(at) {
            Some((_, v)) => v,
            None => unreachable!("the pair was just inserted at this index"),
        }
    }
}

impl<K: Ord, V> Map<K, V> {
    /// The first key that is not smaller than the one before it, if any: `Map` keeps its
    /// keys sorted and unique, and the tests check that it does.
    #[cfg(test)]
    fn disorder(&self) -> Option<usize> {
        self.entries
            .windows(2)
            .position(|w| matches!(w, [(a, _), (b, _)] if a.cmp(b) != std::cmp::Ordering::Less))
    }
}

#[cfg(test)]
mod tests;
