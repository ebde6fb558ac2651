//! kubectl's JSONPath (k8s.io/client-go/util/jsonpath): the template grammar of `parser.go`
//! (text and `{…}` actions: `.field`, `['key']`, `[i]`, `[a:b:c]`, `[*]`, `..`, unions
//! `[a,b]`, filters `[?(@.x=="y")]`, `range`/`end`, quoted text such as `{"\n"}`, numbers
//! and booleans) evaluated as `jsonpath.go` does over the unstructured object, and printed as
//! `PrintResults` prints: each action's results joined by a space, maps and lists as compact
//! JSON, other values as Go's `fmt.Print` prints them. Missing keys print nothing
//! (`AllowMissingKeys(true)`, kubectl's default).

use crate::model::sort::CompactSort;
use std::fmt::Write;

use serde_json::Value;

use super::gojson;

/// Nesting cap for `range` and filters (the core's memory stays bounded on any input).
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Identifier(String),
}

/// One slice bound (`ParamsEntry`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPath {
    nodes: Vec<Node>,
}

/// parser.go's state over the template's characters.
struct Parser {
    input: Vec<char>,
    pos: usize,
    start: usize,
}

impl Parser {
    fn consume(&mut self) -> String {
        let s: String = self
            .input
            .get(self.start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        self.start = self.pos;
        s
    }

    fn next(&mut self) -> Option<char> {
        let c = self.input.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos).copied()
    }

    fn rest_starts(&self, prefix: &str) -> bool {
        (self.pos..)
            .zip(prefix.chars())
            .all(|(i, c)| self.input.get(i) == Some(&c))
    }

    fn prev2(&self) -> Option<char> {
        self.pos
            .checked_sub(2)
            .and_then(|i| self.input.get(i))
            .copied()
    }
}

fn is_terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl JsonPath {
    /// `Parse`: the template's text and actions, or parser.go's error.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_depth(text, 0)
    }

    fn parse_depth(text: &str, depth: usize) -> Result<Self, String> {
        if depth > MAX_DEPTH {
            return Err("template nested too deeply".to_owned());
        }
        let mut p = Parser {
            input: text.chars().collect(),
            pos: 0,
            start: 0,
        };
        let mut root: Vec<Node> = Vec::new();
        loop {
            // parseText: up to the next `{`.
            while p.pos < p.input.len() && !p.rest_starts("{") {
                p.pos += 1;
            }
            if p.pos > p.start {
                root.push(Node::Text(p.consume()));
            }
            if p.pos >= p.input.len() {
                break;
            }
            // parseLeftDelim, then parseInsideAction until `}`.
            p.pos += 1;
            p.consume();
            let mut cur: Vec<Node> = Vec::new();
            parse_action(&mut p, &mut cur, depth)?;
            root.push(Node::List(cur));
        }
        Ok(JsonPath { nodes: root })
    }
}

/// `parseAction`: one action's text parsed as `{text}`, its node list.
fn parse_sub(text: &str, depth: usize) -> Result<Vec<Node>, String> {
    let parsed = JsonPath::parse_depth(&format!("{{{text}}}"), depth + 1)?;
    match parsed.nodes.into_iter().next() {
        Some(Node::List(l)) => Ok(l),
        _ => Ok(Vec::new()),
    }
}

/// `parseInsideAction` as a loop: the nodes of one `{…}` up to its `}`.
fn parse_action(p: &mut Parser, cur: &mut Vec<Node>, depth: usize) -> Result<(), String> {
    loop {
        if p.rest_starts("}") {
            p.pos += 1;
            p.consume();
            return Ok(());
        }
        if p.rest_starts("[?(") {
            parse_filter(p, cur, depth)?;
            continue;
        }
        if p.rest_starts("..") {
            if matches!(cur.last(), Some(Node::Recursive)) {
                return Err("invalid multiple recursive descent".to_owned());
            }
            p.pos += 2;
            p.consume();
            cur.push(Node::Recursive);
            if p.peek().is_some_and(is_alphanumeric) {
                parse_field(p, cur);
            }
            continue;
        }
        match p.next() {
            None | Some('\r' | '\n') => return Err("unclosed action".to_owned()),
            Some(' ' | '@' | '$') => {
                p.consume();
            }
            Some('[') => parse_array(p, cur, depth)?,
            Some(q @ ('"' | '\'')) => parse_quote(p, cur, q)?,
            Some('.') => parse_field(p, cur),
            Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                p.pos -= 1;
                parse_number(p, cur)?;
            }
            Some(c) if is_alphanumeric(c) => {
                p.pos -= 1;
                while !is_terminator(p.peek()) {
                    p.pos += 1;
                }
                let v = p.consume();
                match v.as_str() {
                    "true" => cur.push(Node::Bool(true)),
                    "false" => cur.push(Node::Bool(false)),
                    _ => cur.push(Node::Identifier(v)),
                }
            }
            Some(c) => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    u32::from(c)
                ));
            }
        }
    }
}

