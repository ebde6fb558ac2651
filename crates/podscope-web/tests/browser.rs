//! The app mounted in headless Chromium: clicks and typing in, the DOM out.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use podscope_web::state::DEMO_YAML;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent,
    KeyboardEventInit, MouseEvent, MouseEventInit,
};

mod common;

use common::{document, mount, new_root};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/examples.rs"]
mod examples;

#[path = "browser/share.rs"]
mod share;

/// Runs the clock at 60× until nginx runs (a fresh node pulls the images first, a few
/// simulated seconds), then back at 1×.
async fn until_nginx_runs(root: &Element) {
    button(root, "speed-60").click();
    let started = eventually(
        || text(root, "state-nginx").as_deref() == Some("Running"),
        5_000.0,
    )
    .await;
    assert!(started, "nginx: {:?}", text(root, "state-nginx"));
    button(root, "speed-1").click();
    yew::scheduler::flush().await;
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
    until_nginx_runs(&root).await;
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
    until_nginx_runs(&root).await;
    let ip = text(&root, "pod-ip");
    assert_eq!(text(&root, "restarts-nginx").as_deref(), Some("0"));
    kill_from_menu(&root, "nginx").await;
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
    assert!(problems.contains("4:1: error: "), "{problems}");
    assert!(find(&root, "stale-banner").is_some());
    assert!(
        find(&root, "container-nginx").is_some(),
        "the last good diagram stays"
    );
}

/// Clicks any element (an SVG shape of the diagram too), as a user's click bubbles.
fn press(root: &Element, testid: &str) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    let click = MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("a click");
    find(root, testid)
        .unwrap_or_else(|| panic!("no {testid}"))
        .dispatch_event(&click)
        .expect("dispatched");
}

/// SIGKILL a container from its menu in the diagram.
async fn kill_from_menu(root: &Element, container: &str) {
    press(root, &format!("container-{container}"));
    yew::scheduler::flush().await;
    button(root, "action-kill").click();
    yew::scheduler::flush().await;
}

fn button(root: &Element, testid: &str) -> HtmlElement {
    find(root, testid)
        .unwrap_or_else(|| panic!("no {testid}"))
        .dyn_into()
        .expect("an HTML element")
}

/// Types a line into the terminal as a user does: the text, then Enter.
async fn run_in_terminal(root: &Element, line: &str) {
    let input: HtmlInputElement = find(root, "term-input")
        .expect("the terminal's input")
        .dyn_into()
        .expect("an input");
    input.set_value(line);
    input
        .dispatch_event(&Event::new("input").expect("an event"))
        .expect("dispatched");
    yew::scheduler::flush().await;
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let enter = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a key");
    input.dispatch_event(&enter).expect("dispatched");
    yew::scheduler::flush().await;
}

/// The text of every command on the terminal's screen.
fn screen(root: &Element) -> Vec<String> {
    let entries = root
        .query_selector_all("[data-testid=\"term-entry\"]")
        .expect("entries");
    (0..entries.length())
        .filter_map(|i| entries.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn the_terminal_runs_hostname_in_the_selected_container() {
    let root = mount(DEMO_YAML).await;
    until_nginx_runs(&root).await;
    // The selected container's shell session: busybox ash's prompt, `\w \$ `.
    assert_eq!(text(&root, "term-prompt").as_deref(), Some("/ #"));
    run_in_terminal(&root, "exec demo/busybox -- hostname").await;
    assert_eq!(screen(&root), ["demo/busybox$ hostname\ndemo\n"]);

    // A click on nginx in the diagram makes it the target of plain lines.
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    let click = MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("a click");
    find(&root, "container-nginx")
        .expect("nginx")
        .dispatch_event(&click)
        .expect("dispatched");
    yew::scheduler::flush().await;
    // nginx's `sh` is Debian's dash, whose root prompt is `# `.
    assert_eq!(text(&root, "term-prompt").as_deref(), Some("#"));
    run_in_terminal(&root, "cat /etc/hostname").await;
    run_in_terminal(&root, "kubectl get pods").await;
    let shown = screen(&root);
    assert_eq!(shown[1], "demo/nginx # cat /etc/hostname\ndemo\n");
    assert!(
        shown[2].starts_with("node$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\ndemo   2/2     Running   0 "),
        "{}",
        shown[2]
    );
    let input: HtmlInputElement = find(&root, "term-input")
        .expect("the input")
        .dyn_into()
        .expect("an input");
    assert_eq!(input.value(), "", "Enter clears the line");
}

#[wasm_bindgen_test]
async fn kill_pause_gives_a_new_sandbox_a_new_ip_and_restarts() {
    let root = mount(DEMO_YAML).await;
    until_nginx_runs(&root).await;
    let ip = text(&root, "pod-ip").expect("an IP");
    press(&root, "kill-pause-button");
    // busybox ignores SIGTERM and takes its whole 30 s grace period: run the clock at 60×.
    button(&root, "speed-60").click();
    let restarted = eventually(
        || {
            text(&root, "restarts-nginx").as_deref() == Some("1")
                && text(&root, "restarts-busybox").as_deref() == Some("1")
                && text(&root, "state-nginx").as_deref() == Some("Running")
        },
        10_000.0,
    )
    .await;
    assert!(
        restarted,
        "restarts nginx {:?} busybox {:?}",
        text(&root, "restarts-nginx"),
        text(&root, "restarts-busybox")
    );
    let new_ip = text(&root, "pod-ip").expect("an IP");
    assert_ne!(new_ip, ip, "a new sandbox gets a new IP");
    assert!(new_ip.starts_with("10.244."), "{new_ip}");
    assert_eq!(text(&root, "action-error"), None);
}

#[wasm_bindgen_test]
async fn pause_then_step_to_the_next_event() {
    let root = mount(DEMO_YAML).await;
    button(&root, "play-pause").click();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "play-pause").as_deref(), Some("play"));
    let t = text(&root, "sim-time");
    button(&root, "step-event").click();
    yew::scheduler::flush().await;
    assert_ne!(text(&root, "sim-time"), t, "stepped");
    assert_eq!(text(&root, "play-pause").as_deref(), Some("play"));
}

