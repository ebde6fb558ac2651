//! The generated readers (`admission::decode::read`) against k8s-openapi's own `Deserialize`
//! through the same deserializer (`admission::decode::decode`), their oracle: every manifest
//! of the examples, the fixtures and the corpus, and seeded mutations of each (a value of
//! another type, null, a tag, an unknown or non-string key) give the same object, the same
//! first error at the same path, and the same unknown fields in the same order. And the
//! generated writers (`model::json::value`) against `Serialize` (`serde_json::to_value`): each
//! object read gives the same JSON value.
// The fixtures and the corpus are read from disk, which the wasm32 test runner cannot do.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Debug;
use std::path::Path;

use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core};
use podscope_core::admission::decode::{Outcome, Read, decode, read};
use podscope_core::model::json::{self, ToJson};
use podscope_core::model::rng::SeededRng;
use podscope_core::model::yaml::{self, Mapping, Number, Tagged, Value};
use podscope_core::scenario::examples::ExampleId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::corpus::corpus_files;

/// Mutations tried on each document (`PODSCOPE_READER_CASES` for more).
pub(crate) fn cases() -> u64 {
    std::env::var("PODSCOPE_READER_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40)
}

/// What an outcome says, in comparable form.
pub(crate) fn summary<T: Debug>(o: Outcome<T>) -> String {
    let result = match o.result {
        Ok(object) => format!("{object:?}"),
        Err(f) => format!("error at {:?}: {}", f.path, f.message),
    };
    // The serde path has no hints (its visitors do not say which fields they have).
    let paths: Vec<&str> = o.unknown.iter().map(|u| u.path.as_str()).collect();
    format!("{result}\nunknown: {paths:?}")
}

fn agree<T: Read + DeserializeOwned + Debug + ToJson + Serialize>(
    value: &Value,
) -> Result<(), String> {
    let read = read::<T>(value);
    // The object read, written back by its generated writer and by its `Serialize`.
    if let Ok(object) = &read.result {
        let (ours, theirs) = (json::value(object), serde_json::to_value(object));
        if ours.as_ref().ok() != theirs.as_ref().ok() {
            return Err(format!("written:\n{ours:?}\nserialized:\n{theirs:?}"));
        }
    }
    let (ours, theirs) = (summary(read), summary(decode::<T>(value)));
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("read:\n{ours}\ndecode:\n{theirs}"))
    }
}

/// Compares the two for the kind the document names; `None` for a kind without a reader.
fn compare(kind: &str, value: &Value) -> Option<Result<(), String>> {
    Some(match kind {
        "Pod" => agree::<core::Pod>(value),
        "Deployment" => agree::<apps::Deployment>(value),
        "ReplicaSet" => agree::<apps::ReplicaSet>(value),
        "ReplicationController" => agree::<core::ReplicationController>(value),
        "ConfigMap" => agree::<core::ConfigMap>(value),
        "Secret" => agree::<core::Secret>(value),
        "Service" => agree::<core::Service>(value),
        "Namespace" => agree::<core::Namespace>(value),
        "Node" => agree::<core::Node>(value),
        "Job" => agree::<batch::Job>(value),
        "LimitRange" => agree::<core::LimitRange>(value),
        "ResourceQuota" => agree::<core::ResourceQuota>(value),
        "PersistentVolume" => agree::<core::PersistentVolume>(value),
        "ServiceAccount" => agree::<core::ServiceAccount>(value),
        "PersistentVolumeClaim" => agree::<core::PersistentVolumeClaim>(value),
        _ => return None,
    })
}

/// A differential test's verdict: no comparison differed (else how many, and the first).
pub(crate) fn no_difference(differ: &[String], compared: impl std::fmt::Display) {
    assert!(
        differ.is_empty(),
        "{} of {compared} differ; the first:\n{}",
        differ.len(),
        differ[0]
    );
}

/// `value` with one node other than the root, chosen by `rng`, replaced by a value of some
/// other shape.
pub(crate) fn mutated(value: &Value, rng: &mut SeededRng) -> Value {
    let mut out = value.clone();
    let mut n = 1 + rng.below(count(value).saturating_sub(1).max(1));
    if let Some(node) = nth(&mut out, &mut n) {
        *node = other(rng);
    }
    out
}

/// Every node of the tree (mapping keys included), counted depth first.
fn count(v: &Value) -> u64 {
    1 + match v {
        Value::Sequence(items) => items.iter().map(count).sum(),
        Value::Mapping(m) => m.iter().map(|(k, v)| count(k) + count(v)).sum(),
        Value::Tagged(t) => count(&t.value),
        _ => 0,
    }
}

/// The `n`th node, depth first.
fn nth<'a>(v: &'a mut Value, n: &mut u64) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(v);
    }
    *n -= 1;
    match v {
        Value::Sequence(items) => items.iter_mut().find_map(|i| nth(i, n)),
        Value::Mapping(m) => m
            .iter_mut()
            .find_map(|(k, v)| nth(k, n).or_else(|| nth(v, n))),
        Value::Tagged(t) => nth(&mut t.value, n),
        _ => None,
    }
}

/// A value of some other shape.
fn other(rng: &mut SeededRng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::Number(Number::PosInt(7)),
        3 => Value::Number(Number::NegInt(-3)),
        4 => Value::Number(Number::PosInt(3_000_000_000)),
        5 => Value::Number(Number::Float(1.5)),
        6 => Value::String("x".to_owned()),
        7 => Value::String("2024-01-02T03:04:05Z".to_owned()),
        8 => Value::Sequence(vec![Value::Number(Number::PosInt(1))]),
        9 => Value::Mapping(Mapping::default()),
        10 => Value::Tagged(Box::new(Tagged {
            tag: "t".to_owned(),
            value: Value::String("x".to_owned()),
        })),
        _ => Value::String("bogusField".to_owned()),
    }
}

/// Every document of `text` the readers cover, with its kind.
pub(crate) fn documents(text: &str) -> Vec<(String, Value)> {
    text.split("\n---")
        .filter_map(|doc| yaml::from_str(doc).ok())
        .filter_map(|v| {
            let kind = v.get("kind")?.as_str()?.to_owned();
            Some((kind, v))
        })
        .collect()
}

/// The examples, the fixtures and the corpus.
pub(crate) fn texts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ExampleId::ALL
        .iter()
        .map(|id| (format!("example {}", id.as_str()), id.get().yaml.to_owned()))
        .collect();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for f in names {
        if let Ok(text) = std::fs::read_to_string(&f) {
            out.push((f.display().to_string(), text));
        }
    }
    out.extend(corpus_files().unwrap_or_default());
    out
}

#[test]
fn the_readers_agree_with_k8s_openapi_s_deserialize() {
    let mut rng = SeededRng::new(15);
    let (mut documents_seen, mut compared, mut differ) = (0, 0, Vec::new());
    for (name, text) in texts() {
        for (kind, value) in documents(&text) {
            let Some(first) = compare(&kind, &value) else {
                continue;
            };
            documents_seen += 1;
            compared += 1;
            if let Err(e) = first {
                differ.push(format!("{name} ({kind}):\n{e}"));
            }
            for case in 0..cases() {
                let mutated = mutated(&value, &mut rng);
                compared += 1;
                if let Some(Err(e)) = compare(&kind, &mutated) {
                    differ.push(format!("{name} ({kind}), mutation {case}:\n{e}"));
                }
            }
        }
    }
    eprintln!("{documents_seen} documents, {compared} comparisons");
    assert!(documents_seen > 30, "only {documents_seen} documents");
    no_difference(&differ, compared);
}
