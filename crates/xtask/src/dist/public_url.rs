//! The `--public-url` a site is built for: `./` (relative, works from any folder) or an
//! absolute path such as `/posts/podscope/`. Full URLs are refused: the page loads only from
//! its own origin, wherever that is.

use std::fmt;

/// Where the site's files are served from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicUrl {
    /// `./`: every reference is relative, so `dist/` works copied into any folder.
    Relative,
    /// An absolute path on the host, always with a leading and a trailing `/`.
    Path(String),
}

impl PublicUrl {
    /// The path `_headers` rules start with: `/` for a relative build (the host serves
    /// `dist/` at its root; docs/hosting.md says to prefix the rules otherwise).
    pub fn headers_prefix(&self) -> &str {
        match self {
            PublicUrl::Relative => "/",
            PublicUrl::Path(p) => p,
        }
    }

    /// Parses what the user passed to `--public-url`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t == "./" || t == "." {
            return Ok(PublicUrl::Relative);
        }
        if t.contains("://") || t.starts_with("//") {
            return Err(format!(
                "--public-url {t}: a full URL would load the page from another origin; give the \
                 path the site is served from (`/posts/podscope/`) or `./` for any folder"
            ));
        }
        if !t.starts_with('/') {
            return Err(format!(
                "--public-url {t}: give an absolute path (`/posts/podscope/`) or `./`"
            ));
        }
        let bad = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\?#%`".contains(c);
        if t.chars().any(bad) {
            return Err(format!(
                "--public-url {t}: only letters, digits and - _ . ~ / may appear in the path"
            ));
        }
        let segments: Vec<&str> = t.split('/').filter(|s| !s.is_empty()).collect();
        if segments.iter().any(|s| *s == "." || *s == "..") {
            return Err(format!("--public-url {t}: no `.` or `..` segments"));
        }
        if segments.is_empty() {
            return Ok(PublicUrl::Path("/".to_owned()));
        }
        Ok(PublicUrl::Path(format!("/{}/", segments.join("/"))))
    }
}

impl fmt::Display for PublicUrl {
    /// The form trunk's `--public-url` takes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicUrl::Relative => f.write_str("./"),
            PublicUrl::Path(p) => f.write_str(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PublicUrl;

    #[test]
    fn relative_and_paths_are_accepted_and_normalised() {
        assert_eq!(PublicUrl::parse("./"), Ok(PublicUrl::Relative));
        assert_eq!(PublicUrl::parse("."), Ok(PublicUrl::Relative));
        let p = |s: &str| PublicUrl::parse(s).map(|u| u.to_string());
        assert_eq!(p("/"), Ok("/".to_owned()));
        assert_eq!(p("/posts/podscope/"), Ok("/posts/podscope/".to_owned()));
        assert_eq!(p("/posts//podscope"), Ok("/posts/podscope/".to_owned()));
        assert_eq!(
            PublicUrl::parse("/a/b").map(|u| u.headers_prefix().to_owned()),
            Ok("/a/b/".to_owned())
        );
        assert_eq!(PublicUrl::Relative.headers_prefix(), "/");
    }

    #[test]
    fn full_urls_and_odd_paths_are_refused_with_a_reason() {
        for (input, says) in [
            ("https://cdn.example/podscope/", "full URL"),
            ("http://example.org/", "full URL"),
            ("//cdn.example/x/", "full URL"),
            ("posts/podscope/", "absolute path"),
            ("/posts/../etc/", "`..`"),
            ("/a b/", "only letters"),
            ("/x\"onload=/", "only letters"),
        ] {
            let err = PublicUrl::parse(input).expect_err(input);
            assert!(err.contains(says), "{input}: {err}");
        }
    }
}