/// The Deployments concept page's nginx Deployment, with two replicas and `image`.
fn deployment(image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  \
         selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      \
         labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        \
         image: {image}\n"
    )
}

#[wasm_bindgen_test]
async fn a_held_edit_is_applied_and_rolls_out_a_new_replicaset() {
    let root = mount(&deployment("nginx:1.14.2")).await;
    assert!(find(&root, "apply").is_none(), "edits restart by default");
    button(&root, "edit-mode").click();
    yew::scheduler::flush().await;

    let area: HtmlTextAreaElement = find(&root, "yaml-editor")
        .expect("the editor")
        .dyn_into()
        .expect("a textarea");
    area.set_value(&deployment("nginx:1.16.1"));
    area.dispatch_event(&Event::new("input").expect("an event"))
        .expect("dispatched");
    yew::scheduler::flush().await;
    assert!(find(&root, "held").is_some(), "the edit is held");

    button(&root, "apply").click();
    yew::scheduler::flush().await;
    assert!(find(&root, "held").is_none(), "applied");
    assert_eq!(
        screen(&root),
        ["node$ kubectl apply -f -\ndeployment.apps/web configured\n"]
    );

    // The rollout takes seconds of simulated time (image pulls, then one pod at a time):
    // run the clock at 60× past a minute.
    button(&root, "speed-60").click();
    let rolled = eventually(
        || text(&root, "sim-time").is_some_and(|t| t.contains('m')),
        5_000.0,
    )
    .await;
    assert!(rolled, "clock: {:?}", text(&root, "sim-time"));
    run_in_terminal(&root, "kubectl get rs").await;
    let shown = screen(&root);
    let rs = shown.last().expect("the output");
    let rows: Vec<Vec<&str>> = rs
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "two ReplicaSets: {rs}");
    let desired: Vec<&str> = rows.iter().filter_map(|r| r.get(1).copied()).collect();
    assert!(desired.contains(&"2") && desired.contains(&"0"), "{rs}");
}

/// The class of a container's box: how the stylesheet draws its state.
fn box_class(root: &Element, container: &str) -> Option<String> {
    root.query_selector(&format!("[data-testid=\"container-{container}\"] rect"))
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("class"))
}

#[wasm_bindgen_test]
async fn a_box_is_drawn_in_its_state() {
    let root = mount(DEMO_YAML).await;
    assert_eq!(
        text(&root, "state-nginx").as_deref(),
        Some("ContainerCreating")
    );
    assert_eq!(
        box_class(&root, "nginx").as_deref(),
        Some("container-box state-waiting")
    );
    until_nginx_runs(&root).await;
    assert_eq!(
        box_class(&root, "nginx").as_deref(),
        Some("container-box state-running")
    );
    button(&root, "play-pause").click();
    kill_from_menu(&root, "nginx").await;
    for _ in 0..20 {
        if text(&root, "state-nginx").as_deref() == Some("Error") {
            break;
        }
        button(&root, "step-event").click();
        yew::scheduler::flush().await;
    }
    assert_eq!(text(&root, "state-nginx").as_deref(), Some("Error"));
    assert_eq!(
        box_class(&root, "nginx").as_deref(),
        Some("container-box state-error")
    );
}

// The editor: its fallback textarea and the swap to the code editor.
#[path = "browser/editor.rs"]
mod editor;
