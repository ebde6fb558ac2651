//! The "compare" part of the reducer's state: what the Runtimes tab is built from.

use std::rc::Rc;

use podscope_core::model::time::SimTime;

use super::State;
use crate::panels::compare_model::CompareInput;

impl State {
    /// The manifest the world started from (if there is a world) and the recording, at the
    /// world's time: the
    /// Runtimes tab plays them under each runtime (`CompareView::of`).
    pub fn compare_input(&self) -> CompareInput {
        CompareInput {
            manifest: self
                .live
                .as_ref()
                .map(|_| Rc::from(self.base_yaml.as_str())),
            script: Rc::clone(&self.script),
            at: self
                .world()
                .map(|w| w.now().since(SimTime::ZERO))
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::scenario::examples::ExampleId;
    use yew::Reducible;

    use super::*;
    use crate::panels::tab::Tab;
    use crate::state::{DEMO_YAML, Msg};

    #[test]
    fn a_runtime_example_opens_the_runtimes_tab_and_others_leave_the_tab() {
        let s = Rc::new(State::new(DEMO_YAML.to_owned()));
        assert_eq!(s.tab, Tab::Terminal);
        let s = s.reduce(Msg::Tab(Tab::Events));
        assert_eq!(s.tab, Tab::Events);
        let s = s.reduce(Msg::Example(ExampleId::Oom));
        assert_eq!(s.tab, Tab::Events, "an example that compares nothing");
        for id in [
            ExampleId::RuntimeContainerd,
            ExampleId::RuntimeCriO,
            ExampleId::RuntimeDocker,
        ] {
            let s = s
                .clone()
                .reduce(Msg::Tab(Tab::Node))
                .reduce(Msg::Example(id));
            assert_eq!(s.tab, Tab::Compare, "{id}");
            assert_eq!(
                s.runtime,
                id.get().runtime,
                "the world stays on its runtime"
            );
        }
    }
}
