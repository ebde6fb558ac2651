//! The Node panel: what the node's terminal prints for `kubectl get pods -o wide` and the
//! runtime's listings, live, as text (monospace, scrolling sideways).

use yew::prelude::*;

use super::node_model::NodeView;
use crate::live::LiveWorld;

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub live: Option<LiveWorld>,
}

#[component(NodePanel)]
pub fn node_panel(props: &NodeProps) -> Html {
    let view = use_memo(props.live.clone(), |live| {
        live.as_ref().map(|l| NodeView::of(&l.get()))
    });
    let Some(view) = view.as_ref() else {
        return html! { <p class="panel-empty">{"No world yet: the manifest has errors."}</p> };
    };
    html! {
        <div class="node-listings">
            { for view.listings.iter().map(|l| html! {
                <pre class="listing" data-testid="node-listing" tabindex="0"
                     aria-label={l.prompt.clone()}>
                    <span class="listing-prompt">{l.prompt.clone()}</span>
                    {"\n"}
                    {l.text.clone()}
                </pre>
            }) }
        </div>
    }
}
