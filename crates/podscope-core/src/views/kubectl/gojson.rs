//! JSON as `kubectl get -o json` prints it: cli-runtime printers/json.go `JSONPrinter`
//! calls `json.MarshalIndent(obj, "", "    ")` on the unstructured object, whose content is a
//! Go map, so Go's encoding/json writes the keys sorted by bytes, four-space indents, `{}` and
//! `[]` for empty collections, and escapes `<`, `>`, `&`, U+2028 and U+2029 as `\u003c` …
//! (encode.go `appendString` with HTML escaping on).

use crate::model::sort::CompactSort;
use serde_json::Value;

/// `json.MarshalIndent(value, "", "    ")` and the newline the printer adds.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, 0);
    out.push('\n');
    out
}

/// `json.Marshal(value)`: the compact form (what JSONPath prints for a map or a list).
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write_compact(&mut out, value);
    out
}

fn pad(out: &mut String, level: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("    ", level));
}

fn sorted(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
    entries.sort_compact_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries
}

fn write(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('{');
            for (i, (k, v)) in sorted(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, level + 1);
                string(out, k);
                out.push_str(": ");
                write(out, v, level + 1);
            }
            pad(out, level);
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, level + 1);
                write(out, v, level + 1);
            }
            pad(out, level);
            out.push(']');
        }
        other => write_compact(out, other),
    }
}

fn write_compact(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(out, s),
        Value::Object(m) => {
            out.push('{');
            for (i, (k, v)) in sorted(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, k);
                out.push(':');
                write_compact(out, v);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, v);
            }
            out.push(']');
        }
    }
}

/// encode.go `appendString` with `escapeHTML`.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn indented_sorted_and_html_escaped() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"labels": {}, "name": "p"},
                       "items": [], "spec": {"args": ["<a&b>"], "n": 3}});
        assert_eq!(
            to_json(&v),
            "{
    \"apiVersion\": \"v1\",
    \"items\": [],
    \"kind\": \"Pod\",
    \"metadata\": {
        \"labels\": {},
        \"name\": \"p\"
    },
    \"spec\": {
        \"args\": [
            \"\\u003ca\\u0026b\\u003e\"
        ],
        \"n\": 3
    }
}
"
        );
        assert_eq!(
            compact(&json!({"b": 1, "a": [true, null]})),
            "{\"a\":[true,null],\"b\":1}"
        );
    }
}
