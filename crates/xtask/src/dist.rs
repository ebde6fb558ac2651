//! The pass over trunk's `dist/` that makes it safe to host anywhere: the public URL it is
//! built for, the inline loader moved to a hashed file with SRI, the style sheets inline as
//! one `<style>`, the picture before the wasm (the default example drawn into index.html,
//! with its inline check script), the CSP meta in every page, the check that no other inline
//! script is left, and the `_headers` file for static hosts.
//! docs/hosting.md says what each step is for.

mod csp;
mod css_min;
mod headers;
mod html;
mod loader;
mod prerender;
mod public_url;
mod styles;

use std::path::{Path, PathBuf};

use crate::sh::Result;

pub use public_url::PublicUrl;

/// What `finish_dist` did, for the build's report.
#[derive(Debug, PartialEq)]
pub struct Finished {
    /// The loader file written, relative to dist (`podscope-loader-<hash>.js`).
    pub loader: String,
    /// Every html file that now carries the CSP meta.
    pub pages: Vec<PathBuf>,
}

/// The post-processing after trunk, in order. `cargo xtask build` and the pipeline's
/// release build both run it (through `build::build_release`).
pub fn finish_dist(dist: &Path, public_url: &PublicUrl) -> Result<Finished> {
    // (1) trunk's inline `<script type="module">` loader → `podscope-loader-<hash>.js` + SRI.
    let loader = loader::externalise(&dist.join("index.html"), public_url)?;

    // (1b) trunk's style sheets, one file per part, inline: no request before the paint.
    styles::inline(dist, public_url)?;

    // (2) other pages derived from index.html, before the CSP pass: the embed page.
    crate::embed_page::write(dist)?;

    // (2b) the picture before the wasm in index.html only (an embed shows its post's pod),
    // with its check script inline: index.html's policy names that script's hash.
    let check = prerender::write_into(dist)?;

    // (3) the CSP meta in every page; no page may keep another inline script or a handler.
    let index = dist.join("index.html");
    let pages = html_files(dist)?;
    for page in &pages {
        let scripts = if *page == index {
            std::slice::from_ref(&check)
        } else {
            &[]
        };
        csp::apply(page, scripts)?;
    }

    // (4) the headers a meta cannot carry (frame-ancestors) and the cache rules.
    headers::write_for(dist, public_url)?;
    Ok(Finished { loader, pages })
}

/// Every `.html` file under `dir`, sorted.
fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries.map_while(std::result::Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a text file, naming it in the error.
fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a file, naming it in the error.
fn write(path: &Path, text: &str) -> Result {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::{PublicUrl, finish_dist};

    const TRUNK_INDEX: &str = "<!doctype html><html><head><meta charset=\"utf-8\" /><title>podscope</title>\n<link rel=\"stylesheet\" href=\"./style-75ddff5b01cf266a.css\"/>\n<script type=\"module\">\nimport init from './app-9d06d84db634e372.js';\nawait init({ module_or_path: './app-9d06d84db634e372_bg.wasm' });\n</script></head><body></body></html>";

    fn fake_dist(name: &str, other_page: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-dist-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        for (file, text) in [
            ("index.html", TRUNK_INDEX),
            ("other.html", other_page),
            ("style-75ddff5b01cf266a.css", "p{}"),
            ("app-9d06d84db634e372_bg.wasm", ""),
        ] {
            std::fs::write(dir.join(file), text).expect("written");
        }
        dir
    }

    #[test]
    fn the_pass_externalises_the_loader_applies_the_csp_and_writes_headers() {
        let dist = fake_dist("ok", "<html><head></head><body>plain</body></html>");
        let done = finish_dist(&dist, &PublicUrl::Relative).expect("finished");
        // index.html, embed.html (written from it) and the other page.
        assert_eq!(done.pages.len(), 3);
        let index = std::fs::read_to_string(dist.join("index.html")).expect("index");
        assert!(
            index.contains(&format!("src=\"./{}\"", done.loader)),
            "{index}"
        );
        assert!(dist.join(&done.loader).exists());
        for page in &done.pages {
            let html = std::fs::read_to_string(page).expect("page");
            assert!(
                html.contains("http-equiv=\"Content-Security-Policy\""),
                "{html}"
            );
        }
        let headers = std::fs::read_to_string(dist.join("_headers")).expect("_headers");
        assert!(headers.contains(&format!("\n/{}\n  Cache-Control: public", done.loader)));
        assert!(headers.contains("\n/app-9d06d84db634e372_bg.wasm\n"));
        assert!(headers.contains("\n/other.html\n  Cache-Control: no-cache\n"));
        let _ = std::fs::remove_dir_all(&dist);
    }

    #[test]
    fn a_page_with_an_inline_handler_fails_the_build() {
        let dist = fake_dist(
            "bad",
            "<html><head></head><body onload=\"go()\"></body></html>",
        );
        let err = finish_dist(&dist, &PublicUrl::Relative).expect_err("refused");
        assert!(
            err.contains("other.html") && err.contains("onload"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dist);
    }
}
