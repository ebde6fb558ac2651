//! The bundle text: every example reads back the same through it, and hostile texts give an
//! error at their line and column, never a panic.

use super::*;
use crate::model::time::SimDuration;
use crate::scenario::examples::ExampleId;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn err(text: &str) -> String {
    Bundle::parse(text).unwrap_err().to_string()
}

fn ok(text: &str) -> Bundle {
    Bundle::parse(text).unwrap_or_else(|e| panic!("{e}\n--- text ---\n{text}"))
}

#[test]
fn every_example_reads_back_the_same() {
    for id in ExampleId::ALL {
        let example = id.get();
        let bundle = Bundle {
            manifest: example.yaml.to_owned(),
            script: example.script.parse().expect("an example's script parses"),
            runtime: Some(example.runtime),
        };
        let text = bundle.to_text();
        assert_eq!(ok(&text), bundle, "{id}:\n{text}");
        // Without the runtime too, and as an embed's <pre> holds it: no header.
        let plain = Bundle {
            runtime: None,
            ..bundle
        };
        assert_eq!(ok(&plain.to_text()), plain, "{id}");
        let pre = format!("{}---\n{}", example.yaml, example.script);
        assert_eq!(ok(&pre).script, plain.script, "{id}");
        assert_eq!(
            ok(&pre).manifest,
            example.yaml.strip_suffix('\n').unwrap_or(example.yaml),
            "{id}"
        );
    }
}

#[test]
fn reads_the_header_the_manifest_and_the_scenario() {
    let b = ok("#podscope v1 runtime=cri-o\n\
                apiVersion: v1\nkind: Pod\n---\n\
                # the tour\n\
                at 9s say Now kill nginx and watch the IP stay.\n\
                at 9s kill demo/nginx\nat 14s end\n");
    assert_eq!(b.runtime, Some(Runtime::CriO));
    assert_eq!(b.manifest, "apiVersion: v1\nkind: Pod");
    assert_eq!(b.script.steps().len(), 1);
    assert_eq!(
        b.script.narration()[0].text,
        "Now kill nginx and watch the IP stay."
    );
    assert_eq!(b.script.end(), Some(SimDuration::from_secs(14)));
    assert_eq!(
        b.to_text(),
        "#podscope v1 runtime=cri-o\napiVersion: v1\nkind: Pod\n---\n\
         at 9s say Now kill nginx and watch the IP stay.\nat 9s kill demo/nginx\nat 14s end\n"
    );
    // Without a header: no runtime; a manifest of several documents stays whole.
    let b = ok("a: 1\n---\nb: 2\n---\n\n  # comment\n  at 1s kill demo/x\n");
    assert_eq!((b.runtime, b.manifest.as_str()), (None, "a: 1\n---\nb: 2"));
    assert_eq!(b.script.steps().len(), 1);
    // Without a scenario, the whole text is the manifest, `---` lines included.
    let b = ok("a: 1\n---\n---\nb: at 1s\n---\n");
    assert_eq!(b.manifest, "a: 1\n---\n---\nb: at 1s\n---\n");
    assert!(b.script.is_empty());
    assert_eq!(ok(&b.to_text()), b);
}

