//! Hostile input for the security stories: payloads that, if the page ever treated them as
//! markup or code, would set `window.__pwned` or add an element with the id `MARKER_ID`;
//! and the checks that nothing of the kind happened and that the text was shown as text.

use crate::webdriver::Browser;

/// The id a payload's element would carry if it were parsed as markup.
pub const MARKER_ID: &str = "pwned";

/// Every payload, each short enough for a Kubernetes annotation or an env value. Each would
/// run `window.__pwned = N` or add `#pwned` if it were ever inserted as HTML, SVG or a URL.
pub const PAYLOADS: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img id=pwned src=x onerror=\"window.__pwned=2\">",
    "javascript:window.__pwned=3",
    "<svg id=pwned onload=\"window.__pwned=4\"><circle r=1></circle></svg>",
    "\"><iframe id=pwned srcdoc=\"<script>parent.__pwned=5</script>\"></iframe>",
    "'><b id=pwned onmouseover=\"window.__pwned=6\">x</b>",
    "{{constructor.constructor('window.__pwned=7')()}}",
    "]]><img id=pwned src=x onerror=\"window.__pwned=8\">",
    "</textarea></title></style><img id=pwned src=x onerror=\"window.__pwned=9\">",
    "<a id=pwned href=\"javascript:window.__pwned=10\">x</a>",
    "<foreignObject><div id=pwned>x</div></foreignObject>",
    "<style id=pwned>*{display:none}</style>",
];

/// A payload as a YAML double-quoted scalar (so that it survives as one value).
pub fn yaml_quoted(payload: &str) -> String {
    format!("\"{}\"", payload.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A scenario that narrates every payload, one a second (`at 1s say …`: docs/scenarios.md),
/// for the stories that load a scenario (share links, embeds, tours).
pub fn narration_script() -> String {
    PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("at {}s say {p}\n", i + 1))
        .collect()
}

/// Fails the test if a payload ran: an alert dialog is open, `window.__pwned` is set, an
/// element `#pwned` exists (in the page or an open shadow root), or the console logged an
/// error.
pub fn assert_nothing_ran(b: &Browser) {
    // With a dialog open, every command but the alert ones fails with "unexpected alert".
    let state = b
        .execute(
            "return {pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned), \
                     marker: document.getElementById(arguments[0]) !== null \
                          || document.querySelector('[id=' + JSON.stringify(arguments[0]) + ']') !== null};",
            vec![serde_json::Value::from(MARKER_ID)],
        )
        .unwrap_or_else(|e| panic!("the page does not answer (an alert dialog open?): {e}"));
    assert!(
        state["pwned"].is_null(),
        "a payload ran: window.__pwned = {}",
        state["pwned"]
    );
    assert_eq!(
        state["marker"], false,
        "a payload became markup: an element #{MARKER_ID} exists"
    );
    let errors = b
        .console_errors()
        .expect("chromedriver gives the browser log");
    assert!(errors.is_empty(), "the console logged errors: {errors:#?}");
}

/// Fails the test unless `payload`'s text is somewhere in the page's text (`textContent`,
/// which includes form fields' values through the check below and the editor's lines).
pub fn assert_shown_as_text(b: &Browser, payload: &str) {
    let shown = b
        .execute(
            "const p = arguments[0]; \
             if (document.body.textContent.includes(p)) return true; \
             return [...document.querySelectorAll('textarea, input')].some(e => (e.value || '').includes(p));",
            vec![serde_json::Value::from(payload)],
        )
        .expect("the page answers");
    assert_eq!(
        shown, true,
        "not shown as text anywhere on the page: {payload}"
    );
}

#[cfg(test)]
mod tests {
    use super::{MARKER_ID, PAYLOADS, narration_script, yaml_quoted};

    #[test]
    fn every_payload_would_leave_a_trace_if_it_ran() {
        for p in PAYLOADS {
            assert!(
                p.contains("__pwned") || p.contains(&format!("id={MARKER_ID}")),
                "{p}"
            );
        }
    }

    #[test]
    fn the_narration_says_each_payload_in_turn() {
        let script = narration_script();
        assert_eq!(script.lines().count(), PAYLOADS.len());
        assert_eq!(
            script.lines().next(),
            Some("at 1s say <script>window.__pwned=1</script>")
        );
    }

    #[test]
    fn yaml_quoting_escapes_quotes_and_backslashes() {
        assert_eq!(yaml_quoted(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
