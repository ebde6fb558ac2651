//! Performance marks the figures read: `podscope:first-diagram` when the first diagram has
//! been rendered (cold load to an interactive diagram, measured from navigation start).

use std::cell::Cell;

/// The mark's name, as `performance.getEntriesByName` finds it.
pub const FIRST_DIAGRAM: &str = "podscope:first-diagram";

thread_local! {
    static MARKED: Cell<bool> = const { Cell::new(false) };
}

/// Marks the first diagram once per page load.
pub fn mark_first_diagram() {
    if MARKED.replace(true) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(FIRST_DIAGRAM);
    }
}
