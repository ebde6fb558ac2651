//! A JSON patch (RFC 6902), `kubectl patch --type json`, as the API server applies it
//! (apiserver pkg/endpoints/handlers/patch.go `applyJSPatch`: the operations decoded
//! strictly, then evanphx/json-patch v4 patch.go `Apply`: `add`, `remove`, `replace`,
//! `move`, `copy`, `test`, paths as RFC 6901 pointers, array indexes from the end when
//! negative (`SupportNegativeIndices`), `-` appending). An operation that does not apply
//! fails the whole patch with a 422 that carries no detail
//! (apimachinery errors.go `NewGenericServerResponse`).

use serde_json::Value;

use super::PatchError;

/// patch.go `maxJSONPatchOperations`.
const MAX_OPERATIONS: usize = 10_000;

/// What kubectl prints for a 422 without details (helpers.go `checkErr`: "The request is
/// invalid" and the status message).
const NOT_APPLIED: &str = super::UNPROCESSABLE;

/// Applies the operations `patch` to `original`.
pub fn apply(original: &Value, patch: &Value) -> Result<Value, PatchError> {
    let decode = |what: &str, v: &Value| {
        PatchError::BadRequest(format!(
            "error decoding patch: json: cannot unmarshal {} into Go value of type {what}",
            super::strategic_merge::json_type_name(v)
        ))
    };
    let Value::Array(ops) = patch else {
        return Err(decode("[]handlers.jsonPatchOp", patch));
    };
    if let Some(bad) = ops.iter().find(|o| !o.is_object()) {
        return Err(decode("handlers.jsonPatchOp", bad));
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(PatchError::Plain(format!(
            "The allowed maximum operations in a JSON patch is {MAX_OPERATIONS}, got {}",
            ops.len()
        )));
    }
    let mut doc = original.clone();
    for op in ops {
        operation(&mut doc, op).ok_or_else(|| PatchError::Invalid(NOT_APPLIED.to_owned()))?;
    }
    Ok(doc)
}

/// One operation; `None` when it does not apply.
fn operation(doc: &mut Value, op: &Value) -> Option<()> {
    let path = op.get("path")?.as_str()?;
    match op.get("op")?.as_str()? {
        "add" => add(doc, path, op.get("value")?.clone()),
        "remove" => remove(doc, path).map(|_| ()),
        "replace" => {
            let value = op.get("value")?.clone();
            if path.is_empty() {
                *doc = value;
                return Some(());
            }
            let (parent, key) = parent_of(doc, path)?;
            *member(parent, &key)? = value;
            Some(())
        }
        "move" => {
            let from = op.get("from")?.as_str()?;
            let value = remove(doc, from)?;
            add(doc, path, value)
        }
        "copy" => {
            let from = op.get("from")?.as_str()?;
            let (parent, key) = parent_of(doc, from)?;
            let value = member(parent, &key)?.clone();
            add(doc, path, value)
        }
        "test" => {
            let want = op.get("value").cloned().unwrap_or(Value::Null);
            if path.is_empty() {
                return (*doc == want).then_some(());
            }
            let (parent, key) = parent_of(doc, path)?;
            match member(parent, &key) {
                Some(v) => (*v == want).then_some(()),
                None => want.is_null().then_some(()),
            }
        }
        _ => None,
    }
}

/// RFC 6901: `~1` is `/`, `~0` is `~`.
fn decode_key(k: &str) -> String {
    k.replace("~1", "/").replace("~0", "~")
}

/// patch.go `findObject`: the container of `path`'s last token, and that token.
fn parent_of<'a>(doc: &'a mut Value, path: &str) -> Option<(&'a mut Value, String)> {
    let rest = path.strip_prefix('/')?;
    let mut parts: Vec<&str> = rest.split('/').collect();
    let last = decode_key(parts.pop()?);
    let mut cur = doc;
    for part in parts {
        cur = member(cur, &decode_key(part))?;
        if !cur.is_object() && !cur.is_array() {
            return None;
        }
    }
    Some((cur, last))
}

/// An index of a list of `len` items (`-N` counts from the end); `None` outside it.
fn index(key: &str, len: usize) -> Option<usize> {
    let i: i64 = key.parse().ok()?;
    let len = i64::try_from(len).ok()?;
    let i = if i < 0 { i + len } else { i };
    usize::try_from(i).ok().filter(|_| i < len)
}

/// A member of an object, or an item of a list.
fn member<'a>(container: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    match container {
        Value::Object(m) => m.get_mut(key),
        Value::Array(items) => {
            let i = index(key, items.len())?;
            items.get_mut(i)
        }
        _ => None,
    }
}

/// `add`: a member set, or an item inserted (`-`: appended; the index may be the length).
fn add(doc: &mut Value, path: &str, value: Value) -> Option<()> {
    let (parent, key) = parent_of(doc, path)?;
    match parent {
        Value::Object(m) => {
            m.insert(key, value);
            Some(())
        }
        Value::Array(items) => {
            let at = if key == "-" {
                items.len()
            } else {
                index(&key, items.len() + 1)?
            };
            items.insert(at, value);
            Some(())
        }
        _ => None,
    }
}

/// `remove`: the member or item, which must be there.
fn remove(doc: &mut Value, path: &str) -> Option<Value> {
    let (parent, key) = parent_of(doc, path)?;
    match parent {
        Value::Object(m) => m.remove(&key),
        Value::Array(items) => {
            let i = index(&key, items.len())?;
            Some(items.remove(i))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn operations_by_pointer_and_index() {
        let doc = json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [
            {"name": "a", "image": "nginx"}
        ]}}}});
        let patch = json!([
            {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "redis"},
            {"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "b"}},
            {"op": "copy", "from": "/spec/template/spec/containers/-1/name", "path": "/spec/x~1y"},
            {"op": "remove", "path": "/spec/replicas"},
            {"op": "test", "path": "/spec/x~1y", "value": "b"}
        ]);
        assert_eq!(
            apply(&doc, &patch),
            Ok(
                json!({"spec": {"x/y": "b", "template": {"spec": {"containers": [
                    {"name": "a", "image": "redis"}, {"name": "b"}
                ]}}}})
            )
        );
    }

    #[test]
    fn an_operation_that_does_not_apply_fails_the_patch() {
        let doc = json!({"spec": {"replicas": 2}});
        let invalid = Err(PatchError::Invalid(NOT_APPLIED.to_owned()));
        for op in [
            json!({"op": "replace", "path": "/spec/paused", "value": true}),
            json!({"op": "remove", "path": "/spec/x"}),
            json!({"op": "test", "path": "/spec/replicas", "value": 3}),
            json!({"op": "add", "path": "/nope/x", "value": 1}),
            json!({"op": "frobnicate", "path": "/spec"}),
        ] {
            assert_eq!(apply(&doc, &json!([op])), invalid);
        }
        assert_eq!(
            apply(&doc, &json!({"op": "add"})),
            Err(PatchError::BadRequest(
                "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp".to_owned()
            ))
        );
    }
}
