//! Step (1): trunk writes its wasm loader as an inline `<script type="module">` in
//! index.html, which a CSP without `'unsafe-inline'` refuses. It moves to
//! `podscope-loader-<hash>.js` beside the other hashed files, referenced with Subresource
//! Integrity (`integrity="sha384-…"`, the digest of the file's bytes, base64: the format of
//! the W3C SRI spec, https://www.w3.org/TR/SRI/#the-integrity-attribute).
//!
//! The code editor's bundle moves into the loader too, added to the page once the wasm has
//! started: fetched beside the wasm, its 130 KB took a share of a slow link from the 1.3 MB
//! the first interactive diagram waits for (docs/figures.md, "The editor after the wasm").

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha384};

use super::html::tags;
use super::{PublicUrl, read, write};
use crate::sh::Result;

/// The loader file's name before its hash.
pub const PREFIX: &str = "podscope-loader-";
/// What names the editor's bundle in trunk's output (`podscope-editor-HASH.js`).
const EDITOR: &str = "podscope-editor-";

/// Moves index.html's inline module script to a hashed file; returns that file's name.
pub fn externalise(index: &Path, public_url: &PublicUrl) -> Result<String> {
    let html = read(index)?;
    let (page, name, js) =
        rewrite(&html, public_url).map_err(|e| format!("{}: {e}", index.display()))?;
    let dir = index.parent().ok_or("index.html has no folder")?;
    write(&dir.join(&name), &js)?;
    write(index, &page)?;
    Ok(name)
}

/// The page with its inline loader replaced by a reference, the file's name and its text.
fn rewrite(html: &str, public_url: &PublicUrl) -> Result<(String, String, String)> {
    let inline: Vec<_> = tags(html)
        .into_iter()
        .filter(|t| t.name == "script" && t.attr("src").is_none())
        .collect();
    let [tag] = inline.as_slice() else {
        return Err(format!(
            "expected trunk's one inline loader script, found {} inline scripts (has trunk's \
             output changed?)",
            inline.len()
        ));
    };
    if tag.attr("type") != Some("module") {
        return Err("the inline script is not trunk's module loader".into());
    }
    let (body_start, body_end) = tag.body.ok_or("the loader script has no end")?;
    let close_end = closing(html, body_end).ok_or("the loader script is not closed")?;
    let mut js = format!("{}\n", html[body_start..body_end].trim());
    // (start, end, replacement) for the page, in order.
    let mut cuts = Vec::new();
    if let Some(editor) = tags(html)
        .into_iter()
        .find(|t| t.name == "script" && t.attr("src").is_some_and(|s| s.contains(EDITOR)))
    {
        let (_, editor_body_end) = editor.body.ok_or("the editor script has no end")?;
        let editor_end = closing(html, editor_body_end).ok_or("the editor script is not closed")?;
        js.push_str(&editor_after_wasm(
            editor.attr("src").unwrap_or_default(),
            editor.attr("integrity"),
        ));
        cuts.push((editor.start, editor_end, String::new()));
    }
    let Hashed {
        name,
        src,
        integrity,
    } = Hashed::of(PREFIX, &js, public_url);
    cuts.push((
        tag.start,
        close_end,
        format!("<script type=\"module\" src=\"{src}\" integrity=\"sha384-{integrity}\"></script>"),
    ));
    cuts.sort_by_key(|c| c.0);
    let mut page = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end, with) in cuts {
        page.push_str(
            html.get(at..start)
                .ok_or("the loader and editor tags overlap")?,
        );
        page.push_str(&with);
        at = end;
    }
    page.push_str(&html[at..]);
    Ok((page, name, js))
}

/// Where a raw-text element whose text ends at `body_end` is closed: after its `</script>`.
fn closing(html: &str, body_end: usize) -> Option<usize> {
    html.get(body_end..)?.find('>').map(|e| body_end + e + 1)
}

/// The loader's addition: the editor's module script, with its SRI, added to the full page
/// (an embed's body says `data-podscope="embed"` and has no editor) when the wasm is in.
fn editor_after_wasm(src: &str, integrity: Option<&str>) -> String {
    let integrity = integrity
        .map(|i| format!("  editor.integrity = {};\n", js_string(i)))
        .unwrap_or_default();
    format!(
        "if (document.body.dataset.podscope !== \"embed\") {{\n  const editor = document.createElement(\"script\");\n  editor.type = \"module\";\n  editor.src = {};\n{integrity}  document.head.append(editor);\n}}\n",
        js_string(src)
    )
}

