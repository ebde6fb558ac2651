//! The bridge to the CodeMirror bundle (web/editor/src/main.js, loaded by its own
//! `<script type="module">`): the global `podscopeEditor` it sets, the `podscope-editor-ready`
//! event it fires, and the few calls the editor component makes. When the bundle is missing or
//! fails, none of this runs and the textarea stays.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use super::marks::Mark;

/// The global the bundle sets.
const GLOBAL: &str = "podscopeEditor";
/// The event the bundle fires on window once the global is set.
const READY: &str = "podscope-editor-ready";

#[wasm_bindgen]
extern "C" {
    /// An editor the bundle made (`create` in main.js).
    type Handle;

    #[wasm_bindgen(catch, js_namespace = podscopeEditor, js_name = create)]
    fn create(
        parent: &Element,
        text: &str,
        on_change: &js_sys::Function,
        options: &JsValue,
    ) -> Result<Handle, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setText)]
    fn set_text(this: &Handle, text: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = getText)]
    fn get_text(this: &Handle) -> Result<String, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setDiagnostics)]
    fn set_diagnostics(this: &Handle, list: &js_sys::Array) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = focusAt)]
    fn focus_at(this: &Handle, line: u32, column: u32) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn destroy(this: &Handle) -> Result<(), JsValue>;
}

/// How a new editor starts.
pub struct Start<'a> {
    pub text: &'a str,
    /// A UTF-16 offset for the cursor.
    pub cursor: u32,
    pub focus: bool,
    /// The accessible name of the editable element.
    pub label: &'a str,
    /// Its `data-testid`.
    pub testid: &'a str,
}

/// A CodeMirror editor in the page; dropping it removes it.
pub struct CodeMirror {
    handle: Handle,
    _on_change: Closure<dyn FnMut(String)>,
}

impl CodeMirror {
    /// Makes an editor in `parent`. `on_change` gets the whole text after each of the user's
    /// edits (not after `set_text`).
    pub fn create(
        parent: &Element,
        start: &Start<'_>,
        on_change: impl FnMut(String) + 'static,
    ) -> Result<Self, JsValue> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let attributes = object(&[("data-testid", start.testid.into())])?;
        let options = object(&[
            ("cursor", start.cursor.into()),
            ("focus", start.focus.into()),
            ("label", start.label.into()),
            ("attributes", attributes.into()),
        ])?;
        let handle = create(
            parent,
            start.text,
            on_change.as_ref().unchecked_ref(),
            &options.into(),
        )?;
        Ok(CodeMirror {
            handle,
            _on_change: on_change,
        })
    }

    /// Replaces the text when it differs (the editor keeps its undo history).
    pub fn set_text(&self, text: &str) {
        if self.handle.get_text().ok().as_deref() != Some(text) {
            let _ = self.handle.set_text(text);
        }
    }

    /// Marks the diagnostics in the text and its lint gutter.
    pub fn set_marks(&self, marks: &[Mark]) {
        let list = js_sys::Array::new();
        for m in marks {
            let item = object(&[
                ("line", to_u32(m.line).into()),
                ("from", to_u32(m.from).into()),
                ("to", to_u32(m.to).into()),
                ("severity", m.severity.as_str().into()),
                ("message", m.message.as_str().into()),
            ]);
            if let Ok(item) = item {
                list.push(&item);
            }
        }
        let _ = self.handle.set_diagnostics(&list);
    }

    /// Moves the cursor to a 1-based line and a 0-based UTF-16 column, and focuses the editor.
    pub fn focus_at(&self, line: usize, column: usize) {
        let _ = self.handle.focus_at(to_u32(line), to_u32(column));
    }
}

impl Drop for CodeMirror {
    fn drop(&mut self) {
        let _ = self.handle.destroy();
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A plain JS object with these fields.
fn object(fields: &[(&str, JsValue)]) -> Result<js_sys::Object, JsValue> {
    let o = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&o, &JsValue::from_str(key), value)?;
    }
    Ok(o)
}

/// Whether the bundle has loaded.
fn loaded() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(GLOBAL)).is_ok_and(|v| v.is_object())
}

/// Waits for the bundle, then calls `f` once after the page's next paint (so a bundle that is
/// already there never holds up the first diagram). Dropping the guard cancels it.
pub struct WhenReady {
    cancelled: Rc<Cell<bool>>,
    listener: Option<Closure<dyn FnMut()>>,
}

pub fn when_ready(f: impl FnOnce() + 'static) -> WhenReady {
    let cancelled = Rc::new(Cell::new(false));
    let run = after_paint(cancelled.clone(), f);
    if loaded() {
        run();
        return WhenReady {
            cancelled,
            listener: None,
        };
    }
    let mut run = Some(run);
    let listener = Closure::<dyn FnMut()>::new(move || {
        if let Some(run) = run.take() {
            run();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback(READY, listener.as_ref().unchecked_ref());
    }
    WhenReady {
        cancelled,
        listener: Some(listener),
    }
}

impl Drop for WhenReady {
    fn drop(&mut self) {
        self.cancelled.set(true);
        if let (Some(window), Some(listener)) = (web_sys::window(), &self.listener) {
            let _ = window
                .remove_event_listener_with_callback(READY, listener.as_ref().unchecked_ref());
        }
    }
}

/// `f` in a task after the next animation frame: after the browser has painted.
fn after_paint(cancelled: Rc<Cell<bool>>, f: impl FnOnce() + 'static) -> impl FnOnce() {
    move || {
        let frame = Closure::once_into_js(move || {
            gloo_timers::callback::Timeout::new(0, move || {
                if !cancelled.get() {
                    f();
                }
            })
            .forget();
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(frame.unchecked_ref());
        }
    }
}
