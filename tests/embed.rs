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

/// Serves `root` and opens `page` on it; returns the browser and the site.
fn open_at(root: PathBuf, page: &str) -> (Browser, server::Site) {
    assert!(
        root.join("embed.html").exists(),
        "no embed.html in {}: run `cargo xtask build` first",
        root.display()
    );
    let site = server::serve(root).expect("serves the site");
    let b = Browser::start().expect("chromedriver and Chromium start");
    b.goto(&site.url(page)).expect("the page opens");
    (b, site)
}

fn frames(b: &Browser) -> Vec<Element> {
    b.find_all("iframe.podscope-embed")
        .expect("the browser answers")
}

/// Scrolls the frame into view (the iframes load lazily), switches into it and waits for
/// its diagram to show `container`.
fn enter(b: &Browser, frame: &Element, container: &str) {
    b.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![frame.to_arg()],
    )
    .expect("the browser answers");
    b.switch_to_frame(frame).expect("the browser answers");
    b.wait_for(&format!("the diagram shows {container}"), TIMEOUT, |b| {
        b.find(&by_testid(&format!("container-{container}")))
    })
    .expect("the browser answers");
}

/// The URLs the current document (page or frame) requested, from Resource Timing.
fn requested(b: &Browser) -> Vec<String> {
    let v = b
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)\
             .concat([location.href]);",
            vec![],
        )
        .expect("the browser answers");
    v.as_array()
        .expect("the browser answers")
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
    .expect("the browser answers")
    .as_f64()
    .expect("the browser answers")
}

fn testid(b: &Browser, id: &str) -> String {
    b.testid_text(id)
        .expect("the browser answers")
        .unwrap_or_default()
}

