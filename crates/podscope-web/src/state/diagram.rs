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
            Ok(result) => TermEntry::ran(at, command, result),
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
