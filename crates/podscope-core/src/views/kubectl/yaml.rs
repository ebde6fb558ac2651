//! YAML as `kubectl get -o yaml` prints it: sigs.k8s.io/yaml `Marshal` turns the object into
//! JSON and `JSONToYAML` re-encodes that through go-yaml v2 (go.yaml.in/yaml/v2), so map keys
//! come out in go-yaml's key order (`sorter.go` `keyList.Less`), scalars in the style its
//! encoder picks (`encode.go` `stringv`, `resolve.go` `resolve`, `emitterc.go`
//! `yaml_emitter_analyze_scalar` / `yaml_emitter_select_scalar_style`), two-space indents,
//! sequences of a mapping not indented, and lines folded past column 80 (`best_width`).

use crate::model::sort::CompactSort;
use serde_json::Value;

/// go-yaml's `best_width`: plain and quoted scalars fold at a space past this column.
const BEST_WIDTH: usize = 80;

/// The document `yaml.Marshal` writes for `value`.
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::default();
    match value {
        Value::Object(m) if !m.is_empty() => e.mapping(m, 0),
        Value::Array(a) if !a.is_empty() => e.sequence(a, 0),
        other => {
            e.inline_value(other, 0);
            e.newline();
        }
    }
    e.out
}

#[derive(Default)]
struct Emitter {
    out: String,
}

impl Emitter {
    fn column(&self) -> usize {
        let line = self.out.rsplit('\n').next().unwrap_or_default();
        line.chars().count()
    }

    fn newline(&mut self) {
        self.out.push('\n');
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// A block mapping at `indent` (its first key already positioned when inline after `- `).
    fn mapping(&mut self, m: &serde_json::Map<String, Value>, indent: usize) {
        let mut keys: Vec<&String> = m.keys().collect();
        keys.sort_compact_by(|a, b| key_order(a, b));
        for (i, k) in keys.into_iter().enumerate() {
            if i > 0 || !self.out.ends_with("- ") {
                self.indent_to(indent);
            }
            self.key(k);
            let v = m.get(k).unwrap_or(&Value::Null);
            match v {
                Value::Object(inner) if !inner.is_empty() => {
                    self.newline();
                    self.mapping(inner, indent + 2);
                }
                // go-yaml writes a mapping's block sequence at the mapping's own indent.
                Value::Array(a) if !a.is_empty() => {
                    self.newline();
                    self.sequence(a, indent);
                }
                other => {
                    self.out.push(' ');
                    self.inline_value(other, indent + 2);
                    self.newline();
                }
            }
        }
    }

    /// Starts a line at `indent` unless the line already holds only that indentation.
    fn indent_to(&mut self, indent: usize) {
        if !(self.out.is_empty() || self.out.ends_with('\n')) {
            self.newline();
        }
        self.indent(indent);
    }

    fn sequence(&mut self, a: &[Value], indent: usize) {
        for v in a {
            self.indent_to(indent);
            self.out.push_str("- ");
            match v {
                Value::Object(inner) if !inner.is_empty() => self.mapping(inner, indent + 2),
                // A sequence in a sequence starts on the `- ` line.
                Value::Array(inner) if !inner.is_empty() => {
                    let mut first = true;
                    for x in inner {
                        if !first {
                            self.indent_to(indent + 2);
                        }
                        first = false;
                        self.out.push_str("- ");
                        self.inline_value(x, indent + 4);
                        self.newline();
                    }
                }
                other => {
                    self.inline_value(other, indent + 2);
                    self.newline();
                }
            }
        }
    }

    fn key(&mut self, k: &str) {
        let style = scalar_style(k, true);
        self.scalar(k, style, 0, false);
        self.out.push(':');
    }

    /// A scalar or an empty collection after `key: ` or `- `; `indent` is where folded and
    /// block-scalar lines start.
    fn inline_value(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => self.out.push_str(&number(n)),
            Value::String(s) => {
                let style = scalar_style(s, false);
                self.scalar(s, style, indent, true);
            }
            Value::Object(_) => self.out.push_str("{}"),
            Value::Array(_) => self.out.push_str("[]"),
        }
    }

