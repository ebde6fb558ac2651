//! The YAML editor and the list of problems found in it.

use podscope_core::diag::{Diagnostic, Severity};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub yaml: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_edit: Callback<String>,
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
    html! {
        <section class="editor" aria-label="Manifest">
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
    let place = d
        .location
        .map(|l| format!("line {}, column {}: ", l.line, l.column));
    html! {
        <li class={class} data-testid="diagnostic">
            if let Some(place) = place { <span class="place">{place}</span> }
            {d.full_message()}
        </li>
    }
}
