//! The TourBox: a guided tour's stop ("Step 2 of 4"), its narration (as text) and the Back,
//! Next and Restart buttons. The narration is announced (`aria-live`); when the last step
//! is reached the focus moves from the disabled Next to Restart.

use podscope_core::Command;
use yew::prelude::*;

use crate::state::{Msg, Tour};

#[derive(Properties, PartialEq)]
pub struct TourBoxProps {
    pub tour: Tour,
    pub on_msg: Callback<Msg>,
}

/// "Step i of n", or the end.
pub fn step_label(tour: &Tour) -> String {
    if tour.at_end() {
        format!("End of the tour ({} steps)", tour.len())
    } else {
        format!("Step {} of {}", tour.position + 1, tour.len())
    }
}

/// What the box says when the next step is an action the reader can do.
pub fn invitation(command: &Command) -> String {
    let how = match command {
        Command::Kill { .. } => "from the container's menu in the diagram",
        Command::KillSandbox { .. } => "with the pod's \"kill pause\" button",
        _ => "with the pod's delete button",
    };
    format!("Your turn: {command} {how}, or press Next to see it done.")
}

#[component(TourBox)]
pub fn tour_box(props: &TourBoxProps) -> Html {
    let tour = &props.tour;
    let restart_ref = use_node_ref();
    let box_ref = use_node_ref();
    {
        // Next is disabled at the end: the focus it had goes to Restart.
        let (restart_ref, box_ref) = (restart_ref.clone(), box_ref.clone());
        use_effect_with(tour.at_end(), move |at_end| {
            let focus_inside = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .zip(box_ref.cast::<web_sys::Node>())
                .is_some_and(|(active, b)| b.contains(Some(&active)));
            let focus_lost = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| {
                    d.active_element().is_none() || d.active_element() == d.body().map(Into::into)
                })
                .unwrap_or(false);
            if *at_end
                && (focus_inside || focus_lost)
                && let Some(button) = restart_ref.cast::<web_sys::HtmlElement>()
            {
                let _ = button.focus();
            }
        });
    }
    let send = |msg: Msg| {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(msg.clone()))
    };
    let text = tour.text().map(str::to_owned).unwrap_or_else(|| {
        "That was the whole tour: Restart to see it again, or try things on your own.".to_owned()
    });
    html! {
        <section class="tour" aria-label="Guided tour" data-testid="tour" ref={box_ref}>
            <p class="tour-step" data-testid="tour-step">{step_label(tour)}</p>
            <div class="tour-say" aria-live="polite" aria-atomic="true">
                <p class="tour-text" data-testid="tour-text">{text}</p>
                if let Some(command) = tour.invited() {
                    <p class="tour-invite" data-testid="tour-invite">{invitation(command)}</p>
                }
            </div>
            <div class="tour-buttons">
                <button type="button" data-testid="tour-back" disabled={tour.position == 0}
                        onclick={send(Msg::TourBack)}>{"Back"}</button>
                <button type="button" class="primary" data-testid="tour-next"
                        disabled={tour.at_end()} onclick={send(Msg::TourNext)}>{"Next"}</button>
                <button type="button" data-testid="tour-restart" ref={restart_ref}
                        onclick={send(Msg::TourRestart)}>{"Restart"}</button>
            </div>
        </section>
    }
}
