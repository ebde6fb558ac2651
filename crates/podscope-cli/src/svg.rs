//! `podscope svg FILE`: the diagram the page draws, at a moment of the scenario, as a
//! standalone SVG document on stdout (`podscope_core::views::svg`, docs/svg.md).

use std::process::ExitCode;

use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::script::{MAX_TIME, Scenario, duration};
use podscope_core::views::layout;
use podscope_core::views::svg::{Theme, to_svg_with};
use podscope_core::{DEFAULT_SEED, Runtime, World, WorldOptions};

use crate::input::{Failure, read_input};
use crate::{USAGE, flag_values, world_flag};

/// `svg`'s flags.
pub(crate) struct SvgOptions {
    world: WorldOptions,
    runtime: Option<Runtime>,
    script: Option<String>,
    seed: u64,
    at: Option<SimDuration>,
    /// A tour stop, from 1: the moment its narration shows.
    stop: Option<usize>,
    theme: Theme,
    /// `None`: the narration in force at that moment; `Some("")`: none.
    caption: Option<String>,
}

impl SvgOptions {
    pub(crate) fn parse(args: &[&str]) -> Result<Self, String> {
        let mut o = SvgOptions {
            world: WorldOptions::default(),
            runtime: None,
            script: None,
            seed: DEFAULT_SEED,
            at: None,
            stop: None,
            theme: Theme::Light,
            caption: None,
        };
        for (name, value) in flag_values(args)? {
            match name {
                "--runtime" => o.runtime = Some(value.parse().map_err(|e| format!("{e}"))?),
                "--script" => o.script = Some(value.to_owned()),
                "--seed" => {
                    o.seed = value
                        .parse()
                        .map_err(|_| format!("--seed wants a whole number, not {value:?}"))?;
                }
                "--at" => {
                    let at = duration::parse(value).map_err(|e| format!("--at {value}: {e}"))?;
                    if at > MAX_TIME {
                        return Err(format!("--at {value}: a scenario runs at most {MAX_TIME}"));
                    }
                    o.at = Some(at);
                }
                "--stop" => {
                    o.stop = Some(value.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        format!("--stop wants a tour stop's number, 1 or more, not {value:?}")
                    })?);
                }
                "--theme" => o.theme = value.parse().map_err(|e| format!("{e}"))?,
                "--caption" => o.caption = Some(value.to_owned()),
                name if world_flag(&mut o.world, name, value)? => {}
                other => return Err(format!("unknown option {other}")),
            }
        }
        if o.at.is_some() && o.stop.is_some() {
            return Err("--at and --stop both choose the moment: give one".to_owned());
        }
        Ok(o)
    }
}

/// Plays `script`'s steps up to `until` (those at `until` too) as `Scenario::run` does,
/// then moves the clock to `until`. A step that fails is reported on stderr and the play
/// goes on, as in `podscope run`.
fn play_to(world: &mut World, script: &Scenario, until: SimDuration) {
    for step in script.steps().iter().take_while(|s| s.at <= until) {
        world.advance_to(SimTime::ZERO + step.at);
        if let Err(e) = podscope_core::apply(world, &step.command) {
            eprintln!("warning: at {} {}: {e}", step.at, step.command);
        }
    }
    world.advance_to(SimTime::ZERO + until);
}

/// The caption at `at`: the narration said last at or before it.
fn narration_at(script: &Scenario, at: SimDuration) -> Option<&str> {
    script
        .narration()
        .iter()
        .rev()
        .find(|n| n.at <= at)
        .map(|n| n.text.as_str())
}

/// `podscope svg`: FILE's world, its scenario played to `--at` (default: the scenario's
/// end, or time zero without one), drawn.
pub(crate) fn run(file: &str, opts: &SvgOptions) -> ExitCode {
    let mut input = match read_input(file, opts.script.as_deref()) {
        Ok(i) => i,
        Err(f) => return f.report(USAGE),
    };
    input.read_apply_files();
    let mut world = match input.world(opts.seed, opts.world, opts.runtime) {
        Ok(w) => w,
        Err(f) => return f.report(USAGE),
    };
    let script = &input.bundle.script;
    let said = match opts.stop {
        // A tour's stop, as the embed's Next and Back reach it: the steps written before
        // its narration, the clock at its time (`Scenario::run_to_stop`).
        Some(n) => match script.stop(n - 1) {
            Some(stop) => {
                let _ = script.run_to_stop(&mut world, n - 1);
                Some(stop.narration.text.as_str())
            }
            None => {
                let stops = script.stops().len();
                return Failure::Usage(format!(
                    "--stop {n}: {} has {stops} tour stop{} (one per `say` step)",
                    if file == "-" { "<stdin>" } else { file },
                    if stops == 1 { "" } else { "s" }
                ))
                .report(USAGE);
            }
        },
        None => {
            let at = opts.at.unwrap_or_else(|| script.horizon());
            play_to(&mut world, script, at);
            narration_at(script, at)
        }
    };
    let caption = match &opts.caption {
        Some(c) => Some(c.as_str()).filter(|c| !c.trim().is_empty()),
        None => said,
    };
    crate::out(&to_svg_with(&layout::diagram(&world), opts.theme, caption));
    ExitCode::SUCCESS
}
