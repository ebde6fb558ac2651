//! Reading the user's YAML: split documents, decode Pods into the real API types, and turn
//! every failure into a diagnostic with its line and column.

use k8s_openapi::api::core::v1 as api;
use serde::Deserialize;

use crate::diag::{Diagnostic, Location};
use crate::spec::{self, PodSpec};

/// What a manifest text yields: the pods the model can run, and everything worth saying.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub pods: Vec<PodSpec>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifest {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The `apiVersion` and `kind` every object starts with.
#[derive(Deserialize)]
struct TypeMeta {
    #[serde(rename = "apiVersion", default)]
    api_version: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// One YAML document of the text, with the line it starts on (0-based offset).
struct Document<'a> {
    text: &'a str,
    first_line: usize,
}

/// Parses a manifest text with any number of `---`-separated documents.
pub fn parse(text: &str) -> Manifest {
    let mut out = Manifest::default();
    for doc in split_documents(text) {
        parse_document(&doc, &mut out);
    }
    if out.pods.is_empty() && !out.has_errors() {
        out.diagnostics.push(Diagnostic::error(
            None,
            "no Pod found: paste a manifest with kind: Pod",
        ));
    }
    out
}

fn parse_document(doc: &Document<'_>, out: &mut Manifest) {
    let value: serde_yaml::Value = match serde_yaml::from_str(doc.text) {
        Ok(v) => v,
        Err(e) => return out.diagnostics.push(yaml_error(&e, doc)),
    };
    if value.is_null() {
        return; // an empty document, or only comments
    }
    let start = Some(Location {
        line: doc.first_line + 1,
        column: 1,
    });
    let meta: TypeMeta = match serde_yaml::from_str(doc.text) {
        Ok(m) => m,
        Err(e) => return out.diagnostics.push(yaml_error(&e, doc)),
    };
    let (Some(api_version), Some(kind)) = (meta.api_version, meta.kind) else {
        return out.diagnostics.push(Diagnostic::error(
            start,
            "Object 'Kind' is missing: every document needs apiVersion and kind",
        ));
    };
    if kind != "Pod" {
        return out.diagnostics.push(Diagnostic::notice(
            start,
            format!("{kind} is not simulated yet; only Pods are"),
        ));
    }
    if api_version != "v1" {
        return out.diagnostics.push(Diagnostic::error(
            start,
            format!("no matches for kind \"Pod\" in version \"{api_version}\""),
        ));
    }
    let pod: api::Pod = match serde_yaml::from_str(doc.text) {
        Ok(p) => p,
        Err(e) => return out.diagnostics.push(yaml_error(&e, doc)),
    };
    match spec::pod_from_api(&pod) {
        Ok(p) => out.pods.push(p),
        Err(errs) => {
            let name = pod.metadata.name.as_deref().unwrap_or("");
            for e in errs {
                out.diagnostics.push(Diagnostic::error(
                    start,
                    format!("The Pod \"{name}\" is invalid: {e}"),
                ));
            }
        }
    }
}

/// A decode or syntax error, located in the whole text rather than its document.
fn yaml_error(e: &serde_yaml::Error, doc: &Document<'_>) -> Diagnostic {
    let mut message = e.to_string();
    let location = e.location().map(|l| {
        let own = format!(" at line {} column {}", l.line(), l.column());
        if let Some(i) = message.find(&own) {
            message.replace_range(i..i + own.len(), "");
        }
        Location {
            line: l.line() + doc.first_line,
            column: l.column(),
        }
    });
    Diagnostic::error(location, shift_lines(&message, doc.first_line))
}

/// Rewrites the other `line N` mentions in a parser message (`while parsing a flow mapping at
/// line 3 column 11`) from document-relative to whole-text line numbers.
fn shift_lines(message: &str, by: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        let (head, tail) = rest.split_at(i + 5);
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// Splits at lines that are a YAML document marker (`---` or `...` at column 0).
fn split_documents(text: &str) -> Vec<Document<'_>> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut first_line = 0;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = |m: &str| {
            bare.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        if is_marker("---") || is_marker("...") {
            docs.push(Document {
                text: &text[start..offset],
                first_line,
            });
            // The marker line may carry content (`--- {kind: Pod}`): keep it in the next document
            // by blanking only the marker itself.
            start = offset + 3;
            first_line = n;
        }
        offset += line.len();
    }
    docs.push(Document {
        text: &text[start..],
        first_line,
    });
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn documents_keep_their_line_numbers() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- \nc: 3\n");
        let starts: Vec<_> = docs.iter().map(|d| d.first_line).collect();
        assert_eq!(starts, [0, 1, 3]);
        assert_eq!(docs[1].text, "\nb: 2\n");
    }

    #[test]
    fn syntax_error_points_at_the_line_in_the_whole_text() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: x\n    image: [\n";
        let m = parse(text);
        let d = &m.diagnostics[0];
        assert!(d.is_error());
        assert_eq!(d.location.map(|l| l.line), Some(8), "{d}");
    }

    #[test]
    fn second_document_errors_are_offset() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: 7\n";
        let m = parse(text);
        let err = m
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .expect("an error");
        assert_eq!(err.location.map(|l| l.line), Some(9), "{err}");
        assert_eq!(
            shift_lines("at line 3 column 11, line x", 4),
            "at line 7 column 11, line x"
        );
        assert!(
            m.diagnostics
                .iter()
                .any(|d| d.message.contains("ConfigMap is not simulated"))
        );
    }
}
