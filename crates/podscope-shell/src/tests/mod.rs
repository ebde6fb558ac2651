//! Tests of the shell: parser errors, expansion and the interpreter against a fake host.

mod fake;
mod fuzz;
mod interactive;
mod interp;
mod parse;
#[cfg(not(target_arch = "wasm32"))]
mod stack;
