//! The Events panel: `kubectl describe`'s Events table for the selected pod, live. It reads
//! the world only when the world's version or the selection changed.

use podscope_core::model::ids::ObjectKey;
use yew::prelude::*;

use super::events_model::{EventsView, Scope};
use crate::live::LiveWorld;
use crate::session::Target;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub live: Option<LiveWorld>,
    pub target: Target,
}

#[component(EventsPanel)]
pub fn events_panel(props: &EventsProps) -> Html {
    let view = use_memo(
        (props.live.clone(), props.target.clone()),
        |(live, target)| live.as_ref().map(|l| EventsView::of(&l.get(), target)),
    );
    // Newest at the bottom, as kubectl prints them: keep it in view as rows come.
    let scroller = use_node_ref();
    {
        let scroller = scroller.clone();
        let rows = view.as_ref().as_ref().map_or(0, |v| v.rows.len());
        use_effect_with(rows, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let Some(view) = view.as_ref() else {
        return html! { <p class="panel-empty">{"No world yet: the manifest has errors."}</p> };
    };
    let all = view.scope == Scope::AllPods;
    let title = match &view.scope {
        Scope::Pod(key) => format!("kubectl describe pod {}: Events", pod_name(key)),
        Scope::AllPods => "Events of every pod, as kubectl describe pod lists them".to_owned(),
    };
    html! {
        <div class="events">
            <p class="panel-title">{title}</p>
            if view.rows.is_empty() {
                <p class="panel-empty" data-testid="events-none">{"Events:  <none>"}</p>
            } else {
                <div class="panel-scroll" ref={scroller}>
                    <table class="events-table" data-testid="events-table">
                        <thead>
                            <tr>
                                if all { <th scope="col">{"Pod"}</th> }
                                <th scope="col">{"Type"}</th>
                                <th scope="col">{"Reason"}</th>
                                <th scope="col">{"Age"}</th>
                                <th scope="col">{"From"}</th>
                                <th scope="col">{"Message"}</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for view.rows.iter().map(|r| html! {
                                <tr class={format!("event {}", r.kind.as_str().to_ascii_lowercase())}
                                    data-testid="event-row">
                                    if all { <td>{pod_name(&r.key)}</td> }
                                    <td>{r.kind.as_str()}</td>
                                    <td data-testid="event-reason">{r.reason}</td>
                                    <td>{r.age.clone()}</td>
                                    <td>{r.from}</td>
                                    <td class="event-message">{r.message.clone()}</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}

/// `NAME`, or `NAMESPACE/NAME` outside the default namespace.
fn pod_name(key: &ObjectKey) -> String {
    if key.namespace == "default" {
        key.name.clone()
    } else {
        format!("{}/{}", key.namespace, key.name)
    }
}
