//! The editor in the browser: the textarea as the fallback, and the swap to the code editor
//! through the bundle's API (`window.podscopeEditor`, web/editor/src/main.js), here a fake that
//! records what the app asks of it. The real bundle is driven end to end in tests/editor.rs.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, HtmlElement, HtmlTextAreaElement};

use super::{document, eventually, find, mount, text};
use podscope_web::state::DEMO_YAML;

/// The `name` key sits at column 34 (1-based, in characters): 33 characters, one of them an
/// emoji of two UTF-16 units, before it. Shared with the end-to-end stories.
const BAD_NAME: &str = include_str!("../../../../tests/fixtures/bad-name-after-emoji.yaml");

/// Runs a function body in the page and returns its result.
fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .expect("the script runs")
}

fn textarea(root: &web_sys::Element) -> Option<HtmlTextAreaElement> {
    find(root, "yaml-editor").and_then(|e| e.dyn_into().ok())
}

fn edit(area: &HtmlTextAreaElement, text: &str) {
    area.set_value(text);
    area.dispatch_event(&Event::new("input").expect("an event"))
        .expect("dispatched");
}

fn click(root: &web_sys::Element, testid: &str) {
    let b: HtmlElement = find(root, testid)
        .expect(testid)
        .dyn_into()
        .expect("an HTML element");
    b.click();
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn without_the_bundle_a_problem_puts_the_textarea_cursor_at_its_place() {
    let root = mount(DEMO_YAML).await;
    let area = textarea(&root).expect("the textarea stays: there is no bundle");
    edit(&area, BAD_NAME);
    yew::scheduler::flush().await;
    let first = text(&root, "problem-1").expect("a problem");
    assert!(
        first.starts_with("7:34: error: spec.containers[0].name"),
        "{first}"
    );
    click(&root, "problem-1");
    // Lines 1 to 6 and their breaks are 80 UTF-16 units; then 33 characters in 34 units.
    let at = BAD_NAME.lines().take(6).map(|l| l.len() + 1).sum::<usize>() + 34;
    assert_eq!(area.selection_start().ok().flatten(), Some(at as u32));
    assert_eq!(
        document().active_element().as_ref(),
        Some(area.unchecked_ref::<web_sys::Element>()),
        "the textarea has the focus"
    );
}

/// A stand-in for the bundle that records what the app asks; removed on drop.
struct FakeBundle;

impl FakeBundle {
    fn install() -> Self {
        js(
            "window.__fake = {setText: [], focus: null, diagnostics: null};
            window.podscopeEditor = { create(parent, text, onChange, options) {
              const f = window.__fake;
              const el = document.createElement('div');
              el.setAttribute('data-testid', options.attributes['data-testid']);
              parent.appendChild(el);
              Object.assign(f, {text, onChange, cursor: options.cursor, focused: options.focus,
                                label: options.label});
              return { setText(t) { f.setText.push(t); f.text = t; }, getText() { return f.text; },
                       setDiagnostics(list) { f.diagnostics = list; },
                       focusAt(line, column) { f.focus = [line, column]; },
                       destroy() { el.remove(); } };
            }};
            window.dispatchEvent(new Event('podscope-editor-ready'));",
        );
        FakeBundle
    }

    fn get(&self, expr: &str) -> JsValue {
        js(&format!("return window.__fake.{expr};"))
    }
}

impl Drop for FakeBundle {
    fn drop(&mut self) {
        js("delete window.podscopeEditor; delete window.__fake;");
    }
}

#[wasm_bindgen_test::wasm_bindgen_test]
async fn the_code_editor_takes_over_with_the_text_and_cursor_and_every_edit_goes_through() {
    let root = mount(DEMO_YAML).await;
    let area = textarea(&root).expect("a textarea first");
    area.focus().expect("focused");
    area.set_selection_range(5, 5).expect("a cursor");
    let fake = FakeBundle::install();
    let swapped = eventually(|| textarea(&root).is_none(), 3_000.0).await;
    assert!(swapped, "the textarea gave way");
    assert_eq!(fake.get("text").as_string().as_deref(), Some(DEMO_YAML));
    assert_eq!(fake.get("cursor").as_f64(), Some(5.0));
    assert_eq!(fake.get("focused").as_bool(), Some(true));
    assert_eq!(
        fake.get("label").as_string().as_deref(),
        Some("Kubernetes YAML")
    );
    assert!(
        find(&root, "yaml-editor").is_some(),
        "the test id moved along"
    );

    // The user types: the text goes to the reducer, its diagnostics come back as marks.
    js(&format!(
        "const f = window.__fake; f.text = {t:?}; f.onChange(f.text);",
        t = BAD_NAME
    ));
    let marked = eventually(|| !fake.get("diagnostics").is_null(), 3_000.0).await;
    assert!(marked, "diagnostics sent to the editor");
    assert_eq!(
        js("const d = window.__fake.diagnostics[0]; return [d.line, d.from, d.to, d.severity].join(' ');")
            .as_string()
            .as_deref(),
        Some("7 34 38 error")
    );
    assert!(find(&root, "stale-banner").is_some());

    // Clock ticks re-render the page: the editor's text is never written back.
    let before = text(&root, "sim-time");
    let ticked = eventually(|| text(&root, "sim-time") != before, 3_000.0).await;
    assert!(ticked, "the clock ran");
    assert_eq!(
        js("return window.__fake.setText.length;").as_f64(),
        Some(0.0)
    );

    click(&root, "problem-1");
    assert_eq!(
        js("return String(window.__fake.focus);")
            .as_string()
            .as_deref(),
        Some("7,34")
    );
    drop(root);
}
