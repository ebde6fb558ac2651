//! The banner over the diagram after a link was opened: what opened (or why nothing did,
//! in the `LinkError`'s words, as text) and a way back to the user's own session.

use yew::prelude::*;

use crate::state::{LinkNotice, Msg};

#[derive(Properties, PartialEq)]
pub struct LinkBannerProps {
    pub notice: LinkNotice,
    pub on_msg: Callback<Msg>,
}

#[component(LinkBanner)]
pub fn link_banner(props: &LinkBannerProps) -> Html {
    let send = |msg: Msg| {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(msg.clone()))
    };
    let kept = props.notice.kept.is_some();
    let opened = match props.notice.at {
        Some(at) => format!("Opened a shared pod, paused at {at}."),
        None => "Opened a shared pod.".to_owned(),
    };
    let (class, text) = match &props.notice.failure {
        None if kept => ("link-banner", format!("{opened} Your own text is kept:")),
        None => ("link-banner", opened),
        Some(why) => (
            "link-banner link-failed",
            format!("This link did not open: {why}. Showing the default example."),
        ),
    };
    let dismiss = match (&props.notice.failure, kept) {
        (None, true) => "Keep the shared pod",
        _ => "Dismiss",
    };
    html! {
        <div class={class} role="status" data-testid="link-banner">
            <p data-testid="link-message">{text}</p>
            if kept {
                <button data-testid="restore-kept" onclick={send(Msg::RestoreKept)}>
                    {"Restore my text"}
                </button>
            }
            <button data-testid="keep-shared" onclick={send(Msg::KeepShared)}>{dismiss}</button>
        </div>
    }
}
