//! The `podscope` command: the same core as the playground, on the command line.

use std::process::ExitCode;

use podscope_core::views::inspect::inspect;
use podscope_core::{DEFAULT_SEED, World, load};

const USAGE: &str = "\
usage: podscope inspect FILE

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

fn run_inspect(file: &str) -> ExitCode {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(file)
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {file}: {e}");
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
