//! The `podscope` command: the same core as the playground, on the command line. FILE is
//! read by `input` (a manifest or a bundle); `svg` and `link` are their own modules.

mod input;
mod link;
mod svg;

/// Writes to stdout; when the reader has gone (`podscope run … | head`) the program ends
/// quietly, as ripgrep and the coreutils do, instead of panicking on EPIPE.
pub(crate) fn out(text: &str) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

use std::process::ExitCode;

use podscope_core::model::gates::FeatureGates;
use podscope_core::sim::world::WorldOptions;
use podscope_core::views::inspect::inspect;
use podscope_core::views::json::inspect_json;
use podscope_core::{DEFAULT_SEED, Runtime, World, load};

use input::{Failure, read, read_input};

const USAGE: &str = "\
usage: podscope check FILE...
       podscope inspect FILE [--runtime containerd|cri-o|docker] [--format text|json]
                             [--feature-gates MemoryQoS=true,...]
       podscope run FILE [--script SCRIPT] [--runtime containerd|cri-o|docker] [--seed N]
                             [--feature-gates MemoryQoS=true,...]
       podscope svg FILE [--script SCRIPT] [--at TIME | --stop N] [--theme light|dark] [--caption TEXT]
                             [--runtime R] [--seed N] [--feature-gates ...] > pod.svg
       podscope link FILE [--base URL] [--script SCRIPT] [--runtime R]
       podscope link --lengths

  check FILE...  validate manifests like the API server; print each problem as
                 FILE:LINE:COL: error|warning|notice: PATH: MESSAGE (FILE: … for a problem
                 with no place in the text); exit 1 on errors
  inspect FILE   set up the pods of FILE (YAML; `-` reads stdin) as the node would and print
                 their QoS, cgroups, oom_score_adj and each container's namespaces the way
                 `lsns -p PID` shows them (JSON shape: docs/json.md)
  run FILE       apply FILE, then play SCRIPT's timed actions (`at 5s kill demo/nginx`;
                 docs/scenarios.md) on the simulated clock and print a transcript: a
                 `[TIME] TARGET$ COMMAND` line and the output for every step, a `# TEXT`
                 line for each narration (`at 9s say TEXT`); `-` reads stdin
  svg FILE       the diagram the page draws, as a standalone SVG document: FILE's scenario
                 played to TIME (default: its end; 0 without one), in the light or dark
                 theme, captioned with the narration said last; --stop N: at the tour's
                 Nth stop, as the embed shows it (docs/svg.md)
  link FILE      the share link's fragment `#v1:…` (with --base URL, the whole link);
                 --lengths prints the table of each example's link length

FILE is a manifest or a bundle (a `#podscope v1 runtime=R` line, the YAML, then `---` and
a scenario; docs/scenarios.md); its scenario or --script, not both. --runtime wins over the
bundle's.";

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
        ["svg", file, opts @ ..] => match svg::SvgOptions::parse(opts) {
            Ok(o) => svg::run(file, &o),
            Err(e) => Failure::Usage(e).report(USAGE),
        },
        ["link", "--lengths"] => {
            out(&link::lengths());
            ExitCode::SUCCESS
        }
        ["link", file, opts @ ..] => match link::LinkOptions::parse(opts) {
            Ok(o) => link::run(file, &o),
            Err(e) => Failure::Usage(e).report(USAGE),
        },
        ["run", file, opts @ ..] => match RunOptions::parse(opts) {
            Ok(o) => run_scenario(file, &o),
            Err(e) => {
                eprintln!("error: {e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        ["-h" | "--help" | "help"] => {
            out(&format!("{USAGE}\n"));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Prints a manifest's diagnostics as `check` does (`FILE:LINE:COL: SEVERITY: PATH:
/// MESSAGE`, `Diagnostic::render`).
fn print_diagnostics(file: &str, loaded: &podscope_core::Loaded, to_stderr: bool) {
    for d in &loaded.diagnostics {
        let text = d.render(Some(file));
        if to_stderr {
            eprintln!("{text}");
        } else {
            out(&format!("{text}\n"));
        }
    }
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
        print_diagnostics(file, &loaded, false);
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
        for (name, value) in flag_values(args)? {
            if world_flag(&mut o.world, name, value)? {
                continue;
            }
            match name {
                "--format" => {
                    o.json = match value {
                        "json" => true,
                        "text" => false,
                        other => return Err(format!("unknown format {other:?}: text or json")),
                    }
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

/// Every option takes a value: `--name VALUE` or `--name=VALUE`, in order.
pub(crate) fn flag_values<'a>(args: &[&'a str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(&flag) = it.next() {
        let (name, value) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, v),
            _ => (flag, *it.next().ok_or(format!("{flag} needs a value"))?),
        };
        out.push((name, value));
    }
    Ok(out)
}

/// The options `inspect` and `run` share; whether `name` was one of them.
pub(crate) fn world_flag(
    world: &mut WorldOptions,
    name: &str,
    value: &str,
) -> Result<bool, String> {
    match name {
        "--runtime" => world.runtime = value.parse().map_err(|e| format!("{e}"))?,
        "--feature-gates" => {
            world.gates = value.parse::<FeatureGates>().map_err(|e| e.to_string())?;
        }
        _ => return Ok(false),
    }
    Ok(true)
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
    print_diagnostics(file, &manifest, true);
    if manifest.has_errors() {
        return ExitCode::FAILURE;
    }
    let mut world = World::from_loaded(&manifest, DEFAULT_SEED, opts.world);
    // The node pulls the images first; show the pods once it has started them.
    world.settle_pulls();
    if opts.json {
        out(&format!("{}\n", inspect_json(&world)));
    } else {
        out(&inspect(&world));
    }
    ExitCode::SUCCESS
}

/// `run`'s flags.
struct RunOptions {
    world: WorldOptions,
    runtime: Option<Runtime>,
    script: Option<String>,
    seed: u64,
}

impl RunOptions {
    fn parse(args: &[&str]) -> Result<Self, String> {
        let mut world = WorldOptions::default();
        let (mut script, mut seed, mut runtime) = (None, DEFAULT_SEED, None);
        for (name, value) in flag_values(args)? {
            match name {
                "--runtime" => runtime = Some(value.parse().map_err(|e| format!("{e}"))?),
                "--script" => script = Some(value.to_owned()),
                "--seed" => {
                    seed = value
                        .parse()
                        .map_err(|_| format!("--seed wants a whole number, not {value:?}"))?;
                }
                name if world_flag(&mut world, name, value)? => {}
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(RunOptions {
            world,
            runtime,
            script,
            seed,
        })
    }
}

/// `podscope run`: the manifest, then the scenario's steps (FILE's own, or `--script`'s)
/// on the simulated clock.
fn run_scenario(file: &str, opts: &RunOptions) -> ExitCode {
    let mut input = match read_input(file, opts.script.as_deref()) {
        Ok(i) => i,
        Err(f) => return f.report(USAGE),
    };
    if input.bundle.script.is_empty() {
        return Failure::Usage(format!(
            "run needs a scenario: --script FILE, or a bundle with one after `---` ({} has none)",
            if file == "-" { "<stdin>" } else { file }
        ))
        .report(USAGE);
    }
    input.read_apply_files();
    let mut world = match input.world(opts.seed, opts.world, opts.runtime) {
        Ok(w) => w,
        Err(f) => return f.report(USAGE),
    };
    input
        .bundle
        .script
        .run_played(&mut world, |played| out(&played.to_string()));
    ExitCode::SUCCESS
}
