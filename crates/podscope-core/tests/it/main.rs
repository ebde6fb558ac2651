//! podscope-core's integration tests: scenarios from manifest + actions to outputs.

mod scenarios;
mod wasm_agrees;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
