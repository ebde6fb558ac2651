//! The "examples" part of the reducer: an example loaded under its runtime with its script
//! played (and its transcript on the terminal), the confirmation before an example replaces
//! the user's own text and the way back to that text, the clock's reset to time zero, and a
//! saved text the page stopped on, shown without running until the user asks.

use std::rc::Rc;

use podscope_core::model::runtime::Runtime;
use podscope_core::scenario::examples::ExampleId;
use podscope_core::scenario::script::Scenario;

use super::{EditMode, State, last_inline_apply};

/// The user's text an example replaced, and the runtime its world ran under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Previous {
    pub text: String,
    pub runtime: Runtime,
}

/// Whether `text` is one an example puts in the editor: its manifest, or the manifest its
/// script applies last (the editor shows what the world last took).
pub fn is_example_text(text: &str) -> bool {
    ExampleId::ALL.into_iter().any(|id| {
        let example = id.get();
        example.yaml == text
            || example
                .script
                .parse::<Scenario>()
                .ok()
                .and_then(|s| last_inline_apply(&s))
                .is_some_and(|applied| applied == text)
    })
}

impl State {
    /// Whether the editor holds the user's own work: some text that is no example's.
    pub fn is_own_work(&self) -> bool {
        !self.yaml.trim().is_empty() && !is_example_text(&self.yaml)
    }

    /// Whether "Undo: restore your text" has something to restore.
    pub fn can_restore(&self) -> bool {
        self.previous.as_ref().is_some_and(|p| p.text != self.yaml)
    }

    /// `Msg::Example`: the user's own text is not replaced without a confirmation.
    pub(super) fn choose_example(self: Rc<Self>, id: ExampleId) -> Rc<Self> {
        if self.is_own_work() {
            return self.with(|s| s.pending_example = Some(id));
        }
        Rc::new((*self).clone().load_example(id))
    }

    /// `Msg::ConfirmExample`.
    pub(super) fn confirm_example(self: Rc<Self>) -> Rc<Self> {
        match self.pending_example {
            Some(id) => Rc::new((*self).clone().load_example(id)),
            None => self,
        }
    }

    /// The example's manifest in a new world under its runtime, its script played into it as
    /// `Msg::Load` plays one, and the script's transcript on the terminal's cleared screen.
    /// The user's own text is kept to restore.
    fn load_example(mut self, id: ExampleId) -> Self {
        let example = id.get();
        if self.is_own_work() {
            self.previous = Some(Previous {
                text: self.yaml.clone(),
                runtime: self.runtime,
            });
        }
        self.pending_example = None;
        self.runtime = example.runtime;
        let (mut next, transcript) = self.play_scenario(example.yaml.to_owned(), example.script);
        if id.compares_runtimes() {
            next.tab = crate::panels::tab::Tab::Compare;
        }
        Rc::make_mut(&mut next.terminal).clear();
        next.show(transcript);
        next
    }

    /// `Msg::RestoreText`: the text an example replaced, in a new world under its runtime.
    pub(super) fn restore_text(self: Rc<Self>) -> Rc<Self> {
        let Some(previous) = self.previous.clone() else {
            return self;
        };
        let mut next = (*self).clone();
        next.previous = None;
        next.pending_example = None;
        next.runtime = previous.runtime;
        Rc::new(next.with_yaml(previous.text))
    }

    /// `Msg::Reset`: a new world from the manifest the world started from, at time zero, with
    /// an empty recording. The editor keeps its text (held, if it is not that manifest).
    pub(super) fn reset(self: Rc<Self>) -> Rc<Self> {
        if self.live.is_none() {
            return self;
        }
        let text = self.yaml.clone();
        let manifest = self.base_yaml.clone();
        let mut next = (*self).clone().with_yaml(manifest.clone());
        if text != manifest {
            next = next.hold(text);
        }
        Rc::new(next)
    }

    /// A saved session the page stopped on while running it: the text, the manifest and the
    /// recording are kept as saved, and no world is built.
    pub fn recovered(text: String, replay: Option<(String, String)>, mode: EditMode) -> Self {
        let mut state = State::empty();
        if let Some((manifest, script)) = replay {
            state.script = Rc::new(script.parse().unwrap_or_default());
            state.applied_yaml = manifest.clone();
            state.base_yaml = manifest;
        }
        state.yaml = text;
        state.mode = mode;
        state.recovered = true;
        state
    }

