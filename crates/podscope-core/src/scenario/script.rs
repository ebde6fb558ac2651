//! Scenarios: a manifest's timed actions (`at 5s kill demo/nginx`) as data, their text form,
//! and replaying them into a world. The CLI's `run`, the page's recording, share links and
//! tours all use this one format (docs/scenarios.md).

pub mod duration;
mod parse;
pub mod tour;
pub mod transcript;

use std::fmt;
use std::str::FromStr;

use crate::model::time::SimDuration;
use crate::scenario::command::Command;

pub use tour::Stop;
pub use transcript::{Entry, Played, Transcript};

/// The most steps a scenario may hold, narration included.
pub const MAX_STEPS: usize = 10_000;

/// The latest time a step (or the end marker) may name: 30 simulated days.
pub const MAX_TIME: SimDuration = SimDuration::from_secs(30 * 24 * 3600);

/// One timed action: `at DURATION ACTION`, the time counted from the moment the manifest is
/// applied (the world's time zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: SimDuration,
    pub command: Command,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {} {}", self.at, self.command)
    }
}

/// A narration step, `at 9s say Now kill nginx and watch the IP stay.`: words for the reader
/// at that place of the scenario. It does nothing to the world; a guided tour stops at each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Narration {
    pub at: SimDuration,
    /// The index in `Scenario::steps` of the first command step written after it (the number
    /// of steps before it).
    pub before_step: usize,
    /// The text as typed, without the spaces at its ends: one line, never empty. It is shown
    /// as text, never as markup.
    pub text: String,
}

impl fmt::Display for Narration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {} say {}", self.at, self.text)
    }
}

/// One place in a walk through steps (or their entries) with the narration among them.
pub(crate) enum Beat<'a, T> {
    Say(&'a Narration),
    Do(T),
}

/// Walks `items` (the steps, or the entries of their run) in order with each narration at its
/// place: before the item its `before_step` names, the rest after the last item.
pub(crate) fn interleave<'a, T, E>(
    narration: &'a [Narration],
    items: impl IntoIterator<Item = T>,
    mut visit: impl FnMut(Beat<'a, T>) -> Result<(), E>,
) -> Result<(), E> {
    let mut said = narration.iter().peekable();
    for (index, item) in items.into_iter().enumerate() {
        while let Some(narration) = said.next_if(|n| n.before_step <= index) {
            visit(Beat::Say(narration))?;
        }
        visit(Beat::Do(item))?;
    }
    said.try_for_each(|narration| visit(Beat::Say(narration)))
}

/// Ordered steps and narration, never going back in time, and an optional end (`at 5m end`)
/// that the clock runs to after the last step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    steps: Vec<Step>,
    narration: Vec<Narration>,
    end: Option<SimDuration>,
    /// The files its node commands read (`kubectl apply -f FILE`), once read
    /// (`read_files`): the node has them when the scenario runs.
    files: std::collections::BTreeMap<String, String>,
}

