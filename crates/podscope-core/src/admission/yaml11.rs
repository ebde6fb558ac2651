//! YAML 1.1 readings the API types need that the parser's YAML 1.2 core schema does not make: kubectl
//! and the API server read manifests through sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), where
//! a plain `0644` is the octal integer 420. The core schema keeps a leading-zero number as a
//! string, so a volume's `defaultMode: 0644` would not decode as the `int32` it is.

use crate::model::yaml::Value;

/// The volume sources whose `defaultMode` is a file mode (`ConfigMapVolumeSource`, …).
const SOURCES: [&str; 4] = ["configMap", "secret", "downwardAPI", "projected"];

/// YAML 1.1's octal integer (`0[0-7]+`, yaml.org/type/int), as a number.
fn octal(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('0')?;
    if digits.is_empty() || !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    i64::from_str_radix(digits, 8).ok()
}

/// Where a value stands, for the mode fields: in a volume source, in the `items` list of one
/// (`KeyToPath`, `DownwardAPIVolumeFile`), in one of its items, or anywhere else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Source,
    Items,
    Item,
    Other,
}

/// Rewrites, in place, every mode field written as a YAML 1.1 octal into its integer: a
/// volume source's `defaultMode` and an item's `mode`. A key called `mode` anywhere else (a
/// label, a ConfigMap's data) is someone's text and stays as it is.
pub fn octal_modes(value: &mut Value) {
    walk(value, Place::Other);
}

fn walk(value: &mut Value, place: Place) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                let key = k.as_str();
                let mode_field = match key {
                    Some("defaultMode") => place == Place::Source,
                    Some("mode") => place == Place::Item,
                    _ => false,
                };
                if mode_field
                    && let Value::String(s) = &*v
                    && let Some(n) = octal(s)
                {
                    *v = Value::Number(n.into());
                    continue;
                }
                let next = match key {
                    Some(k) if SOURCES.contains(&k) => Place::Source,
                    Some("items") if place == Place::Source => Place::Items,
                    _ => Place::Other,
                };
                walk(v, next);
            }
        }
        Value::Sequence(s) => {
            let next = if place == Place::Items {
                Place::Item
            } else {
                Place::Other
            };
            s.iter_mut().for_each(|v| walk(v, next));
        }
        Value::Tagged(t) => walk(&mut t.value, place),
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
            "volumes:\n- configMap:\n    defaultMode: 0644\n    items: [{key: a, mode: 0400}, {key: b, mode: 511}]\n    name: 0644\n- secret: {defaultMode: 089}\n- projected: {sources: [{downwardAPI: {items: [{path: p, mode: 0600}]}}]}\nmetadata: {labels: {mode: \"0644\"}}\ndata: {mode: \"0644\", defaultMode: \"0755\"}\n",
        )
        .unwrap();
        octal_modes(&mut v);
        let volume = |i: usize| &v.get("volumes").and_then(Value::as_sequence).unwrap()[i];
        let cm = volume(0).get("configMap").unwrap();
        let item = |i: usize| &cm.get("items").and_then(Value::as_sequence).unwrap()[i];
        assert_eq!(cm.get("defaultMode").and_then(Value::as_i64), Some(420));
        assert_eq!(item(0).get("mode").and_then(Value::as_i64), Some(256));
        assert_eq!(item(1).get("mode").and_then(Value::as_i64), Some(511));
        assert_eq!(cm.get("name").and_then(Value::as_str), Some("0644"));
        let secret = volume(1).get("secret").unwrap();
        assert_eq!(
            secret.get("defaultMode").and_then(Value::as_str),
            Some("089")
        );
        let projected = volume(2).get("projected").unwrap();
        let file = &projected
            .get("sources")
            .and_then(Value::as_sequence)
            .unwrap()[0];
        let file = &file
            .get("downwardAPI")
            .and_then(|d| d.get("items"))
            .and_then(Value::as_sequence)
            .unwrap()[0];
        assert_eq!(file.get("mode").and_then(Value::as_i64), Some(384));
        // A label or a ConfigMap key called `mode` is text, quoted or not.
        let labels = v.get("metadata").and_then(|m| m.get("labels")).unwrap();
        assert_eq!(labels.get("mode").and_then(Value::as_str), Some("0644"));
        let data = v.get("data").unwrap();
        assert_eq!(data.get("mode").and_then(Value::as_str), Some("0644"));
        assert_eq!(
            data.get("defaultMode").and_then(Value::as_str),
            Some("0755")
        );
    }
}
