//! The YAML editor, its edit-mode toggle and "kubectl apply" button, and the Problems list
//! under it.
//!
//! The page first shows a plain textarea, so the first diagram never waits for the code
//! editor. Once CodeMirror's bundle has loaded (its own `<script type="module">`, see
//! web/editor/), the textarea gives way to CodeMirror with the same text and cursor. If the
//! bundle never loads, the textarea stays and works. Either way every edit goes to the reducer
//! as `Msg::Edit`.

mod codemirror;
mod echo;
pub mod marks;

use std::cell::RefCell;
use std::rc::Rc;

use podscope_core::model::diag::{Diagnostic, Location};
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use self::codemirror::{CodeMirror, Start};
use self::echo::Echoes;
use crate::problems::Problems;
use crate::state::{EditMode, Msg};

/// The editable element's accessible name and test id, on the textarea and on CodeMirror's.
const LABEL: &str = "Kubernetes YAML";
const TESTID: &str = "yaml-editor";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub yaml: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_edit: Callback<String>,
    pub mode: EditMode,
    /// The editor holds text the world has not taken yet.
    pub held: bool,
    pub on_msg: Callback<Msg>,
}

/// The code editor once it is there, and the edits it sent.
#[derive(Default)]
struct Code {
    editor: Option<CodeMirror>,
    echoes: Echoes,
}

#[component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let host = use_node_ref();
    let code = use_mut_ref(Code::default);
    // True once CodeMirror has taken the textarea's place.
    let swapped = use_state(|| false);

    {
        let (area, host, code, swapped) =
            (area.clone(), host.clone(), code.clone(), swapped.clone());
        let on_edit = props.on_edit.clone();
        use_effect_with((), move |_| {
            let ready = {
                let code = code.clone();
                codemirror::when_ready(move || {
                    if swap_in(&area, &host, &code, on_edit) {
                        swapped.set(true);
                    }
                })
            };
            move || {
                drop(ready);
                code.borrow_mut().editor = None;
            }
        });
    }
    {
        // The state's text: what came from elsewhere replaces the editor's; the editor's own
        // edits coming back are left alone, so a render never moves the cursor.
        let code = code.clone();
        use_effect_with(props.yaml.clone(), move |yaml| {
            let mut code = code.borrow_mut();
            if !code.echoes.is_echo(yaml)
                && let Some(editor) = &code.editor
            {
                editor.set_text(yaml);
            }
        });
    }
    {
        let code = code.clone();
        use_effect_with(
            (props.diagnostics.clone(), props.yaml.clone(), *swapped),
            move |(diagnostics, yaml, _)| {
                if let Some(editor) = &code.borrow().editor {
                    editor.set_marks(&marks::marks(yaml, diagnostics));
                }
            },
        );
    }

    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let on_pick = {
        let (area, code, yaml) = (area.clone(), code.clone(), props.yaml.clone());
        Callback::from(move |at: Location| go_to(&area, &code.borrow(), &yaml, at))
    };
    html! {
        <section class="editor" aria-label="Manifest">
            <EditBar mode={props.mode} held={props.held} on_msg={props.on_msg.clone()} />
            if !*swapped {
                <textarea
                    ref={area}
                    data-testid={TESTID}
                    spellcheck="false"
                    autocapitalize="off"
                    wrap="off"
                    aria-label={LABEL}
                    value={props.yaml.clone()}
                    oninput={on_input}
                />
            }
            <div class="code-host" ref={host} data-testid="code-host" />
            <Problems diagnostics={props.diagnostics.clone()} {on_pick} />
        </section>
    }
}

/// Puts CodeMirror in `host` with the textarea's text, cursor and focus; false if the bundle
/// failed (the textarea then stays).
fn swap_in(
    area: &NodeRef,
    host: &NodeRef,
    code: &Rc<RefCell<Code>>,
    on_edit: Callback<String>,
) -> bool {
    let (Some(host), Some(area)) = (host.cast::<Element>(), area.cast::<HtmlTextAreaElement>())
    else {
        return false;
    };
    let text = area.value();
    let focused = has_focus(&area);
    let start = Start {
        text: &text,
        cursor: area.selection_start().ok().flatten().unwrap_or(0),
        focus: focused,
        label: LABEL,
        testid: TESTID,
    };
    let sent = code.clone();
    let on_change = move |text: String| {
        sent.borrow_mut().echoes.sent(text.clone());
        on_edit.emit(text);
    };
    match CodeMirror::create(&host, &start, on_change) {
        Ok(editor) => {
            code.borrow_mut().editor = Some(editor);
            true
        }
        Err(_) => false,
    }
}

/// Whether `area` has the focus.
fn has_focus(area: &HtmlTextAreaElement) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    active.is_some_and(|a| a == ***area)
}

/// A problem picked in the list: the cursor to its place, in whichever editor is there.
fn go_to(area: &NodeRef, code: &Code, yaml: &str, at: Location) {
    let (line, column, _) = marks::place(yaml, at);
    if let Some(editor) = &code.editor {
        editor.focus_at(line, column);
    } else if let Some(area) = area.cast::<HtmlTextAreaElement>() {
        let offset = u32::try_from(marks::offset(yaml, line, column)).unwrap_or(u32::MAX);
        let _ = area.set_selection_range(offset, offset);
        let _ = area.focus();
    }
}

#[derive(Properties, PartialEq)]
struct EditBarProps {
    mode: EditMode,
    held: bool,
    on_msg: Callback<Msg>,
}

/// What an edit does: restart the world, or wait for "kubectl apply".
#[component(EditBar)]
fn edit_bar(props: &EditBarProps) -> Html {
    let on_mode = props.on_msg.reform(|e: Event| {
        let toggle: HtmlInputElement = e.target_unchecked_into();
        Msg::Mode(if toggle.checked() {
            EditMode::Hold
        } else {
            EditMode::Restart
        })
    });
    let on_apply = props.on_msg.reform(|_: MouseEvent| Msg::Apply);
    let hold = props.mode == EditMode::Hold;
    html! {
        <div class="edit-bar" role="group" aria-label="What an edit does">
            <label class="edit-mode"
                   title="Off: every edit restarts the pod from time zero. On: edits wait for kubectl apply, which changes the running pods (a Deployment rolls out).">
                <input type="checkbox" data-testid="edit-mode" checked={hold}
                       onchange={on_mode} />
                {" hold edits for kubectl apply"}
            </label>
            if hold {
                <button class="apply" data-testid="apply" onclick={on_apply}
                        title="kubectl apply -f - of the editor's text to the running world, at the simulated clock's time">
                    {"kubectl apply"}
                </button>
                if props.held {
                    <span class="held-note" data-testid="held">{"edits not applied yet"}</span>
                }
            }
        </div>
    }
}
