//! The embed mode (`embed.html`, in a blog post's iframe): the diagram first, the clock's
//! controls, an optional guided tour and the panels the URL asks for, and a link to the full
//! page. Its options come from the query (`embed/options.rs`), its content from the fragment
//! (`embed/setup.rs`); it never touches localStorage and installs no crash recovery; it
//! tells its parent its height and takes a theme from it (`embed/messages.rs`).

pub mod messages;
pub mod options;
pub mod setup;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use podscope_core::model::time::SimDuration;
use yew::prelude::*;

use self::options::{EmbedPanel, EmbedTheme};
use self::setup::EmbedSetup;
use crate::controls::Controls;
use crate::diagram::Diagram;
use crate::panels::events::EventsPanel;
use crate::panels::inspector::InspectorPanel;
use crate::panels::node::NodePanel;
use crate::session::Target;
use crate::state::{Msg, State};
use crate::terminal::Terminal;
use crate::theme::{self, Theme};
use crate::tour::TourBox;
use crate::view_model::use_view_model;
use crate::{perf, storage};

/// The clock's timer, as on the full page.
const TICK_MS: u32 = 250;
const TICK: SimDuration = SimDuration::from_millis(TICK_MS as u64);

/// The state an embed starts in: the manifest under its runtime; with `tour` (or
/// `autoplay`) and narration, the tour at its first stop; else the scenario played whole, as
/// a share link plays it.
pub fn initial_state(setup: &EmbedSetup) -> State {
    let o = &setup.options;
    let yaml = setup.manifest.clone();
    let mut state = Rc::new(State::on(setup.runtime, yaml.clone()));
    if (o.tour || o.autoplay) && setup.scenario.stops().len() > 0 {
        state = state.reduce_msg(Msg::TourOpen {
            yaml,
            scenario: setup.scenario.clone(),
        });
        if o.autoplay {
            state = state.reduce_msg(Msg::Autoplay(true));
        }
    } else {
        if !setup.scenario.is_empty() {
            state = state.reduce_msg(Msg::Load {
                yaml,
                script: setup.scenario.to_string(),
            });
        }
        if o.autoplay {
            state = state.reduce_msg(Msg::Play(true));
        }
    }
    if let Some(tab) = o.panels.iter().find_map(|p| p.tab()) {
        state = state.reduce_msg(Msg::Tab(tab));
    }
    (*state).clone()
}

trait ReduceMsg {
    fn reduce_msg(self, msg: Msg) -> Self;
}

impl ReduceMsg for Rc<State> {
    fn reduce_msg(self, msg: Msg) -> Self {
        yew::Reducible::reduce(self, msg)
    }
}

fn theme_of(theme: EmbedTheme) -> Theme {
    match theme {
        EmbedTheme::Auto => Theme::System,
        EmbedTheme::Light => Theme::Light,
        EmbedTheme::Dark => Theme::Dark,
    }
}

/// The setup from the page's own URL.
fn setup_from_location() -> EmbedSetup {
    let location = web_sys::window().map(|w| w.location());
    let query = location.as_ref().and_then(|l| l.search().ok());
    let hash = location.as_ref().and_then(|l| l.hash().ok());
    EmbedSetup::from_url(
        query.as_deref().unwrap_or_default(),
        hash.as_deref().unwrap_or_default(),
    )
}

#[derive(Properties, PartialEq, Default)]
pub struct EmbedAppProps {
    /// Start from this setup instead of the page's URL (tests use it).
    #[prop_or_default]
    pub setup: Option<Rc<EmbedSetup>>,
}

