//! API-server validation rules and their exact messages (the subset the model covers so far).
//!
//! Message shapes model kubernetes/kubernetes
//! staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (`Error`, `ErrorBody`)
//! and staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (`IsDNS1123Label`).

pub mod formats;
pub mod ports;

use std::collections::BTreeMap;
use std::fmt;

use crate::model::go_case;

/// A field error as `field.Error.Error()` prints it: `<path>: <type>[: <value>][: <detail>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub kind: FieldErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required {
        detail: Option<String>,
    },
    Duplicate {
        value: String,
    },
    /// A duplicate Go prints without quotes (numbers, `%#v` of structs), with an optional detail.
    DuplicateRaw {
        value: String,
        detail: Option<String>,
    },
    NotFound {
        value: String,
    },
    /// An invalid value Go prints without quotes (numbers, maps).
    InvalidRaw {
        value: String,
        detail: String,
    },
    Invalid {
        value: String,
        detail: String,
    },
    Unsupported {
        value: String,
        supported: &'static [&'static str],
    },
    Forbidden {
        detail: String,
    },
    /// `field.TooLong`: the value is not printed.
    TooLong {
        max_bytes: usize,
    },
}

impl FieldError {
    pub fn required(path: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Required { detail: None },
        }
    }

    pub fn required_because(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Required {
                detail: Some(detail.into()),
            },
        }
    }

    pub fn duplicate(path: impl Into<String>, value: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Duplicate {
                value: value.into(),
            },
        }
    }

    pub fn invalid(
        path: impl Into<String>,
        value: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Invalid {
                value: value.into(),
                detail: detail.into(),
            },
        }
    }

    pub fn not_found(path: impl Into<String>, value: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::NotFound {
                value: value.into(),
            },
        }
    }

    pub fn invalid_raw(
        path: impl Into<String>,
        value: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::InvalidRaw {
                value: value.into(),
                detail: detail.into(),
            },
        }
    }

    pub fn unsupported(
        path: impl Into<String>,
        value: impl Into<String>,
        supported: &'static [&'static str],
    ) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Unsupported {
                value: value.into(),
                supported,
            },
        }
    }
}

impl FieldError {
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Forbidden {
                detail: detail.into(),
            },
        }
    }

    pub fn duplicate_raw(
        path: impl Into<String>,
        value: impl Into<String>,
        detail: Option<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::DuplicateRaw {
                value: value.into(),
                detail,
            },
        }
    }

    pub fn too_long(path: impl Into<String>, max_bytes: usize) -> Self {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::TooLong { max_bytes },
        }
    }

    /// The error body without the path, as `field.Error.ErrorBody()` gives it.
    pub fn body(&self) -> String {
        let full = self.to_string();
        full.strip_prefix(&format!("{}: ", self.path))
            .map(str::to_owned)
            .unwrap_or(full)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Strings are printed with Go's %q; the values here are names without quotes or
        // control characters, for which {:?} gives the same text.
        match &self.kind {
            FieldErrorKind::Required { detail: None } => write!(f, "{}: Required value", self.path),
            FieldErrorKind::Required { detail: Some(d) } => {
                write!(f, "{}: Required value: {d}", self.path)
            }
            FieldErrorKind::Duplicate { value } => {
                write!(f, "{}: Duplicate value: {value:?}", self.path)
            }
            FieldErrorKind::Invalid { value, detail } => {
                write!(f, "{}: Invalid value: {value:?}: {detail}", self.path)
            }
            FieldErrorKind::NotFound { value } => {
                write!(f, "{}: Not found: {value:?}", self.path)
            }
            FieldErrorKind::InvalidRaw { value, detail } => {
                write!(f, "{}: Invalid value: {value}: {detail}", self.path)
            }
            FieldErrorKind::DuplicateRaw {
                value,
                detail: None,
            } => write!(f, "{}: Duplicate value: {value}", self.path),
            FieldErrorKind::DuplicateRaw {
                value,
                detail: Some(d),
            } => write!(f, "{}: Duplicate value: {value}: {d}", self.path),
            FieldErrorKind::Forbidden { detail } => write!(f, "{}: Forbidden: {detail}", self.path),
            FieldErrorKind::TooLong { max_bytes } => write!(
                f,
                "{}: Too long: must have at most {max_bytes} bytes",
                self.path
            ),
            FieldErrorKind::Unsupported { value, supported } => {
                let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
                write!(
                    f,
                    "{}: Unsupported value: {value:?}: supported values: {}",
                    self.path,
                    list.join(", ")
                )
            }
        }
    }
}