    /// `Msg::RunAnyway`: the recovered session built and replayed as a reload does.
    pub(super) fn run_anyway(self: Rc<Self>) -> Rc<Self> {
        if !self.recovered {
            return self;
        }
        let s = &*self;
        let mut next = if s.base_yaml.is_empty() {
            State::new(s.yaml.clone())
        } else {
            State::restored(
                s.base_yaml.clone(),
                &s.script.to_string(),
                s.yaml.clone(),
                s.mode,
            )
        };
        next.mode = s.mode;
        next.recovered = false;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::time::{SimDuration, SimTime};
    use yew::Reducible;

    use super::*;
    use crate::state::{DEMO_YAML, Msg};

    fn run_all(s: State, msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter().fold(Rc::new(s), |s, m| s.reduce(m))
    }

    const MINE: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: mine}\nspec:\n  containers:\n  - {name: app, image: busybox, command: [sleep, '60']}\n";

    fn prompts(s: &State) -> Vec<String> {
        s.terminal
            .entries
            .iter()
            .map(|e| e.prompt.clone())
            .collect()
    }

    #[test]
    fn an_example_over_the_users_text_waits_for_a_confirmation_and_can_be_undone() {
        let s = run_all(
            State::new(MINE.to_owned()),
            vec![Msg::Example(ExampleId::Oom)],
        );
        assert_eq!(s.pending_example, Some(ExampleId::Oom));
        assert_eq!(s.yaml, MINE, "nothing replaced yet");
        let kept = s.clone().reduce(Msg::CancelExample);
        assert_eq!((kept.pending_example, kept.yaml.as_str()), (None, MINE));

        let s = s.reduce(Msg::ConfirmExample);
        let oom = ExampleId::Oom.get();
        assert_eq!(s.yaml, oom.yaml);
        assert_eq!(s.pending_example, None);
        assert_eq!(s.action_error, None);
        assert_eq!(
            s.previous,
            Some(Previous {
                text: MINE.to_owned(),
                runtime: Runtime::Containerd
            })
        );
        assert!(s.can_restore());
        // The script played: its steps are the recording and its transcript is on screen.
        assert_eq!(s.world().unwrap().now(), SimTime::from_millis(30_000));
        assert_eq!(s.script.steps().len(), 2);
        let times: Vec<SimTime> = s.terminal.entries.iter().map(|e| e.at).collect();
        assert_eq!(
            times,
            [SimTime::from_millis(5_000), SimTime::from_millis(30_000)]
        );
        assert_eq!(
            prompts(&s),
            [
                "node$ kubectl get pod memory-demo-2 --namespace=mem-example",
                "node$ kubectl describe pod memory-demo-2 --namespace=mem-example"
            ]
        );
        assert!(
            s.terminal.entries[1]
                .output
                .contains("Reason:       OOMKilled")
        );

        // A second example keeps the user's text, not the first example's.
        let s = s.reduce(Msg::Example(ExampleId::CrashLoop));
        assert_eq!(
            s.pending_example, None,
            "an example's text is no one's work"
        );
        assert_eq!(s.previous.as_ref().map(|p| p.text.as_str()), Some(MINE));

        let s = s.reduce(Msg::RestoreText);
        assert_eq!(s.yaml, MINE);
        assert_eq!(s.base_yaml, MINE);
        assert_eq!(s.world().unwrap().now(), SimTime::ZERO);
        assert_eq!(s.previous, None);
        assert!(!s.can_restore());
    }

    #[test]
    fn an_example_over_an_example_or_the_demo_loads_at_once() {
        let s = run_all(
            State::new(DEMO_YAML.to_owned()),
            vec![Msg::Example(ExampleId::RollingUpdate)],
        );
        assert_eq!(s.pending_example, None);
        assert_eq!(s.previous, None, "the demo is nobody's work");
        // The editor shows the Deployment as the script last applied it (nginx:1.16.1)...
        assert!(s.yaml.contains("nginx:1.16.1"), "{}", s.yaml);
        assert!(!s.is_own_work());
        let s = s.reduce(Msg::Example(ExampleId::JobPi));
        assert_eq!(s.pending_example, None, "...which is an example's text too");
        // Blank text is nobody's work either.
        let s = run_all(
            State::new(" \n".into()),
            vec![Msg::Example(ExampleId::Demo)],
        );
        assert_eq!(s.yaml, DEMO_YAML);
    }

