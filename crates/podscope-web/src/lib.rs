//! podscope-web: the playground page. It holds the Yew app; `main.rs` only mounts it, so the
//! browser tests can mount it too. All behaviour comes from podscope-core.

mod controls;
mod diagram;
mod editor;
pub mod state;
mod storage;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use podscope_core::layout;
use podscope_core::time::SimDuration;
use podscope_core::world::ContainerState;
use yew::prelude::*;

use crate::controls::Controls;
use crate::diagram::Diagram;
use crate::editor::Editor;
use crate::state::{DEMO_YAML, Msg, State};

/// How much simulated time passes per tick, and how often the page ticks (1×).
const TICK: SimDuration = SimDuration::from_secs(1);
const TICK_MS: u32 = 1000;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start from this text instead of the saved one or the demo (tests use it).
    #[prop_or_default]
    pub initial_yaml: Option<AttrValue>,
}

#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial = props.initial_yaml.clone();
    let state = use_reducer(move || {
        let yaml = match initial {
            Some(y) => y.to_string(),
            None => storage::load().unwrap_or_else(|| DEMO_YAML.to_owned()),
        };
        State::new(yaml)
    });

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || dispatcher.dispatch(Msg::Tick(TICK)));
            move || drop(interval)
        });
    }
    use_effect_with(state.yaml.clone(), |yaml| storage::save(yaml));

    let on_edit = {
        let d = state.dispatcher();
        Callback::from(move |yaml| d.dispatch(Msg::Edit(yaml)))
    };
    let on_kill = {
        let d = state.dispatcher();
        Callback::from(move |(pod, container)| d.dispatch(Msg::Kill { pod, container }))
    };

    let world = state.world.clone();
    let layout = use_memo(world.clone().map(WorldPtr), |w| {
        w.as_ref().map(|w| Rc::new(layout::diagram(&w.0)))
    });
    let targets: Vec<_> = world
        .as_ref()
        .map(|w| {
            w.pods()
                .iter()
                .flat_map(|p| {
                    p.containers.iter().map(|c| {
                        let running = matches!(c.state, ContainerState::Running { .. });
                        (p.spec.key.clone(), c.spec.name.clone(), running)
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let now = world.as_ref().map(|w| w.now()).unwrap_or_default();

    html! {
        <main class="app">
            <header class="top">
                <h1>{"podscope"}</h1>
                <p class="tagline">{"See what is inside a Kubernetes pod: the pause container, its namespaces, and what the kubelet does when things break."}</p>
            </header>
            <div class="panes">
                <Editor yaml={AttrValue::from(state.yaml.clone())}
                        diagnostics={state.diagnostics.clone()} {on_edit} />
                <section class="view" aria-label="Diagram">
                    <Controls {targets} {now} {on_kill}
                              error={state.action_error.clone().map(AttrValue::from)} />
                    if state.stale {
                        <p class="stale-banner" data-testid="stale-banner">
                            {"The YAML has errors: showing the last valid pod."}
                        </p>
                    }
                    if let Some(layout) = (*layout).clone() {
                        <Diagram {layout} stale={state.stale} />
                    }
                </section>
            </div>
        </main>
    }
}

/// Compares worlds by identity, so the layout is recomputed only when the world changed.
#[derive(Clone)]
struct WorldPtr(Rc<podscope_core::World>);

impl PartialEq for WorldPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
