//! The Runtimes tab: the same pod under containerd, CRI-O and Docker side by side, one column
//! per runtime (stacked on narrow screens). Built when the tab is opened and again only when
//! the manifest or the recording changed, or on "Rebuild at now"; never on a tick.

use yew::prelude::*;

use super::compare_model::{CompareCell, CompareInput, CompareView};

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub input: CompareInput,
    /// The world's time now, for the rebuild button.
    pub now: AttrValue,
}

#[component(ComparePanel)]
pub fn compare_panel(props: &CompareProps) -> Html {
    // Bumped by "Rebuild at now": part of the memo's key, with the manifest and recording.
    let rebuilds = use_state(|| 0u32);
    let view = use_memo((props.input.clone(), *rebuilds), |(input, _)| {
        CompareView::of(input)
    });
    let CompareView::Shown {
        at,
        pod,
        columns,
        rows,
    } = &*view
    else {
        return html! { <p class="panel-empty">{"No world yet: the manifest has errors."}</p> };
    };
    let rebuild = {
        let rebuilds = rebuilds.clone();
        Callback::from(move |_: MouseEvent| rebuilds.set(*rebuilds + 1))
    };
    let about = match pod {
        Some(pod) => format!("pod {pod}"),
        None => "no pod".to_owned(),
    };
    html! {
        <div class="compare" data-testid="compare">
            <p class="compare-head">
                <span data-testid="compare-about">
                    {format!("The same manifest and recording under each runtime, at {at}; {about}. Only what differs is listed.")}
                </span>
                <button type="button" class="compare-rebuild" data-testid="compare-rebuild"
                        onclick={rebuild}>
                    {format!("Rebuild at {}", props.now)}
                </button>
            </p>
            <div class="compare-grid compare-columns" aria-hidden="true">
                { for columns.iter().map(|c| html! {
                    <div class="compare-column-title" data-testid={format!("compare-column-{}", c.runtime)}>
                        {c.title}
                    </div>
                }) }
            </div>
            { for rows.iter().map(|row| html! {
                <section class="compare-row" data-testid="compare-row"
                         aria-label={row.label.clone()}>
                    <h3 class="compare-label">{row.label.clone()}</h3>
                    <div class="compare-grid">
                        { for row.cells.iter().map(|cell| cell_html(cell, &row.label)) }
                    </div>
                </section>
            }) }
        </div>
    }
}

/// One runtime's text: its name (shown when the columns stack), the command, the text.
fn cell_html(cell: &CompareCell, label: &str) -> Html {
    let runtime = cell.runtime.to_string();
    html! {
        <pre class="listing compare-cell" tabindex="0"
             data-testid={format!("compare-{runtime}")}
             aria-label={format!("{label}, {runtime}")}>
            <span class="compare-runtime">{runtime.clone()}</span>
            {"\n"}
            if let Some(prompt) = &cell.prompt {
                <span class="listing-prompt">{prompt.clone()}</span>
                {"\n"}
            }
            {cell.text.clone().unwrap_or_else(|| "(nothing yet)".to_owned())}
        </pre>
    }
}
