//! `Map` against std's `BTreeMap`: the same operations from a seeded sequence, the same answers.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeMap;

use super::*;

/// A small linear congruential generator: the tests are the same on every run.
struct Seq(u64);

impl Seq {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn answers_as_btree_map_does_for_a_seeded_sequence_of_operations() {
    for seed in 0..20u64 {
        let mut seq = Seq(seed);
        let mut ours: Map<u8, u32> = Map::new();
        let mut std: BTreeMap<u8, u32> = BTreeMap::new();
        for step in 0..600u32 {
            let key = seq.next(40) as u8;
            match seq.next(9) {
                0..=2 => assert_eq!(ours.insert(key, step), std.insert(key, step)),
                3 => assert_eq!(ours.remove(&key), std.remove(&key)),
                4 => {
                    *ours.entry(key).or_default() += 1;
                    *std.entry(key).or_default() += 1;
                }
                5 => assert_eq!(ours.pop_first(), std.pop_first()),
                6 => {
                    let (lo, hi) = (key.min(20), key.max(20));
                    let a: Vec<_> = ours.range(lo..hi).collect();
                    let b: Vec<_> = std.range(lo..hi).collect();
                    assert_eq!(a, b);
                    let a: Vec<_> = ours.range(..=lo).rev().collect();
                    let b: Vec<_> = std.range(..=lo).rev().collect();
                    assert_eq!(a, b);
                }
                7 => {
                    ours.retain(|k, v| (u32::from(*k) + *v) % 3 != 0);
                    std.retain(|k, v| (u32::from(*k) + *v) % 3 != 0);
                }
                _ => assert_eq!(ours.get(&key), std.get(&key)),
            }
            if seq.next(9) == 0 {
                *std.entry(key).or_default() += 1;
                *ours.entry(key).or_default() += 1;
            }
            assert_eq!(ours.disorder(), None, "seed {seed} step {step}");
            assert!(ours.iter().eq(std.iter()), "seed {seed} step {step}");
        }
        assert_eq!(format!("{ours:?}"), format!("{std:?}"));
        assert_eq!(ours.first_key_value(), std.first_key_value());
        assert_eq!(ours.last_key_value(), std.last_key_value());
    }
}

#[test]
fn collect_keeps_the_last_value_of_equal_keys_and_insert_keeps_the_first_key() {
    let map: Map<&str, u8> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
    let std: BTreeMap<&str, u8> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
    assert!(map.iter().eq(std.iter()));

    // Keys equal by `Ord` but told apart by their second field: the first key stays.
    #[derive(Debug, Clone, Copy)]
    struct Loose(u8, u8);
    impl PartialEq for Loose {
        fn eq(&self, other: &Self) -> bool {
            self.0 == other.0
        }
    }
    impl Eq for Loose {}
    impl PartialOrd for Loose {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Loose {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.cmp(&other.0)
        }
    }
    let mut map = Map::new();
    map.insert(Loose(1, 1), "first");
    assert_eq!(map.insert(Loose(1, 2), "second"), Some("first"));
    let (key, value) = map.first_key_value().unwrap();
    assert_eq!((key.1, *value), (1, "second"));
}

#[test]
fn string_keys_are_looked_up_by_str_and_entries_fill_in_order() {
    let mut map: Map<String, Vec<u8>> = Map::new();
    map.entry("web".to_owned()).or_default().push(1);
    map.entry("db".to_owned()).or_default().push(2);
    map.entry("web".to_owned()).or_default().push(3);
    assert_eq!(map.get("web"), Some(&vec![1, 3]));
    assert!(map.contains_key("db"));
    assert_eq!(map.keys().collect::<Vec<_>>(), ["db", "web"]);
    match map.entry("cache".to_owned()) {
        Entry::Vacant(e) => e.insert(vec![9]).push(10),
        Entry::Occupied(_) => panic!("cache is not there yet"),
    }
    assert_eq!(
        map.values().cloned().collect::<Vec<_>>(),
        [vec![9, 10], vec![2], vec![1, 3]]
    );
    let tail = map.split_off("d");
    assert_eq!(map.len(), 1);
    assert_eq!(tail.into_keys().collect::<Vec<_>>(), ["db", "web"]);
}
