//! The embed story: a blog post (dist/embed-example.html) includes embed.js once; its three
//! `<pre class="podscope">` blocks become live pods in iframes of embed.html, sized by the
//! embed's height messages; the tour steps; `data-load="click"` waits for the click; nothing
//! leaves the origin; a hostile block runs nothing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use podscope_core::link;
use podscope_core::scenario::examples::ExampleId;
use podscope_core::scenario::script::Scenario;
use podscope_e2e::webdriver::{Browser, Element, by_testid};
use podscope_e2e::{dist_dir, server};
use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Serves `root` and opens `page` on it; returns the browser and the site's origin.
fn open_at(root: PathBuf, page: &str) -> (Browser, String) {
    assert!(
        root.join("embed.html").exists(),
        "no embed.html in {}: run `cargo xtask build` first",
        root.display()
    );
    let addr = server::serve(root).expect("serves the site");
    let origin = format!("http://{addr}");
    let b = Browser::start().expect("chromedriver and Chromium start");
    b.goto(&format!("{origin}/{page}")).expect("the page opens");
    (b, origin)
}

fn frames(b: &Browser) -> Vec<Element> {
    b.find_all("iframe.podscope-embed").unwrap()
}

/// Scrolls the frame into view (the iframes load lazily), switches into it and waits for
/// its diagram to show `container`.
fn enter(b: &Browser, frame: &Element, container: &str) {
    b.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![frame.to_arg()],
    )
    .unwrap();
    b.switch_to_frame(frame).unwrap();
    b.wait_for(&format!("the diagram shows {container}"), TIMEOUT, |b| {
        b.find(&by_testid(&format!("container-{container}")))
    })
    .unwrap();
}

/// The URLs the current document (page or frame) requested, from Resource Timing.
fn requested(b: &Browser) -> Vec<String> {
    let v = b
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)\
             .concat([location.href]);",
            vec![],
        )
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The iframe's CSS height in pixels.
fn frame_height(b: &Browser, frame: &Element) -> f64 {
    b.execute(
        "return arguments[0].getBoundingClientRect().height;",
        vec![frame.to_arg()],
    )
    .unwrap()
    .as_f64()
    .unwrap()
}

fn testid(b: &Browser, id: &str) -> String {
    b.testid_text(id).unwrap().unwrap_or_default()
}

