//! The "examples" part in Chromium: the theme toggle, the panic banner, and the app opening a
//! saved text it stopped on without running it.

use gloo_storage::{LocalStorage, Storage};
use podscope_web::App;
use podscope_web::theme::ThemeToggle;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Event, HtmlElement, HtmlSelectElement};

use super::{document, eventually, find, new_root as root};

fn theme_attr() -> Option<String> {
    document()
        .document_element()
        .and_then(|h| h.get_attribute("data-theme"))
}

#[wasm_bindgen_test]
async fn the_theme_toggle_sets_data_theme_and_saves_it() {
    LocalStorage::delete("podscope.theme");
    let root = root();
    let handle = yew::Renderer::<ThemeToggle>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(theme_attr(), None, "the system's theme at first");
    let select: HtmlSelectElement = find(&root, "theme-toggle")
        .expect("the toggle")
        .dyn_into()
        .expect("a select");
    assert_eq!(select.value(), "system");
    for (choice, attr) in [
        ("dark", Some("dark")),
        ("light", Some("light")),
        ("system", None),
    ] {
        select.set_value(choice);
        select
            .dispatch_event(&Event::new("change").expect("an event"))
            .expect("dispatched");
        yew::scheduler::flush().await;
        assert_eq!(theme_attr().as_deref(), attr, "{choice}");
        assert_eq!(
            LocalStorage::get::<String>("podscope.theme")
                .ok()
                .as_deref(),
            Some(choice)
        );
    }
    handle.destroy();
    root.remove();
    LocalStorage::delete("podscope.theme");
}

#[wasm_bindgen_test]
fn the_panic_banner_shows_the_message_as_text_with_a_reload_button() {
    podscope_web::panic::show_banner("boom <b>bold</b> at src/x.rs:1:2");
    let banner = document()
        .query_selector("[data-testid=\"panic-banner\"]")
        .ok()
        .flatten()
        .expect("a banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let message = find(&banner, "panic-message").expect("the message");
    assert_eq!(
        message.text_content().as_deref(),
        Some("boom <b>bold</b> at src/x.rs:1:2")
    );
    assert!(
        banner.query_selector("b").ok().flatten().is_none(),
        "no markup"
    );
    let reload = find(&banner, "panic-reload").expect("a reload button");
    assert_eq!(reload.tag_name(), "BUTTON");
    assert_eq!(reload.get_attribute("type").as_deref(), Some("submit"));
    let form = reload.parent_element().expect("its form");
    assert_eq!(form.tag_name(), "FORM");
    assert_eq!(form.get_attribute("method").as_deref(), Some("get"));
    banner.remove();
}

#[wasm_bindgen_test]
async fn a_saved_text_the_page_stopped_on_opens_without_running() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: saved}\nspec:\n  containers:\n  - {name: app, image: busybox, command: [sleep, '60']}\n";
    LocalStorage::set("podscope.yaml", text).expect("saved");
    LocalStorage::set("podscope.manifest", text).expect("saved");
    LocalStorage::set("podscope.script", "").expect("saved");
    LocalStorage::raw()
        .set_item("podscope.running", "1")
        .expect("flagged");
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert!(find(&root, "crash-recovered").is_some());
    assert!(find(&root, "diagram").is_none(), "nothing ran");
    assert!(
        LocalStorage::raw()
            .get_item("podscope.running")
            .ok()
            .flatten()
            .is_some(),
        "still flagged until it runs"
    );
    let run: HtmlElement = find(&root, "run-anyway")
        .expect("a run button")
        .dyn_into()
        .expect("a button");
    run.click();
    let ran = eventually(|| find(&root, "container-app").is_some(), 5_000.0).await;
    assert!(ran, "the saved pod runs when asked");
    assert!(find(&root, "crash-recovered").is_none());
    assert!(
        LocalStorage::raw()
            .get_item("podscope.running")
            .ok()
            .flatten()
            .is_none(),
        "it ran and rendered: the flag is gone"
    );
    handle.destroy();
    root.remove();
    for key in [
        "podscope.yaml",
        "podscope.manifest",
        "podscope.script",
        "podscope.mode",
    ] {
        LocalStorage::delete(key);
    }
}
