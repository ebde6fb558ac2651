//! podscope-web: the playground page. It holds the Yew app; `main.rs` only mounts it, so the
//! browser tests can mount it too. All behaviour comes from podscope-core.

pub mod clock;
mod controls;
mod diagram;
mod editor;
pub mod session;
pub mod state;
mod storage;
mod terminal;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use podscope_core::model::time::SimDuration;
use podscope_core::sim::world::ContainerState;
use podscope_core::views::layout;
use yew::prelude::*;

use crate::controls::{Controls, PodRow};
use crate::diagram::Diagram;
use crate::editor::Editor;
use crate::session::Target;
use crate::state::{DEMO_YAML, Msg, State};
use crate::terminal::Terminal;

/// How often the page's timer fires; simulated time follows at the clock's speed.
const TICK_MS: u32 = 250;
const TICK: SimDuration = SimDuration::from_millis(TICK_MS as u64);

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
        if let Some(yaml) = initial {
            return State::new(yaml.to_string());
        }
        match storage::load() {
            Some(saved) => match saved.replay {
                Some((manifest, script)) => {
                    State::restored(manifest, &script, saved.text, saved.mode)
                }
                None => State::new(saved.text),
            },
            None => State::new(DEMO_YAML.to_owned()),
        }
    });

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || dispatcher.dispatch(Msg::Elapsed(TICK)));
            move || drop(interval)
        });
    }
    use_effect_with(state.yaml.clone(), |text| storage::save_text(text));
    use_effect_with(
        (state.base_yaml.clone(), state.script.clone()),
        |(manifest, script)| storage::save_replay(manifest, &script.to_string()),
    );
    use_effect_with(state.mode, |mode| storage::save_mode(*mode));

    // Callbacks made once: the dispatcher never changes, and a stable callback keeps the
    // editor from re-rendering (and re-setting the textarea's text) on every clock tick.
    let on_edit = {
        let d = state.dispatcher();
        use_callback((), move |yaml: String, _| d.dispatch(Msg::Edit(yaml)))
    };
    let on_msg = {
        let d = state.dispatcher();
        use_callback((), move |msg: Msg, _| d.dispatch(msg))
    };
    let on_select = {
        let d = state.dispatcher();
        use_callback((), move |target: Target, _| d.dispatch(Msg::Select(target)))
    };

    let world = state.world.clone();
    let layout = use_memo(world.clone().map(WorldPtr), |w| {
        w.as_ref().map(|w| Rc::new(layout::diagram(&w.0)))
    });
    let pods: Vec<PodRow> = world
        .as_ref()
        .map(|w| w.pods().map(pod_row).collect())
        .unwrap_or_default();
    let targets: Vec<Target> = std::iter::once(Target::Node)
        .chain(pods.iter().flat_map(|p| {
            p.containers
                .iter()
                .map(|(c, _)| Target::Container(p.key.clone(), c.clone()))
        }))
        .collect();
    let now = world.as_ref().map(|w| w.now()).unwrap_or_default();
    let has_next = world.as_ref().is_some_and(|w| w.next_wakeup().is_some());

    html! {
        <main class="app">
            <header class="top">
                <h1>{"podscope"}</h1>
                <p class="tagline">{"See what is inside a Kubernetes pod: the pause container, its namespaces, and what the kubelet does when things break."}</p>
            </header>
            <div class="panes">
                <Editor yaml={AttrValue::from(state.yaml.clone())}
                        diagnostics={state.diagnostics.clone()} {on_edit}
                        mode={state.mode} held={state.held()} on_msg={on_msg.clone()} />
                <section class="view" aria-label="Diagram">
                    <Controls {pods} {now} clock={state.clock} {has_next} on_msg={on_msg.clone()}
                              error={state.action_error.clone().map(AttrValue::from)} />
                    if state.stale {
                        <p class="stale-banner" data-testid="stale-banner">
                            {"The YAML has errors: showing the last valid pod."}
                        </p>
                    }
                    if let Some(layout) = (*layout).clone() {
                        <Diagram {layout} stale={state.stale}
                                 selected={state.target.clone()} {on_select} />
                    }
                    <Terminal entries={state.terminal.entries.clone()}
                              dropped={state.terminal.dropped}
                              input={AttrValue::from(state.terminal.input.clone())}
                              target={state.target.clone()} {targets} {on_msg} />
                </section>
            </div>
        </main>
    }
}

/// What the controls offer for a pod.
fn pod_row(p: &podscope_core::sim::world::Pod) -> PodRow {
    PodRow {
        key: p.spec.key.clone(),
        containers: p
            .containers
            .iter()
            .map(|c| {
                let running = matches!(c.state, ContainerState::Running { .. });
                (c.spec.name.clone(), running)
            })
            .collect(),
        has_pause: p.sandbox.as_ref().is_some_and(|s| s.pid.is_some()),
        deleting: p.deletion.is_some(),
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
