//! Hostile input never runs: manifests carrying `hostile::PAYLOADS` in every field a user
//! controls, loaded through the editor and through the saved session, then shown by the
//! diagram, the Problems list, `kubectl describe`, `cat` of a ConfigMap or Secret file, the
//! shell's own echo, and the diagram's SVG and PNG export. After each, nothing ran (no
//! dialog, no `window.__pwned`, no `#pwned`, no console error) and the text is on the page.

use std::time::Duration;

use podscope_e2e::editing::paste_over;
use podscope_e2e::hostile::{PAYLOADS, assert_nothing_ran, assert_shown_as_text, yaml_quoted};
use podscope_e2e::open_on;
use podscope_e2e::webdriver::{Browser, by_testid};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(30);
const ENTER: &str = "\u{E007}";

/// A ConfigMap, a Secret and a pod carrying every payload in the free-text fields a valid
/// manifest allows: data, stringData, annotations, command arguments, env values, an image.
fn hostile_manifest() -> String {
    let indexed = |indent: &str, key: &str| -> String {
        PAYLOADS
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{indent}{key}{i}: {}\n", yaml_quoted(p)))
            .collect()
    };
    let args: Vec<String> = PAYLOADS.iter().map(|p| yaml_quoted(p)).collect();
    let env: String = PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("    - {{name: E{i}, value: {}}}\n", yaml_quoted(p)))
        .collect();
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n{}---\n\
         apiVersion: v1\nkind: Secret\nmetadata:\n  name: hostile-secret\nstringData:\n{}---\n\
         apiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\n  annotations:\n{}spec:\n  containers:\n\
         \x20 - name: app\n    image: busybox\n    command: [sleep, \"3600\", {}]\n    env:\n{env}\
         \x20   volumeMounts:\n    - {{name: cfg, mountPath: /etc/hostile}}\n\
         \x20   - {{name: sec, mountPath: /etc/secret}}\n\
         \x20 - name: bad\n    image: {}\n  volumes:\n\
         \x20 - {{name: cfg, configMap: {{name: hostile}}}}\n\
         \x20 - {{name: sec, secret: {{secretName: hostile-secret}}}}\n",
        indexed("  ", "k"),
        indexed("  ", "s"),
        indexed("    ", "a"),
        args.join(", "),
        yaml_quoted(PAYLOADS[1]),
    )
}

