//! A small W3C WebDriver client over chromedriver: just what the stories use (open a page,
//! find by `data-testid`, click, type, read text), with polling helpers that have deadlines.
//! Chromium's performance log is on: a test fails if the page requested anything outside
//! the origins it was opened at (checked when the `Browser` is dropped, or on demand).

use std::cell::RefCell;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub type Result<T> = std::result::Result<T, String>;

/// The WebDriver key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one headless Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    /// Chromium's profile directory for this session, removed on drop (Chromium leaves
    /// about 150 MB behind per session otherwise).
    profile: PathBuf,
    base: String,
    agent: ureq::Agent,
    /// The origins `goto` opened: the only ones the page may request from.
    origins: RefCell<Vec<String>>,
    /// Every URL the page requested so far (drained from the performance log).
    requested: RefCell<Vec<String>>,
    /// The browser log's entries so far (it is emptied on each read).
    console: RefCell<Vec<LogEntry>>,
}

/// One entry of the browser's console log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`…
    pub level: String,
    pub message: String,
}

/// A reference to an element on the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Element {
    /// The element as a script argument (`arguments[0]` in `Browser::execute`).
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

impl Browser {
    /// Starts chromedriver (`$CHROMEDRIVER`, else `chromedriver` on PATH) and a session.
    pub fn start() -> Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
        let driver = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {exe}: {e}"))?;
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let profile = std::env::temp_dir().join(format!("podscope-e2e-{port}"));
        let mut browser = Browser {
            driver,
            profile: profile.clone(),
            base: format!("http://127.0.0.1:{port}"),
            agent,
            origins: RefCell::default(),
            requested: RefCell::default(),
            console: RefCell::default(),
        };
        browser.wait_ready()?;
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        // chromedriver's logging capabilities (chromedriver docs, "Performance Log"):
        // `goog:loggingPrefs` turns the logs on; `perfLoggingPrefs.enableNetwork` records the
        // DevTools Network domain's events, among them `Network.requestWillBeSent`.
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"},
            "goog:chromeOptions": {
                "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false},
                "binary": binary,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--window-size=1280,900",
                         format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let session = browser.call("POST", "/session", Some(caps))?;
        let id = session["sessionId"]
            .as_str()
            .ok_or("no session id")?
            .to_owned();
        browser.base = format!("{}/session/{id}", browser.base);
        Ok(browser)
    }