/// Where a scenario text (or a step added to a scenario) went wrong: a 1-based line and column
/// (in characters) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: usize,
    pub column: usize,
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is larger than `crate::admission::load::MAX_INPUT_BYTES`.
    TooLarge {
        bytes: usize,
    },
    /// A line that is neither a step, a `#` comment nor blank.
    ExpectedAt {
        found: String,
    },
    MissingDuration,
    Duration(duration::DurationError),
    MissingAction,
    /// `say` with nothing after it.
    MissingNarration,
    /// The action did not parse (the command parser's message).
    Action(String),
    /// A step earlier than the one before it.
    BackInTime {
        at: SimDuration,
        previous: SimDuration,
        previous_line: usize,
    },
    TooLate {
        at: SimDuration,
    },
    TooManySteps,
    /// A step after the end marker.
    AfterEnd {
        end_line: usize,
    },
    /// An action whose text form would not read back as the same action (a line break in an
    /// `exec` line or a narration, a namespace named `deployment`).
    NotWritable(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::TooLarge { bytes } => write!(
                f,
                "the scenario is {bytes} bytes; podscope reads at most {}",
                crate::admission::load::MAX_INPUT_BYTES
            ),
            ErrorKind::ExpectedAt { found } => write!(
                f,
                "expected `at DURATION ACTION`, a `#` comment or a blank line, found {found:?}"
            ),
            ErrorKind::MissingDuration => {
                f.write_str("expected a duration after `at`, like 500ms, 90s, 1m30s or 2h")
            }
            ErrorKind::Duration(e) => e.fmt(f),
            ErrorKind::MissingAction => f.write_str(
                "expected an action after the time: `kill POD/CONTAINER [--signal SIG]`, \
                 `kill-sandbox POD`, `exec POD/CONTAINER -- LINE`, `node -- LINE`, `say TEXT` or `end`",
            ),
            ErrorKind::MissingNarration => {
                f.write_str("expected the words to say after `say`, like `at 9s say Now kill nginx`")
            }
            ErrorKind::Action(m) => f.write_str(m),
            ErrorKind::BackInTime {
                at,
                previous,
                previous_line,
            } => write!(
                f,
                "step at {at} goes back in time: line {previous_line} is at {previous}; \
                 steps must be in time order"
            ),
            ErrorKind::TooLate { at } => write!(
                f,
                "{at} is too late: a scenario may last at most {MAX_TIME} (30 days)"
            ),
            ErrorKind::TooManySteps => {
                write!(
                    f,
                    "too many steps: a scenario holds at most {MAX_STEPS}, narration included"
                )
            }
            ErrorKind::AfterEnd { end_line } => {
                write!(f, "no step may follow the `end` on line {end_line}")
            }
            ErrorKind::NotWritable(text) => write!(
                f,
                "the action {text:?} cannot be written as one scenario line that reads back the same"
            ),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.kind)
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    pub fn new() -> Self {
        Scenario::default()
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The narration steps, in order (a tour's stops).
    pub fn narration(&self) -> &[Narration] {
        &self.narration
    }

    /// Whether it holds nothing: no step, no narration, no end marker.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.narration.is_empty() && self.end.is_none()
    }

    /// The time of the `end` marker, if there is one.
    pub fn end(&self) -> Option<SimDuration> {
        self.end
    }

    /// Where the clock stands once the scenario has run: the end marker, else the last step or
    /// narration, else zero.
    pub fn horizon(&self) -> SimDuration {
        self.end
            .or_else(|| self.last_at())
            .unwrap_or(SimDuration::ZERO)
    }

    /// The time of the last step or narration.
    fn last_at(&self) -> Option<SimDuration> {
        let step = self.steps.last().map(|s| s.at);
        let said = self.narration.last().map(|n| n.at);
        step.max(said)
    }

    /// The line the next step or narration would have in the text form (heredocs aside).
    fn next_line(&self) -> usize {
        self.steps.len() + self.narration.len() + 1
    }

    /// Appends a step, with the same rules as the text: in time order, within the limits,
    /// before any end marker, and writable as a line that reads back the same. The error's line
    /// is the line the step would have in the text form.
    pub fn push(&mut self, at: SimDuration, command: Command) -> Result<(), ScenarioError> {
        self.check_append(at, || {
            let text = command.to_string();
            let reads_back = match &command {
                // An inline manifest is written as a heredoc, which reads back by construction.
                Command::Apply(crate::scenario::command::ApplySource { file: None, .. }) => true,
                _ => {
                    !text.contains(['\n', '\r'])
                        && text.parse::<Command>().is_ok_and(|back| back == command)
                }
            };
            match reads_back {
                true => Ok(()),
                false => Err(ErrorKind::NotWritable(text)),
            }
        })?;
        self.steps.push(Step { at, command });
        Ok(())
    }

    /// Appends a narration step after the steps so far, with the same rules as the text: `text`
    /// is one line and not blank (its ends are trimmed), in time order, before any end marker.
    pub fn say(&mut self, at: SimDuration, text: &str) -> Result<(), ScenarioError> {
        let text = text.trim();
        self.check_append(at, || {
            if text.is_empty() {
                Err(ErrorKind::MissingNarration)
            } else if text.contains(['\n', '\r']) {
                Err(ErrorKind::NotWritable(format!("say {text}")))
            } else {
                Ok(())
            }
        })?;
        self.narration.push(Narration {
            at,
            before_step: self.steps.len(),
            text: text.to_owned(),
        });
        Ok(())
    }

    /// The rules for appending at `at` (before any end marker, in time order, within the
    /// limits), then `writable`'s; an error names the line the addition would have.
    fn check_append(
        &self,
        at: SimDuration,
        writable: impl FnOnce() -> Result<(), ErrorKind>,
    ) -> Result<(), ScenarioError> {
        let line = self.next_line();
        let checked = match self.end {
            Some(_) => Err(ErrorKind::AfterEnd { end_line: line }),
            None => self.check_next(at, line - 1).and_then(|()| writable()),
        };
        checked.map_err(|kind| ScenarioError {
            line,
            column: 1,
            kind,
        })
    }

    /// Reads the files `apply FILE` steps name, with `read` (the CLI reads them beside the
    /// scenario file); a file `read` cannot give stays unread and its step fails with
    /// kubectl's message when it runs.
    ///
    /// The files the node's `kubectl` commands name (`apply|create|delete -f FILE`,
    /// `--from-file`) are read too, and given to the node when the scenario runs; a
    /// `https://k8s.io/examples/X` URL is read as `X` (the docs' example).
    pub fn read_files(&mut self, mut read: impl FnMut(&str) -> Option<String>) {
        for step in &mut self.steps {
            match &mut step.command {
                Command::Apply(source) => {
                    if let Some(file) = &source.file {
                        source.text = read(file);
                    }
                }
                Command::Node { line, .. } | Command::NodeSession { line, .. } => {
                    for name in crate::model::kubectl::files::named_files(line) {
                        if self.files.contains_key(&name) {
                            continue;
                        }
                        let path =
                            crate::model::kubectl::files::example_path(&name).unwrap_or(&name);
                        if let Some(text) = read(path) {
                            self.files.insert(name, text);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Gives the node the files `read_files` read.
    pub(crate) fn provide_files(&self, world: &mut crate::sim::world::World) {
        if !self.files.is_empty() {
            world.provide_files(&self.files);
        }
    }

    /// Sets the end marker: the time the clock runs to after the last step.
    pub fn set_end(&mut self, at: SimDuration) -> Result<(), ScenarioError> {
        let line = self.next_line();
        self.check_time(at, line - 1)
            .map_err(|kind| ScenarioError {
                line,
                column: 1,
                kind,
            })?;
        self.end = Some(at);
        Ok(())
    }

    /// The rules for one more step at `at`; `previous_line` is the line of the last step, for
    /// the message.
    pub(crate) fn check_next(
        &self,
        at: SimDuration,
        previous_line: usize,
    ) -> Result<(), ErrorKind> {
        self.check_time(at, previous_line)?;
        if self.steps.len() + self.narration.len() >= MAX_STEPS {
            return Err(ErrorKind::TooManySteps);
        }
        Ok(())
    }

    pub(crate) fn check_time(
        &self,
        at: SimDuration,
        previous_line: usize,
    ) -> Result<(), ErrorKind> {
        if at > MAX_TIME {
            return Err(ErrorKind::TooLate { at });
        }
        match self.last_at() {
            Some(previous) if at < previous => Err(ErrorKind::BackInTime {
                at,
                previous,
                previous_line,
            }),
            _ => Ok(()),
        }
    }
}

impl FromStr for Scenario {
    type Err = ScenarioError;

    /// Reads the text form: one `at DURATION ACTION` or `at DURATION say TEXT` per line, `#`
    /// comments, blank lines, and an optional last `at DURATION end`.
    fn from_str(s: &str) -> Result<Self, ScenarioError> {
        parse::parse(s)
    }
}

/// The text form: one step per line, each narration at its place among them, then the end
/// marker; it parses back to the same scenario.
impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        interleave(&self.narration, &self.steps, |beat| match beat {
            Beat::Say(narration) => writeln!(f, "{narration}"),
            Beat::Do(step) => writeln!(f, "{step}"),
        })?;
        if let Some(end) = self.end {
            writeln!(f, "at {end} end")?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
