//! `codegen`: writes the code podscope generates from its dependencies' sources. Run through
//! `cargo xtask readers`; a crate of its own without dependencies, so a generated file that no
//! longer compiles never stops its own generator from building.

mod readers;

use std::process::ExitCode;

/// Errors are messages for the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (this crate is crates/codegen).
pub fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["readers", rest @ ..] => readers::readers_cmd(rest),
        _ => Err("usage: codegen readers [--check]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("codegen: error: {e}");
            ExitCode::FAILURE
        }
    }
}
