//! Command-line flags as kubectl reads them: spf13/pflag v1.0.9 (kubectl 1.35's) `FlagSet.Parse`
//! over a command's flags and kubectl's global ones, with pflag's error texts.
//!
//! Models pflag flag.go `parseArgs`, `parseLongArg`, `parseSingleShortArg` (flags anywhere
//! among the arguments, `--` ending them, `--name=value`, `--name value`, `-n value`, `-nvalue`,
//! `-n=value`, grouped bool shorthands `-it`), errors.go (`unknown flag: --x`, `unknown
//! shorthand flag: 'x' in -x`, `flag needs an argument: …`, `invalid argument "v" for "--f"
//! flag: …`), and kubectl's `cliflag.WordSepNormalizeFunc` (`--dry_run` is `--dry-run`). Values
//! are checked as pflag's `Set` checks them: Go `strconv.ParseBool` and `strconv.ParseInt(s,
//! 0, 64)`. Not modelled: CSV quoting in list values (split on commas), duration syntax.

use std::fmt;

use crate::model::humanize::go_quote;

/// What a flag holds, which decides how its value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `--flag`, `--flag=false`; never takes the next word.
    Bool,
    /// A string; `Some(default)` when the flag may stand alone (pflag's `NoOptDefVal`:
    /// `--dry-run` is `--dry-run=unchanged`).
    String(Option<&'static str>),
    /// A Go `int`/`int64` (`strconv.ParseInt(s, 0, 64)`: `0x10` is 16).
    Int,
    /// A string slice or array: every use adds (slices split on commas).
    List,
    /// A `time.Duration` or a `key=value` map: read as text, never modelled.
    Text,
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// Whether podscope acts on it; a flag that is not makes the command "not modelled"
    /// instead of silently ignored.
    pub modelled: bool,
}

impl Flag {
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Flag {
            name,
            short: None,
            kind,
            modelled: false,
        }
    }

    pub const fn bool(name: &'static str) -> Self {
        Flag::new(name, Kind::Bool)
    }

    pub const fn string(name: &'static str) -> Self {
        Flag::new(name, Kind::String(None))
    }

    pub const fn int(name: &'static str) -> Self {
        Flag::new(name, Kind::Int)
    }

    pub const fn list(name: &'static str) -> Self {
        Flag::new(name, Kind::List)
    }

    pub const fn text(name: &'static str) -> Self {
        Flag::new(name, Kind::Text)
    }

    pub const fn short(mut self, c: char) -> Self {
        self.short = Some(c);
        self
    }

    pub const fn modelled(mut self) -> Self {
        self.modelled = true;
        self
    }

    /// pflag's `-s, --long` or `--long`, as its `InvalidValueError` names a flag.
    fn display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.name),
            None => format!("--{}", self.name),
        }
    }
}

/// A value read for a flag, already checked.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Bool(bool),
    Int(i64),
    Text(String),
}

/// The words of a command line after its flags were taken out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The arguments that are not flags, in order (those after `--` included).
    pub args: Vec<String>,
    /// pflag's `ArgsLenAtDash`: how many arguments came before `--`, if there was one.
    pub dash: Option<usize>,
    set: Vec<(Flag, Value)>,
}

impl Parsed {
    fn last(&self, name: &str) -> Option<&Value> {
        self.set
            .iter()
            .rev()
            .find(|(f, _)| f.name == name)
            .map(|(_, v)| v)
    }

    /// Whether the flag was given (pflag's `Changed`).
    pub fn changed(&self, name: &str) -> bool {
        self.set.iter().any(|(f, _)| f.name == name)
    }

    /// A bool flag's value (false unless given).
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.last(name), Some(Value::Bool(true)))
    }

    /// A string flag's last value.
    pub fn string(&self, name: &str) -> Option<&str> {
        match self.last(name) {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// An int flag's last value.
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.last(name) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }

    /// Every value a list flag was given, comma-separated ones split.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.set
            .iter()
            .filter(|(f, _)| f.name == name)
            .filter_map(|(_, v)| match v {
                Value::Text(s) if !s.is_empty() => Some(s.split(',').map(str::to_owned)),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Every value a list flag was given, as given (pflag's `StringArray`: no comma split).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.set
            .iter()
            .filter(|(f, _)| f.name == name)
            .filter_map(|(_, v)| match v {
                Value::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    /// The first flag given that podscope does not act on, as the user spelled its name.
    pub fn unmodelled(&self) -> Option<&'static str> {
        self.set
            .iter()
            .find(|(f, _)| !f.modelled)
            .map(|(f, _)| f.name)
    }
}

/// Why the flags did not parse: pflag's errors, word for word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagError {
    Unknown(String),
    UnknownShorthand {
        c: char,
        group: String,
    },
    NeedsArgument(String),
    NeedsArgumentShort {
        c: char,
        group: String,
    },
    Invalid {
        flag: Flag,
        value: String,
        cause: String,
    },
    BadSyntax(String),
}

/// Go's `%q` of a rune: `'n'`.
fn quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_owned(),
        '\\' => "'\\\\'".to_owned(),
        c if c.is_control() => format!("'\\x{:02x}'", c as u32),
        c => format!("'{c}'"),
    }
}

impl fmt::Display for FlagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagError::Unknown(name) => write!(f, "unknown flag: --{name}"),
            FlagError::UnknownShorthand { c, group } => {
                write!(f, "unknown shorthand flag: {} in -{group}", quote_rune(*c))
            }
            FlagError::NeedsArgument(name) => write!(f, "flag needs an argument: --{name}"),
            FlagError::NeedsArgumentShort { c, group } => {
                write!(f, "flag needs an argument: {} in -{group}", quote_rune(*c))
            }
            FlagError::Invalid { flag, value, cause } => write!(
                f,
                "invalid argument {} for {} flag: {cause}",
                go_quote(value),
                go_quote(&flag.display())
            ),
            FlagError::BadSyntax(word) => write!(f, "bad flag syntax: {word}"),
        }
    }
}