    fn scalar(&mut self, s: &str, style: Style, indent: usize, allow_breaks: bool) {
        match style {
            Style::Plain => self.plain(s, indent, allow_breaks),
            Style::Single => self.single(s, indent, allow_breaks),
            Style::Double => self.double(s, indent, allow_breaks),
            Style::Literal => self.literal(s, indent),
        }
    }

    /// emitterc.go `yaml_emitter_write_plain_scalar`.
    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column() > BEST_WIDTH && !next_space {
                    self.newline();
                    self.indent(indent);
                } else {
                    self.out.push(c);
                }
                spaces = true;
            } else {
                self.out.push(c);
                spaces = false;
            }
        }
    }

    /// emitterc.go `yaml_emitter_write_single_quoted_scalar` (no line breaks reach here:
    /// multi-line strings are literal or double-quoted).
    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.out.push('\'');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let fold = allow_breaks
                    && !spaces
                    && self.column() > BEST_WIDTH
                    && i != 0
                    && i != chars.len() - 1
                    && chars.get(i + 1) != Some(&' ');
                if fold {
                    self.newline();
                    self.indent(indent);
                } else {
                    self.out.push(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.out.push('\'');
                }
                self.out.push(c);
                spaces = false;
            }
        }
        self.out.push('\'');
    }

    /// emitterc.go `yaml_emitter_write_double_quoted_scalar`.
    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        self.out.push('"');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            let escaped = match c {
                '\0' => Some("\\0".to_owned()),
                '\x07' => Some("\\a".to_owned()),
                '\x08' => Some("\\b".to_owned()),
                '\t' => Some("\\t".to_owned()),
                '\n' => Some("\\n".to_owned()),
                '\x0b' => Some("\\v".to_owned()),
                '\x0c' => Some("\\f".to_owned()),
                '\r' => Some("\\r".to_owned()),
                '\x1b' => Some("\\e".to_owned()),
                '"' => Some("\\\"".to_owned()),
                '\\' => Some("\\\\".to_owned()),
                '\u{85}' => Some("\\N".to_owned()),
                '\u{a0}' => Some("\\_".to_owned()),
                '\u{2028}' => Some("\\L".to_owned()),
                '\u{2029}' => Some("\\P".to_owned()),
                c if !printable(c) => Some(hex_escape(c)),
                _ => None,
            };
            if let Some(e) = escaped {
                self.out.push_str(&e);
                spaces = false;
            } else if c == ' ' {
                let fold = allow_breaks
                    && !spaces
                    && self.column() > BEST_WIDTH
                    && i != 0
                    && i != chars.len() - 1;
                if fold {
                    self.newline();
                    self.indent(indent);
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                    }
                } else {
                    self.out.push(c);
                }
                spaces = true;
            } else {
                self.out.push(c);
                spaces = false;
            }
        }
        self.out.push('"');
    }

    /// emitterc.go `yaml_emitter_write_literal_scalar` with its block scalar hints (an
    /// indentation digit when the text starts with a space or a break; `-` without a final
    /// break, `+` with more than one).
    fn literal(&mut self, s: &str, indent: usize) {
        self.out.push('|');
        if s.starts_with([' ', '\n']) {
            self.out.push('2');
        }
        if !s.ends_with('\n') {
            self.out.push('-');
        } else if s == "\n" || s.ends_with("\n\n") {
            self.out.push('+');
        }
        self.newline();
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            if !line.is_empty() {
                self.indent(indent);
                self.out.push_str(line);
            }
            self.newline();
        }
        // The final break is the one the loop wrote; drop it so the caller's ends the line.
        self.out.pop();
    }
}

/// How a string scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// encode.go `stringv` then emitterc.go `yaml_emitter_select_scalar_style`: plain when the
/// text reads back as the same string and the emitter allows it, else single-quoted, else
/// double-quoted; multi-line text as a literal block (double-quoted where a block is not
/// allowed, and always for a key).
fn scalar_style(s: &str, key: bool) -> Style {
    let a = analyze(s);
    let mut style = if s.contains('\n') {
        Style::Literal
    } else if resolves_as_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    };
    if key && a.multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!a.block_plain_allowed || (s.is_empty() && key)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single_quoted_allowed {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block_allowed || key) {
        style = Style::Double;
    }
    style
}

struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// emitterc.go `yaml_emitter_analyze_scalar` (block context; the emitter runs with
/// `unicode` on, so printable non-ASCII is not special).
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut special, mut line_breaks) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let blank = |c: Option<&char>| matches!(c, None | Some(' ' | '\t' | '\n' | '\r'));
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = blank(chars.get(i + 1));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !printable(c) {
            special = true;
        }
        let last = i + 1 == chars.len();
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = blank(Some(&c));
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// yaml_private.go `is_printable`: tab, other controls, U+0085, U+FEFF and characters
/// outside the basic plane are not.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}')
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
}

fn hex_escape(c: char) -> String {
    let n = u32::from(c);
    if n <= 0xff {
        format!("\\x{n:02X}")
    } else if n <= 0xffff {
        format!("\\u{n:04X}")
    } else {
        format!("\\U{n:08X}")
    }
}

/// go-yaml v2 `resolve("", s)` gives `!!str`: the text is no null, bool, number or
/// timestamp when read back unquoted.
fn resolves_as_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    if SPECIAL.contains(&s) {
        return false;
    }
    match s.as_bytes().first() {
        Some(b'.') => podscope_float::parse(s).is_none() || s.contains(['i', 'I', 'n', 'N']),
        Some(b'+' | b'-' | b'0'..=b'9') => {
            if timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            !(go_int(&plain) || yaml_float(&plain) || binary(&plain))
        }
        _ => true,
    }
}

/// Go `strconv.ParseInt(s, 0, 64)` / `ParseUint` succeed: decimal, `0x`, `0o`, `0b` or a
/// leading-zero octal, with an optional sign.
fn go_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (digits, radix) = if let Some(r) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (r, 8)
    } else if let Some(r) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (r, 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) && digits.len() <= 22
}

/// resolve.go's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exp) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exp_ok
}

/// resolve.go's `0b` / `-0b` binary integers.
fn binary(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    body.strip_prefix("0b")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c == b'0' || c == b'1'))
}

/// resolve.go `parseTimestamp`: four digits and `-`, then one of the formats
/// `2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2 15:4:5.999999999`, `2006-1-2`.
fn timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let num = |t: &str, max: usize| {
        !t.is_empty() && t.len() <= max && t.bytes().all(|c| c.is_ascii_digit())
    };
    let date = |d: &str| {
        let mut p = d.split('-');
        matches!((p.next(), p.next(), p.next(), p.next()), (Some(y), Some(m), Some(day), None)
            if y.len() == 4 && num(y, 4) && num(m, 2) && num(day, 2))
    };
    let time = |t: &str| {
        let mut p = t.split(':');
        let (h, m, sec) = (p.next(), p.next(), p.next());
        let sec = sec.map(|x| x.split('.').next().unwrap_or(x));
        matches!((h, m, sec, p.next()), (Some(h), Some(m), Some(sc), None)
            if num(h, 2) && num(m, 2) && num(sc, 2))
    };
    if date(s) {
        return true;
    }
    if let Some((d, rest)) = s.split_once(['T', 't']) {
        let (t, zone) = match rest.find(['Z', '+', '-']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => return false,
        };
        let zone_ok = zone == "Z" || {
            let z = &zone[1..];
            z.len() == 5 && z.as_bytes().get(2) == Some(&b':')
        };
        return date(d) && time(t) && zone_ok;
    }
    if let Some((d, t)) = s.split_once(' ') {
        return date(d) && time(t);
    }
    false
}

/// encode.go `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    if !s.contains(':') {
        return false;
    }
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match b.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (b, None),
    };
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or_default();
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit())
        && head.bytes().all(|c| c.is_ascii_digit() || c == b'_');
    let rest: Vec<&str> = parts.collect();
    let rest_ok = !rest.is_empty()
        && rest.iter().all(|p| {
            let pb = p.as_bytes();
            match pb {
                [d] => d.is_ascii_digit(),
                [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
                _ => false,
            }
        });
    let frac_ok = frac.is_none_or(|f| f.bytes().all(|c| c.is_ascii_digit() || c == b'_'));
    head_ok && rest_ok && frac_ok
}

