//! `podscope svg` and bundles as FILE: the scenario played to a moment, drawn; every
//! mistake a message and an exit code; docs/demo.svg kept fresh.

use super::{fixture, podscope, podscope_stdin};

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../podscope-core/src/scenario/examples"
);

fn demo() -> (String, String) {
    (
        std::fs::read_to_string(format!("{EXAMPLES}/demo.yaml")).expect("the demo"),
        std::fs::read_to_string(format!("{EXAMPLES}/demo.script")).expect("its script"),
    )
}

/// The demo as one bundle text, on containerd.
fn demo_bundle() -> String {
    let (yaml, script) = demo();
    format!("#podscope v1 runtime=containerd\n{yaml}---\n{script}")
}

/// The texts of the document's `<text>` elements, joined with their `<tspan>`s, after
/// checking it parses.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect()
        })
        .collect()
}

fn restarts_of(texts: &[String], state: &str) -> Vec<String> {
    texts
        .iter()
        .filter(|t| t.starts_with(state) && t.contains("restarts"))
        .cloned()
        .collect()
}

#[test]
fn svg_of_a_bundle_plays_its_scenario_to_the_end_or_to_at() {
    let path = fixture("demo.bundle", &demo_bundle());
    let p = path.to_str().unwrap();
    let (code, end, err) = podscope(&["svg", p]);
    assert_eq!((code, err.as_str()), (0, ""));
    let t = texts(&end);
    // At the end (14s) nginx has been killed once and restarted; the last narration is
    // the caption.
    assert!(
        t.iter().any(|t| t.starts_with("Running  restarts 1")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|t| t.starts_with("nginx was killed: the kubelet restarted it")),
        "{t:?}"
    );
    let (code, early, _) = podscope(&["svg", p, "--at", "5s", "--theme", "dark"]);
    assert_eq!(code, 0);
    let t = texts(&early);
    assert_eq!(restarts_of(&t, "Running").len(), 2, "{t:?}");
    assert!(t.iter().all(|t| !t.contains("restarts 1")), "{t:?}");
    assert!(
        !t.iter().any(|t| t.contains("busybox and nginx share")),
        "no narration yet: {t:?}"
    );
    assert_ne!(early, end);
    // The same from stdin, with the caption chosen (and none).
    let (code, own, _) = podscope_stdin(
        &["svg", "-", "--caption", "my words & <yours>"],
        &demo_bundle(),
    );
    assert_eq!(code, 0);
    assert!(texts(&own).contains(&"my words & <yours>".to_owned()));
    let (_, none, _) = podscope(&["svg", p, "--caption", ""]);
    assert!(
        !texts(&none)
            .iter()
            .any(|t| t.starts_with("nginx was killed"))
    );
}

#[test]
fn svg_of_a_manifest_is_time_zero_unless_a_script_or_at_says_otherwise() {
    let (yaml, script) = demo();
    let (pod, script) = (
        fixture("svg-demo.yaml", &yaml),
        fixture("svg-demo.script", &script),
    );
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let (code, zero, err) = podscope(&["svg", p]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        texts(&zero)
            .iter()
            .any(|t| t.starts_with("ContainerCreating")),
        "{zero}"
    );
    let (_, later, _) = podscope(&["svg", p, "--at", "30s"]);
    assert_eq!(restarts_of(&texts(&later), "Running  restarts 0").len(), 2);
    let (_, scripted, _) = podscope(&["svg", p, "--script", s]);
    let (_, bundled, _) = podscope_stdin(&["svg", "-"], &demo_bundle());
    assert_eq!(scripted, bundled, "--script and a bundle draw the same");
}

