//! The Examples menu in the header: a disclosure (<details>) listing each example with its
//! point; choosing one loads it and plays its script. When the editor holds the user's own
//! text, the menu asks before replacing it, and afterwards offers to restore it.

use podscope_core::scenario::examples::ExampleId;
use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct ExamplesMenuProps {
    /// The example waiting for the user to confirm replacing their text.
    pub pending: Option<ExampleId>,
    /// Whether there is a replaced text to restore.
    pub can_restore: bool,
    pub on_msg: Callback<Msg>,
}

#[component(ExamplesMenu)]
pub fn examples_menu(props: &ExamplesMenuProps) -> Html {
    let details = use_node_ref();
    let summary = use_node_ref();
    let close = {
        let details = details.clone();
        move || {
            if let Some(d) = details.cast::<HtmlDetailsElement>() {
                d.set_open(false);
            }
        }
    };
    let choose = |id: ExampleId| {
        let on_msg = props.on_msg.clone();
        let close = close.clone();
        Callback::from(move |_: MouseEvent| {
            close();
            on_msg.emit(Msg::Example(id));
        })
    };
    // Escape closes the list and gives the focus back to "Examples".
    let onkeydown = {
        let summary = summary.clone();
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close();
                if let Some(s) = summary.cast::<web_sys::HtmlElement>() {
                    let _ = s.focus();
                }
            }
        })
    };
    let send = |msg: Msg| {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(msg.clone()))
    };
    html! {
        <div class="examples">
            <details class="examples-menu" ref={details} {onkeydown}>
                <summary ref={summary} data-testid="examples-menu"
                         aria-label="Examples: load a classic demonstration and play its scenario">
                    {"Examples"}
                </summary>
                <ul class="examples-list" aria-label="Examples">
                    { for ExampleId::ALL.iter().map(|&id| {
                        let example = id.get();
                        html! {
                            <li>
                                <button class="example" data-testid={format!("example-{id}")}
                                        onclick={choose(id)}>
                                    <span class="example-title">{example.title}</span>
                                    <span class="example-point">{example.point}</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </details>
            if let Some(id) = props.pending {
                <div class="example-confirm" role="alertdialog" aria-labelledby="example-confirm-text"
                     data-testid="example-confirm">
                    <span id="example-confirm-text">
                        {format!("Replace your text with the example \u{201c}{}\u{201d}? You can restore it afterwards.", id.get().title)}
                    </span>
                    <button data-testid="confirm-example" autofocus=true onclick={send(Msg::ConfirmExample)}>
                        {"Replace"}
                    </button>
                    <button data-testid="cancel-example" onclick={send(Msg::CancelExample)}>
                        {"Keep my text"}
                    </button>
                </div>
            }
            if props.can_restore && props.pending.is_none() {
                <button class="restore-text" data-testid="restore-text" onclick={send(Msg::RestoreText)}
                        title="Put back the text the example replaced">
                    {"Undo: restore your text"}
                </button>
            }
        </div>
    }
}
