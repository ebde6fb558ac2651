//! The page's state and its one reducer: UI messages (`Msg`) become core calls here, nowhere else.

mod terminal;

use std::cell::Ref;
use std::rc::Rc;

use podscope_core::model::diag::Diagnostic;
use podscope_core::model::ids::{ContainerName, ObjectKey};
use podscope_core::model::refs::{ContainerRef, PodRef};
use podscope_core::model::signal::Signal;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::command::ApplySource;
use podscope_core::scenario::script::Scenario;
use podscope_core::sim::outcome::{CommandError, Output};
use podscope_core::{Command, DEFAULT_SEED, Runtime, World, WorldOptions, load};
use yew::Reducible;

use podscope_core::scenario::examples::ExampleId;
use podscope_core::scenario::script::Transcript;

use crate::clock::{Clock, Speed};
use crate::live::LiveWorld;
use crate::panels::tab::Tab;
use crate::session::{Target, TermEntry, Terminal};

mod examples;
pub use examples::Previous;

// panels: the runtime setting (`Msg::Runtime`).
mod runtime;

mod diagram;

// The "compare" part: what the Runtimes tab compares.
mod compare;

// The "share" part: the Share dialog and opening a link (state/share.rs).
mod share;
pub use share::{Kept, LinkNotice, PendingShare, ShareState};
// The "embed" part: guided tours (the TourBox).
mod tour;
pub use tour::Tour;

/// The manifest the page opens with: the pod from "The Almighty Pause Container".
pub const DEMO_YAML: &str = podscope_core::scenario::examples::DEMO;

/// What an edit of the manifest does to the running world: the user's explicit choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditMode {
    /// Every edit starts a new world from time zero with the new text; the recording starts
    /// over.
    #[default]
    Restart,
    /// Edits are held (diagnostics still show) until "kubectl apply", which applies the text
    /// to the running world as `kubectl apply -f -` at the world's time.
    Hold,
}

impl EditMode {
    /// The word a saved session keeps it as.
    pub fn as_str(self) -> &'static str {
        match self {
            EditMode::Restart => "restart",
            EditMode::Hold => "hold",
        }
    }

    /// The mode `as_str` wrote; `None` for anything else.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "restart" => Some(EditMode::Restart),
            "hold" => Some(EditMode::Hold),
            _ => None,
        }
    }
}

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The editor's text changed: a new world (`EditMode::Restart`), or the text is held
    /// (`EditMode::Hold`).
    Edit(String),
    /// The edit-mode toggle. It changes what later edits do, not the world.
    Mode(EditMode),
    /// "kubectl apply": the editor's text applied to the running world, recorded as an
    /// `apply <<EOF` step.
    Apply,
    /// The kill button of a container was pressed.
    Kill {
        pod: ObjectKey,
        container: ContainerName,
    },
    /// The "kill pause" button of a pod: `kill-sandbox POD`.
    KillSandbox(ObjectKey),
    /// The "delete" button of a pod: `delete POD`.
    Delete(ObjectKey),
    /// Simulated time passes, whatever the clock's settings (tests, replays).
    Tick(SimDuration),
    /// Real time passed on the page's timer: simulated time follows at the clock's speed,
    /// unless it is paused.
    Elapsed(SimDuration),
    /// Play (true) or pause (false) the clock.
    Play(bool),
    Speed(Speed),
    /// Run the clock to the next thing the world has scheduled (`World::next_wakeup`).
    StepToNextEvent,
    /// Replace the manifest and replay a scenario text into it (share links, tours): the
    /// world restarts at time zero, runs the script's steps, and the script becomes the
    /// recording. The editor shows the manifest, or the text of the script's last
    /// `apply <<EOF` step.
    Load {
        yaml: String,
        script: String,
    },
    /// Where the terminal's plain lines run (a click on a container, the target box).
    Select(Target),
    /// The terminal's input line changed.
    TermInput(String),
    /// Enter in the terminal: run the input line.
    TermRun,
    /// Up and Down in the terminal: browse the lines run before.
    TermUp,
    TermDown,
    /// Ctrl+L: clear the terminal's screen.
    TermClear,
    // The Examples menu, the clock's reset and crash recovery ("examples" part):
    /// An example chosen in the menu: loaded at once, or held for a confirmation when the
    /// editor holds the user's own text.
    Example(ExampleId),
    /// "Replace": the example held for confirmation is loaded.
    ConfirmExample,
    /// "Keep my text": the example held for confirmation is dropped.
    CancelExample,
    /// "Undo: restore your text": the text an example replaced comes back (and its runtime).
    RestoreText,
    /// Back to time zero with the same manifest; the recording is cleared.
    Reset,
    /// The page stopped while running the saved text and reopened it without running it:
    /// run it now.
    RunAnyway,
    // -- terminal (exec sessions) --
    /// Ctrl+C in the terminal: drop the input line (`^C`).
    TermCancel,
    // panels: the runtime setting.
    /// The runtime setting changed: the world is rebuilt on it from the same manifest and the
    /// recording replayed (`runtime.rs`).
    Runtime(Runtime),
    // The diagram's messages (the "diagram" part: state/diagram.rs).
    /// An entry of a container's menu in the diagram.
    ContainerAction {
        pod: ObjectKey,
        container: ContainerName,
        action: podscope_core::views::layout::ContainerAction,
    },
    /// The Pending pod's one-click fix: the manifest's text edited.
    ApplyFix(podscope_core::views::layout::PendingFix),
    /// Unfold a folded pod of the diagram, or fold it again.
    ToggleFold(ObjectKey),
    // The "compare" part: the tab below the diagram (a runtime example opens Runtimes).
    /// A tab of the panels' strip chosen.
    Tab(Tab),
    // The "share" part (state/share.rs):
    /// The Share button: the link and snippets for the state as it is, on this page's
    /// address (its fragment is dropped). The bundle's text waits for the browser's deflate
    /// (`ShareState::Pending`), which answers with `ShareDeflated` or `ShareFailed`.
    Share(String),
    /// The browser deflated a pending share's bundle text (`text`, to match it).
    ShareDeflated {
        text: String,
        deflated: Vec<u8>,
    },
    /// The browser could not deflate it (no `CompressionStream("deflate-raw")`).
    ShareFailed(String),
    /// The Share dialog closed.
    CloseShare,
    /// The address's fragment changed to this one: a podscope link opens, an anchor does
    /// nothing.
    OpenLink(String),
    /// "Restore my text": the session a link replaced comes back.
    RestoreKept,
    /// The link banner's "Keep the shared pod" or "Dismiss".
    KeepShared,
    // The "embed" part: guided tours (state/tour.rs).
    /// Open a tour: the manifest in a new world at time zero, run to the first stop.
    TourOpen {
        yaml: String,
        scenario: Scenario,
    },
    /// The tour's Next: the segment to the next stop plays.
    TourNext,
    /// The tour's Back: a replay from time zero to the stop before.
    TourBack,
    /// The tour's Restart: back to the first stop.
    TourRestart,
    /// Play the tour at 1×, taking each stop as the clock reaches it (or stop doing so).
    Autoplay(bool),
}