fn parse_field(p: &mut Parser, cur: &mut Vec<Node>) {
    p.consume();
    loop {
        match p.next() {
            Some('\\') => {
                p.next();
            }
            c if is_terminator(c) => {
                if c.is_some() {
                    p.pos -= 1;
                }
                break;
            }
            _ => {}
        }
    }
    let v = p.consume();
    if v == "*" {
        cur.push(Node::Wildcard);
    } else {
        cur.push(Node::Field(v.replace('\\', "")));
    }
}

fn parse_number(p: &mut Parser, cur: &mut Vec<Node>) -> Result<(), String> {
    if matches!(p.peek(), Some('+' | '-')) {
        p.pos += 1;
    }
    while p.peek().is_some_and(|c| c == '.' || c.is_ascii_digit()) {
        p.pos += 1;
    }
    let v = p.consume();
    if let Ok(i) = v.parse::<i64>() {
        cur.push(Node::Int(i));
    } else if let Some(f) = podscope_float::parse(&v) {
        cur.push(Node::Float(f));
    } else {
        return Err(format!("cannot parse number {v}"));
    }
    Ok(())
}

fn parse_array(p: &mut Parser, cur: &mut Vec<Node>, depth: usize) -> Result<(), String> {
    loop {
        match p.next() {
            None | Some('\n') => return Err("unterminated array".to_owned()),
            Some(']') => break,
            _ => {}
        }
    }
    let text = p.consume();
    let inner: String = {
        let cs: Vec<char> = text.chars().collect();
        cs.get(1..cs.len().saturating_sub(1))
            .unwrap_or_default()
            .iter()
            .collect()
    };
    let inner = if inner == "*" { ":".to_owned() } else { inner };
    let parts: Vec<&str> = inner.split(',').collect();
    if parts.len() > 1 {
        let mut union = Vec::new();
        for s in parts {
            union.push(parse_sub(&format!("[{}]", s.trim_matches(' ')), depth)?);
        }
        cur.push(Node::Union(union));
        return Ok(());
    }
    if inner.len() >= 2 && inner.starts_with('\'') && inner.ends_with('\'') {
        let key = &inner[1..inner.len() - 1];
        if !key.contains('\'') {
            cur.extend(parse_sub(&format!(".{key}"), depth)?);
            return Ok(());
        }
    }
    // sliceOperatorRex `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`
    let fields: Vec<&str> = inner.split(':').collect();
    let num_ok = |s: &str| {
        let d = s.strip_prefix('-').unwrap_or(s);
        d.bytes().all(|b| b.is_ascii_digit())
    };
    if fields.len() > 3 || !fields.iter().all(|f| num_ok(f)) {
        return Err(format!("invalid array index {inner}"));
    }
    let mut params = [Param::default(); 3];
    for i in 0..3 {
        match fields.get(i) {
            Some(v) if !v.is_empty() => {
                params[i].known = true;
                params[i].value = v
                    .parse::<i64>()
                    .map_err(|_| format!("array index {v} is not a number"))?;
            }
            // `[a:]`, `[::c]`: an empty bound after a colon is unknown.
            Some(_) if i > 0 => {}
            _ if i == 1 => {
                params[1] = Param {
                    value: params[0].value.saturating_add(1),
                    known: true,
                    derived: true,
                };
            }
            _ => {}
        }
    }
    cur.push(Node::Array(params));
    Ok(())
}

