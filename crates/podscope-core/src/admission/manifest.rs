//! Reading the user's YAML: split documents, classify each by `apiVersion` and `kind`, decode
//! the kinds podscope simulates into the real API types (reporting unknown fields the way
//! kubectl's strict field validation does), and turn every failure into a located diagnostic.

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as api;

use crate::admission::decode::{Failure, Read, Unknown};
use crate::model::diag::{Diagnostic, Location};
use crate::model::kinds::{self, KindStatus};
use crate::model::spans::SpanIndex;
use crate::model::yaml;
use std::rc::Rc;

/// One decoded object of a kind podscope simulates.
#[derive(Clone, Debug)]
pub enum Object {
    Pod(Box<api::Pod>),
    Deployment(Box<apps::Deployment>),
    ReplicaSet(Box<apps::ReplicaSet>),
    ReplicationController(Box<api::ReplicationController>),
    ConfigMap(Box<api::ConfigMap>),
    Secret(Box<api::Secret>),
    Service(Box<api::Service>),
    Namespace(Box<api::Namespace>),
    Node(Box<api::Node>),
    Job(Box<batch::Job>),
    LimitRange(Box<api::LimitRange>),
    ResourceQuota(Box<api::ResourceQuota>),
    PersistentVolume(Box<api::PersistentVolume>),
    PersistentVolumeClaim(Box<api::PersistentVolumeClaim>),
    ServiceAccount(Box<api::ServiceAccount>),
}

impl Object {
    /// The metadata of a namespaced object (`None` for Namespaces and Nodes).
    pub fn namespaced_meta(
        &self,
    ) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
        match self {
            Object::Pod(o) => Some(&o.metadata),
            Object::Deployment(o) => Some(&o.metadata),
            Object::ReplicaSet(o) => Some(&o.metadata),
            Object::ReplicationController(o) => Some(&o.metadata),
            Object::Job(o) => Some(&o.metadata),
            Object::ConfigMap(o) => Some(&o.metadata),
            Object::Secret(o) => Some(&o.metadata),
            Object::Service(o) => Some(&o.metadata),
            Object::LimitRange(o) => Some(&o.metadata),
            Object::ResourceQuota(o) => Some(&o.metadata),
            Object::PersistentVolumeClaim(o) => Some(&o.metadata),
            Object::ServiceAccount(o) => Some(&o.metadata),
            Object::Namespace(_) | Object::Node(_) | Object::PersistentVolume(_) => None,
        }
    }

    /// The same, to change.
    pub fn namespaced_meta_mut(
        &mut self,
    ) -> Option<&mut k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
        match self {
            Object::Pod(o) => Some(&mut o.metadata),
            Object::Deployment(o) => Some(&mut o.metadata),
            Object::ReplicaSet(o) => Some(&mut o.metadata),
            Object::ReplicationController(o) => Some(&mut o.metadata),
            Object::Job(o) => Some(&mut o.metadata),
            Object::ConfigMap(o) => Some(&mut o.metadata),
            Object::Secret(o) => Some(&mut o.metadata),
            Object::Service(o) => Some(&mut o.metadata),
            Object::LimitRange(o) => Some(&mut o.metadata),
            Object::ResourceQuota(o) => Some(&mut o.metadata),
            Object::PersistentVolumeClaim(o) => Some(&mut o.metadata),
            Object::ServiceAccount(o) => Some(&mut o.metadata),
            Object::Namespace(_) | Object::Node(_) | Object::PersistentVolume(_) => None,
        }
    }
}

/// Where an object came from, to locate its field paths in the text.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The document's index in the text.
    pub doc: usize,
    /// The line its content starts on (1-based).
    pub line: usize,
    /// For an item of a `kind: List`, the path of the item (`items[2]`); empty otherwise.
    pub prefix: String,
    /// Where each node of the document is.
    spans: Option<Rc<SpanIndex>>,
    /// Lines before the document's text in the whole text.
    line_offset: usize,
}

impl Origin {
    /// Where this object starts.
    pub fn location(&self) -> Option<Location> {
        if self.prefix.is_empty() {
            return Some(Location {
                line: self.line,
                column: 1,
            });
        }
        self.locate(&self.prefix)
    }

