//! Static hosting: the release build served under a subpath with its `_headers`, as a blog
//! would host it. The page works there under its Content-Security-Policy (no violation, no
//! 404, nothing from another origin); every page carries the policy and no inline code; the
//! headers file frames and caches as docs/hosting.md says; a `./` build works from any folder.

use std::time::Duration;

use podscope_e2e::server::{self, BASE_PATH, Rule, headers_for, parse_headers};
use podscope_e2e::webdriver::{Browser, by_testid};
use podscope_e2e::{dist_dir, editing, open_served};

const TIMEOUT: Duration = Duration::from_secs(30);

fn rules() -> Vec<Rule> {
    let text = std::fs::read_to_string(dist_dir().join("_headers"))
        .expect("dist/_headers: build with `cargo xtask build`");
    parse_headers(&text)
}

/// The `.html` files of dist/.
fn pages() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dist_dir())
        .expect("dist/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    out.sort();
    out
}

/// The path prefix `_headers` uses: the build's `--public-url` (`/` for a `./` build).
/// The CSP hash source that allows an inline script of exactly this text (CSP3 §8.3).
fn hash_source(script: &str) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn headers_prefix(rules: &[Rule]) -> String {
    rules
        .iter()
        .find_map(|r| r.pattern.strip_suffix("index.html"))
        .expect("a rule for index.html")
        .to_owned()
}

fn wait_for_diagram(b: &Browser) {
    b.wait_for("the demo pod's diagram", TIMEOUT, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .expect("the diagram appears");
}

#[test]
fn the_site_works_from_its_subpath_under_its_csp_with_nothing_missing() {
    let (site, b) = open_served();
    wait_for_diagram(&b);
    // The code editor's bundle is the last script the page loads.
    editing::code_editor(&b, TIMEOUT).expect("the code editor loads");
    b.assert_only_own_origin();
    let errors = b.console_errors().expect("the browser log");
    assert!(
        errors.is_empty(),
        "the console logged errors (a CSP violation?): {errors:#?}"
    );
    assert_eq!(
        site.not_found(),
        Vec::<String>::new(),
        "404s in the server log"
    );
    let requests = site.requests();
    assert!(
        requests.iter().all(|r| r.path.starts_with(BASE_PATH)),
        "requests outside {BASE_PATH}: {requests:#?}"
    );
    assert!(
        requests.iter().any(|r| r.path.ends_with("_bg.wasm")),
        "the wasm was fetched: {requests:#?}"
    );
    assert_eq!(
        site.count("index.html") + site.count(""),
        1,
        "{requests:#?}"
    );
    // The policy is in force: the page itself cannot run an inline script.
    let blocked = b
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; \
             document.head.appendChild(s); return typeof window.__inline;",
            vec![],
        )
        .expect("the page answers");
    assert_eq!(
        blocked, "undefined",
        "an inline script ran: no CSP in force"
    );
    // That refusal is the one console error this test caused.
    let errors = b.console_errors().expect("the browser log");
    assert!(
        errors.iter().any(|e| e.contains("Content Security Policy")),
        "{errors:#?}"
    );
}

#[test]
fn the_server_answers_404_outside_the_subpath_and_keeps_a_log() {
    let site = server::serve(dist_dir()).expect("serves dist/");
    let get = |url: &str| match ureq::get(url).call() {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{url}: {e}"),
    };
    assert_eq!(get(&site.url("")), 200);
    assert_eq!(get(&format!("{}/index.html", site.origin())), 404);
    assert_eq!(
        get(&site.url("_headers")),
        404,
        "the host's configuration is not served"
    );
    assert_eq!(get(&site.url("../../index.html")), 404);
    assert_eq!(site.not_found().len(), 3, "{:#?}", site.requests());
    // The headers come from dist/_headers.
    let resp = ureq::get(&site.url("")).call().expect("the page");
    assert_eq!(resp.header("Cache-Control"), Some("no-cache"));
    assert_eq!(
        resp.header("Content-Security-Policy"),
        Some("frame-ancestors 'self'")
    );
}

