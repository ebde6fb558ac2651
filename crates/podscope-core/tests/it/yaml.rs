//! The one YAML parser against serde_yaml (C libyaml, what podscope read YAML with before) on
//! every file of the real-world corpus: the same documents, values and errors.
// The corpus is read from disk, which the wasm32 test runner cannot do.
#![cfg(not(target_arch = "wasm32"))]

use serde::Deserialize;

use podscope_core::model::yaml;

use crate::corpus::corpus_files;

/// serde_yaml's documents of `text` as JSON, up to the first error (kubectl skips a leading
/// byte-order mark, which serde_yaml counted as a column).
fn serde_documents(text: &str) -> Vec<Result<serde_json::Value, String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(text) {
        let v = serde_json::Value::deserialize(doc).map_err(|e| e.to_string());
        let failed = v.is_err();
        out.push(v);
        if failed {
            break;
        }
    }
    out
}

#[test]
fn every_corpus_file_reads_as_serde_yaml_read_it() {
    let Some(corpus) = corpus_files() else {
        return;
    };
    let (mut files, mut differ) = (0, Vec::new());
    for (path, text) in corpus {
        files += 1;
        if yaml::json_documents(&text) != serde_documents(&text) {
            differ.push(path.clone());
        }
        // One document at a time too, as the loader reads them, with the error's place.
        for doc in text.split("\n---") {
            let ours = yaml::from_str(doc).map_err(|e| (e.to_string(), e.location()));
            let theirs = serde_yaml::from_str::<serde_yaml::Value>(doc);
            if ours.is_ok() != theirs.is_ok()
                || ours.as_ref().err().map(|e| e.0.clone())
                    != theirs.as_ref().err().map(ToString::to_string)
            {
                differ.push(format!("{path} (a document)"));
            }
        }
    }
    assert!(files > 250, "only {files} corpus files");
    assert!(differ.is_empty(), "{} differ: {differ:?}", differ.len());
}

/// The two false errors: a byte-order mark before a one-document file, and a YAML
/// 1.1 octal mode. kubectl (sigs.k8s.io/yaml over go-yaml v2) reads both.
#[test]
fn a_byte_order_mark_and_an_octal_mode_load_as_kubectl_reads_them() {
    let text = "\u{feff}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n  volumes:\n  - name: v\n    configMap:\n      name: cm\n      defaultMode: 0755\n";
    let loaded = podscope_core::load(text, podscope_core::DEFAULT_SEED);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == podscope_core::model::diag::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(loaded.pods.len(), 1);
    let mode = loaded.pods[0]
        .api
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .and_then(|v| v[0].config_map.as_ref())
        .and_then(|c| c.default_mode);
    assert_eq!(mode, Some(0o755));
}
