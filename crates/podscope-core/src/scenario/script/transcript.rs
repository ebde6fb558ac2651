//! Running a scenario into a world, and the transcript it leaves: for each step a header line
//! that reads like a terminal prompt (`[1m30s] demo/busybox$ LINE`, `[6s] node$ LINE`, or the
//! action itself for kills), then what the command printed, errors as the real tools word them.

use std::fmt;

use super::{Beat, Narration, Scenario, Step, interleave};
use crate::model::time::{SimDuration, SimTime};
use crate::scenario::command::Command;
use crate::sim::outcome::{CommandError, Output};
use crate::sim::world::World;

/// One step as it ran: when, what, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The world's clock when the step ran.
    pub at: SimTime,
    pub command: Command,
    pub result: Result<Output, CommandError>,
    /// For a line typed into a session, the shell's prompt before it ran (`/etc # `).
    pub ps1: Option<String>,
}

/// Every step of a run, in order, and the narration among them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    /// The narration of the steps that ran; `before_step` is an index in `entries`.
    pub narration: Vec<Narration>,
}

/// What a run hands on, in the scenario's order: a narration line, or a step as it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Played<'a> {
    Say(&'a Narration),
    Ran(Box<Entry>),
}

impl Scenario {
    /// Runs the steps in order: advances the world's clock to each step's time (steps count
    /// from the world's time zero, when the manifest was applied; a step whose time has passed
    /// runs at once) and applies it. A failing step is recorded and the run goes on. Narration
    /// does nothing to the world; the transcript keeps it at its place. At the end the clock
    /// advances to the horizon: the `end` marker, else the last step or narration.
    pub fn run(&self, world: &mut World) -> Transcript {
        let mut entries = Vec::with_capacity(self.steps.len());
        self.run_each(world, |e| entries.push(e));
        Transcript {
            entries,
            narration: self.narration.clone(),
        }
    }

    /// Like `run`, handing each step's entry to `each` as it runs instead of keeping them all.
    pub fn run_each(&self, world: &mut World, mut each: impl FnMut(Entry)) {
        self.run_played(world, |played| {
            if let Played::Ran(entry) = played {
                each(*entry);
            }
        });
    }

    /// Like `run_each`, with the narration handed on at its place among the steps
    /// (`podscope run` prints them so: a long script's outputs need not all be in memory).
    pub fn run_played<'a>(&'a self, world: &mut World, mut each: impl FnMut(Played<'a>)) {
        self.provide_files(world);
        let horizon = self.horizon();
        let mut index = 0;
        let _: Result<(), std::convert::Infallible> =
            interleave(&self.narration, &self.steps, |beat| {
                each(match beat {
                    Beat::Say(narration) => Played::Say(narration),
                    Beat::Do(step) => {
                        index += 1;
                        let next = self.steps.get(index).map_or(horizon, |s| s.at);
                        Played::Ran(Box::new(run_step(world, step, next)))
                    }
                });
                Ok(())
            });
        world.advance_to(SimTime::ZERO + horizon);
    }
}

/// Advances the world's clock to the step's time and carries it out; a command that watches
/// (`kubectl rollout status`) runs until it ends or the reader interrupts it to type the
/// next step, at `next`.
fn run_step(world: &mut World, step: &Step, next: SimDuration) -> Entry {
    world.advance_to(SimTime::ZERO + step.at);
    let at = world.now();
    let ps1 = crate::scenario::dispatch::prompt_before(world, &step.command);
    world.set_interrupt_at(Some(SimTime::ZERO + next.max(step.at)));
    let result = crate::scenario::dispatch::apply(world, &step.command);
    world.set_interrupt_at(None);
    Entry {
        at,
        command: step.command.clone(),
        result,
        ps1,
    }
}

/// Runs `steps` in order, then advances the clock to `until`: a stretch of a scenario (a
/// tour's segment).
pub(super) fn run_steps(world: &mut World, steps: &[Step], until: SimDuration) -> Vec<Entry> {
    let entries = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let next = steps.get(i + 1).map_or(until, |s| s.at);
            run_step(world, step, next)
        })
        .collect();
    world.advance_to(SimTime::ZERO + until);
    entries
}

impl Entry {
    /// The prompt-like first line: `[TIME] PROMPT` (see `prompt`).
    pub fn header(&self) -> String {
        format!("[{}] {}", self.at, self.prompt())
    }

    /// The header without its time: `POD/CONTAINER$ LINE` for `exec`, `POD/CONTAINER PS1LINE`
    /// for a line typed into a session (`demo/busybox /etc # pwd`), `node$ LINE` (or
    /// `NODE$ LINE`) for node commands, the action itself (the scenario text) for kills and
    /// deletes. The page's terminal shows it above each command's output.
    pub fn prompt(&self) -> String {
        match &self.command {
            Command::Exec { target, line } => format!("{target}$ {line}"),
            Command::Session { target, line, .. } => match &self.ps1 {
                Some(ps1) => format!("{target} {ps1}{line}"),
                None => format!("{target}$ {line}"),
            },
            Command::NodeSession { line, .. } => match &self.ps1 {
                Some(ps1) => format!("{ps1}{line}"),
                None => format!("node$ {line}"),
            },
            Command::Node { node: None, line } => format!("node$ {line}"),
            Command::Node {
                node: Some(n),
                line,
            } => format!("{n}$ {line}"),
            Command::Apply(source) => format!(
                "node$ kubectl apply -f {}",
                source.file.as_deref().unwrap_or("-")
            ),
            other => other.to_string(),
        }
    }

