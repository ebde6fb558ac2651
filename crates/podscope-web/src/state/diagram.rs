//! The diagram's part of the reducer: a container's menu action becomes a recorded command
//! (a signal, an exec whose output goes on the terminal), the Pending fix edits the
//! manifest's text, and folding or unfolding a pod changes the layout's options.

use std::rc::Rc;

use podscope_core::Command;
use podscope_core::model::ids::{ContainerName, ObjectKey};
use podscope_core::model::refs::ContainerRef;
use podscope_core::views::layout::{ContainerAction, PendingFix};
use yew::Reducible;

use super::{Msg, State};
use crate::session::{Target, TermEntry};

impl State {
    /// A container menu's action: signals and execs are recorded commands; "open a terminal"
    /// selects the container.
    pub(super) fn container_action(
        self: Rc<Self>,
        pod: ObjectKey,
        container: ContainerName,
        action: ContainerAction,
    ) -> Rc<Self> {
        let target = ContainerRef::new(&pod, &container);
        match action {
            ContainerAction::Signal(signal) => self.act(Command::Kill { target, signal }),
            ContainerAction::Terminal => {
                self.reduce(Msg::Select(Target::Container(pod, container)))
            }
            ContainerAction::Hog { line } | ContainerAction::Orphan { line } => {
                self.exec_shown(Command::Exec { target, line })
            }
        }
    }

    /// Runs an exec from the diagram as the terminal would, so its output shows there.
    fn exec_shown(self: Rc<Self>, command: Command) -> Rc<Self> {
        if self.live.is_none() {
            return self;
        }
        let mut next = (*self).clone();
        let at = next.world().map(|w| w.now()).unwrap_or_default();
        let entry = match next.run(&command) {
            Ok(result) => TermEntry::ran(at, command, None, result),
            Err(refused) => TermEntry::not_run(at, command, &refused),
        };
        Rc::make_mut(&mut next.terminal).push(entry);
        Rc::new(next)
    }

    /// The Pending pod's fix: the manifest's text with the fix applied, as if typed.
    pub(super) fn apply_fix(self: Rc<Self>, fix: &PendingFix) -> Rc<Self> {
        let yaml = fix.apply(&self.yaml);
        self.reduce(Msg::Edit(yaml))
    }

    /// Unfolds a folded pod, or folds an unfolded one.
    pub(super) fn toggle_fold(self: Rc<Self>, pod: ObjectKey) -> Rc<Self> {
        self.with(|s| {
            let options = Rc::make_mut(&mut s.layout_options);
            if !options.expanded.remove(&pod) {
                options.expanded.insert(pod);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::signal::Signal;
    use podscope_core::model::time::SimDuration;
    use podscope_core::sim::world::{ContainerState, TerminatedReason};
    use podscope_core::views::layout::BoxState;

    use super::*;
    use crate::state::DEMO_YAML;
    use crate::view_model::ViewModel;

    fn run(yaml: &str, msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter()
            .fold(Rc::new(State::new(yaml.to_owned())), |s, m| s.reduce(m))
    }

    fn action(container: &str, action: ContainerAction) -> Msg {
        Msg::ContainerAction {
            pod: ObjectKey::new("default", "demo"),
            container: ContainerName(container.to_owned()),
            action,
        }
    }

    #[test]
    fn menu_actions_are_recorded_commands() {
        let limited = DEMO_YAML.replace(
            "command: [sleep, 3650d]}",
            "command: [sleep, 3650d], resources: {limits: {memory: 64Mi}}}",
        );
        let s = run(
            &limited,
            vec![
                Msg::Tick(SimDuration::from_secs(10)),
                action("nginx", ContainerAction::Signal(Signal::TERM)),
                action("busybox", ContainerAction::Terminal),
                action(
                    "busybox",
                    ContainerAction::Hog {
                        line: "tail /dev/zero".into(),
                    },
                ),
                Msg::Tick(SimDuration::from_secs(1)),
            ],
        );
        assert_eq!(s.action_error, None);
        assert_eq!(
            s.recording().to_string(),
            "at 10s kill demo/nginx --signal TERM\nat 10s exec demo/busybox -- tail /dev/zero\nat 11s end\n"
        );
        assert_eq!(
            s.target,
            Target::Container(
                ObjectKey::new("default", "demo"),
                ContainerName("busybox".into())
            )
        );
        let world = s.world().unwrap();
        let busybox = &world.pods().next().expect("a pod").containers[0];
        let oom = busybox
            .last_state
            .as_ref()
            .map(|t| t.reason)
            .or(match &busybox.state {
                ContainerState::Terminated(t) => Some(t.reason),
                _ => None,
            });
        assert_eq!(
            oom,
            Some(TerminatedReason::OOMKilled),
            "{:?}",
            busybox.state
        );
    }

    #[test]
    fn the_pending_fix_adds_the_node_and_the_pod_runs() {
        let seed = "\
apiVersion: v1
kind: Pod
metadata: {name: pinned}
spec:
  nodeSelector: {kubernetes.io/hostname: ubuntu-nested-3}
  containers:
    - {name: app, image: busybox, command: [sleep, 3650d]}
";
        let s = run(seed, vec![]);
        let fix = ViewModel::of(&s).layout.expect("a diagram").pods[0]
            .pending_note
            .as_ref()
            .and_then(|n| n.fixes.first().cloned())
            .map(|(f, _)| f)
            .expect("a fix");
        let s = s.reduce(Msg::ApplyFix(fix));
        assert!(s.yaml.contains("name: ubuntu-nested-3"), "{}", s.yaml);
        let s = s.reduce(Msg::Tick(SimDuration::from_secs(30)));
        let layout = ViewModel::of(&s).layout.expect("a diagram");
        assert_eq!(layout.pods[0].containers[0].state, Some(BoxState::Running));
    }

    #[test]
    fn the_lower_request_fix_edits_the_request_and_the_pod_runs() {
        let seed = "\
apiVersion: v1
kind: Pod
metadata: {name: hungry}
spec:
  containers:
    - name: app
      image: busybox
      command: [sleep, 3650d]
      resources:
        requests: {cpu: 100m, memory: \"64Gi\"} # more than the node has
        limits: {memory: 64Gi}
";
        let s = run(seed, vec![]);
        let fixes = ViewModel::of(&s).layout.expect("a diagram").pods[0]
            .pending_note
            .as_ref()
            .map(|n| n.fixes.clone())
            .expect("Pending");
        let Some((PendingFix::LowerRequest(lower), _)) = fixes.get(1) else {
            panic!("a Node, then a lowered request: {fixes:?}")
        };
        let s = s.reduce(Msg::ApplyFix(PendingFix::LowerRequest(lower.clone())));
        // Only the request's value changed, at its span: the limit and the comment stay.
        let expected = seed.replace("memory: \"64Gi\"}", &format!("memory: {}}}", lower.to));
        assert_eq!(s.yaml, expected);
        let s = s.reduce(Msg::Tick(SimDuration::from_secs(30)));
        let layout = ViewModel::of(&s).layout.expect("a diagram");
        assert!(layout.pods[0].pending_note.is_none());
        assert_eq!(layout.pods[0].containers[0].state, Some(BoxState::Running));
    }

    #[test]
    fn a_folded_pod_unfolds_and_folds_again() {
        let key = ObjectKey::new("default", "demo");
        let s = run(DEMO_YAML, vec![Msg::ToggleFold(key.clone())]);
        assert!(s.layout_options.expanded.contains(&key));
        let s = s.reduce(Msg::ToggleFold(key.clone()));
        assert!(!s.layout_options.expanded.contains(&key));
    }
}
