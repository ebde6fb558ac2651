//! `dist/embed.html`: the embed page, made from trunk's `dist/index.html` so it loads the same
//! hashed wasm and JS (one download serves the full page and every embed). It differs in
//! four places: `<body data-podscope="embed">` (the app mounts `EmbedApp`), a loading line
//! painted until the app replaces it (an embed's pod is in its link, which only the wasm
//! reads, so it gets no picture), no CodeMirror editor script (the embed's editor is a plain
//! textarea), and its own title.

use std::path::Path;

use crate::sh::Result;

/// The marker `podscope_web::page` reads.
const MARKER: &str = r#" data-podscope="embed""#;
const TITLE: &str = "<title>podscope: a live Kubernetes pod (embed)</title>";
/// What the embed shows until its app's first render removes it (the id is the one
/// `podscope_web::page::PRERENDER` removes): on a slow link the wasm takes seconds, and an
/// empty frame in a post looks broken.
const LOADING: &str = r#"<p id="podscope-prerender" class="embed-loading" role="status">Loading a live Kubernetes pod…</p>"#;
/// What names the editor's bundle in trunk's output (`podscope-editor-HASH.js`).
const EDITOR_SCRIPT: &str = "podscope-editor";

/// Writes `dist/embed.html` from `dist/index.html`.
pub fn write(dist: &Path) -> Result {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let embed = embed_html(&html)?;
    let out = dist.join("embed.html");
    std::fs::write(&out, embed).map_err(|e| format!("{}: {e}", out.display()))
}

/// Trunk's post_build hook (Trunk.toml): embed.html in the staging directory trunk names in
/// `TRUNK_STAGING_DIR`, so that `trunk serve` (`cargo xtask serve`) serves the embed page and
/// `embed-example.html` works there too. `cargo xtask build` writes it again in `finish_dist`,
/// from the index.html whose loader has moved out.
pub fn write_staged() -> Result {
    let dir = std::env::var_os("TRUNK_STAGING_DIR")
        .ok_or("embed-page runs as trunk's post_build hook: TRUNK_STAGING_DIR is not set")?;
    write(Path::new(&dir))
}

/// The embed page's HTML from the full page's.
pub fn embed_html(index: &str) -> Result<String> {
    let mut html = without_editor(index);
    let body = html
        .find("<body")
        .map(|at| at + "<body".len())
        .ok_or("dist/index.html has no <body>")?;
    html.insert_str(body, MARKER);
    let body_end = html[body..]
        .find('>')
        .map(|e| body + e + 1)
        .ok_or("dist/index.html's <body> is not closed")?;
    html.insert_str(body_end, LOADING);
    let title = html
        .find("<title>")
        .zip(html.find("</title>"))
        .ok_or("dist/index.html has no <title>")?;
    html.replace_range(title.0..title.1 + "</title>".len(), TITLE);
    Ok(html)
}

/// The HTML without the tags that load or preload the editor's bundle.
fn without_editor(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = next_tag(rest) {
        let (before, tag_on) = rest.split_at(start);
        out.push_str(before);
        let is_script = tag_on.starts_with("<script");
        let end = if is_script {
            tag_on.find("</script>").map(|e| e + "</script>".len())
        } else {
            tag_on.find('>').map(|e| e + 1)
        };
        let Some(end) = end else {
            out.push_str(tag_on);
            return out;
        };
        let (tag, after) = tag_on.split_at(end);
        let opening = tag.split('>').next().unwrap_or_default();
        if !opening.contains(EDITOR_SCRIPT) {
            out.push_str(tag);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where the next `<script` or `<link` tag starts.
fn next_tag(html: &str) -> Option<usize> {
    let script = html.find("<script");
    let link = html.find("<link");
    match (script, link) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of trunk 0.21's output for web/index.html.
    const INDEX: &str = r#"<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8">
<title>podscope: see inside a Kubernetes pod</title>
<link rel="stylesheet" href="/style-abc.css" integrity="sha384-x">
<script type="module" src="/podscope-editor-1f2e.js" fetchpriority="low" integrity="sha384-y"></script>
<link rel="modulepreload" href="/podscope-web-9a8b.js" crossorigin="anonymous" integrity="sha384-z"><link rel="preload" href="/podscope-web-9a8b_bg.wasm" crossorigin="anonymous" integrity="sha384-w" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/podscope-web-9a8b.js';
const wasm = await init({ module_or_path: '/podscope-web-9a8b_bg.wasm' });
</script></head>
<body>
<noscript>podscope runs in your browser.</noscript>
</body></html>"#;

    #[test]
    fn the_embed_page_shares_the_wasm_and_js_and_drops_the_editor() {
        let embed = embed_html(INDEX).unwrap();
        assert!(embed.contains(&format!(r#"<body data-podscope="embed">{LOADING}"#)));
        assert!(!embed.contains("podscope-editor"), "{embed}");
        assert!(embed.contains(TITLE) && !embed.contains("see inside"));
        for shared in [
            r#"<link rel="preload" href="/podscope-web-9a8b_bg.wasm""#,
            "import init, * as bindings from '/podscope-web-9a8b.js';",
            r#"<link rel="stylesheet" href="/style-abc.css" integrity="sha384-x">"#,
        ] {
            assert!(embed.contains(shared), "{shared} is kept");
        }
        assert_eq!(embed.matches("<script").count(), 1, "only the loader");
    }

    #[test]
    fn a_page_without_body_is_an_error_not_a_bad_file() {
        assert!(embed_html("<html><title>x</title></html>").is_err());
        assert!(embed_html("<html><body></body></html>").is_err());
    }
}
