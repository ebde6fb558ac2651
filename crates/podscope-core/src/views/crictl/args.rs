//! A crictl subcommand's words as urfave/cli v2 reads them (cri-tools cmd/crictl pins
//! github.com/urfave/cli/v2; every list command sets `UseShortOptionHandling: true`): flags
//! come before the arguments (Go's `flag` package stops at the first word that is not a
//! flag, or after `--`), `--name X` and `--name=X` give a value, `-it` is `-i -t`.

use podscope_collections::Set;

/// One flag a subcommand defines: its long name, its one-letter alias, whether it takes a
/// value.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub name: &'static str,
    pub short: Option<char>,
    pub value: bool,
}

impl Flag {
    pub const fn bool(name: &'static str) -> Self {
        Flag {
            name,
            short: None,
            value: false,
        }
    }

    pub const fn value(name: &'static str) -> Self {
        Flag {
            name,
            short: None,
            value: true,
        }
    }

    pub const fn short(self, c: char) -> Self {
        Flag {
            short: Some(c),
            ..self
        }
    }
}

/// What was given: the boolean flags set, the values in order, the arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub set: Set<&'static str>,
    pub values: Vec<(&'static str, String)>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn has(&self, name: &str) -> bool {
        self.set.contains(name)
    }

    /// The last value given for `name` (Go's `flag` keeps the last).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for `name` (a `StringSliceFlag` such as `--label`).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Why the words do not parse, worded as Go's `flag` package words it (flag/flag.go
/// `parseOne`: `flag provided but not defined: -%s`, `flag needs an argument: -%s`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    Undefined(String),
    NeedsValue(String),
}

impl ArgError {
    pub fn message(&self) -> String {
        match self {
            ArgError::Undefined(f) => format!("flag provided but not defined: -{f}"),
            ArgError::NeedsValue(f) => format!("flag needs an argument: -{f}"),
        }
    }
}

/// Parses `words` (after the subcommand) against `flags`.
pub fn parse(flags: &[Flag], words: &[String]) -> Result<Parsed, ArgError> {
    let mut out = Parsed::default();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        if word == "--" {
            break;
        }
        let Some(body) = word.strip_prefix('-').filter(|b| !b.is_empty()) else {
            // The first argument ends the flags.
            i -= 1;
            break;
        };
        let body = body.strip_prefix('-').unwrap_or(body);
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let found = flags.iter().find(|f| {
            f.name == name || (name.chars().count() == 1 && f.short == name.chars().next())
        });
        let flag = match found {
            Some(f) => *f,
            // urfave/cli's short option handling: `-it` is `-i -t` when every letter is a
            // boolean flag's alias.
            None if !word.starts_with("--") && inline.is_none() => {
                let letters: Option<Vec<&Flag>> = name
                    .chars()
                    .map(|c| flags.iter().find(|f| f.short == Some(c) && !f.value))
                    .collect();
                match letters {
                    Some(fs) if name.chars().count() > 1 => {
                        out.set.extend(fs.iter().map(|f| f.name));
                        continue;
                    }
                    _ => return Err(ArgError::Undefined(name.to_owned())),
                }
            }
            None => return Err(ArgError::Undefined(name.to_owned())),
        };
        if flag.value {
            let value = match inline {
                Some(v) => v.to_owned(),
                None => {
                    let Some(v) = words.get(i) else {
                        return Err(ArgError::NeedsValue(name.to_owned()));
                    };
                    i += 1;
                    v.clone()
                }
            };
            out.values.push((flag.name, value));
        } else if inline != Some("false") {
            out.set.insert(flag.name);
        }
    }
    out.args = words.get(i..).unwrap_or_default().to_vec();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const FLAGS: &[Flag] = &[
        Flag::bool("interactive").short('i'),
        Flag::bool("tty").short('t'),
        Flag::value("tail"),
        Flag::value("label"),
    ];

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn flags_stop_at_the_first_argument_and_letters_combine() {
        let p = parse(FLAGS, &words("-it abc ls -l")).unwrap_or_default();
        assert!(p.has("interactive") && p.has("tty"));
        assert_eq!(p.args, words("abc ls -l"));
        let p = parse(FLAGS, &words("-i -t abc ls")).unwrap_or_default();
        assert!(p.has("interactive") && p.has("tty"));
        assert_eq!(p.args, words("abc ls"));
    }

    #[test]
    fn values_inline_or_next_and_repeated() {
        let p = parse(FLAGS, &words("--tail=1 --label a=b --label c=d id")).unwrap_or_default();
        assert_eq!(p.value("tail"), Some("1"));
        assert_eq!(p.all("label"), vec!["a=b", "c=d"]);
        assert_eq!(p.args, words("id"));
    }

    #[test]
    fn go_flag_errors() {
        assert_eq!(
            parse(FLAGS, &words("--nope x")).map_err(|e| e.message()),
            Err("flag provided but not defined: -nope".to_owned())
        );
        assert_eq!(
            parse(FLAGS, &words("--tail")).map_err(|e| e.message()),
            Err("flag needs an argument: -tail".to_owned())
        );
    }
}