fn parse_filter(p: &mut Parser, cur: &mut Vec<Node>, depth: usize) -> Result<(), String> {
    p.pos += 3;
    p.consume();
    let (mut begin, mut end) = (false, false);
    let mut pair = '"';
    loop {
        let c = p.next();
        match c {
            None | Some('\n') => return Err("unterminated filter".to_owned()),
            Some(q @ ('"' | '\'')) => {
                if !begin {
                    begin = true;
                    pair = q;
                    continue;
                }
                if p.prev2() != Some('\\') && q == pair {
                    end = true;
                }
            }
            Some(')') if begin == end => break,
            _ => {}
        }
    }
    if p.next() != Some(']') {
        return Err("unclosed array expect ]".to_owned());
    }
    let text = p.consume();
    let text: String = {
        let cs: Vec<char> = text.chars().collect();
        cs[..cs.len().saturating_sub(2)].iter().collect()
    };
    // `^([^!<>=]+)([!<>=]+)(.+?)$`
    let op_start = text.find(['!', '<', '>', '=']);
    let split = op_start.filter(|&i| i > 0).and_then(|i| {
        let rest = &text[i..];
        let op_len = rest
            .find(|c: char| !matches!(c, '!' | '<' | '>' | '='))
            .unwrap_or(rest.len());
        let right = &rest[op_len..];
        (!right.is_empty()).then(|| (&text[..i], &rest[..op_len], right))
    });
    match split {
        None => cur.push(Node::Filter {
            left: parse_sub(&text, depth)?,
            right: Vec::new(),
            op: "exists".to_owned(),
        }),
        Some((l, op, r)) => cur.push(Node::Filter {
            left: parse_sub(l, depth)?,
            right: parse_sub(r, depth)?,
            op: op.to_owned(),
        }),
    }
    Ok(())
}

fn parse_quote(p: &mut Parser, cur: &mut Vec<Node>, q: char) -> Result<(), String> {
    loop {
        match p.next() {
            None | Some('\n') => return Err("unterminated quoted string".to_owned()),
            Some(c) if c == q && p.prev2() != Some('\\') => break,
            _ => {}
        }
    }
    let v = p.consume();
    let body: Vec<char> = v.chars().collect();
    let inner = &body[1..body.len().saturating_sub(1).max(1)];
    cur.push(Node::Text(unquote(inner, q)?));
    Ok(())
}

/// `UnquoteExtend`: Go's `strconv.UnquoteChar` escapes in a quoted string.
fn unquote(s: &[char], q: char) -> Result<String, String> {
    let mut out = String::new();
    let mut i = 0;
    let bad = || "invalid syntax".to_owned();
    while let Some(&c) = s.get(i) {
        i += 1;
        if c == q {
            return Err(bad());
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = s.get(i).copied().ok_or_else(bad)?;
        i += 1;
        let simple = match e {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' => Some('\\'),
            '\'' | '"' if e == q => Some(e),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            continue;
        }
        let hex = |n: usize, i: &mut usize| -> Result<u32, String> {
            let digits: String = s.get(*i..*i + n).ok_or_else(bad)?.iter().collect();
            *i += n;
            u32::from_str_radix(&digits, 16).map_err(|_| bad())
        };
        let code = match e {
            'x' => hex(2, &mut i)?,
            'u' => hex(4, &mut i)?,
            'U' => hex(8, &mut i)?,
            '0'..='7' => {
                let digits: String = std::iter::once(e)
                    .chain(s.get(i..i + 2).ok_or_else(bad)?.iter().copied())
                    .collect();
                i += 2;
                u32::from_str_radix(&digits, 8).map_err(|_| bad())?
            }
            _ => return Err(bad()),
        };
        out.push(char::from_u32(code).ok_or_else(bad)?);
    }
    Ok(out)
}

/// What a `range` or `end` in an action did.
#[derive(Default)]
struct Marks {
    range: bool,
    end: bool,
}

impl JsonPath {
    /// `Execute` with kubectl's printer: the text, or the error message of `FindResults`.
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        let (results, _) = find(&self.nodes, data, 0, 0)?;
        let mut out = String::new();
        for r in results {
            print_results(&mut out, &r);
        }
        Ok(out)
    }

    /// The results of the template (custom-columns reads these).
    pub fn results(&self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        find(&self.nodes, data, 0, 0).map(|(r, _)| r)
    }
}

