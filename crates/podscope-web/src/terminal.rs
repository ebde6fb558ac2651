//! The terminal panel: a target box, the output of each command under its prompt, and the
//! input line (Enter runs, Up/Down recall, Ctrl+L clears, Ctrl+C drops the line). Lines for a
//! container go to its exec session, whose prompt (`/etc # `) the input line shows; the end
//! of a session is marked. It only sends `Msg`s; the reducer runs them. Output is always
//! text, never markup.

use std::collections::VecDeque;
use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::session::{Target, TermEntry};
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub entries: VecDeque<Rc<TermEntry>>,
    /// How many entries scrolled away for good.
    pub dropped: u64,
    pub input: AttrValue,
    /// The prompt before the input line (`State::terminal_prompt`).
    pub prompt: AttrValue,
    /// The selected target, and every target the box offers (the node first).
    pub target: Target,
    pub targets: Vec<Target>,
    pub on_msg: Callback<Msg>,
}

#[component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let screen = use_node_ref();
    {
        // Keep the newest output in view.
        let screen = screen.clone();
        let shown = (props.entries.len(), props.dropped);
        use_effect_with(shown, move |_| {
            if let Some(el) = screen.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let on_input = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_msg.emit(Msg::TermInput(input.value()));
        })
    };
    let on_key = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: KeyboardEvent| {
            let msg = match e.key().as_str() {
                "Enter" => Msg::TermRun,
                "ArrowUp" => Msg::TermUp,
                "ArrowDown" => Msg::TermDown,
                "l" | "L" if e.ctrl_key() => Msg::TermClear,
                // Ctrl+C copies while text is selected, as in any page; else it cancels.
                "c" | "C" if e.ctrl_key() && !has_selection(&e) => Msg::TermCancel,
                _ => return,
            };
            e.prevent_default();
            on_msg.emit(msg);
        })
    };
    let on_target = {
        let on_msg = props.on_msg.clone();
        let targets = props.targets.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let chosen = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| targets.get(i));
            if let Some(t) = chosen {
                on_msg.emit(Msg::Select(t.clone()));
            }
        })
    };
    let prompt = props.prompt.clone();
    html! {
        <section class="terminal" aria-label="Terminal" data-testid="terminal">
            <div class="term-bar">
                <label for="term-target">{"run plain lines in"}</label>
                <select id="term-target" data-testid="term-target" onchange={on_target}>
                    { for props.targets.iter().enumerate().map(|(i, t)| html! {
                        <option value={i.to_string()} selected={*t == props.target}>
                            {target_label(t)}
                        </option>
                    }) }
                </select>
                <span class="term-hint">
                    {"lines go to the selected container's shell session (kubectl exec -it … -- sh) or the node's (a root shell); `exit` ends it; kubectl, crictl and docker run on the node; scenario actions (exec POD/C -- LINE, kill POD/C, node -- LINE) run as written"}
                </span>
            </div>
            <div class="term-screen" ref={screen} data-testid="term-screen" role="log" aria-live="polite">
                if props.dropped > 0 {
                    <p class="term-dropped">
                        {format!("({} earlier commands not shown)", props.dropped)}
                    </p>
                }
                { for props.entries.iter().map(|e| entry(e)) }
            </div>
            <div class="term-input">
                <label for="term-line" class="term-prompt" data-testid="term-prompt">{prompt}</label>
                <input id="term-line" data-testid="term-input" type="text"
                       autocomplete="off" autocapitalize="off" spellcheck="false"
                       aria-label="Command line"
                       value={props.input.clone()}
                       oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}

fn target_label(t: &Target) -> String {
    match t {
        Target::Node => "the node".to_owned(),
        Target::Container(p, c) if p.namespace == "default" => format!("{}/{c}", p.name),
        Target::Container(p, c) => format!("{}/{}/{c}", p.namespace, p.name),
    }
}

/// Whether the input line has text selected (Ctrl+C then copies it).
fn has_selection(e: &KeyboardEvent) -> bool {
    let input: HtmlInputElement = e.target_unchecked_into();
    matches!(
        (input.selection_start(), input.selection_end()),
        (Ok(Some(a)), Ok(Some(b))) if a != b
    )
}

fn entry(e: &TermEntry) -> Html {
    if e.session_end {
        return html! {
            <pre class="term-entry term-ended" data-testid="term-session-ended"
                 title={format!("at {}", e.at)}>
                {e.output.clone()}
                <span class="term-ended-note">
                    {"session ended: the next line opens a new one"}
                </span>
            </pre>
        };
    }
    let class = if e.failed {
        "term-entry failed"
    } else {
        "term-entry"
    };
    html! {
        <pre class={class} data-testid="term-entry" title={format!("at {}", e.at)}>
            <span class="term-prompt-line">{e.prompt.clone()}</span>
            {"\n"}
            {e.output.clone()}
        </pre>
    }
}
