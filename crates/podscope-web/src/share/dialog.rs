//! The Share button and its dialog: a native modal `<dialog>` (Esc closes it, the focus
//! starts on the link) with the link, its length, and the two snippets for posts, each with
//! a Copy button (the clipboard; where that fails the text is selected for Ctrl+C).

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use web_sys::{HtmlDialogElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::share::snippets::Snippets;
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    pub on_msg: Callback<Msg>,
    /// Why the last Share could not be made (the browser could not deflate), shown beside.
    #[prop_or_default]
    pub error: Option<String>,
}

/// "Share": asks for the link of the state as it is, on this page's address.
#[component(ShareButton)]
pub fn share_button(props: &ShareButtonProps) -> Html {
    let onclick = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            on_msg.emit(Msg::Share(page));
        })
    };
    html! {
        <>
            <button class="share-button" data-testid="share" {onclick}
                    title="A link to this pod at this moment, and snippets for a blog post">
                {"Share"}
            </button>
            if let Some(error) = &props.error {
                <span class="share-error" role="alert" data-testid="share-error">{error.clone()}</span>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    /// What to show; `None`: the dialog is closed.
    pub snippets: Option<Rc<Snippets>>,
    pub on_msg: Callback<Msg>,
}

/// Which text a Copy button copied, for its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Link,
    Iframe,
    Pre,
}

/// What the last Copy did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    Done(Part),
    /// The clipboard refused: the text is selected.
    Selected(Part),
}

#[component(ShareDialog)]
pub fn share_dialog(props: &ShareDialogProps) -> Html {
    let dialog = use_node_ref();
    let link_input = use_node_ref();
    let iframe_area = use_node_ref();
    let pre_area = use_node_ref();
    let copied = use_state(|| None::<Copied>);
    {
        let dialog = dialog.clone();
        let link_input = link_input.clone();
        let copied = copied.clone();
        use_effect_with(props.snippets.clone(), move |snippets| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                match (snippets.is_some(), d.open()) {
                    (true, false) => {
                        copied.set(None);
                        let _ = d.show_modal();
                        if let Some(input) = link_input.cast::<HtmlInputElement>() {
                            let _ = input.focus();
                            input.select();
                        }
                    }
                    (false, true) => d.close(),
                    _ => {}
                }
            }
        });
    }
    // Esc, or the Close button: the dialog's `close` event.
    let onclose = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: Event| on_msg.emit(Msg::CloseShare))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    let copy = |part: Part, text: String, field: NodeRef| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| copy_text(&text, &field, part, copied.clone()))
    };
    let message = |part: Part| -> Html {
        match *copied {
            Some(Copied::Done(p)) if p == part => html! {
                <span class="share-copied" role="status" data-testid="share-copied">{"Copied."}</span>
            },
            Some(Copied::Selected(p)) if p == part => html! {
                <span class="share-copied" role="status" data-testid="share-copied">
                    {"The clipboard is not available here: the text is selected, press Ctrl+C (⌘C on a Mac)."}
                </span>
            },
            _ => html! {},
        }
    };
    // A snippet for posts: its label, the text to select and its Copy button.
    let snippet = |part: Part, label: &'static str, rows: u32, text: &str, area: &NodeRef| {
        let (id, copy_id) = match part {
            Part::Iframe => ("share-iframe", "copy-iframe"),
            _ => ("share-pre", "copy-pre"),
        };
        html! {
            <>
                <label for={id}>{label}</label>
                <textarea id={id} readonly=true rows={rows.to_string()} ref={area.clone()}
                          value={text.to_owned()} data-testid={id} spellcheck="false" />
                <div class="share-row">
                    <button data-testid={copy_id}
                            onclick={copy(part, text.to_owned(), area.clone())}>
                        {"Copy"}
                    </button>
                    {message(part)}
                </div>
            </>
        }
    };
    let body = match &props.snippets {
        None => html! {},
        Some(s) => html! {
            <>
                <label for="share-link">{"Link to this pod at this moment"}</label>
                <div class="share-row">
                    <input id="share-link" type="text" readonly=true ref={link_input.clone()}
                           value={s.link.clone()} data-testid="share-link" spellcheck="false" />
                    <button data-testid="copy-link"
                            onclick={copy(Part::Link, s.link.clone(), link_input.clone())}>
                        {"Copy"}
                    </button>
                </div>
                <p class="share-note">
                    <span data-testid="share-length">{format!("{} characters", s.chars)}</span>
                    {". Everything is in the part after #, which browsers never send to a server."}
                    {message(Part::Link)}
                </p>
                {snippet(Part::Iframe, "For a blog post: an iframe (works where scripts are stripped)",
                         3, &s.iframe, &iframe_area)}
                {snippet(Part::Pre, "Or the pod as text, which embed.js turns into a live diagram",
                         6, &s.pre, &pre_area)}
            </>
        },
    };
    html! {
        <dialog class="share-dialog" ref={dialog} {onclose} aria-labelledby="share-title"
                data-testid="share-dialog">
            <h2 id="share-title">{"Share"}</h2>
            {body}
            <div class="share-actions">
                <button data-testid="share-close" onclick={close}>{"Close"}</button>
            </div>
        </dialog>
    }
}

/// Copies `text` with the asynchronous clipboard; where there is none, or it refuses, the
/// field holding the text is selected so that Ctrl+C copies it.
fn copy_text(text: &str, field: &NodeRef, part: Part, copied: UseStateHandle<Option<Copied>>) {
    let select = {
        let field = field.clone();
        let copied = copied.clone();
        move || {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            } else if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                area.select();
            }
            copied.set(Some(Copied::Selected(part)));
        }
    };
    let Some(window) = web_sys::window() else {
        return select();
    };
    // `navigator.clipboard` is missing outside secure contexts: test before calling it.
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return select();
    }
    let promise = navigator.clipboard().write_text(text);
    let done = Closure::once(move |_: wasm_bindgen::JsValue| {
        copied.set(Some(Copied::Done(part)));
    });
    let failed = Closure::once(move |_: wasm_bindgen::JsValue| select());
    let _ = promise.then2(&done, &failed);
    // One of the two is never called: both are left to the page (two small closures a click).
    done.forget();
    failed.forget();
}