/// A JSON number as go-yaml writes the value sigs.k8s.io/yaml decoded: integers as
/// integers, other numbers as Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e21 {
        // JSON `1.0` decodes through go-yaml as the float 1, written `1`.
        return podscope_float::display(f);
    }
    let s = podscope_float::lower_exp(f);
    // Rust writes `1.5e-7`; Go's %g writes `1.5e-07`, and plain decimals below 1e21.
    if f.abs() >= 1e-4 && f.abs() < 1e21 {
        podscope_float::display(f)
    } else {
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', e),
                };
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        }
    }
}

/// sorter.go `keyList.Less` for string keys: letters compare as runes and sort after
/// non-letters; runs of digits compare by their numeric value.
pub fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let less = |x: bool| if x { Ordering::Less } else { Ordering::Greater };
    for i in 0..ar.len().min(br.len()) {
        let (ca, cb) = (ar[i], br[i]);
        if ca == cb {
            continue;
        }
        let (al, bl) = (ca.is_alphabetic(), cb.is_alphabetic());
        if al && bl {
            return ca.cmp(&cb);
        }
        if al || bl {
            return less(bl);
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ca == '0' || cb == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ca.cmp(&cb);
    }
    ar.len().cmp(&br.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_pod_shaped_document() {
        let v = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "p", "creationTimestamp": "2026-06-01T10:00:00Z", "labels": {"app": "web"}, "resourceVersion": ""},
            "spec": {"containers": [{"name": "c", "image": "nginx", "args": ["-c", "echo hi"], "resources": {}, "ports": [{"containerPort": 80}]}],
                     "securityContext": {}, "priority": 0},
            "status": {"conditions": [{"lastProbeTime": null, "status": "True", "type": "Ready"}],
                       "cpu": "1", "mode": "0644", "on": "yes", "ver": "1.0", "q": "a: b"}
        });
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: \"2026-06-01T10:00:00Z\"
  labels:
    app: web
  name: p
  resourceVersion: \"\"
spec:
  containers:
  - args:
    - -c
    - echo hi
    image: nginx
    name: c
    ports:
    - containerPort: 80
    resources: {}
  priority: 0
  securityContext: {}
status:
  conditions:
  - lastProbeTime: null
    status: \"True\"
    type: Ready
  cpu: \"1\"
  mode: \"0644\"
  \"on\": \"yes\"
  q: 'a: b'
  ver: \"1.0\"
"
        );
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        let v = json!({"a": {"m": "one\ntwo\n", "k": "x\n\ny", "t": "tab\there"}});
        assert_eq!(
            to_yaml(&v),
            "a:\n  k: |-\n    x\n\n    y\n  m: |\n    one\n    two\n  t: \"tab\\there\"\n"
        );
    }

    #[test]
    fn long_plain_text_folds_past_column_80() {
        let words = "word ".repeat(20);
        let v = json!({"message": words.trim_end()});
        let y = to_yaml(&v);
        let first = y.lines().next().unwrap_or_default();
        assert!(first.len() > 80 && first.len() < 90, "{y}");
        assert!(
            y.lines().nth(1).unwrap_or_default().starts_with("  word"),
            "{y}"
        );
    }

    #[test]
    fn keys_sort_as_go_yaml_sorts_them() {
        let mut keys = vec!["b", "a10", "a2", "B", "_x", "a"];
        keys.sort_compact_by(|a, b| key_order(a, b));
        assert_eq!(keys, vec!["_x", "B", "a", "a2", "a10", "b"]);
    }

    #[test]
    fn strings_that_read_back_as_other_types_are_quoted() {
        for s in [
            "true",
            "no",
            "~",
            "12",
            "0x1F",
            "1e3",
            "2021-07-22",
            "1:30",
            ".5",
        ] {
            assert!(!resolves_as_string(s) || is_base60_float(s), "{s}");
        }
        for s in ["nginx", "700m", "200Mi", "1.2.3", "v1", "-c"] {
            assert!(resolves_as_string(s) && !is_base60_float(s), "{s}");
        }
        assert_eq!(scalar_style("-c", false), Style::Plain);
        assert_eq!(scalar_style("- x", false), Style::Single);
        assert_eq!(scalar_style("it's: x", false), Style::Single);
        assert_eq!(scalar_style("", false), Style::Double);
        assert_eq!(scalar_style("trailing ", false), Style::Single);
    }
}
