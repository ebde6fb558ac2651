//! Word expansion, pure over the shell's variables: parameters (`$x`, `${x:-w}`, `$@` …),
//! command-substitution results computed beforehand, arithmetic, field splitting on IFS for
//! unquoted expansions, and quote removal. Each field keeps which of its characters were
//! quoted, so that pathname expansion (`glob`) knows an unquoted `*` from a quoted one.

use super::arith;
use super::ast::{Param, ParamOp, Part, Word};
use super::pattern::{self, PatChar};

/// The longest text one expansion may produce (a podscope limit against `x=$x$x` loops).
pub const MAX_EXPANSION_BYTES: usize = 1 << 20;

/// A shell variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
}

/// Everything expansion reads (and `${x=w}` writes).
#[derive(Debug)]
pub struct Vars<'a> {
    pub vars: &'a mut super::vars::VarTable,
    /// `$0`, `$1`, …
    pub args: &'a [String],
    pub status: i32,
    pub pid: i32,
    pub last_bg: Option<i32>,
    /// Results of the word's command substitutions, in order of appearance.
    pub subs: &'a [String],
    pub next_sub: usize,
}

/// An expansion error that ends a non-interactive shell, with ash's message (without the
/// `sh: ` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError(pub String);

type R<T> = Result<T, ExpandError>;

impl Vars<'_> {
    fn ifs(&self) -> String {
        match self.vars.get("IFS") {
            Some(v) => v.value.clone(),
            None => " \t\n".to_string(),
        }
    }

    fn get(&self, param: &Param) -> Option<String> {
        match param {
            Param::Named(n) => self.vars.get(n).map(|v| v.value.clone()),
            Param::Positional(i) => self.args.get(*i).cloned(),
            Param::Status => Some(self.status.to_string()),
            Param::Pid => Some(self.pid.to_string()),
            Param::LastBackground => self.last_bg.map(|p| p.to_string()),
            Param::Count => Some(self.args.len().saturating_sub(1).to_string()),
            Param::At | Param::Star => Some(self.positional().join(" ")),
            Param::Flags => Some(String::new()),
        }
    }

    fn positional(&self) -> &[String] {
        self.args.get(1..).unwrap_or_default()
    }

    /// The parameter's name as written after `$` (`X`, `1`, `?`).
    pub(super) fn name_of(param: &Param) -> String {
        match param {
            Param::Named(n) => n.clone(),
            Param::Positional(i) => i.to_string(),
            Param::Status => "?".into(),
            Param::Pid => "$".into(),
            Param::LastBackground => "!".into(),
            Param::Count => "#".into(),
            Param::At => "@".into(),
            Param::Star => "*".into(),
            Param::Flags => "-".into(),
        }
    }

    fn next_sub(&mut self) -> String {
        let s = self.subs.get(self.next_sub).cloned().unwrap_or_default();
        self.next_sub += 1;
        s
    }
}

/// One expanded field: its text, and, when it holds an unquoted `*`, `?` or `[`, its
/// characters with their quoting, for pathname expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub pattern: Option<Vec<PatChar>>,
}

/// Builds fields: text that may be split, text that may not, and field breaks.
#[derive(Default)]
struct Fields {
    done: Vec<Field>,
    cur: String,
    /// `cur`'s characters with whether each was quoted.
    cur_pat: Vec<PatChar>,
    /// `cur` holds an unquoted pattern character.
    magic: bool,
    /// The current field exists even if empty (it had quotes or text).
    have: bool,
    /// An IFS whitespace was seen: break before the next text.
    pending_break: bool,
    size: usize,
}

impl Fields {
    fn grow(&mut self, n: usize) -> R<()> {
        self.size = self.size.saturating_add(n);
        if self.size > MAX_EXPANSION_BYTES {
            return Err(ExpandError("out of memory".into()));
        }
        Ok(())
    }

    /// Ends the current field.
    fn end_field(&mut self) {
        let pattern = std::mem::take(&mut self.cur_pat);
        self.done.push(Field {
            text: std::mem::take(&mut self.cur),
            pattern: std::mem::take(&mut self.magic).then_some(pattern),
        });
        self.have = false;
    }

    fn push_char(&mut self, c: char, quoted: bool) {
        self.cur.push(c);
        self.cur_pat.push((c, quoted));
        self.magic |= !quoted && matches!(c, '*' | '?' | '[');
    }

