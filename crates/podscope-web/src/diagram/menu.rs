//! A container's action menu, an HTML list over the diagram at the container's box (placed
//! in percentages of the drawing, so it follows the SVG when it is scaled): the container's
//! actions, then deleting its pod. Every entry is a button; the first takes the focus when the menu opens; Escape closes it.

use std::rc::Rc;

use podscope_core::model::ids::{ContainerName, ObjectKey};
use podscope_core::views::layout::Diagram;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub(super) struct MenuProps {
    pub layout: Rc<Diagram>,
    pub pod: ObjectKey,
    pub container: String,
    pub on_msg: Callback<Msg>,
    pub on_close: Callback<()>,
}

#[component(ContainerMenu)]
pub(super) fn container_menu(props: &MenuProps) -> Html {
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with((props.pod.clone(), props.container.clone()), move |_| {
            let first = list
                .cast::<web_sys::Element>()
                .and_then(|e| e.query_selector("button").ok().flatten())
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(b) = first {
                let _ = b.focus();
            }
        });
    }
    menu(
        &props.layout,
        &props.pod,
        &props.container,
        &props.on_msg,
        &props.on_close,
        list,
    )
}

fn menu(
    l: &Diagram,
    pod: &ObjectKey,
    container: &str,
    on_msg: &Callback<Msg>,
    on_close: &Callback<()>,
    list: NodeRef,
) -> Html {
    let Some((p, c)) = l
        .pods
        .iter()
        .filter(|p| &p.key() == pod)
        .flat_map(|p| p.containers.iter().map(move |c| (p, c)))
        .find(|(_, c)| c.name == container)
    else {
        return Html::default();
    };
    // `kubectl get pods` says Terminating once the pod has a deletion timestamp.
    let terminating = p.status == "Terminating";
    let delete = {
        let on_msg = on_msg.clone();
        let on_close = on_close.clone();
        let msg = Msg::Delete(pod.clone());
        Callback::from(move |_: MouseEvent| {
            on_msg.emit(msg.clone());
            on_close.emit(());
        })
    };
    let percent = |v: f32| podscope_float::fixed(f64::from(v), 2);
    let left = percent(c.rect.x / l.width * 100.0);
    let top = percent((c.rect.y + 40.0) / l.height * 100.0);
    let close_keys = {
        let on_close = on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let close = {
        let on_close = on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <div class="container-menu" role="menu" ref={list} data-testid="action-menu"
             aria-label={format!("actions for {}/{container}", pod.name)}
             style={format!("left: {left}%; top: {top}%")} onkeydown={close_keys}>
            <p class="menu-title">{format!("{}/{container}", pod.name)}</p>
            { for c.actions.iter().map(|a| {
                let msg = Msg::ContainerAction {
                    pod: pod.clone(),
                    container: ContainerName(container.to_owned()),
                    action: a.clone(),
                };
                let on_msg = on_msg.clone();
                let on_close = on_close.clone();
                let click = Callback::from(move |_: MouseEvent| {
                    on_msg.emit(msg.clone());
                    on_close.emit(());
                });
                html! {
                    <button role="menuitem" data-testid={format!("action-{}", a.id())}
                            onclick={click}>{a.label()}</button>
                }
            }) }
            if !terminating {
                <button role="menuitem" data-testid="action-delete-pod" onclick={delete}
                        title="kubectl delete pod: graceful, with the pod's grace period">
                    {format!("delete pod {}", pod.name)}
                </button>
            }
            <button role="menuitem" class="menu-close" data-testid="action-close" onclick={close}>
                {"close"}
            </button>
        </div>
    }
}