/// Parses `words` against the flag sets (a command's own, then the global ones).
pub fn parse(sets: &[&[Flag]], words: &[String]) -> Result<Parsed, FlagError> {
    let by_name = |name: &str| {
        // kubectl's WordSepNormalizeFunc: `_` separates words as `-` does.
        let name = name.replace('_', "-");
        sets.iter()
            .flat_map(|s| s.iter())
            .find(|f| f.name == name)
            .copied()
    };
    let by_short = |c: char| {
        sets.iter()
            .flat_map(|s| s.iter())
            .find(|f| f.short == Some(c))
            .copied()
    };
    let mut out = Parsed::default();
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        if word.len() < 2 || !word.starts_with('-') {
            out.args.push(word.clone());
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            if long.is_empty() {
                // `--` ends the flags.
                out.dash = Some(out.args.len());
                out.args.extend(rest.cloned());
                break;
            }
            if long.starts_with('-') || long.starts_with('=') {
                return Err(FlagError::BadSyntax(word.clone()));
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let flag = by_name(name).ok_or_else(|| FlagError::Unknown(name.to_owned()))?;
            let value = match (inline, no_opt_default(&flag)) {
                (Some(v), _) => v.to_owned(),
                (None, Some(d)) => d.to_owned(),
                (None, None) => rest
                    .next()
                    .cloned()
                    .ok_or_else(|| FlagError::NeedsArgument(name.to_owned()))?,
            };
            out.set.push((flag, checked(&flag, value)?));
            continue;
        }
        // A group of shorthands: `-it`, `-n web`, `-nweb`, `-n=web`. pflag names the
        // shorthands not yet read in its errors (`-ix` fails as `'x' in -x`).
        let mut shorts = word.get(1..).unwrap_or_default();
        while let Some(c) = shorts.chars().next() {
            let group = shorts;
            let after = shorts.get(c.len_utf8()..).unwrap_or_default();
            let flag = by_short(c).ok_or_else(|| FlagError::UnknownShorthand {
                c,
                group: group.to_owned(),
            })?;
            let value = if let Some(v) = after.strip_prefix('=').filter(|_| after.len() > 1) {
                shorts = "";
                v.to_owned()
            } else if let Some(d) = no_opt_default(&flag) {
                shorts = after;
                d.to_owned()
            } else if !after.is_empty() {
                shorts = "";
                after.to_owned()
            } else {
                shorts = "";
                rest.next()
                    .cloned()
                    .ok_or_else(|| FlagError::NeedsArgumentShort {
                        c,
                        group: group.to_owned(),
                    })?
            };
            out.set.push((flag, checked(&flag, value)?));
        }
    }
    Ok(out)
}

/// The value a flag takes when it stands alone (pflag's `NoOptDefVal`).
fn no_opt_default(flag: &Flag) -> Option<&'static str> {
    match flag.kind {
        Kind::Bool => Some("true"),
        Kind::String(d) => d,
        _ => None,
    }
}

