//! `KEY=VALUE` and `KEY-` arguments as kubectl reads them for `label`, `annotate` and
//! `run --annotations` (kubectl pkg/cmd/util/helpers.go `ParsePairs`).

use std::collections::BTreeMap;

/// The pairs to set and (with `remove`) the keys to remove; the error is `ParsePairs`'s
/// `invalid TYPE format: A, B`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairs {
    pub set: BTreeMap<String, String>,
    pub remove: Vec<String>,
}

/// helpers.go `ParsePairs`.
pub fn parse(args: &[String], what: &str, remove: bool) -> Result<Pairs, String> {
    let mut out = Pairs::default();
    let mut invalid: Vec<&str> = Vec::new();
    for arg in args {
        match arg.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                out.set.insert(k.to_owned(), v.to_owned());
            }
            Some(_) => invalid.push(arg),
            None => match arg.strip_suffix('-') {
                Some(key) if remove && !key.is_empty() => out.remove.push(key.to_owned()),
                _ => invalid.push(arg),
            },
        }
    }
    if invalid.is_empty() {
        Ok(out)
    } else {
        Err(format!("invalid {what} format: {}", invalid.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn w(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn pairs_removals_and_parsepairs_error() {
        let p = parse(&w(&["a=1", "b=x=y", "c-"]), "label", true).unwrap();
        assert_eq!(p.set.get("a").map(String::as_str), Some("1"));
        assert_eq!(p.set.get("b").map(String::as_str), Some("x=y"));
        assert_eq!(p.remove, ["c"]);
        assert_eq!(
            parse(&w(&["=1", "x", "-"]), "label", true),
            Err("invalid label format: =1, x, -".to_owned())
        );
        assert_eq!(
            parse(&w(&["c-"]), "annotations", false),
            Err("invalid annotations format: c-".to_owned())
        );
    }
}
