//! The `podscope` command: the same core as the playground, on the command line.

use std::process::ExitCode;

use podscope_core::views::inspect::inspect;
use podscope_core::{DEFAULT_SEED, World, load};

const USAGE: &str = "\
usage: podscope check FILE...
       podscope inspect FILE

  check FILE...  validate manifests like the API server; print each problem as
                 FILE:LINE:COL: error|warning|notice: PATH: MESSAGE; exit 1 on errors
  inspect FILE   set up the pods of FILE (YAML; `-` reads stdin) as containerd would and
                 print each container's namespaces the way `lsns -p PID` shows them";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["inspect", file] => run_inspect(file),
        ["check", files @ ..] if !files.is_empty() => run_check(files),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read(file: &str) -> Result<String, String> {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read(file).map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    text.map_err(|e| format!("{file}: {e}"))
}

/// `podscope check`: compiler-style diagnostics for every file.
fn run_check(files: &[&str]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let text = match read(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let loaded = load(&text, DEFAULT_SEED);
        for d in &loaded.diagnostics {
            let (line, col) = d.location.map_or((1, 1), |l| (l.line, l.column));
            println!(
                "{file}:{line}:{col}: {}: {}",
                d.severity.as_str(),
                d.full_message()
            );
        }
        failed |= loaded.has_errors();
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_inspect(file: &str) -> ExitCode {
    let text = match read(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let manifest = load(&text, DEFAULT_SEED);
    for d in &manifest.diagnostics {
        eprintln!("{file}: {d}");
    }
    if manifest.has_errors() {
        return ExitCode::FAILURE;
    }
    let world = World::new(manifest.pods, DEFAULT_SEED);
    print!("{}", inspect(&world));
    ExitCode::SUCCESS
}
