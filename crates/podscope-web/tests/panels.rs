//! The tab strip below the diagram in headless Chromium: arrow keys, Home and End move the
//! selection and the focus as the WAI-ARIA tabs pattern says, only the selected panel is
//! drawn, and the panels show the world.
#![cfg(target_arch = "wasm32")]

use podscope_web::state::DEMO_YAML;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent, MouseEventInit};

mod common;

use common::{document, mount};

wasm_bindgen_test_configure!(run_in_browser);

fn find(root: &Element, testid: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {testid}"))
        .dyn_into()
        .expect("an HTML element")
}

/// Presses `key` on the focused element, as the keyboard does.
async fn press(key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a key");
    let focused = document()
        .active_element()
        .expect("something has the focus");
    focused.dispatch_event(&event).expect("dispatched");
    yew::scheduler::flush().await;
}

/// The selected tab's slug, checking that it is the only one selected, the only one in the
/// Tab order, and that only its panel is shown.
fn selected(root: &Element) -> String {
    let mut chosen = Vec::new();
    for slug in ["terminal", "events", "node", "inspector", "compare"] {
        let tab = find(root, &format!("tab-{slug}"));
        let panel = find(root, &format!("panel-{slug}"));
        let is = tab.get_attribute("aria-selected").as_deref() == Some("true");
        assert_eq!(tab.get_attribute("role").as_deref(), Some("tab"));
        assert_eq!(
            tab.tab_index(),
            if is { 0 } else { -1 },
            "{slug}: roving tabindex"
        );
        assert_eq!(panel.get_attribute("role").as_deref(), Some("tabpanel"));
        assert_eq!(
            panel.get_attribute("aria-labelledby").as_deref(),
            Some(format!("tab-{slug}").as_str())
        );
        assert_eq!(panel.hidden(), !is, "{slug}: only the selected panel shows");
        if !is {
            assert_eq!(
                panel.child_element_count(),
                0,
                "{slug}: a hidden panel draws nothing"
            );
        }
        if is {
            chosen.push(slug.to_owned());
        }
    }
    assert_eq!(chosen.len(), 1, "{chosen:?}");
    chosen.remove(0)
}

fn focused_testid() -> Option<String> {
    document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
}

#[wasm_bindgen_test]
async fn arrow_keys_home_and_end_move_the_selection_and_the_focus() {
    let app = mount(DEMO_YAML).await;
    let root: &Element = &app;
    assert_eq!(selected(root), "terminal", "the terminal shows first");
    assert!(
        root.query_selector("[data-testid=\"panel-terminal\"] [data-testid=\"terminal\"]")
            .ok()
            .flatten()
            .is_some(),
        "the terminal is in its panel"
    );
    find(root, "tab-terminal").focus().expect("focus");

    for (key, expected) in [
        ("ArrowRight", "events"),
        ("ArrowRight", "node"),
        ("ArrowRight", "inspector"),
        ("ArrowRight", "compare"),
        ("ArrowRight", "terminal"),
        ("ArrowLeft", "compare"),
        ("Home", "terminal"),
        ("End", "compare"),
        ("ArrowLeft", "inspector"),
        ("ArrowLeft", "node"),
    ] {
        press(key).await;
        assert_eq!(selected(root), expected, "after {key}");
        assert_eq!(
            focused_testid().as_deref(),
            Some(format!("tab-{expected}").as_str()),
            "the focus follows {key}"
        );
    }
    press("ArrowDown").await;
    assert_eq!(selected(root), "node", "a horizontal tab list ignores Down");
}

#[wasm_bindgen_test]
async fn a_click_selects_and_the_panels_show_the_world() {
    let app = mount(DEMO_YAML).await;
    let root: &Element = &app;
    find(root, "tab-node").click();
    yew::scheduler::flush().await;
    assert_eq!(selected(root), "node");
    let listing = find(root, "node-listing")
        .text_content()
        .unwrap_or_default();
    assert!(
        listing.starts_with("node$ kubectl get pods -o wide\nNAME   READY   STATUS"),
        "{listing}"
    );
    assert!(listing.contains("\ndemo "), "{listing}");

    find(root, "tab-events").click();
    yew::scheduler::flush().await;
    assert_eq!(selected(root), "events");
    let reasons = root
        .query_selector_all("[data-testid=\"event-reason\"]")
        .expect("reasons");
    assert!(reasons.length() >= 1, "the scheduler's event at least");
    let first = reasons.item(0).and_then(|n| n.text_content());
    assert_eq!(first.as_deref(), Some("Scheduled"));

    find(root, "tab-inspector").click();
    yew::scheduler::flush().await;
    assert_eq!(selected(root), "inspector");
    assert_eq!(
        find(root, "inspector-container").text_content().as_deref(),
        Some("busybox"),
        "the selected container"
    );
    assert_eq!(
        find(root, "inspector-qos").text_content().as_deref(),
        Some("BestEffort")
    );
    // A click on a container in the diagram selects it for the Inspector too.
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    let click = MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("a click");
    root.query_selector("[data-testid=\"container-nginx\"]")
        .ok()
        .flatten()
        .expect("nginx in the diagram")
        .dispatch_event(&click)
        .expect("dispatched");
    yew::scheduler::flush().await;
    assert_eq!(
        find(root, "inspector-container").text_content().as_deref(),
        Some("nginx")
    );
}
