//! What a scalar means: serde_yaml de.rs `visit_untagged_scalar` and `visit_scalar` (YAML
//! 1.2's core schema: `null`/`~`/empty, `true`/`false` in three spellings, integers with
//! `0x`/`0o`/`0b`, floats with `.inf`/`.nan`; a leading-zero number stays a string).

use super::value::{Number, Value};

/// The core schema's tags (libyaml expands `!!bool` to these).
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const NULL: &str = "tag:yaml.org,2002:null";

/// A scalar's value, or serde's error for a scalar the tag says is something it is not, or
/// for an integer too large for 64 bits (serde_yaml's `Value` has no `u128`).
pub(super) fn resolve(text: &str, plain: bool, tag: Option<&str>) -> Result<Value, String> {
    match tag {
        Some(BOOL) => {
            return parse_bool(text)
                .map(Value::Bool)
                .ok_or_else(|| invalid_value(text, "a boolean"));
        }
        Some(INT) => {
            return match int(text) {
                Some(v) => v,
                None => Err(invalid_value(text, "an integer")),
            };
        }
        Some(FLOAT) => {
            return parse_f64(text)
                .map(|f| Value::Number(Number::Float(f)))
                .ok_or_else(|| invalid_value(text, "a float"));
        }
        Some(NULL) => {
            return if is_null(text) {
                Ok(Value::Null)
            } else {
                Err(invalid_value(text, "null"))
            };
        }
        Some(t) if !(t.starts_with('!') && plain) => return Ok(Value::String(text.to_owned())),
        _ => {}
    }
    if !plain {
        return Ok(Value::String(text.to_owned()));
    }
    untagged(text)
}

/// serde_yaml de.rs `visit_untagged_scalar`.
pub(super) fn untagged(text: &str) -> Result<Value, String> {
    if text.is_empty() || is_null(text) {
        return Ok(Value::Null);
    }
    if let Some(b) = parse_bool(text) {
        return Ok(Value::Bool(b));
    }
    if let Some(v) = int(text) {
        return v;
    }
    if !digits_but_not_number(text)
        && let Some(f) = parse_f64(text)
    {
        return Ok(Value::Number(Number::Float(f)));
    }
    Ok(Value::String(text.to_owned()))
}

/// serde_yaml de.rs `visit_int`: u64, then i64, then the 128-bit forms `Value` cannot take.
fn int(text: &str) -> Option<Result<Value, String>> {
    if let Some(u) = parse_unsigned::<u64>(text, u64::from_str_radix) {
        return Some(Ok(Value::Number(Number::PosInt(u))));
    }
    if let Some(i) = parse_negative::<i64>(text, i64::from_str_radix) {
        // `-0` is the non-negative 0, as serde_yaml's `Number::from(i64)` keeps it.
        return Some(Ok(Value::Number(Number::from(i))));
    }
    // serde's default `visit_u128`/`visit_i128` for a visitor without them.
    if let Some(u) = parse_unsigned::<u128>(text, u128::from_str_radix) {
        return Some(Err(format!(
            "invalid type: integer `{u}` as u128, expected any YAML value"
        )));
    }
    if let Some(i) = parse_negative::<i128>(text, i128::from_str_radix) {
        return Some(Err(format!(
            "invalid type: integer `{i}` as i128, expected any YAML value"
        )));
    }
    None
}

fn invalid_value(text: &str, expected: &str) -> String {
    format!("invalid value: string {text:?}, expected {expected}")
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// The prefixed forms (`0x`, `0o`, `0b`) of a digit string; no text with such a prefix is
/// also a decimal number, so a failed prefixed read falls through harmlessly.
fn prefixed<T>(rest: &str, from: Radix<T>) -> Option<T> {
    [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| {
            let digits = rest.strip_prefix(prefix)?;
            if digits.starts_with(['+', '-']) {
                return None;
            }
            from(digits, radix).ok()
        })
}

/// serde_yaml de.rs `parse_unsigned_int`.
fn parse_unsigned<T>(text: &str, from: Radix<T>) -> Option<T> {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    if let Some(n) = prefixed(unpositive, from) {
        return Some(n);
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from(unpositive, 10).ok()
}

/// serde_yaml de.rs `parse_negative_int`.
fn parse_negative<T>(text: &str, from: Radix<T>) -> Option<T> {
    if let Some(rest) = text.strip_prefix('-') {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(digits) = rest.strip_prefix(prefix)
                && let Ok(n) = from(&format!("-{digits}"), radix)
            {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from(text, 10).ok()
}

/// serde_yaml de.rs `parse_f64`.
fn parse_f64(text: &str) -> Option<f64> {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    podscope_float::parse(unpositive).filter(|f| f.is_finite())
}

/// serde_yaml de.rs `digits_but_not_number`: a leading zero followed by digits is a string
/// in YAML 1.2 (`0644`; admission's `yaml11` reads file modes as YAML 1.1 octals).
fn digits_but_not_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    t.len() > 1 && t.starts_with('0') && t[1..].bytes().all(|b| b.is_ascii_digit())
}