#[test]
fn a_blog_post_with_three_live_pods() {
    let (b, site) = open_at(dist_dir(), "embed-example.html");
    let origin = site.origin();
    b.set_window_size(1000, 900).expect("the browser answers");
    let two = b
        .wait_for("two iframes (the third waits for a click)", TIMEOUT, |b| {
            let f = frames(b);
            Ok((f.len() == 2).then_some(f))
        })
        .expect("the browser answers");
    let load = b
        .find("button.podscope-load")
        .expect("the browser answers")
        .expect("the load button");
    assert_eq!(
        b.text(&load).expect("the browser answers"),
        "Load the live pod"
    );
    assert_eq!(
        b.find_all("pre.podscope")
            .expect("the browser answers")
            .len(),
        1,
        "the click-to-load block stays readable until clicked"
    );
    for f in &two {
        assert_eq!(
            b.attribute(f, "sandbox")
                .expect("the browser answers")
                .as_deref(),
            Some("allow-scripts allow-same-origin allow-popups")
        );
        assert_eq!(
            b.attribute(f, "loading")
                .expect("the browser answers")
                .as_deref(),
            Some("lazy")
        );
        assert!(
            b.attribute(f, "title")
                .expect("the browser answers")
                .is_some_and(|t| !t.is_empty())
        );
    }

    let mut wasm_requests = 0;
    // 1: the demo pod, diagram and clock only.
    enter(&b, &two[0], "nginx");
    assert!(
        b.find(&by_testid("tour"))
            .expect("the browser answers")
            .is_none(),
        "no tour asked"
    );
    assert!(
        b.find(&by_testid("embed-error"))
            .expect("the browser answers")
            .is_none()
    );
    let fragment = b
        .execute("return location.hash;", vec![])
        .expect("the browser answers");
    let bundle =
        link::decode(fragment.as_str().expect("a string")).expect("embed.js wrote a v1 link");
    assert_eq!(
        bundle.manifest,
        ExampleId::Demo.get().yaml,
        "decoded by the core's codec"
    );
    let content = b
        .execute("return document.body.scrollHeight;", vec![])
        .expect("the browser answers")
        .as_f64()
        .expect("the browser answers");
    let first_diagram = first_diagram_ms(&b);
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().expect("the browser answers");
    b.wait_for(
        "the first frame's height follows its content",
        TIMEOUT,
        |b| {
            let h = frame_height(b, &two[0]);
            Ok(((h - content).abs() < 2.0).then_some(()))
        },
    )
    .expect("the browser answers");
    b.screenshot("embed-post-demo")
        .expect("the browser answers");

    // 2: the guided kill.
    enter(&b, &two[1], "nginx");
    let bundle = link::decode(
        b.execute("return location.hash;", vec![])
            .expect("the browser answers")
            .as_str()
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    let demo: Scenario = ExampleId::Demo
        .get()
        .script
        .parse()
        .expect("the example parses");
    assert_eq!(
        bundle.script.to_string(),
        demo.to_string(),
        "the script survived the trip"
    );
    let n = demo.stops().len();
    assert_eq!(testid(&b, "tour-step"), format!("Step 1 of {n}"));
    assert_eq!(
        testid(&b, "tour-text"),
        demo.stops()
            .next()
            .expect("the browser answers")
            .narration
            .text
    );
    b.click(
        &b.find(&by_testid("tour-next"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    b.wait_for("step 2", TIMEOUT, |b| {
        Ok((testid(b, "tour-step") == format!("Step 2 of {n}")).then_some(()))
    })
    .expect("the browser answers");
    assert!(
        testid(&b, "tour-invite").contains("kill demo/nginx"),
        "the reader is invited to kill nginx"
    );
    b.screenshot("embed-post-tour-step-2")
        .expect("the browser answers");
    b.click(
        &b.find(&by_testid("tour-next"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    b.wait_for("step 3: nginx restarted", TIMEOUT, |b| {
        Ok((testid(b, "restarts-nginx") == "1").then_some(()))
    })
    .expect("the browser answers");
    b.click(
        &b.find(&by_testid("tour-back"))
            .expect("the browser answers")
            .expect("the browser answers"),
    )
    .expect("the browser answers");
    b.wait_for("back to step 2, nginx not restarted", TIMEOUT, |b| {
        Ok((testid(b, "tour-step") == format!("Step 2 of {n}")
            && testid(b, "restarts-nginx") == "0")
            .then_some(()))
    })
    .expect("the browser answers");
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().expect("the browser answers");

    // 3: the zombies, only once the reader asks.
    b.click(&load).expect("the browser answers");
    let three = b
        .wait_for("the third iframe", TIMEOUT, |b| {
            let f = frames(b);
            Ok((f.len() == 3).then_some(f))
        })
        .expect("the browser answers");
    assert!(
        b.find("button.podscope-load")
            .expect("the browser answers")
            .is_none()
    );
    enter(&b, &three[2], "app");
    assert!(testid(&b, "tour-step").starts_with("Step 1 of "));
    wasm_requests += count_wasm(&b, &origin);
    b.parent_frame().expect("the browser answers");
    b.screenshot("embed-post-zombies")
        .expect("the browser answers");

    // Nothing outside the origin, from the post or any embed.
    let mut all = requested(&b);
    let mut transfer = transferred(&b);
    for f in &three {
        b.switch_to_frame(f).expect("the browser answers");
        all.extend(requested(&b));
        transfer += transferred(&b);
        b.parent_frame().expect("the browser answers");
    }
    let foreign: Vec<_> = all.iter().filter(|u| !u.starts_with(&origin)).collect();
    assert!(foreign.is_empty(), "requests outside {origin}: {foreign:?}");
    // Each embed asked for the one hashed wasm, and the server sent it once: `_headers` makes
    // it immutable, so the second and third embeds took it from the browser's cache.
    assert_eq!(wasm_requests, 3, "one wasm request per embed");
    let served: Vec<_> = site
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with(".wasm"))
        .map(|r| r.path)
        .collect();
    assert_eq!(served.len(), 1, "the server sent the wasm once: {served:?}");
    eprintln!("figure: embed first byte to first diagram: {first_diagram:.0} ms");
    eprintln!("figure: the sample post with three embeds transferred {transfer:.0} bytes");
}

/// The bytes the current document and its resources took over the network (Resource
/// Timing's `transferSize`: headers included, 0 for a cache hit).
fn transferred(b: &Browser) -> f64 {
    b.execute(
        "return performance.getEntriesByType('navigation')\
         .concat(performance.getEntriesByType('resource'))\
         .reduce((sum, e) => sum + e.transferSize, 0);",
        vec![],
    )
    .expect("the browser answers")
    .as_f64()
    .expect("a number")
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
    .expect("the browser answers")
    .as_f64()
    .expect("the browser answers")
}

/// A copy of the site with one more page (the hostile post).
fn site_with(page: &str, html: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podscope-embed-{}", std::process::id()));
    copy_dir(&dist_dir(), &dir);
    std::fs::write(dir.join(page), html).expect("the site copy is written");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the site copy is written");
    for entry in std::fs::read_dir(from)
        .expect("the site copy is written")
        .map(Result::unwrap)
    {
        let target = to.join(entry.file_name());
        if entry
            .file_type()
            .expect("the site copy is written")
            .is_dir()
        {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("the site copy is written");
        }
    }
}

const HOSTILE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostile</title>
<script src="embed.js" defer></script></head>
<body>
<pre class="podscope" data-tour data-panels="editor,&lt;img src=x onerror=window.pwned=1&gt;">apiVersion: v1
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
        .expect("the browser answers")
        .expect("the click-to-load block");
    assert!(
        b.text(&pre)
            .expect("the browser answers")
            .contains("<script>window.pwned=4</script>"),
        "shown as text in the pre"
    );
    let frame = b
        .wait_for("the embed", TIMEOUT, |b| Ok(frames(b).into_iter().next()))
        .expect("the browser answers");
    b.switch_to_frame(&frame).expect("the browser answers");
    let note = b
        .wait_for("the bad panel's note", TIMEOUT, |b| {
            b.testid_text("embed-note")
        })
        .expect("the browser answers");
    assert!(
        note.contains("<img src=x onerror=window.pwned=1>"),
        "{note}"
    );
    let yaml = b
        .wait_for("the editor", TIMEOUT, |b| b.find(&by_testid("embed-yaml")))
        .expect("the browser answers");
    let text = b
        .execute("return arguments[0].value;", vec![yaml.to_arg()])
        .expect("the browser answers");
    assert!(
        text.as_str()
            .expect("the browser answers")
            .contains("<script>window.pwned=1</script>")
    );
    let problems = b
        .wait_for("the names' errors", TIMEOUT, |b| {
            b.testid_text("embed-problems")
        })
        .expect("the browser answers");
    assert!(problems.contains("<script>"), "{problems}");
    let said = b
        .wait_for("the narration", TIMEOUT, |b| b.testid_text("tour-text"))
        .expect("the tour box");
    assert_eq!(
        said, "<b onmouseover=window.pwned=3>bold?</b>",
        "narration is text"
    );
    let injected = b
        .execute(
            "return [window.pwned, document.querySelectorAll('main img, main script, main b').length];",
            vec![],
        )
        .expect("the browser answers");
    assert_eq!(injected, serde_json::json!([null, 0]));
    b.screenshot("embed-hostile").expect("the browser answers");
    b.parent_frame().expect("the browser answers");
    let top = b
        .execute("return window.pwned === undefined;", vec![])
        .expect("the browser answers");
    assert_eq!(top, Value::Bool(true));
}
