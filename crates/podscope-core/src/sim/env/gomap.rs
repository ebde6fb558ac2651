//! The order Go's `for k, v := range m` visits a map, for the kubelet's environment maps
//! (pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables` ranges over `tmpEnv` and
//! `serviceEnv`). Kubernetes 1.35 is built with Go 1.25, whose maps are Swiss tables
//! (internal/runtime/maps): a map of at most 8 entries is one group of 8 slots filled in
//! insertion order (`putSlotSmall` takes the first empty slot), and an iterator starts at a
//! random slot (`Iter.Init`: `entryOffset = rand()`) and wraps around, so the order is the
//! insertion order rotated by a random offset. A bigger map's order follows its per-map
//! random hash seed: the model shuffles it. The randomness comes from the generator the
//! caller seeds.

use crate::model::rng::SeededRng;

/// Slots in a Swiss-table group (`abi.SwissMapGroupSlots`), the most a small map holds.
const GROUP_SLOTS: usize = 8;

/// `entries` (in insertion order, names unique) in the order a Go range loop visits them.
pub(crate) fn range_order<T>(entries: Vec<T>, rng: &mut SeededRng) -> Vec<T> {
    let n = entries.len();
    if n <= GROUP_SLOTS {
        let offset = rng.below(GROUP_SLOTS as u64) as usize;
        let mut slots: Vec<Option<T>> = entries.into_iter().map(Some).collect();
        let mut out = Vec::with_capacity(n);
        for i in 0..GROUP_SLOTS {
            if let Some(e) = slots
                .get_mut((i + offset) % GROUP_SLOTS)
                .and_then(Option::take)
            {
                out.push(e);
            }
        }
        return out;
    }
    let mut out = entries;
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        out.swap(i, j);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sort::CompactSort;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_small_map_is_visited_in_a_rotation_of_its_insertion_order() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..64 {
            let order = range_order(vec!['a', 'b', 'c'], &mut SeededRng::new(seed));
            let s: String = order.into_iter().collect();
            assert!(["abc", "bca", "cab"].contains(&s.as_str()), "{s}");
            seen.insert(s);
        }
        // Offsets 3..8 land on empty slots and wrap to slot 0: `abc` is the likeliest.
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn a_big_map_keeps_every_entry_once() {
        let entries: Vec<u32> = (0..20).collect();
        let mut order = range_order(entries.clone(), &mut SeededRng::new(7));
        assert_ne!(order, entries);
        order.sort_compact();
        assert_eq!(order, entries);
    }
}