/// An object's name (required, an RFC 1123 subdomain) and namespace (`default` when
/// unset), with the errors for its name.
///
/// Models apimachinery pkg/api/validation/objectmeta.go `ValidateObjectMeta` for the
/// `NameIsDNSSubdomain` kinds (Pods, Deployments, ReplicaSets).
pub fn object_meta(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> (String, String, Vec<FieldError>) {
    object_meta_named(meta, NameRule::Dns1123Subdomain)
}

/// How a kind's `metadata.name` is checked (validation.go `ValidateNameFunc`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// `NameIsDNSSubdomain`: Pods, ConfigMaps, Secrets, Nodes, workloads.
    Dns1123Subdomain,
    /// `NameIsDNSLabel`: Namespaces (`ValidateNamespaceName`).
    Dns1123Label,
    /// `NameIsDNS1035Label`: Services (`ValidateServiceName`).
    Dns1035Label,
}

/// [`object_meta`] for a kind whose name follows `rule`.
pub fn object_meta_named(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    rule: NameRule,
) -> (String, String, Vec<FieldError>) {
    let mut errs = Vec::new();
    let mut name = meta.name.clone().unwrap_or_default();
    let prefix = meta.generate_name.clone().unwrap_or_default();
    if name.is_empty() && !prefix.is_empty() {
        // The API server names the object `<generateName><5 random characters>`
        // (apiserver pkg/storage/names/generate.go); podscope derives the five from the
        // prefix, so a manifest always gives the same name.
        name = generated_name(&prefix);
    }
    if name.is_empty() {
        errs.push(FieldError::required_because(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        let details = match rule {
            NameRule::Dns1123Subdomain => dns1123_subdomain(&name),
            NameRule::Dns1123Label => dns1123_label(&name),
            NameRule::Dns1035Label => formats::dns1035_label(&name),
        };
        for detail in details {
            errs.push(FieldError::invalid("metadata.name", &name, detail));
        }
    }
    // ValidateObjectMetaAccessor goes on with the labels (meta/v1/validation
    // `ValidateLabels`) and the annotations' keys (`ValidateAnnotations`).
    if let Some(labels) = &meta.labels {
        errs.extend(self::labels(labels, "metadata.labels"));
    }
    if let Some(annotations) = &meta.annotations {
        errs.extend(annotation_keys(annotations, "metadata.annotations"));
    }
    let namespace = meta
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    (name, namespace, errs)
}

/// Annotation keys at `path`: qualified names, case aside. Models apimachinery
/// pkg/api/validation/objectmeta.go `ValidateAnnotations` ("the rule is QualifiedName except
/// that case doesn't matter, so convert to lowercase before checking"); the values are free.
pub fn annotation_keys(map: &BTreeMap<String, String>, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in map.keys() {
        for m in formats::qualified_name(&go_case::lower(k)) {
            errs.push(FieldError::invalid(path, k, m));
        }
    }
    errs
}

/// `<prefix><5 characters>` as `SimpleNameGenerator` shapes it: the prefix cut to 58
/// characters, the suffix from apimachinery rand's alphabet.
fn generated_name(prefix: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut name: String = prefix.chars().take(58).collect();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in prefix.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    for _ in 0..5 {
        h = h.wrapping_mul(0x0000_0100_0000_01b3) ^ (h >> 29);
        let i = usize::try_from(h % ALPHANUMS.len() as u64).unwrap_or(0);
        name.push(char::from(ALPHANUMS.get(i).copied().unwrap_or(b'x')));
    }
    name
}

const DNS1123_LABEL_MAX: usize = 63;

/// Checks an RFC 1123 label (container names, and pod names where the model needs a label).
///
/// Models apimachinery validation.go `IsDNS1123Label`; the message keeps upstream's two
/// spaces before `or` (`RegexError` appends `, ` after every example).
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX {
        errs.push(format!(
            "must be no more than {DNS1123_LABEL_MAX} characters"
        ));
    }
    if !is_dns1123_label(value) {
        if !value.is_empty() && value.split('.').all(is_dns1123_label) {
            // A valid subdomain but not a label: upstream says it must be the dots.
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', \
                 and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', \
                 regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                    .to_owned(),
            );
        }
    }
    errs
}

