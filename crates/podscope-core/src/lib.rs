//! podscope-core: the pure core of podscope. It parses manifests, models the pod as the node
//! sets it up, simulates the kubelet on a virtual clock, renders what real tools print and
//! lays out the diagram. It knows nothing about browsers, terminals or wall-clock time.

pub mod admit;
pub mod apply;
pub mod cluster;
pub mod command;
pub mod controllers;
pub mod debug;
pub mod delete;
pub mod diag;
pub mod env;
pub mod event;
pub mod examples;
pub mod exec;
pub mod fields;
pub mod fs;
pub mod gates;
pub mod humanize;
pub mod ids;
pub mod image;
pub mod kinds;
pub mod kubelet;
pub mod layout;
pub mod manifest;
pub mod namespace;
pub mod node;
pub mod probes;
pub mod process;
pub mod procs;
pub mod pull;
pub mod reapply;
pub mod resources;
pub mod rng;
pub mod runtime;
pub mod scenario;
pub mod scheduler;
pub mod shell;
pub mod spans;
pub mod spec;
pub mod status;
pub mod time;
pub mod validate;
pub mod views;
pub mod world;

pub use command::{Command, CommandError, Output};
pub use manifest::{Manifest, parse};
pub use runtime::Runtime;
pub use world::World;

use diag::Diagnostic;

/// The seed a world uses unless the user picks one.
pub const DEFAULT_SEED: u64 = 1;

/// The largest text `load` reads: the API server's 3 MiB limit on a request body
/// (staging/src/k8s.io/apiserver/pkg/server/config.go `MaxRequestBodyBytes`), applied to the
/// whole text so that no input can make the page hang.
pub const MAX_INPUT_BYTES: usize = 3 * 1024 * 1024;

/// A manifest read, validated and admitted: the pods to run and everything worth saying.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub pods: Vec<spec::PodSpec>,
    /// The objects accepted, in the manifest's order (what `kubectl apply` would report).
    pub objects: Vec<admit::Admitted>,
    /// Nodes, namespaces, Services, ConfigMaps and Secrets.
    pub cluster: cluster::Cluster,
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
    if text.len() > MAX_INPUT_BYTES {
        let message = format!(
            "the manifest is {} bytes; podscope reads at most {MAX_INPUT_BYTES} (the API server's request body limit)",
            text.len()
        );
        return Loaded {
            diagnostics: vec![Diagnostic::error(None, message)],
            ..Loaded::default()
        };
    }
    let manifest = parse(text);
    // A generator of its own, so admission does not shift the world's IDs.
    let mut rng = rng::SeededRng::new(seed ^ 0x5EED_AD41_7000_0001);
    let admission = admit::admit(&manifest, &mut rng);
    let mut diagnostics = manifest.diagnostics;
    diagnostics.extend(admission.diagnostics);
    diagnostics.sort_by_key(|d| d.location.map(|l| (l.line, l.column)));
    Loaded {
        pods: admission.pods,
        objects: admission.objects,
        cluster: admission.cluster,
        diagnostics,
    }
}

// The unit tests also run compiled to wasm32 in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
