//! Applying a strategic merge patch, as the API server does for `kubectl patch` (the
//! default `--type strategic`): apimachinery pkg/util/strategicpatch/patch.go
//! `StrategicMergeMapPatchUsingLookupPatchMeta` with its options `MergeParallelList` and
//! `IgnoreUnmatchedNulls` (`mergeMap`, `mergeSlice`, the `$patch`, `$retainKeys`,
//! `$deleteFromPrimitiveList/` and `$setElementOrder/` directives, the order of merged
//! lists). Lists of a field tagged `patchStrategy:"merge"` merge (maps by their
//! `patchMergeKey`); any other list is replaced; maps merge; `null` deletes.

use crate::model::sort::CollectMap;
use crate::model::sort::CompactSort;
use serde_json::{Map, Value};

use super::PatchError;
use super::go_fmt::go_v;
use super::schema::{FieldMeta, Schema};

const DIRECTIVE: &str = "$patch";
const DELETE: &str = "delete";
const REPLACE: &str = "replace";
const MERGE: &str = "merge";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";

type Result<T> = std::result::Result<T, PatchError>;

/// Applies `patch` to `original` (an object's JSON) for a `schema` type.
pub fn apply(original: &Value, patch: &Value, schema: Schema) -> Result<Value> {
    let original = match original {
        Value::Object(m) => m.clone(),
        _ => return Err(PatchError::BadRequest("invalid JSON document".to_owned())),
    };
    // apiserver patch.go `strategicPatchObject`: the patch decoded into a
    // `map[string]interface{}` (JSON `null` leaves it empty).
    let patch = match patch {
        Value::Object(m) => m.clone(),
        Value::Null => Map::new(),
        other => {
            return Err(PatchError::BadRequest(format!(
                "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_type_name(other)
            )));
        }
    };
    merge_map(original, patch, schema).map(Value::Object)
}

/// encoding/json's name of a JSON value's type in an unmarshal error.
pub(super) fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// mergepatch errors.go `ErrNoMergeKey`.
fn no_merge_key(m: &Map<String, Value>, key: &str) -> PatchError {
    PatchError::Plain(format!(
        "map: {} does not contain declared merge key: {key}",
        go_v(&Value::Object(m.clone()))
    ))
}

/// mergepatch errors.go `ErrBadPatchType`.
fn bad_patch_type(t: &Value, m: &Map<String, Value>) -> PatchError {
    PatchError::Plain(format!(
        "unknown patch type: {} in map: {}",
        go_v(t),
        go_v(&Value::Object(m.clone()))
    ))
}

fn bad_retain_keys() -> PatchError {
    PatchError::BadRequest("invalid patch format of retainKeys".to_owned())
}

fn bad_primitive_list() -> PatchError {
    PatchError::BadRequest("invalid patch format of primitive list".to_owned())
}

fn bad_set_element_order() -> PatchError {
    PatchError::BadRequest("invalid patch format of setElementOrder list".to_owned())
}

/// patch.go `mergeMap`.
fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    schema: Schema,
) -> Result<Map<String, Value>> {
    if let Some(v) = patch.get(DIRECTIVE).cloned() {
        // `handleDirectiveInMergeMap`.
        return match v.as_str() {
            Some(REPLACE) => {
                patch.remove(DIRECTIVE);
                Ok(patch)
            }
            Some(DELETE) => Ok(Map::new()),
            _ => Err(bad_patch_type(&v, &patch)),
        };
    }
    apply_retain_keys(&mut original, &mut patch)?;
    merge_set_element_order(&mut original, &mut patch, schema)?;
    for (key, patch_v) in patch {
        // `preprocessDeletionListForMerging`.
        let (key, delete_list) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST) {
            (extract_key(&key, DELETE_FROM_PRIMITIVE_LIST)?, true)
        } else {
            (key, false)
        };
        if patch_v.is_null() {
            original.remove(&key);
            continue;
        }
        let Some(current) = original.get(&key) else {
            if !delete_list {
                put(&mut original, key, patch_v);
            }
            continue;
        };
        if go_type(current) != go_type(&patch_v) {
            if !delete_list {
                put(&mut original, key, patch_v);
            }
            continue;
        }
        let current = original.remove(&key).unwrap_or(Value::Null);
        let merged = match (current, patch_v) {
            (Value::Object(cur), Value::Object(p)) => {
                let (sub, _) = schema.field(&key);
                Value::Object(merge_map(cur, p, sub)?)
            }
            (Value::Array(cur), Value::Array(p)) => {
                let (sub, meta) = schema.field(&key);
                Value::Array(merge_slice_handler(cur, p, sub, meta, delete_list)?)
            }
            (_, p) => match remove_directives(p) {
                Some(v) => v,
                None => continue,
            },
        };
        original.insert(key, merged);
    }
    Ok(original)
}