    /// Where a field path (including any `items[N]` prefix) is: its key if it is in the text,
    /// else its nearest ancestor that is, else the object's start.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let Some(spans) = &self.spans else {
            return Some(Location {
                line: self.line,
                column: 1,
            });
        };
        spans
            .key(path)
            .or_else(|| spans.nearest(path))
            .map(|l| Location {
                line: l.line + self.line_offset,
                column: l.column,
            })
            .or(Some(Location {
                line: self.line,
                column: 1,
            }))
    }

    /// Where the value at a field path (including any `items[N]` prefix) starts, when that
    /// very field is in the text (no ancestor stands in for it).
    pub fn value(&self, path: &str) -> Option<Location> {
        let l = self.spans.as_ref()?.value(path)?;
        Some(Location {
            line: l.line + self.line_offset,
            column: l.column,
        })
    }

    /// `path` inside this object, with the List item prefix if any.
    pub fn path(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_owned()
        } else {
            format!("{}.{path}", self.prefix)
        }
    }
}

/// An object and its origin.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub object: Object,
    pub origin: Origin,
}

/// What a manifest text yields: the objects podscope can simulate, and everything worth saying.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub objects: Vec<Decoded>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifest {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One YAML document of the text, with the line it starts on (0-based offset).
struct Document<'a> {
    text: &'a str,
    first_line: usize,
}

impl Document<'_> {
    /// The 1-based line of the document's first content (past blank and comment lines).
    fn content_line(&self) -> usize {
        let skip = self
            .text
            .lines()
            .take_while(|l| {
                let t = l.trim_start();
                t.is_empty() || t.starts_with('#') || t == "---"
            })
            .count();
        self.first_line + skip + 1
    }
}

/// What a document or List item is decoded from: its parsed value.
enum Source {
    Value(yaml::Value),
}

/// Parses a manifest text with any number of `---`-separated documents.
pub fn parse(text: &str) -> Manifest {
    let mut out = Manifest::default();
    for (i, doc) in split_documents(text).iter().enumerate() {
        parse_document(i, doc, &mut out);
    }
    out
}