/// `FindResults`: each top-level node's results; a `range` repeats the nodes after it for
/// each of its values up to the matching `end`. Returns the results and, inside a range,
/// the index of the `end` node.
fn find(
    nodes: &[Node],
    data: &Value,
    in_range: usize,
    depth: usize,
) -> Result<(Vec<Vec<Value>>, Option<usize>), String> {
    if depth > MAX_DEPTH {
        return Err("range nested too deeply".to_owned());
    }
    let mut full = Vec::new();
    let mut i = 0;
    while let Some(node) = nodes.get(i) {
        let mut marks = Marks::default();
        let results = walk(
            std::slice::from_ref(data),
            node,
            &mut marks,
            in_range,
            depth,
        )?;
        if marks.end {
            return Ok((full, Some(i)));
        }
        if marks.range {
            let rest = nodes.get(i + 1..).unwrap_or_default();
            let mut end_at = None;
            if results.is_empty() {
                end_at = find(rest, &Value::Null, in_range + 1, depth + 1)?.1;
            }
            for v in &results {
                let (r, e) = find(rest, v, in_range + 1, depth + 1)?;
                full.extend(r);
                end_at = e;
            }
            match end_at {
                Some(e) => i += e + 2,
                None => break,
            }
            continue;
        }
        full.push(results);
        i += 1;
    }
    Ok((full, None))
}

fn walk(
    input: &[Value],
    node: &Node,
    marks: &mut Marks,
    in_range: usize,
    depth: usize,
) -> Result<Vec<Value>, String> {
    Ok(match node {
        Node::List(nodes) => {
            let mut cur = input.to_vec();
            for n in nodes {
                cur = walk(&cur, n, marks, in_range, depth)?;
            }
            cur
        }
        Node::Text(t) => vec![Value::String(t.clone())],
        Node::Int(n) => input.iter().map(|_| Value::from(*n)).collect(),
        Node::Float(f) => input.iter().map(|_| Value::from(*f)).collect(),
        Node::Bool(b) => input.iter().map(|_| Value::Bool(*b)).collect(),
        Node::Identifier(name) => match name.as_str() {
            "range" => {
                marks.range = true;
                input.to_vec()
            }
            "end" if in_range > 0 => {
                marks.end = true;
                Vec::new()
            }
            "end" => return Err("not in range, nothing to end".to_owned()),
            other => return Err(format!("unrecognized identifier {other}")),
        },
        Node::Field(name) => input
            .iter()
            .filter_map(|v| match v {
                Value::Object(m) => m.get(name).cloned(),
                _ => None,
            })
            .collect(),
        Node::Wildcard => input.iter().flat_map(children).collect(),
        Node::Recursive => {
            let mut out = Vec::new();
            recursive(input, &mut out, 0);
            out
        }
        Node::Array(params) => array(input, *params)?,
        Node::Union(lists) => {
            let mut out = Vec::new();
            for l in lists {
                out.extend(walk(input, &Node::List(l.clone()), marks, in_range, depth)?);
            }
            out
        }
        Node::Filter { left, right, op } => filter(input, left, right, op, in_range, depth)?,
    })
}

/// A map's values (sorted by key: Go's map order is random) or a list's items.
fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_compact();
            keys.into_iter().filter_map(|k| m.get(k).cloned()).collect()
        }
        Value::Array(a) => a.clone(),
        Value::String(s) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        _ => Vec::new(),
    }
}

/// `evalRecursive`: every container value, then its descendants.
fn recursive(input: &[Value], out: &mut Vec<Value>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for v in input {
        let kids = children(v);
        if !kids.is_empty() && !v.is_string() {
            out.push(v.clone());
            recursive(&kids, out, depth + 1);
        }
    }
}

