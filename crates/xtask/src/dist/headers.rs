//! Step (4): `dist/_headers`, the format Netlify and Cloudflare Pages read (a path pattern,
//! then indented `Name: value` lines; `*` matches anything). What a `<meta>` cannot say:
//! who may frame a page (`frame-ancestors`) and how long a file may be cached. The e2e
//! server (tests/server.rs) reads this same file. docs/hosting.md has nginx's equivalent.

use std::path::Path;

use super::{PublicUrl, write};
use crate::sh::Result;

/// Hashed files never change under their name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Writes `_headers` for the files now in `dist`.
pub fn write_for(dist: &Path, public_url: &PublicUrl) -> Result {
    let mut names = Vec::new();
    list(dist, "", &mut names)?;
    write(
        &dist.join("_headers"),
        &text(&names, public_url.headers_prefix()),
    )
}

/// Every file's path relative to `dir`, with `/` separators.
fn list(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.map_while(std::result::Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{rel}{name}");
        if entry.path().is_dir() {
            list(&entry.path(), &format!("{path}/"), out)?;
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// The file's text for these dist files, rules under `prefix` (`/` or `/sub/path/`).
fn text(files: &[String], prefix: &str) -> String {
    let mut out = String::from(
        "# Response headers for Netlify and Cloudflare Pages, written by `cargo xtask build`\n\
         # (crates/xtask/src/dist/headers.rs). docs/hosting.md: what each rule is for, nginx.\n",
    );
    let mut rule = |path: String, headers: &[(&str, &str)]| {
        out.push_str(&format!("\n{path}\n"));
        for (name, value) in headers {
            out.push_str(&format!("  {name}: {value}\n"));
        }
    };
    rule(
        format!("{prefix}*"),
        &[("X-Content-Type-Options", "nosniff")],
    );
    // The full page need not be framed by others; the embed page is made to be.
    let page = [
        ("Content-Security-Policy", "frame-ancestors 'self'"),
        ("Cache-Control", "no-cache"),
    ];
    rule(prefix.to_owned(), &page);
    rule(format!("{prefix}index.html"), &page);
    // Written before embed.html exists, so the rule is there the day the page is.
    rule(
        format!("{prefix}embed.html"),
        &[
            ("Content-Security-Policy", "frame-ancestors *"),
            ("Cache-Control", "no-cache"),
        ],
    );
    for f in files {
        if f.ends_with(".html") && f != "index.html" && f != "embed.html" {
            rule(format!("{prefix}{f}"), &[("Cache-Control", "no-cache")]);
        } else if f == "embed.js" {
            // The stable address posts include (docs/embedding.md): revalidated, so a post
            // gets each release's embed.js, whose iframes then take the hashed files.
            rule(format!("{prefix}{f}"), &[("Cache-Control", "no-cache")]);
        } else if is_hashed(f) {
            rule(format!("{prefix}{f}"), &[("Cache-Control", IMMUTABLE)]);
        }
    }
    out
}

/// A name trunk (or the loader step) gave a content hash: `NAME-<hex>.EXT` or
/// `NAME-<hex>_bg.wasm`. Trunk prints its 64-bit hash as `{:x}`, without leading zeros
/// (dist/ holds a `podscope-editor-5f3671568883045.js`), so 8 to 16 hex digits.
pub fn is_hashed(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.match_indices('-').any(|(i, _)| {
        let hash = &base[i + 1..];
        let digits = hash.bytes().take_while(u8::is_ascii_hexdigit).count();
        (8..=16).contains(&digits) && matches!(hash.as_bytes().get(digits), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_hashed, text};

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("podscope-web-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(is_hashed("podscope-loader-0123456789abcdef.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("podscope-web.js"));
        assert!(is_hashed("podscope-editor-5f3671568883045.js"));
        assert!(!is_hashed("style-0123456789abcdeg.css"));
        assert!(!is_hashed("embed-a.js"));
        assert!(!is_hashed("my-cafe.css"));
    }

    #[test]
    fn rules_frame_cache_and_prefix() {
        let files = [
            "index.html".to_owned(),
            "embed-example.html".to_owned(),
            "_headers".to_owned(),
            "embed.js".to_owned(),
            "style-0123456789abcdef.css".to_owned(),
        ];
        let t = text(&files, "/posts/podscope/");
        assert!(t.contains("\n/posts/podscope/\n  Content-Security-Policy: frame-ancestors 'self'\n  Cache-Control: no-cache\n"), "{t}");
        assert!(t.contains(
            "\n/posts/podscope/index.html\n  Content-Security-Policy: frame-ancestors 'self'\n"
        ));
        assert!(t.contains(
            "\n/posts/podscope/embed.html\n  Content-Security-Policy: frame-ancestors *\n"
        ));
        assert!(t.contains("\n/posts/podscope/embed-example.html\n  Cache-Control: no-cache\n"));
        assert!(
            t.contains("\n/posts/podscope/embed.js\n  Cache-Control: no-cache\n"),
            "{t}"
        );
        assert!(t.contains("\n/posts/podscope/style-0123456789abcdef.css\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(!t.contains("_headers\n"));
        assert!(text(&files, "/").contains("\n/index.html\n"));
    }
}
