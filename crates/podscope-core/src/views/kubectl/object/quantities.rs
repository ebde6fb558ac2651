//! Quantities as the API server returns them: a `resource.Quantity` is decoded when an object
//! is stored and encoded with `Quantity.String()` when it is read
//! (k8s.io/apimachinery pkg/api/resource/quantity.go `UnmarshalJSON` keeps the text only when
//! `ParseQuantity` found it canonical; `MarshalJSON` writes `String()`), so `cpu: "0.5"` reads
//! back as `cpu: 500m` and `memory: 1.5Gi` as `1536Mi`.

use serde_json::{Map, Value, json};

use crate::model::resources::ParsedQuantity;

/// `Quantity.String()` of `text`, or `text` itself when it does not parse (validation
/// refused such an object before it was stored).
pub fn canonical(text: &str) -> String {
    ParsedQuantity::parse_json(text).map_or_else(|_| text.to_owned(), |q| q.to_string())
}

/// Rewrites every value of a `ResourceList` (`{"cpu": "0.5"}`) in canonical form.
pub fn canonicalize_list(list: &mut Value) {
    if let Value::Object(m) = list {
        for v in m.values_mut() {
            canonicalize_value(v);
        }
    }
}

/// Rewrites one Quantity value in canonical form.
pub fn canonicalize_value(v: &mut Value) {
    if let Value::String(s) = v {
        *v = json!(canonical(s));
    }
}

/// A container's (or a pod's) `resources`: its `limits` and `requests`.
pub fn canonicalize_requirements(resources: &mut Map<String, Value>) {
    for key in ["limits", "requests"] {
        if let Some(list) = resources.get_mut(key) {
            canonicalize_list(list);
        }
    }
}

/// A pod spec's own quantities: `overhead` and the pod-level `resources`.
pub fn canonicalize_pod_level(spec: &mut Map<String, Value>) {
    if let Some(Value::Object(r)) = spec.get_mut("resources") {
        canonicalize_requirements(r);
    }
    if let Some(o) = spec.get_mut("overhead") {
        canonicalize_list(o);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn values_read_back_in_canonical_form() {
        // quantity_test.go's table: decimal fractions become milli-units, binary ones the
        // largest exact binary suffix, canonical text is kept.
        for (given, read) in [
            ("0.5", "500m"),
            ("1", "1"),
            ("100", "100"),
            ("1000m", "1"),
            ("500m", "500m"),
            ("200Mi", "200Mi"),
            ("1.5Gi", "1536Mi"),
            ("1000Gi", "1000Gi"),
            ("128974848", "128974848"),
        ] {
            assert_eq!(canonical(given), read, "{given}");
        }
        assert_eq!(canonical("not a quantity"), "not a quantity");
    }

    #[test]
    fn lists_are_rewritten_in_place() {
        let mut r = json!({"limits": {"cpu": "1"}, "requests": {"cpu": "0.5", "memory": "1.5Gi"}});
        if let Value::Object(m) = &mut r {
            canonicalize_requirements(m);
        }
        assert_eq!(
            r,
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "500m", "memory": "1536Mi"}})
        );
    }
}