/// `evalArray`: an index or a slice with a step, and its bounds errors.
fn array(input: &[Value], params: [Param; 3]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for v in input {
        let Value::Array(a) = v else {
            if v.is_null() {
                continue;
            }
            return Err(format!("{} is not array or slice", go_type(v)));
        };
        let len = a.len() as i64;
        let mut p = params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value += len;
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value += len;
        }
        if p[1].value == p[0].value {
            return Ok(out);
        }
        if p[0].value >= len || p[0].value < 0 {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                p[0].value
            ));
        }
        if p[1].value > len || p[1].value < 0 {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                p[1].value - 1
            ));
        }
        if p[0].value > p[1].value {
            return Err(format!(
                "starting index {} is greater than ending index {}",
                p[0].value, p[1].value
            ));
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return Err("step must be > 0".to_owned());
            }
            p[2].value as usize
        } else {
            1
        };
        let slice = a
            .get(p[0].value as usize..p[1].value as usize)
            .unwrap_or_default();
        out.extend(slice.iter().step_by(step).cloned());
    }
    Ok(out)
}

fn filter(
    input: &[Value],
    left: &[Node],
    right: &[Node],
    op: &str,
    in_range: usize,
    depth: usize,
) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for v in input {
        let Value::Array(items) = v else {
            return Err(format!(
                "{} is not array or slice and cannot be filtered",
                go_print(v)
            ));
        };
        for item in items {
            let mut marks = Marks::default();
            let l = walk(
                std::slice::from_ref(item),
                &Node::List(left.to_vec()),
                &mut marks,
                in_range,
                depth + 1,
            );
            if op == "exists" {
                if l.is_ok_and(|l| !l.is_empty()) {
                    out.push(item.clone());
                }
                continue;
            }
            let l = l?;
            let lv = match l.as_slice() {
                [] => continue,
                [one] => one.clone(),
                _ => return Err("can only compare one element at a time".to_owned()),
            };
            let r = walk(
                std::slice::from_ref(item),
                &Node::List(right.to_vec()),
                &mut marks,
                in_range,
                depth + 1,
            )?;
            let rv = match r.as_slice() {
                [] => continue,
                [one] => one.clone(),
                _ => return Err("can only compare one element at a time".to_owned()),
            };
            if compare(&lv, &rv, op)? {
                out.push(item.clone());
            }
        }
    }
    Ok(out)
}

/// text/template's `eq`/`ne`/`lt`/`le`/`gt`/`ge` on two basic values.
fn compare(l: &Value, r: &Value, op: &str) -> Result<bool, String> {
    use std::cmp::Ordering;
    let bad = || "incompatible types for comparison".to_owned();
    let ord: Option<Ordering> = match (l, r) {
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            (None, None) => a
                .as_f64()
                .zip(b.as_f64())
                .and_then(|(x, y)| x.partial_cmp(&y)),
            _ => return Err(bad()),
        },
        (Value::Bool(a), Value::Bool(b)) if matches!(op, "==" | "!=") => Some(a.cmp(b)),
        (Value::Bool(_), Value::Bool(_)) => return Err("invalid type for comparison".to_owned()),
        _ => return Err(bad()),
    };
    let ord = ord.ok_or_else(bad)?;
    Ok(match op {
        "==" => ord == Ordering::Equal,
        "!=" => ord != Ordering::Equal,
        "<" => ord == Ordering::Less,
        ">" => ord == Ordering::Greater,
        "<=" => ord != Ordering::Greater,
        ">=" => ord != Ordering::Less,
        other => return Err(format!("unrecognized filter operator {other}")),
    })
}

/// `PrintResults`: a map or list as compact JSON, anything else as text; values of one
/// action separated by a space.
fn print_results(out: &mut String, results: &[Value]) {
    for (i, r) in results.iter().enumerate() {
        match r {
            Value::Object(_) | Value::Array(_) => out.push_str(&gojson::compact(r)),
            other => out.push_str(&go_print(other)),
        }
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
}

/// Go's `fmt.Print` of an unstructured value: strings bare, `null` for nil (jsonpath's
/// `evalToText`), maps as `map[k:v]` with sorted keys, lists as `[a b]`.
pub fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(go_sprint).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_compact();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{k}:{}", go_sprint(m.get(k).unwrap_or(&Value::Null))))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// `fmt.Sprint` of a value inside a map or list (nil is `<nil>` there).
pub fn go_sprint(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_owned(),
        other => go_print(other),
    }
}

