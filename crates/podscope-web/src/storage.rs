//! Keeps the user's session in localStorage so it survives a reload: the editor's text, the
//! manifest the world started from, the recorded actions, the edit mode and the runtime.

use gloo_storage::{LocalStorage, Storage};
use podscope_core::Runtime;

use crate::state::EditMode;

/// The editor's text (the key older pages saved their only text under, so it still loads).
const TEXT: &str = "podscope.yaml";
/// The manifest the world started from at time zero.
const MANIFEST: &str = "podscope.manifest";
/// The recorded actions, in the scenario format.
const SCRIPT: &str = "podscope.script";
const MODE: &str = "podscope.mode";
/// The runtime setting, as `Runtime::as_str` writes it.
const RUNTIME: &str = "podscope.runtime";

/// A saved session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The editor's text.
    pub text: String,
    /// The manifest and the recording that replay to the world; `None` from a page that
    /// saved only the text.
    pub replay: Option<(String, String)>,
    pub mode: EditMode,
    /// The runtime setting (containerd when none was saved).
    pub runtime: Runtime,
}

/// The saved session, if any.
pub fn load() -> Option<Saved> {
    let text = LocalStorage::get::<String>(TEXT).ok()?;
    let replay = LocalStorage::get::<String>(MANIFEST).ok().map(|manifest| {
        let script = LocalStorage::get::<String>(SCRIPT).unwrap_or_default();
        (manifest, script)
    });
    let mode = LocalStorage::get::<String>(MODE)
        .ok()
        .and_then(|m| EditMode::parse(&m))
        .unwrap_or_default();
    let runtime = LocalStorage::get::<String>(RUNTIME)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or_default();
    Some(Saved {
        text,
        replay,
        mode,
        runtime,
    })
}

/// Saves the editor's text. A full or disabled storage is not worth breaking the page for,
/// here and below.
pub fn save_text(text: &str) {
    let _ = LocalStorage::set(TEXT, text);
}

/// Saves the manifest the world started from and the recorded actions.
pub fn save_replay(manifest: &str, script: &str) {
    let _ = LocalStorage::set(MANIFEST, manifest);
    let _ = LocalStorage::set(SCRIPT, script);
}

pub fn save_mode(mode: EditMode) {
    let _ = LocalStorage::set(MODE, mode.as_str());
}

pub fn save_runtime(runtime: Runtime) {
    let _ = LocalStorage::set(RUNTIME, runtime.as_str());
}
