//! YAML 1.1 readings the API types need that the parser's YAML 1.2 core schema does not make: kubectl
//! and the API server read manifests through sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), where
//! a plain `0644` is the octal integer 420. The core schema keeps a leading-zero number as a
//! string, so a volume's `defaultMode: 0644` would not decode as the `int32` it is.

use crate::model::yaml::Value;

/// The fields whose value is a file mode (`defaultMode`, `mode` of volumes and their
/// items), where manifests write octal.
const MODE_FIELDS: [&str; 2] = ["defaultMode", "mode"];

/// YAML 1.1's octal integer (`0[0-7]+`, yaml.org/type/int), as a number.
fn octal(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('0')?;
    if digits.is_empty() || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    i64::from_str_radix(digits, 8).ok()
}

/// Rewrites, in place, every mode field written as a YAML 1.1 octal into its integer.
pub fn octal_modes(value: &mut Value) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                if let (Some(key), Value::String(s)) = (k.as_str(), &*v)
                    && MODE_FIELDS.contains(&key)
                    && let Some(n) = octal(s)
                {
                    *v = Value::Number(n.into());
                    continue;
                }
                octal_modes(v);
            }
        }
        Value::Sequence(s) => s.iter_mut().for_each(octal_modes),
        Value::Tagged(t) => octal_modes(&mut t.value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn leading_zero_modes_are_octal_and_other_fields_stay() {
        let mut v = crate::model::yaml::from_str(
            "defaultMode: 0644\nitems: [{key: a, mode: 0400}, {key: b, mode: 511}]\nname: 0644\nbad: {mode: 089}\n",
        )
        .unwrap();
        octal_modes(&mut v);
        let item = |i: usize| &v.get("items").and_then(Value::as_sequence).unwrap()[i];
        assert_eq!(v.get("defaultMode").and_then(Value::as_i64), Some(420));
        assert_eq!(item(0).get("mode").and_then(Value::as_i64), Some(256));
        assert_eq!(item(1).get("mode").and_then(Value::as_i64), Some(511));
        assert_eq!(v.get("name").and_then(Value::as_str), Some("0644"));
        assert_eq!(
            v.get("bad")
                .and_then(|b| b.get("mode"))
                .and_then(Value::as_str),
            Some("089")
        );
    }
}
