//! The panels below the diagram: a tab strip (Terminal, Events, Node, Inspector, Runtimes) and the
//! selected tab's panel, and the runtime setting in the header. A panel reads the world only
//! while it is shown and only when the world's version (or the selection) changed; a hidden
//! panel is not rendered at all.

pub mod compare;
pub mod compare_model;
pub mod events;
pub mod events_model;
pub mod inspector;
pub mod inspector_model;
pub mod node;
pub mod node_model;
pub mod runtime_select;
pub mod tab;
pub mod tab_strip;

use yew::prelude::*;

use self::compare::ComparePanel;
use self::compare_model::CompareInput;
use self::events::EventsPanel;
use self::inspector::InspectorPanel;
use self::node::NodePanel;
use self::tab::Tab;
use self::tab_strip::{TabStrip, panel_id, tab_id};
use crate::live::LiveWorld;
use crate::session::Target;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    pub live: Option<LiveWorld>,
    pub target: Target,
    /// The Terminal tab's content (the terminal component, unchanged).
    pub children: Html,
    /// The selected tab (the state's: an example can open one) and where a choice goes.
    pub tab: Tab,
    pub on_msg: Callback<Msg>,
    /// What the Runtimes tab compares, and the world's time for its rebuild button.
    pub compare: CompareInput,
    pub now: AttrValue,
}

#[component(Panels)]
pub fn panels(props: &PanelsProps) -> Html {
    let on_select = props.on_msg.reform(Msg::Tab);
    let shown = props.tab;
    let content = |tab: Tab| -> Html {
        if tab != shown {
            return Html::default();
        }
        match tab {
            Tab::Terminal => props.children.clone(),
            Tab::Events => html! {
                <EventsPanel live={props.live.clone()} target={props.target.clone()} />
            },
            Tab::Node => html! { <NodePanel live={props.live.clone()} /> },
            Tab::Inspector => html! {
                <InspectorPanel live={props.live.clone()} target={props.target.clone()} />
            },
            Tab::Compare => html! {
                <ComparePanel input={props.compare.clone()} now={props.now.clone()} />
            },
        }
    };
    html! {
        <section class="panels" aria-label="Terminal and panels">
            <TabStrip selected={shown} {on_select} />
            { for Tab::ALL.iter().map(|&tab| html! {
                <div role="tabpanel" id={panel_id(tab)} aria-labelledby={tab_id(tab)}
                     class={format!("tab-panel tab-panel-{}", tab.slug())}
                     data-testid={panel_id(tab)} hidden={tab != shown}
                     tabindex={if tab == Tab::Terminal { None } else { Some("0") }}>
                    {content(tab)}
                </div>
            }) }
        </section>
    }
}

/// What the panels' tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::rc::Rc;

    use yew::Reducible;

    use crate::state::{Msg, State};

    /// What the terminal prints for `line` typed into it (the panels must show the same).
    /// The first pod's UID (in the runtime's names and the kubelet's messages).
    pub fn first_uid(s: &State) -> String {
        s.world()
            .and_then(|w| w.pods().next().map(|p| p.uid.to_string()))
            .unwrap_or_default()
    }

    pub fn typed(s: Rc<State>, line: &str) -> String {
        let s = s.reduce(Msg::TermInput(line.into())).reduce(Msg::TermRun);
        s.terminal
            .entries
            .back()
            .map(|e| e.output.clone())
            .unwrap_or_default()
    }
}