    /// What the step printed after its header (empty, or ending in a newline).
    pub fn body(&self) -> String {
        let mut out = match &self.result {
            Ok(output) => {
                let mut text = output.text.clone();
                // kubectl exec reports a non-zero status of the remote command on stderr
                // (client-go tools/remotecommand `CodeExitError`).
                // In a session only the shell's own exit status is reported (`exit 3`, or
                // 137 when the container's end killed it): the status of a command typed at
                // its prompt stays in the shell's `$?`.
                let remote = matches!(self.command, Command::Exec { .. } | Command::Session { .. });
                if remote && output.status != 0 {
                    end_line(&mut text);
                    text.push_str(&format!(
                        "command terminated with exit code {}",
                        output.status
                    ));
                }
                text
            }
            Err(e) => error_text(&self.command, e),
        };
        end_line(&mut out);
        out
    }
}

/// Ends a non-empty text with a newline, as the next prompt starts on a line of its own.
fn end_line(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// A failed step's message, as kubectl prints it: API errors as `Error from server (REASON):
/// MESSAGE` (kubectl/pkg/cmd/util/helpers.go `StandardErrorMessage`), client-side errors as
/// `error: MESSAGE`.
fn error_text(command: &Command, e: &CommandError) -> String {
    match e {
        CommandError::NoSuchPod(_) | CommandError::NoSuchDeployment { .. } => {
            format!("Error from server (NotFound): {e}")
        }
        // The API server's exec and log subresources (pkg/registry/core/pod/strategy.go
        // `streamLocation`): a BadRequest for a container the pod does not have.
        CommandError::NoSuchContainer(..) => format!("Error from server (BadRequest): {e}"),
        // kubectl exec into a container that is not running: the kubelet finds no running
        // container to exec in, and the upgrade to a stream fails.
        CommandError::NotRunning(_, c)
            if matches!(command, Command::Exec { .. } | Command::Session { .. }) =>
        {
            format!("error: unable to upgrade connection: container not found (\"{c}\")")
        }
        _ => format!("error: {e}"),
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.header())?;
        f.write_str(&self.body())
    }
}

impl fmt::Display for Played<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Played::Say(narration) => writeln!(f, "# {}", narration.text),
            Played::Ran(entry) => entry.fmt(f),
        }
    }
}

/// The entries, each narration as a `# TEXT` line at its place.
impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        interleave(&self.narration, &self.entries, |beat| match beat {
            Beat::Say(narration) => Played::Say(narration).fmt(f),
            Beat::Do(entry) => entry.fmt(f),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admission::load::load;
    use crate::scenario::examples::DEMO;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn demo() -> World {
        World::from_loaded(
            &load(DEMO, crate::model::rng::DEFAULT_SEED),
            crate::model::rng::DEFAULT_SEED,
            crate::sim::world::WorldOptions::default(),
        )
    }

    #[test]
    fn runs_steps_at_their_times_and_keeps_going_after_errors() {
        let script: Scenario = "at 5s kill demo/nginx\nat 5s kill demo/nginx\nat 6s kill nope/x\n\
                                at 7s exec demo/nope -- ls\nat 8s kill deployment/web/x\nat 1m end\n"
            .parse()
            .unwrap();
        let mut world = demo();
        let t = script.run(&mut world);
        assert_eq!(world.now(), SimTime::from_millis(60_000));
        assert_eq!(
            world.pods().next().expect("a pod").containers[1].restart_count,
            1
        );
        assert_eq!(
            t.to_string(),
            "[5s] kill demo/nginx\n\
             [5s] kill demo/nginx\n\
             error: container nginx in pod demo is not running\n\
             [6s] kill nope/x\n\
             Error from server (NotFound): pods \"nope\" not found\n\
             [7s] demo/nope$ ls\n\
             Error from server (BadRequest): container nope is not valid for pod demo\n\
             [8s] kill deployment/web/x\n\
             Error from server (NotFound): deployments.apps \"web\" not found\n"
        );
    }

    #[test]
    fn exec_headers_read_like_a_prompt_and_report_the_exit_code() {
        let script: Scenario =
            "at 1m30s exec demo/busybox -- frobnicate -x\nat 1m31s node -- kubectl get pods\n"
                .parse()
                .unwrap();
        let mut world = demo();
        let t = script.run(&mut world);
        let first = &t.entries[0];
        assert_eq!(first.header(), "[1m30s] demo/busybox$ frobnicate -x");
        assert_eq!(t.entries[1].header(), "[1m31s] node$ kubectl get pods");
        let Ok(out) = &first.result else {
            panic!("{:?}", first.result)
        };
        if out.status != 0 {
            assert!(first.body().ends_with(&format!(
                "command terminated with exit code {}\n",
                out.status
            )));
        }
        assert_eq!(world.now(), SimTime::from_millis(91_000));
    }

    #[test]
    fn exec_into_a_stopped_container_fails_like_kubectl() {
        let e = Entry {
            at: SimTime::ZERO,
            command: "exec demo/nginx -- ls".parse().unwrap(),
            result: Err(CommandError::NotRunning(
                crate::model::ids::ObjectKey::new("default", "demo"),
                crate::model::ids::ContainerName("nginx".into()),
            )),
            ps1: None,
        };
        assert_eq!(
            e.to_string(),
            "[0s] demo/nginx$ ls\nerror: unable to upgrade connection: container not found (\"nginx\")\n"
        );
    }
}