    #[test]
    fn a_runtime_example_runs_under_its_runtime_and_edits_stay_there() {
        let s = run_all(
            State::new(DEMO_YAML.to_owned()),
            vec![Msg::Example(ExampleId::RuntimeCriO)],
        );
        assert_eq!(s.world().unwrap().runtime(), Runtime::CriO);
        assert!(
            s.terminal
                .entries
                .iter()
                .any(|e| e.output.contains("/usr/bin/conmon")),
            "{:?}",
            prompts(&s)
        );
        let s = s.reduce(Msg::Edit(format!("{DEMO_YAML}\n")));
        assert_eq!(s.world().unwrap().runtime(), Runtime::CriO);
        // The edited text is the user's: Docker waits for a confirmation, and undoing it
        // brings the text back under CRI-O.
        let s = s
            .reduce(Msg::Example(ExampleId::RuntimeDocker))
            .reduce(Msg::ConfirmExample);
        assert_eq!(s.world().unwrap().runtime(), Runtime::Docker);
        let s = s.reduce(Msg::RestoreText);
        assert_eq!(s.world().unwrap().runtime(), Runtime::CriO);
        assert_eq!(s.yaml, format!("{DEMO_YAML}\n"));
    }

    #[test]
    fn reset_goes_back_to_time_zero_with_the_same_manifest_and_no_recording() {
        let demo = podscope_core::model::ids::ObjectKey::new("default", "demo");
        let s = run_all(
            State::new(DEMO_YAML.to_owned()),
            vec![
                Msg::Tick(SimDuration::from_secs(10)),
                Msg::KillSandbox(demo),
                Msg::Tick(SimDuration::from_secs(5)),
            ],
        );
        let before = s.live.clone().unwrap();
        assert_eq!(s.script.steps().len(), 1);
        let s = s.reduce(Msg::Reset);
        assert!(!s.live.as_ref().unwrap().same_world(&before), "a new world");
        let world = s.world().unwrap();
        assert_eq!(world.now(), SimTime::ZERO);
        let pod = world.pods().next().expect("a pod");
        assert_eq!(pod.old_sandboxes.len(), 0);
        drop(world);
        assert_eq!(s.recording().to_string(), "at 0s end\n");
        assert_eq!(
            (s.yaml.as_str(), s.base_yaml.as_str()),
            (DEMO_YAML, DEMO_YAML)
        );
    }

    #[test]
    fn reset_after_an_applied_edit_starts_from_the_first_manifest_and_keeps_the_text() {
        let s = run_all(
            State::new(DEMO_YAML.to_owned()),
            vec![Msg::Example(ExampleId::RollingUpdate), Msg::Reset],
        );
        let first = ExampleId::RollingUpdate.get().yaml;
        assert_eq!(s.base_yaml, first);
        assert!(s.yaml.contains("nginx:1.16.1"), "the editor's text stays");
        assert_eq!(s.world().unwrap().now(), SimTime::ZERO);
        assert_eq!(s.script.steps().len(), 0);
    }

    #[test]
    fn a_recovered_session_runs_only_when_asked() {
        let script = "at 5s kill demo/nginx\nat 12s node -- kubectl get pods\n";
        let s = State::recovered(
            MINE.to_owned(),
            Some((DEMO_YAML.to_owned(), script.to_owned())),
            EditMode::Restart,
        );
        assert!(s.recovered);
        assert!(s.live.is_none(), "nothing runs");
        assert_eq!(s.yaml, MINE);
        assert_eq!(
            s.base_yaml, DEMO_YAML,
            "the saved manifest stays to be saved again"
        );
        assert_eq!(s.script.to_string(), script);
        let s = Rc::new(s).reduce(Msg::RunAnyway);
        assert!(!s.recovered);
        assert_eq!(s.world().unwrap().now(), SimTime::from_millis(12_000));
        assert_eq!(s.yaml, MINE, "the text stays, held");
        assert_eq!(s.script.steps().len(), 2);

        // An edit runs the new text at once, as any edit does.
        let s = Rc::new(State::recovered(MINE.to_owned(), None, EditMode::Hold))
            .reduce(Msg::Edit(DEMO_YAML.to_owned()));
        assert!(!s.recovered);
        assert!(s.live.is_some());
    }
}
