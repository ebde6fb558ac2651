//! What the Share dialog offers to copy, as plain strings: the link, an `<iframe>` of the
//! embed page for posts whose platform strips scripts, and a `<pre class="podscope">` that
//! `embed.js` turns into one. Everything from the bundle is HTML-escaped.

use podscope_core::{Bundle, link};

/// The iframe's height in CSS pixels: room for the diagram and the clock.
pub const IFRAME_HEIGHT: u32 = 480;

/// The link and the two snippets for one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippets {
    /// The page's address with the state as its fragment.
    pub link: String,
    /// The link's length in characters.
    pub chars: usize,
    /// `<iframe src="…/embed.html#v1:…" …></iframe>`.
    pub iframe: String,
    /// `<pre class="podscope">BUNDLE</pre>` and the `embed.js` script line.
    pub pre: String,
}

impl Snippets {
    /// The snippets for `bundle` shared from the page at `page` (its fragment, if any, is
    /// dropped; `embed.html` and `embed.js` sit in the same folder), `fragment` its link's
    /// fragment (`link::from_deflated` of the browser's deflate). `pod` names the iframe.
    pub fn new(page: &str, bundle: &Bundle, pod: &str, fragment: &str) -> Snippets {
        let link = link::at(page, fragment);
        let folder = folder_of(page);
        let embed = format!("{folder}embed.html#{fragment}");
        let iframe = format!(
            "<iframe src=\"{}\" width=\"100%\" height=\"{IFRAME_HEIGHT}\" loading=\"lazy\" \
             title=\"podscope: {}\" sandbox=\"allow-scripts allow-same-origin allow-popups\" \
             style=\"border:0\"></iframe>",
            escape(&embed),
            escape(pod)
        );
        let pre = format!(
            "<pre class=\"podscope\">{}</pre>\n<script src=\"{}embed.js\" defer></script>",
            escape(&bundle.to_text()),
            escape(&folder)
        );
        Snippets {
            chars: link.chars().count(),
            link,
            iframe,
            pre,
        }
    }
}

/// The address of the folder `page` is in, with its `/`: no fragment, no query, no file.
pub fn folder_of(page: &str) -> String {
    let page = page.split('#').next().unwrap_or_default();
    let page = page.split('?').next().unwrap_or_default();
    // The path starts after the scheme's `//` and the host.
    let path_start = page
        .find("//")
        .map(|i| i + 2)
        .and_then(|host| page[host..].find('/').map(|p| host + p));
    match (path_start, page.rfind('/')) {
        (Some(start), Some(last)) if last >= start => page[..=last].to_owned(),
        _ => format!("{page}/"),
    }
}

/// `text` safe inside HTML text and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use podscope_core::scenario::script::Scenario;
    use podscope_core::{Runtime, link};

    use super::*;

    const HOSTILE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    a: \"</pre><script>alert(1)</script> & 'q'\"\nspec:\n  containers:\n  - {name: c, image: busybox}\n";

    fn bundle(script: &str) -> Bundle {
        Bundle {
            manifest: HOSTILE.to_owned(),
            script: script.parse::<Scenario>().unwrap(),
            runtime: Some(Runtime::CriO),
        }
    }

    #[test]
    fn the_link_is_the_page_without_its_fragment_and_reads_back() {
        let b = bundle("at 5s kill x/c\nat 9s end\n");
        let s = Snippets::new(
            "https://example.org/blog/pod/?x=1#top",
            &b,
            "x",
            &link::encode(&b),
        );
        assert!(
            s.link.starts_with("https://example.org/blog/pod/?x=1#v1:"),
            "{}",
            s.link
        );
        assert_eq!(s.chars, s.link.chars().count());
        let fragment = s.link.split_once('#').unwrap().1;
        assert_eq!(link::decode(fragment).unwrap(), b);
    }

    #[test]
    fn the_iframe_points_at_the_embed_page_beside_the_page() {
        let b = bundle("");
        let fragment = link::encode(&b);
        let s = Snippets::new(
            "http://127.0.0.1:8080/sub/path/index.html#v1:old",
            &b,
            "x",
            &fragment,
        );
        assert_eq!(
            s.iframe,
            format!(
                "<iframe src=\"http://127.0.0.1:8080/sub/path/embed.html#{fragment}\" width=\"100%\" \
                 height=\"480\" loading=\"lazy\" title=\"podscope: x\" \
                 sandbox=\"allow-scripts allow-same-origin allow-popups\" style=\"border:0\"></iframe>"
            )
        );
        assert!(s.pre.ends_with(
            "</pre>\n<script src=\"http://127.0.0.1:8080/sub/path/embed.js\" defer></script>"
        ));
    }

    #[test]
    fn the_bundle_text_and_the_title_are_escaped() {
        let b = bundle("");
        let s = Snippets::new("http://h/", &b, "a\"><script>&", &link::encode(&b));
        assert!(
            s.iframe
                .contains("title=\"podscope: a&quot;&gt;&lt;script&gt;&amp;\""),
            "{}",
            s.iframe
        );
        let body = s
            .pre
            .strip_prefix("<pre class=\"podscope\">")
            .and_then(|p| p.split_once("</pre>\n"))
            .map(|(body, _)| body)
            .expect("one <pre>");
        assert!(!body.contains(['<', '>', '"']), "{body}");
        assert!(body.contains(
            "a: &quot;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;&quot;"
        ));
        assert!(body.starts_with("#podscope v1 runtime=cri-o\n"), "{body}");
        assert_eq!(s.pre.matches("<script").count(), 1, "only embed.js");
    }

    #[test]
    fn folders_of_page_addresses() {
        assert_eq!(folder_of("http://h:1/"), "http://h:1/");
        assert_eq!(folder_of("http://h:1"), "http://h:1/");
        assert_eq!(folder_of("http://h/a/b.html?q=/x#/y"), "http://h/a/");
        assert_eq!(
            folder_of("file:///tmp/dist/index.html"),
            "file:///tmp/dist/"
        );
    }
}
