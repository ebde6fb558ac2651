//! The page's root: the full playground (`App`), or the embed (`EmbedApp`) when the HTML says
//! `<body data-podscope="embed">` (dist/embed.html, written by `cargo xtask build`).

use yew::prelude::*;

use crate::App;
use crate::embed::EmbedApp;

/// The attribute of <body> that marks the embed page, and its value.
pub const MARKER: &str = "data-podscope";
pub const EMBED: &str = "embed";

/// Whether this page is the embed (its <body> carries the marker).
pub fn is_embed() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute(MARKER))
        .is_some_and(|v| v == EMBED)
}

#[component(Page)]
pub fn page() -> Html {
    let embed = use_memo((), |_| is_embed());
    if *embed {
        html! { <EmbedApp /> }
    } else {
        html! { <App /> }
    }
}