/// A patch value for a key the original lacks (or holds with another type): its nulls
/// discarded (`discardNullValuesFromPatch`), its directives removed; a directive itself is
/// not kept.
fn put(original: &mut Map<String, Value>, key: String, mut v: Value) {
    discard_nulls(&mut v);
    match remove_directives(v) {
        Some(v) => {
            original.insert(key, v);
        }
        None => {
            original.remove(&key);
        }
    }
}

/// `extractKey`: the list's key after `PREFIX/`.
fn extract_key(s: &str, prefix: &str) -> Result<String> {
    match s.split_once('/') {
        Some((p, rest)) if p == prefix => Ok(rest.to_owned()),
        _ if prefix == DELETE_FROM_PRIMITIVE_LIST => Err(bad_primitive_list()),
        _ => Err(bad_set_element_order()),
    }
}

/// The Go type a decoded JSON value has (`reflect.TypeOf`): integers decode as `int64`
/// (`UnmarshalCaseSensitivePreserveInts`), other numbers as `float64`; `None` for null.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GoType {
    Map,
    Slice,
    String,
    Int,
    Float,
    Bool,
}

fn go_type(v: &Value) -> Option<GoType> {
    Some(match v {
        Value::Null => return None,
        Value::Object(_) => GoType::Map,
        Value::Array(_) => GoType::Slice,
        Value::String(_) => GoType::String,
        Value::Bool(_) => GoType::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => GoType::Int,
        Value::Number(_) => GoType::Float,
    })
}

/// `discardNullValuesFromPatch`.
fn discard_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(discard_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(discard_nulls),
        _ => {}
    }
}

/// `removeDirectives`: `None` when the value is a directive (a map with `$patch`).
fn remove_directives(v: Value) -> Option<Value> {
    match v {
        Value::Object(m) => {
            if m.contains_key(DIRECTIVE) {
                return None;
            }
            Some(Value::Object(
                m.into_iter()
                    .filter_map(|(k, v)| remove_directives(v).map(|v| (k, v)))
                    .collect_object(),
            ))
        }
        Value::Array(items) => Some(Value::Array(
            items.into_iter().filter_map(remove_directives).collect(),
        )),
        other => Some(other),
    }
}

/// `applyRetainKeysDirective`: the original keeps only the keys `$retainKeys` lists, and
/// every key the patch sets must be among them.
fn apply_retain_keys(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
) -> Result<()> {
    let Some(retain) = patch.remove(RETAIN_KEYS) else {
        return Ok(());
    };
    let Value::Array(list) = retain else {
        return Err(bad_retain_keys());
    };
    let listed = |k: &str| list.iter().any(|v| v.as_str() == Some(k));
    for (k, v) in patch.iter() {
        if v.is_null()
            || k.starts_with(DELETE_FROM_PRIMITIVE_LIST)
            || k.starts_with(SET_ELEMENT_ORDER)
        {
            continue;
        }
        if !listed(k) {
            return Err(bad_retain_keys());
        }
    }
    original.retain(|k, _| listed(k));
    Ok(())
}