/// The flag's `Set`: the value checked and converted.
fn checked(flag: &Flag, value: String) -> Result<Value, FlagError> {
    let invalid = |cause: String, value: String| FlagError::Invalid {
        flag: *flag,
        value,
        cause,
    };
    match flag.kind {
        Kind::Bool => match parse_bool(&value) {
            Some(b) => Ok(Value::Bool(b)),
            None => {
                let cause = format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    go_quote(&value)
                );
                Err(invalid(cause, value))
            }
        },
        Kind::Int => match parse_int(&value) {
            Ok(n) => Ok(Value::Int(n)),
            Err(why) => {
                let cause = format!("strconv.ParseInt: parsing {}: {why}", go_quote(&value));
                Err(invalid(cause, value))
            }
        },
        Kind::String(_) | Kind::List | Kind::Text => Ok(Value::Text(value)),
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: a sign, then decimal, `0x` hex, `0o`/`0` octal or `0b`
/// binary, with `_` between digits; the error is `invalid syntax` or `value out of range`.
pub fn parse_int(s: &str) -> Result<i64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    const RANGE: &str = "value out of range";
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        Some(_) => (false, s),
        None => return Err(SYNTAX),
    };
    if unsigned.is_empty() {
        return Err(SYNTAX);
    }
    let bytes = unsigned.as_bytes();
    let lower = |b: u8| b.to_ascii_lowercase();
    let (base, digits) = match bytes {
        [b'0', p, _, ..] if matches!(lower(*p), b'b' | b'o' | b'x') => (
            match lower(*p) {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            },
            bytes.get(2..).unwrap_or_default(),
        ),
        [b'0', ..] => (8, bytes.get(1..).unwrap_or_default()),
        _ => (10, bytes),
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &b in digits {
        let d = match b {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            b'A'..=b'Z' => b - b'A' + 10,
            _ => return Err(SYNTAX),
        };
        if u64::from(d) >= base {
            return Err(SYNTAX);
        }
        n = n
            .checked_mul(base)
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or(RANGE)?;
    }
    if underscores && !underscore_ok(unsigned) {
        return Err(SYNTAX);
    }
    let cutoff = 1u64 << 63;
    if negative {
        if n > cutoff {
            return Err(RANGE);
        }
        Ok(0i64.wrapping_sub_unsigned(n))
    } else {
        i64::try_from(n).map_err(|_| RANGE)
    }
}

/// strconv's `underscoreOK`: each `_` sits between digits (a base prefix counts as one).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while let Some(&c) = b.get(i) {
        i += 1;
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const SET: &[Flag] = &[
        Flag::string("namespace").short('n').modelled(),
        Flag::bool("stdin").short('i').modelled(),
        Flag::bool("tty").short('t').modelled(),
        Flag::int("replicas").modelled(),
        Flag::new("dry-run", Kind::String(Some("unchanged"))),
        Flag::list("filename").short('f').modelled(),
    ];

    fn p(line: &str) -> Result<Parsed, String> {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        parse(&[SET], &words).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_pflag_spelling() {
        for line in [
            "-n web",
            "-nweb",
            "-n=web",
            "--namespace web",
            "--namespace=web",
        ] {
            assert_eq!(p(line).unwrap().string("namespace"), Some("web"), "{line}");
        }
        let it = p("a -it b").unwrap();
        assert!(it.bool("stdin") && it.bool("tty"));
        assert_eq!(it.args, ["a", "b"]);
        assert!(!p("--stdin=false").unwrap().bool("stdin"));
        assert!(p("-i=0").unwrap().changed("stdin"));
        assert_eq!(p("--dry-run").unwrap().string("dry-run"), Some("unchanged"));
        assert_eq!(
            p("--dry_run=client").unwrap().string("dry-run"),
            Some("client")
        );
        assert_eq!(p("--dry-run").unwrap().unmodelled(), Some("dry-run"));
        assert_eq!(p("-f a,b -f c").unwrap().list("filename"), ["a", "b", "c"]);
        let dash = p("x -- ls -n").unwrap();
        assert_eq!(dash.args, ["x", "ls", "-n"]);
        assert_eq!(dash.dash, Some(1));
        assert_eq!(p("- x").unwrap().args, ["-", "x"]);
        assert_eq!(p("--replicas -3").unwrap().int("replicas"), Some(-3));
    }

    #[test]
    fn errors_read_as_pflag_writes_them() {
        assert_eq!(p("--bogus=1").unwrap_err(), "unknown flag: --bogus");
        assert_eq!(p("-ix").unwrap_err(), "unknown shorthand flag: 'x' in -x");
        assert_eq!(p("-x").unwrap_err(), "unknown shorthand flag: 'x' in -x");
        assert_eq!(p("-in").unwrap_err(), "flag needs an argument: 'n' in -n");
        assert_eq!(p("-n").unwrap_err(), "flag needs an argument: 'n' in -n");
        assert_eq!(
            p("--namespace").unwrap_err(),
            "flag needs an argument: --namespace"
        );
        assert_eq!(
            p("--replicas=x").unwrap_err(),
            "invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            p("-i=yes").unwrap_err(),
            "invalid argument \"yes\" for \"-i, --stdin\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
        assert_eq!(p("---x").unwrap_err(), "bad flag syntax: ---x");
        assert_eq!(p("--=x").unwrap_err(), "bad flag syntax: --=x");
    }

    #[test]
    fn ints_parse_as_go_parses_them() {
        for (s, n) in [
            ("42", 42),
            ("+7", 7),
            ("-0x10", -16),
            ("010", 8),
            ("0o17", 15),
            ("0b101", 5),
            ("1_000", 1000),
            ("0", 0),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(parse_int(s), Ok(n), "{s}");
        }
        for s in ["", "-", "x", "09", "0x", "1__0", "_1", "1_", "1.5"] {
            assert_eq!(parse_int(s), Err("invalid syntax"), "{s}");
        }
        for s in [
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
        ] {
            assert_eq!(parse_int(s), Err("value out of range"), "{s}");
        }
    }
}
