//! Step (3): the Content-Security-Policy every page carries as a `<meta http-equiv>` (it
//! works on any static host, even one that cannot set headers), and the check that no page
//! keeps code the policy would block. `frame-ancestors` cannot be set by a meta (CSP3 §6.1:
//! it is ignored there), so it is in `_headers` (headers.rs).

use std::path::Path;

use super::html::{inline_code, tags};
use super::{read, write};
use crate::sh::Result;

/// The policy, one directive a line; docs/hosting.md says why each is there.
pub const DIRECTIVES: &[&str] = &[
    "default-src 'self'",
    // wasm: WebAssembly.instantiateStreaming needs 'wasm-unsafe-eval'; nothing else is eval'd.
    "script-src 'self' 'wasm-unsafe-eval'",
    // Styles only, never scripts: CodeMirror's theme is written at run time into a `<style>`
    // element whose text changes as parts mount (style-mod 4.1.5 `src/style-mod.js`,
    // `StyleSet`: a `<style>` for a document root, adoptedStyleSheets only in a shadow root),
    // so no fixed hash fits; its nonce option needs a per-response nonce, which a static host
    // cannot give. The diagram's menu position (podscope-web diagram/menu.rs) and the SVG
    // export (diagram/export.rs) set `style` attributes. Stylesheets from elsewhere stay out.
    "style-src 'self' 'unsafe-inline'",
    // The diagram's PNG and SVG export go through blob: and data: images.
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
];

/// The policy as one header or meta value.
pub fn policy() -> String {
    DIRECTIVES.join("; ")
}

/// Puts the CSP meta at the top of the page's `<head>`, before anything it governs (after
/// `<meta charset>`, which stays first), and fails if the page holds inline code.
pub fn apply(page: &Path) -> Result {
    let html = read(page)?;
    let out = with_meta(&html).map_err(|e| format!("{}: {e}", page.display()))?;
    write(page, &out)
}

fn with_meta(html: &str) -> Result<String> {
    let found = inline_code(html);
    if !found.is_empty() {
        return Err(format!(
            "the Content-Security-Policy would block {}; move it to a file",
            found.join(", ")
        ));
    }
    let all = tags(html);
    if all.iter().any(|t| {
        t.name == "meta"
            && t.attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
    }) {
        return Err("the page already has a Content-Security-Policy meta".into());
    }
    let head = all
        .iter()
        .find(|t| t.name == "head")
        .ok_or("the page has no <head>")?;
    let charset = all
        .iter()
        .find(|t| t.name == "meta" && t.attr("charset").is_some() && t.start > head.start);
    // Nothing the policy governs may come before it.
    let at = match charset {
        Some(c)
            if !all
                .iter()
                .any(|t| t.start > head.start && t.start < c.start && governed(t)) =>
        {
            c.end
        }
        _ => head.end,
    };
    let meta = format!(
        "\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        policy()
    );
    Ok(format!("{}{meta}{}", &html[..at], &html[at..]))
}

/// A tag whose loading the policy governs.
fn governed(t: &super::html::Tag) -> bool {
    matches!(
        t.name.as_str(),
        "script" | "link" | "style" | "base" | "img" | "iframe"
    )
}

#[cfg(test)]
mod tests {
    use super::{policy, with_meta};

    #[test]
    fn the_meta_comes_before_what_it_governs_and_inline_code_fails_the_build() {
        let page = "<!doctype html><html><head>\n<meta charset=\"utf-8\"><script type=\"module\" src=\"/l.js\"></script></head></html>";
        let out = with_meta(page).expect("a clean page");
        let meta_at = out
            .find("http-equiv=\"Content-Security-Policy\"")
            .expect("the meta");
        assert!(meta_at > out.find("<meta charset").expect("charset"));
        assert!(meta_at < out.find("<script").expect("the script"));
        // A stylesheet before the charset meta: the policy goes first in head.
        let early = with_meta("<head><link rel=stylesheet href=/a.css><meta charset=utf-8></head>")
            .expect("a clean page");
        assert!(early.starts_with("<head>\n    <meta http-equiv"), "{early}");
        assert!(out.contains(&format!("content=\"{}\"", policy())));
        assert!(with_meta(&out).expect_err("twice").contains("already"));
        let err = with_meta("<head></head><body><img src=x onerror=\"alert(1)\"></body>")
            .expect_err("an inline handler");
        assert!(err.contains("onerror"), "{err}");
        let err = with_meta("<head><script>var a</script></head>").expect_err("inline script");
        assert!(err.contains("inline <script>"), "{err}");
    }
}
