//! The core's benchmark workloads, shared by the criterion benches
//! (crates/podscope-core/benches/pipeline.rs includes these modules by `#[path]`) and the
//! wasm32 timings in `tests/browser.rs`, plus the statistics and table the browser run prints.

pub mod chaos;
pub mod stats;
pub mod workloads;

#[cfg(test)]
mod tests;
