//! Go's `strings.ToLower` and `strings.ToUpper` where their results only meet ASCII: without
//! Unicode's case-mapping tables, which cost the wasm 7 KB of gzip for inputs no valid
//! manifest has (docs/fidelity.md, "Reading manifests").

/// Go's `strings.ToLower(s)` as an ASCII-only grammar sees it: ASCII letters lowered, and the
/// two characters whose simple lower-case mapping is ASCII (U+0130 `İ` → `i`, U+212A KELVIN
/// SIGN → `k`, Go's `unicode.ToLower`); any other non-ASCII character is kept, as its
/// lower-case form is not ASCII either and such a grammar rejects both alike.
pub fn lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether Go's `strings.ToLower` changes `s`: it has an upper-case letter (Unicode's
/// `Uppercase` property). Title-case letters (U+01C5 `ǅ`, …), which Go also lowers, and
/// upper-case letters without a lower-case mapping (U+1D400 `𝐀`, …) are the two kinds of
/// character this tells wrong; either makes an image reference invalid all the same.
pub fn has_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

/// Go's `strings.ToUpper` of text that is ASCII where it matters (protocol names, label keys,
/// column names): ASCII letters raised, anything else kept.
pub fn upper(s: &str) -> String {
    s.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn lowers_what_an_ascii_grammar_can_tell() {
        assert_eq!(lower("Nginx:Latest"), "nginx:latest");
        assert_eq!(lower("\u{212A}ube"), "kube");
        assert_eq!(lower("\u{130}mage"), "image");
        assert_eq!(lower("caf\u{C9}"), "caf\u{C9}");
        assert!(has_upper("library/Nginx") && has_upper("caf\u{C9}"));
        assert!(!has_upper("library/nginx") && !has_upper("caf\u{E9}"));
        assert_eq!(upper("tcp"), "TCP");
    }
}
