//! Stable sorts with one copy of the standard library's sort in the wasm.
//!
//! std's stable sort (driftsort) is about 3.5 KB of code per element type and comparator, and
//! every `sort_by` call site has its own comparator type: 92 copies made 333 KB of the page's
//! wasm (docs/figures.md, issue 15). [`CompactSort`] sorts a list of indices with one
//! instance of std's sort, comparing through a trait object, then moves the items into that
//! order: a few hundred bytes per call site, the same stable order, one small allocation.
//! The tidy test `the_wasm_crates_sort_through_compact_sort` keeps std's sorts out of the
//! crates in the wasm (the core, the shell, the page).

use std::cmp::Ordering;

/// Stable sorts with the meaning of std's `sort`, `sort_by` and `sort_by_key`.
pub trait CompactSort<T> {
    /// `slice::sort`.
    fn sort_compact(&mut self)
    where
        T: Ord;
    /// `slice::sort_by`.
    fn sort_compact_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F);
    /// `slice::sort_by_key`.
    fn sort_compact_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, key: F);
}

impl<T> CompactSort<T> for [T] {
    fn sort_compact(&mut self)
    where
        T: Ord,
    {
        self.sort_compact_by(T::cmp);
    }

    fn sort_compact_by<F: FnMut(&T, &T) -> Ordering>(&mut self, mut compare: F) {
        let mut order = identity(self.len());
        {
            let items: &[T] = self;
            sort_indices(&mut order, &mut |a, b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => compare(x, y),
                _ => Ordering::Equal,
            });
        }
        permute(self, &mut order);
    }

    fn sort_compact_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut key: F) {
        self.sort_compact_by(|a, b| key(a).cmp(&key(b)));
    }
}

/// `0..n`.
#[inline(never)]
fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

/// The one instance of std's stable sort.
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// Puts `items[order[i]]` at `i` for every `i`, following each cycle of the permutation with
/// swaps (`order` is left as the identity).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len().min(order.len()) {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            let from = std::mem::replace(slot, at);
            if from == start || from == at || from >= items.len() {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn sorts_as_std_does_and_keeps_equal_items_in_order() {
        let mut seed = 7u32;
        for len in [0usize, 1, 2, 3, 5, 17, 64, 301] {
            let items: Vec<(u8, u32)> = (0..len as u32)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) as u8 % 5, i)
                })
                .collect();
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|p| p.0);
            let mut compact = items.clone();
            compact.sort_compact_by_key(|p| p.0);
            assert_eq!(compact, std_sorted, "length {len}");
            let mut desc = items.clone();
            desc.sort_compact_by(|a, b| b.cmp(a));
            let mut std_desc = items;
            std_desc.sort_by(|a, b| b.cmp(a));
            assert_eq!(desc, std_desc, "length {len}");
        }
        let mut words = vec!["pause", "nginx", "busybox", "nginx"];
        words.sort_compact();
        assert_eq!(words, ["busybox", "nginx", "nginx", "pause"]);
    }

    #[test]
    fn non_copy_items_move_without_clones() {
        let mut v: Vec<String> = ["c", "a", "d", "b"].map(String::from).to_vec();
        v.sort_compact();
        assert_eq!(v, ["a", "b", "c", "d"]);
    }
}
