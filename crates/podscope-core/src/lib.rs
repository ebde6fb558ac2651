//! podscope-core: the pure core of podscope. It parses manifests, models the pod as the node
//! sets it up, simulates the kubelet on a virtual clock, renders what real tools print and
//! lays out the diagram. It knows nothing about browsers, terminals or wall-clock time.
//!
//! The pipeline, one layer a step; each layer uses only the layers before it (a tidy test
//! checks):
//! 1. [`model`]: ids, time, the seeded generator, diagnostics, spans, quantities, the typed
//!    pod and cluster objects.
//! 2. [`admission`]: [`load`] = parse the YAML, validate, admit, schedule.
//! 3. [`sim`]: the [`World`] on its virtual clock: kubelet, runtimes, processes, controllers.
//! 4. [`views`]: what kubectl, crictl, docker, ps and lsns print; the diagram's geometry.
//! 5. [`scenario`]: [`Command`]s, carrying them out ([`apply`]), timed scripts, transcripts.
//!
//! The shell that runs inside containers is its own crate, `podscope-shell`.

pub mod admission;
pub mod model;
pub mod scenario;
pub mod sim;
pub mod views;

// The API boundary the web crate and the CLI use.
pub use admission::load::{Loaded, MAX_INPUT_BYTES, load};
pub use admission::manifest::{Manifest, parse};
pub use model::rng::DEFAULT_SEED;
pub use model::runtime::Runtime;
pub use scenario::bundle::{Bundle, BundleError};
pub use scenario::command::Command;
pub use scenario::dispatch::apply;
pub use scenario::link::{self as link, LinkError};
pub use sim::outcome::{CommandError, Output};
pub use sim::world::{World, WorldOptions};

/// The container shell, re-exported: the core implements its `Host`.
pub use podscope_shell as shell;

// The unit tests also run compiled to wasm32 in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