/// Everything the page shows. A tick makes a new `State` (Yew re-renders on a new `Rc`), so
/// what grows with the session is shared, not copied: the world changes in place
/// (`LiveWorld`), and the recording and the terminal sit behind an `Rc` that a change copies
/// (`Rc::make_mut`) and a tick does not touch.
#[derive(Clone, Debug)]
pub struct State {
    /// The editor's text.
    pub yaml: String,
    /// The manifest the world started from at time zero: with the recording, it replays to
    /// the world (a saved session and a share link store it as the manifest).
    pub base_yaml: String,
    /// The text the world last took: `base_yaml`, or the text of the last "kubectl apply".
    pub applied_yaml: String,
    pub mode: EditMode,
    /// The last world built from valid YAML; kept while the text is invalid.
    pub live: Option<LiveWorld>,
    pub diagnostics: Vec<Diagnostic>,
    /// True while the text has errors and the diagram shows the last good state.
    pub stale: bool,
    /// What went wrong with the last button action, if anything.
    pub action_error: Option<String>,
    /// The user's actions since the world started, each at its time on the world's clock, in
    /// the scenario format (`at 12s kill demo/nginx`).
    pub script: Rc<Scenario>,
    pub clock: Clock,
    /// Where the terminal's plain lines run.
    pub target: Target,
    pub terminal: Rc<Terminal>,
    // The "examples" part:
    /// The runtime the world runs under (an example may choose one).
    pub runtime: Runtime,
    /// The user's text an example replaced, to restore.
    pub previous: Option<Previous>,
    /// An example held until the user confirms replacing their text.
    pub pending_example: Option<ExampleId>,
    /// The page stopped while running the saved text: it is shown, not run.
    pub recovered: bool,
    /// The diagram's folded and unfolded pods.
    pub layout_options: Rc<podscope_core::views::layout::LayoutOptions>,
    // The "compare" part:
    /// The panels' selected tab (the runtime examples open the Runtimes tab).
    pub tab: Tab,
    // The "share" part:
    /// The Share button: closed, waiting for the browser's deflate, its dialog open, or why
    /// it failed.
    pub share: ShareState,
    /// The banner after a link was opened (or failed to).
    pub link_notice: Option<LinkNotice>,
    /// Storage keeps the user's session under a link's state: nothing is saved until an edit.
    pub storage_held: bool,
    /// The guided tour shown in the embed's TourBox, if one is open.
    pub tour: Option<Tour>,
}

impl State {
    pub fn new(yaml: String) -> Self {
        State::on(Runtime::default(), yaml)
    }

    /// A world from `yaml` whose nodes run `runtime`.
    pub fn on(runtime: Runtime, yaml: String) -> Self {
        let mut state = State {
            runtime,
            ..State::empty()
        }
        .with_yaml(yaml);
        if let Some(first) = state.world().map(|w| first_container(&w)) {
            state.target = first;
        }
        state
    }

    /// No text and no world.
    fn empty() -> Self {
        State {
            yaml: String::new(),
            base_yaml: String::new(),
            applied_yaml: String::new(),
            mode: EditMode::default(),
            live: None,
            diagnostics: Vec::new(),
            stale: false,
            action_error: None,
            script: Rc::default(),
            clock: Clock::default(),
            target: Target::Node,
            terminal: Rc::default(),
            runtime: Runtime::default(),
            previous: None,
            pending_example: None,
            recovered: false,
            layout_options: Rc::default(),
            tab: Tab::default(),
            share: ShareState::Closed,
            link_notice: None,
            storage_held: false,
            tour: None,
        }
    }

