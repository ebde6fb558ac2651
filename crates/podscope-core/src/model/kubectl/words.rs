//! Shell words: a command line typed on the node split the way a POSIX shell splits a simple
//! command, before `kubectl` (or `crictl`, `ps`…) sees its arguments. The one splitter every
//! node command goes through.

/// Splits a command line into words the way a POSIX shell does for simple commands:
/// whitespace separates, single quotes keep everything, double quotes keep all but `\"`
/// and `\\`, a backslash outside quotes escapes the next character.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => {
                            return Err("unexpected EOF while looking for matching `''".to_owned());
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => {
                                return Err(
                                    "unexpected EOF while looking for matching `\"'".to_owned()
                                );
                            }
                        },
                        Some(c) => cur.push(c),
                        None => {
                            return Err("unexpected EOF while looking for matching `\"'".to_owned());
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    cur.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Joins words into a line that `split_words` (and any POSIX shell) splits back into the same
/// words: a word of only safe characters stays as it is, any other is single-quoted.
pub fn join_words(words: &[String]) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    words
        .iter()
        .map(|w| {
            if !w.is_empty() && w.chars().all(safe) {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn words_respect_quotes() {
        assert_eq!(
            split_words(r#"kubectl logs "my pod" -c 'a b' x\ y"#).unwrap(),
            ["kubectl", "logs", "my pod", "-c", "a b", "x y"]
        );
        assert_eq!(
            split_words(r#"a "q\"x\\y\n" '' "" b"#).unwrap(),
            ["a", "q\"x\\y\\n", "", "", "b"]
        );
        assert!(split_words("echo 'open").is_err());
        assert!(split_words("echo \"open").is_err());
        assert!(split_words("echo \"open\\").is_err());
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn joined_words_split_back() {
        let words: Vec<String> = ["ls", "-l", "/tmp", "a b", "it's", "", "$HOME", "x\\y\"z"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let line = join_words(&words);
        assert_eq!(line, r#"ls -l /tmp 'a b' 'it'\''s' '' '$HOME' 'x\y"z'"#);
        assert_eq!(split_words(&line).unwrap(), words);
    }
}
