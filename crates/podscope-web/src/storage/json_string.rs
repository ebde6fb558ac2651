//! A JSON string literal to its text: how the page reads what it saves in localStorage (each
//! value a JSON string, as gloo-storage wrote them, so sessions saved by earlier pages load),
//! without serde_json's whole parser in the wasm for it; writing goes through serde_json's
//! writer, which the wasm has for the core's JSON output.

/// The string `text` writes as a JSON string literal (JSON whitespace around it allowed), or
/// `None` where `serde_json::from_str::<String>` fails.
pub fn decode(text: &str) -> Option<String> {
    let ws = [' ', '\t', '\n', '\r'];
    let body = text.trim_matches(ws).strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            c if u32::from(c) < 0x20 => return None,
            '\\' => match chars.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let unit = hex4(&mut chars)?;
                    let code = match unit {
                        0xD800..=0xDBFF => {
                            // A leading surrogate must be followed by `\u` and a trailing one.
                            if chars.next()? != '\\' || chars.next()? != 'u' {
                                return None;
                            }
                            let low = hex4(&mut chars)?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return None;
                            }
                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                        0xDC00..=0xDFFF => return None,
                        u => u,
                    };
                    out.push(char::from_u32(code)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    (0..4).try_fold(0, |acc, _| Some(acc * 16 + chars.next()?.to_digit(16)?))
}

/// `value` as a JSON string literal, as gloo-storage wrote it: serde_json's own writer,
/// which the wasm carries anyway (the core's `-o json`); only its parser is left out.
pub fn encode(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// Every text round-trips, and reads as serde_json reads it, on texts with every escape,
    /// control characters, quotes, backslashes and characters outside the BMP.
    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            "",
            "apiVersion: v1\nkind: Pod\n",
            "tab\there \"quoted\" back\\slash /",
            "\u{1}\u{1f}\u{7f}",
            "é ✓ 😀 \u{10FFFF}",
            "\r\n\u{8}\u{c}",
        ];
        for t in texts {
            assert_eq!(decode(&encode(t)).as_deref(), Some(t));
            #[cfg(not(target_arch = "wasm32"))]
            assert_eq!(
                encode(t),
                serde_json::to_string(t).unwrap_or_default(),
                "{t:?}"
            );
        }
        let raw = [
            r#""a\u00e9\ud83d\ude00\/""#,
            r#" "x" "#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""\q""#,
            "\"a\nb\"",
            r#""a"b""#,
            r#""\u12g4""#,
            "x",
            r#""unterminated"#,
            r#""""#,
            r#""\""#,
            r#"  "\\"  "#,
        ];
        for r in raw {
            #[cfg(not(target_arch = "wasm32"))]
            assert_eq!(decode(r), serde_json::from_str::<String>(r).ok(), "{r}");
            let _ = decode(r);
        }
    }
}
