//! Never lose the user's work when the page itself fails. The release build aborts on a panic
//! (`panic = "abort"`), which leaves a frozen page; the hook installed here runs first: it
//! leaves the "running" flag set (so the next load opens the saved text without running it),
//! and shows a banner with the message and a Reload button, drawn with plain DOM calls since
//! the app can no longer render. The text itself is saved on every edit, before the world is
//! built.

use std::cell::Cell;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::state::Msg;
use crate::storage;

thread_local! {
    /// Whether a panic was shown already: a dead app may panic again on every timer tick.
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Installs the panic hook; `main` calls it before the app starts. Through Yew, which would
/// otherwise put its own (console only) hook in place when the app starts.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        if SHOWN.replace(true) {
            return;
        }
        storage::mark_crashed();
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        show_banner(&message);
    }));
}

/// Puts the panic banner at the top of the page: what happened, that the text is safe, the
/// message (as text, never markup) and a Reload button. The button submits a form that reloads
/// the page without calling back into the stopped program.
pub fn show_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let element = |tag: &str, text: &str| {
        let e = document.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let Some(banner) = element("div", "") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    let parts = [
        element("strong", "podscope hit a bug and may not work any more."),
        element(
            "p",
            "Your text is saved. After a reload it opens without running, so you can change it first.",
        ),
        element("pre", message).inspect(|pre| {
            let _ = pre.set_attribute("data-testid", "panic-message");
        }),
    ];
    for part in parts.into_iter().flatten() {
        let _ = banner.append_child(&part);
    }
    if let (Some(form), Some(button)) = (element("form", ""), element("button", "Reload")) {
        let _ = form.set_attribute("method", "get");
        let _ = button.set_attribute("type", "submit");
        let _ = button.set_attribute("data-testid", "panic-reload");
        let _ = form.append_child(&button);
        let _ = banner.append_child(&form);
    }
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}

/// Whether this page was opened by the end-to-end tests to make it panic: `?panic-test` in the
/// address of a browser under WebDriver control (`navigator.webdriver`), which no user's
/// browser is.
pub fn test_panic_armed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let search = window.location().search().unwrap_or_default();
    let automated = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("webdriver"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    automated && search.trim_start_matches('?') == "panic-test"
}

/// Panics if `test_panic_armed` and the edited text holds the words `panic-test` (so a test
/// can type a whole text first): where the page builds a world from an edit, after the text
/// was saved, as a bug in the core would.
pub fn panic_if_testing(text: &str) {
    if text.contains("panic-test") && test_panic_armed() {
        panic!("panic-test: a panic while building the world (requested by the test)");
    }
}

#[derive(Properties, PartialEq)]
pub struct RecoveredProps {
    pub on_msg: Callback<Msg>,
}

/// Shown instead of the diagram when the page stopped on the saved text last time.
#[component(Recovered)]
pub fn recovered(props: &RecoveredProps) -> Html {
    let run = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::RunAnyway))
    };
    html! {
        <div class="crash-recovered" role="status" data-testid="crash-recovered">
            <p>{"The page stopped while running this text last time, so it is open without running. \
                 Change it, or run it as it is."}</p>
            <button data-testid="run-anyway" onclick={run}>{"Run it anyway"}</button>
        </div>
    }
}
