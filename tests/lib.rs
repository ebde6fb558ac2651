//! The end-to-end harness: serves the release `dist/` on 127.0.0.1 and drives headless
//! Chromium through chromedriver (W3C WebDriver), under the subpath a blog would give it
//! (`server::BASE_PATH`). The stories are in `stories.rs`; `hostile` holds the payloads of
//! the security tests.

pub mod editing;
pub mod hostile;
pub mod server;
pub mod webdriver;

use std::path::PathBuf;

/// The built site: `$PODSCOPE_DIST`, else `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("PODSCOPE_DIST") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("dist"),
    }
}

/// Serves the built site and opens it in a fresh browser, as every story starts.
pub fn open_site() -> webdriver::Browser {
    open_served().1
}

/// `open_site`, keeping the server's handle (its request log).
pub fn open_served() -> (server::Site, webdriver::Browser) {
    let site = serve_dist();
    let browser = webdriver::Browser::start().expect("chromedriver and Chromium start");
    browser.goto(&site.url("")).expect("the page opens");
    (site, browser)
}

/// Opens the site on `yaml` as the saved session (storage.rs's keys, JSON-encoded as
/// gloo-storage writes them), reloaded, once the pod's `container` is drawn: a story that
/// does not depend on the editor.
pub fn open_on(yaml: &str, container: &str) -> webdriver::Browser {
    let timeout = std::time::Duration::from_secs(30);
    let b = open_site();
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&webdriver::by_testid("container-nginx"))
    })
    .expect("the demo pod");
    b.execute(
        "const t = JSON.stringify(arguments[0]);
         localStorage.setItem('podscope.yaml', t);
         localStorage.setItem('podscope.manifest', t);
         localStorage.setItem('podscope.script', JSON.stringify(''));",
        vec![serde_json::json!(yaml)],
    )
    .expect("saved");
    b.refresh().expect("reloaded");
    b.wait_for(container, timeout, |b| {
        b.find(&webdriver::by_testid(&format!("container-{container}")))
    })
    .expect("the pod is drawn");
    b
}

/// Serves the built site under `server::BASE_PATH`.
pub fn serve_dist() -> server::Site {
    let dist = dist_dir();
    assert!(
        dist.join("index.html").exists(),
        "no site at {}: run `cargo xtask build` first (cargo xtask test does)",
        dist.display()
    );
    server::serve(dist).expect("serves dist/")
}

/// Where the stories save their screenshots: `$PODSCOPE_SCREENSHOTS`, else
/// `target/e2e-screenshots/` at the workspace root.
pub fn screenshots_dir() -> PathBuf {
    match std::env::var_os("PODSCOPE_SCREENSHOTS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("target")
            .join("e2e-screenshots"),
    }
}