    fn wait_ready(&self) -> Result<()> {
        let deadline = Deadline::after(Duration::from_secs(20));
        loop {
            if let Ok(v) = self.call("GET", "/status", None)
                && v["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }
            if deadline.passed() {
                return Err("chromedriver did not become ready in 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let req = self.agent.request(method, &url);
        let resp = match body {
            Some(b) => req.send_json(b),
            None if method == "POST" => req.send_json(json!({})),
            None => req.call(),
        };
        let value: Value = match resp {
            Ok(r) => r.into_json().map_err(|e| e.to_string())?,
            Err(ureq::Error::Status(code, r)) => {
                let v: Value = r.into_json().unwrap_or(Value::Null);
                return Err(format!(
                    "{method} {path}: HTTP {code}: {}",
                    v["value"]["message"]
                ));
            }
            Err(e) => return Err(format!("{method} {path}: {e}")),
        };
        Ok(value.get("value").cloned().unwrap_or(Value::Null))
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        if let Some(origin) = origin_of(url) {
            let mut origins = self.origins.borrow_mut();
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        self.call("POST", "/url", Some(json!({ "url": url })))
            .map(drop)
    }

    /// Reads (and empties) one of chromedriver's logs: `performance` or `browser`.
    fn log(&self, kind: &str) -> Result<Vec<Value>> {
        // chromedriver serves the legacy log command at `/se/log` in W3C mode.
        let v = self
            .call("POST", "/se/log", Some(json!({ "type": kind })))
            .or_else(|_| self.call("POST", "/log", Some(json!({ "type": kind }))))?;
        Ok(v.as_array().cloned().unwrap_or_default())
    }

    /// Every URL the page has requested since the browser started.
    pub fn requested_urls(&self) -> Result<Vec<String>> {
        for entry in self.log("performance")? {
            let Some(Ok(msg)) = entry["message"].as_str().map(serde_json::from_str::<Value>) else {
                continue;
            };
            if msg["message"]["method"] == "Network.requestWillBeSent"
                && let Some(url) = msg["message"]["params"]["request"]["url"].as_str()
            {
                self.requested.borrow_mut().push(url.to_owned());
            }
        }
        Ok(self.requested.borrow().clone())
    }

    /// The requested network URLs outside the origins `goto` opened. Only network schemes
    /// count: `data:` and `blob:` are the page's own bytes, and `chrome://` is the browser's
    /// own new-tab page before the first `goto`.
    pub fn foreign_requests(&self) -> Result<Vec<String>> {
        let urls = self.requested_urls()?;
        let origins = self.origins.borrow();
        Ok(urls
            .into_iter()
            .filter(|u| {
                let scheme = u.split(':').next().unwrap_or("").to_ascii_lowercase();
                matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp")
            })
            .filter(|u| !origin_of(u).is_some_and(|o| origins.contains(&o)))
            .collect())
    }

    /// Fails the test if the page requested anything outside its origin.
    pub fn assert_only_own_origin(&self) {
        let foreign = self
            .foreign_requests()
            .expect("chromedriver gives its performance log");
        assert!(
            foreign.is_empty(),
            "the page requested outside its origin ({:?}): {foreign:#?}",
            self.origins.borrow()
        );
    }

    /// The browser console's entries since the browser started.
    pub fn console_log(&self) -> Result<Vec<LogEntry>> {
        for e in self.log("browser")? {
            self.console.borrow_mut().push(LogEntry {
                level: e["level"].as_str().unwrap_or("").to_owned(),
                message: e["message"].as_str().unwrap_or("").to_owned(),
            });
        }
        Ok(self.console.borrow().clone())
    }

    /// The console's errors (`SEVERE` entries) since the browser started.
    pub fn console_errors(&self) -> Result<Vec<String>> {
        Ok(self
            .console_log()?
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .map(|e| e.message)
            .collect())
    }

    /// The first element matching a CSS selector, if any.
    pub fn find(&self, css: &str) -> Result<Option<Element>> {
        match self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        ) {
            Ok(v) => Ok(v[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned()))),
            Err(e) if e.contains("no such element") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// All elements matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str())
                    .map(|s| Element(s.to_owned()))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub fn text(&self, el: &Element) -> Result<String> {
        let v = self.call("GET", &format!("/element/{}/text", el.0), None)?;
        Ok(v.as_str().unwrap_or("").to_owned())
    }

    pub fn attribute(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self.call("GET", &format!("/element/{}/attribute/{name}", el.0), None)?;
        Ok(v.as_str().map(str::to_owned))
    }

    pub fn click(&self, el: &Element) -> Result<()> {
        self.call("POST", &format!("/element/{}/click", el.0), None)
            .map(drop)
    }

    pub fn clear(&self, el: &Element) -> Result<()> {
        self.call("POST", &format!("/element/{}/clear", el.0), None)
            .map(drop)
    }

    /// Types `text` into the element as a user would, key by key.
    pub fn type_text(&self, el: &Element, text: &str) -> Result<()> {
        self.call(
            "POST",
            &format!("/element/{}/value", el.0),
            Some(json!({ "text": text })),
        )
        .map(drop)
    }

    /// Runs `script` in the page (a function body; `arguments` holds `args`) and returns its
    /// result as JSON.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Switches the session into an iframe (the embed tests); `parent_frame` comes back.
    pub fn switch_to_frame(&self, frame: &Element) -> Result<()> {
        let id = json!({ ELEMENT_KEY: frame.0 });
        self.call("POST", "/frame", Some(json!({ "id": id })))
            .map(drop)
    }

    /// Back to the page that holds the current frame.
    pub fn parent_frame(&self) -> Result<()> {
        self.call("POST", "/frame/parent", None).map(drop)
    }

    /// Reloads the page, as the browser's reload button does.
    pub fn refresh(&self) -> Result<()> {
        self.call("POST", "/refresh", None).map(drop)
    }

    /// Sends keys to the focused element (WebDriver key codes such as `\u{E004}` for Tab).
    pub fn send_keys_to(&self, el: &Element, keys: &str) -> Result<()> {
        self.type_text(el, keys)
    }

    /// Resizes the window (narrow screens stack the panes).
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .map(drop)
    }

    /// Emulates a slower network for every request from now on, through chromedriver's
    /// `POST /session/{id}/chromium/network_conditions` (latency in ms, throughputs in bytes
    /// per second), as DevTools' throttling presets do.
    pub fn emulate_network(&self, net: &Network) -> Result<()> {
        self.call(
            "POST",
            "/chromium/network_conditions",
            Some(json!({"network_conditions": {
                "offline": false,
                "latency": net.latency_ms,
                "download_throughput": net.download,
                "upload_throughput": net.upload,
            }})),
        )
        .map(drop)
    }

    /// Emulates `prefers-color-scheme: dark` (or light) through the Chrome DevTools protocol.
    pub fn prefer_color_scheme(&self, scheme: &str) -> Result<()> {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
            })),
        )
        .map(drop)
    }

