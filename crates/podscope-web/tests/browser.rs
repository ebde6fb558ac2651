//! The app mounted in headless Chromium: clicks and typing in, the DOM out.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use podscope_web::state::DEMO_YAML;
use podscope_web::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, HtmlElement, HtmlTextAreaElement};
use yew::AttrValue;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    gloo_utils::document()
}

/// Mounts a fresh app into its own root and lets it render.
async fn mount(yaml: &str) -> Element {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    let props = AppProps {
        initial_yaml: Some(AttrValue::from(yaml.to_owned())),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
}

fn text(root: &Element, testid: &str) -> Option<String> {
    find(root, testid).and_then(|e| e.text_content())
}

/// Polls until `f` holds or the deadline passes; returns whether it held.
async fn eventually(mut f: impl FnMut() -> bool, deadline_ms: f64) -> bool {
    let start = js_sys::Date::now();
    loop {
        yew::scheduler::flush().await;
        if f() {
            return true;
        }
        if js_sys::Date::now() - start > deadline_ms {
            return false;
        }
        TimeoutFuture::new(25).await;
    }
}

#[wasm_bindgen_test]
async fn shows_the_sandbox_and_both_containers() {
    let root = mount(DEMO_YAML).await;
    // A fresh node pulls the images first (the page's clock runs 1 s per second).
    let started = eventually(
        || text(&root, "state-nginx").as_deref() == Some("Running"),
        10_000.0,
    )
    .await;
    assert!(started, "nginx: {:?}", text(&root, "state-nginx"));
    assert!(find(&root, "sandbox").is_some());
    assert!(find(&root, "container-busybox").is_some());
    assert!(find(&root, "container-nginx").is_some());
    let ip = text(&root, "pod-ip").expect("an IP");
    assert!(ip.starts_with("10.244."), "{ip}");
    // Each container joins the sandbox's net namespace: same inode on every net chip.
    let nets = root
        .query_selector_all("[data-testid=\"ns-net\"]")
        .expect("chips");
    let inodes: Vec<String> = (0..nets.length())
        .filter_map(|i| nets.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-inode"))
        .collect();
    assert_eq!(inodes.len(), 3, "pause + 2 containers");
    assert!(inodes.iter().all(|i| i == &inodes[0]), "{inodes:?}");
}

#[wasm_bindgen_test]
async fn kill_nginx_and_watch_it_restart() {
    let root = mount(DEMO_YAML).await;
    let started = eventually(
        || text(&root, "state-nginx").as_deref() == Some("Running"),
        10_000.0,
    )
    .await;
    assert!(started, "nginx: {:?}", text(&root, "state-nginx"));
    let ip = text(&root, "pod-ip");
    assert_eq!(text(&root, "restarts-nginx").as_deref(), Some("0"));
    let kill: HtmlElement = find(&root, "kill-nginx")
        .expect("a kill button")
        .dyn_into()
        .expect("a button");
    kill.click();
    let restarted = eventually(
        || text(&root, "restarts-nginx").as_deref() == Some("1"),
        10_000.0,
    )
    .await;
    assert!(restarted, "restarts: {:?}", text(&root, "restarts-nginx"));
    assert_eq!(text(&root, "state-nginx").as_deref(), Some("Running"));
    assert_eq!(text(&root, "restarts-busybox").as_deref(), Some("0"));
    assert_eq!(text(&root, "pod-ip"), ip, "the pod IP stays");
}

#[wasm_bindgen_test]
async fn invalid_yaml_shows_the_line_and_keeps_the_diagram() {
    let root = mount(DEMO_YAML).await;
    let area: HtmlTextAreaElement = find(&root, "yaml-editor")
        .expect("the editor")
        .dyn_into()
        .expect("a textarea");
    area.set_value("apiVersion: v1\nkind: Pod\nmetadata: {name: demo\n");
    area.dispatch_event(&Event::new("input").expect("an event"))
        .expect("dispatched");
    yew::scheduler::flush().await;
    let problems = text(&root, "diagnostics").expect("a problems list");
    assert!(problems.contains("line 4, column 1"), "{problems}");
    assert!(find(&root, "stale-banner").is_some());
    assert!(
        find(&root, "container-nginx").is_some(),
        "the last good diagram stays"
    );
}
