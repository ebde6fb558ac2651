//! `kubectl rollout status|undo|restart|history|pause|resume`: kubectl pkg/cmd/rollout/
//! (rollout.go, rollout_status.go, rollout_undo.go, rollout_restart.go, rollout_history.go,
//! rollout_pause.go, rollout_resume.go: their flags and `Validate`).

use super::targets::{self, Targets};
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT, SELECTOR};

/// `kubectl rollout ACTION (TYPE NAME | TYPE/NAME)…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollout {
    pub namespace: String,
    pub action: RolloutAction,
    /// `TYPE` alone means every object of the type (the builder's empty selector).
    pub targets: Targets,
}

/// What `kubectl rollout` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutAction {
    /// `status`: the status viewer's line for each change it watches until the rollout is
    /// done (or only the current one with `--watch=false`).
    Status {
        watch: bool,
    },
    /// `undo [--to-revision=N]`: 0 is the previous revision.
    Undo {
        to_revision: i64,
    },
    Restart,
    /// `history [--revision=N]`.
    History {
        revision: i64,
    },
    Pause,
    Resume,
}

impl RolloutAction {
    /// The subcommand's name.
    pub fn name(self) -> &'static str {
        match self {
            RolloutAction::Status { .. } => "status",
            RolloutAction::Undo { .. } => "undo",
            RolloutAction::Restart => "restart",
            RolloutAction::History { .. } => "history",
            RolloutAction::Pause => "pause",
            RolloutAction::Resume => "resume",
        }
    }
}

const STATUS: &[Flag] = &[
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::bool("watch").short('w').modelled(),
    Flag::int("revision"),
    Flag::text("timeout"),
    SELECTOR,
];

const UNDO: &[Flag] = &[
    Flag::int("to-revision").modelled(),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    DRY_RUN,
    SELECTOR,
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
];

/// restart, pause and resume: files, `--field-manager`, `-l` and the print flags.
const PATCHING: &[Flag] = &[
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::string("field-manager"),
    SELECTOR,
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
];

const HISTORY: &[Flag] = &[
    Flag::int("revision").modelled(),
    SELECTOR,
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    // cobra finds the subcommand as the first word that is not a flag.
    let Some(at) = super::command_at(words) else {
        // `kubectl rollout` alone prints its help (cmdutil `DefaultSubCommandRun`).
        return Ok(Kubectl::NotModelled(format!("{path}'s help")));
    };
    let sub = words.get(at).map(String::as_str).unwrap_or_default();
    let flags = match sub {
        "status" => STATUS,
        "undo" => UNDO,
        "restart" | "pause" | "resume" => PATCHING,
        "history" => HISTORY,
        _ => {
            // `DefaultSubCommandRun` → `RequireNoArguments`: every argument, joined.
            let args: Vec<&str> = words
                .iter()
                .filter(|w| w.len() < 2 || !w.starts_with('-'))
                .map(String::as_str)
                .collect();
            return Err(KubectlError::usage(
                path,
                format!(
                    "unknown command {}",
                    crate::model::humanize::go_quote(&args.join(" "))
                ),
            ));
        }
    };
    let path = format!("{path} {sub}");
    let rest = super::without(words, at);
    let p = super::parse_flags(&path, flags, &rest)?;
    if let Some(not) = super::unmodelled(&path, &p) {
        return Ok(not);
    }
    let action = match sub {
        // rollout_status.go: `--watch` defaults to true.
        "status" => RolloutAction::Status {
            watch: !p.changed("watch") || p.bool("watch"),
        },
        "undo" => RolloutAction::Undo {
            to_revision: p.int("to-revision").unwrap_or(0),
        },
        "restart" => RolloutAction::Restart,
        "pause" => RolloutAction::Pause,
        "resume" => RolloutAction::Resume,
        _ => RolloutAction::History {
            revision: p.int("revision").unwrap_or(0),
        },
    };
    if p.args.is_empty() {
        return Err(KubectlError::message("required resource not specified"));
    }
    if let RolloutAction::History { revision } = action
        && revision < 0
    {
        return Err(KubectlError::message(format!(
            "revision must be a positive integer: {revision}"
        )));
    }
    let targets = targets::parse(&p.args).map_err(|e| KubectlError::message(e.to_string()))?;
    Ok(Kubectl::Rollout(Rollout {
        namespace: super::namespace_of(&p),
        action,
        targets,
    }))
}
