//! Label selectors as `-l`/`--selector` gives them: comma-separated requirements `k=v`,
//! `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` and `!k` (apimachinery
//! pkg/labels/selector.go `Parse`), and whether a set of labels passes them.

use std::collections::BTreeMap;

/// One requirement of a selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// A label selector: every requirement must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    /// The text as given (for messages).
    pub text: String,
    pub requirements: Vec<Requirement>,
}

impl Selector {
    /// Reads a selector; empty requirements are skipped.
    pub fn parse(text: &str) -> Self {
        // Split on commas outside parentheses.
        let mut parts: Vec<String> = vec![String::new()];
        let mut depth = 0;
        for ch in text.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            match (ch, parts.last_mut()) {
                (',', _) if depth == 0 => parts.push(String::new()),
                (_, Some(p)) => p.push(ch),
                (_, None) => {}
            }
        }
        let set = |list: &str| -> Vec<String> {
            list.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().to_owned())
                .collect()
        };
        let requirements = parts
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .map(|r| {
                let key = |k: &str| k.trim().to_owned();
                if let Some((k, list)) = r.split_once(" notin ") {
                    Requirement::NotIn(key(k), set(list))
                } else if let Some((k, list)) = r.split_once(" in ") {
                    Requirement::In(key(k), set(list))
                } else if let Some((k, v)) = r.split_once("!=") {
                    Requirement::NotEquals(key(k), v.trim().to_owned())
                } else if let Some((k, v)) = r.split_once("==").or_else(|| r.split_once('=')) {
                    Requirement::Equals(key(k), v.trim().to_owned())
                } else if let Some(k) = r.strip_prefix('!') {
                    Requirement::DoesNotExist(key(k))
                } else {
                    Requirement::Exists(r.to_owned())
                }
            })
            .collect();
        Selector {
            text: text.to_owned(),
            requirements,
        }
    }

    /// Whether `labels` pass every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, set) => labels.get(k).is_some_and(|x| set.contains(x)),
            Requirement::NotIn(k, set) => labels.get(k).is_none_or(|x| !set.contains(x)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_operator() {
        let labels: BTreeMap<String, String> = [("app", "web"), ("tier", "front")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let m = |s: &str| Selector::parse(s).matches(&labels);
        assert!(m("app=web"));
        assert!(m("app==web,tier"));
        assert!(m("app!=db"));
        assert!(m("tier in (front, back)"));
        assert!(m("tier notin (back),!gone"));
        assert!(m(""));
        assert!(!m("app=db"));
        assert!(!m("gone"));
        assert!(!m("!app"));
        assert!(!m("tier notin (front)"));
        assert!(!m("app in (db)"));
    }
}

/// One term of a field selector (apimachinery pkg/fields/selector.go `ParseSelector`):
/// `field=value`, `field==value` or `field!=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldTerm {
    pub field: String,
    pub equals: bool,
    pub value: String,
}

/// Reads `--field-selector`: comma-separated terms; `None` for a term without an operator
/// (fields.ParseSelector's "invalid selector").
pub fn parse_field_selector(text: &str) -> Option<Vec<FieldTerm>> {
    let mut out = Vec::new();
    for term in text.split(',').filter(|t| !t.is_empty()) {
        let (field, equals, value) = if let Some((f, v)) = term.split_once("!=") {
            (f, false, v)
        } else if let Some((f, v)) = term.split_once("==") {
            (f, true, v)
        } else {
            let (f, v) = term.split_once('=')?;
            (f, true, v)
        };
        out.push(FieldTerm {
            field: field.trim().to_owned(),
            equals,
            value: value.trim().to_owned(),
        });
    }
    Some(out)
}

#[cfg(test)]
mod field_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn field_selector_terms() {
        let t = parse_field_selector("status.phase=Running,spec.nodeName!=n1").unwrap_or_default();
        assert_eq!(t.len(), 2);
        assert!(t[0].equals && t[0].field == "status.phase" && t[0].value == "Running");
        assert!(!t[1].equals && t[1].value == "n1");
        assert_eq!(parse_field_selector("bogus"), None);
    }
}
