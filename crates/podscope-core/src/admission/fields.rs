//! Did-you-mean for unknown fields: the closest field name of the struct the unknown field is
//! in, among the names the generated readers know (k8s-openapi's own, `decode/generated.rs`),
//! so a suggestion is always a field that could stand there.

/// The name in `names` closest to `unknown`, if one is close enough to be a typo: an edit
/// distance of at most 2 (1 for short names), or a case-only difference.
pub fn suggest(unknown: &str, names: &[&'static str]) -> Option<&'static str> {
    if unknown.len() > 64 {
        return None;
    }
    let limit = if unknown.chars().count() <= 4 { 1 } else { 2 };
    let lower = unknown.to_ascii_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for &name in names {
        if name == unknown {
            return None;
        }
        let d = if name.to_ascii_lowercase() == lower {
            0
        } else {
            distance(unknown, name)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn suggests_typos_among_the_struct_s_own_fields() {
        let container = ["args", "image", "name", "restartPolicy", "containers"];
        assert_eq!(suggest("imagee", &container), Some("image"));
        assert_eq!(suggest("contianers", &container), Some("containers"));
        assert_eq!(suggest("restartpolicy", &container), Some("restartPolicy"));
        assert_eq!(suggest("zzzzzzzz", &container), None);
        // Short names allow one edit only; a name of another struct is never suggested.
        assert_eq!(suggest("nmae", &container), Some("name"));
        assert_eq!(suggest("imagee", &["ports", "volumes"]), None);
    }
}
