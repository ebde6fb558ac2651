//! Step (1): trunk writes its wasm loader as an inline `<script type="module">` in
//! index.html, which a CSP without `'unsafe-inline'` refuses. It moves to
//! `podscope-loader-<hash>.js` beside the other hashed files, referenced with Subresource
//! Integrity (`integrity="sha384-…"`, the digest of the file's bytes, base64: the format of
//! the W3C SRI spec, https://www.w3.org/TR/SRI/#the-integrity-attribute).

use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha384};

use super::html::tags;
use super::{PublicUrl, read, write};
use crate::sh::Result;

/// The loader file's name before its hash.
pub const PREFIX: &str = "podscope-loader-";

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
    let close_end = html[body_end..]
        .find('>')
        .map(|e| body_end + e + 1)
        .ok_or("the loader script is not closed")?;
    let js = format!("{}\n", html[body_start..body_end].trim());
    let Hashed {
        name,
        src,
        integrity,
    } = Hashed::of(PREFIX, &js, public_url);
    let page = format!(
        "{}<script type=\"module\" src=\"{src}\" integrity=\"sha384-{integrity}\"></script>{}",
        &html[..tag.start],
        &html[close_end..]
    );
    Ok((page, name, js))
}

/// A file named after its content: `PREFIX<16 hex digits of sha384>.EXT`.
pub struct Hashed {
    pub name: String,
    /// Its address in the page for `public_url`.
    pub src: String,
    /// The SRI digest without its `sha384-`.
    pub integrity: String,
}

impl Hashed {
    pub fn of(prefix: &str, js: &str, public_url: &PublicUrl) -> Self {
        Hashed::file(prefix, "js", js, public_url)
    }

    /// `of` for any extension.
    pub fn file(prefix: &str, ext: &str, text: &str, public_url: &PublicUrl) -> Self {
        let digest = Sha384::digest(text.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{prefix}{hex}.{ext}");
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
    fn a_page_without_exactly_one_module_loader_is_an_error() {
        let none = "<head><script src=\"/a.js\"></script></head>";
        assert!(rewrite(none, &PublicUrl::Relative).is_err());
        let two = format!("{TRUNK}<script>alert(1)</script>");
        let err = rewrite(&two, &PublicUrl::Relative).expect_err("two inline scripts");
        assert!(err.contains("found 2"), "{err}");
    }
}
