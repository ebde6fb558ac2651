//! JSON text of an API object, through serde_json's `Value`: the views already serialize every
//! API type into a `Value`, so this adds no second `Serialize` instance per type to the wasm
//! (`serde_json::to_string` would, 15 KB for `Volume` alone). Keys come out sorted.

use serde::Serialize;

/// `value` as compact JSON with sorted keys.
pub fn text<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(value).map(|v| v.to_string())
}
