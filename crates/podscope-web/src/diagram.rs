//! The SVG diagram: draws the core's layout, every box and every line of text where the
//! layout puts it; it computes no position of its own. Hovering or focusing a namespace
//! lights up everything in it; a click (or Enter) on a container selects it as the
//! terminal's target and opens its action menu; folded pods unfold on a click; the toolbar
//! exports the drawing as SVG or PNG. A visually hidden description (`describe`) is its text
//! alternative.

mod container;
mod export;
mod menu;
mod parts;
mod pod;

use podscope_core::model::ids::{NsInode, ObjectKey};
use podscope_core::views::layout::{Diagram as Layout, describe, num};
use yew::prelude::*;

use crate::session::Target;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub layout: std::rc::Rc<Layout>,
    pub stale: bool,
    /// The terminal's target, drawn highlighted.
    pub selected: Target,
    pub on_select: Callback<Target>,
    /// Menu actions, the Pending fix, folding.
    pub on_msg: Callback<Msg>,
}

/// What the drawing functions share: the hovered namespace, the selection, the callbacks.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub hovered: Option<NsInode>,
    pub selected: Target,
    pub on_hover: Callback<Option<NsInode>>,
    pub on_open: Callback<(ObjectKey, String)>,
    pub on_msg: Callback<Msg>,
}

#[component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let l = &props.layout;
    let hovered = use_state(|| None::<NsInode>);
    let menu = use_state(|| None::<(ObjectKey, String)>);
    let svg_ref = use_node_ref();
    let description = use_memo(props.layout.clone(), |l| describe(l));
    let on_hover = {
        let hovered = hovered.clone();
        Callback::from(move |inode| hovered.set(inode))
    };
    let on_open = {
        let menu = menu.clone();
        let on_select = props.on_select.clone();
        Callback::from(move |(pod, container): (ObjectKey, String)| {
            on_select.emit(Target::Container(
                pod.clone(),
                podscope_core::model::ids::ContainerName(container.clone()),
            ));
            menu.set(Some((pod, container)));
        })
    };
    let on_close = {
        let menu = menu.clone();
        Callback::from(move |_| menu.set(None))
    };
    let ctx = Ctx {
        hovered: *hovered,
        selected: props.selected.clone(),
        on_hover,
        on_open,
        on_msg: props.on_msg.clone(),
    };
    let class = classes!(
        "diagram",
        props.stale.then_some("stale"),
        hovered.is_some().then_some("hovering")
    );
    html! {
        <div class="diagram-wrap">
            { export::toolbar(svg_ref.clone()) }
            <div class="diagram-canvas">
                <svg class={class} data-testid="diagram" role="group" ref={svg_ref}
                     aria-label="The pods as the node sees them" aria-describedby="diagram-description"
                     viewBox={format!("0 0 {} {}", num(l.width), num(l.height))}
                     width={num(l.width)} height={num(l.height)}
                     xmlns="http://www.w3.org/2000/svg">
                    <text class="node-label" x={num(l.node_at.x)} y={num(l.node_at.y)}>
                        if l.headings.is_empty() { {format!("node {}", l.node)} }
                        <tspan class="legend" dx={if l.headings.is_empty() { "14" } else { "0" }}>
                            {"same colour in a pod = same namespace · grey = the node's own · dashed = joined from the sandbox"}
                        </tspan>
                    </text>
                    { for l.headings.iter().map(|h| html! {
                        <text class="node-label" x={num(h.x)} y={num(h.y)}>{h.label.clone()}</text>
                    }) }
                    { for l.pods.iter().map(|p| pod::pod(p, &ctx)) }
                    { for l.summaries.iter().map(|s| parts::summary(s, &ctx)) }
                    { for l.services.iter().map(parts::service) }
                </svg>
                if let Some((pod, container)) = &*menu {
                    <menu::ContainerMenu layout={props.layout.clone()} pod={pod.clone()}
                        container={container.clone()} on_msg={props.on_msg.clone()}
                        on_close={on_close.clone()} />
                }
            </div>
            <p id="diagram-description" class="visually-hidden" data-testid="diagram-description">
                {(*description).clone()}
            </p>
        </div>
    }
}