#[test]
fn every_page_carries_the_csp_and_no_inline_code() {
    let pages = pages();
    assert!(!pages.is_empty());
    for page in pages {
        let html = std::fs::read_to_string(&page).expect("a page");
        let name = page.display();
        let csp = html
            .split("http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no CSP meta"));
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{name}: no `{directive}` in {csp}");
        }
        // Scripts are strict: only the site's files, wasm compilation and, in index.html, the
        // picture's check script, inline, named by its hash.
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_default();
        let inline: Vec<&str> = html
            .split("<script>")
            .skip(1)
            .map(|s| s.split("</script>").next().unwrap_or_default())
            .collect();
        let hashes: String = inline
            .iter()
            .map(|s| format!(" {}", hash_source(s)))
            .collect();
        assert_eq!(
            script_src,
            format!("script-src 'self' 'wasm-unsafe-eval'{hashes}"),
            "{name}"
        );
        let index = page.file_name().is_some_and(|f| f == "index.html");
        assert_eq!(
            inline.len(),
            usize::from(index),
            "{name}: inline scripts {inline:?}"
        );
        assert!(
            !csp.contains("script-src-") && !csp.contains(" *"),
            "{name}: {csp}"
        );
        // Every other <script> has a src, and an integrity unless it is embed.js, the stable
        // address a post includes (docs/embedding.md), as the sample post shows it.
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or("");
            if open.is_empty() {
                continue;
            }
            assert!(
                open.contains(" src="),
                "{name}: an inline script: <script{open}>"
            );
            assert!(
                open.contains("integrity=\"sha384-") || open.contains(" src=\"embed.js\""),
                "{name}: no SRI: <script{open}>"
            );
        }
        let lower = html.to_ascii_lowercase();
        for handler in [" onload=", " onerror=", " onclick="] {
            assert!(
                !lower.contains(handler),
                "{name}: an inline handler {handler}"
            );
        }
    }
}