#[test]
fn hostile_texts_are_read_or_refused_with_their_place() {
    // Empty, only a header (with or without its line break), a header without a version.
    assert_eq!(ok(""), Bundle::default());
    assert_eq!(ok("#podscope v1"), Bundle::default());
    assert_eq!(ok("#podscope v1\n").to_text(), "#podscope v1\n");
    assert_eq!(
        err("#podscope\na: 1"),
        "line 1: #podscope needs a version, like `#podscope v1`"
    );
    // `#podscopex` is no header: a YAML comment of the manifest.
    assert_eq!(ok("#podscopex v2\n").manifest, "#podscopex v2\n");
    // Only a scenario: without a `---` before it, it is the manifest's text (the manifest's
    // diagnostics say so); with one, the manifest is empty.
    assert_eq!(
        ok("at 9s kill demo/nginx\n").manifest,
        "at 9s kill demo/nginx\n"
    );
    let b = ok("---\nat 9s kill demo/nginx\n");
    assert_eq!((b.manifest.as_str(), b.script.steps().len()), ("", 1));
    assert_eq!(ok(&b.to_text()), b);
    // The header twice.
    assert_eq!(
        err("#podscope v1\n#podscope v1 runtime=docker\na: 1\n"),
        "line 2: a second #podscope line: only the first line of the text may hold one"
    );
    // `---` inside a heredoc belongs to the scenario.
    let b = ok("kind: Pod\n---\nat 1s apply <<EOF\nkind: Pod\n---\nat: 2s\nEOF\nat 2s end\n");
    assert_eq!(b.manifest, "kind: Pod");
    assert_eq!(b.script.steps().len(), 1);
    assert_eq!(ok(&b.to_text()), b);
    // CRLF line ends and a BOM.
    let b = ok("\u{feff}#podscope v1 runtime=docker\r\nkind: Pod\r\n---\r\nat 1s kill demo/x\r\n");
    assert_eq!(b.runtime, Some(Runtime::Docker));
    assert_eq!(b.manifest, "kind: Pod\r");
    assert_eq!(b.script.steps().len(), 1);
    assert_eq!(ok(&b.to_text()), b);
    // Invalid runtime, unknown and repeated keys, at their columns.
    assert_eq!(
        err("#podscope v1 runtime=rkt\n"),
        "line 1, column 22: unknown runtime \"rkt\": supported values: containerd, cri-o, docker"
    );
    assert_eq!(
        err("#podscope v1  theme=dark"),
        "line 1, column 15: unknown #podscope setting \"theme=dark\": \
         v1 knows runtime=containerd|cri-o|docker"
    );
    assert_eq!(
        err("#podscope v1 runtime=docker runtime=cri-o"),
        "line 1, column 29: runtime= is given twice in the #podscope line"
    );
    // Versions.
    assert_eq!(
        err("#podscope v2 runtime=wasm\n"),
        "line 1: #podscope v2: this text was made by a newer podscope; this podscope reads v1"
    );
    assert_eq!(
        err("#podscope 1"),
        "line 1: #podscope 1: expected a version like v1; this podscope reads v1"
    );
    assert!(err("#podscope v99999999999999999999").contains("expected a version like v1"));
    // Scenario errors at the bundle's line.
    assert_eq!(
        err("#podscope v1\nkind: Pod\n---\nat 5s kill demo/x\nat 2s say early\n"),
        "line 5, column 4: step at 2s goes back in time: line 4 is at 5s; steps must be in time order"
    );
    assert_eq!(
        err("a: 1\n---\nat 1m end\nat 2m say late\n"),
        "line 4: no step may follow the `end` on line 3"
    );
    assert_eq!(
        err("a: 1\n---\nat 5s say   \n"),
        "line 3, column 10: expected the words to say after `say`, like `at 9s say Now kill nginx`"
    );
}

#[test]
fn the_text_is_capped_like_any_input() {
    let at_cap = format!("#{}", "x".repeat(MAX_INPUT_BYTES - 1));
    assert_eq!(ok(&at_cap).manifest.len(), MAX_INPUT_BYTES);
    let over = format!("{at_cap}x");
    assert_eq!(
        err(&over),
        format!("line 1: the text is 3145729 bytes; podscope reads at most {MAX_INPUT_BYTES}")
    );
}

#[test]
fn mutated_bundles_never_panic_and_what_parses_reads_back() {
    let example = ExampleId::Demo.get();
    let bundle = Bundle {
        manifest: example.yaml.to_owned(),
        script: example.script.parse().expect("parses"),
        runtime: Some(Runtime::CriO),
    };
    let text = bundle.to_text();
    let mut rng = crate::model::rng::SeededRng::new(13);
    let (mut read, mut refused) = (0, 0);
    for _ in 0..2000 {
        let alphabet = b" \n\r\t-#=atv12\xef\xbb\xbf\xc3\xa9";
        let mutated = crate::scenario::script::tests::mutate_with(&text, &mut rng, alphabet);
        match Bundle::parse(&mutated) {
            Ok(b) => {
                read += 1;
                if !b.manifest.lines().any(is_header) {
                    assert_eq!(ok(&b.to_text()), b, "{mutated:?}");
                }
            }
            Err(e) => {
                refused += 1;
                assert!(
                    e.line >= 1 && e.line <= mutated.lines().count().max(1),
                    "{e}"
                );
                assert!(e.column >= 1, "{e}");
            }
        }
    }
    assert!(
        read > 200 && refused > 200,
        "read {read}, refused {refused}"
    );
}
