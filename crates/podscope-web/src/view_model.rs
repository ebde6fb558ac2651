//! What the page shows of its state, as plain data: the clock, the terminal's targets and the
//! diagram's layout (whose container menus offer the actions). Components get only this and `Msg` callbacks;
//! it is computed here, natively testable, never in a component.

use std::rc::Rc;

use podscope_core::World;
use podscope_core::model::time::SimTime;
use podscope_core::sim::world::ContainerState;
use podscope_core::views::layout::{self, Diagram, LayoutOptions};

use crate::live::LiveWorld;
use crate::session::Target;
use crate::state::State;
use yew::{hook, use_memo};

/// Everything the page draws that is derived from the world.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewModel {
    pub now: SimTime,
    /// Whether the world has anything scheduled to step to.
    pub has_next: bool,
    /// What the terminal's target box offers: `targets` of the world, and the selected target
    /// even once it left them (so the box shows where plain lines run).
    pub targets: Vec<Target>,
    /// The diagram; `None` before any valid manifest.
    pub layout: Option<Rc<Diagram>>,
}

impl ViewModel {
    pub fn of(state: &State) -> Self {
        ViewModel::new(state.live.as_ref(), &state.target, &state.layout_options)
    }

    /// The view of `live` with `selected` as the terminal's target and the diagram laid out
    /// with `options` (what the page memoises on).
    pub fn new(live: Option<&LiveWorld>, selected: &Target, options: &LayoutOptions) -> Self {
        let Some(live) = live else {
            return ViewModel {
                now: SimTime::ZERO,
                has_next: false,
                targets: vec![Target::Node],
                layout: None,
            };
        };
        let world = live.get();
        let mut targets = targets(&world);
        if !targets.contains(selected) {
            targets.push(selected.clone());
        }
        ViewModel {
            now: world.now(),
            has_next: world.next_wakeup().is_some(),
            targets,
            layout: Some(Rc::new(layout::diagram_with(&world, options))),
        }
    }
}

/// Where plain lines can run: the node, then per pod each init container (regular or sidecar)
/// while it runs, then every app container. An init container that is waiting or finished
/// cannot be exec'd into: the kubelet finds only running containers (kubelet_pods.go
/// `GetExec` → `findContainer`: "container not found"), and a finished one does not run again
/// unless the sandbox is replaced. App containers are always offered, as the diagram draws
/// each one and a click selects it; the kubelet restarts them.
pub fn targets(world: &World) -> Vec<Target> {
    let per_pod = world.pods().flat_map(|p| {
        let running_init = p
            .init_containers
            .iter()
            .filter(|c| matches!(c.state, ContainerState::Running { .. }));
        running_init
            .chain(&p.containers)
            .map(|c| Target::Container(p.spec.key.clone(), c.spec.name.clone()))
    });
    std::iter::once(Target::Node).chain(per_pod).collect()
}

/// The page's view of `state`, shared by the full page and the embed: recomputed when the
/// world changes (every tick), the target or the layout options do, never on a keystroke.
#[hook]
pub fn use_view_model(state: &State) -> Rc<ViewModel> {
    use_memo(
        (
            state.live.clone(),
            state.target.clone(),
            state.layout_options.clone(),
        ),
        |(live, target, options)| ViewModel::new(live.as_ref(), target, options),
    )
}

#[cfg(test)]
mod tests {
    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::SimDuration;
    use podscope_core::views::layout::BoxState;
    use yew::Reducible;

    use super::*;
    use crate::state::{DEMO_YAML, Msg};

    fn container(pod: &str, name: &str) -> Target {
        Target::Container(ObjectKey::new("default", pod), ContainerName(name.into()))
    }

    fn after(yaml: &str, secs: u64) -> Rc<State> {
        Rc::new(State::new(yaml.to_owned())).reduce(Msg::Tick(SimDuration::from_secs(secs)))
    }

