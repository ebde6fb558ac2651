//! podscope-core's integration tests: scenarios from manifest + actions to outputs.

// Under wasm32 `#[test]` is wasm-bindgen-test's, which clippy does not see as a test.
#![cfg_attr(target_arch = "wasm32", allow(clippy::unwrap_used))]

mod bounds;
mod compare;
mod corpus;
mod determinism;
mod events;
mod every;
mod examples;
mod fixtures;
mod jobs;
mod k8s_docs;
mod kubectl_patch;
mod layout;
mod node_views;
mod nodes;
mod play;
mod probes;
mod properties;
mod pulls_and_deletion;
mod readers;
mod robustness;
mod rollouts;
mod runtimes;
mod scenario_files;
mod scenarios;
mod schema;
#[cfg(not(target_arch = "wasm32"))]
mod schema_oracle;
mod service_accounts;
mod svg;
mod termination;
// Snapshot-only modules: insta does not build for wasm32, and a test there would assert nothing.
#[cfg(not(target_arch = "wasm32"))]
mod config_maps;
mod crictl;
#[cfg(not(target_arch = "wasm32"))]
mod node_sessions;
#[cfg(not(target_arch = "wasm32"))]
mod sessions;
#[cfg(not(target_arch = "wasm32"))]
mod storage;
mod wasm_agrees;
mod yaml;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
