//! podscope-shell, the container shell: a subset of busybox `ash` (the `sh` of busybox and alpine images;
//! Debian's dash behaves the same for this subset), parsed into a tree and run by a
//! resumable interpreter that yields whenever it must wait for the world. See
//! docs/shell.md for the supported subset and the `Host` contract. It depends on nothing of
//! podscope: the core implements `Host` (processes, files, the network) for it.

mod arith;
pub mod ast;
mod builtins;
mod command;
pub mod expand;
mod fds;
mod format;
mod glob;
pub mod host;
mod interp;
mod jobs;
mod lex;
mod parse;
mod pattern;
mod random;
mod signals;
mod test_cmd;
mod unwind;
mod vars;

#[cfg(test)]
mod tests;

pub use ast::{Script, SyntaxError};
pub use host::{
    ChildPid, ChildState, Dest, Env, Errno, ExecImage, FileKind, Host, Io, Lookup, Run, Source,
};
pub use interp::{
    Dialect, MAX_BUFFER_BYTES, MAX_FRAMES, STEPS_PER_RUN, Shell, Yield, resolve_path,
};
pub use lex::{MAX_NESTING, MAX_SCRIPT_BYTES};
pub use parse::{needs_more_input, parse};
pub use vars::VarTable;

// The unit tests also run compiled to wasm32 in headless Chromium (`wasm-pack test`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