/// `mergePatchIntoOriginal`: each `$setElementOrder/KEY` list merges KEY's list and orders
/// the result: the directive's order, then the patch's, then the live list's.
fn merge_set_element_order(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: Schema,
) -> Result<()> {
    let keys: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with(SET_ELEMENT_ORDER))
        .cloned()
        .collect();
    for key in keys {
        let Some(order) = patch.remove(&key) else {
            continue;
        };
        let Value::Array(order) = order else {
            return Err(PatchError::Plain(format!(
                "expected a []interface {{}}, but received a {}",
                go_type_name(&order)
            )));
        };
        let list_key = extract_key(&key, SET_ELEMENT_ORDER)?;
        let as_list = |v: Option<&Value>| -> Result<Option<Vec<Value>>> {
            match v {
                None => Ok(None),
                Some(Value::Array(items)) => Ok(Some(items.clone())),
                Some(other) => Err(PatchError::Plain(format!(
                    "expected a []interface {{}}, but received a {}",
                    go_type_name(other)
                ))),
            }
        };
        let original_list = as_list(original.get(&list_key))?;
        let patch_list = as_list(patch.get(&list_key))?;
        let (sub, meta) = schema.field(&list_key);
        let merge_key = meta.merge_key.unwrap_or("");
        validate_with_set_order(patch_list.as_deref().unwrap_or(&[]), &order, merge_key)?;
        let merged = match (&original_list, &patch_list) {
            (Some(o), None) => o.clone(),
            (None, Some(p)) => match remove_directives(Value::Array(p.clone())) {
                Some(Value::Array(v)) => v,
                _ => continue,
            },
            (Some(o), Some(p)) => merge_slice_handler(o.clone(), p.clone(), sub, meta, false)?,
            (None, None) => continue,
        };
        let kind = element_type(&[
            original_list.as_deref().unwrap_or(&[]),
            patch_list.as_deref().unwrap_or(&[]),
        ])?;
        let (in_patch, server_only) = partition(merged, &order, merge_key, kind)?;
        let both = normalize_element_order(
            in_patch,
            server_only,
            &order,
            original_list.as_deref().unwrap_or(&[]),
            merge_key,
            kind,
        )?;
        original.insert(list_key.clone(), Value::Array(both));
        patch.remove(&list_key);
    }
    Ok(())
}

/// Go's `reflect.TypeOf` name of a decoded JSON value, for `ErrBadArgType`.
fn go_type_name(v: &Value) -> &'static str {
    match go_type(v) {
        None => "<nil>",
        Some(GoType::Map) => "map[string]interface {}",
        Some(GoType::Slice) => "[]interface {}",
        Some(GoType::String) => "string",
        Some(GoType::Int) => "int64",
        Some(GoType::Float) => "float64",
        Some(GoType::Bool) => "bool",
    }
}

/// `validatePatchWithSetOrderList`: the patch's items (deletions aside) appear in the
/// directive's list, in its order.
fn validate_with_set_order(patch: &[Value], order: &[Value], merge_key: &str) -> Result<()> {
    if order.is_empty() || patch.is_empty() {
        return Ok(());
    }
    let non_delete: Vec<&Value> = if merge_key.is_empty() {
        patch.iter().collect()
    } else {
        let mut kept = Vec::new();
        for v in patch {
            let Value::Object(m) = v else {
                return Err(PatchError::Plain(format!(
                    "expected a map[string]interface {{}}, but received a {}",
                    go_type_name(v)
                )));
            };
            if m.get(DIRECTIVE).and_then(Value::as_str) != Some(DELETE) {
                kept.push(v);
            }
        }
        kept
    };
    let (mut p, mut s) = (0, 0);
    while let (Some(item), Some(ordered)) = (non_delete.get(p), order.get(s)) {
        if item.get(DIRECTIVE).is_some() {
            p += 1;
            continue;
        }
        if merge_key_equal(item, ordered, merge_key)? {
            p += 1;
        }
        s += 1;
    }
    if p < non_delete.len() && s >= order.len() {
        return Err(PatchError::Plain(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER} list:\n{}\n",
            go_v(&Value::Array(patch.to_vec())),
            go_v(&Value::Array(order.to_vec()))
        )));
    }
    Ok(())
}

/// `mergeKeyValueEqual`.
fn merge_key_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool> {
    if merge_key.is_empty() {
        return Ok(left == right);
    }
    let (Value::Object(l), Value::Object(r)) = (left, right) else {
        return Err(PatchError::Plain(
            "expected a map[string]interface {}, but received a different type".to_owned(),
        ));
    };
    let lv = l.get(merge_key).ok_or_else(|| no_merge_key(l, merge_key))?;
    let rv = r.get(merge_key).ok_or_else(|| no_merge_key(r, merge_key))?;
    Ok(lv == rv)
}

/// `mergeSliceHandler`: a `merge` list (or a deletion list) is merged; any other list is
/// the patch's, as it is.
fn merge_slice_handler(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: Schema,
    meta: FieldMeta,
    delete_list: bool,
) -> Result<Vec<Value>> {
    if meta.merge || delete_list {
        merge_slice(
            original,
            patch,
            schema,
            meta.merge_key.unwrap_or(""),
            delete_list,
        )
    } else {
        Ok(patch)
    }
}

