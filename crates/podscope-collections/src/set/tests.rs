//! `Set` against std's `BTreeSet`: the same operations from a seeded sequence, the same answers.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeSet;

use super::*;

#[test]
fn answers_as_btree_set_does_for_a_seeded_sequence_of_operations() {
    for seed in 0..20u64 {
        let mut state = seed;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let mut ours: Set<(u8, u8)> = Set::new();
        let mut std: BTreeSet<(u8, u8)> = BTreeSet::new();
        for step in 0..600 {
            let item = (next(12) as u8, next(4) as u8);
            match next(6) {
                0..=2 => assert_eq!(ours.insert(item), std.insert(item)),
                3 => assert_eq!(ours.remove(&item), std.remove(&item)),
                4 => assert_eq!(ours.pop_first(), std.pop_first()),
                _ => {
                    let a: Vec<_> = ours.range((item.0, 0)..).collect();
                    let b: Vec<_> = std.range((item.0, 0)..).collect();
                    assert_eq!(a, b);
                }
            }
            assert_eq!(ours.contains(&item), std.contains(&item));
            assert_eq!(ours.disorder(), None, "seed {seed} step {step}");
            assert!(ours.iter().eq(std.iter()), "seed {seed} step {step}");
        }
        let other: Set<(u8, u8)> = (0..6).map(|i| (i, i % 4)).collect();
        let std_other: BTreeSet<(u8, u8)> = (0..6).map(|i| (i, i % 4)).collect();
        assert!(ours.difference(&other).eq(std.difference(&std_other)));
        assert!(ours.intersection(&other).eq(std.intersection(&std_other)));
        assert_eq!(ours.is_subset(&other), std.is_subset(&std_other));
        assert_eq!(format!("{ours:?}"), format!("{std:?}"));
    }
}