#[test]
fn svg_errors_are_messages_and_exit_codes() {
    let bundle = fixture("errors.bundle", &demo_bundle());
    let b = bundle.to_str().unwrap();
    let script = fixture("errors.script", "at 1s kill demo/nginx\n");
    let s = script.to_str().unwrap();
    // A usage mistake: exit 2 and the usage.
    for (args, says) in [
        (
            vec!["svg", b, "--at", "5x"],
            "--at 5x: time: unknown unit \"x\" in duration \"5x\"",
        ),
        (vec!["svg", b, "--at", "-1s"], "is negative"),
        (vec!["svg", b, "--at", "9999h"], "a scenario runs at most"),
        (
            vec!["svg", b, "--theme", "sepia"],
            "unknown theme \"sepia\": light or dark",
        ),
        (
            vec!["svg", b, "--runtime", "crio"],
            "unknown runtime \"crio\"",
        ),
        (vec!["svg", b, "--frame", "x"], "unknown option --frame"),
        (
            vec!["svg", b, "--script", s],
            "carries a scenario after its `---` line and --script gives another: use one",
        ),
        (
            vec!["svg", "-", "--script", "-"],
            "only one of FILE and --script",
        ),
    ] {
        let (code, out, err) = podscope(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            out.is_empty() && err.contains(says) && err.contains("usage:"),
            "{args:?}: {err}"
        );
    }
    // Bad input: exit 1, the problem at its place, nothing on stdout.
    let bad_yaml = fixture(
        "bad-svg.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: demo\n",
    );
    let y = bad_yaml.to_str().unwrap();
    let bad_header = fixture(
        "bad-header.bundle",
        "#podscope v2 runtime=docker\nkind: Pod\n",
    );
    let h = bad_header.to_str().unwrap();
    let bad_step = fixture(
        "bad-step.bundle",
        "#podscope v1\napiVersion: v1\n---\nat 5 kill demo/nginx\n",
    );
    let st = bad_step.to_str().unwrap();
    for (args, says) in [
        (
            vec!["svg", y],
            format!("{y}:4:1: error: did not find expected ',' or '}}'"),
        ),
        (
            vec!["svg", h],
            format!("{h}:1:1: error: #podscope v2: this text was made by a newer podscope"),
        ),
        (
            vec!["svg", st],
            format!("{st}:4:4: error: time: missing unit in duration \"5\""),
        ),
        (
            vec!["svg", "/nonexistent/pod.yaml"],
            "error: /nonexistent/pod.yaml: ".to_owned(),
        ),
    ] {
        let (code, out, err) = podscope(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.starts_with(&says) && !err.contains("usage:"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_header_line_keeps_manifest_problems_at_their_line_in_the_file() {
    let text = "#podscope v1\napiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: nginx\n    imagee: nginx\n";
    let path = fixture("header-lines.bundle", text);
    let p = path.to_str().unwrap();
    let (code, _, err) = podscope(&["svg", p]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "{p}:7:5: error: spec.containers[0].image: Required value"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{p}:8:5: warning:")), "{err}");
}

#[test]
fn run_plays_a_bundle_as_it_plays_a_manifest_and_a_script() {
    let (yaml, script) = demo();
    let (pod, script) = (
        fixture("run-b.yaml", &yaml),
        fixture("run-b.script", &script),
    );
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let bundle = fixture("run-b.bundle", &demo_bundle());
    let (code, from_bundle, err) = podscope(&["run", bundle.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (_, from_files, _) = podscope(&["run", p, "--script", s]);
    assert_eq!(from_bundle, from_files);
    assert!(
        from_bundle.contains("[9s] kill demo/nginx"),
        "{from_bundle}"
    );
    // The header's runtime, unless --runtime says otherwise.
    let docker = fixture(
        "run-docker.bundle",
        &format!("#podscope v1 runtime=docker\n{yaml}---\nat 15s node -- docker ps\n"),
    );
    let d = docker.to_str().unwrap();
    let (code, out, err) = podscope(&["run", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("k8s_nginx_demo_default_"), "{out}");
    let (_, out, _) = podscope(&["run", d, "--runtime", "containerd"]);
    assert!(!out.contains("k8s_nginx_demo_default_"), "{out}");
    // A manifest without a scenario cannot be run.
    let (code, _, err) = podscope(&["run", p]);
    assert_eq!(code, 2);
    assert!(
        err.contains("run needs a scenario: --script FILE, or a bundle with one after `---`"),
        "{err}"
    );
}

/// docs/demo.svg is what `podscope svg` draws of the demo example after its scenario;
/// `UPDATE_DEMO_SVG=1` rewrites it.
#[test]
fn docs_demo_svg_is_fresh() {
    let (code, svg, err) = podscope(&[
        "svg",
        &format!("{EXAMPLES}/demo.yaml"),
        "--script",
        &format!("{EXAMPLES}/demo.script"),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/demo.svg");
    if std::env::var_os("UPDATE_DEMO_SVG").is_some() {
        std::fs::write(path, &svg).expect("writes docs/demo.svg");
    }
    let kept = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        kept == svg,
        "docs/demo.svg is stale: run `UPDATE_DEMO_SVG=1 cargo test -p podscope-cli docs_demo_svg_is_fresh`"
    );
}

#[test]
fn svg_at_a_tour_stop_shows_it_as_the_embed_does() {
    let path = fixture("stops.bundle", &demo_bundle());
    let p = path.to_str().unwrap();
    // Stop 2 of the demo: "Now kill nginx" at 9s, before the kill is played.
    let (code, out, err) = podscope(&["svg", p, "--stop", "2"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let t = texts(&out);
    assert!(
        t.iter().any(|t| t.starts_with("Now kill nginx (SIGKILL)")),
        "{t:?}"
    );
    assert_eq!(restarts_of(&t, "Running  restarts 0").len(), 2, "{t:?}");
    // Stop 3 comes after the kill.
    let (_, out, _) = podscope(&["svg", p, "--stop", "3"]);
    assert!(
        texts(&out)
            .iter()
            .any(|t| t.starts_with("Running  restarts 1"))
    );
    for (args, says) in [
        (vec!["svg", p, "--stop", "4"], "--stop 4: "),
        (
            vec!["svg", p, "--stop", "0"],
            "--stop wants a tour stop's number",
        ),
        (
            vec!["svg", p, "--stop", "1", "--at", "3s"],
            "--at and --stop both choose the moment",
        ),
    ] {
        let (code, out, err) = podscope(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty() && err.contains(says), "{args:?}: {err}");
    }
    let (_, _, err) = podscope(&["svg", p, "--stop", "4"]);
    assert!(
        err.contains("has 3 tour stops (one per `say` step)"),
        "{err}"
    );
}
