//! The built site opened in a browser, and its code editor driven as a user drives it: wait
//! for CodeMirror to take the textarea's place, paste a manifest over the text, read the text
//! and the cursor back (through the bundle's `podscopeEditor.textOf` and `selectionOf`).

use std::time::Duration;

use serde_json::{Value, json};

use crate::webdriver::{Browser, Element, Result, by_testid};

/// Opens the built site in a fresh browser.
pub fn open() -> Browser {
    crate::open_site()
}

/// CodeMirror's editable element, once it has replaced the textarea.
pub const CODE_EDITOR: &str = ".cm-content[data-testid=\"yaml-editor\"]";

/// Waits until CodeMirror holds the text (its bundle loads after the first diagram).
pub fn code_editor(b: &Browser, timeout: Duration) -> Result<Element> {
    b.wait_for("the code editor", timeout, |b| b.find(CODE_EDITOR))
}

/// Ctrl+A then a paste of `text`, as a user replaces the manifest: typing key by key would
/// meet the editor's auto-indent on every new line.
pub fn paste_over(b: &Browser, text: &str) -> Result<()> {
    let editor = code_editor(b, Duration::from_secs(30))?;
    // Control down, a, Control up (WebDriver key codes).
    b.send_keys_to(&editor, "\u{E009}a\u{E009}")?;
    b.execute(
        "const el = document.querySelector(arguments[0]);
         const data = new DataTransfer();
         data.setData('text/plain', arguments[1]);
         el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
        vec![json!(CODE_EDITOR), json!(text)],
    )
    .map(drop)
}

/// The code editor's text.
pub fn text(b: &Browser) -> Result<Option<String>> {
    let v = b.execute(
        "const el = document.querySelector(arguments[0]);
         return el && window.podscopeEditor ? window.podscopeEditor.textOf(el) : null;",
        vec![json!(CODE_EDITOR)],
    )?;
    Ok(v.as_str().map(str::to_owned))
}

/// The code editor's cursor: 1-based line, 0-based UTF-16 column.
pub fn cursor(b: &Browser) -> Result<Option<(u64, u64)>> {
    let v = b.execute(
        "const el = document.querySelector(arguments[0]);
         return el && window.podscopeEditor ? window.podscopeEditor.selectionOf(el) : null;",
        vec![json!(CODE_EDITOR)],
    )?;
    Ok(match (&v["line"], &v["column"]) {
        (Value::Number(l), Value::Number(c)) => l.as_u64().zip(c.as_u64()),
        _ => None,
    })
}

/// Whether the code editor has the keyboard focus.
pub fn has_focus(b: &Browser) -> Result<bool> {
    let v = b.execute(
        "return document.activeElement === document.querySelector(arguments[0]);",
        vec![json!(CODE_EDITOR)],
    )?;
    Ok(v.as_bool() == Some(true))
}

/// The text the page saved for a reload (localStorage, JSON as gloo-storage writes it).
pub fn saved_text(b: &Browser) -> Result<Option<String>> {
    let v = b.execute(
        "const s = localStorage.getItem('podscope.yaml'); return s === null ? null : JSON.parse(s);",
        vec![],
    )?;
    Ok(v.as_str().map(str::to_owned))
}

/// `by_testid` for the Problems list's `n`th entry (from 1).
pub fn problem(n: usize) -> String {
    by_testid(&format!("problem-{n}"))
}