#[test]
fn a_blog_post_with_three_live_pods() {
    let (b, origin) = open_at(dist_dir(), "embed-example.html");
    b.set_window_size(1000, 900).unwrap();
    let two = b
        .wait_for("two iframes (the third waits for a click)", TIMEOUT, |b| {
            let f = frames(b);
            Ok((f.len() == 2).then_some(f))
        })
        .unwrap();
    let load = b
        .find("button.podscope-load")
        .unwrap()
        .expect("the load button");
    assert_eq!(b.text(&load).unwrap(), "Load the live pod");
    assert_eq!(
        b.find_all("pre.podscope").unwrap().len(),
        1,
        "the click-to-load block stays readable until clicked"
    );
    for f in &two {
        assert_eq!(
            b.attribute(f, "sandbox").unwrap().as_deref(),
            Some("allow-scripts allow-same-origin allow-popups")
        );
        assert_eq!(b.attribute(f, "loading").unwrap().as_deref(), Some("lazy"));
        assert!(
            b.attribute(f, "title")
                .unwrap()
                .is_some_and(|t| !t.is_empty())
        );
    }

    let mut wasm_requests = 0;
    // 1: the demo pod, diagram and clock only.
    enter(&b, &two[0], "nginx");
    assert!(
        b.find(&by_testid("tour")).unwrap().is_none(),
        "no tour asked"
    );
    assert!(b.find(&by_testid("embed-error")).unwrap().is_none());
    let fragment = b.execute("return location.hash;", vec![]).unwrap();
    let bundle = link::decode(fragment.as_str().unwrap()).expect("embed.js wrote a v1 link");
    assert_eq!(
        bundle.manifest,
        ExampleId::Demo.get().yaml,
        "decoded by the core's codec"
    );
    let content = b
        .execute("return document.body.scrollHeight;", vec![])
        .unwrap()
        .as_f64()
        .unwrap();
    let first_diagram = first_diagram_ms(&b);
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().unwrap();
    b.wait_for(
        "the first frame's height follows its content",
        TIMEOUT,
        |b| {
            let h = frame_height(b, &two[0]);
            Ok(((h - content).abs() < 2.0).then_some(()))
        },
    )
    .unwrap();
    b.screenshot("embed-post-demo").unwrap();

    // 2: the guided kill.
    enter(&b, &two[1], "nginx");
    let bundle = link::decode(
        b.execute("return location.hash;", vec![])
            .unwrap()
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let demo: Scenario = ExampleId::Demo.get().script.parse().unwrap();
    assert_eq!(
        bundle.script.to_string(),
        demo.to_string(),
        "the script survived the trip"
    );
    let n = demo.stops().len();
    assert_eq!(testid(&b, "tour-step"), format!("Step 1 of {n}"));
    assert_eq!(
        testid(&b, "tour-text"),
        demo.stops().next().unwrap().narration.text
    );
    b.click(&b.find(&by_testid("tour-next")).unwrap().unwrap())
        .unwrap();
    b.wait_for("step 2", TIMEOUT, |b| {
        Ok((testid(b, "tour-step") == format!("Step 2 of {n}")).then_some(()))
    })
    .unwrap();
    assert!(
        testid(&b, "tour-invite").contains("kill demo/nginx"),
        "the reader is invited to kill nginx"
    );
    b.screenshot("embed-post-tour-step-2").unwrap();
    b.click(&b.find(&by_testid("tour-next")).unwrap().unwrap())
        .unwrap();
    b.wait_for("step 3: nginx restarted", TIMEOUT, |b| {
        Ok((testid(b, "restarts-nginx") == "1").then_some(()))
    })
    .unwrap();
    b.click(&b.find(&by_testid("tour-back")).unwrap().unwrap())
        .unwrap();
    b.wait_for("back to step 2, nginx not restarted", TIMEOUT, |b| {
        Ok((testid(b, "tour-step") == format!("Step 2 of {n}")
            && testid(b, "restarts-nginx") == "0")
            .then_some(()))
    })
    .unwrap();
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().unwrap();

    // 3: the zombies, only once the reader asks.
    b.click(&load).unwrap();
    let three = b
        .wait_for("the third iframe", TIMEOUT, |b| {
            let f = frames(b);
            Ok((f.len() == 3).then_some(f))
        })
        .unwrap();
    assert!(b.find("button.podscope-load").unwrap().is_none());
    enter(&b, &three[2], "app");
    assert!(testid(&b, "tour-step").starts_with("Step 1 of "));
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().unwrap();
    b.screenshot("embed-post-zombies").unwrap();

    // Nothing outside the origin, from the post or any embed.
    let mut all = requested(&b);
    for f in &three {
        b.switch_to_frame(f).unwrap();
        all.extend(requested(&b));
        b.parent_frame().unwrap();
    }
    let foreign: Vec<_> = all.iter().filter(|u| !u.starts_with(&origin)).collect();
    assert!(foreign.is_empty(), "requests outside {origin}: {foreign:?}");
    // Each embed asked for the one hashed wasm once (the browser's cache decides whether the
    // server saw it again). TODO(integrator): once the e2e server keeps a request log (the
    // other helper's part), assert how many times the server itself served the wasm.
    assert_eq!(wasm_requests, 3, "one wasm request per embed");
    eprintln!("figure: embed first byte to first diagram: {first_diagram:.0} ms");
}

/// How many times this frame requested a `.wasm` file of the origin.
fn count_wasm(b: &Browser, origin: &str) -> usize {
    requested(b)
        .iter()
        .filter(|u| u.starts_with(origin) && u.ends_with(".wasm"))
        .count()
}

/// Milliseconds from the frame's first response byte to the first diagram mark.
fn first_diagram_ms(b: &Browser) -> f64 {
    b.execute(
        "const nav = performance.getEntriesByType('navigation')[0];\
         const mark = performance.getEntriesByName('podscope:first-diagram')[0];\
         return mark.startTime - nav.responseStart;",
        vec![],
    )
    .unwrap()
    .as_f64()
    .unwrap()
}

/// A copy of the site with one more page (the hostile post).
fn site_with(page: &str, html: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podscope-embed-{}", std::process::id()));
    copy_dir(&dist_dir(), &dir);
    std::fs::write(dir.join(page), html).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().map(Result::unwrap) {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const HOSTILE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostile</title>
<script src="embed.js" defer></script></head>
<body>
<pre class="podscope" data-panels="editor,&lt;img src=x onerror=window.pwned=1&gt;">apiVersion: v1
kind: Pod
metadata: {name: "&lt;script&gt;window.pwned=1&lt;/script&gt;"}
spec:
  containers:
  - {name: "&lt;img src=x onerror=window.pwned=2&gt;", image: busybox}
---
at 1s say &lt;b onmouseover=window.pwned=3&gt;bold?&lt;/b&gt;
</pre>
<pre class="podscope" data-load="click">kind: "&lt;script&gt;window.pwned=4&lt;/script&gt;"</pre>
</body></html>
"#;

#[test]
fn a_hostile_block_is_shown_as_text_and_runs_nothing() {
    let (b, _) = open_at(site_with("hostile.html", HOSTILE), "hostile.html");
    let pre = b
        .find("pre.podscope")
        .unwrap()
        .expect("the click-to-load block");
    assert!(
        b.text(&pre)
            .unwrap()
            .contains("<script>window.pwned=4</script>"),
        "shown as text in the pre"
    );
    let frame = b
        .wait_for("the embed", TIMEOUT, |b| Ok(frames(b).into_iter().next()))
        .unwrap();
    b.switch_to_frame(&frame).unwrap();
    let note = b
        .wait_for("the bad panel's note", TIMEOUT, |b| {
            b.testid_text("embed-note")
        })
        .unwrap();
    assert!(
        note.contains("<img src=x onerror=window.pwned=1>"),
        "{note}"
    );
    let yaml = b
        .wait_for("the editor", TIMEOUT, |b| b.find(&by_testid("embed-yaml")))
        .unwrap();
    let text = b
        .execute("return arguments[0].value;", vec![yaml.to_arg()])
        .unwrap();
    assert!(
        text.as_str()
            .unwrap()
            .contains("<script>window.pwned=1</script>")
    );
    let problems = b
        .wait_for("the names' errors", TIMEOUT, |b| {
            b.testid_text("embed-problems")
        })
        .unwrap();
    assert!(problems.contains("<script>"), "{problems}");
    let injected = b
        .execute(
            "return [window.pwned, document.querySelectorAll('main img, main script, main b').length];",
            vec![],
        )
        .unwrap();
    assert_eq!(injected, serde_json::json!([null, 0]));
    b.screenshot("embed-hostile").unwrap();
    b.parent_frame().unwrap();
    let top = b
        .execute("return window.pwned === undefined;", vec![])
        .unwrap();
    assert_eq!(top, Value::Bool(true));
}
