//! A minimal static file server on 127.0.0.1 for the built site (GET only, one thread per
//! connection), so the stories load exactly the files a static host would serve: under the
//! subpath `BASE_PATH` (404 outside it), with the headers `dist/_headers` gives each path
//! (parsed as Netlify and Cloudflare Pages read it), and a log of every request.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

/// The subpath the site is served under, as on a blog (`cargo xtask test` builds dist/ with
/// this `--public-url`; a `./` build works under it too).
pub const BASE_PATH: &str = "/posts/podscope/";

/// One request the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The path, without query or fragment.
    pub path: String,
    pub status: u16,
}

/// A running server: its address and its request log.
#[derive(Clone, Debug)]
pub struct Site {
    addr: SocketAddr,
    base: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Site {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/posts/podscope/` + `path` (no leading `/`).
    pub fn url(&self, path: &str) -> String {
        format!(
            "http://{}{}{}",
            self.addr,
            self.base,
            path.trim_start_matches('/')
        )
    }

    /// The origin, `http://ADDR`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// The paths requested so far that were not found.
    pub fn not_found(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.status == 404)
            .map(|r| r.path)
            .collect()
    }

    /// How many times `path` (relative to the base, e.g. `index.html`) was requested.
    pub fn count(&self, path: &str) -> usize {
        let full = format!("{}{}", self.base, path.trim_start_matches('/'));
        self.requests().iter().filter(|r| r.path == full).count()
    }
}

/// Serves `root` under `BASE_PATH` on an ephemeral port of 127.0.0.1 until the process ends.
pub fn serve(root: PathBuf) -> std::io::Result<Site> {
    serve_at(root, BASE_PATH)
}

/// Serves `root` under `base` (`/` or `/a/b/`).
pub fn serve_at(root: PathBuf, base: &str) -> std::io::Result<Site> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let site = Site {
        addr: listener.local_addr()?,
        base: base.to_owned(),
        log: Arc::default(),
    };
    let rules = Arc::new(rebased(
        parse_headers(&std::fs::read_to_string(root.join("_headers")).unwrap_or_default()),
        base,
    ));
    let shared = site.clone();
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let (root, site, rules) = (root.clone(), shared.clone(), rules.clone());
            thread::spawn(move || {
                let _ = handle(stream, &root, &site, &rules);
            });
        }
    });
    Ok(site)
}

fn handle(mut stream: TcpStream, root: &Path, site: &Site, rules: &[Rule]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(site.base.as_str())
        .and_then(|rel| resolve(root, rel));
    let (status, body, mime) = match (
        method,
        file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))),
    ) {
        ("GET" | "HEAD", Some((f, body))) => (200, body, mime(&f)),
        ("GET" | "HEAD", None) => (404, b"not found".to_vec(), "text/plain"),
        _ => (405, Vec::new(), "text/plain"),
    };
    if let Ok(mut log) = site.log.lock() {
        log.push(Request {
            path: path.to_owned(),
            status,
        });
    }
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if status == 200 {
        for (name, value) in headers_for(rules, path) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method == "HEAD" {
        Ok(())
    } else {
        stream.write_all(&body)
    }
}

/// Maps a path relative to the base to a file under `root`, refusing anything that climbs
/// out of it.
fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = root.join(rel);
    // `_headers` is the host's configuration, not a page (Netlify and Cloudflare do not
    // serve it).
    if full == root.join("_headers") {
        return None;
    }
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// One `_headers` rule: a path pattern (`*` matches anything) and its headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub pattern: String,
    pub headers: Vec<(String, String)>,
}

/// Reads a `_headers` file: a pattern line, then indented `Name: value` lines; `#` comments.
pub fn parse_headers(text: &str) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push(Rule {
                pattern: trimmed.to_owned(),
                headers: Vec::new(),
            });
        } else if let (Some(rule), Some((name, value))) =
            (rules.last_mut(), trimmed.split_once(':'))
        {
            rule.headers
                .push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    rules
}

/// A `./` build's rules start at `/`: served from a folder, they apply under it, as
/// docs/hosting.md tells a host to prefix them.
fn rebased(rules: Vec<Rule>, base: &str) -> Vec<Rule> {
    if rules.iter().any(|r| r.pattern.starts_with(base)) {
        return rules;
    }
    rules
        .into_iter()
        .map(|r| Rule {
            pattern: format!("{base}{}", r.pattern.trim_start_matches('/')),
            headers: r.headers,
        })
        .collect()
}

/// The headers every rule matching `path` gives, a header named twice joined with `, ` (as
/// Cloudflare Pages does).
pub fn headers_for(rules: &[Rule], path: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for rule in rules.iter().filter(|r| matches(&r.pattern, path)) {
        for (name, value) in &rule.headers {
            match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, v)) => {
                    v.push_str(", ");
                    v.push_str(value);
                }
                None => out.push((name.clone(), value.clone())),
            }
        }
    }
    out
}

/// A glob where `*` matches any run of characters (a splat).
fn matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => {
            let Some(rest) = path.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|&i| rest.is_char_boundary(i))
                .any(|i| matches(tail, &rest[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{headers_for, matches, parse_headers, rebased};

    #[test]
    fn headers_rules_are_parsed_matched_and_merged() {
        let rules = parse_headers(
            "# c\n/p/*\n  X-A: 1\n\n/p/\n  Cache-Control: no-cache\n/p/*.js\n  X-A: 2\n",
        );
        assert_eq!(rules.len(), 3);
        assert!(matches("/p/*", "/p/"));
        assert!(!matches("/p/*", "/q/"));
        assert!(matches("/p/*-*.js", "/p/a-b.js"));
        let h = headers_for(&rules, "/p/x.js");
        assert_eq!(h, vec![("X-A".to_owned(), "1, 2".to_owned())]);
        let h = headers_for(&rules, "/p/");
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn a_relative_builds_rules_apply_under_the_folder_it_is_served_from() {
        let rules = parse_headers("/index.html\n  X-A: 1\n/*\n  X-B: 2\n");
        let moved = rebased(rules.clone(), "/posts/podscope/");
        assert_eq!(moved[0].pattern, "/posts/podscope/index.html");
        assert_eq!(headers_for(&moved, "/posts/podscope/index.html").len(), 2);
        assert!(headers_for(&moved, "/index.html").is_empty());
        // Rules already under the folder stay as they are.
        assert_eq!(rebased(moved.clone(), "/posts/podscope/"), moved);
        assert_eq!(rebased(rules.clone(), "/"), rules);
    }
}
