//! The page's state and its one reducer: UI messages (`Msg`) become core calls here, nowhere else.

use std::rc::Rc;

use podscope_core::command::{ContainerRef, Signal};
use podscope_core::diag::Diagnostic;
use podscope_core::ids::{ContainerName, PodKey};
use podscope_core::scenario::Scenario;
use podscope_core::time::{SimDuration, SimTime};
use podscope_core::{Command, DEFAULT_SEED, World, load};
use yew::Reducible;

/// The manifest the page opens with: the pod from "The Almighty Pause Container".
pub const DEMO_YAML: &str = podscope_core::examples::DEMO;

/// What the user did.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The editor's text changed.
    Edit(String),
    /// The kill button of a container was pressed.
    Kill {
        pod: PodKey,
        container: ContainerName,
    },
    /// Simulated time passes (the page's clock ticks).
    Tick(SimDuration),
    /// Replace the manifest and replay a scenario text into it (share links, tours): the
    /// world restarts at time zero, runs the script's steps, and the script becomes the
    /// recording.
    Load { yaml: String, script: String },
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct State {
    pub yaml: String,
    /// The last world built from valid YAML; kept while the text is invalid.
    pub world: Option<Rc<World>>,
    pub diagnostics: Vec<Diagnostic>,
    /// True while the text has errors and the diagram shows the last good state.
    pub stale: bool,
    /// What went wrong with the last action, if anything.
    pub action_error: Option<String>,
    /// The user's actions since the world started, each at its time on the world's clock, in
    /// the scenario format (`at 12s kill demo/nginx`).
    pub script: Scenario,
}

impl State {
    pub fn new(yaml: String) -> Self {
        let empty = State {
            yaml: String::new(),
            world: None,
            diagnostics: Vec::new(),
            stale: false,
            action_error: None,
            script: Scenario::new(),
        };
        empty.with_yaml(yaml)
    }

    /// A new text: a new world from time zero, so the recording starts over. Invalid text
    /// keeps the last good world and its recording.
    fn with_yaml(mut self, yaml: String) -> Self {
        let manifest = load(&yaml, DEFAULT_SEED);
        self.yaml = yaml;
        self.action_error = None;
        if manifest.has_errors() {
            self.stale = self.world.is_some();
        } else {
            self.world = Some(Rc::new(World::with_cluster(
                manifest.pods,
                DEFAULT_SEED,
                podscope_core::world::WorldOptions::default(),
                &manifest.cluster,
            )));
            self.stale = false;
            self.script = Scenario::new();
        }
        self.diagnostics = manifest.diagnostics;
        self
    }

    /// The recording as a scenario that replays to this moment: the actions, then an `end` at
    /// the world's current time (left out past the format's 30-day limit).
    pub fn recording(&self) -> Scenario {
        let mut script = self.script.clone();
        if let Some(world) = &self.world {
            let _ = script.set_end(world.now().since(SimTime::ZERO));
        }
        script
    }

    /// Carries out a user action on a copy of the world and records it at the world's time;
    /// an action the recording cannot hold is refused, so the page's state is always exactly
    /// what its recording replays to.
    fn act(self: Rc<Self>, command: Command) -> Rc<Self> {
        let Some(world) = &self.world else {
            return self;
        };
        let mut next = (*self).clone();
        let at = world.now().since(SimTime::ZERO);
        if let Err(e) = next.script.push(at, command.clone()) {
            next.action_error = Some(e.kind.to_string());
            return Rc::new(next);
        }
        let mut world = (**world).clone();
        let result = world.apply(&command);
        next.action_error = result.err().map(|e| e.to_string());
        next.world = Some(Rc::new(world));
        Rc::new(next)
    }

