//! Keeps the user's YAML in localStorage so it survives a reload.

use gloo_storage::{LocalStorage, Storage};

const KEY: &str = "podscope.yaml";

/// The saved text, if any.
pub fn load() -> Option<String> {
    LocalStorage::get::<String>(KEY).ok()
}

/// Saves the text; a full or disabled storage is not worth breaking the page for.
pub fn save(yaml: &str) {
    let _ = LocalStorage::set(KEY, yaml);
}
