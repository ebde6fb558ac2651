//! Performance marks (`performance.mark`) that the figures read: when the first diagram is on
//! the page, against `podscope:editor-bundle` and `podscope:editor-ready` set by the editor's
//! bundle (web/editor/src/main.js).

/// Sets the mark `name`; nothing where the browser has no Performance API.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
