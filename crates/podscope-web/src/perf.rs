//! Performance marks (`performance.mark`) that the figures read: `podscope:first-diagram` when
//! the first diagram has been rendered (cold load to an interactive diagram, measured from
//! navigation start), `podscope:first-render`, and `podscope:editor-bundle` and
//! `podscope:editor-ready` set by the editor's bundle (web/editor/src/main.js).

use std::cell::Cell;

/// The first diagram's mark, as `performance.getEntriesByName` finds it.
pub const FIRST_DIAGRAM: &str = "podscope:first-diagram";

thread_local! {
    static MARKED: Cell<bool> = const { Cell::new(false) };
}

/// Sets the mark `name`; nothing where the browser has no Performance API.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Marks the first diagram once per page load.
pub fn mark_first_diagram() {
    if MARKED.replace(true) {
        return;
    }
    mark(FIRST_DIAGRAM);
}
