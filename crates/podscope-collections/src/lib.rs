//! Ordered maps and sets kept as sorted vectors, and a stable sort with one copy of std's,
//! for the page's code size.
//!
//! std's `BTreeMap` and `BTreeSet` compile their node code (search, insert with splits,
//! remove with merges, range navigation, drop) once per key and value type: about 150 map
//! and set types made 367 KB of the page's wasm, 11.5% of its code (`cargo xtask size`,
//! docs/figures.md, issue 15). [`Map`] and [`Set`] have the same meaning (ascending order of
//! keys, `Ord` lookups, `Borrow` keys, the last insert of a key keeps its value) over one
//! sorted `Vec`: a binary search and a `Vec::insert` or `Vec::remove` per type.
//!
//! The cost is a shift on insert and remove in the middle, linear in the length. podscope's
//! maps are small (a pod's containers, a node's pods) or grow at their end (ids handed out in
//! order: [`Map::insert`] appends without a search when the key is the largest); a queue
//! that takes from its front and inserts anywhere (the simulation's timers) stays a
//! `BTreeSet`.

mod map;
mod set;
mod sort;

pub use map::{Entry, IntoIter, Iter, IterMut, Map, OccupiedEntry, VacantEntry};
pub use set::Set;
pub use sort::CompactSort;
