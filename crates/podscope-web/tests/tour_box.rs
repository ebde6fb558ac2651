//! The TourBox in headless Chromium, over the real reducer: Step i of n, the narration as
//! text, Back / Next / Restart, and the focus moved to Restart when Next is done.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use podscope_core::scenario::script::Scenario;
use podscope_web::state::{DEMO_YAML, Msg, State};
use podscope_web::tour::TourBox;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::Reducible;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCRIPT: &str = "at 1s say <b onmouseover=alert(1)>first</b> stop\n\
at 2s say Now kill nginx.\n\
at 2s kill demo/nginx\n\
at 4s say nginx restarted.\n\
at 5s end\n";

#[component(Harness)]
fn harness() -> Html {
    let state = use_reducer(|| {
        let scenario: Scenario = SCRIPT.parse().expect("the script parses");
        let s = Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::TourOpen {
            yaml: DEMO_YAML.to_owned(),
            scenario,
        });
        (*s).clone()
    });
    let on_msg = {
        let d = state.dispatcher();
        Callback::from(move |m: Msg| d.dispatch(m))
    };
    html! {
        if let Some(tour) = state.tour.clone() {
            <TourBox {tour} {on_msg} />
        }
    }
}

fn find(root: &Element, testid: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {testid}"))
        .unchecked_into()
}

fn text(root: &Element, testid: &str) -> String {
    find(root, testid).text_content().unwrap_or_default()
}

async fn click(root: &Element, testid: &str) {
    find(root, testid).click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_tour_box_steps_back_and_forth() {
    let document = gloo_utils::document();
    let root = document.create_element("div").expect("the DOM answers");
    document
        .body()
        .expect("the DOM answers")
        .append_child(&root)
        .expect("the DOM answers");
    let handle = yew::Renderer::<Harness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(text(&root, "tour-step"), "Step 1 of 3");
    assert_eq!(
        text(&root, "tour-text"),
        "<b onmouseover=alert(1)>first</b> stop"
    );
    assert!(
        root.query_selector("b").expect("the DOM answers").is_none(),
        "narration is text, not markup"
    );
    let live = root
        .query_selector("[aria-live]")
        .expect("the DOM answers")
        .expect("aria-live");
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(find(&root, "tour-back").has_attribute("disabled"));

    click(&root, "tour-next").await;
    assert_eq!(text(&root, "tour-step"), "Step 2 of 3");
    assert_eq!(text(&root, "tour-text"), "Now kill nginx.");
    assert!(text(&root, "tour-invite").contains("kill demo/nginx"));

    click(&root, "tour-back").await;
    assert_eq!(text(&root, "tour-step"), "Step 1 of 3");

    click(&root, "tour-next").await;
    click(&root, "tour-next").await;
    assert_eq!(text(&root, "tour-step"), "Step 3 of 3");
    let next = find(&root, "tour-next");
    next.focus().expect("the DOM answers");
    click(&root, "tour-next").await;
    assert_eq!(text(&root, "tour-step"), "End of the tour (3 steps)");
    assert!(find(&root, "tour-next").has_attribute("disabled"));
    let focused = document
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"));
    assert_eq!(
        focused.as_deref(),
        Some("tour-restart"),
        "the focus left the disabled Next"
    );

    click(&root, "tour-restart").await;
    assert_eq!(text(&root, "tour-step"), "Step 1 of 3");
    handle.destroy();
    root.remove();
}
