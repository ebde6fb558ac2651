//! Step (2b): the picture before the wasm. index.html gets the page as the app first draws
//! it (`prerender/skeleton.html`): the default example's manifest in the editor, as text, and
//! its diagram at time zero, drawn by the core's layout and `views::svg::to_page_svg` (the
//! app's layout, coloured by the page's CSS in the page's theme), inert until the app
//! replaces it at its first render (podscope-web `page.rs`). A small classic script first in
//! `<body>` (`prerender/check.js`) runs before the picture is parsed: it sets the saved theme
//! and hides the picture when this visit will open something else (a share link, a saved
//! session of the user's own). It is inline, allowed by its hash in the page's CSP (csp.rs):
//! as a file it was a round trip the first paint waited for. The embed page is made before
//! this step and gets none of it: an embed shows its post's pod, not the default one.

use std::path::Path;

use podscope_core::model::humanize::k8s_duration;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::examples::DEMO;
use podscope_core::views::{layout, svg};
use podscope_core::{DEFAULT_SEED, Runtime, World, WorldOptions};

use super::csp::hash_source;
use super::html::{raw_text, tags};
use super::{read, write};
use crate::sh::Result;

/// The skeleton's id, which the app removes (podscope-web `page::PRERENDER`).
pub const ID: &str = "podscope-prerender";

const SKELETON: &str = include_str!("prerender/skeleton.html");
const CHECK: &str = include_str!("prerender/check.js");

/// Puts the picture and its check script into `dist/index.html`; returns the script's CSP
/// hash source (`'sha256-…'`), which the page's policy must name.
pub fn write_into(dist: &Path) -> Result<String> {
    let index = dist.join("index.html");
    let html = read(&index)?;
    let (page, hash) = rewrite(&html).map_err(|e| format!("{}: {e}", index.display()))?;
    write(&index, &page)?;
    Ok(hash)
}

/// The page with the check script and then the skeleton first in its body, and the script's
/// hash source. The script runs before the picture is parsed. (When it was a file, in
/// `<head>` it held back the style sheets and the editor's low-priority bundle while the
/// parser waited for it, so it went first in `<body>`; docs/figures.md.)
fn rewrite(html: &str) -> Result<(String, String)> {
    if html.contains(ID) {
        return Err("the page already holds the pre-rendered picture".into());
    }
    let body = tags(html)
        .into_iter()
        .find(|t| t.name == "body")
        .ok_or("the page has no <body>")?;
    let js = check_script();
    // js_string escapes `<`; the check stands for the script's own text.
    let js = raw_text(&js, "script")?;
    let page = format!(
        "{}\n<script>{js}</script>\n{}{}",
        &html[..body.end],
        skeleton(),
        &html[body.end..]
    );
    Ok((page, hash_source(js)))
}

/// The check script with the default example's text and runtime written in.
fn check_script() -> String {
    CHECK
        .replace("__EXAMPLE__", &js_string(DEMO))
        .replace("__RUNTIME__", &js_string(Runtime::default().as_str()))
}

/// The skeleton with the default example's manifest and diagram at time zero, as the app
/// first shows them (podscope-web `State::new(DEMO_YAML)`: the default runtime and seed).
fn skeleton() -> String {
    let loaded = podscope_core::load(DEMO, DEFAULT_SEED);
    let options = WorldOptions {
        runtime: Runtime::default(),
        ..WorldOptions::default()
    };
    let world = World::from_loaded(&loaded, DEFAULT_SEED, options);
    let drawing = svg::to_page_svg(&layout::diagram(&world));
    let runtimes: String = Runtime::ALL
        .iter()
        .map(|rt| {
            let selected = if *rt == Runtime::default() {
                " selected"
            } else {
                ""
            };
            format!("<option{selected}>{}</option>", html_text(rt.describe()))
        })
        .collect();
    SKELETON
        .replace("{{runtimes}}", &runtimes)
        .replace("{{time}}", &html_text(&format!("t = {}", SimTime::ZERO)))
        .replace(
            "{{age}}",
            &html_text(&format!(" AGE {}", k8s_duration(SimDuration::ZERO))),
        )
        .replace("{{yaml}}", &html_text(DEMO))
        .replace("{{svg}}", &drawing)
}

/// `text` as HTML text (element content or a quoted attribute): shown, never markup.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a JavaScript string literal, safe anywhere in a script file.
fn js_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || matches!(c, '<' | '>' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{html_text, js_string, rewrite};

    const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\" /><link rel=\"stylesheet\" href=\"./s.css\"></head>\n<body>\n<noscript>x</noscript>\n</body></html>";

    #[test]
    fn the_check_and_the_picture_open_the_body() {
        let (page, hash) = rewrite(PAGE).expect("rewritten");
        let script = page.find("<script>");
        let js = page[script.expect("the script") + "<script>".len()..]
            .split("</script>")
            .next()
            .expect("its text");
        assert_eq!(hash, super::hash_source(js));
        let body = page.find("<body>").expect("body");
        let picture = page.find("id=\"podscope-prerender\"").expect("the picture");
        assert!(script.is_some_and(|s| body < s && s < picture), "{page}");
        assert!(picture < page.find("<noscript>").expect("noscript"));
        // The default example: its containers drawn, its text in the textarea as text.
        assert!(page.contains("data-testid=\"prerender-diagram\""));
        for drawn in [
            "class=\"diagram\"",
            ">busybox<",
            ">nginx<",
            "class=\"container-box",
        ] {
            assert!(page.contains(drawn), "{drawn}");
        }
        assert!(page.contains("image: &quot;nginx:1.21&quot;"), "{page}");
        assert!(page.contains("<option selected>containerd 2.2</option>"));
        assert!(page.contains("<span>t = 0s</span>"), "{page}");
        assert!(
            page.contains(">Loading the live pod…</p>\n</main>"),
            "{page}"
        );
        // The check knows the example and the default runtime, as JS strings.
        assert!(
            js.contains("var example = \"apiVersion: v1\\nkind: Pod\\n"),
            "{js}"
        );
        assert!(js.contains("runtime === \"containerd\""), "{js}");
        assert!(!js.contains("__"), "{js}");
        assert!(
            !page.contains("{{") && page.contains(">60×</button>"),
            "{page}"
        );
        // The CSP pass refuses the script unless the policy names its hash; twice is an error.
        let allowed = |text: &str| super::hash_source(text) == hash;
        assert_eq!(
            super::super::html::inline_code(&page, &allowed),
            Vec::<String>::new()
        );
        assert_eq!(super::super::html::inline_code(&page, &|_| false).len(), 1);
        assert!(rewrite(&page).is_err());
    }

    #[test]
    fn text_is_escaped_for_html_and_for_scripts() {
        assert_eq!(
            html_text("</textarea><b a=\"1\">&"),
            "&lt;/textarea&gt;&lt;b a=&quot;1&quot;&gt;&amp;"
        );
        assert_eq!(
            js_string("a\"b\\c\nd</script>\u{2028}\u{0}"),
            "\"a\\\"b\\\\c\\nd\\u003c/script\\u003e\\u2028\\u0000\""
        );
    }
}