    /// The world as it is now, if there is one. Hold it only while reading: the reducer
    /// changes the world in place.
    pub fn world(&self) -> Option<Ref<'_, World>> {
        self.live.as_ref().map(LiveWorld::get)
    }

    /// A new text: a new world from time zero, so the recording starts over. Invalid text
    /// keeps the last good world and its recording.
    fn with_yaml(mut self, yaml: String) -> Self {
        let manifest = load(&yaml, DEFAULT_SEED);
        self.action_error = None;
        if manifest.has_errors() {
            self.stale = self.live.is_some();
        } else {
            let options = WorldOptions {
                runtime: self.runtime,
                ..WorldOptions::default()
            };
            let world = World::from_loaded(&manifest, DEFAULT_SEED, options);
            if !has_target(&world, &self.target) {
                self.target = first_container(&world);
            }
            self.live = Some(LiveWorld::new(world));
            self.recovered = false;
            self.stale = false;
            self.script = Rc::default();
            self.base_yaml = yaml.clone();
            self.applied_yaml = yaml.clone();
        }
        self.yaml = yaml;
        self.diagnostics = manifest.diagnostics;
        self
    }

    /// A held edit (`EditMode::Hold`): the editor's text and its diagnostics change, the world
    /// and its recording do not.
    fn hold(mut self, yaml: String) -> Self {
        let manifest = load(&yaml, DEFAULT_SEED);
        self.stale = manifest.has_errors() && self.live.is_some();
        self.diagnostics = manifest.diagnostics;
        self.yaml = yaml;
        self
    }

    /// Whether the editor holds text the world has not taken (only in `EditMode::Hold`).
    pub fn held(&self) -> bool {
        self.mode == EditMode::Hold && self.live.is_some() && self.yaml != self.applied_yaml
    }

    /// A saved session back after a reload: the world from `manifest` with `script` replayed
    /// into it, then the editor's `text` (held, if the world did not start from it).
    pub fn restored(manifest: String, script: &str, text: String, mode: EditMode) -> Self {
        State::restored_on(Runtime::default(), manifest, script, text, mode)
    }

    /// `restored`, on nodes that run `runtime`.
    pub fn restored_on(
        runtime: Runtime,
        manifest: String,
        script: &str,
        text: String,
        mode: EditMode,
    ) -> Self {
        let mut state = State::on(runtime, manifest.clone());
        if !script.trim().is_empty() {
            state = state.with_scenario(manifest, script);
        }
        state.mode = mode;
        if text != state.yaml {
            state = state.hold(text);
        }
        state
    }

    /// The recording as a scenario that replays to this moment: the actions, then an `end` at
    /// the world's current time (left out past the format's 30-day limit).
    pub fn recording(&self) -> Scenario {
        let mut script = (*self.script).clone();
        if let Some(world) = self.world() {
            let _ = script.set_end(world.now().since(SimTime::ZERO));
        }
        script
    }

    /// Records a command at the world's time and carries it out on the world. An action the
    /// recording cannot hold is refused (`Err`, with the reason), so the page's state is
    /// always exactly what its recording replays to.
    fn run(&mut self, command: &Command) -> Result<Result<Output, CommandError>, String> {
        let Some(live) = &mut self.live else {
            return Err("the manifest has errors: there is no pod yet".to_owned());
        };
        let at = live.get().now().since(SimTime::ZERO);
        if let Err(e) = Rc::make_mut(&mut self.script).push(at, command.clone()) {
            return Err(e.kind.to_string());
        }
        Ok(live.change(|world| podscope_core::apply(world, command)))
    }

    /// A button's action: its error, if any, shows next to the buttons.
    fn act(self: Rc<Self>, command: Command) -> Rc<Self> {
        if self.live.is_none() {
            return self;
        }
        let mut next = (*self).clone();
        next.action_error = match next.run(&command) {
            Ok(result) => result.err().map(|e| e.to_string()),
            Err(refused) => Some(refused),
        };
        Rc::new(next)
    }

    /// Advances the world's clock to `t`, in place (nothing if there is no world).
    fn advance_to(self: Rc<Self>, t: SimTime) -> Rc<Self> {
        if self.live.is_none() {
            return self;
        }
        let mut next = (*self).clone();
        if let Some(live) = &mut next.live {
            live.change(|world| world.advance_to(t));
        }
        Rc::new(next)
    }

    /// `Msg::Load`: the manifest, then the script replayed into its new world.
    fn with_scenario(self, yaml: String, script: &str) -> Self {
        self.play_scenario(yaml, script).0
    }

    /// `with_scenario`, and the transcript of the script's steps if they ran.
    fn play_scenario(self, yaml: String, script: &str) -> (Self, Option<Transcript>) {
        let mut next = self.with_yaml(yaml);
        let parsed = match script.parse::<Scenario>() {
            Ok(s) => s,
            Err(e) => {
                next.action_error = Some(format!("script:{e}"));
                return (next, None);
            }
        };
        if next.diagnostics.iter().any(Diagnostic::is_error) {
            next.action_error = Some("the manifest has errors: the script did not run".into());
            return (next, None);
        }
        let mut played = None;
        if let Some(live) = &mut next.live {
            let transcript = live.change(|world| parsed.run(world));
            next.action_error = transcript
                .entries
                .iter()
                .rev()
                .find_map(|e| e.result.as_ref().err().map(|e| e.to_string()));
            // The recording is the steps and the narration among them (a share link keeps
            // it); the clock keeps going from the script's end.
            let mut script = Scenario::new();
            let mut said = parsed.narration().iter().peekable();
            for (index, step) in parsed.steps().iter().enumerate() {
                while let Some(n) = said.next_if(|n| n.before_step <= index) {
                    let _ = script.say(n.at, &n.text);
                }
                let _ = script.push(step.at, step.command.clone());
            }
            for n in said {
                let _ = script.say(n.at, &n.text);
            }
            next.script = Rc::new(script);
            // The editor shows what the world last took: the last manifest applied inline.
            if let Some(text) = last_inline_apply(&next.script) {
                next = next.hold(text.clone());
                next.applied_yaml = text;
            }
            played = Some(transcript);
        }
        (next, played)
    }

    /// "kubectl apply": the editor's text goes to the running world as `kubectl apply -f -`
    /// through `run` (so it is recorded at the world's time), and its output goes on the
    /// terminal. Text with errors is refused before anything is sent, as kubectl refuses a
    /// manifest it cannot read: the errors show under the prompt, nothing is recorded and the
    /// text stays in the editor.
    fn apply_editor(self: Rc<Self>) -> Rc<Self> {
        let at = self.world().map(|w| w.now()).unwrap_or_default();
        let mut next = (*self).clone();
        let command = Command::Apply(ApplySource::inline(next.yaml.clone()));
        let errors: String = next
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{d}\n"))
            .collect();
        let entry = if !errors.is_empty() {
            // The same lines the core's apply prints for objects with errors
            // (`World::apply_manifest`), but none of the text is applied.
            TermEntry::ran(
                at,
                command,
                None,
                Ok(Output {
                    text: errors,
                    status: 1,
                }),
            )
        } else {
            match next.run(&command) {
                Ok(result) => {
                    next.applied_yaml = next.yaml.clone();
                    TermEntry::ran(at, command, None, result)
                }
                Err(refused) => TermEntry::not_run(at, command, &refused),
            }
        };
        Rc::make_mut(&mut next.terminal).push(entry);
        Rc::new(next)
    }

    /// Applies `f` to a copy of the state.
    fn with(self: Rc<Self>, f: impl FnOnce(&mut State)) -> Rc<Self> {
        let mut next = (*self).clone();
        f(&mut next);
        Rc::new(next)
    }
}