    /// `Msg::Load`: the manifest, then the script replayed into its new world.
    fn with_scenario(self, yaml: String, script: &str) -> Self {
        let mut next = self.with_yaml(yaml);
        let parsed = match script.parse::<Scenario>() {
            Ok(s) => s,
            Err(e) => {
                next.action_error = Some(format!("script:{e}"));
                return next;
            }
        };
        if next.diagnostics.iter().any(Diagnostic::is_error) {
            next.action_error = Some("the manifest has errors: the script did not run".into());
            return next;
        }
        if let Some(world) = &next.world {
            let mut world = (**world).clone();
            let transcript = parsed.run(&mut world);
            next.action_error = transcript
                .entries
                .iter()
                .rev()
                .find_map(|e| e.result.as_ref().err().map(|e| e.to_string()));
            next.world = Some(Rc::new(world));
            // The recording is the steps; the clock keeps going from the script's end.
            next.script = Scenario::new();
            for step in parsed.steps() {
                let _ = next.script.push(step.at, step.command.clone());
            }
        }
        next
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Edit(yaml) if yaml == self.yaml => self,
            Msg::Edit(yaml) => Rc::new((*self).clone().with_yaml(yaml)),
            Msg::Kill { pod, container } => self.act(Command::Kill {
                target: ContainerRef::new(&pod, &container),
                signal: Signal::KILL,
            }),
            Msg::Tick(d) => {
                let Some(world) = &self.world else {
                    return self;
                };
                let mut world = (**world).clone();
                world.run_for(d);
                let mut next = (*self).clone();
                next.world = Some(Rc::new(world));
                Rc::new(next)
            }
            Msg::Load { yaml, script } => Rc::new((*self).clone().with_scenario(yaml, &script)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replay(msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter()
            .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
                s.reduce(m)
            })
    }

    fn nginx() -> Msg {
        Msg::Kill {
            pod: PodKey {
                namespace: "default".into(),
                name: "demo".into(),
            },
            container: ContainerName("nginx".into()),
        }
    }

    #[test]
    fn kill_then_tick_restarts_with_the_same_ip() {
        let start = replay(vec![]);
        let ip = start.world.as_ref().unwrap().pods()[0].ip;
        // A fresh node pulls the images first: nginx runs from about 4 s.
        let s = replay(vec![
            Msg::Tick(SimDuration::from_secs(10)),
            nginx(),
            Msg::Tick(SimDuration::from_secs(1)),
        ]);
        let pod = &s.world.as_ref().unwrap().pods()[0];
        assert_eq!(pod.containers[1].restart_count, 1);
        assert_eq!(pod.ip, ip);
        assert_eq!(s.action_error, None);
    }

    #[test]
    fn invalid_yaml_keeps_the_last_good_world() {
        let good = replay(vec![]);
        let s = good.clone().reduce(Msg::Edit("kind: [".into()));
        assert!(s.stale);
        assert!(Rc::ptr_eq(
            s.world.as_ref().unwrap(),
            good.world.as_ref().unwrap()
        ));
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
        let mut world = World::new(load(DEMO_YAML, DEFAULT_SEED).pods, DEFAULT_SEED);
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
        let world = s.world.as_ref().unwrap();
        let again = replayed(&s.recording().to_string().parse().unwrap());
        assert_eq!(format!("{again:?}"), format!("{world:?}"));
        assert_eq!(world.pods()[0].containers[1].restart_count, 2);
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
        assert_eq!(s.script, Scenario::new());
        assert_eq!(s.recording().to_string(), "at 0s end\n");
    }

    #[test]
    fn load_replays_a_script_and_keeps_recording_after_it() {
        let script = "at 5s kill demo/nginx\nat 6s node -- kubectl get pods\nat 20s end\n";
        let s = replay(vec![Msg::Load {
            yaml: DEMO_YAML.to_owned(),
            script: script.to_owned(),
        }]);
        let world = s.world.as_ref().unwrap();
        assert_eq!(world.now(), SimTime::from_millis(20_000));
        assert_eq!(world.pods()[0].containers[1].restart_count, 1);
        assert_eq!(s.recording().to_string(), script);
        let s = s
            .reduce(nginx())
            .reduce(Msg::Tick(SimDuration::from_secs(1)));
        let recorded = s.recording();
        assert_eq!(recorded.steps().len(), 3);
        let again = replayed(&recorded);
        assert_eq!(
            format!("{again:?}"),
            format!("{:?}", s.world.as_ref().unwrap())
        );
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
        assert_eq!(s.script, Scenario::new());
        assert_eq!(s.world.as_ref().unwrap().now(), SimTime::ZERO);
    }

    #[test]
    fn killing_a_stopped_container_says_why() {
        let s = replay(vec![nginx(), nginx()]);
        assert_eq!(
            s.action_error.as_deref(),
            Some("container nginx in pod demo is not running")
        );
    }
}
