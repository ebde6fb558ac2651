//! A JSON merge patch (RFC 7386), `kubectl patch --type merge`, as the API server applies it
//! with evanphx/json-patch `MergePatch` (merge.go `mergeDocs`, `merge`, `pruneNulls`): maps
//! merge key by key, `null` deletes, anything else (lists too) replaces.

use serde_json::{Map, Value};

use super::PatchError;

/// Applies `patch` to the object `original`.
pub fn apply(original: &Value, patch: &Value) -> Result<Value, PatchError> {
    let Value::Object(doc) = original else {
        return Err(PatchError::BadRequest("Invalid JSON Document".to_owned()));
    };
    match patch {
        Value::Object(p) => {
            let mut doc = doc.clone();
            merge_docs(&mut doc, p);
            Ok(Value::Object(doc))
        }
        // merge.go `doMergePatch`: `null` is an empty patch.
        Value::Null => Ok(original.clone()),
        // apiserver patch.go `applyJSPatch` decodes the patch strictly into a map first.
        other => Err(PatchError::BadRequest(format!(
            "error decoding patch: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            super::strategic_merge::json_type_name(other)
        ))),
    }
}

/// `mergeDocs`.
fn merge_docs(doc: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        if v.is_null() {
            doc.remove(k);
            continue;
        }
        match doc.get_mut(k) {
            Some(cur) if !cur.is_null() => merge(cur, v),
            _ => {
                let mut v = v.clone();
                prune_nulls(&mut v);
                doc.insert(k.clone(), v);
            }
        }
    }
}

/// `merge`: two objects merge; otherwise the patch's value replaces, its nulls pruned when
/// the current value is not an object.
fn merge(cur: &mut Value, patch: &Value) {
    match (&mut *cur, patch) {
        (Value::Object(c), Value::Object(p)) => merge_docs(c, p),
        (Value::Object(_), p) => *cur = p.clone(),
        (_, p) => {
            let mut p = p.clone();
            prune_nulls(&mut p);
            *cur = p;
        }
    }
}

/// `pruneNulls`: `null` members of objects (in objects and in lists) removed.
fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(prune_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn lists_replace_maps_merge_and_null_deletes() {
        let doc = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis"}],
            "tolerations": [{"key": "k"}]
        }}, "strategy": {"rollingUpdate": {"maxSurge": "30%"}, "type": "RollingUpdate"}}});
        let patch = json!({"spec": {"template": {"spec": {
            "containers": [{"name": "c", "image": "node-hello"}]
        }}, "strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": null}}});
        assert_eq!(
            apply(&doc, &patch),
            Ok(json!({"spec": {"template": {"spec": {
                "containers": [{"name": "c", "image": "node-hello"}],
                "tolerations": [{"key": "k"}]
            }}, "strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}))
        );
        // A new member's nulls are pruned.
        assert_eq!(
            apply(&json!({}), &json!({"a": {"b": null, "c": 1}})),
            Ok(json!({"a": {"c": 1}}))
        );
        assert_eq!(
            apply(&doc, &json!([])),
            Err(PatchError::BadRequest(
                "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}".to_owned()
            ))
        );
        assert_eq!(apply(&doc, &Value::Null), Ok(doc.clone()));
    }
}