/// `sliceElementType`: the one Go type of the lists' elements.
fn element_type(lists: &[&[Value]]) -> Result<GoType> {
    let mut seen: Option<GoType> = None;
    for v in lists.iter().flat_map(|l| l.iter()) {
        let t = go_type(v);
        match (seen, t) {
            // `ErrNoListOfLists`, a 422 without details
            // (apiserver patch.go `interpretStrategicMergePatchError`).
            (_, Some(GoType::Slice)) if seen.is_none() => {
                return Err(PatchError::Invalid(super::UNPROCESSABLE.to_owned()));
            }
            (None, Some(t)) => seen = Some(t),
            (Some(prev), Some(t)) if prev == t => {}
            _ => {
                let all: Vec<Value> = lists.iter().map(|l| Value::Array(l.to_vec())).collect();
                return Err(PatchError::Plain(format!(
                    "list element types are not identical: {}",
                    go_v(&Value::Array(all))
                )));
            }
        }
    }
    seen.ok_or_else(|| PatchError::Plain("no elements in any of the given slices".to_owned()))
}

/// `mergeSlice`.
fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: Schema,
    merge_key: &str,
    delete_list: bool,
) -> Result<Vec<Value>> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let kind = element_type(&[&original, &patch])?;
    let (original, patch, merged) = if kind != GoType::Map {
        if delete_list {
            let kept: Vec<Value> = original
                .iter()
                .filter(|v| !patch.contains(v))
                .cloned()
                .collect();
            (original, patch, kept)
        } else {
            let both: Vec<Value> = original.iter().chain(patch.iter()).cloned().collect();
            (original, patch, deduplicate_scalars(both))
        }
    } else {
        if merge_key.is_empty() {
            return Err(PatchError::Plain(
                "cannot merge lists without merge key for struct".to_owned(),
            ));
        }
        let (original, patch) = merge_special_elements(original, patch, merge_key)?;
        let merged = merge_without_special(original.clone(), &patch, merge_key, schema)?;
        (original, patch, merged)
    };
    let (in_patch, server_only) = partition(merged, &patch, merge_key, kind)?;
    normalize_element_order(in_patch, server_only, &patch, &original, merge_key, kind)
}

