//! The objects as the API server returns them (what `kubectl get -o yaml|json|jsonpath|
//! custom-columns|name` prints): each kind podscope holds, built from the world as JSON values
//! with the API server's defaults, the admission plugins' additions and the status the
//! controllers and the kubelet report. Field names and shapes are k8s.io/api's.

pub mod cluster;
pub mod pod;
pub mod quantities;
pub mod quota;
pub mod workloads;

use crate::model::sort::CollectMap;
use serde_json::{Map, Value, json};

use crate::model::humanize;
use crate::model::time::SimTime;

/// A stand-in of the real shape for a value the model does not track (an etcd revision, an
/// object's UID where the model keeps none): FNV-1a over `seed`.
pub fn hash(seed: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A version-4 UUID stand-in for an object the model keeps no UID for.
pub fn stand_in_uid(seed: &str) -> String {
    let a = hash(seed);
    let b = hash(&format!("{seed}/uid"));
    let h = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// `metadata.resourceVersion`: the etcd revision of the object's last write, a stand-in
/// number that grows with the object's creation time (the model keeps no store revisions).
pub fn resource_version(seed: &str, created: SimTime) -> String {
    (created.as_millis() / 100 + hash(seed) % 97 + 400).to_string()
}

/// `metav1.Time` as JSON writes it: RFC 3339 in UTC, whole seconds.
pub fn time(t: SimTime) -> Value {
    Value::String(humanize::rfc3339(t))
}

/// A string map as a JSON object (`None` for an empty one: the field is `omitempty`).
pub fn string_map(m: &std::collections::BTreeMap<String, String>) -> Option<Value> {
    if m.is_empty() {
        return None;
    }
    Some(Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect_object(),
    ))
}

/// The common `metadata` of an object: name, namespace (for a namespaced kind), uid,
/// resourceVersion, creationTimestamp, labels and annotations.
pub struct Meta<'a> {
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    pub uid: String,
    pub created: SimTime,
    pub labels: Option<&'a std::collections::BTreeMap<String, String>>,
    pub annotations: Option<&'a std::collections::BTreeMap<String, String>>,
    /// `metadata.generation` for kinds with a spec the API server versions.
    pub generation: Option<i64>,
}

impl Meta<'_> {
    pub fn to_value(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("name".into(), json!(self.name));
        if let Some(ns) = self.namespace {
            m.insert("namespace".into(), json!(ns));
        }
        m.insert("uid".into(), json!(self.uid));
        m.insert(
            "resourceVersion".into(),
            json!(resource_version(self.uid.as_str(), self.created)),
        );
        m.insert("creationTimestamp".into(), time(self.created));
        if let Some(g) = self.generation {
            m.insert("generation".into(), json!(g));
        }
        if let Some(l) = self.labels.and_then(string_map) {
            m.insert("labels".into(), l);
        }
        if let Some(a) = self.annotations.and_then(string_map) {
            m.insert("annotations".into(), a);
        }
        m
    }
}

/// An object: `apiVersion`, `kind`, `metadata`, and the rest.
pub fn object(api_version: &str, kind: &str, meta: Map<String, Value>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("apiVersion".into(), json!(api_version));
    m.insert("kind".into(), json!(kind));
    m.insert("metadata".into(), Value::Object(meta));
    m
}

/// Serializes an API type (k8s-openapi's serde: `None` fields left out).
pub fn to_value<T: crate::model::json::ToJson>(t: &T) -> Value {
    crate::model::json::value(t).unwrap_or(Value::Null)
}

/// The list kubectl prints for several objects (get.go `printGeneric`: a `v1` `List` with an
/// empty resourceVersion).
pub fn list(items: Vec<Value>) -> Value {
    json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

/// Sets `key` in an object value unless it is already there.
pub fn default_field(m: &mut Map<String, Value>, key: &str, v: Value) {
    if !m.contains_key(key) {
        m.insert(key.to_owned(), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn stand_ins_have_the_real_shape() {
        let u = stand_in_uid("default/web");
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
        assert_eq!(u.as_bytes()[19], b'8');
        assert_eq!(u, stand_in_uid("default/web"));
        let rv = |secs: u64| resource_version("x", SimTime::from_millis(secs * 1000));
        assert!(rv(0).parse::<u64>().is_ok_and(|n| (400..500).contains(&n)));
        assert!(rv(60).parse::<u64>().unwrap_or(0) > rv(5).parse::<u64>().unwrap_or(0));
    }
}
