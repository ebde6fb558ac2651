//! Collecting into a `BTreeMap` without std's sort, and the core's stable sorts.
//!
//! `BTreeMap::from_iter` (what `collect()` into a `BTreeMap` or a serde_json `Map` runs)
//! sorts the pairs by key with std's stable sort before building the tree: a driftsort copy
//! per key, value *and iterator* type in the wasm. [`CollectMap::collect_map`] inserts one
//! pair at a time instead (the last of equal keys wins, as with `collect`), sharing the map's
//! `insert` with the rest of the code. [`CompactSort`] (from podscope-collections, where the
//! shell can use it too) sorts with one copy of std's sort; the tidy test
//! `the_wasm_crates_sort_through_compact_sort` keeps std's sorts out of the wasm's crates.

use std::collections::BTreeMap;

pub use podscope_collections::CompactSort;

/// `collect::<BTreeMap<K, V>>()` without std's sort.
pub trait CollectMap<K: Ord, V>: Iterator<Item = (K, V)> + Sized {
    fn collect_map(self) -> BTreeMap<K, V> {
        let mut map = BTreeMap::new();
        for (k, v) in self {
            map.insert(k, v);
        }
        map
    }

    /// The same into a JSON object (serde_json's `Map`, a `BTreeMap` inside).
    fn collect_object(self) -> serde_json::Map<String, serde_json::Value>
    where
        K: Into<String>,
        V: Into<serde_json::Value>,
    {
        let mut map = serde_json::Map::new();
        for (k, v) in self {
            map.insert(k.into(), v.into());
        }
        map
    }
}

impl<K: Ord, V, I: Iterator<Item = (K, V)>> CollectMap<K, V> for I {}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn maps_collect_as_std_does_with_the_last_of_equal_keys() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4)];
        let std_map: BTreeMap<&str, i32> = pairs.into_iter().collect();
        assert_eq!(pairs.into_iter().collect_map(), std_map);
        let object = pairs.into_iter().collect_object();
        assert_eq!(
            serde_json::Value::Object(object),
            serde_json::json!({"a": 2, "b": 3, "c": 4})
        );
    }
}
