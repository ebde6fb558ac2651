//! The `podscope` command: the same core as the playground, on the command line.

use std::process::ExitCode;

use podscope_core::gates::FeatureGates;
use podscope_core::views::inspect::inspect;
use podscope_core::views::json::inspect_json;
use podscope_core::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

const USAGE: &str = "\
usage: podscope check FILE...
       podscope inspect FILE [--runtime containerd|cri-o|docker] [--format text|json]
                             [--feature-gates MemoryQoS=true,...]

  check FILE...  validate manifests like the API server; print each problem as
                 FILE:LINE:COL: error|warning|notice: PATH: MESSAGE; exit 1 on errors
  inspect FILE   set up the pods of FILE (YAML; `-` reads stdin) as the node would and print
                 their QoS, cgroups, oom_score_adj and each container's namespaces the way
                 `lsns -p PID` shows them (JSON shape: docs/json.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["inspect", file, opts @ ..] => match InspectOptions::parse(opts) {
            Ok(o) => run_inspect(file, &o),
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
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

/// `inspect`'s flags.
struct InspectOptions {
    world: WorldOptions,
    json: bool,
}

impl InspectOptions {
    fn parse(args: &[&str]) -> Result<Self, String> {
        let mut o = InspectOptions {
            world: WorldOptions::default(),
            json: false,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let flag: &str = flag;
            let (name, inline): (&str, Option<&str>) = match flag.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v)),
                _ => (flag, None),
            };
            let mut value = || {
                inline
                    .or_else(|| it.next().copied())
                    .ok_or(format!("{name} needs a value"))
            };
            match name {
                "--runtime" => o.world.runtime = value()?.parse().map_err(|e| format!("{e}"))?,
                "--format" => {
                    o.json = match value()? {
                        "json" => true,
                        "text" => false,
                        other => return Err(format!("unknown format {other:?}: text or json")),
                    }
                }
                "--feature-gates" => {
                    o.world.gates = value()?
                        .parse::<FeatureGates>()
                        .map_err(|e| e.to_string())?;
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

fn run_inspect(file: &str, opts: &InspectOptions) -> ExitCode {
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
    let world = World::with_cluster(manifest.pods, DEFAULT_SEED, opts.world, &manifest.cluster);
    if opts.json {
        println!("{}", inspect_json(&world));
    } else {
        print!("{}", inspect(&world));
    }
    ExitCode::SUCCESS
}