    #[test]
    fn the_demo_pod_gets_its_buttons_targets_and_diagram() {
        let s = after(DEMO_YAML, 0);
        let v = ViewModel::of(&s);
        assert_eq!(v.now, SimTime::ZERO);
        assert!(v.has_next, "the kubelet has the pod to start");
        assert_eq!(
            v.targets,
            [
                Target::Node,
                container("demo", "busybox"),
                container("demo", "nginx")
            ]
        );
        let layout = v.layout.expect("a diagram");
        let pod = &layout.pods[0];
        assert_eq!(
            (pod.namespace.as_str(), pod.name.as_str()),
            ("default", "demo")
        );
        assert!(
            pod.containers
                .iter()
                .all(|c| c.state != Some(BoxState::Running)),
            "{:?}",
            pod.containers
        );
        assert_ne!(pod.status, "Terminating");

        let s = s.reduce(Msg::Tick(SimDuration::from_secs(10)));
        let v = ViewModel::of(&s);
        assert_eq!(v.now, SimTime::from_millis(10_000));
        let layout = v.layout.expect("a diagram");
        let names: Vec<&str> = layout.pods[0]
            .containers
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["busybox", "nginx"]);
        let pause = layout.pods[0].sandbox.as_ref().expect("a sandbox");
        assert!(!pause.pid.is_empty(), "pause has a PID to kill");
        assert_eq!(*layout, layout::diagram(&s.world().unwrap()));
        let states: Vec<Option<BoxState>> =
            layout.pods[0].containers.iter().map(|c| c.state).collect();
        assert_eq!(states, [Some(BoxState::Running), Some(BoxState::Running)]);
    }

    #[test]
    fn without_a_valid_manifest_there_is_only_the_node() {
        let s = State::new("kind: [".to_owned());
        let v = ViewModel::of(&s);
        assert_eq!(v.targets, [Target::Node]);
        assert!(v.layout.is_none() && !v.has_next);
    }

    #[test]
    fn a_killed_container_is_drawn_failed_until_the_kubelet_restarts_it() {
        let nginx =
            |s: &State| ViewModel::of(s).layout.expect("a diagram").pods[0].containers[1].state;
        let mut s = after(DEMO_YAML, 10)
            .reduce(Msg::Play(false))
            .reduce(Msg::Kill {
                pod: ObjectKey::new("default", "demo"),
                container: ContainerName("nginx".into()),
            });
        let mut seen = vec![nginx(&s)];
        while nginx(&s) != Some(BoxState::Running) && seen.len() < 20 {
            s = s.reduce(Msg::StepToNextEvent);
            seen.push(nginx(&s));
        }
        let error = BoxState::Terminated(podscope_core::sim::world::TerminatedReason::Error);
        assert!(seen.contains(&Some(error)), "{seen:?}");
        assert_eq!(seen.last(), Some(&Some(BoxState::Running)), "{seen:?}");
    }

    /// An init container that sleeps 5 s, a native sidecar, and the app.
    const INIT: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: init}
spec:
  initContainers:
    - {name: setup, image: busybox, command: [sleep, \"5\"]}
    - {name: proxy, image: busybox, command: [sleep, 3650d], restartPolicy: Always}
  containers:
    - {name: app, image: busybox, command: [sleep, 3650d]}
";

    /// Runs the clock in half seconds until `ready` holds (at most a minute).
    fn until(mut s: Rc<State>, ready: impl Fn(&ViewModel) -> bool) -> Rc<State> {
        for _ in 0..120 {
            if ready(&ViewModel::of(&s)) {
                return s;
            }
            s = s.reduce(Msg::Tick(SimDuration::from_millis(500)));
        }
        panic!("never ready: {:?}", ViewModel::of(&s).targets);
    }

    #[test]
    fn an_init_container_is_a_target_while_it_runs_only() {
        let setup = container("init", "setup");
        let proxy = container("init", "proxy");
        let app = container("init", "app");
        let s = after(INIT, 0);
        assert_eq!(s.target, app, "the first app container is selected");
        assert_eq!(
            ViewModel::of(&s).targets,
            [Target::Node, app.clone()],
            "nothing runs yet"
        );

        let s = until(s, |v| v.targets.contains(&setup));
        assert_eq!(
            ViewModel::of(&s).targets,
            [Target::Node, setup.clone(), app.clone()]
        );
        let s = s
            .reduce(Msg::Select(setup.clone()))
            .reduce(Msg::TermInput("hostname".into()))
            .reduce(Msg::TermRun);
        let shown = s.terminal.entries.back().expect("an entry");
        assert_eq!(shown.output, "init\n", "exec works while it runs");

        let s = until(s, |v| v.targets.contains(&proxy));
        let offered = targets(&s.world().expect("a world"));
        assert_eq!(
            offered,
            [Target::Node, proxy.clone(), app.clone()],
            "setup finished"
        );
        assert_eq!(
            ViewModel::of(&s).targets,
            [Target::Node, proxy, app.clone(), setup.clone()],
            "the box still shows where plain lines run"
        );
        let s = s
            .reduce(Msg::TermInput("hostname".into()))
            .reduce(Msg::TermRun);
        let shown = s.terminal.entries.back().expect("an entry");
        assert!(shown.failed, "a finished container has no shell: {shown:?}");

        // The reducer keeps a target across a new manifest only if the list offers it.
        let edited = s.reduce(Msg::Edit(format!("{INIT}\n")));
        assert_eq!(
            edited.target, app,
            "setup does not run in the new world yet"
        );
    }
}
