//! Folder-driven tests check every item and fail once, at the end, naming each item that
//! failed: one broken snapshot does not hide the next. Each failure's own report (insta's
//! diff, a panic message) is printed as it happens.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `check` on every `(name, item)`; panics after the last one if any failed, listing them.
pub fn check_every<T>(what: &str, items: &[(String, T)], check: impl Fn(&str, &T)) {
    let failed: Vec<&str> = items
        .iter()
        .filter(|(name, item)| catch_unwind(AssertUnwindSafe(|| check(name, item))).is_err())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {what} failed: {}",
        failed.len(),
        items.len(),
        failed.join(", ")
    );
}