/// The built files name no folder of the machine that built them: a dependency's panic
/// locations are remapped below cargo's registry (`xtask build::release_rustflags`), so the
/// same commit gives the same wasm, under the same hash, anywhere.
#[test]
fn nothing_built_names_the_builders_home() {
    // (Not `$HOME` alone: the simulated images' /etc/passwd says `/root` as text.)
    let mut homes: Vec<String> = ["/.cargo/registry/src/".to_owned()].into();
    homes.extend(std::env::var("HOME").ok().map(|h| format!("{h}/.cargo")));
    homes.extend(std::env::var("CARGO_HOME").ok());
    let checkout = dist_dir().join("..").canonicalize().expect("the checkout");
    homes.push(format!("{}/", checkout.display()));
    let mut checked = 0;
    for entry in std::fs::read_dir(dist_dir()).expect("dist/").flatten() {
        let bytes = std::fs::read(entry.path()).expect("a dist file");
        for home in &homes {
            assert!(
                !bytes.windows(home.len()).any(|w| w == home.as_bytes()),
                "{} names {home}",
                entry.path().display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 6, "dist/ has its files: {checked}");
}

#[test]
fn headers_frame_only_the_embed_page_and_cache_hashed_files_forever() {
    let rules = rules();
    let prefix = headers_prefix(&rules);
    let header = |path: &str, name: &str| {
        headers_for(&rules, &format!("{prefix}{path}"))
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    };
    for page in ["", "index.html"] {
        assert_eq!(
            header(page, "Content-Security-Policy").as_deref(),
            Some("frame-ancestors 'self'")
        );
        assert_eq!(header(page, "Cache-Control").as_deref(), Some("no-cache"));
    }
    assert_eq!(
        header("embed.html", "Content-Security-Policy").as_deref(),
        Some("frame-ancestors *")
    );
    let mut hashed = 0;
    for entry in std::fs::read_dir(dist_dir()).expect("dist/").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let cache = header(&name, "Cache-Control");
        if name.ends_with(".html") || name == "embed.js" {
            assert_eq!(cache.as_deref(), Some("no-cache"), "{name}");
        } else if name.ends_with(".wasm") || name.ends_with(".js") || name.ends_with(".css") {
            hashed += 1;
            assert_eq!(
                cache.as_deref(),
                Some("public, max-age=31536000, immutable"),
                "{name}"
            );
        }
    }
    assert!(hashed >= 4, "the wasm, its glue, the loader and the css");
    assert!(
        std::fs::read_dir(dist_dir())
            .expect("dist/")
            .flatten()
            .any(|e| e
                .file_name()
                .to_string_lossy()
                .starts_with("podscope-loader-")),
        "the loader file"
    );
}

#[test]
fn the_embed_page_is_frameable_once_it_exists() {
    let embed = dist_dir().join("embed.html");
    if !embed.exists() {
        println!("note: dist/embed.html does not exist yet: the frameability check is skipped");
        return;
    }
    let (site, b) = open_served();
    // A page of the same origin frames the embed page; another origin may, per _headers.
    let resp = ureq::get(&site.url("embed.html"))
        .call()
        .expect("embed.html");
    assert_eq!(
        resp.header("Content-Security-Policy"),
        Some("frame-ancestors *")
    );
    let html = std::fs::read_to_string(&embed).expect("embed.html");
    assert!(html.contains("http-equiv=\"Content-Security-Policy\""));
    drop(b);
}

#[test]
fn a_relative_build_works_from_any_folder() {
    let index = std::fs::read_to_string(dist_dir().join("index.html")).expect("index.html");
    if !index.contains("src=\"./podscope-loader-") {
        // The pipeline builds for /posts/podscope/; `cargo xtask build` (./) is checked when
        // PODSCOPE_DIST points at such a build.
        println!("note: dist/ is not a `--public-url ./` build: the any-folder check is skipped");
        return;
    }
    for attr in ["href=\"", "src=\""] {
        for value in index.split(attr).skip(1) {
            assert!(
                value.starts_with("./"),
                "not relative in a relative build: {attr}{}",
                value.split('"').next().unwrap_or("")
            );
        }
    }
    let site = server::serve_at(dist_dir(), "/any/other/folder/").expect("serves dist/");
    let b = Browser::start().expect("chromedriver and Chromium start");
    b.goto(&site.url("")).expect("the page opens");
    wait_for_diagram(&b);
    assert_eq!(site.not_found(), Vec::<String>::new());
}

#[test]
fn a_loader_changed_after_the_build_is_refused_by_its_integrity() {
    // A copy of dist/ whose loader gained one byte: the browser must refuse it (SRI).
    let copy = std::env::temp_dir().join(format!("podscope-sri-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("a temp dir");
    for entry in std::fs::read_dir(dist_dir()).expect("dist/").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copied");
        }
    }
    let loader = std::fs::read_dir(&copy)
        .expect("the copy")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("podscope-loader-"))
        })
        .expect("the loader file");
    let mut js = std::fs::read_to_string(&loader).expect("the loader");
    js.push(' ');
    std::fs::write(&loader, js).expect("tampered");

    let site = server::serve(copy.clone()).expect("serves the copy");
    let b = Browser::start().expect("chromedriver and Chromium start");
    b.goto(&site.url("")).expect("the page opens");
    let errors = b
        .wait_for("the integrity error", TIMEOUT, |b| {
            let e = b.console_errors()?;
            Ok(e.iter().any(|m| m.contains("integrity")).then_some(e))
        })
        .expect("the browser refuses the loader");
    assert!(
        b.find(&by_testid("container-nginx"))
            .expect("the page answers")
            .is_none(),
        "the app started from a tampered loader: {errors:#?}"
    );
    drop(b);
    let _ = std::fs::remove_dir_all(&copy);
}
