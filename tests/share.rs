//! Share links against the release build in headless Chromium: a state shared from one
//! browser opens the same in a fresh one (same pod, restarts, clock time, paused); hostile
//! fragments give the default example and a readable message with nothing run and the saved
//! text kept; a link over the user's saved text keeps it to restore. URLs are built from the
//! page's own `location`, so the stories hold when the site is served under a subpath.

use std::time::Duration;

use podscope_core::scenario::examples::DEMO;
use podscope_core::scenario::script::Scenario;
use podscope_core::{Bundle, Runtime, link};
use podscope_e2e::editing::{paste_over, saved_text, text as editor_text};
use podscope_e2e::webdriver::{Browser, by_testid};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(30);

/// The user's own text, on one line so that an editor's auto-indent cannot change it.
const MINE: &str = r#"{apiVersion: v1, kind: Pod, metadata: {name: mine}, spec: {containers: [{name: app, image: busybox, command: [sleep, "3600"]}]}}"#;

/// The site in a fresh browser with empty storage, the demo pod drawn.
fn open_clean() -> Browser {
    let b = podscope_e2e::open_site();
    js(&b, "localStorage.clear();");
    b.refresh().expect("the browser answers");
    wait_testid(&b, "container-nginx");
    b
}

/// Runs a script in the page; its result as a string ("" for null). An alert left open by
/// anything the page ran makes WebDriver refuse this call, so every call also checks that.
fn js(b: &Browser, script: &str) -> String {
    match b.execute(script, vec![]).expect("the browser answers") {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn wait_testid(b: &Browser, id: &str) {
    b.wait_for(id, TIMEOUT, |b| b.find(&by_testid(id)))
        .expect("the browser answers");
}

fn click(b: &Browser, id: &str) {
    wait_testid(b, id);
    let el = b
        .find(&by_testid(id))
        .expect("the browser answers")
        .expect(id);
    b.click(&el).expect("the browser answers");
}

fn wait_text(b: &Browser, id: &str, want: &str) {
    b.wait_for(&format!("{id} = {want}"), TIMEOUT, |b| {
        Ok((b.testid_text(id)?.as_deref() == Some(want)).then_some(()))
    })
    .expect("the browser answers");
}

/// The page's address without its fragment (under whatever path the site is served).
fn page(b: &Browser) -> String {
    js(
        b,
        "return location.origin + location.pathname + location.search;",
    )
}

/// Opens `url` as a new page load (not a fragment change of the open page).
fn load(b: &Browser, url: &str) {
    b.goto("about:blank").expect("the browser answers");
    b.goto(url).expect("the page opens");
}

/// The user types their own text; waits until the page saved it.
fn save_mine(b: &Browser) {
    paste_over(b, MINE).expect("the browser answers");
    b.wait_for("the text saved", TIMEOUT, |b| {
        Ok((saved_text(b)?.as_deref() == Some(MINE)).then_some(()))
    })
    .expect("the browser answers");
}

/// Pauses the simulated clock.
fn pause(b: &Browser) {
    if b.testid_text("play-pause")
        .expect("the browser answers")
        .as_deref()
        == Some("pause")
    {
        click(b, "play-pause");
    }
    wait_text(b, "play-pause", "play");
}

/// What shows that nothing from a link ran: the number of script elements, of elements with
/// an `onerror` attribute, and of `img` elements.
fn markup_counts(b: &Browser) -> String {
    js(
        b,
        "return [document.scripts.length, document.querySelectorAll('[onerror]').length,
                 document.querySelectorAll('img').length].join(',');",
    )
}

/// Base64url without padding, as links write it (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// A `v1:` fragment of raw bytes, deflated as the page's links are.
fn deflated(bytes: &[u8]) -> String {
    format!(
        "v1:{}",
        base64url(&miniz_oxide::deflate::compress_to_vec(bytes, 9))
    )
}

fn demo_bundle(script: &str) -> Bundle {
    Bundle {
        manifest: DEMO.to_owned(),
        script: script.parse::<Scenario>().expect("a scenario"),
        runtime: Some(Runtime::CriO),
    }
}

#[test]
fn a_shared_state_opens_the_same_in_a_fresh_browser() {
    let b = open_clean();
    click(&b, "speed-60");
    wait_text(&b, "state-nginx", "Running");
    click(&b, "container-nginx");
    click(&b, "action-kill");
    wait_text(&b, "restarts-nginx", "1");
    wait_text(&b, "state-nginx", "Running");
    pause(&b);
    let time = b.testid_text("sim-time").unwrap().expect("the clock");
    let ip = b.testid_text("pod-ip").unwrap().expect("a pod IP");

    click(&b, "share");
    b.wait_for("the dialog open", TIMEOUT, |b| {
        Ok((js(
            b,
            "return String(document.querySelector('[data-testid=share-dialog]').open);",
        ) == "true")
            .then_some(()))
    })
    .unwrap();
    assert_eq!(
        js(&b, "return document.activeElement.dataset.testid;"),
        "share-link",
        "the focus starts on the link"
    );
    let shared = js(
        &b,
        "return document.querySelector('[data-testid=share-link]').value;",
    );
    let here = page(&b);
    assert!(shared.starts_with(&format!("{here}#v1:")), "{shared}");
    assert_eq!(
        b.testid_text("share-length").unwrap().as_deref(),
        Some(format!("{} characters", shared.chars().count()).as_str())
    );
    let iframe = js(
        &b,
        "return document.querySelector('[data-testid=share-iframe]').value;",
    );
    let folder = &here[..=here.rfind('/').unwrap()];
    assert!(
        iframe.starts_with(&format!("<iframe src=\"{folder}embed.html#v1:")),
        "{iframe}"
    );
    assert!(iframe.contains("title=\"podscope: demo\""), "{iframe}");
    let bundle = link::decode(shared.split_once('#').unwrap().1).expect("the link reads back");
    assert_eq!(bundle.manifest, DEMO);
    assert!(
        bundle.script.to_string().contains(" kill demo/nginx\n"),
        "{}",
        bundle.script
    );
    b.screenshot("share-dialog").unwrap();
    // Copy: the clipboard takes the link, or (where it refuses) the link is selected for
    // Ctrl+C; either way the dialog says which.
    click(&b, "copy-link");
    let said = b
        .wait_for("the copy's message", TIMEOUT, |b| {
            b.testid_text("share-copied")
        })
        .unwrap();
    if said != "Copied." {
        assert!(said.contains("press Ctrl+C"), "{said}");
        assert_eq!(
            js(
                &b,
                "const i = document.querySelector('[data-testid=share-link]');
                 return i.value.slice(i.selectionStart, i.selectionEnd);"
            ),
            shared,
            "the whole link is selected"
        );
    }
    // Esc closes the dialog.
    let input = b.find(&by_testid("share-link")).unwrap().unwrap();
    b.send_keys_to(&input, "\u{E00C}").unwrap();
    b.wait_for("the dialog closed", TIMEOUT, |b| {
        Ok((js(
            b,
            "return String(document.querySelector('[data-testid=share-dialog]').open);",
        ) == "false")
            .then_some(()))
    })
    .unwrap();

    let fresh = Browser::start().expect("a second browser");
    fresh.goto(&shared).expect("the link opens");
    wait_testid(&fresh, "container-nginx");
    wait_testid(&fresh, "link-banner");
    assert_eq!(
        fresh.testid_text("restarts-nginx").unwrap().as_deref(),
        Some("1")
    );
    assert_eq!(
        fresh.testid_text("pod-ip").unwrap().as_deref(),
        Some(ip.as_str())
    );
    assert_eq!(
        fresh.testid_text("sim-time").unwrap().as_deref(),
        Some(time.as_str())
    );
    assert_eq!(
        fresh.testid_text("play-pause").unwrap().as_deref(),
        Some("play"),
        "paused at the shared moment"
    );
    let message = fresh.testid_text("link-message").unwrap().unwrap();
    assert!(
        message.starts_with("Opened a shared pod, paused at "),
        "{message}"
    );
    assert_eq!(
        js(&fresh, "return location.hash;"),
        "",
        "the link left the address"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        fresh.testid_text("sim-time").unwrap().as_deref(),
        Some(time.as_str()),
        "still paused"
    );
    fresh.screenshot("share-opened").unwrap();
}

#[test]
fn hostile_fragments_give_the_default_example_and_a_message_and_keep_the_saved_text() {
    let b = open_clean();
    let clean = markup_counts(&b);
    save_mine(&b);
    let here = page(&b);

    let good = link::encode(&demo_bundle("at 5s kill demo/nginx\nat 20s end\n"));
    let cut = good[..good.len() / 2].to_owned();
    // One character changed: the first place in the data where the change breaks the link.
    let changed = (good.len() / 2..good.len())
        .map(|i| {
            let c = if &good[i..=i] == "A" { "B" } else { "A" };
            format!("{}{c}{}", &good[..i], &good[i + 1..])
        })
        .find(|f| link::decode(f).is_err())
        .expect("some change breaks it");
    let bomb = deflated(&vec![b'a'; 4 << 20]);
    let not_utf8 = deflated(b"apiVersion: v1\nkind: Pod\n\xff\xfe\n");
    let newer = format!("v9:{}", &good[3..]);
    let huge = format!("v1:{}", "A".repeat(1_900_000));
    let script_markup = deflated(
        format!("{DEMO}---\nat 5s <script>alert(1)</script><img src=x onerror=alert(2)>\n")
            .as_bytes(),
    );
    let cases = [
        ("cut", cut),
        ("changed", changed),
        ("bomb", bomb),
        ("not-utf8", not_utf8),
        ("newer", newer),
        ("huge", huge),
        ("script-markup", script_markup),
    ];
    for (name, fragment) in cases {
        let why = link::decode(&fragment).expect_err(name);
        load(&b, &format!("{here}#{fragment}"));
        wait_testid(&b, "link-banner");
        wait_testid(&b, "container-nginx");
        assert_eq!(
            b.testid_text("link-message").unwrap().unwrap(),
            format!("This link did not open: {why}. Showing the default example."),
            "{name}"
        );
        assert_eq!(
            markup_counts(&b),
            clean,
            "{name}: nothing from the link in the page"
        );
        assert_eq!(
            saved_text(&b).unwrap().as_deref(),
            Some(MINE),
            "{name}: the saved text is kept"
        );
        wait_testid(&b, "restore-kept");
        if name == "bomb" {
            b.screenshot("share-bad-link").unwrap();
        }
    }

    // A link that opens, with markup in the names, an annotation and the narration: shown as
    // text, nothing runs.
    let hostile = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"<script>alert(1)</script>\"\n  \
                   annotations:\n    a: \"<img src=x onerror=alert(1)>\"\nspec:\n  containers:\n  \
                   - name: \"<svg onload=alert(1)>\"\n    image: busybox\n";
    let fragment = link::encode(&Bundle {
        manifest: hostile.to_owned(),
        script: "at 1s say <img src=x onerror=alert(2)>\n".parse().unwrap(),
        runtime: None,
    });
    load(&b, &format!("{here}#{fragment}"));
    wait_testid(&b, "link-banner");
    wait_testid(&b, "diagnostics");
    assert_eq!(markup_counts(&b), clean);
    assert_eq!(saved_text(&b).unwrap().as_deref(), Some(MINE));
    b.screenshot("share-hostile-names").unwrap();

    // The user's text comes back.
    click(&b, "restore-kept");
    wait_testid(&b, "container-app");
    assert_eq!(saved_text(&b).unwrap().as_deref(), Some(MINE));
}

#[test]
fn a_link_over_saved_text_keeps_it_to_restore() {
    let b = open_clean();
    save_mine(&b);
    let here = page(&b);
    let fragment = link::encode(&demo_bundle("at 5s kill demo/nginx\nat 20s end\n"));
    load(&b, &format!("{here}#{fragment}"));
    wait_testid(&b, "container-nginx");
    wait_text(&b, "restarts-nginx", "1");
    let message = b.testid_text("link-message").unwrap().unwrap();
    assert_eq!(
        message,
        "Opened a shared pod, paused at 20s. Your own text is kept:"
    );
    assert_eq!(js(&b, "return location.hash;"), "");
    b.screenshot("share-over-saved-text").unwrap();
    // Time passes on the shared pod: storage still holds the user's text.
    click(&b, "play-pause");
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(saved_text(&b).unwrap().as_deref(), Some(MINE));

    // A reload opens the user's text: the link is no longer in the address.
    b.refresh().unwrap();
    wait_testid(&b, "container-app");
    assert!(b.find(&by_testid("link-banner")).unwrap().is_none());

    // The same link pasted into the address bar of the open page.
    js(&b, &format!("location.hash = '#{fragment}';"));
    wait_testid(&b, "container-nginx");
    wait_testid(&b, "restore-kept");
    assert_eq!(js(&b, "return location.hash;"), "");
    // An anchor is not a link.
    js(&b, "location.hash = '#top';");
    std::thread::sleep(Duration::from_millis(500));
    wait_testid(&b, "container-nginx");
    click(&b, "restore-kept");
    wait_testid(&b, "container-app");
    b.wait_for("the user's text in the editor", TIMEOUT, |b| {
        Ok((editor_text(b)?.as_deref() == Some(MINE)).then_some(()))
    })
    .unwrap();
    assert_eq!(saved_text(&b).unwrap().as_deref(), Some(MINE));
}
