//! The Examples menu, the clock's reset, never losing the user's work (reload, panic, crash
//! recovery), the themes, narrow screens and the favicon, against the release build in
//! headless Chromium. Also the cold-load figure (navigation start → first diagram).

use std::time::Duration;

use podscope_e2e::webdriver::{Browser, Element, by_testid};
use podscope_e2e::{dist_dir, server};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The user's own text, on one line so that an editor's auto-indent cannot change it.
const MINE: &str = r#"{apiVersion: v1, kind: Pod, metadata: {name: mine}, spec: {containers: [{name: app, image: busybox, command: [sleep, "3600"]}]}}"#;

/// Serves dist/ and opens `path` in a fresh browser (with `scheme` as the system's colours).
fn open_at(path: &str, scheme: Option<&str>) -> (Browser, String) {
    let (browser, base) = open_cold(path, scheme);
    // A profile folder left by an earlier run could hold a saved session: start clean.
    browser
        .execute("localStorage.clear();", vec![])
        .expect("the browser answers");
    browser
        .goto(&format!("{base}{path}"))
        .expect("the browser answers");
    (browser, base)
}

/// `open_at` without clearing storage first: the first load of a fresh browser, cold.
fn open_cold(path: &str, scheme: Option<&str>) -> (Browser, String) {
    let dist = dist_dir();
    assert!(
        dist.join("index.html").exists(),
        "no site at {}: run `cargo xtask build` first",
        dist.display()
    );
    let site = server::serve(dist).expect("serves dist/");
    let browser = Browser::start().expect("chromedriver and Chromium start");
    if let Some(scheme) = scheme {
        browser.prefer_color_scheme(scheme).expect("emulated");
    }
    // The site's base without its last `/`: `path` starts with one.
    let base = site.url("").trim_end_matches('/').to_owned();
    browser
        .goto(&format!("{base}{path}"))
        .expect("the page opens");
    (browser, base)
}

fn open() -> Browser {
    let (b, _) = open_at("/", None);
    demo_pod(&b);
    b
}