/// A JavaScript string literal of `s` (trunk's addresses and SRI digests: no quotes or
/// backslashes, escaped anyway).
fn js_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A script named after its content: `PREFIX<16 hex digits of sha384>.js`.
struct Hashed {
    name: String,
    /// Its address in the page for `public_url`.
    src: String,
    /// The SRI digest without its `sha384-`.
    integrity: String,
}

impl Hashed {
    fn of(prefix: &str, js: &str, public_url: &PublicUrl) -> Self {
        let digest = Sha384::digest(js.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{prefix}{hex}.js");
        let src = match public_url {
            PublicUrl::Relative => format!("./{name}"),
            PublicUrl::Path(p) => format!("{p}{name}"),
        };
        Hashed {
            name,
            src,
            integrity: base64::engine::general_purpose::STANDARD.encode(digest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PublicUrl, rewrite};

    const TRUNK: &str = "<head><link rel=\"modulepreload\" href=\"/p/app-1.js\">\n<script type=\"module\">\nimport init, * as bindings from '/p/app-1.js';\nconst wasm = await init({ module_or_path: '/p/app-1_bg.wasm' });\n</script></head>";

    #[test]
    fn the_inline_loader_becomes_a_hashed_file_with_its_sri() {
        let url = PublicUrl::parse("/p/").expect("a path");
        let (page, name, js) = rewrite(TRUNK, &url).expect("rewritten");
        assert!(js.starts_with("import init, * as bindings from '/p/app-1.js';"));
        assert!(
            name.starts_with("podscope-loader-") && name.ends_with(".js"),
            "{name}"
        );
        assert_eq!(name.len(), "podscope-loader-".len() + 16 + 3);
        // sha384 is 48 bytes: 64 base64 characters, no padding.
        let sri = page
            .split("integrity=\"sha384-")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("an integrity attribute");
        assert_eq!(sri.len(), 64, "{sri}");
        assert!(page.contains(&format!("<script type=\"module\" src=\"/p/{name}\"")));
        assert!(!page.contains("import init"));
        assert!(page.ends_with("</head>"));
        // The same loader gives the same name; another gives another.
        assert_eq!(rewrite(TRUNK, &url).expect("again").1, name);
        let other = TRUNK.replace("app-1", "app-2");
        assert_ne!(rewrite(&other, &url).expect("other").1, name);
        let rel = rewrite(TRUNK, &PublicUrl::Relative).expect("relative").0;
        assert!(rel.contains(&format!("src=\"./{name}\"")));
    }

    #[test]
    fn the_editor_is_added_by_the_loader_after_the_wasm_and_only_on_the_full_page() {
        let page = TRUNK.replace(
            "</head>",
            "<script type=\"module\" src=\"/p/podscope-editor-1f2e.js\" fetchpriority=\"low\" \
             integrity=\"sha384-y\"></script></head>",
        );
        let url = PublicUrl::parse("/p/").expect("a path");
        let (page, name, js) = rewrite(&page, &url).expect("rewritten");
        assert!(!page.contains("podscope-editor"), "{page}");
        assert!(page.contains(&format!("src=\"/p/{name}\"")), "{page}");
        assert!(page.ends_with("</script></head>"), "{page}");
        let wasm = js.find("await init(").expect("the wasm's init");
        let editor = js
            .find("editor.src = \"/p/podscope-editor-1f2e.js\";")
            .expect("the editor's address");
        assert!(wasm < editor, "{js}");
        assert!(js.contains("editor.integrity = \"sha384-y\";"), "{js}");
        assert!(
            js.contains("document.body.dataset.podscope !== \"embed\""),
            "{js}"
        );
        assert_ne!(rewrite(TRUNK, &url).expect("without").1, name);
    }

    #[test]
    fn a_page_without_exactly_one_module_loader_is_an_error() {
        let none = "<head><script src=\"/a.js\"></script></head>";
        assert!(rewrite(none, &PublicUrl::Relative).is_err());
        let two = format!("{TRUNK}<script>alert(1)</script>");
        let err = rewrite(&two, &PublicUrl::Relative).expect_err("two inline scripts");
        assert!(err.contains("found 2"), "{err}");
    }
}