#[component(EmbedApp)]
pub fn embed_app(props: &EmbedAppProps) -> Html {
    let given = props.setup.clone();
    let setup = use_memo((), move |_| {
        // Before anything could read or write it.
        storage::turn_off();
        given.map_or_else(setup_from_location, |s| (*s).clone())
    });
    let state = {
        let setup = setup.clone();
        use_reducer(move || initial_state(&setup))
    };
    let options = &setup.options;

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || dispatcher.dispatch(Msg::Elapsed(TICK)));
            move || drop(interval)
        });
    }
    use_effect_with(options.theme, |t| {
        theme::apply(theme_of(*t));
        messages::listen_for_theme();
    });
    let main_ref = use_node_ref();
    {
        let main_ref = main_ref.clone();
        use_effect_with(options.height, move |height| {
            if let (Some(h), Some(main)) = (height, main_ref.cast::<web_sys::HtmlElement>()) {
                // Through the CSSOM: a strict CSP forbids style attributes, not this.
                let _ = main.style().set_property("min-height", &format!("{h}px"));
            }
        });
    }
    use_effect_with(state.live.is_some(), |shown| {
        if *shown {
            perf::mark_first_diagram();
        }
    });
    // After every render: the parent learns a new height.
    use_effect(messages::post_height);

    let on_msg = {
        let d = state.dispatcher();
        use_callback((), move |msg: Msg, _| d.dispatch(msg))
    };
    let on_select = {
        let d = state.dispatcher();
        use_callback((), move |target: Target, _| d.dispatch(Msg::Select(target)))
    };
    let view = use_view_model(&state);

    let panel = |p: EmbedPanel| -> Html {
        match p {
            EmbedPanel::Editor => html! {
                <EmbedEditor yaml={AttrValue::from(state.yaml.clone())} readonly={options.readonly}
                             errors={state.diagnostics.iter().filter(|d| d.is_error())
                                 .take(3).map(|d| AttrValue::from(d.to_string())).collect::<Vec<_>>()}
                             on_msg={on_msg.clone()} />
            },
            EmbedPanel::Terminal => html! {
                <Terminal entries={state.terminal.entries.clone()}
                          dropped={state.terminal.dropped}
                          input={AttrValue::from(state.terminal.input.clone())}
                          prompt={AttrValue::from(state.terminal_prompt())}
                          target={state.target.clone()} targets={view.targets.clone()}
                          on_msg={on_msg.clone()} />
            },
            EmbedPanel::Events => html! {
                <EventsPanel live={state.live.clone()} target={state.target.clone()} />
            },
            EmbedPanel::Node => html! { <NodePanel live={state.live.clone()} /> },
            EmbedPanel::Inspector => html! {
                <InspectorPanel live={state.live.clone()} target={state.target.clone()} />
            },
        }
    };

    html! {
        <main class="embed" ref={main_ref}>
            { for options.notes.iter().map(|n| html! {
                <p class="embed-note" data-testid="embed-note">{format!("Note: {n}")}</p>
            }) }
            if let Some(error) = &setup.error {
                <p class="embed-error" role="alert" data-testid="embed-error">{error.clone()}</p>
            }
            <section class="view embed-view" aria-label="Diagram">
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
            </section>
            <Controls now={view.now} clock={state.clock}
                      has_next={view.has_next} on_msg={on_msg.clone()}
                      error={state.action_error.clone().map(AttrValue::from)} />
            if options.tour && let Some(tour) = state.tour.clone() {
                <TourBox {tour} on_msg={on_msg.clone()} />
            }
            { for options.panels.iter().map(|p| html! {
                <section class={format!("embed-panel embed-panel-{}", p.as_str())}
                         aria-label={p.as_str()} data-testid={format!("embed-panel-{}", p.as_str())}>
                    {panel(*p)}
                </section>
            }) }
            <p class="embed-footer">
                <a class="embed-open" data-testid="embed-open" href={setup.full_page_href()}
                   target="_blank" rel="noopener">{"Open in podscope ↗"}</a>
            </p>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedEditorProps {
    yaml: AttrValue,
    readonly: bool,
    errors: Vec<AttrValue>,
    on_msg: Callback<Msg>,
}

/// The embed's editor: a plain textarea (no CodeMirror in the embed), read only on request.
#[component(EmbedEditor)]
fn embed_editor(props: &EmbedEditorProps) -> Html {
    let oninput = {
        let on_msg = props.on_msg.clone();
        let readonly = props.readonly;
        Callback::from(move |e: InputEvent| {
            if readonly {
                return;
            }
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            on_msg.emit(Msg::Edit(area.value()));
        })
    };
    html! {
        <div class="embed-editor">
            <label class="visually-hidden" for="embed-yaml">{"The pod's YAML"}</label>
            <textarea id="embed-yaml" data-testid="embed-yaml" spellcheck="false"
                      readonly={props.readonly} value={props.yaml.clone()} {oninput} rows="12" />
            if !props.errors.is_empty() {
                <ul class="embed-problems" data-testid="embed-problems">
                    { for props.errors.iter().map(|e| html! { <li>{e.clone()}</li> }) }
                </ul>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_with_tour_opens_at_its_first_stop_and_autoplay_plays() {
        let setup = EmbedSetup::from_url("?tour&panels=events", "");
        let s = initial_state(&setup);
        let tour = s.tour.clone().expect("a tour");
        assert_eq!(tour.position, 0);
        assert!(!s.clock.playing);
        assert_eq!(s.tab, crate::panels::tab::Tab::Events);
        let s = initial_state(&EmbedSetup::from_url("?autoplay", ""));
        assert!(s.clock.playing && s.tour.is_some_and(|t| t.autoplay));
    }

    #[test]
    fn without_tour_the_scenario_plays_whole() {
        let s = initial_state(&EmbedSetup::from_url("", ""));
        assert!(s.tour.is_none());
        let world = s.world().unwrap();
        assert_eq!(world.pods().next().unwrap().containers[1].restart_count, 1);
    }
}