/// `deduplicateScalars`: a later duplicate is replaced by the list's last item.
fn deduplicate_scalars(mut s: Vec<Value>) -> Vec<Value> {
    let mut length = s.len().saturating_sub(1);
    let mut i = 0;
    while i < length {
        let mut j = i + 1;
        while j <= length {
            if s.get(i) == s.get(j) {
                s.swap(j, length);
                s.truncate(length);
                length = length.saturating_sub(1);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
    s
}

/// `mergeSliceWithSpecialElements`: `$patch: delete` items remove the original's items of
/// their key; `$patch: replace` makes the patch's other items the list.
fn merge_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut plain = Vec::new();
    let mut replace = false;
    for v in patch {
        let Value::Object(m) = &v else {
            plain.push(v);
            continue;
        };
        let Some(directive) = m.get(DIRECTIVE) else {
            plain.push(v);
            continue;
        };
        match directive.as_str() {
            Some(DELETE) => {
                let Some(key) = m.get(merge_key) else {
                    return Err(no_merge_key(m, merge_key));
                };
                original.retain(|o| o.get(merge_key) != Some(key));
            }
            Some(REPLACE) => replace = true,
            Some(MERGE) => {
                return Err(PatchError::Plain(
                    "merging lists cannot yet be specified in the patch".to_owned(),
                ));
            }
            _ => return Err(bad_patch_type(directive, m)),
        }
    }
    if replace {
        return Ok((plain, Vec::new()));
    }
    Ok((original, plain))
}

/// `mergeSliceWithoutSpecialElements`: an item whose key the original has is merged into
/// it, any other appended.
fn merge_without_special(
    mut original: Vec<Value>,
    patch: &[Value],
    merge_key: &str,
    schema: Schema,
) -> Result<Vec<Value>> {
    for v in patch {
        let Value::Object(m) = v else {
            continue;
        };
        let Some(key) = m.get(merge_key) else {
            return Err(no_merge_key(m, merge_key));
        };
        let found = original.iter().position(|o| o.get(merge_key) == Some(key));
        match found {
            Some(i) => {
                let Some(Value::Object(o)) = original.get(i).cloned() else {
                    continue;
                };
                let merged = merge_map(o, m.clone(), schema)?;
                if let Some(slot) = original.get_mut(i) {
                    *slot = Value::Object(merged);
                }
            }
            None => original.push(v.clone()),
        }
    }
    Ok(original)
}

/// `partitionPrimitivesByPresentInList` / `partitionMapsByPresentInList`: the items in
/// `by`, then the others.
fn partition(
    merged: Vec<Value>,
    by: &[Value],
    merge_key: &str,
    kind: GoType,
) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut in_by = Vec::new();
    let mut others = Vec::new();
    for v in merged {
        let present = if kind == GoType::Map {
            let Value::Object(m) = &v else {
                return Err(PatchError::Plain(format!(
                    "expected a map[string]interface {{}}, but received a {}",
                    go_type_name(&v)
                )));
            };
            let Some(key) = m.get(merge_key) else {
                return Err(no_merge_key(m, merge_key));
            };
            by.iter().any(|b| b.get(merge_key) == Some(key))
        } else {
            by.contains(&v)
        };
        if present {
            in_by.push(v);
        } else {
            others.push(v);
        }
    }
    Ok((in_by, others))
}

/// `index`: where `v` is in `list` (by merge key for maps; a missing key matches a missing
/// key, as Go's nil interfaces compare equal).
fn index(list: &[Value], v: &Value, merge_key: &str, kind: GoType) -> Option<usize> {
    let key = |item: &Value| -> Option<Value> {
        match kind {
            GoType::Map => item.get(merge_key).cloned(),
            _ => Some(item.clone()),
        }
    };
    let want = key(v);
    list.iter().position(|item| key(item) == want)
}

/// `normalizeElementOrder`: the patch's items in the patch's order, the server's others in
/// the live order, then the two merged by the live order (`mergeSortedSlice`).
fn normalize_element_order(
    patch: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    kind: GoType,
) -> Result<Vec<Value>> {
    let patch = normalize_slice_order(patch, patch_order, merge_key, kind)?;
    let server_only = normalize_slice_order(server_only, server_order, merge_key, kind)?;
    Ok(merge_sorted(
        server_only,
        patch,
        server_order,
        merge_key,
        kind,
    ))
}

/// `normalizeSliceOrder`: sorted (stably) by position in `order`, deletions last.
fn normalize_slice_order(
    to_sort: Vec<Value>,
    order: &[Value],
    merge_key: &str,
    kind: GoType,
) -> Result<Vec<Value>> {
    let (mut kept, deleted) = if kind == GoType::Map {
        // `validateMergeKeyInLists`.
        for item in to_sort.iter().chain(order.iter()) {
            let Value::Object(m) = item else {
                return Err(PatchError::Plain(format!(
                    "expected a map[string]interface {{}}, but received a {}",
                    go_type_name(item)
                )));
            };
            if !m.contains_key(merge_key) {
                return Err(no_merge_key(m, merge_key));
            }
        }
        to_sort
            .into_iter()
            .partition(|v| v.get(DIRECTIVE).and_then(Value::as_str) != Some(DELETE))
    } else {
        (to_sort, Vec::new())
    };
    // Every item is in `order` here, so Go's `less` (true when either is missing) orders
    // by position alone.
    kept.sort_compact_by_key(|v| index(order, v, merge_key, kind).unwrap_or(usize::MAX));
    kept.extend(deleted);
    Ok(kept)
}

/// `mergeSortedSlice`: `left` (the server's) inserted into `right` (the patch's): a left
/// item goes first only when both are in the live list and it comes earlier there.
fn merge_sorted(
    left: Vec<Value>,
    right: Vec<Value>,
    server_order: &[Value],
    merge_key: &str,
    kind: GoType,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        let take_left = match (left.peek(), right.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(l), Some(r)) => {
                match (
                    index(server_order, l, merge_key, kind),
                    index(server_order, r, merge_key, kind),
                ) {
                    (Some(li), Some(ri)) => li < ri,
                    _ => false,
                }
            }
        };
        let next = if take_left { left.next() } else { right.next() };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests;
