//! Step (3): the Content-Security-Policy every page carries as a `<meta http-equiv>` (it
//! works on any static host, even one that cannot set headers), and the check that no page
//! keeps code the policy would block. An inline script the build writes itself is allowed by
//! its hash (`'sha256-…'` in that page's `script-src`, CSP3 §8.3), no other. `frame-ancestors`
//! cannot be set by a meta (CSP3 §6.1: it is ignored there), so it is in `_headers`
//! (headers.rs).

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

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

/// The policy as one header or meta value, its `script-src` naming `scripts` (hash sources
/// of the page's own inline scripts) after its other sources.
pub fn policy(scripts: &[String]) -> String {
    let mut out = Vec::new();
    for d in DIRECTIVES {
        let mut d = (*d).to_owned();
        if d.starts_with("script-src ") {
            for s in scripts {
                d.push(' ');
                d.push_str(s);
            }
        }
        out.push(d);
    }
    out.join("; ")
}

/// The hash source that allows an inline script of exactly this text: the SHA-256 of its
/// UTF-8 bytes, base64 (CSP3 §8.3, "Does element match source list for type and source?").
pub fn hash_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Puts the CSP meta at the top of the page's `<head>`, before anything it governs (after
/// `<meta charset>`, which stays first), and fails if the page holds inline code other than
/// scripts whose hash sources are in `scripts`.
pub fn apply(page: &Path, scripts: &[String]) -> Result {
    let html = read(page)?;
    let out = with_meta(&html, scripts).map_err(|e| format!("{}: {e}", page.display()))?;
    write(page, &out)
}

fn with_meta(html: &str, scripts: &[String]) -> Result<String> {
    let found = inline_code(html, &|text| scripts.contains(&hash_source(text)));
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
        policy(scripts)
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
    use super::{hash_source, policy, with_meta};

    #[test]
    fn the_meta_comes_before_what_it_governs_and_inline_code_fails_the_build() {
        let page = "<!doctype html><html><head>\n<meta charset=\"utf-8\"><script type=\"module\" src=\"/l.js\"></script></head></html>";
        let out = with_meta(page, &[]).expect("a clean page");
        let meta_at = out
            .find("http-equiv=\"Content-Security-Policy\"")
            .expect("the meta");
        assert!(meta_at > out.find("<meta charset").expect("charset"));
        assert!(meta_at < out.find("<script").expect("the script"));
        // A stylesheet before the charset meta: the policy goes first in head.
        let early = with_meta(
            "<head><link rel=stylesheet href=/a.css><meta charset=utf-8></head>",
            &[],
        )
        .expect("a clean page");
        assert!(early.starts_with("<head>\n    <meta http-equiv"), "{early}");
        assert!(out.contains(&format!("content=\"{}\"", policy(&[]))));
        assert!(with_meta(&out, &[]).expect_err("twice").contains("already"));
        let err = with_meta(
            "<head></head><body><img src=x onerror=\"alert(1)\"></body>",
            &[],
        )
        .expect_err("an inline handler");
        assert!(err.contains("onerror"), "{err}");
        let err = with_meta("<head><script>var a</script></head>", &[]).expect_err("inline script");
        assert!(err.contains("inline <script>"), "{err}");
    }

    #[test]
    fn an_inline_script_passes_only_when_the_policy_names_its_hash() {
        // The CSP3 spec's own example (§8.3): this text's hash source.
        let hello = "alert('Hello, world.');";
        let source = hash_source(hello);
        assert_eq!(
            source,
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        let page = format!("<head></head><body><script>{hello}</script></body>");
        let out = with_meta(&page, std::slice::from_ref(&source)).expect("named by its hash");
        assert!(out.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {source}; style-src"
        )));
        // One character more, or another page's hash: refused.
        let changed = format!("<head></head><body><script>{hello} </script></body>");
        assert!(with_meta(&changed, &[source]).is_err());
        assert!(with_meta(&page, &[hash_source("x")]).is_err());
        assert!(!policy(&[]).contains("sha256"));
    }
}
