//! podscope-web: the playground page. It holds the Yew app; `main.rs` only mounts it, so the
//! browser tests can mount it too. All behaviour comes from podscope-core.

pub mod clock;
mod controls;
mod diagram;
mod editor;
// The "embed" part: the embed mode, the page that chooses it, the tour's box.
pub mod embed;
mod examples_menu;
pub mod live;
pub mod page;
pub mod panels;
pub mod panic;
mod perf;
mod problems;
pub mod session;
pub mod share;
pub mod state;
mod storage;
mod terminal;
pub mod theme;
pub mod tour;
pub mod view_model;

use gloo_timers::callback::Interval;
use podscope_core::model::time::SimDuration;
use yew::prelude::*;

use crate::controls::Controls;
use crate::diagram::Diagram;
use crate::editor::Editor;
use crate::examples_menu::ExamplesMenu;
use crate::panels::Panels;
use crate::panels::runtime_select::RuntimeSelect;
use crate::panic::Recovered;
use crate::session::Target;
use crate::share::{LinkBanner, ShareButton, ShareDialog};
use crate::state::{DEMO_YAML, Msg, State};
use crate::terminal::Terminal;
use crate::theme::ThemeToggle;
use crate::view_model::use_view_model;

pub use crate::page::Page;

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
        // A share link in the address opens over the saved session, which it keeps.
        if let Some(state) = share::startup::from_address() {
            return state;
        }
        // The page stopped while running the saved session: open it without running it.
        if storage::was_running()
            && let Some(saved) = storage::load()
        {
            let mut state = State::recovered(saved.text, saved.replay, saved.mode);
            state.runtime = saved.runtime;
            return state;
        }
        storage::mark_running();
        match storage::load() {
            Some(saved) => match saved.replay {
                Some((manifest, script)) => {
                    State::restored_on(saved.runtime, manifest, &script, saved.text, saved.mode)
                }
                None => State::on(saved.runtime, saved.text),
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
    // Under a shared link's state storage keeps the user's session until they edit
    // (`State::holds_storage`); the effects run again when that ends.
    let held = state.holds_storage();
    use_effect_with((state.yaml.clone(), held), |(text, held)| {
        if !held {
            storage::save_text(text)
        }
    });
    use_effect_with(
        (state.base_yaml.clone(), state.script.clone(), held),
        |(manifest, script, held)| {
            if !held {
                storage::save_replay(manifest, &script.to_string())
            }
        },
    );
    use_effect_with((state.mode, held), |(mode, held)| {
        if !held {
            storage::save_mode(*mode)
        }
    });
    // What was marked running has rendered.
    use_effect(storage::clear_running);
    use_effect_with(view_has_layout(&state), |shown| {
        if *shown {
            perf::mark_first_diagram();
        }
    });
    // When the first render is in the page: docs/figures.md, editor.
    use_effect_with((), |_| perf::mark("podscope:first-render"));
    // A Share waits for the browser's deflate of its bundle's text (share/deflate.rs).
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.share.pending(), move |pending| {
            if let Some(p) = pending.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let msg = match crate::share::deflate::deflate_raw(&p.text).await {
                        Ok(deflated) => Msg::ShareDeflated {
                            text: p.text.clone(),
                            deflated,
                        },
                        Err(reason) => Msg::ShareFailed(reason),
                    };
                    dispatcher.dispatch(msg);
                });
            }
        });
    }
    use_effect_with((state.runtime, held), |(runtime, held)| {
        if !held {
            storage::save_runtime(*runtime)
        }
    });

    // Callbacks made once: the dispatcher never changes, and a stable callback keeps the
    // editor from re-rendering (and re-setting the textarea's text) on every clock tick.
    let on_edit = {
        let d = state.dispatcher();
        use_callback((), move |yaml: String, _| {
            // Saved before the world is built, so a crash there loses nothing.
            storage::save_text(&yaml);
            storage::mark_running();
            panic::panic_if_testing(&yaml);
            d.dispatch(Msg::Edit(yaml))
        })
    };
    let on_msg = {
        let d = state.dispatcher();
        use_callback((), move |msg: Msg, _| {
            storage::mark_running();
            d.dispatch(msg)
        })
    };
    share::startup::use_link_changes(on_msg.clone());
    let on_select = {
        let d = state.dispatcher();
        use_callback((), move |target: Target, _| d.dispatch(Msg::Select(target)))
    };

    let view = use_view_model(&state);

    html! {
        <main class="app">
            <header class="top">
                <h1>{"podscope"}</h1>
                <p class="tagline">{"See what is inside a Kubernetes pod: the pause container, its namespaces, and what the kubelet does when things break."}</p>
                <div class="top-tools">
                    <ExamplesMenu pending={state.pending_example} can_restore={state.can_restore()}
                                  on_msg={on_msg.clone()} />
                    <RuntimeSelect runtime={state.runtime} on_msg={on_msg.clone()} />
                    <ShareButton on_msg={on_msg.clone()} error={state.share.error()} />
                    <ThemeToggle />
                </div>
            </header>
            <ShareDialog snippets={state.share.snippets()} on_msg={on_msg.clone()} />
            <div class="panes">
                <Editor yaml={AttrValue::from(state.yaml.clone())}
                        diagnostics={state.diagnostics.clone()} {on_edit}
                        mode={state.mode} held={state.held()} on_msg={on_msg.clone()} />
                <section class="view" aria-label="Diagram">
                    <Controls now={view.now} clock={state.clock}
                              has_next={view.has_next} on_msg={on_msg.clone()}
                              error={state.action_error.clone().map(AttrValue::from)} />
                    if let Some(notice) = state.link_notice.clone() {
                        <LinkBanner {notice} on_msg={on_msg.clone()} />
                    }
                    if state.recovered {
                        <Recovered on_msg={on_msg.clone()} />
                    }
                    if state.stale {
                        <p class="stale-banner" data-testid="stale-banner">
                            {"The YAML has errors: showing the last valid pod."}
                        </p>
                    }
                    if let Some(layout) = view.layout.clone() {
                        <Diagram {layout} stale={state.stale}
                                 selected={state.target.clone()} {on_select}
                                 on_msg={on_msg.clone()} />
                    }
                    <Panels live={state.live.clone()} target={state.target.clone()}
                            tab={state.tab} on_msg={on_msg.clone()}
                            compare={state.compare_input()}
                            now={AttrValue::from(view.now.to_string())}>
                        <Terminal entries={state.terminal.entries.clone()}
                                  dropped={state.terminal.dropped}
                                  input={AttrValue::from(state.terminal.input.clone())}
                                  prompt={AttrValue::from(state.terminal_prompt())}
                                  target={state.target.clone()} targets={view.targets.clone()}
                                  {on_msg} />
                    </Panels>
                </section>
            </div>
        </main>
    }
}

/// Whether the page shows a diagram (a world was built).
fn view_has_layout(state: &State) -> bool {
    state.live.is_some()
}
