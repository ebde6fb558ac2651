//! The page's root: the full playground (`App`), or the embed (`EmbedApp`) when the HTML says
//! `<body data-podscope="embed">` (dist/embed.html, written by `cargo xtask build`). Its
//! first render takes the place of the picture `cargo xtask build` draws into index.html
//! before the wasm arrives (crates/xtask/src/dist/prerender.rs), which it then removes.

use yew::prelude::*;

use crate::App;
use crate::embed::EmbedApp;

/// The attribute of <body> that marks the embed page, and its value.
pub const MARKER: &str = "data-podscope";
pub const EMBED: &str = "embed";

/// The id of what a page shows before the wasm: index.html's picture, embed.html's loading
/// line (crates/xtask/src/embed_page.rs).
pub const PRERENDER: &str = "podscope-prerender";

/// Removes the picture or the loading line, if the page has one. Called in the first render's
/// effect: the app's markup is in the page by then and nothing has been painted between.
fn remove_prerender() {
    if let Some(picture) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(PRERENDER))
    {
        picture.remove();
    }
}

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
    use_effect_with((), |_| remove_prerender());
    if *embed {
        html! { <EmbedApp /> }
    } else {
        html! { <App /> }
    }
}