    /// Saves a PNG of the viewport to `screenshots_dir()/NAME.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> Result<std::path::PathBuf> {
        use base64_png::decode;
        let v = self.call("GET", "/screenshot", None)?;
        let data = v.as_str().ok_or("no screenshot data")?;
        let bytes = decode(data).ok_or("screenshot is not base64")?;
        let dir = crate::screenshots_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Polls `f` until it returns `Some`, or fails when the deadline passes.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&Self) -> Result<Option<T>>,
    ) -> Result<T> {
        let deadline = Deadline::after(timeout);
        loop {
            if let Some(v) = f(self)? {
                return Ok(v);
            }
            if deadline.passed() {
                return Err(format!("timed out after {timeout:?} waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The text of the element with this `data-testid`, once it exists. The page re-renders
    /// as its clock ticks, so an element found may be replaced before its text is read: then
    /// it is looked up again (a few times).
    pub fn testid_text(&self, testid: &str) -> Result<Option<String>> {
        let mut tries = 0;
        loop {
            let found = match self.find(&by_testid(testid))? {
                Some(el) => self.text(&el).map(Some),
                None => Ok(None),
            };
            match found {
                Err(e) if e.contains("stale element") && tries < 5 => tries += 1,
                other => return other,
            }
        }
    }
}

impl Drop for Browser {
    /// Ends the session; then fails the test if the page requested anything outside its
    /// origin (unless the test is already failing).
    fn drop(&mut self) {
        let foreign = if std::thread::panicking() {
            Ok(Vec::new())
        } else {
            self.foreign_requests()
        };
        let _ = self.call("DELETE", "", None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        match foreign {
            Ok(f) if f.is_empty() => {}
            Ok(f) => panic!("the page requested outside its origin: {f:#?}"),
            Err(e) => panic!("cannot read Chromium's network log: {e}"),
        }
    }
}

/// A network to emulate: round-trip latency and throughputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Network {
    pub name: &'static str,
    pub latency_ms: f64,
    /// Bytes per second.
    pub download: f64,
    pub upload: f64,
}

/// DevTools' "Fast 3G" preset (ChromeDevTools/devtools-frontend
/// `front_end/core/sdk/NetworkManager.ts`, `Fast3GConditions`: download
/// `1.6 * 1000 * 1000 / 8 * .9`, upload `750 * 1000 / 8 * .9`, latency `150 * 3.75`).
pub const FAST_3G: Network = Network {
    name: "Fast 3G",
    latency_ms: 150.0 * 3.75,
    download: 1.6 * 1000.0 * 1000.0 / 8.0 * 0.9,
    upload: 750.0 * 1000.0 / 8.0 * 0.9,
};

/// `scheme://host[:port]` of an absolute URL with a host.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some(format!("{scheme}://{host}"))
}

/// A CSS selector for a `data-testid`.
pub fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// A point in real time after which polling gives up.
struct Deadline(std::time::Instant);

impl Deadline {
    #[expect(
        clippy::disallowed_methods,
        reason = "end-to-end tests wait in real time"
    )]
    fn after(d: Duration) -> Self {
        Deadline(std::time::Instant::now() + d)
    }

    #[expect(
        clippy::disallowed_methods,
        reason = "end-to-end tests wait in real time"
    )]
    fn passed(&self) -> bool {
        std::time::Instant::now() > self.0
    }
}

/// Standard base64 decoding, enough for WebDriver's screenshot answer.
mod base64_png {
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut acc = 0u32;
        let mut bits = 0;
        for b in text.bytes() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' | b'\n' | b'\r' => continue,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}
