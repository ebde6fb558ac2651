//! podscope-core's integration tests: scenarios from manifest + actions to outputs.

mod scenarios;
mod wasm_agrees;
