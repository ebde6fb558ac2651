//! [`Set`]: `BTreeSet`'s meaning over one sorted `Vec`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::RangeBounds;

use crate::map::bounds;

/// An ordered set: items ascending, each at most once.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Set<T> {
    /// Sorted, no two equal.
    items: Vec<T>,
}

impl<T> Set<T> {
    /// An empty set; allocates nothing.
    pub const fn new() -> Self {
        Set { items: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// The items in ascending order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }

    /// Removes and returns the smallest item.
    pub fn pop_first(&mut self) -> Option<T> {
        if self.items.is_empty() {
            None
        } else {
            Some(self.items.remove(0))
        }
    }

    /// Removes and returns the largest item.
    pub fn pop_last(&mut self) -> Option<T> {
        self.items.pop()
    }

    /// Keeps the items for which `keep` says true, in order.
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, keep: F) {
        self.items.retain(keep);
    }
}

impl<T: Ord> Set<T> {
    fn find<Q>(&self, item: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.items.binary_search_by(|t| t.borrow().cmp(item))
    }

    pub fn contains<Q>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(item).is_ok()
    }

    pub fn get<Q>(&self, item: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.items.get(self.find(item).ok()?)
    }

    /// Adds `item`; false when an equal one was there (which stays, as in `BTreeSet`). An
    /// item larger than every other is appended without a search.
    pub fn insert(&mut self, item: T) -> bool {
        let at = match self.items.last() {
            None => 0,
            Some(last) if *last < item => self.items.len(),
            Some(_) => match self.find(&item) {
                Ok(_) => return false,
                Err(at) => at,
            },
        };
        self.items.insert(at, item);
        true
    }

    /// Removes the item equal to `item`; false when there was none.
    pub fn remove<Q>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.take(item).is_some()
    }

    pub fn take<Q>(&mut self, item: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let at = self.find(item).ok()?;
        Some(self.items.remove(at))
    }

    /// The items within `range`, ascending.
    pub fn range<Q, R>(&self, range: R) -> std::slice::Iter<'_, T>
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
        R: RangeBounds<Q>,
    {
        let (from, to) = bounds(&self.items, |t| t.borrow(), &range);
        self.items.get(from..to).unwrap_or_default().iter()
    }

    /// The items of this set that are not in `other`, ascending.
    pub fn difference<'a>(&'a self, other: &'a Set<T>) -> impl Iterator<Item = &'a T> + 'a {
        self.items.iter().filter(move |t| !other.contains(*t))
    }

    /// The items in both sets, ascending.
    pub fn intersection<'a>(&'a self, other: &'a Set<T>) -> impl Iterator<Item = &'a T> + 'a {
        self.items.iter().filter(move |t| other.contains(*t))
    }

    pub fn is_subset(&self, other: &Set<T>) -> bool {
        self.items.iter().all(|t| other.contains(t))
    }

    pub fn is_disjoint(&self, other: &Set<T>) -> bool {
        !self.items.iter().any(|t| other.contains(t))
    }

    /// Moves every item of `other` into this set.
    pub fn append(&mut self, other: &mut Self) {
        for t in other.items.drain(..) {
            self.insert(t);
        }
    }
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Ord> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = Set::new();
        set.extend(items);
        set
    }
}

impl<T: Ord> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for t in items {
            self.insert(t);
        }
    }
}

impl<'a, T: Ord + Copy + 'a> Extend<&'a T> for Set<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, items: I) {
        for t in items {
            self.insert(*t);
        }
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for Set<T> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
impl<T: Ord> Set<T> {
    /// The first item that is not smaller than the one after it, if any.
    fn disorder(&self) -> Option<usize> {
        self.items
            .windows(2)
            .position(|w| matches!(w, [a, b] if a >= b))
    }
}

#[cfg(test)]
mod tests;
