//! Opening a link from the page's address: at startup (before the saved session is read
//! into the page) and when the fragment changes on an open page (`hashchange`). The fragment
//! is removed from the address once read (`history.replaceState`), so a reload opens the
//! user's later edits, not the link again. Anchors that are not links are left alone.

use podscope_core::link;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::state::{Kept, Msg, State};
use crate::storage;

/// The state a link in the address opens, if the address holds one (`None`: start as usual).
/// The saved session is read only to keep it restorable; it is not written.
pub fn from_address() -> Option<State> {
    let fragment = take_link()?;
    let saved = storage::load().map(Kept::from);
    // Building the link's world may crash like any other: the flag makes the next load
    // recover the saved session (which the link did not overwrite).
    storage::mark_running();
    Some(State::from_link(&fragment, saved))
}

/// The address's fragment if it is a podscope link, removed from the address.
fn take_link() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let fragment = location.hash().ok()?;
    if !link::is_link(&fragment) {
        return None;
    }
    let bare = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare));
    }
    Some(fragment)
}

/// Listens for a link pasted into the address bar of the open page, and opens it through
/// `on_msg` (`Msg::OpenLink`).
#[hook]
pub fn use_link_changes(on_msg: Callback<Msg>) {
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn()>::new(move || {
            if let Some(fragment) = take_link() {
                on_msg.emit(Msg::OpenLink(fragment));
            }
        });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            drop(listener);
        }
    });
}
