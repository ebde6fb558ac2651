//! `podscope link`: the printed fragment opens as the same bundle; `--lengths` is the table
//! in docs/figures.md.

use podscope_core::scenario::script::Scenario;
use podscope_core::{Bundle, Runtime, link};

use super::{fixture, podscope, podscope_stdin};

const DEMO_YAML: &str = include_str!("../../../podscope-core/src/scenario/examples/demo.yaml");
const DEMO_SCRIPT: &str = include_str!("../../../podscope-core/src/scenario/examples/demo.script");

#[test]
fn the_printed_fragment_decodes_to_the_same_bundle() {
    let (pod, script) = (
        fixture("link.yaml", DEMO_YAML),
        fixture("link.script", DEMO_SCRIPT),
    );
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let (code, out, err) = podscope(&["link", p, "--script", s]);
    assert_eq!((code, err.as_str()), (0, ""));
    let fragment = out.strip_suffix('\n').expect("one line");
    assert!(fragment.starts_with("#v1:"), "{fragment}");
    let expected = Bundle {
        manifest: DEMO_YAML.to_owned(),
        script: DEMO_SCRIPT.parse::<Scenario>().expect("parses"),
        runtime: None,
    };
    assert_eq!(link::decode(fragment), Ok(expected.clone()));
    // With a base, the whole link; with --runtime, the runtime travels too.
    let (code, out, _) = podscope(&[
        "link",
        p,
        "--script",
        s,
        "--base",
        "https://example.org/post/?x=1#old",
        "--runtime",
        "cri-o",
    ]);
    assert_eq!(code, 0);
    let whole = out.trim_end();
    let (base, fragment) = whole.split_once('#').expect("a fragment");
    assert_eq!(base, "https://example.org/post/?x=1");
    let opened = link::decode(fragment).expect("opens");
    assert_eq!(opened.runtime, Some(Runtime::CriO));
    assert_eq!(
        (opened.manifest, opened.script),
        (expected.manifest, expected.script)
    );
    // A bundle on stdin keeps its header's runtime.
    let (_, out, _) = podscope_stdin(
        &["link", "-"],
        &format!("#podscope v1 runtime=docker\n{DEMO_YAML}"),
    );
    assert_eq!(
        link::decode(out.trim_end()).map(|b| b.runtime),
        Ok(Some(Runtime::Docker))
    );
}

#[test]
fn link_usage_errors_exit_2() {
    let pod = fixture("link-usage.yaml", DEMO_YAML);
    let p = pod.to_str().unwrap();
    assert_eq!(podscope(&["link", p, "--theme", "dark"]).0, 2);
    assert_eq!(podscope(&["link", p, "--base"]).0, 2);
    assert_eq!(podscope(&["link"]).0, 2);
}

#[test]
fn lengths_are_the_table_in_docs_figures() {
    let (code, table, _) = podscope(&["link", "--lengths"]);
    assert_eq!(code, 0);
    assert_eq!(table.lines().count(), 2 + 14, "{table}");
    let demo = table.lines().nth(2).expect("the demo's row");
    assert!(demo.starts_with("| demo | "), "{demo}");
    let figures = include_str!("../../../../docs/figures.md");
    assert!(
        figures.contains(&table),
        "docs/figures.md's \"Share-link length of each example\" is stale: paste `cargo run -q -p podscope-cli -- link --lengths`\n{table}"
    );
}
