//! The embed's two messages with the page around it (docs/embedding.md): it posts
//! `{podscope: "height", height}` to its parent when its content's height changed, and takes
//! `{podscope: "theme", theme: "light"|"dark"|"auto"}` from its parent (and only from it).

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::theme::{self, Theme};

thread_local! {
    /// The height last posted, so an unchanged height is not posted again.
    static POSTED: Cell<i32> = const { Cell::new(-1) };
}

/// The parent window, when the page is in a frame (a top page is its own parent).
fn parent(window: &web_sys::Window) -> Option<web_sys::Window> {
    let parent = window.parent().ok().flatten()?;
    let (own, theirs): (&JsValue, &JsValue) = (window.as_ref(), parent.as_ref());
    (theirs != own).then_some(parent)
}

/// Posts the content's height to the parent if it changed since the last post. The message
/// carries nothing but a number, so any origin may read it (target `"*"`).
pub fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = parent(&window) else {
        return;
    };
    // The body's height (its margin is 0 in embed.css), which can shrink as well as grow;
    // `documentElement.scrollHeight` never reports less than the frame's own height.
    let Some(height) = window
        .document()
        .and_then(|d| d.body())
        .map(|b| b.scroll_height())
    else {
        return;
    };
    if POSTED.replace(height) == height {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"podscope".into(), &"height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, "*");
}

/// The theme a parent's message asks for, if `data` is a podscope theme message.
pub fn theme_of(data: &JsValue) -> Option<Theme> {
    let kind = js_sys::Reflect::get(data, &"podscope".into()).ok()?;
    if kind.as_string().as_deref() != Some("theme") {
        return None;
    }
    let theme = js_sys::Reflect::get(data, &"theme".into())
        .ok()?
        .as_string()?;
    match theme.as_str() {
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        "auto" => Some(Theme::System),
        _ => None,
    }
}

/// Listens, for the page's lifetime, for theme messages whose source is the parent window.
pub fn listen_for_theme() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let from_parent = match (event.source(), parent(&window)) {
                (Some(source), Some(parent)) => {
                    let (source, parent): (&JsValue, &JsValue) = (source.as_ref(), parent.as_ref());
                    source == parent
                }
                _ => false,
            };
            if let Some(theme) = from_parent.then(|| theme_of(&event.data())).flatten() {
                theme::apply(theme);
            }
        });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}