    fn flush_pending(&mut self) {
        if self.pending_break {
            self.pending_break = false;
            if self.have {
                self.end_field();
            }
        }
    }

    /// Text that is not split: quoted (never a pattern) or a literal of the word itself.
    fn literal(&mut self, s: &str, quoted: bool) -> R<()> {
        self.grow(s.len())?;
        self.flush_pending();
        for c in s.chars() {
            self.push_char(c, quoted);
        }
        self.have = true;
        Ok(())
    }

    /// Unquoted expansion text: split on IFS (POSIX 2.6.5, as ash's `ifsbreakup`).
    fn split(&mut self, s: &str, ifs: &str) -> R<()> {
        self.grow(s.len())?;
        for c in s.chars() {
            if ifs.contains(c) {
                if c == ' ' || c == '\t' || c == '\n' {
                    self.pending_break = true;
                } else {
                    // A non-whitespace delimiter always ends a field, even an empty one.
                    self.pending_break = false;
                    self.end_field();
                }
            } else {
                self.flush_pending();
                self.push_char(c, false);
                self.have = true;
            }
        }
        Ok(())
    }

    /// A hard break between `"$@"` elements.
    fn hard_break(&mut self) {
        self.pending_break = false;
        self.end_field();
    }

    fn finish(mut self) -> Vec<Field> {
        if self.have {
            self.end_field();
        }
        self.done
    }
}

/// Expands a word into fields (for command words and `for` lists).
/// Tilde expansion of a word's leading unquoted `~` or `~/…` (ash `exptilde`: `$HOME`,
/// left as it is when HOME is unset or empty). `~user` is not modelled and stays.
fn tilde(i: usize, part: &Part, v: &Vars<'_>) -> Option<String> {
    let (0, Part::Lit(s)) = (i, part) else {
        return None;
    };
    let rest = s.strip_prefix('~')?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let home = v
        .vars
        .get("HOME")
        .map(|h| h.value.clone())
        .filter(|h| !h.is_empty())?;
    Some(format!("{home}{rest}"))
}

pub fn expand_fields(word: &Word, v: &mut Vars<'_>) -> R<Vec<String>> {
    Ok(expand_fields_with_patterns(word, v)?
        .into_iter()
        .map(|f| f.text)
        .collect())
}

/// Expands a word into fields that remember their unquoted pattern characters (for
/// command words and `for` lists, which pathname expansion follows).
pub fn expand_fields_with_patterns(word: &Word, v: &mut Vars<'_>) -> R<Vec<Field>> {
    let mut f = Fields::default();
    let ifs = v.ifs();
    for (i, part) in word.parts.iter().enumerate() {
        if let Some(t) = tilde(i, part, v) {
            f.literal(&t, true)?;
            continue;
        }
        match part {
            Part::Lit(s) => f.literal(s, false)?,
            Part::Quoted(s) => f.literal(s, true)?,
            Part::Param {
                param: Param::At,
                op: ParamOp::Plain,
                quoted: true,
            } => {
                let args = v.positional().to_vec();
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.hard_break();
                    }
                    f.literal(a, true)?;
                }
            }
            Part::Param {
                param: param @ (Param::At | Param::Star),
                op: ParamOp::Plain,
                quoted: false,
            } => {
                let _ = param;
                let args = v.positional().to_vec();
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.pending_break = true;
                    }
                    f.split(a, &ifs)?;
                }
            }
            Part::Param { param, op, quoted } => {
                let value = param_value(param, op, *quoted, v)?;
                if *quoted {
                    f.literal(&value, true)?;
                } else {
                    f.split(&value, &ifs)?;
                }
            }
            Part::CmdSub { quoted, .. } => {
                let value = v.next_sub();
                if *quoted {
                    f.literal(&value, true)?;
                } else {
                    f.split(&value, &ifs)?;
                }
            }
            Part::Arith { expr, quoted } => {
                let value = arith_value(expr, v)?;
                if *quoted {
                    f.literal(&value, true)?;
                } else {
                    f.split(&value, &ifs)?;
                }
            }
        }
    }
    Ok(f.finish())
}

