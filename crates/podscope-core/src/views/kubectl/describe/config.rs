//! `kubectl describe secret|configmap` (kubectl pkg/describe/describe.go `describeSecret`,
//! `ConfigMapDescriber.Describe`): the keys sorted, a Secret's values as byte counts, a
//! ConfigMap's values under `----`, then BinaryData and the events (`Events:  <none>`: the
//! API server records none about these objects here).

use std::fmt::Write;

use crate::model::cluster::{ConfigMapSpec, SecretSpec};
use crate::views::tabwriter::DESCRIBE;

/// The `Name`/`Namespace`/`Labels`/`Annotations` head (the model keeps no labels or
/// annotations on these objects: `<none>`).
fn head(out: &mut String, name: &str, namespace: &str) {
    let _ = writeln!(out, "Name:\t{name}");
    let _ = writeln!(out, "Namespace:\t{namespace}");
    out.push_str("Labels:\t<none>\nAnnotations:\t<none>\n");
}

/// `describeSecret`.
pub fn describe_secret(s: &SecretSpec) -> String {
    let mut out = String::new();
    head(&mut out, &s.key.name, &s.key.namespace);
    let _ = writeln!(out, "\nType:\t{}", s.type_.as_str());
    out.push_str("\nData\n====\n");
    for (k, v) in &s.data {
        if k == "token" && s.type_.as_str() == "kubernetes.io/service-account-token" {
            let _ = writeln!(out, "{k}:\t{}", String::from_utf8_lossy(v));
        } else {
            let _ = writeln!(out, "{k}:\t{} bytes", v.len());
        }
    }
    DESCRIBE.format(&out)
}

/// `ConfigMapDescriber.Describe`; `None` when it has binary data (the model keeps its keys,
/// not its sizes).
pub fn describe_config_map(cm: &ConfigMapSpec) -> Option<String> {
    if !cm.binary_data_keys.is_empty() {
        return None;
    }
    let mut out = String::new();
    head(&mut out, &cm.key.name, &cm.key.namespace);
    out.push_str("\nData\n====\n");
    for (k, v) in &cm.data {
        let _ = write!(out, "{k}:\n----\n{v}\n\n");
    }
    out.push_str("\nBinaryData\n====\n\n");
    out.push_str("Events:\t<none>\n");
    Some(DESCRIBE.format(&out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::ObjectKey;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn key(name: &str) -> ObjectKey {
        ObjectKey {
            namespace: "default".into(),
            name: name.into(),
        }
    }

    #[test]
    fn the_distribute_credentials_page() {
        let s = SecretSpec {
            key: key("test-secret"),
            type_: crate::model::cluster::SecretType::parse(None),
            data: [
                ("username".to_owned(), b"my-app".to_vec()),
                ("password".to_owned(), b"39528$vdg7Jb".to_vec()),
            ]
            .into(),
            immutable: false,
        };
        assert_eq!(
            describe_secret(&s),
            "Name:         test-secret\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  12 bytes\nusername:  6 bytes\n"
        );
    }

    #[test]
    fn a_config_map() {
        let cm = ConfigMapSpec {
            key: key("game-config"),
            data: [("lives".to_owned(), "3".to_owned())].into(),
            binary_data_keys: Vec::new(),
            immutable: false,
        };
        assert_eq!(
            describe_config_map(&cm).unwrap_or_default(),
            "Name:         game-config\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nlives:\n----\n3\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
        );
    }
}