fn parse_document(index: usize, doc: &Document<'_>, out: &mut Manifest) {
    let (value, spans) = yaml::parse_indexed(doc.text);
    let value = match value {
        Ok(v) => v,
        Err(e) => return out.diagnostics.push(yaml_error(&e, doc)),
    };
    if value.is_null() {
        return; // an empty document, or only comments
    }
    let spans = spans.into_iter().find(|s| !s.is_empty()).map(Rc::new);
    let origin = Origin {
        doc: index,
        line: doc.content_line(),
        prefix: String::new(),
        spans,
        line_offset: doc.first_line,
    };
    let Some((api_version, kind)) = type_meta(&value, &origin, out) else {
        return;
    };
    if kind == "List" && api_version == "v1" {
        let items = value
            .get("items")
            .and_then(yaml::Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for (i, item) in items.into_iter().enumerate() {
            let origin = Origin {
                prefix: format!("items[{i}]"),
                ..origin.clone()
            };
            if let Some((v, k)) = type_meta(&item, &origin, out) {
                classify(&v, &k, Source::Value(item), origin, out);
            }
        }
        return;
    }
    classify(&api_version, &kind, Source::Value(value), origin, out);
}

/// Reads `apiVersion` and `kind`; reports them missing as kubectl's client-side validation
/// does (`apiVersion not set`, `kind not set`).
fn type_meta(value: &yaml::Value, origin: &Origin, out: &mut Manifest) -> Option<(String, String)> {
    let at = origin.location();
    let prefixed = |field: &str| {
        if origin.prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", origin.prefix)
        }
    };
    if !value.is_mapping() {
        out.diagnostics.push(
            Diagnostic::error(
                at,
                "a Kubernetes object must be a mapping with apiVersion and kind",
            )
            .at_path(if origin.prefix.is_empty() {
                "(document)".to_owned()
            } else {
                origin.prefix.clone()
            }),
        );
        return None;
    }
    let field = |name: &str| {
        value
            .get(name)
            .and_then(yaml::Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let (api_version, kind) = (field("apiVersion"), field("kind"));
    if api_version.is_none() {
        out.diagnostics
            .push(Diagnostic::error(at, "apiVersion not set").at_path(prefixed("apiVersion")));
    }
    if kind.is_none() {
        out.diagnostics
            .push(Diagnostic::error(at, "kind not set").at_path(prefixed("kind")));
    }
    Some((api_version?.to_owned(), kind?.to_owned()))
}

/// Decides what to do with an object of this `apiVersion` and `kind`.
fn classify(api_version: &str, kind: &str, source: Source, origin: Origin, out: &mut Manifest) {
    let at = origin.location();
    match kinds::status(api_version, kind) {
        KindStatus::Served => {}
        KindStatus::OtherVersion { current } => {
            let msg = format!(
                "{kind} in version \"{api_version}\" is not served by Kubernetes 1.35 (served: {}); podscope does not simulate it",
                current.join(", ")
            );
            return out.diagnostics.push(Diagnostic::warning(at, msg));
        }
        KindStatus::Removed { release } => {
            let msg = format!(
                "{kind} ({api_version}) was removed in Kubernetes {release}; podscope does not simulate it"
            );
            return out.diagnostics.push(Diagnostic::warning(at, msg));
        }
        // The API server's REST mapping error, as kubectl prints it.
        KindStatus::Unknown => {
            let msg = format!("no matches for kind \"{kind}\" in version \"{api_version}\"");
            return out.diagnostics.push(Diagnostic::error(at, msg));
        }
        KindStatus::Custom => {
            let msg = format!(
                "{kind} ({api_version}) is a custom resource or a tool's configuration: accepted, not simulated"
            );
            return out.diagnostics.push(Diagnostic::notice(at, msg));
        }
    }
    let decoded = match kind {
        "Pod" => decode(source, &origin, out).map(|o| Object::Pod(Box::new(o))),
        "Deployment" => decode(source, &origin, out).map(|o| Object::Deployment(Box::new(o))),
        "ReplicaSet" => decode(source, &origin, out).map(|o| Object::ReplicaSet(Box::new(o))),
        "ReplicationController" => {
            decode(source, &origin, out).map(|o| Object::ReplicationController(Box::new(o)))
        }
        "ConfigMap" => decode(source, &origin, out).map(|o| Object::ConfigMap(Box::new(o))),
        "Secret" => decode(source, &origin, out).map(|o| Object::Secret(Box::new(o))),
        "Service" => decode(source, &origin, out).map(|o| Object::Service(Box::new(o))),
        "Namespace" => decode(source, &origin, out).map(|o| Object::Namespace(Box::new(o))),
        "Node" => decode(source, &origin, out).map(|o| Object::Node(Box::new(o))),
        "Job" => decode(source, &origin, out).map(|o| Object::Job(Box::new(o))),
        "LimitRange" => decode(source, &origin, out).map(|o| Object::LimitRange(Box::new(o))),
        "ResourceQuota" => decode(source, &origin, out).map(|o| Object::ResourceQuota(Box::new(o))),
        "PersistentVolume" => {
            decode(source, &origin, out).map(|o| Object::PersistentVolume(Box::new(o)))
        }
        "ServiceAccount" => {
            decode(source, &origin, out).map(|o| Object::ServiceAccount(Box::new(o)))
        }
        "PersistentVolumeClaim" => {
            decode(source, &origin, out).map(|o| Object::PersistentVolumeClaim(Box::new(o)))
        }
        // Every other served kind: checked against its real type by the schema table, so
        // type errors and unknown fields are caught as the API server would, then noticed.
        _ => {
            if check(source, api_version, kind, &origin, out) {
                // Workloads with a pod template may be simulated one day.
                let yet = if matches!(kind, "DaemonSet" | "StatefulSet" | "CronJob") {
                    " yet"
                } else {
                    ""
                };
                let msg = format!("{kind} ({api_version}) is accepted but not simulated{yet}");
                out.diagnostics.push(Diagnostic::notice(at, msg));
            }
            return;
        }
    };
    if let Some(object) = decoded {
        out.objects.push(Decoded { object, origin });
    }
}

/// Decodes into the real API type, collecting unknown fields as strict decoding would.
fn decode<T: Read>(source: Source, origin: &Origin, out: &mut Manifest) -> Option<T> {
    let Source::Value(mut value) = source;
    super::yaml11::octal_modes(&mut value);
    let outcome = super::decode::read::<T>(&value);
    let (object, failure) = match outcome.result {
        Ok(object) => (Some(object), None),
        Err(failure) => (None, Some(failure)),
    };
    report(outcome.unknown, failure, origin, out);
    object
}

/// Checks the object against its kind's schema (`decode::check`); whether it passed.
fn check(
    source: Source,
    api_version: &str,
    kind: &str,
    origin: &Origin,
    out: &mut Manifest,
) -> bool {
    let Source::Value(mut value) = source;
    super::yaml11::octal_modes(&mut value);
    let Some(outcome) = super::decode::check(&value, api_version, kind) else {
        return true;
    };
    let failure = outcome.result.err();
    let passed = failure.is_none();
    report(outcome.unknown, failure, origin, out);
    passed
}

/// What decoding found, as diagnostics: the unknown fields, then the error. Not generic, so
/// the decode of each kind shares it.
fn report(unknown: Vec<Unknown>, failure: Option<Failure>, origin: &Origin, out: &mut Manifest) {
    for Unknown { path, hint } in unknown {
        let full = if origin.prefix.is_empty() {
            path
        } else {
            format!("{}.{path}", origin.prefix)
        };
        let hint = hint
            .map(|s| format!(" (did you mean \"{s}\"?)"))
            .unwrap_or_default();
        // The API server's field validation, `Warn` by default for API requests: the field is
        // dropped with `Warning: unknown field "<path>"` (kubectl --validate=strict turns the
        // same finding into an error).
        let msg = format!("unknown field \"{full}\"{hint}");
        out.diagnostics
            .push(Diagnostic::warning(origin.locate(&full), msg).at_path(full));
    }
    if let Some(failure) = failure {
        let path = origin.path(&failure.path);
        out.diagnostics
            .push(Diagnostic::error(origin.locate(&path), failure.message).at_path(path));
    }
}

/// A decode or syntax error, located in the whole text rather than its document.
fn yaml_error(e: &yaml::Error, doc: &Document<'_>) -> Diagnostic {
    let mut message = e.to_string();
    let location = e.location().map(|l| {
        let own = format!(" at line {} column {}", l.line, l.column);
        if let Some(i) = message.find(&own) {
            message.replace_range(i..i + own.len(), "");
        }
        Location {
            line: l.line + doc.first_line,
            column: l.column,
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
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn messages(text: &str) -> Vec<String> {
        parse(text)
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

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
        assert_eq!(m.objects.len(), 1, "the ConfigMap decodes");
        assert_eq!(
            shift_lines("at line 3 column 11, line x", 4),
            "at line 7 column 11, line x"
        );
    }

    #[test]
    fn kinds_are_classified() {
        let text = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\n---\napiVersion: v1\nkind: SkipThisKind\n---\napiVersion: projectcontour.io/v1\nkind: HTTPProxy\n---\napiVersion: apps/v1beta1\nkind: Deployment\n---\nkind: Pod\n";
        let m = messages(text);
        assert_eq!(m.len(), 5, "{m:#?}");
        assert!(m[0].starts_with("1:1: notice: DaemonSet (apps/v1) is accepted but not simulated"));
        assert!(
            m[1].starts_with("5:1: error: no matches for kind \"SkipThisKind\" in version \"v1\"")
        );
        assert!(
            m[2].starts_with("8:1: notice: HTTPProxy (projectcontour.io/v1) is a custom resource")
        );
        assert!(
            m[3].starts_with("11:1: warning: Deployment in version \"apps/v1beta1\" is not served"),
            "{}",
            m[3]
        );
        assert_eq!(m[4], "14:1: error: apiVersion: apiVersion not set");
    }

    #[test]
    fn unknown_fields_are_warnings_with_a_suggestion() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: x\n    imagee: nginx\n";
        let m = parse(text);
        let d = &m.diagnostics[0];
        assert_eq!(d.severity, crate::model::diag::Severity::Warning);
        assert_eq!(d.location, Some(Location { line: 7, column: 5 }));
        assert_eq!(d.path.as_deref(), Some("spec.containers[0].imagee"));
        assert_eq!(
            d.message,
            "unknown field \"spec.containers[0].imagee\" (did you mean \"image\"?)"
        );
    }

    #[test]
    fn lists_are_unpacked() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec: {containers: [{name: c, image: nginx, bogus: 1}]}\n";
        let m = parse(text);
        assert_eq!(m.objects.len(), 2);
        assert_eq!(m.objects[1].origin.prefix, "items[1]");
        let paths: Vec<_> = m
            .diagnostics
            .iter()
            .filter_map(|d| d.path.clone())
            .collect();
        assert_eq!(paths, ["items[1].spec.containers[0].bogus"]);
    }

    #[test]
    fn kubectl_get_output_with_status_and_managed_fields_loads() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  uid: 8cfc283b-354c-47b6-8100-9bc288f836c6\n  managedFields:\n  - manager: kubectl\n    operation: Update\n    fieldsType: FieldsV1\n    fieldsV1: {f:spec: {f:containers: {}}}\nspec:\n  containers: [{name: c, image: nginx}]\nstatus:\n  phase: Running\n  podIP: 10.244.1.7\n  qosClass: BestEffort\n";
        let m = parse(text);
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        assert_eq!(m.objects.len(), 1);
    }
}
