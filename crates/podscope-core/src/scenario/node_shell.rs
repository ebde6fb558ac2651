//! The node's shell: what `kubectl`, `crictl`, `docker`, `ps` and `lsns` print when run on the
//! node, dispatched from one command line.

use crate::sim::outcome::Output;
use crate::sim::world::World;

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

/// Runs one command line on the first node (read-only commands) and returns what it prints.
pub fn run(world: &World, line: &str) -> Output {
    run_on(world, 0, line)
}

/// Runs one command line on node `node`: `crictl`, `docker`, `ps` and `lsns` see that node's
/// containers and processes; `kubectl` answers the same everywhere (it asks the API server).
pub fn run_on(world: &World, node: usize, line: &str) -> Output {
    let words = match split_words(line) {
        Ok(w) => w,
        // bash's texts for an unterminated quote, status 2.
        Err(m) => {
            return Output::failed(
                format!("bash: {m}\nbash: syntax error: unexpected end of file\n"),
                2,
            );
        }
    };
    // `sudo CMD` runs CMD (the seeds' commands use it).
    let words: &[String] = match words.first().map(String::as_str) {
        Some("sudo") => words.get(1..).unwrap_or_default(),
        _ => &words,
    };
    let Some(program) = words.first() else {
        return Output::ok("");
    };
    let rest = words.get(1..).unwrap_or_default();
    match program.as_str() {
        "kubectl" => crate::views::kubectl::run(world, rest),
        "crictl" => crate::views::crictl::run(world, node, rest),
        "docker" => crate::views::docker::run(world, node, rest),
        "ps" => crate::views::hostps::run_ps(world, node, rest),
        "lsns" => crate::views::hostps::run_lsns(world, node, rest),
        // The node's login shell is bash: `bash: NAME: command not found`, status 127.
        other => Output::failed(format!("bash: {other}: command not found\n"), 127),
    }
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
        assert!(split_words("echo 'open").is_err());
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
    }
}