/// Go's `%v` of a value's type in errors (`map[string]interface {}`).
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "map[string]interface {}",
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() => "int64",
        Value::Number(_) => "float64",
        Value::Bool(_) => "bool",
        Value::Array(_) => "[]interface {}",
        Value::Null => "interface {}",
    }
}

/// Go's `%#v` of an unstructured value, as kubectl's JSONPath error dumps the object.
pub fn go_syntax(v: &Value) -> String {
    let mut out = String::new();
    syntax(&mut out, v, true);
    out
}

fn syntax(out: &mut String, v: &Value, top: bool) {
    match v {
        Value::Null if top => out.push_str("interface {}(nil)"),
        Value::Null => out.push_str("interface {}(nil)"),
        Value::String(s) => out.push_str(&crate::model::humanize::go_quote(s)),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Array(a) => {
            out.push_str("[]interface {}{");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                syntax(out, x, false);
            }
            out.push('}');
        }
        Value::Object(m) => {
            out.push_str("map[string]interface {}{");
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_compact();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&crate::model::humanize::go_quote(k));
                out.push(':');
                syntax(out, m.get(k).unwrap_or(&Value::Null), false);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn run(t: &str, v: &Value) -> String {
        JsonPath::parse(t)
            .and_then(|p| p.execute(v))
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    fn pods() -> Value {
        json!({"kind": "List", "items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"nodeName": "n1"},
             "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"name": "c", "restartCount": 2}]}},
            {"metadata": {"name": "b"}, "spec": {},
             "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}]}},
        ]})
    }

    #[test]
    fn the_docs_templates() {
        let v = pods();
        assert_eq!(run("{.items[*].metadata.name}", &v), "a b");
        assert_eq!(run("{.items[0].metadata.name}", &v), "a");
        assert_eq!(run("{.items[-1:].metadata.name}", &v), "b");
        assert_eq!(
            run(
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
                &v
            ),
            "a\tRunning\nb\tPending\n"
        );
        assert_eq!(
            run("{.items[?(@.status.phase==\"Running\")].metadata.name}", &v),
            "a"
        );
        assert_eq!(
            run("{.items[0].status.containerStatuses[0].restartCount}", &v),
            "2"
        );
        assert_eq!(run("{.items[0].metadata.labels}", &v), "{\"app\":\"web\"}");
        assert_eq!(run("{.items[*].spec.nodeName}", &v), "n1");
        assert_eq!(run("{.missing.key}", &v), "");
        assert_eq!(run("name: {.items[1]['metadata']['name']}", &v), "name: b");
        assert_eq!(run("{.items[0,1].metadata.name}", &v), "a b");
        assert_eq!(
            run(
                "{..name}",
                &json!({"a": {"name": "x"}, "b": [{"name": "y"}]})
            ),
            "x y"
        );
        assert_eq!(
            run(
                "{range .items[*]}{range .status.conditions[*]}{.type}={.status} {end}{end}",
                &v
            ),
            "Ready=True Ready=False "
        );
        assert_eq!(
            run("{.items[?(@.metadata.labels.app)].metadata.name}", &v),
            "a"
        );
    }

    #[test]
    fn parse_and_execution_errors() {
        let v = pods();
        assert_eq!(
            run("{.items[3]}", &v),
            "ERR array index out of bounds: index 3, length 2"
        );
        assert_eq!(run("{.a", &v), "ERR unclosed action");
        assert_eq!(run("{end}", &v), "ERR not in range, nothing to end");
        assert_eq!(run("{.items[x]}", &v), "ERR invalid array index x");
        assert_eq!(run("{.metadata}", &json!({"metadata": null})), "null");
    }

    #[test]
    fn go_renderings() {
        let v = json!({"b": [1, "x"], "a": null});
        assert_eq!(go_print(&v), "map[a:<nil> b:[1 x]]");
        assert_eq!(
            go_syntax(&v),
            "map[string]interface {}{\"a\":interface {}(nil), \"b\":[]interface {}{1, \"x\"}}"
        );
    }
}