/// The text of the last `apply <<EOF` step of a script, if it has one.
fn last_inline_apply(script: &Scenario) -> Option<String> {
    script
        .steps()
        .iter()
        .rev()
        .find_map(|step| match &step.command {
            Command::Apply(ApplySource {
                file: None,
                text: Some(text),
            }) => Some(text.clone()),
            _ => None,
        })
}

/// Whether the world still offers the terminal's target (the node always is): the same list
/// the target box shows.
fn has_target(world: &World, target: &Target) -> bool {
    crate::view_model::targets(world).contains(target)
}

/// The terminal's first target: the first pod's first container, else the node.
fn first_container(world: &World) -> Target {
    world
        .pods()
        .find_map(|p| {
            p.containers
                .first()
                .map(|c| Target::Container(p.spec.key.clone(), c.spec.name.clone()))
        })
        .unwrap_or(Target::Node)
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        // The user's own edit: from now on the page saves again (state/share.rs).
        let edited = self.storage_held && matches!(msg, Msg::Edit(_) | Msg::ApplyFix(_));
        // A tour's invited action done by the reader is the tour's Next (state/tour.rs).
        if tour::reader_command(&msg).is_some_and(|c| self.tour_takes(&c)) {
            return self.tour_next().notice_session_end();
        }
        let closes_tour = tour::closes_tour(&msg);
        let next = match msg {
            Msg::Edit(yaml) if yaml == self.yaml => self,
            // With no world yet there is nothing to apply to: a held edit starts one too.
            Msg::Edit(yaml) if self.mode == EditMode::Hold && self.live.is_some() => {
                let mut next = (*self).clone();
                next.action_error = None;
                Rc::new(next.hold(yaml))
            }
            Msg::Edit(yaml) => Rc::new((*self).clone().with_yaml(yaml)),
            Msg::Mode(mode) => self.with(|s| s.mode = mode),
            Msg::Apply => self.apply_editor(),
            Msg::Kill { pod, container } => self.act(Command::Kill {
                target: ContainerRef::new(&pod, &container),
                signal: Signal::KILL,
            }),
            Msg::KillSandbox(pod) => self.act(Command::KillSandbox {
                pod: PodRef::Pod(pod),
            }),
            Msg::Delete(pod) => self.act(Command::Delete {
                pod: PodRef::Pod(pod),
                grace: None,
            }),
            Msg::Tick(d) => match self.world().map(|w| w.now() + d) {
                Some(t) => self.advance_to(t),
                None => self,
            },
            Msg::Elapsed(real) => {
                let d = self.clock.simulated(real);
                let autoplay = self.tour.as_ref().is_some_and(|t| t.autoplay);
                match self.world().map(|w| w.now() + d) {
                    Some(t) if d.as_millis() > 0 && autoplay => self.autoplay_to(t),
                    Some(t) if d.as_millis() > 0 => self.advance_to(t),
                    _ => self,
                }
            }
            Msg::Play(playing) => self.with(|s| s.clock.playing = playing),
            Msg::Speed(speed) => self.with(|s| s.clock.speed = speed),
            Msg::StepToNextEvent => match self.world().and_then(|w| w.next_wakeup()) {
                Some(t) => self.advance_to(t),
                None => self,
            },
            Msg::Load { yaml, script } => Rc::new((*self).clone().with_scenario(yaml, &script)),
            Msg::Select(target) => self.with(|s| s.target = target),
            Msg::TermInput(text) => self.with(|s| Rc::make_mut(&mut s.terminal).set_input(text)),
            Msg::TermRun => self.run_terminal_line(),
            Msg::TermUp => self.with(|s| Rc::make_mut(&mut s.terminal).history_up()),
            Msg::TermDown => self.with(|s| Rc::make_mut(&mut s.terminal).history_down()),
            Msg::TermClear => self.with(|s| Rc::make_mut(&mut s.terminal).clear()),
            // The "examples" part (state/examples.rs):
            Msg::Example(id) => self.choose_example(id),
            Msg::ConfirmExample => self.confirm_example(),
            Msg::CancelExample => self.with(|s| s.pending_example = None),
            Msg::RestoreText => self.restore_text(),
            Msg::Reset => self.reset(),
            Msg::RunAnyway => self.run_anyway(),
            // -- terminal (exec sessions) --
            Msg::TermCancel => self.cancel_input(),
            // panels
            Msg::Runtime(runtime) => self.on_runtime(runtime),
            // The diagram's messages (state/diagram.rs).
            Msg::ContainerAction {
                pod,
                container,
                action,
            } => self.container_action(pod, container, action),
            Msg::ApplyFix(fix) => self.apply_fix(&fix),
            Msg::ToggleFold(pod) => self.toggle_fold(pod),
            // The "compare" part.
            Msg::Tab(tab) => self.with(|s| s.tab = tab),
            // The "share" part (state/share.rs).
            Msg::Share(page) => self.open_share(&page),
            Msg::ShareDeflated { text, deflated } => self.finish_share(&text, &deflated),
            Msg::ShareFailed(reason) => self.fail_share(reason),
            Msg::CloseShare => self.with(|s| s.share = ShareState::Closed),
            Msg::OpenLink(fragment) => self.open_link(&fragment),
            Msg::RestoreKept => self.restore_kept(),
            Msg::KeepShared => self.keep_shared(),
            // The "embed" part: tours (state/tour.rs).
            Msg::TourOpen { yaml, scenario } => self.tour_open(yaml, scenario),
            Msg::TourNext => self.tour_next(),
            Msg::TourBack => self.tour_back(),
            Msg::TourRestart => self.tour_restart(),
            Msg::Autoplay(on) => self.autoplay(on),
        };
        let next = match edited {
            true => next.with(|s| s.storage_held = false),
            false => next,
        };
        let next = match closes_tour && next.tour.is_some() {
            true => next.with(|s| s.tour = None),
            false => next,
        };
        next.notice_session_end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn replay(msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter()
            .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
                s.reduce(m)
            })
    }

    fn nginx() -> Msg {
        Msg::Kill {
            pod: ObjectKey {
                namespace: "default".into(),
                name: "demo".into(),
            },
            container: ContainerName("nginx".into()),
        }
    }

    #[test]
    fn kill_then_tick_restarts_with_the_same_ip() {
        let start = replay(vec![]);
        let ip = start.world().unwrap().pods().next().expect("a pod").ip;
        // A fresh node pulls the images first: nginx runs from about 4 s.
        let s = replay(vec![
            Msg::Tick(SimDuration::from_secs(10)),
            nginx(),
            Msg::Tick(SimDuration::from_secs(1)),
        ]);
        let world = s.world().unwrap();
        let pod = world.pods().next().expect("a pod");
        assert_eq!(pod.containers[1].restart_count, 1);
        assert_eq!(pod.ip, ip);
        assert_eq!(s.action_error, None);
    }

    #[test]
    fn a_tick_changes_the_world_in_place_as_use_reducer_dispatches_it() {
        let current = replay([typed("hostname"), vec![nginx()]].concat());
        let before = current.live.clone().unwrap();
        // `use_reducer` keeps `current` while the reducer runs, so nothing in it is unique.
        let next = current
            .clone()
            .reduce(Msg::Elapsed(SimDuration::from_millis(250)));
        assert!(
            !Rc::ptr_eq(&current, &next),
            "a new state: the page re-renders"
        );
        let after = next.live.clone().unwrap();
        assert_ne!(after, before, "a new version: the view model is recomputed");
        assert!(after.same_world(&before), "the same world, not a copy");
        assert_eq!(after.get().now(), SimTime::from_millis(250));
        assert!(
            Rc::ptr_eq(&current.script, &next.script),
            "the recording is shared"
        );
        assert!(
            Rc::ptr_eq(&current.terminal, &next.terminal),
            "so is the terminal"
        );
    }

    #[test]
    fn invalid_yaml_keeps_the_last_good_world() {
        let good = replay(vec![]);
        let s = good.clone().reduce(Msg::Edit("kind: [".into()));
        assert!(s.stale);
        assert!(s.live == good.live, "the same world, unchanged");
        assert_eq!(s.yaml, "kind: [");
        assert!(s.diagnostics[0].location.is_some());
        let s = s.reduce(Msg::Edit(DEMO_YAML.into()));
        assert!(!s.stale);
        assert!(s.diagnostics.is_empty());
    }

    #[test]
    fn same_text_is_a_no_op() {
        let s = replay(vec![]);
        let again = s.clone().reduce(Msg::Edit(DEMO_YAML.into()));
        assert!(Rc::ptr_eq(&s, &again));
    }

    /// Runs `script` into a fresh world of the demo manifest, as `podscope run` does.
    fn replayed(script: &Scenario) -> World {
        let mut world = World::from_loaded(
            &load(DEMO_YAML, DEFAULT_SEED),
            DEFAULT_SEED,
            podscope_core::WorldOptions::default(),
        );
        script.run(&mut world);
        world
    }

    #[test]
    fn actions_are_recorded_and_replay_to_the_same_world() {
        let tick = |s| Msg::Tick(SimDuration::from_secs(s));
        let s = replay(vec![tick(12), nginx(), tick(3), nginx(), nginx(), tick(40)]);
        assert_eq!(
            s.recording().to_string(),
            "at 12s kill demo/nginx\nat 15s kill demo/nginx\nat 15s kill demo/nginx\nat 55s end\n"
        );
        let world = s.world().unwrap();
        let again = replayed(&s.recording().to_string().parse().unwrap());
        assert_eq!(format!("{again:?}"), format!("{world:?}"));
        assert_eq!(
            world.pods().next().expect("a pod").containers[1].restart_count,
            2
        );
    }

    #[test]
    fn a_new_manifest_starts_a_new_recording() {
        let s = replay(vec![Msg::Tick(SimDuration::from_secs(2)), nginx()]);
        assert_eq!(s.script.steps().len(), 1);
        let s = s.reduce(Msg::Edit("kind: [".into()));
        assert_eq!(
            s.script.steps().len(),
            1,
            "invalid text keeps the world and its recording"
        );
        let s = s.reduce(Msg::Edit(format!("{DEMO_YAML}\n")));
        assert_eq!(*s.script, Scenario::new());
        assert_eq!(s.recording().to_string(), "at 0s end\n");
    }

    #[test]
    fn load_replays_a_script_and_keeps_recording_after_it() {
        let script = "at 5s kill demo/nginx\nat 6s node -- kubectl get pods\nat 20s end\n";
        let s = replay(vec![Msg::Load {
            yaml: DEMO_YAML.to_owned(),
            script: script.to_owned(),
        }]);
        let world = s.world().unwrap();
        assert_eq!(world.now(), SimTime::from_millis(20_000));
        assert_eq!(
            world.pods().next().expect("a pod").containers[1].restart_count,
            1
        );
        drop(world);
        assert_eq!(s.recording().to_string(), script);
        let s = s
            .reduce(nginx())
            .reduce(Msg::Tick(SimDuration::from_secs(1)));
        let recorded = s.recording();
        assert_eq!(recorded.steps().len(), 3);
        let again = replayed(&recorded);
        assert_eq!(format!("{again:?}"), format!("{:?}", s.world().unwrap()));
    }

    #[test]
    fn load_reports_a_bad_script_at_its_line() {
        let s = replay(vec![Msg::Load {
            yaml: DEMO_YAML.to_owned(),
            script: "at 5s kill demo/nginx\nat 1s kill demo/nginx\n".to_owned(),
        }]);
        assert_eq!(
            s.action_error.as_deref(),
            Some(
                "script:2:4: step at 1s goes back in time: line 1 is at 5s; steps must be in time order"
            )
        );
        assert_eq!(*s.script, Scenario::new());
        assert_eq!(s.world().unwrap().now(), SimTime::ZERO);
    }

    #[test]
    fn killing_a_stopped_container_says_why() {
        let s = replay(vec![nginx(), nginx()]);
        assert_eq!(
            s.action_error.as_deref(),
            Some("container nginx in pod demo is not running")
        );
    }

    pub(super) fn typed(line: &str) -> Vec<Msg> {
        vec![Msg::TermInput(line.to_owned()), Msg::TermRun]
    }

    pub(super) fn screen(s: &State) -> Vec<String> {
        s.terminal
            .entries
            .iter()
            .map(|e| format!("{}\n{}", e.prompt, e.output))
            .collect()
    }

    #[test]
    fn a_plain_line_runs_in_the_selected_container_and_is_recorded() {
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(10))],
                typed("hostname"),
            ]
            .concat(),
        );
        assert_eq!(
            s.target,
            Target::Container(
                ObjectKey::new("default", "demo"),
                ContainerName("busybox".into())
            ),
            "the first container is selected at first"
        );
        assert_eq!(screen(&s), ["demo/busybox / # hostname\ndemo\n"]);
        assert_eq!(s.terminal.input, "");
        assert_eq!(
            s.recording().to_string(),
            "at 10s exec -it demo/busybox -- hostname\nat 10s end\n"
        );
    }

    #[test]
    fn node_tools_run_on_the_node_and_actions_as_written() {
        let nginx = Target::Container(
            ObjectKey::new("default", "demo"),
            ContainerName("nginx".into()),
        );
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(10)), Msg::Select(nginx)],
                typed("kubectl get pods"),
                typed("exec demo/busybox -- hostname"),
                typed("kill demo/busybox"),
                vec![Msg::Tick(SimDuration::from_secs(1))],
                typed("cat /etc/hostname"),
            ]
            .concat(),
        );
        let shown = screen(&s);
        assert!(
            shown[0]
                .starts_with("node$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\n"),
            "{}",
            shown[0]
        );
        assert_eq!(shown[1], "demo/busybox$ hostname\ndemo\n");
        assert_eq!(shown[2], "kill demo/busybox\n");
        assert_eq!(shown[3], "demo/nginx # cat /etc/hostname\ndemo\n");
        assert_eq!(
            s.recording().to_string(),
            "at 10s node -- kubectl get pods\nat 10s exec demo/busybox -- hostname\n\
             at 10s kill demo/busybox\nat 11s exec -it demo/nginx -- cat /etc/hostname\nat 11s end\n"
        );
        let again = replayed(&s.recording());
        assert_eq!(format!("{again:?}"), format!("{:?}", s.world().unwrap()));
    }

    #[test]
    fn failures_read_as_kubectl_prints_them() {
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(10))],
                typed("frobnicate"),
                typed("exec nope/x -- ls"),
                typed("delete"),
            ]
            .concat(),
        );
        let shown = screen(&s);
        // At a session's prompt a failing command is the shell's business: kubectl reports
        // only the session's own end.
        assert_eq!(
            shown[0],
            "demo/busybox / # frobnicate\nsh: frobnicate: not found\n"
        );
        assert_eq!(
            shown[1],
            "nope/x$ ls\nError from server (NotFound): pods \"nope\" not found\n"
        );
        assert!(shown[2].starts_with("demo/busybox$ delete\nerror: cannot read \"delete\" action"));
        assert!(s.terminal.entries.iter().skip(1).all(|e| e.failed));
        assert_eq!(
            s.script.steps().len(),
            2,
            "a line that is no command is not recorded"
        );
        assert_eq!(s.action_error, None, "terminal errors stay in the terminal");
    }

    #[test]
    fn history_comes_back_with_up_and_down() {
        let s = replay(
            [
                typed("hostname"),
                typed("ps"),
                vec![Msg::TermUp, Msg::TermUp],
            ]
            .concat(),
        );
        assert_eq!(s.terminal.input, "hostname");
        let s = s.reduce(Msg::TermDown);
        assert_eq!(s.terminal.input, "ps");
        let s = s.reduce(Msg::TermRun);
        assert_eq!(s.terminal.entries.len(), 3);
        assert_eq!(s.terminal.history(), ["hostname", "ps"]);
    }

    #[test]
    fn the_screen_keeps_the_last_entries_only() {
        let many: Vec<Msg> = (0..crate::session::MAX_ENTRIES + 7)
            .flat_map(|i| typed(&format!("echo {i}")))
            .collect();
        let s = replay(many);
        assert_eq!(s.terminal.entries.len(), crate::session::MAX_ENTRIES);
        assert_eq!(s.terminal.dropped, 7);
        let first = s.terminal.entries.front().unwrap();
        assert_eq!(first.prompt, "demo/busybox$ echo 7");
        let s = s
            .reduce(Msg::TermInput("clear".into()))
            .reduce(Msg::TermRun);
        assert!(s.terminal.entries.is_empty());
        assert_eq!(s.script.steps().len(), crate::session::MAX_ENTRIES + 7);
    }

    #[test]
    fn blank_lines_do_nothing() {
        let s = replay(typed("   "));
        assert!(s.terminal.entries.is_empty());
        assert_eq!(*s.script, Scenario::new());
    }

    #[test]
    fn kill_pause_and_delete_buttons_record_their_actions() {
        let demo = ObjectKey::new("default", "demo");
        let ip = replay(vec![])
            .world()
            .unwrap()
            .pods()
            .next()
            .expect("a pod")
            .ip;
        let s = replay(vec![
            Msg::Tick(SimDuration::from_secs(10)),
            Msg::KillSandbox(demo.clone()),
            // busybox's `sleep` is PID 1 and ignores SIGTERM: the kubelet waits out the 30 s
            // grace period before the new sandbox.
            Msg::Tick(SimDuration::from_secs(60)),
        ]);
        assert_eq!(s.action_error, None);
        let world = s.world().unwrap();
        let pod = world.pods().next().expect("a pod");
        assert_eq!(
            pod.sandbox.as_ref().map(|b| b.attempt),
            Some(1),
            "a new sandbox"
        );
        assert_eq!(pod.old_sandboxes.len(), 1);
        assert_ne!(pod.ip, ip, "host-local hands the new sandbox a new IP");
        let restarts: Vec<u32> = pod.containers.iter().map(|c| c.restart_count).collect();
        assert_eq!(
            restarts,
            [1, 1],
            "every container restarts in the new sandbox"
        );
        drop(world);
        let s = s.reduce(Msg::Delete(demo));
        assert_eq!(s.action_error, None);
        assert!(
            s.world()
                .unwrap()
                .pods()
                .next()
                .expect("a pod")
                .deletion
                .is_some()
        );
        assert_eq!(
            s.recording().to_string(),
            "at 10s kill-sandbox demo\nat 1m10s delete demo\nat 1m10s end\n"
        );
    }

    /// A Deployment of two nginx pods (the Deployments concept page's example, two replicas),
    /// with `image`.
    fn web(image: &str) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  \
             selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      \
             labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        \
             image: {image}\n"
        )
    }

    fn run_all(s: Rc<State>, msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter().fold(s, |s, m| s.reduce(m))
    }

    /// What the last command on the terminal printed.
    fn last_output(s: &State) -> String {
        s.terminal
            .entries
            .back()
            .map(|e| e.output.clone())
            .unwrap_or_default()
    }

    fn ips(s: &State) -> Vec<(String, Option<std::net::Ipv4Addr>)> {
        s.world()
            .unwrap()
            .pods()
            .map(|p| (p.spec.key.name.clone(), p.ip))
            .collect()
    }

    #[test]
    fn a_held_edit_applies_to_the_running_world_and_replays() {
        let v1 = web("nginx:1.14.2");
        let v2 = web("nginx:1.16.1");
        let s = run_all(
            Rc::new(State::new(v1.clone())),
            vec![
                Msg::Mode(EditMode::Hold),
                Msg::Tick(SimDuration::from_secs(30)),
            ],
        );
        let before = ips(&s);
        assert_eq!(before.len(), 2);
        assert!(before.iter().all(|(_, ip)| ip.is_some()), "{before:?}");
        let world = s.live.clone().unwrap();

        let s = s.reduce(Msg::Edit(v2.clone()));
        assert!(s.live.as_ref() == Some(&world), "held");
        assert!(s.held());
        assert!(s.diagnostics.is_empty());
        assert_eq!(*s.script, Scenario::new());

        let s = run_all(s, [vec![Msg::Apply], typed("kubectl get rs")].concat());
        assert!(!s.held());
        assert_eq!(s.world().unwrap().now(), SimTime::from_millis(30_000));
        let shown = screen(&s);
        assert_eq!(
            shown[0],
            "node$ kubectl apply -f -\ndeployment.apps/web configured\n"
        );
        let rs = last_output(&s);
        assert_eq!(rs.lines().count(), 3, "two ReplicaSets:\n{rs}");
        let after = ips(&s);
        for pod in &before {
            assert!(after.contains(pod), "{pod:?} keeps its IP: {after:?}");
        }
        assert_eq!(s.base_yaml, v1, "the world still started from v1");
        assert_eq!(s.yaml, v2);

        let s = run_all(
            s,
            [
                vec![Msg::Tick(SimDuration::from_secs(60))],
                typed("kubectl get rs"),
            ]
            .concat(),
        );
        let rolled = last_output(&s);
        let desired: Vec<&str> = rolled
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().nth(1))
            .collect();
        assert_eq!(desired.len(), 2, "{rolled}");
        assert!(desired.contains(&"2") && desired.contains(&"0"), "{rolled}");

        let recording = s.recording().to_string();
        assert!(
            recording.starts_with(&format!(
                "at 30s apply <<EOF\n{v2}EOF\nat 30s node -- kubectl get rs\n"
            )),
            "{recording}"
        );
        assert!(recording.ends_with("at 1m30s node -- kubectl get rs\nat 1m30s end\n"));
        let again = Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::Load {
            yaml: s.base_yaml.clone(),
            script: recording,
        });
        assert_eq!(again.action_error, None);
        assert_eq!(
            format!("{:?}", again.world().unwrap()),
            format!("{:?}", s.world().unwrap())
        );
        let again = run_all(again, typed("kubectl get rs"));
        assert_eq!(last_output(&again), rolled);
        assert_eq!(again.yaml, v2, "the editor shows the text last applied");
        assert!(!again.held());
    }

    #[test]
    fn text_with_errors_is_not_applied_and_stays() {
        let s = run_all(
            Rc::new(State::new(web("nginx:1.14.2"))),
            vec![
                Msg::Mode(EditMode::Hold),
                Msg::Tick(SimDuration::from_secs(5)),
            ],
        );
        let world = s.live.clone().unwrap();
        let broken = "apiVersion: apps/v1\nkind: [\n";
        let s = run_all(s, vec![Msg::Edit(broken.to_owned()), Msg::Apply]);
        assert!(s.stale);
        assert!(s.diagnostics.iter().any(Diagnostic::is_error));
        assert!(s.live.as_ref() == Some(&world));
        assert_eq!(*s.script, Scenario::new(), "nothing recorded");
        assert_eq!(s.yaml, broken, "nothing lost");
        let entry = s.terminal.entries.back().unwrap();
        assert_eq!(entry.prompt, "node$ kubectl apply -f -");
        assert!(entry.output.starts_with("3:1: error: "), "{}", entry.output);
        assert!(entry.failed);
    }

    #[test]
    fn a_pod_may_change_only_its_images() {
        let s = run_all(
            replay(vec![Msg::Mode(EditMode::Hold)]),
            vec![
                Msg::Tick(SimDuration::from_secs(10)),
                Msg::Edit(DEMO_YAML.replace("3650d", "1d")),
                Msg::Apply,
            ],
        );
        let entry = s.terminal.entries.back().unwrap();
        assert!(entry.failed);
        assert!(
            entry.output.starts_with(
                "The Pod \"demo\" is invalid: spec: Forbidden: pod updates may not change fields"
            ),
            "{}",
            entry.output
        );
        assert_eq!(s.script.steps().len(), 1, "recorded as kubectl sent it");
    }

    #[test]
    fn the_default_mode_restarts_on_every_edit() {
        let v2 = web("nginx:1.16.1");
        let s = run_all(
            Rc::new(State::new(web("nginx:1.14.2"))),
            vec![Msg::Tick(SimDuration::from_secs(30)), Msg::Edit(v2.clone())],
        );
        assert_eq!(s.mode, EditMode::Restart);
        assert_eq!(s.world().unwrap().now(), SimTime::ZERO);
        assert_eq!(s.base_yaml, v2);
        assert!(!s.held());
        assert_eq!(s.recording().to_string(), "at 0s end\n");
    }

    #[test]
    fn a_reload_restores_the_world_and_the_held_text() {
        let v2 = web("nginx:1.16.1");
        let s = run_all(
            Rc::new(State::new(web("nginx:1.14.2"))),
            vec![
                Msg::Mode(EditMode::Hold),
                Msg::Tick(SimDuration::from_secs(30)),
                Msg::Edit(v2.clone()),
                Msg::Apply,
                Msg::Tick(SimDuration::from_secs(5)),
                Msg::Edit(web("nginx:1.17")),
            ],
        );
        let back = State::restored(
            s.base_yaml.clone(),
            &s.script.to_string(),
            s.yaml.clone(),
            s.mode,
        );
        assert_eq!(back.mode, EditMode::Hold);
        assert_eq!(back.yaml, web("nginx:1.17"));
        assert_eq!(back.applied_yaml, v2);
        assert!(back.held());
        assert_eq!(back.script, s.script);
        assert_eq!(back.world().unwrap().now(), SimTime::from_millis(30_000));
        let back = Rc::new(back).reduce(Msg::Tick(SimDuration::from_secs(5)));
        assert_eq!(
            format!("{:?}", back.world().unwrap()),
            format!("{:?}", s.world().unwrap())
        );
    }

    #[test]
    fn the_clock_pauses_speeds_up_and_steps_to_the_next_event() {
        let quarter = SimDuration::from_millis(250);
        let now = |s: &State| s.world().unwrap().now();
        let s = replay(vec![Msg::Elapsed(quarter)]);
        assert_eq!(now(&s), SimTime::from_millis(250));
        let s = s
            .reduce(Msg::Speed(Speed::X60))
            .reduce(Msg::Elapsed(quarter));
        assert_eq!(now(&s), SimTime::from_millis(15_250));
        let paused = s.reduce(Msg::Play(false));
        let still = paused.clone().reduce(Msg::Elapsed(quarter));
        assert!(
            Rc::ptr_eq(&paused, &still),
            "a paused clock does not re-render"
        );
        let next = still.world().unwrap().next_wakeup().unwrap();
        let stepped = still.reduce(Msg::StepToNextEvent);
        assert_eq!(now(&stepped), next);
        assert!(!stepped.clock.playing);
    }
}
