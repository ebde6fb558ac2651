//! API-server validation rules and their exact messages (the subset the model covers so far).
//!
//! Message shapes model kubernetes/kubernetes
//! staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (`Error`, `ErrorBody`)
//! and staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go (`IsDNS1123Label`).

use std::fmt;

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
    let mut errs = Vec::new();
    let name = meta.name.clone().unwrap_or_default();
    if name.is_empty() {
        errs.push(FieldError::required_because(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        for detail in dns1123_subdomain(&name) {
            errs.push(FieldError::invalid("metadata.name", &name, detail));
        }
    }
    let namespace = meta
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    (name, namespace, errs)
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
        errs.push(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', \
             and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', \
             regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                .to_owned(),
        );
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
    }

    #[test]
    fn subdomains() {
        assert!(dns1123_subdomain("demo.example").is_empty());
        assert_eq!(dns1123_subdomain("My_Pod").len(), 1);
        assert_eq!(dns1123_subdomain("a..b").len(), 1);
    }
}