/// apimachinery validation.go `RegexError`: every example is followed by `, `, which gives the
/// two spaces before ` or ` in upstream's messages.
pub fn regex_error(msg: &str, regex: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{regex}')");
    }
    let quoted: Vec<String> = examples.iter().map(|e| format!("'{e}', ")).collect();
    format!(
        "{msg} (e.g. {}regex used for validation is '{regex}')",
        quoted.join(" or ")
    )
}

/// Label keys and values at `path`, as apimachinery pkg/apis/meta/v1/validation
/// `ValidateLabels` reports them: every error at `path` itself (not at the key).
pub fn labels(map: &BTreeMap<String, String>, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in map {
        for m in formats::qualified_name(k) {
            errs.push(FieldError::invalid(path, k, m));
        }
        for m in formats::label_value(v) {
            errs.push(FieldError::invalid(path, v, m));
        }
    }
    errs
}

const DNS1123_SUBDOMAIN_MAX: usize = 253;

/// Checks an RFC 1123 subdomain (object names such as a pod's `metadata.name`).
///
/// Models apimachinery validation.go `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX {
        errs.push(format!(
            "must be no more than {DNS1123_SUBDOMAIN_MAX} characters"
        ));
    }
    if value.is_empty() || !value.split('.').all(is_dns1123_label) {
        errs.push(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' \
             or '.', and must start and end with an alphanumeric character (e.g. 'example.com', \
             regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
                .to_owned(),
        );
    }
    errs
}

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            alnum(first) && alnum(last) && b.iter().all(|c| alnum(c) || *c == b'-')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn field_error_texts() {
        assert_eq!(
            FieldError::required("spec.containers[0].image").to_string(),
            "spec.containers[0].image: Required value"
        );
        assert_eq!(
            FieldError::duplicate("spec.containers[1].name", "nginx").to_string(),
            "spec.containers[1].name: Duplicate value: \"nginx\""
        );
        assert_eq!(
            FieldError::unsupported(
                "spec.restartPolicy",
                "Sometimes",
                &["Always", "OnFailure", "Never"]
            )
            .to_string(),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
        );
    }

    #[test]
    fn labels() {
        assert!(dns1123_label("nginx").is_empty());
        assert!(dns1123_label("a-1").is_empty());
        assert_eq!(dns1123_label("Nginx").len(), 1);
        assert_eq!(dns1123_label("-a").len(), 1);
        assert_eq!(dns1123_label("").len(), 1);
        assert_eq!(dns1123_label(&"a".repeat(64)).len(), 1);
        assert!(dns1123_label("Nginx")[0].contains("'my-name',  or '123-abc'"));
        assert_eq!(dns1123_label("a.b"), vec!["must not contain dots"]);
        assert!(
            regex_error("m", "r", &["a", "b"])
                == "m (e.g. 'a',  or 'b', regex used for validation is 'r')"
        );
    }

    #[test]
    fn object_meta_checks_labels_and_annotation_keys() {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
        let map = |pairs: &[(&str, &str)]| -> Option<BTreeMap<String, String>> {
            Some(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            )
        };
        let meta = ObjectMeta {
            name: Some("web".into()),
            labels: map(&[
                ("app", "web"),
                ("<script>", "ok"),
                ("tier", "<img src=x>"),
                ("Example.COM/x", "v"),
            ]),
            annotations: map(&[("Example.COM/note", "anything <at all>"), ("bad key", "v")]),
            ..ObjectMeta::default()
        };
        let (_, _, errs) = object_meta(&meta);
        let seen: Vec<String> = errs.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(
            seen,
            [
                "metadata.labels",
                "metadata.labels",
                "metadata.labels",
                "metadata.annotations"
            ],
            "{errs:?}"
        );
        // A label value's error names the value, a key's error the key.
        assert!(errs[0].to_string().contains("\"<script>\""), "{}", errs[0]);
        assert!(
            errs[2].to_string().contains("\"<img src=x>\""),
            "{}",
            errs[2]
        );
        // Annotation keys are checked in lower case: only `bad key` is refused.
        assert!(errs[3].to_string().contains("\"bad key\""), "{}", errs[3]);
        let clean = ObjectMeta {
            name: Some("web".into()),
            labels: map(&[("app.kubernetes.io/name", "web"), ("empty", "")]),
            ..ObjectMeta::default()
        };
        assert!(object_meta(&clean).2.is_empty());
    }

    #[test]
    fn subdomains() {
        assert!(dns1123_subdomain("demo.example").is_empty());
        assert_eq!(dns1123_subdomain("My_Pod").len(), 1);
        assert_eq!(dns1123_subdomain("a..b").len(), 1);
    }
}
