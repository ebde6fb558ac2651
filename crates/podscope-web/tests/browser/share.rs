//! The "share" part in Chromium: the app started with a link in the address (over a saved
//! text, and a bad one), and the Share dialog.

use gloo_storage::{LocalStorage, Storage};
use podscope_core::scenario::examples::DEMO;
use podscope_core::{Bundle, link};
use podscope_web::App;
use podscope_web::state::DEMO_YAML;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlDialogElement, HtmlElement, HtmlInputElement};

use super::{document, eventually, find, mount, new_root, text};

const MINE: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: mine}\nspec:\n  containers:\n  - {name: app, image: busybox, command: [sleep, '60']}\n";

/// Saves MINE as a session and puts `fragment` in the address (no `hashchange`).
fn saved_mine_and_address(fragment: &str) {
    LocalStorage::set("podscope.yaml", MINE).expect("saved");
    LocalStorage::set("podscope.manifest", MINE).expect("saved");
    LocalStorage::set("podscope.script", "").expect("saved");
    LocalStorage::delete("podscope.running");
    let location = web_sys::window().expect("a window").location();
    let url = format!(
        "{}{}#{fragment}",
        location.pathname().expect("a path"),
        location.search().expect("a query")
    );
    web_sys::window()
        .expect("a window")
        .history()
        .expect("a history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .expect("replaced");
}

fn saved_text() -> Option<String> {
    LocalStorage::get::<String>("podscope.yaml").ok()
}

fn hash() -> String {
    web_sys::window()
        .expect("a window")
        .location()
        .hash()
        .expect("a hash")
}

fn click(root: &web_sys::Element, testid: &str) {
    find(root, testid)
        .unwrap_or_else(|| panic!("{testid}"))
        .dyn_into::<HtmlElement>()
        .expect("an element")
        .click();
}

#[wasm_bindgen_test]
async fn a_link_in_the_address_opens_over_the_saved_text_and_keeps_it() {
    let bundle = Bundle {
        manifest: DEMO.to_owned(),
        script: "at 5s kill demo/nginx\nat 20s end\n"
            .parse()
            .expect("a script"),
        runtime: None,
    };
    saved_mine_and_address(&link::encode(&bundle));
    let root = new_root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    let opened = eventually(|| text(&root, "link-message").is_some(), 10_000.0).await;
    assert!(opened, "a banner");
    assert_eq!(
        text(&root, "link-message").as_deref(),
        Some("Opened a shared pod, paused at 20s. Your own text is kept:")
    );
    assert_eq!(text(&root, "restarts-nginx").as_deref(), Some("1"));
    assert_eq!(hash(), "", "the link left the address");
    yew::scheduler::flush().await;
    assert_eq!(
        saved_text().as_deref(),
        Some(MINE),
        "the saved text is not written over"
    );
    click(&root, "restore-kept");
    let back = eventually(|| find(&root, "container-app").is_some(), 5_000.0).await;
    assert!(back, "the user's pod");
    assert!(find(&root, "link-banner").is_none());
    assert_eq!(saved_text().as_deref(), Some(MINE));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bad_link_opens_the_default_example_and_says_why() {
    saved_mine_and_address("v1:AAAA<script>");
    let root = new_root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    let shown = eventually(|| text(&root, "link-message").is_some(), 10_000.0).await;
    assert!(shown, "a banner");
    let why = link::decode("v1:AAAA%3Cscript%3E").expect_err("a bad link");
    assert_eq!(
        text(&root, "link-message"),
        Some(format!(
            "This link did not open: {why}. Showing the default example."
        ))
    );
    assert!(find(&root, "container-nginx").is_some(), "the demo pod");
    assert_eq!(hash(), "");
    yew::scheduler::flush().await;
    assert_eq!(saved_text().as_deref(), Some(MINE));
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn the_share_dialog_shows_a_link_that_reads_back_and_closes() {
    let app = mount(DEMO_YAML).await;
    click(&app, "share");
    // The link waits for the browser's CompressionStream (share/deflate.rs).
    let opened = eventually(
        || {
            find(&app, "share-dialog")
                .and_then(|d| d.dyn_into::<HtmlDialogElement>().ok())
                .is_some_and(|d| d.open())
        },
        10_000.0,
    )
    .await;
    assert!(opened, "the dialog opens once the link is deflated");
    assert_eq!(find(&app, "share-error"), None);
    let dialog: HtmlDialogElement = find(&app, "share-dialog")
        .expect("a dialog")
        .dyn_into()
        .expect("a dialog element");
    let input: HtmlInputElement = find(&app, "share-link")
        .expect("the link")
        .dyn_into()
        .expect("an input");
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("data-testid"))
            .as_deref(),
        Some("share-link")
    );
    let value = input.value();
    let (page, fragment) = value.split_once('#').expect("a fragment");
    let href = web_sys::window()
        .expect("a window")
        .location()
        .href()
        .expect("an address");
    assert_eq!(page, href.split('#').next().expect("an address"));
    let bundle = link::decode(fragment).expect("the link reads back");
    assert_eq!(bundle.manifest, DEMO_YAML);
    assert_eq!(
        text(&app, "share-length"),
        Some(format!("{} characters", value.chars().count()))
    );
    click(&app, "share-close");
    let closed = eventually(|| !dialog.open(), 2_000.0).await;
    assert!(closed);
}