/// Expands a word to one string without field splitting (assignments, redirection targets,
/// `case` words, here-documents).
pub fn expand_string(word: &Word, v: &mut Vars<'_>) -> R<String> {
    let mut out = String::new();
    for (i, part) in word.parts.iter().enumerate() {
        let piece = match part {
            _ if let Some(t) = tilde(i, part, v) => t,
            Part::Lit(s) | Part::Quoted(s) => s.clone(),
            Part::Param { param, op, quoted } => param_value(param, op, *quoted, v)?,
            Part::CmdSub { .. } => v.next_sub(),
            Part::Arith { expr, .. } => arith_value(expr, v)?,
        };
        out.push_str(&piece);
        if out.len() > MAX_EXPANSION_BYTES {
            return Err(ExpandError("out of memory".into()));
        }
    }
    Ok(out)
}

/// Expands a `case` pattern: quoted characters match literally.
pub fn expand_pattern(word: &Word, v: &mut Vars<'_>) -> R<Vec<(char, bool)>> {
    let mut out = Vec::new();
    for part in &word.parts {
        match part {
            Part::Lit(s) => out.extend(s.chars().map(|c| (c, false))),
            Part::Quoted(s) => out.extend(s.chars().map(|c| (c, true))),
            Part::Param { param, op, quoted } => {
                let s = param_value(param, op, *quoted, v)?;
                out.extend(s.chars().map(|c| (c, *quoted)));
            }
            Part::CmdSub { quoted, .. } => {
                let s = v.next_sub();
                out.extend(s.chars().map(|c| (c, *quoted)));
            }
            Part::Arith { expr, .. } => {
                let s = arith_value(expr, v)?;
                out.extend(s.chars().map(|c| (c, true)));
            }
        }
    }
    Ok(out)
}

fn arith_value(expr: &Word, v: &mut Vars<'_>) -> R<String> {
    let text = expand_string(expr, v)?;
    let vars = &*v.vars;
    arith::eval(&text, &|name| vars.get(name).map(|x| x.value.clone()))
        .map(|n| n.to_string())
        .map_err(ExpandError)
}

/// shell/ash.c `evalvar`/`subevalvar` for the supported operators.
fn param_value(param: &Param, op: &ParamOp, quoted: bool, v: &mut Vars<'_>) -> R<String> {
    // ash's dynamic RANDOM (`change_random`): each read draws the next number, unless the
    // script assigned one.
    let value = match param {
        Param::Named(n) if n == "RANDOM" && v.vars.get(n).is_none() => {
            Some(v.vars.random.next(v.pid).to_string())
        }
        _ => v.get(param),
    };
    let is_set_for = |colon: bool, value: &Option<String>| match value {
        None => false,
        Some(s) => !(colon && s.is_empty()),
    };
    match op {
        ParamOp::Plain => Ok(value.unwrap_or_default()),
        ParamOp::Length => Ok(value.unwrap_or_default().chars().count().to_string()),
        ParamOp::Default { colon, word } => {
            if is_set_for(*colon, &value) {
                Ok(value.unwrap_or_default())
            } else {
                expand_string(word, v)
            }
        }
        ParamOp::Alternate { colon, word } => {
            if is_set_for(*colon, &value) {
                expand_string(word, v)
            } else {
                Ok(String::new())
            }
        }
        ParamOp::Assign { colon, word } => {
            if is_set_for(*colon, &value) {
                return Ok(value.unwrap_or_default());
            }
            let new = expand_string(word, v)?;
            match param {
                Param::Named(n) => {
                    let exported = v.vars.get(n).is_some_and(|x| x.exported);
                    v.vars.insert(
                        n.clone(),
                        Var {
                            value: new.clone(),
                            exported,
                        },
                    );
                    Ok(new)
                }
                // ash: `${1=x}` cannot assign.
                other => Err(ExpandError(format!(
                    "{}: bad variable name",
                    Vars::name_of(other)
                ))),
            }
        }
        ParamOp::Error { colon, word } => {
            if is_set_for(*colon, &value) {
                return Ok(value.unwrap_or_default());
            }
            let name = Vars::name_of(param);
            let msg = expand_string(word, v)?;
            // shell/ash.c `varunset`.
            if word.parts.is_empty() {
                let tail = if *colon { " or null" } else { "" };
                Err(ExpandError(format!("{name}: parameter not set{tail}")))
            } else {
                Err(ExpandError(format!("{name}: {msg}")))
            }
        }
        ParamOp::Trim {
            suffix,
            longest,
            pattern,
        } => {
            let value = value.unwrap_or_default();
            let pat = expand_pattern(pattern, v)?;
            let _ = quoted;
            Ok(pattern::trim(&value, &pat, *suffix, *longest))
        }
    }
}
