//! The code editor's stories against the release build: diagnostics marked at their line and
//! column with the message on hover, the Problems list moving the cursor, Tab, a reload, ticks
//! that leave the cursor alone, light and dark screenshots, and when the editor is ready
//! against when the first diagram is (docs/figures.md, editor).

use std::time::Duration;

use podscope_e2e::editing::{self, code_editor, open, paste_over};
use podscope_e2e::webdriver::{Browser, by_testid};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A container name against the rules, after an emoji on the same line: the core counts the
/// emoji as one character (the `name` key at column 34), the editor as two UTF-16 units.
const BAD_NAME: &str = include_str!("fixtures/bad-name-after-emoji.yaml");

const WEB: &str = "apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
  - name: web
    image: nginx:1.27
";

fn demo_pod(b: &Browser) {
    b.wait_for("the demo pod", TIMEOUT, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .expect("the demo pod renders");
}

/// Where the first error is marked: the line number beside its lint gutter marker, the line
/// holding the marked text, and that text.
const LINT_MARK: &str = "
const marker = document.querySelector('.cm-gutter-lint .cm-lint-marker-error');
const range = document.querySelector('.cm-content .cm-lintRange-error');
if (!marker || !range) return null;
const top = marker.closest('.cm-gutterElement').getBoundingClientRect().top;
const number = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
  .find(n => Math.abs(n.getBoundingClientRect().top - top) < 2);
const lines = [...document.querySelectorAll('.cm-content .cm-line')];
return {gutter: number ? number.textContent : null,
        line: lines.findIndex(l => l.contains(range)) + 1, text: range.textContent};";

/// Moves the mouse over the marked text once, as a hover does. (CodeMirror shows the tooltip
/// once the mouse has rested for its hover time, so moving it again while waiting would
/// restart the wait.)
const HOVER: &str = "
const range = document.querySelector('.cm-content .cm-lintRange-error');
if (!range) return false;
const r = range.getBoundingClientRect();
range.dispatchEvent(new MouseEvent('mousemove', {bubbles: true,
  clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
return true;";

/// The lint tooltip's text, once it shows.
const TOOLTIP: &str = "
const tip = document.querySelector('.cm-tooltip-lint');
return tip ? tip.textContent : null;";

#[test]
fn an_error_is_marked_at_its_line_and_its_problem_puts_the_cursor_there() {
    let b = open();
    demo_pod(&b);
    paste_over(&b, BAD_NAME).unwrap();

    let first = b
        .wait_for("the problem", TIMEOUT, |b| b.testid_text("problem-1"))
        .unwrap();
    assert!(
        first.starts_with("7:34: error: spec.containers[0].name: Invalid value: \"Bad_Name\""),
        "{first}"
    );
    let mark = b
        .wait_for("the lint mark", TIMEOUT, |b| {
            let v = b.execute(LINT_MARK, vec![])?;
            Ok((!v.is_null()).then_some(v))
        })
        .unwrap();
    assert_eq!(mark, json!({"gutter": "7", "line": 7, "text": "name"}));
    assert_eq!(b.execute(HOVER, vec![]).unwrap(), json!(true));
    let tip = b
        .wait_for("the message on hover", TIMEOUT, |b| {
            Ok(b.execute(TOOLTIP, vec![])?.as_str().map(str::to_owned))
        })
        .unwrap();
    assert!(
        tip.contains("spec.containers[0].name: Invalid value: \"Bad_Name\""),
        "{tip}"
    );
    assert!(b.find(&by_testid("stale-banner")).unwrap().is_some());

    // Clicking the problem puts the cursor on the `name` key: 33 characters, one of them the
    // emoji of two UTF-16 units, before it.
    let entry = b.find(&editing::problem(1)).unwrap().expect("a button");
    b.click(&entry).unwrap();
    b.wait_for("the cursor at 7:34", TIMEOUT, |b| {
        Ok((editing::cursor(b)? == Some((7, 34))).then_some(()))
    })
    .unwrap();
    assert!(editing::has_focus(&b).unwrap(), "the editor has the focus");

    b.screenshot("editor-error-light").unwrap();
    b.prefer_color_scheme("dark").unwrap();
    b.screenshot("editor-error-dark").unwrap();
}

#[test]
fn tab_indents_with_two_spaces_and_escape_then_tab_moves_on() {
    let b = open();
    demo_pod(&b);
    paste_over(&b, "kind: Pod\n").unwrap();
    let editor = code_editor(&b, TIMEOUT).unwrap();
    // Tab, then a key: two spaces before it.
    b.send_keys_to(&editor, "\u{E004}a").unwrap();
    let want = "kind: Pod\n  a";
    b.wait_for("the indented line", TIMEOUT, |b| {
        Ok((editing::text(b)?.as_deref() == Some(want)).then_some(()))
    })
    .unwrap();
    assert_eq!(editing::cursor(&b).unwrap(), Some((2, 3)));
    b.wait_for("the text saved", TIMEOUT, |b| {
        Ok((editing::saved_text(b)?.as_deref() == Some(want)).then_some(()))
    })
    .unwrap();

    // Escape, then Tab: the focus moves on and the text stays (CodeMirror's tab focus mode).
    b.send_keys_to(&editor, "\u{E00C}\u{E004}").unwrap();
    b.wait_for("the focus moved on", TIMEOUT, |b| {
        Ok((!editing::has_focus(b)?).then_some(()))
    })
    .unwrap();
    assert_eq!(editing::text(&b).unwrap().as_deref(), Some(want));
}

#[test]
fn a_reload_brings_the_text_back_and_ticks_leave_the_cursor_alone() {
    let b = open();
    demo_pod(&b);
    paste_over(&b, WEB).unwrap();
    b.wait_for("the new pod", TIMEOUT, |b| {
        b.find(&by_testid("container-web"))
    })
    .unwrap();
    let editor = code_editor(&b, TIMEOUT).unwrap();
    // Ctrl+Home, then down two lines: the cursor at the start of line 3.
    b.send_keys_to(&editor, "\u{E009}\u{E011}\u{E009}\u{E015}\u{E015}")
        .unwrap();
    b.wait_for("the cursor on line 3", TIMEOUT, |b| {
        Ok((editing::cursor(b)? == Some((3, 0))).then_some(()))
    })
    .unwrap();
    // The clock runs (the page renders every tick): wait for two of them.
    let t0 = b.testid_text("sim-time").unwrap();
    for _ in 0..2 {
        let before = b.testid_text("sim-time").unwrap();
        b.wait_for("a tick", TIMEOUT, |b| {
            let now = b.testid_text("sim-time")?;
            Ok((now != before).then_some(()))
        })
        .unwrap();
    }
    assert_ne!(b.testid_text("sim-time").unwrap(), t0);
    assert_eq!(
        editing::cursor(&b).unwrap(),
        Some((3, 0)),
        "the cursor stays"
    );
    assert_eq!(editing::text(&b).unwrap().as_deref(), Some(WEB));

    b.refresh().unwrap();
    b.wait_for("the pod again", TIMEOUT, |b| {
        b.find(&by_testid("container-web"))
    })
    .unwrap();
    code_editor(&b, TIMEOUT).unwrap();
    assert_eq!(editing::text(&b).unwrap().as_deref(), Some(WEB));
}

/// The first render with its diagram, the bundle evaluated and the editor ready, in ms since
/// the navigation started (`performance.mark`s; docs/figures.md, editor).
#[test]
fn the_editor_is_ready_after_the_first_diagram() {
    let b = open();
    demo_pod(&b);
    code_editor(&b, TIMEOUT).unwrap();
    let marks = b
        .execute(
            "const t = n => { const m = performance.getEntriesByName(n)[0]; return m ? m.startTime : null; };
             return {render: t('podscope:first-render'), bundle: t('podscope:editor-bundle'),
                     ready: t('podscope:editor-ready')};",
            vec![],
        )
        .unwrap();
    let ms = |k: &str| match &marks[k] {
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        other => panic!("no mark {k}: {other}"),
    };
    let (render, bundle, ready) = (ms("render"), ms("bundle"), ms("ready"));
    println!(
        "first render {render:.1} ms, editor bundle {bundle:.1} ms, editor ready {ready:.1} ms"
    );
    assert!(
        ready > render,
        "the editor comes after the first diagram: {marks}"
    );
}

#[test]
fn on_a_phone_the_editor_spans_the_width_with_text_that_does_not_zoom() {
    let b = open();
    b.set_window_size(390, 844).unwrap();
    demo_pod(&b);
    code_editor(&b, TIMEOUT).unwrap();
    let shown = b
        .execute(
            "const e = document.querySelector('.cm-editor');
             return {font: getComputedStyle(e).fontSize, width: e.getBoundingClientRect().width,
                     viewport: document.documentElement.clientWidth};",
            vec![],
        )
        .unwrap();
    // iOS zooms into a focused field whose text is under 16px.
    assert_eq!(shown["font"], json!("16px"), "{shown}");
    let (width, viewport) = (
        shown["width"].as_f64().unwrap_or(0.0),
        shown["viewport"].as_f64().unwrap_or(0.0),
    );
    assert!(width >= viewport - 2.0, "{shown}");
    b.screenshot("editor-phone-light").unwrap();
}
