//! The YAML editor, its edit-mode toggle and "kubectl apply" button, and the list of
//! problems found in it.

use podscope_core::model::diag::{Diagnostic, Severity};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::{EditMode, Msg};

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

#[component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let on_mode = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: Event| {
            let toggle: HtmlInputElement = e.target_unchecked_into();
            on_msg.emit(Msg::Mode(if toggle.checked() {
                EditMode::Hold
            } else {
                EditMode::Restart
            }));
        })
    };
    let on_apply = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::Apply))
    };
    let hold = props.mode == EditMode::Hold;
    html! {
        <section class="editor" aria-label="Manifest">
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
            <textarea
                data-testid="yaml-editor"
                spellcheck="false"
                wrap="off"
                aria-label="Kubernetes YAML"
                value={props.yaml.clone()}
                oninput={on_input}
            />
            if !props.diagnostics.is_empty() {
                <ul class="problems" data-testid="diagnostics" role="status">
                    { for props.diagnostics.iter().map(problem) }
                </ul>
            }
        </section>
    }
}

fn problem(d: &Diagnostic) -> Html {
    let class = match d.severity {
        Severity::Error => "problem error",
        Severity::Warning => "problem warning",
        Severity::Notice => "problem notice",
    };
    html! {
        <li class={class} data-testid="diagnostic">{d.render(None)}</li>
    }
}