fn demo_pod(b: &Browser) {
    b.wait_for("the demo pod", TIMEOUT, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .expect("the browser answers");
}

fn testid(b: &Browser, id: &str) -> Element {
    b.wait_for(id, TIMEOUT, |b| b.find(&by_testid(id)))
        .expect("the browser answers")
}

fn click(b: &Browser, id: &str) {
    let el = testid(b, id);
    b.click(&el).expect("the browser answers");
}

/// Runs a script in the page and returns its result as a string ("" for anything else).
fn js(b: &Browser, script: &str) -> String {
    match b.execute(script, vec![]).expect("the browser answers") {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// The editor's text, from a textarea or an editable element.
fn editor_text(b: &Browser) -> String {
    js(
        b,
        "const e = document.querySelector('[data-testid=\"yaml-editor\"]');
         return e ? (e.value !== undefined ? e.value : e.innerText) : '';",
    )
}

fn type_mine(b: &Browser, text: &str) {
    // CodeMirror takes the textarea's place when its bundle is in, which may be just after
    // the first diagram: the textarea found then would be gone before the typing.
    let editor = podscope_e2e::editing::code_editor(b, TIMEOUT).expect("the code editor");
    b.clear(&editor).expect("the browser answers");
    b.type_text(&editor, text).expect("the browser answers");
}

/// Everything on the terminal's screen.
fn terminal(b: &Browser) -> String {
    js(
        b,
        "const e = document.querySelector('[data-testid=\"term-screen\"]');
         return e ? e.textContent : '';",
    )
}

fn choose_example(b: &Browser, id: &str) {
    click(b, "examples-menu");
    click(b, &format!("example-{id}"));
}

/// Pauses the simulated clock, so what an example's script left stays put.
fn pause(b: &Browser) {
    let button = testid(b, "play-pause");
    if b.text(&button).expect("the browser answers") == "pause" {
        b.click(&button).expect("the browser answers");
    }
}

/// What each example's scenario shows on the page once played: a testid and a text it
/// contains (`term-screen` is the transcript on the terminal).
const POINTS: [(&str, &str, &str); 14] = [
    ("demo", "restarts-nginx", "1"),
    ("alpine-node-selector", "term-screen", "ubuntu-nested-3"),
    ("nginx-sidecar", "term-screen", "Kano/鹿乃"),
    ("zombies-reaped", "term-screen", "/pause"),
    ("zombies-stay", "term-screen", "[sleep]"),
    ("oom", "term-screen", "OOMKilled"),
    (
        "port-conflict",
        "term-screen",
        "bind() to 0.0.0.0:80 failed (98: Address already in use)",
    ),
    ("init-sidecar", "term-screen", "tick"),
    ("crashloop", "term-screen", "CrashLoopBackOff"),
    (
        "rolling-update",
        "term-screen",
        "deployment \"nginx-deployment\" successfully rolled out",
    ),
    ("job-pi", "term-screen", "3.14159265358979"),
    (
        "runtime-containerd",
        "term-screen",
        "containerd-shim-runc-v2",
    ),
    ("runtime-crio", "term-screen", "/usr/bin/conmon"),
    ("runtime-docker", "term-screen", "k8s_POD_demo_default_"),
];

#[test]
fn each_example_loads_and_plays_its_scenario_to_its_point() {
    let b = open();
    pause(&b);
    for (id, where_, fact) in POINTS {
        choose_example(&b, id);
        if id.starts_with("runtime-") {
            // A runtime example opens the Runtimes tab (the demo pod under each runtime);
            // its transcript is on the terminal, one tab away.
            b.wait_for(&format!("{id}: the Runtimes tab"), TIMEOUT, |b| {
                let text = b.testid_text("panel-compare")?.unwrap_or_default();
                Ok(text.contains("node$ docker ps -a").then_some(()))
            })
            .unwrap();
            click(&b, "tab-terminal");
        }
        let shown = b
            .wait_for(&format!("{id}: {fact:?} in {where_}"), TIMEOUT, |b| {
                let text = if where_ == "term-screen" {
                    terminal(b)
                } else {
                    b.testid_text(where_)?.unwrap_or_default()
                };
                Ok(text.contains(fact).then_some(text))
            })
            .unwrap();
        assert!(
            b.find(&by_testid("example-confirm")).unwrap().is_none(),
            "{id}: an example's text is replaced without asking"
        );
        if id == "zombies-reaped" {
            assert!(
                !shown.contains("[sleep]"),
                "pause reaped the zombie: {shown}"
            );
        }
        if id == "demo" {
            // The script ends at 14s and the clock is paused: the age reads as kubectl's.
            assert_eq!(
                b.testid_text("sim-age")
                    .expect("the browser answers")
                    .as_deref(),
                Some("AGE 14s")
            );
            b.screenshot("examples-demo-light").unwrap();
        }
        if id == "nginx-sidecar" {
            b.screenshot("examples-light").unwrap();
        }
    }
    // The last one ran under Docker: the page says so where the runtime's tools print.
    assert!(terminal(&b).contains("node$ docker ps"));
}

#[test]
fn an_example_over_my_text_asks_first_and_can_be_undone() {
    let b = open();
    type_mine(&b, MINE);
    b.wait_for("my pod", TIMEOUT, |b| b.find(&by_testid("container-app")))
        .unwrap();
    choose_example(&b, "oom");
    let question = b
        .testid_text("example-confirm")
        .unwrap()
        .unwrap_or_default();
    assert!(question.contains("OOMKilled"), "{question}");
    assert!(
        editor_text(&b).contains("name: mine"),
        "nothing replaced yet"
    );
    b.screenshot("examples-confirm").unwrap();

    click(&b, "cancel-example");
    assert!(b.find(&by_testid("example-confirm")).unwrap().is_none());
    assert!(editor_text(&b).contains("name: mine"));

    choose_example(&b, "oom");
    click(&b, "confirm-example");
    b.wait_for("the OOM example", TIMEOUT, |b| {
        Ok(editor_text(b).contains("memory-demo-2").then_some(()))
    })
    .unwrap();
    click(&b, "restore-text");
    b.wait_for("my text back", TIMEOUT, |b| {
        Ok(editor_text(b).contains("name: mine").then_some(()))
    })
    .unwrap();
    b.wait_for("my pod back", TIMEOUT, |b| {
        b.find(&by_testid("container-app"))
    })
    .unwrap();
    assert!(b.find(&by_testid("restore-text")).unwrap().is_none());
}

#[test]
fn reset_goes_back_to_time_zero_with_the_same_pod() {
    let b = open();
    click(&b, "speed-60");
    b.wait_for("nginx running", TIMEOUT, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .unwrap();
    pause(&b);
    click(&b, "container-nginx");
    click(&b, "action-kill");
    b.wait_for("restart count 1", TIMEOUT, |b| {
        click(b, "step-event");
        Ok((b.testid_text("restarts-nginx")?.as_deref() == Some("1")).then_some(()))
    })
    .unwrap();
    click(&b, "reset");
    b.wait_for("time zero", TIMEOUT, |b| {
        Ok((b.testid_text("sim-time")?.as_deref() == Some("t = 0s")).then_some(()))
    })
    .unwrap();
    assert_eq!(
        b.testid_text("restarts-nginx").unwrap().as_deref(),
        Some("0")
    );
    assert_eq!(b.testid_text("sim-age").unwrap().as_deref(), Some("AGE 0s"));
}

#[test]
fn reload_keeps_my_text() {
    let b = open();
    type_mine(&b, MINE);
    b.wait_for("my pod", TIMEOUT, |b| b.find(&by_testid("container-app")))
        .unwrap();
    b.refresh().unwrap();
    b.wait_for("my pod after the reload", TIMEOUT, |b| {
        b.find(&by_testid("container-app"))
    })
    .unwrap();
    assert!(editor_text(&b).contains("name: mine"));
    assert!(b.find(&by_testid("crash-recovered")).unwrap().is_none());
}

#[test]
fn a_panic_keeps_my_text_and_the_next_load_does_not_run_it() {
    let (b, _) = open_at("/?panic-test", None);
    demo_pod(&b);
    // The edit that ends in `panic-test` panics where the world would be built.
    let text = format!("{MINE} # panic-test");
    type_mine(&b, &text);
    let message = b
        .wait_for("the panic banner", TIMEOUT, |b| {
            b.testid_text("panic-message")
        })
        .unwrap();
    assert!(
        message.contains("panic-test: a panic while building the world"),
        "{message}"
    );
    b.screenshot("examples-panic").unwrap();
    let saved = js(
        &b,
        "return JSON.parse(localStorage.getItem('podscope.yaml'));",
    );
    assert_eq!(saved, text, "saved before the world was built");

    click(&b, "panic-reload");
    let note = b
        .wait_for("the recovery note", TIMEOUT, |b| {
            b.testid_text("crash-recovered")
        })
        .unwrap();
    assert!(note.contains("open without running"), "{note}");
    assert_eq!(
        js(&b, "return location.search;"),
        "",
        "reloaded without ?panic-test"
    );
    assert!(editor_text(&b).contains("# panic-test"));
    assert!(
        b.find(&by_testid("diagram")).unwrap().is_none(),
        "nothing ran"
    );
    b.screenshot("examples-recovered").unwrap();

    // Still not run after another reload, until asked.
    b.refresh().unwrap();
    testid(&b, "crash-recovered");
    assert!(b.find(&by_testid("diagram")).unwrap().is_none());
    click(&b, "run-anyway");
    b.wait_for("my pod", TIMEOUT, |b| b.find(&by_testid("container-app")))
        .unwrap();
    assert!(b.find(&by_testid("crash-recovered")).unwrap().is_none());
    // It ran and rendered: the next load runs it as usual.
    b.refresh().unwrap();
    b.wait_for("my pod after the reload", TIMEOUT, |b| {
        b.find(&by_testid("container-app"))
    })
    .unwrap();
    assert!(b.find(&by_testid("crash-recovered")).unwrap().is_none());
}

/// The computed background of the page.
fn background(b: &Browser) -> String {
    js(
        b,
        "return getComputedStyle(document.documentElement).backgroundColor;",
    )
}

fn pick_theme(b: &Browser, theme: &str) {
    let option = b
        .find(&format!(
            "[data-testid=\"theme-toggle\"] option[value=\"{theme}\"]"
        ))
        .expect("the browser answers")
        .expect("a theme option");
    b.click(&option).expect("the browser answers");
}

#[test]
fn themes_follow_the_system_and_the_toggle_and_are_saved() {
    let (b, _) = open_at("/", Some("dark"));
    demo_pod(&b);
    assert_eq!(
        background(&b),
        "rgb(20, 23, 28)",
        "dark, as the system prefers"
    );
    // The stale banner in dark.
    let editor = testid(&b, "yaml-editor");
    b.type_text(&editor, "  - {name: oops\n").unwrap();
    let banner = testid(&b, "stale-banner");
    let colours = js(
        &b,
        "const s = getComputedStyle(document.querySelector('[data-testid=\"stale-banner\"]'));
         return s.backgroundColor + ' / ' + s.color;",
    );
    assert_eq!(colours, "rgb(74, 31, 28) / rgb(255, 217, 212)");
    assert!(b.text(&banner).unwrap().contains("errors"));
    b.screenshot("examples-dark").unwrap();

    pick_theme(&b, "light");
    assert_eq!(
        js(&b, "return document.documentElement.dataset.theme;"),
        "light"
    );
    assert_eq!(background(&b), "rgb(247, 248, 250)", "light, as chosen");
    b.refresh().unwrap();
    testid(&b, "theme-toggle");
    assert_eq!(background(&b), "rgb(247, 248, 250)", "the choice is saved");
    pick_theme(&b, "system");
    assert_eq!(background(&b), "rgb(20, 23, 28)");
    assert_eq!(
        js(
            &b,
            "return String(document.documentElement.hasAttribute('data-theme'));"
        ),
        "false"
    );
}

#[test]
fn a_narrow_screen_stacks_the_panes() {
    let b = open();
    b.set_window_size(600, 1000).unwrap();
    let layout = b
        .wait_for("stacked panes", TIMEOUT, |b| {
            let v = b.execute(
                "const r = s => document.querySelector(s).getBoundingClientRect();
                 const e = r('.editor'), v = r('.view');
                 return [e.bottom, v.top, v.left, e.left, document.documentElement.scrollWidth, innerWidth];",
                vec![],
            )?;
            let n: Vec<f64> = v
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default();
            Ok((n.len() == 6 && n[1] >= n[0] - 1.0).then_some(n))
        })
        .unwrap();
    assert_eq!(layout[2], layout[3], "both panes start at the left edge");
    assert!(layout[4] <= layout[5], "no sideways scrolling: {layout:?}");
    b.screenshot("examples-narrow").unwrap();
}

#[test]
fn nothing_on_load_is_missing_and_the_favicon_is_served() {
    let b = open();
    let href = js(
        &b,
        "const l = document.querySelector('link[rel=\"icon\"]'); return l ? l.href : '';",
    );
    assert!(href.ends_with(".svg"), "{href}");
    let status = b
        .execute(
            "const x = new XMLHttpRequest(); x.open('GET', arguments[0], false); x.send();
             return [x.status, x.getResponseHeader('Content-Type')];",
            vec![json!(href)],
        )
        .unwrap();
    assert_eq!(status, json!([200, "image/svg+xml"]));
    // Every resource the page loaded came back 200, and none from another origin.
    let resources = b
        .execute(
            "return performance.getEntriesByType('resource')
               .map(r => [r.name, r.responseStatus === undefined ? 200 : r.responseStatus]);",
            vec![],
        )
        .unwrap();
    let origin = js(&b, "return location.origin;");
    for r in resources.as_array().cloned().unwrap_or_default() {
        let name = r[0].as_str().unwrap_or_default();
        assert!(name.starts_with(&origin), "{name} leaves the origin");
        assert_eq!(r[1], json!(200), "{name}");
    }
}

/// Cold load to an interactive diagram: a fresh browser (empty cache) per load, navigation
/// start → the `podscope:first-diagram` mark; prints each and the median of five.
#[test]
fn cold_load_to_first_diagram() {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let (b, _) = open_cold("/", None);
            demo_pod(&b);
            b.execute(
                "return performance.getEntriesByName('podscope:first-diagram')[0].startTime;",
                vec![],
            )
            .unwrap()
            .as_f64()
            .expect("the first-diagram mark")
        })
        .collect();
    assert!(times.iter().all(|t| *t > 0.0), "{times:?}");
    times.sort_by(f64::total_cmp);
    println!(
        "cold load to first diagram (ms): {:?}; median {:.0}",
        times, times[2]
    );
}
