//! Step (1b): trunk writes one hashed style sheet per `<link data-trunk rel="css">` (one file
//! a part of the page, nine of them), and each is a request the first paint waits for: on
//! DevTools' Fast 3G the nine queued behind the browser's six connections, and even as one
//! file the sheet was a round trip (about 0.6 s) after the HTML before anything could paint
//! (docs/figures.md, "The first paint in one round trip"). They become one `<style>` element
//! where the first link was, minified (css_min.rs), in the page's order (so the cascade is
//! the same); the parts are removed from dist/. The CSP allows inline styles already (csp.rs: CodeMirror writes its
//! theme into a `<style>` at run time).

use std::path::Path;

use super::css_min::minify;
use super::html::{raw_text, tags};
use super::{PublicUrl, read, write};
use crate::sh::Result;

/// Puts index.html's style sheets into the page as one `<style>`; returns how many it holds.
pub fn inline(dist: &Path, public_url: &PublicUrl) -> Result<usize> {
    let index = dist.join("index.html");
    let html = read(&index)?;
    let sheets = sheets(&html, public_url).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut css = String::new();
    for (_, _, name) in &sheets {
        css.push_str(&minify(&read(&dist.join(name))?));
        css.push('\n');
    }
    write(&index, &rewrite(&html, &sheets, raw_text(&css, "style")?))?;
    for (_, _, name) in &sheets {
        let path = dist.join(name);
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(sheets.len())
}

/// Every `<link rel="stylesheet">` of the page: its byte range and its file in dist/. A
/// sheet from elsewhere, or none at all, is an error: trunk's output has changed.
fn sheets(html: &str, public_url: &PublicUrl) -> Result<Vec<(usize, usize, String)>> {
    let prefix = match public_url {
        PublicUrl::Relative => "./".to_owned(),
        PublicUrl::Path(p) => p.clone(),
    };
    let mut out = Vec::new();
    for tag in tags(html) {
        if tag.name != "link"
            || !tag
                .attr("rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("stylesheet"))
        {
            continue;
        }
        let href = tag.attr("href").unwrap_or("");
        let name = href
            .strip_prefix(prefix.as_str())
            .filter(|n| !n.is_empty() && !n.contains('/') && n.ends_with(".css"))
            .ok_or_else(|| format!("a style sheet that is not one of trunk's files: {href:?}"))?;
        out.push((tag.start, tag.end, name.to_owned()));
    }
    if out.is_empty() {
        return Err("no style sheet to bundle (has trunk's output changed?)".into());
    }
    Ok(out)
}

/// The page with the sheets' text where the first sheet was and the other sheets' links removed.
fn rewrite(html: &str, sheets: &[(usize, usize, String)], css: &str) -> String {
    let mut page = String::with_capacity(html.len());
    let mut at = 0;
    for (i, (start, end, _)) in sheets.iter().enumerate() {
        page.push_str(&html[at..*start]);
        if i == 0 {
            page.push_str(&format!("<style>\n{css}</style>"));
        }
        at = *end;
    }
    page.push_str(&html[at..]);
    page
}

#[cfg(test)]
mod tests {
    use super::{PublicUrl, inline};

    #[test]
    fn the_sheets_become_one_style_element_in_their_order() {
        let dir = std::env::temp_dir().join(format!("xtask-styles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let page = "<head><link rel=\"stylesheet\" href=\"/p/a-1.css\" integrity=\"sha384-x\"/>\n<script type=\"module\" src=\"/p/l.js\"></script>\n<link rel=\"stylesheet\" href=\"/p/b-2.css\"/></head><body></body>";
        for (name, text) in [
            ("index.html", page),
            ("a-1.css", "a{}\n"),
            ("b-2.css", "b{}"),
        ] {
            std::fs::write(dir.join(name), text).expect("written");
        }
        let url = PublicUrl::parse("/p/").expect("a path");
        assert_eq!(inline(&dir, &url).expect("inlined"), 2);
        let html = std::fs::read_to_string(dir.join("index.html")).expect("the page");
        assert_eq!(
            html,
            "<head><style>\na{}\nb{}\n</style>\n<script type=\"module\" src=\"/p/l.js\"></script>\n</head><body></body>"
        );
        assert!(!dir.join("a-1.css").exists() && !dir.join("b-2.css").exists());
        // A sheet that would end the element early is refused, the page left as it was.
        std::fs::write(dir.join("index.html"), page).expect("written");
        std::fs::write(dir.join("a-1.css"), "a{content:\"</STYLE>\"}").expect("written");
        std::fs::write(dir.join("b-2.css"), "b{}").expect("written");
        assert!(inline(&dir, &url).expect_err("refused").contains("</style"));
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).expect("page"),
            page
        );
        // A sheet from elsewhere is refused.
        std::fs::write(
            dir.join("index.html"),
            "<link rel=stylesheet href=\"https://cdn/x.css\">",
        )
        .expect("written");
        assert!(inline(&dir, &url).expect_err("refused").contains("cdn"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
