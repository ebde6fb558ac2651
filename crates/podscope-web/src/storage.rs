//! Keeps the user's session in localStorage so it survives a reload: the editor's text, the
//! manifest the world started from, the recorded actions, the edit mode and the runtime; the
//! colour theme; and a "running" flag, set while a world is being built or changed, that a
//! crash leaves set.

mod json_string;

use std::cell::Cell;

use podscope_core::Runtime;

use crate::state::EditMode;

/// The editor's text (the key older pages saved their only text under, so it still loads).
const TEXT: &str = "podscope.yaml";
/// The manifest the world started from at time zero.
const MANIFEST: &str = "podscope.manifest";
/// The recorded actions, in the scenario format.
const SCRIPT: &str = "podscope.script";
const MODE: &str = "podscope.mode";
/// Set before the page builds or changes a world and removed once it has rendered the result:
/// found set at load, the page stopped while running the saved session.
const RUNNING: &str = "podscope.running";
const THEME: &str = "podscope.theme";

thread_local! {
    /// Whether this page set `RUNNING` and has not removed it yet (so a render costs no
    /// storage access when nothing ran).
    static MARKED: Cell<bool> = const { Cell::new(false) };
    /// Whether the page panicked. A panic in an event handler leaves the app running on, and
    /// a render still pending would save the text as it was before the edit that crashed:
    /// after a panic the saved session and the running flag stay as the crash left them.
    static CRASHED: Cell<bool> = const { Cell::new(false) };
    /// Set by `turn_off` (the embed): every function here does nothing and finds nothing.
    static OFF: Cell<bool> = const { Cell::new(false) };
}

/// Turns storage off for this page: nothing is read or written from now on (the embed, so a
/// blog post's readers leave nothing in the site's localStorage and never pick up the full
/// page's session).
pub fn turn_off() {
    OFF.set(true);
}

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
    if OFF.get() {
        return None;
    }
    let text = get(TEXT)?;
    let replay = get(MANIFEST).map(|manifest| {
        let script = get(SCRIPT).unwrap_or_default();
        (manifest, script)
    });
    let mode = get(MODE)
        .and_then(|m| EditMode::parse(&m))
        .unwrap_or_default();
    let runtime = get(RUNTIME)
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
    if OFF.get() {
        return;
    }
    if CRASHED.get() {
        return;
    }
    set(TEXT, text);
}

/// Saves the manifest the world started from and the recorded actions.
pub fn save_replay(manifest: &str, script: &str) {
    if OFF.get() {
        return;
    }
    if CRASHED.get() {
        return;
    }
    set(MANIFEST, manifest);
    set(SCRIPT, script);
}

pub fn save_mode(mode: EditMode) {
    if OFF.get() {
        return;
    }
    set(MODE, mode.as_str());
}

/// Whether the last page stopped while it ran the saved session (the flag is still set).
pub fn was_running() -> bool {
    if OFF.get() {
        return false;
    }
    local()
        .and_then(|s| s.get_item(RUNNING).ok().flatten())
        .is_some()
}

/// Sets the running flag before the page builds or changes a world.
pub fn mark_running() {
    if OFF.get() {
        return;
    }
    if !MARKED.replace(true)
        && let Some(s) = local()
    {
        let _ = s.set_item(RUNNING, "1");
    }
}

/// Removes the running flag once the page rendered what it ran.
pub fn clear_running() {
    if OFF.get() {
        return;
    }
    if !CRASHED.get()
        && MARKED.replace(false)
        && let Some(s) = local()
    {
        let _ = s.remove_item(RUNNING);
    }
}

/// Sets the running flag from the panic hook, whatever this page marked: the page stopped.
pub fn mark_crashed() {
    if OFF.get() {
        return;
    }
    CRASHED.set(true);
    if let Some(s) = local() {
        let _ = s.set_item(RUNNING, "1");
    }
}

pub fn load_theme() -> Option<String> {
    if OFF.get() {
        return None;
    }
    get(THEME)
}

pub fn save_theme(theme: &str) {
    if OFF.get() {
        return;
    }
    set(THEME, theme);
}

/// The string saved under `key` (as a JSON string, the way gloo-storage saved it).
fn get(key: &str) -> Option<String> {
    json_string::decode(&local()?.get_item(key).ok()??)
}

/// Saves `value` under `key` as a JSON string; a full or disabled storage is let be.
fn set(key: &str, value: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, &json_string::encode(value));
    }
}

/// localStorage, if the page may use it (the panic hook must not throw for want of it).
fn local() -> Option<web_sys::Storage> {
    if OFF.get() {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn save_runtime(runtime: Runtime) {
    if OFF.get() {
        return;
    }
    set(RUNTIME, runtime.as_str());
}

/// A saved session as the page keeps it to restore under a shared link's state.
impl From<Saved> for crate::state::Kept {
    fn from(saved: Saved) -> Self {
        crate::state::Kept {
            text: saved.text,
            replay: saved.replay,
            mode: saved.mode,
            runtime: saved.runtime,
        }
    }
}
