//! Step (1b): trunk writes one hashed style sheet per `<link data-trunk rel="css">` (one file
//! a part of the page, nine of them), and each is a request the first paint waits for. On a
//! slow link they queue behind the browser's six connections to a host: on DevTools' Fast 3G
//! that was a second round of requests before the picture showed (docs/figures.md). They
//! become one `podscope-styles-<hash>.css`, in the page's order (so the cascade is the same),
//! loaded with SRI where the first was; the parts are removed from dist/.

use std::path::Path;

use super::html::tags;
use super::loader::Hashed;
use super::{PublicUrl, read, write};
use crate::sh::Result;

/// The bundle's file name before its hash.
pub const PREFIX: &str = "podscope-styles-";

/// Bundles index.html's style sheets; returns the bundle's name and how many it holds.
pub fn bundle(dist: &Path, public_url: &PublicUrl) -> Result<(String, usize)> {
    let index = dist.join("index.html");
    let html = read(&index)?;
    let sheets = sheets(&html, public_url).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut css = String::new();
    for (_, _, name) in &sheets {
        css.push_str(&format!(
            "/* {name} */\n{}\n",
            read(&dist.join(name))?.trim_end()
        ));
    }
    let hashed = Hashed::file(PREFIX, "css", &css, public_url);
    let page = rewrite(&html, &sheets, &hashed);
    write(&dist.join(&hashed.name), &css)?;
    write(&index, &page)?;
    for (_, _, name) in &sheets {
        let path = dist.join(name);
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok((hashed.name, sheets.len()))
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

/// The page with the bundle where its first sheet was and the other sheets' links removed.
fn rewrite(html: &str, sheets: &[(usize, usize, String)], hashed: &Hashed) -> String {
    let mut page = String::with_capacity(html.len());
    let mut at = 0;
    for (i, (start, end, _)) in sheets.iter().enumerate() {
        page.push_str(&html[at..*start]);
        if i == 0 {
            page.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"{}\" integrity=\"sha384-{}\"/>",
                hashed.src, hashed.integrity
            ));
        }
        at = *end;
    }
    page.push_str(&html[at..]);
    page
}

#[cfg(test)]
mod tests {
    use super::{PublicUrl, bundle};

    #[test]
    fn the_sheets_become_one_file_in_their_order() {
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
        let (name, n) = bundle(&dir, &url).expect("bundled");
        assert_eq!(n, 2);
        assert!(
            name.starts_with("podscope-styles-") && name.ends_with(".css"),
            "{name}"
        );
        let css = std::fs::read_to_string(dir.join(&name)).expect("the bundle");
        assert_eq!(css, "/* a-1.css */\na{}\n/* b-2.css */\nb{}\n");
        let html = std::fs::read_to_string(dir.join("index.html")).expect("the page");
        assert!(
            html.starts_with(&format!(
                "<head><link rel=\"stylesheet\" href=\"/p/{name}\" integrity=\"sha384-"
            )),
            "{html}"
        );
        assert_eq!(html.matches("<link").count(), 1, "{html}");
        assert!(html.contains("<script type=\"module\" src=\"/p/l.js\"></script>"));
        assert!(!dir.join("a-1.css").exists() && !dir.join("b-2.css").exists());
        // A sheet from elsewhere is refused.
        std::fs::write(
            dir.join("index.html"),
            "<link rel=stylesheet href=\"https://cdn/x.css\">",
        )
        .expect("written");
        assert!(bundle(&dir, &url).expect_err("refused").contains("cdn"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
