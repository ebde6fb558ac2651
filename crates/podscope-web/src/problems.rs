//! The Problems list under the editor: every diagnostic of the text, worded as
//! `podscope check` prints it; one with a place in the text is a button that puts the cursor
//! there.

use podscope_core::model::diag::{Diagnostic, Location, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub diagnostics: Vec<Diagnostic>,
    /// A problem was picked: move the cursor to its place.
    pub on_pick: Callback<Location>,
}

#[component(Problems)]
pub fn problems(props: &ProblemsProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! {};
    }
    let count = props.diagnostics.len();
    html! {
        <section class="problems-pane" data-testid="problems" aria-labelledby="problems-title">
            <h2 class="problems-title" id="problems-title">
                {format!("Problems ({count})")}
            </h2>
            <ul class="problems" data-testid="diagnostics" role="status">
                { for props.diagnostics.iter().enumerate().map(|(i, d)| problem(i + 1, d, &props.on_pick)) }
            </ul>
        </section>
    }
}

/// The `n`th problem (from 1): `data-testid="problem-N"` on its button, or on its text when
/// it has no place.
fn problem(n: usize, d: &Diagnostic, on_pick: &Callback<Location>) -> Html {
    let class = match d.severity {
        Severity::Error => "problem error",
        Severity::Warning => "problem warning",
        Severity::Notice => "problem notice",
    };
    let testid = format!("problem-{n}");
    let text = d.render(None);
    let body = match d.location {
        Some(at) => {
            let onclick = on_pick.reform(move |_: MouseEvent| at);
            let title = format!("Go to line {}, column {}", at.line, at.column);
            html! {
                <button type="button" class="problem-link" data-testid={testid} {title} {onclick}>
                    {text}
                </button>
            }
        }
        None => html! { <span data-testid={testid}>{text}</span> },
    };
    html! { <li class={class} data-testid="diagnostic">{body}</li> }
}
