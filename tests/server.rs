//! A minimal static file server on 127.0.0.1 for the built site (GET only, one thread per
//! connection), so the stories load exactly the files a static host would serve: under the
//! subpath `BASE_PATH` (404 outside it), with the headers `dist/_headers` gives each path
//! (parsed as Netlify and Cloudflare Pages read it), and a log of every request. A test may
//! ask for gzip when the request accepts it (`Site::with_gzip`, as static hosts serve text
//! and wasm: the load timings), and may hold back the files whose path ends a given way
//! (`Site::hold`) until it releases them: the page as it is before the wasm arrives.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, SystemTime};

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
    gate: Arc<Gate>,
    /// Whether responses are gzipped for requests that accept it.
    gzip: Arc<AtomicBool>,
}

/// The paths held back: requests whose path ends with `suffix` wait until it is `None`.
#[derive(Debug, Default)]
struct Gate {
    suffix: Mutex<Option<String>>,
    opened: Condvar,
}

/// How long a held request waits at most, so no test can hang on a gate it forgot.
const HOLD_AT_MOST: Duration = Duration::from_secs(120);

impl Gate {
    /// Waits while `path` is held (at most `HOLD_AT_MOST`).
    fn pass(&self, path: &str) {
        if let Ok(held) = self.suffix.lock() {
            let _ = self.opened.wait_timeout_while(held, HOLD_AT_MOST, |h| {
                h.as_deref().is_some_and(|s| path.ends_with(s))
            });
        }
    }
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

    /// From now on, gzip -9 what the request accepts compressed (text and wasm), as static
    /// hosts do; off by default, so the stories keep the timings they were written with.
    pub fn with_gzip(self) -> Self {
        self.gzip.store(true, Ordering::Relaxed);
        self
    }

    /// Holds back every request whose path ends with `suffix` (`.wasm`) until `release`.
    pub fn hold(&self, suffix: &str) {
        if let Ok(mut held) = self.gate.suffix.lock() {
            *held = Some(suffix.to_owned());
        }
    }

    /// Lets the held requests through.
    pub fn release(&self) {
        if let Ok(mut held) = self.gate.suffix.lock() {
            *held = None;
        }
        self.gate.opened.notify_all();
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
        gate: Arc::default(),
        gzip: Arc::default(),
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
    // Read the headers: only Accept-Encoding matters.
    let mut line = String::new();
    let mut gzip = false;
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("accept-encoding")
        {
            gzip = site.gzip.load(Ordering::Relaxed) && accepts_gzip(value);
        }
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(site.base.as_str())
        .and_then(|rel| resolve(root, rel));
    site.gate.pass(path);
    let found = file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b)));
    let (status, body, mime, gzipped) = match (method, found) {
        ("GET" | "HEAD", Some((f, body))) => {
            let mime = mime(&f);
            match (gzip && compressible(mime))
                .then(|| gzipped(&f, &body))
                .flatten()
            {
                Some(packed) => (200, packed, mime, true),
                None => (200, Arc::new(body), mime, false),
            }
        }
        ("GET" | "HEAD", None) => (404, Arc::new(b"not found".to_vec()), "text/plain", false),
        _ => (405, Arc::default(), "text/plain", false),
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
    if gzipped {
        head.push_str("Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n");
    }
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
        stream.write_all(&body[..])
    }
}

/// Whether an `Accept-Encoding` value accepts gzip (RFC 9110 §12.5.3: a coding, or `*`,
/// with no `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|part| {
        let mut fields = part.split(';').map(str::trim);
        let coding = fields.next().unwrap_or("");
        let refused = fields.any(|f| {
            f.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// What static hosts compress: text and wasm, not images that are compressed already.
fn compressible(mime: &str) -> bool {
    mime.starts_with("text/") || mime == "application/wasm" || mime == "image/svg+xml"
}

/// The file's bytes gzip -9 compressed, kept for the process (keyed by path, size and
/// modification time), as a host serves precompressed files: the first request pays.
fn gzipped(path: &Path, body: &[u8]) -> Option<Arc<Vec<u8>>> {
    type Key = (PathBuf, usize, Option<SystemTime>);
    static CACHE: OnceLock<Mutex<BTreeMap<Key, Arc<Vec<u8>>>>> = OnceLock::new();
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let key = (path.to_path_buf(), body.len(), modified);
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Some(hit);
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(body).ok()?;
    let packed = Arc::new(enc.finish().ok()?);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, packed.clone());
    }
    Some(packed)
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
    use super::{accepts_gzip, headers_for, matches, parse_headers, rebased};

    #[test]
    fn gzip_is_served_only_to_requests_that_accept_it() {
        assert!(accepts_gzip(" gzip, deflate, br, zstd"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0, br"));
        assert!(!accepts_gzip("identity"));
        assert!(!accepts_gzip("x-gzip2"));
    }

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
