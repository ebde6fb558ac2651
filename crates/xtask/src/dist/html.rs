//! A small HTML tag scanner, enough for trunk's pages: start tags with their attributes and
//! byte ranges, comments and raw text (script, style) skipped. It finds what podscope's CSP
//! forbids: inline scripts it does not name by hash, inline event handlers and `javascript:`
//! URLs.

/// A start tag: lowercased name and attributes, and where it stands in the text.
#[derive(Debug, PartialEq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, Option<String>)>,
    /// The byte range of `<name …>`.
    pub start: usize,
    pub end: usize,
    /// For raw-text elements (script, style): the range of the text up to `</name`.
    pub body: Option<(usize, usize)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref().unwrap_or(""))
    }
}

/// Every start tag, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| at + e + 3);
        } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(b.len(), |e| at + e + 1);
        } else if b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            let mut tag = start_tag(html, at);
            i = tag.end;
            if matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{}", tag.name);
                let body_end = html[i..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(b.len(), |e| i + e);
                tag.body = Some((i, body_end));
                i = body_end;
            }
            out.push(tag);
        } else {
            i = at + 1;
        }
    }
    out
}

fn start_tag(html: &str, at: usize) -> Tag {
    let b = html.as_bytes();
    let mut i = at + 1;
    let name_end = scan(b, i, |c| {
        c.is_ascii_alphanumeric() || c == b'-' || c == b':'
    });
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        i = scan(b, i, |c| c.is_ascii_whitespace() || c == b'/');
        match b.get(i) {
            None => break,
            Some(b'>') => {
                i += 1;
                break;
            }
            _ => {}
        }
        let n_end = scan(b, i, |c| {
            !(c.is_ascii_whitespace() || c == b'=' || c == b'>' || c == b'/')
        })
        .max(i + 1);
        let attr = html[i..n_end].to_ascii_lowercase();
        i = scan(b, n_end, |c| c.is_ascii_whitespace());
        let value = if b.get(i) == Some(&b'=') {
            i = scan(b, i + 1, |c| c.is_ascii_whitespace());
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let v_end = scan(b, i + 1, |c| c != q);
                    let v = html[i + 1..v_end].to_owned();
                    i = (v_end + 1).min(b.len());
                    Some(v)
                }
                _ => {
                    let v_end = scan(b, i, |c| !(c.is_ascii_whitespace() || c == b'>'));
                    let v = html[i..v_end].to_owned();
                    i = v_end;
                    Some(v)
                }
            }
        } else {
            None
        };
        attrs.push((attr, value));
    }
    Tag {
        name,
        attrs,
        start: at,
        end: i,
        body: None,
    }
}

/// The first index from `i` whose byte does not satisfy `keep`.
fn scan(b: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && keep(b[i]) {
        i += 1;
    }
    i
}

/// `text` as the content of a `<tag>` element the build writes inline (`style`, `script`),
/// or an error if it holds `</tag`, where the HTML parser would end the element early (HTML
/// §13.2.5.14, "script data end tag name state", any letter case).
pub fn raw_text<'t>(text: &'t str, tag: &str) -> Result<&'t str, String> {
    if text.to_ascii_lowercase().contains(&format!("</{tag}")) {
        return Err(format!(
            "the inline <{tag}> would hold `</{tag}`, which ends it early"
        ));
    }
    Ok(text)
}

/// What the CSP would block in this page, one sentence each (empty: nothing): an inline
/// script whose text `allowed` refuses, an inline event handler, a `javascript:` URL.
pub fn inline_code(html: &str, allowed: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        if tag.name == "script" && tag.attr("src").is_none() {
            let (s, e) = tag.body.unwrap_or((tag.end, tag.end));
            if !allowed(&html[s..e]) {
                let text: String = html[s..e].trim().chars().take(60).collect();
                found.push(format!("an inline <script> ({text}…)"));
            }
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") && name.len() > 2 {
                found.push(format!("an inline event handler {name}= on <{}>", tag.name));
            }
            let url_attr = matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            );
            let v = value.as_deref().unwrap_or("").trim().to_ascii_lowercase();
            if url_attr && v.starts_with("javascript:") {
                found.push(format!("a javascript: URL in {name}= on <{}>", tag.name));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{inline_code, tags};

    #[test]
    fn tags_and_attributes_are_read_with_any_quoting() {
        let html = r#"<!-- <script>no</script> --><link rel=icon href="/a b.svg"><script type='module' src="/x.js" defer></script><p>1 < 2</p>"#;
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["link", "script", "p"]);
        assert_eq!(t[0].attr("href"), Some("/a b.svg"));
        assert_eq!(t[0].attr("rel"), Some("icon"));
        assert_eq!(t[1].attr("type"), Some("module"));
        assert_eq!(t[1].attr("defer"), Some(""));
        assert_eq!(
            &html[t[1].start..t[1].end],
            r#"<script type='module' src="/x.js" defer>"#
        );
    }

    #[test]
    fn inline_scripts_handlers_and_javascript_urls_are_found() {
        let clean = r#"<html><head><script type="module" src="/l.js" integrity="sha384-x"></script></head><body title="onload"></body></html>"#;
        assert_eq!(inline_code(clean, &|_| false), Vec::<String>::new());
        let page = r#"<script type="module">import init from '/a.js';</script>
<img src=x ONERROR="alert(1)"><a href=" JavaScript:alert(1)">x</a><style>p{}</style>
<SCRIPT>alert(2)</SCRIPT>"#;
        let found = inline_code(page, &|_| false);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].contains("import init"), "{}", found[0]);
        assert!(found.iter().any(|f| f.contains("onerror=")));
        assert!(found.iter().any(|f| f.contains("javascript:")));
        // A script the policy names (here by its exact text) is not reported; a style is not code.
        let named = inline_code(page, &|text| text == "alert(2)");
        assert_eq!(named.len(), 3, "{named:#?}");
        assert!(!named.iter().any(|f| f.contains("alert(2)")));
    }
}