/// The site on its demo pod.
fn open_demo() -> Browser {
    let b = podscope_e2e::open_site();
    b.wait_for("the demo pod", TIMEOUT, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .expect("the demo pod");
    b
}

fn click(b: &Browser, testid: &str) {
    let el = b
        .wait_for(testid, TIMEOUT, |b| b.find(&by_testid(testid)))
        .expect("the element appears");
    b.click(&el).expect("clicked");
}

/// Chooses the terminal's target whose label ends with `suffix` (`/app`, or `node`).
fn target(b: &Browser, suffix: &str) {
    b.execute(
        "const s = document.querySelector('[data-testid=\"term-target\"]'); \
         const o = [...s.options].find(o => o.text.endsWith(arguments[0])); \
         s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(suffix)],
    )
    .expect("the target is chosen");
}

/// Opens a shell in evil/app, as `kubectl exec -it evil -c app -- sh`.
fn shell_in_app(b: &Browser) {
    target(b, "/app");
    b.wait_for("app's prompt", TIMEOUT, |b| {
        Ok(b.testid_text("term-prompt")?
            .filter(|p| p.trim_end().ends_with('#')))
    })
    .expect("a shell in app");
}

/// Types `line` and Enter; returns the text (`textContent`) of the newest entry once it
/// shows the line.
fn run(b: &Browser, line: &str) -> String {
    let before = b
        .find_all(&by_testid("term-entry"))
        .expect("the page answers")
        .len();
    let input = b
        .find(&by_testid("term-input"))
        .expect("the page answers")
        .expect("the terminal's input");
    b.type_text(&input, &format!("{line}{ENTER}"))
        .expect("typed");
    b.wait_for(&format!("the output of {line:?}"), TIMEOUT, |b| {
        if b.find_all(&by_testid("term-entry"))?.len() <= before {
            return Ok(None);
        }
        let text = b.execute(
            "const e = [...document.querySelectorAll('[data-testid=\"term-entry\"]')].pop(); \
             return e ? e.textContent : '';",
            vec![],
        )?;
        Ok(text.as_str().map(str::to_owned))
    })
    .expect("the line's output shows")
}

#[test]
fn payloads_in_a_manifests_text_fields_are_shown_by_the_tools_as_text() {
    let b = open_on(&hostile_manifest(), "app");
    assert_nothing_ran(&b);
    click(&b, "speed-60");
    b.wait_for("app running", TIMEOUT, |b| {
        Ok((b.testid_text("state-app")?.as_deref() == Some("Running")).then_some(()))
    })
    .expect("the container runs");
    click(&b, "speed-1");

    // kubectl describe: annotations, the command's arguments, env values, the bad image.
    let described = run(&b, "kubectl describe pod evil");
    for p in PAYLOADS {
        assert!(
            described.contains(p),
            "describe does not show {p}:\n{described}"
        );
    }
    assert_nothing_ran(&b);

    // Inside the container: the ConfigMap's and the Secret's files, and the environment.
    shell_in_app(&b);
    for (i, p) in PAYLOADS.iter().enumerate() {
        let out = run(&b, &format!("cat /etc/hostile/k{i} /etc/secret/s{i}"));
        assert_eq!(out.matches(p).count(), 2, "cat k{i} and s{i}:\n{out}");
    }
    let env = run(&b, "env");
    for p in PAYLOADS {
        assert!(env.contains(p), "env does not show {p}:\n{env}");
    }
    for p in PAYLOADS {
        assert_shown_as_text(&b, p);
    }
    assert_nothing_ran(&b);
    b.screenshot("security-hostile-manifest").expect("saved");
}

#[test]
fn payloads_typed_into_the_terminal_are_echoed_as_text() {
    let b = open_on(&hostile_manifest(), "app");
    shell_in_app(&b);
    for p in PAYLOADS {
        // Single-quoted for the shell: a payload's own `'` ends and restarts the quote.
        let quoted = format!("'{}'", p.replace('\'', "'\\''"));
        let out = run(&b, &format!("echo {quoted}"));
        assert!(
            out.trim_end().ends_with(&format!("\n{p}")),
            "echo {p}:\n{out}"
        );
        // The payload as a command line: the shell's error names it.
        run(&b, p);
    }
    for p in PAYLOADS {
        assert_shown_as_text(&b, p);
    }
    assert_nothing_ran(&b);
}

#[test]
fn payloads_in_names_are_reported_as_text_through_the_editor() {
    // Names are validated: a payload in one is an error whose message quotes it (Go's %q:
    // payloads without `"` or `\` read back as they are).
    let plain: Vec<&str> = PAYLOADS
        .iter()
        .copied()
        .filter(|p| !p.contains(['"', '\\']))
        .collect();
    assert!(plain.len() >= 4, "{plain:?}");
    let q = |i: usize| yaml_quoted(plain[i % plain.len()]);
    let manifest = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\n  labels:\n    {}: {}\nspec:\n  containers:\n\
         \x20 - name: {}\n    image: busybox\n    ports:\n    - {{name: {}, containerPort: 80}}\n\
         \x20   volumeMounts: [{{name: {}, mountPath: /x}}]\n  volumes:\n  - {{name: {}, emptyDir: {{}}}}\n\
         ---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {}\nspec:\n  ports: [{{port: 80, name: {}}}]\n",
        q(0),
        q(1),
        q(2),
        q(3),
        q(4),
        q(5),
        q(5),
        q(6),
        q(7),
    );
    let b = open_demo();
    paste_over(&b, &manifest).expect("pasted");
    let problems = b
        .wait_for("the diagnostics", TIMEOUT, |b| {
            Ok(b.testid_text("diagnostics")?
                .filter(|t| t.contains("Invalid value")))
        })
        .expect("the errors are listed");
    assert!(
        problems.contains(plain[0]),
        "the pod's name is quoted: {problems}"
    );
    for p in &plain {
        assert_shown_as_text(&b, p);
    }
    assert_nothing_ran(&b);
    b.screenshot("security-hostile-names").expect("saved");
}

#[test]
fn exporting_a_diagram_of_hostile_text_runs_nothing() {
    let b = open_on(&hostile_manifest(), "app");
    click(&b, "export-svg");
    click(&b, "export-png");
    for kind in ["svg", "png"] {
        let bytes = b
            .wait_for(&format!("the {kind} download"), TIMEOUT, |b| {
                let Some(a) = b.find(&by_testid(&format!("export-link-{kind}")))? else {
                    return Ok(None);
                };
                b.attribute(&a, "data-bytes")
            })
            .expect("the export is offered");
        assert!(
            bytes.parse::<u64>().unwrap_or(0) > 1_000,
            "{kind}: {bytes} bytes"
        );
    }
    assert_nothing_ran(&b);
}

#[test]
fn the_checks_catch_a_payload_that_became_markup() {
    let b = open_demo();
    let caught = |f: &dyn Fn()| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err();
    assert!(caught(&|| assert_shown_as_text(&b, "text that is nowhere")));
    // Markup inserted as HTML: the CSP blocks its handler (a console error), and its element
    // is there; either one fails the check.
    b.execute(
        "document.body.insertAdjacentHTML('beforeend', arguments[0]);",
        vec![json!(PAYLOADS[1])],
    )
    .expect("inserted");
    assert!(
        caught(&|| assert_nothing_ran(&b)),
        "an #pwned element went unseen"
    );
    b.execute(
        "document.getElementById('pwned').remove(); window.__pwned = 1;",
        vec![],
    )
    .expect("the page answers");
    assert!(
        caught(&|| assert_nothing_ran(&b)),
        "window.__pwned went unseen"
    );
}
