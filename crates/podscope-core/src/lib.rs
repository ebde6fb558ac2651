//! podscope-core: the pure core of podscope. It parses manifests, models the pod as the node
//! sets it up, simulates the kubelet on a virtual clock, renders what real tools print and
//! lays out the diagram. It knows nothing about browsers, terminals or wall-clock time.

pub mod command;
pub mod diag;
pub mod event;
pub mod ids;
pub mod image;
pub mod kubelet;
pub mod layout;
pub mod manifest;
pub mod namespace;
pub mod node;
pub mod rng;
pub mod spec;
pub mod time;
pub mod validate;
pub mod views;
pub mod world;

pub use command::{Command, CommandError};
pub use manifest::{Manifest, parse};
pub use world::World;

/// The seed a world uses unless the user picks one.
pub const DEFAULT_SEED: u64 = 1;

// The unit tests also run compiled to wasm32 in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
