//! The page's state and its one reducer: UI messages (`Msg`) become core calls here, nowhere else.

use std::rc::Rc;

use podscope_core::command::{ContainerRef, Signal};
use podscope_core::diag::Diagnostic;
use podscope_core::ids::{ContainerName, PodKey};
use podscope_core::time::SimDuration;
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
}

impl State {
    pub fn new(yaml: String) -> Self {
        let empty = State {
            yaml: String::new(),
            world: None,
            diagnostics: Vec::new(),
            stale: false,
            action_error: None,
        };
        empty.with_yaml(yaml)
    }

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
        }
        self.diagnostics = manifest.diagnostics;
        self
    }
}

impl Reducible for State {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Edit(yaml) if yaml == self.yaml => self,
            Msg::Edit(yaml) => Rc::new((*self).clone().with_yaml(yaml)),
            Msg::Kill { pod, container } => {
                let Some(world) = &self.world else {
                    return self;
                };
                let mut world = (**world).clone();
                let result = world.apply(&Command::Kill {
                    target: ContainerRef::new(&pod, &container),
                    signal: Signal::KILL,
                });
                let mut next = (*self).clone();
                next.action_error = result.err().map(|e| e.to_string());
                next.world = Some(Rc::new(world));
                Rc::new(next)
            }
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
        let s = replay(vec![nginx(), Msg::Tick(SimDuration::from_secs(1))]);
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

    #[test]
    fn killing_a_stopped_container_says_why() {
        let s = replay(vec![nginx(), nginx()]);
        assert_eq!(
            s.action_error.as_deref(),
            Some("container nginx in pod demo is not running")
        );
    }
}
