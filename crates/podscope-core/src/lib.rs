//! podscope-core: the pure core of podscope. It parses manifests, models the pod as the node
//! sets it up, simulates the kubelet on a virtual clock, renders what real tools print and
//! lays out the diagram. It knows nothing about browsers, terminals or wall-clock time.

pub mod admit;
pub mod command;
pub mod diag;
pub mod event;
pub mod fields;
pub mod ids;
pub mod image;
pub mod kinds;
pub mod kubelet;
pub mod layout;
pub mod manifest;
pub mod namespace;
pub mod node;
pub mod resources;
pub mod rng;
pub mod scheduler;
pub mod spans;
pub mod spec;
pub mod time;
pub mod validate;
pub mod views;
pub mod world;

pub use command::{Command, CommandError};
pub use manifest::{Manifest, parse};
pub use world::World;

use diag::Diagnostic;

/// The seed a world uses unless the user picks one.
pub const DEFAULT_SEED: u64 = 1;

/// A manifest read, validated and admitted: the pods to run and everything worth saying.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub pods: Vec<spec::PodSpec>,
    pub workloads: Vec<admit::Workload>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses, validates and admits a manifest text. Names that controllers generate come from
/// `seed`, so the same text and seed always give the same pods.
pub fn load(text: &str, seed: u64) -> Loaded {
    let manifest = parse(text);
    // A generator of its own, so admission does not shift the world's IDs.
    let mut rng = rng::SeededRng::new(seed ^ 0x5EED_AD41_7000_0001);
    let admission = admit::admit(&manifest, &mut rng);
    let mut diagnostics = manifest.diagnostics;
    diagnostics.extend(admission.diagnostics);
    diagnostics.sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    Loaded {
        pods: admission.pods,
        workloads: admission.workloads,
        diagnostics,
    }
}

// The unit tests also run compiled to wasm32 in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
