//! The tab list below the diagram (WAI-ARIA tabs, automatic activation): one tab in the page's
//! Tab order (the selected one), arrow keys, Home and End move and select, and the selected
//! tab keeps the focus it was moved to.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::tab::{Tab, TabKey};

#[derive(Properties, PartialEq)]
pub struct TabStripProps {
    pub selected: Tab,
    pub on_select: Callback<Tab>,
}

/// The id of a tab's button; its panel is `panel-SLUG`.
pub fn tab_id(tab: Tab) -> String {
    format!("tab-{}", tab.slug())
}

pub fn panel_id(tab: Tab) -> String {
    format!("panel-{}", tab.slug())
}

#[component(TabStrip)]
pub fn tab_strip(props: &TabStripProps) -> Html {
    let list = use_node_ref();
    // Set by a key press: once the new selection is drawn, its tab takes the focus.
    let refocus = use_mut_ref(|| Cell::new(false));
    {
        let list = list.clone();
        let refocus = Rc::clone(&refocus);
        use_effect_with(props.selected, move |tab| {
            if refocus.borrow().replace(false)
                && let Some(el) = list.cast::<web_sys::Element>()
                && let Ok(Some(button)) = el.query_selector(&format!("#{}", tab_id(*tab)))
                && let Ok(button) = button.dyn_into::<HtmlElement>()
            {
                let _ = button.focus();
            }
        });
    }
    let on_key = {
        let on_select = props.on_select.clone();
        let selected = props.selected;
        let refocus = Rc::clone(&refocus);
        Callback::from(move |e: KeyboardEvent| {
            let Some(key) = TabKey::from_key(&e.key()) else {
                return;
            };
            e.prevent_default();
            refocus.borrow().set(true);
            on_select.emit(selected.moved(key));
        })
    };
    html! {
        <div class="tab-strip" role="tablist" aria-label="Terminal and panels"
             ref={list} onkeydown={on_key}>
            { for Tab::ALL.iter().map(|&tab| {
                let on_select = props.on_select.clone();
                let is = tab == props.selected;
                html! {
                    <button type="button" role="tab" id={tab_id(tab)}
                            class={if is { "tab selected" } else { "tab" }}
                            data-testid={tab_id(tab)}
                            aria-selected={is.to_string()}
                            aria-controls={panel_id(tab)}
                            tabindex={if is { "0" } else { "-1" }}
                            onclick={Callback::from(move |_: MouseEvent| on_select.emit(tab))}>
                        {tab.label()}
                    </button>
                }
            }) }
        </div>
    }
}
