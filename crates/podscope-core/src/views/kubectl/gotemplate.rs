//! `kubectl get -o go-template=…`: Go's `text/template` over the object as kubectl hands it
//! to the template (cli-runtime pkg/printers/template.go `GoTemplatePrinter`: the object
//! marshalled to JSON and read back into a `map[string]interface{}`, integers as int64;
//! `missingkey=default` unless `--allow-missing-template-keys=false`). Execution follows
//! go/src/text/template/exec.go (`evalField`, `walkRange`, `isTrue`, `printValue`) and
//! funcs.go (`index`, `len`, `not`, `and`, `or`, `eq`…`ge`, `print`, `printf`, `println`),
//! with Go's messages: a missing key prints `<no value>`, a field of a nil value fails with
//! `nil pointer evaluating interface {}.X`, of a string with `can't evaluate field X in type
//! interface {}`. `html`, `js`, `urlquery`, `slice`, `call`, `base64decode` and `printf`
//! verbs other than `%s %v %d %q %t` are not modelled.

mod parse;

use crate::model::sort::CompactSort;
use std::fmt::Write as _;

use serde_json::Value;

use super::jsonpath::go_sprint;
use crate::model::humanize::go_quote;
pub use parse::ParseError;
use parse::{Arg, Command, Node, Pipe, Pos};

/// How many steps one execution takes at most, and how long its output grows (podscope's
/// bounds: a template ranging over ranges ends with an error instead of running on).
const MAX_STEPS: usize = 1_000_000;
const MAX_OUTPUT: usize = 1 << 20;

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

/// Why an execution stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// Go's error: `template: output:1:2: executing "output" at <.a.b>: …`.
    Go(String),
    /// A function or verb podscope does not carry out.
    NotModelled(String),
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, ParseError> {
        parse::parse(text).map(|nodes| Template { nodes })
    }

    /// Runs the template over `data`: the output, or what was written before the error and
    /// the error.
    pub fn execute(
        &self,
        data: &Value,
        missing_key_error: bool,
    ) -> Result<String, (String, ExecError)> {
        let mut s = State {
            out: String::new(),
            vars: vec![("$".to_owned(), Val::root(data))],
            missing_key_error,
            steps: 0,
        };
        let dot = Val::root(data);
        match s.walk(&dot, &self.nodes) {
            Ok(()) => Ok(s.out),
            Err(e) => Err((s.out, e)),
        }
    }
}

/// A value during execution: Go's invalid `reflect.Value` (a missing key), or a JSON value
/// with whether its static type is `interface {}` (a map's element) for error messages.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    NoValue,
    Json { v: Value, iface: bool },
}

impl Val {
    fn root(v: &Value) -> Val {
        Val::Json {
            v: v.clone(),
            iface: false,
        }
    }

    fn of(v: Value) -> Val {
        Val::Json { v, iface: false }
    }

    /// The value as an interface: a missing one is nil.
    fn json(&self) -> Value {
        match self {
            Val::NoValue => Value::Null,
            Val::Json { v, .. } => v.clone(),
        }
    }

    /// Go's `%s` of `reflect.Type` in messages.
    fn type_name(&self) -> &'static str {
        match self {
            Val::Json { iface: true, .. } | Val::NoValue => "interface {}",
            Val::Json { v, .. } => concrete_type(v),
        }
    }

    /// exec.go `isTrue`.
    fn truth(&self) -> bool {
        match self {
            Val::NoValue => false,
            Val::Json { v, .. } => match v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(o) => !o.is_empty(),
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            },
        }
    }
}

/// The Go type a JSON value unmarshals to (apimachinery util/json: whole numbers int64).
fn concrete_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "map[string]interface {}",
        Value::Array(_) => "[]interface {}",
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int64",
        Value::Number(_) => "float64",
        Value::Bool(_) => "bool",
        Value::Null => "interface {}",
    }
}

struct State {
    out: String,
    vars: Vec<(String, Val)>,
    missing_key_error: bool,
    steps: usize,
}

/// exec.go `errorf` with `ErrorContext`: the node's line and column and its text (cut at 20
/// characters).
fn go_error(at: &Pos, message: impl AsRef<str>) -> ExecError {
    let context = if at.text.chars().count() > 20 {
        format!("{}...", at.text.chars().take(20).collect::<String>())
    } else {
        at.text.clone()
    };
    ExecError::Go(format!(
        "template: output:{}:{}: executing \"output\" at <{context}>: {}",
        at.line,
        at.column,
        message.as_ref()
    ))
}

impl State {
    fn step(&mut self, at: &Pos) -> Result<(), ExecError> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_OUTPUT {
            return Err(go_error(at, "podscope: the template ran too long"));
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Val, nodes: &[Node]) -> Result<(), ExecError> {
        for node in nodes {
            match node {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(pipe) => {
                    self.step(&pipe.at)?;
                    let v = self.pipeline(dot, pipe)?;
                    if pipe.decl.is_empty() {
                        self.out.push_str(&print_value(&v));
                    }
                }
                Node::If(pipe, list, other) | Node::With(pipe, list, other) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(dot, pipe)?;
                    let result = if v.truth() {
                        let dot = if matches!(node, Node::With(..)) {
                            &v
                        } else {
                            dot
                        };
                        self.walk(dot, list)
                    } else {
                        self.walk(dot, other)
                    };
                    self.vars.truncate(mark);
                    result?;
                }
                Node::Range(pipe, list, other) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(dot, pipe)?;
                    let result = self.range(dot, pipe, &v, list, other);
                    self.vars.truncate(mark);
                    result?;
                }
            }
        }
        Ok(())
    }

    /// exec.go `walkRange`: lists by index, maps by sorted key, nothing (the `else`) for an
    /// empty or missing value.
    fn range(
        &mut self,
        dot: &Val,
        pipe: &Pipe,
        v: &Val,
        list: &[Node],
        other: &[Node],
    ) -> Result<(), ExecError> {
        let items: Vec<(Value, Value)> = match v {
            Val::NoValue | Val::Json { v: Value::Null, .. } => Vec::new(),
            Val::Json {
                v: Value::Array(a), ..
            } => a
                .iter()
                .enumerate()
                .map(|(i, e)| (Value::from(i), e.clone()))
                .collect(),
            Val::Json {
                v: Value::Object(o),
                ..
            } => {
                let mut keys: Vec<&String> = o.keys().collect();
                keys.sort_compact();
                keys.into_iter()
                    .map(|k| {
                        (
                            Value::String(k.clone()),
                            o.get(k).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect()
            }
            Val::Json { v, .. } => {
                return Err(go_error(
                    &pipe.at,
                    format!("range can't iterate over {}", go_sprint(v)),
                ));
            }
        };
        if items.is_empty() {
            return self.walk(dot, other);
        }
        let mark = self.vars.len();
        for (index, elem) in items {
            self.step(&pipe.at)?;
            let elem = Val::Json {
                v: elem,
                iface: true,
            };
            let n = self.vars.len();
            match pipe.decl.as_slice() {
                [e] => set_top(&mut self.vars, n, e, elem.clone()),
                [i, e] => {
                    set_top(&mut self.vars, n.saturating_sub(1), i, Val::of(index));
                    set_top(&mut self.vars, n, e, elem.clone());
                }
                _ => {}
            }
            self.walk(&elem, list)?;
            self.vars.truncate(mark.max(n));
        }
        Ok(())
    }

    /// exec.go `evalPipeline`: each command's value is the next one's last argument; the
    /// declared variables are pushed (or assigned).
    fn pipeline(&mut self, dot: &Val, pipe: &Pipe) -> Result<Val, ExecError> {
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            let v = self.command(dot, cmd, value.take())?;
            // A map element is dug out of its interface.
            value = Some(match v {
                Val::Json { v, .. } => Val::Json { v, iface: false },
                other => other,
            });
        }
        let value = value.unwrap_or(Val::NoValue);
        for name in &pipe.decl {
            if pipe.assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = value.clone();
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn command(&mut self, dot: &Val, cmd: &Command, last: Option<Val>) -> Result<Val, ExecError> {
        let Some(first) = cmd.args.first() else {
            return Ok(Val::NoValue);
        };
        if let Arg::Function(name) = first {
            let mut args = Vec::with_capacity(cmd.args.len());
            for a in cmd.args.get(1..).unwrap_or_default() {
                args.push(self.arg(dot, a)?);
            }
            args.extend(last);
            return self.call(name, args, &cmd.at);
        }
        if cmd.args.len() > 1 || last.is_some() {
            return Err(go_error(
                &cmd.at,
                format!("can't give argument to non-function {}", arg_text(first)),
            ));
        }
        if matches!(first, Arg::Nil) {
            return Err(go_error(&cmd.at, "nil is not a command"));
        }
        self.arg(dot, first)
    }

    fn arg(&mut self, dot: &Val, arg: &Arg) -> Result<Val, ExecError> {
        Ok(match arg {
            Arg::Dot => dot.clone(),
            Arg::Field(fields, at) => self.fields(dot.clone(), fields, at)?,
            Arg::Variable(name, fields, at) => {
                let v = self
                    .vars
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map_or(Val::NoValue, |(_, v)| v.clone());
                self.fields(v, fields, at)?
            }
            Arg::Chain(pipe, fields, at) => {
                let v = self.pipeline(dot, pipe)?;
                self.fields(v, fields, at)?
            }
            Arg::Pipe(pipe) => self.pipeline(dot, pipe)?,
            Arg::Function(name) => self.call(name, Vec::new(), &Pos::default_for(name))?,
            Arg::Str(s) => Val::of(Value::String(s.clone())),
            Arg::Int(n) => Val::of(Value::from(*n)),
            Arg::Float(f) => {
                Val::of(serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number))
            }
            Arg::Bool(b) => Val::of(Value::Bool(*b)),
            Arg::Nil => Val::of(Value::Null),
        })
    }

    /// exec.go `evalFieldChain` and `evalField`.
    fn fields(&self, mut receiver: Val, fields: &[String], at: &Pos) -> Result<Val, ExecError> {
        for name in fields {
            receiver = match receiver {
                Val::NoValue if self.missing_key_error => {
                    return Err(go_error(
                        at,
                        format!("nil data; no entry for key {}", go_quote(name)),
                    ));
                }
                Val::NoValue => Val::NoValue,
                Val::Json { v: Value::Null, .. } => {
                    return Err(go_error(
                        at,
                        format!("nil pointer evaluating interface {{}}.{name}"),
                    ));
                }
                Val::Json {
                    v: Value::Object(o),
                    ..
                } => match o.get(name) {
                    Some(v) => Val::Json {
                        v: v.clone(),
                        iface: true,
                    },
                    None if self.missing_key_error => {
                        return Err(go_error(
                            at,
                            format!("map has no entry for key {}", go_quote(name)),
                        ));
                    }
                    None => Val::NoValue,
                },
                other => {
                    return Err(go_error(
                        at,
                        format!("can't evaluate field {name} in type {}", other.type_name()),
                    ));
                }
            };
        }
        Ok(receiver)
    }

    /// funcs.go's builtins (and kubectl's `exists`).
    fn call(&mut self, name: &str, args: Vec<Val>, at: &Pos) -> Result<Val, ExecError> {
        let fail = |m: String| go_error(at, format!("error calling {name}: {m}"));
        let want = |n: usize| -> Result<(), ExecError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(go_error(
                    at,
                    format!(
                        "wrong number of args for {name}: want {n} got {}",
                        args.len()
                    ),
                ))
            }
        };
        let at_least = |n: usize| -> Result<(), ExecError> {
            if args.len() >= n {
                Ok(())
            } else {
                Err(go_error(
                    at,
                    format!(
                        "wrong number of args for {name}: want at least {n} got {}",
                        args.len()
                    ),
                ))
            }
        };
        Ok(match name {
            "not" => {
                want(1)?;
                Val::of(Value::Bool(!args.first().is_some_and(Val::truth)))
            }
            // Go 1.18+: the first false (and) or true (or) argument, else the last.
            "and" | "or" => {
                at_least(1)?;
                let stop = name == "or";
                let mut picked = Val::NoValue;
                for a in args {
                    let t = a.truth();
                    picked = a;
                    if t == stop {
                        break;
                    }
                }
                picked
            }
            "len" => {
                want(1)?;
                let n = match args.first().map(Val::json) {
                    Some(Value::String(s)) => s.len(),
                    Some(Value::Array(a)) => a.len(),
                    Some(Value::Object(o)) => o.len(),
                    Some(Value::Null) | None => return Err(fail("len of nil pointer".to_owned())),
                    Some(v) => return Err(fail(format!("len of type {}", concrete_type(&v)))),
                };
                Val::of(Value::from(n))
            }
            "index" => {
                at_least(1)?;
                let mut item = args.first().map_or(Value::Null, Val::json);
                for i in args.iter().skip(1).map(Val::json) {
                    item = match (&item, &i) {
                        (Value::Null, _) => return Err(fail("index of untyped nil".to_owned())),
                        (Value::Object(o), Value::String(k)) => {
                            o.get(k).cloned().unwrap_or(Value::Null)
                        }
                        (Value::Array(a), Value::Number(n)) if n.is_i64() => {
                            let x = n.as_i64().unwrap_or(-1);
                            match usize::try_from(x).ok().and_then(|x| a.get(x)) {
                                Some(v) => v.clone(),
                                None => return Err(fail(format!("index out of range: {x}"))),
                            }
                        }
                        (Value::Array(_), other) => {
                            return Err(fail(format!(
                                "cannot index slice/array with type {}",
                                concrete_type(other)
                            )));
                        }
                        (Value::Object(_), other) => {
                            return Err(fail(format!(
                                "value has type {}; should be string",
                                concrete_type(other)
                            )));
                        }
                        (other, _) => {
                            return Err(fail(format!(
                                "can't index item of type {}",
                                concrete_type(other)
                            )));
                        }
                    };
                }
                Val::Json {
                    v: item,
                    iface: true,
                }
            }
            "exists" => {
                at_least(1)?;
                Val::of(Value::Bool(exists(&args)))
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                if name != "eq" {
                    want(2)?;
                }
                Val::of(Value::Bool(compare(name, &args).map_err(fail)?))
            }
            "print" => Val::of(Value::String(sprint(&args))),
            "println" => {
                let parts: Vec<String> = args.iter().map(|a| go_sprint(&a.json())).collect();
                Val::of(Value::String(format!("{}\n", parts.join(" "))))
            }
            "printf" => {
                at_least(1)?;
                let format = match args.first().map(Val::json) {
                    Some(Value::String(f)) => f,
                    _ => return Err(go_error(at, "wrong type for value; expected string")),
                };
                let rest: Vec<Value> = args.iter().skip(1).map(Val::json).collect();
                Val::of(Value::String(printf(&format, &rest)?))
            }
            other => {
                return Err(ExecError::NotModelled(format!(
                    "the go-template function {other}"
                )));
            }
        })
    }
}

impl Pos {
    fn default_for(name: &str) -> Pos {
        Pos {
            line: 1,
            column: 0,
            text: name.to_owned(),
        }
    }
}

/// The variable slot a range iteration sets (the declared variables, lexically).
fn set_top(vars: &mut [(String, Val)], n: usize, name: &str, v: Val) {
    if let Some(slot) = n.checked_sub(1).and_then(|i| vars.get_mut(i))
        && slot.0 == name
    {
        slot.1 = v;
    }
}

/// A word of a command as Go prints it in `can't give argument to non-function`.
fn arg_text(arg: &Arg) -> String {
    match arg {
        Arg::Dot => ".".to_owned(),
        Arg::Field(_, at) | Arg::Variable(_, _, at) | Arg::Chain(_, _, at) => at.text.clone(),
        Arg::Pipe(p) => format!("({})", p.at.text),
        Arg::Function(f) => f.clone(),
        Arg::Str(s) => go_quote(s),
        Arg::Int(n) => n.to_string(),
        Arg::Float(f) => podscope_float::display(*f),
        Arg::Bool(b) => b.to_string(),
        Arg::Nil => "nil".to_owned(),
    }
}

/// exec.go `printValue`: a missing value is `<no value>`, nil `<nil>`, anything else
/// `fmt.Print`'s text.
fn print_value(v: &Val) -> String {
    match v {
        Val::NoValue => "<no value>".to_owned(),
        Val::Json { v, .. } => go_sprint(v),
    }
}

/// `fmt.Sprint`: a space between operands when neither is a string.
fn sprint(args: &[Val]) -> String {
    let mut out = String::new();
    let mut last_string = true;
    for (i, a) in args.iter().enumerate() {
        let v = a.json();
        let is_string = v.is_string();
        if i > 0 && !is_string && !last_string {
            out.push(' ');
        }
        out.push_str(&go_sprint(&v));
        last_string = is_string;
    }
    out
}

/// cli-runtime printers/template.go `exists`: whether each index leads somewhere non-nil.
fn exists(args: &[Val]) -> bool {
    let mut v = args.first().map_or(Value::Null, Val::json);
    for i in args.iter().skip(1).map(Val::json) {
        v = match (&v, &i) {
            (Value::Null, _) => return false,
            (Value::Array(a), Value::Number(n)) => {
                match n.as_i64().and_then(|x| usize::try_from(x).ok()) {
                    Some(x) if x < a.len() => a.get(x).cloned().unwrap_or(Value::Null),
                    _ => return false,
                }
            }
            (Value::Object(o), Value::String(k)) => o.get(k).cloned().unwrap_or(Value::Null),
            _ => return false,
        };
    }
    !v.is_null()
}

/// The basic kind funcs.go compares by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
    Other,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Int,
        Value::Number(_) => Kind::Float,
        Value::String(_) => Kind::Str,
        _ => Kind::Other,
    }
}

/// funcs.go `eq` (any of the others equal), `ne`, `lt`, `le`, `gt`, `ge`.
fn compare(name: &str, args: &[Val]) -> Result<bool, String> {
    const BAD: &str = "incompatible types for comparison";
    let Some((first, rest)) = args.split_first() else {
        return Err("missing argument for comparison".to_owned());
    };
    if rest.is_empty() {
        return Err("missing argument for comparison".to_owned());
    }
    let a = first.json();
    let valid_a = !matches!(first, Val::NoValue) && !a.is_null();
    if name == "eq" || name == "ne" {
        let mut any = false;
        for other in rest {
            let b = other.json();
            let valid_b = !matches!(other, Val::NoValue) && !b.is_null();
            let same = if kind(&a) != kind(&b) {
                if valid_a && valid_b {
                    return Err(BAD.to_owned());
                }
                false
            } else if !valid_a || !valid_b {
                valid_a == valid_b
            } else {
                match kind(&a) {
                    Kind::Other => {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            go_sprint(&a),
                            concrete_type(&a)
                        ));
                    }
                    Kind::Int | Kind::Float => a.as_f64() == b.as_f64(),
                    _ => a == b,
                }
            };
            any |= same;
            if name == "ne" {
                return Ok(!same);
            }
        }
        return Ok(any);
    }
    let b = rest.first().map(Val::json).unwrap_or(Value::Null);
    if kind(&a) == Kind::Other || kind(&a) == Kind::Bool {
        return Err("invalid type for comparison".to_owned());
    }
    if kind(&a) != kind(&b) {
        return Err(BAD.to_owned());
    }
    let less = match (&a, &b) {
        (Value::String(x), Value::String(y)) => x < y,
        _ => a.as_f64() < b.as_f64(),
    };
    let equal = match (&a, &b) {
        (Value::String(x), Value::String(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    };
    Ok(match name {
        "lt" => less,
        "le" => less || equal,
        "gt" => !less && !equal,
        _ => !less,
    })
}

/// Go's `fmt.Sprintf` for the verbs `%s %v %d %q %t` (flags `-`, `0`, a width) and `%%`;
/// a wrong type prints `%!d(string=x)`, a missing operand `%!d(MISSING)`, extra ones
/// `%!(EXTRA type=value, …)`.
fn printf(format: &str, args: &[Value]) -> Result<String, ExecError> {
    let mut out = String::new();
    let mut next = args.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut left = false;
        let mut zero = false;
        while let Some(&f) = chars.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                _ => break,
            }
            chars.next();
        }
        let mut width = 0usize;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            width = width
                .saturating_mul(10)
                .saturating_add(d as usize)
                .min(1000);
            chars.next();
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !matches!(verb, 's' | 'v' | 'd' | 'q' | 't') {
            return Err(ExecError::NotModelled(format!("the printf verb %{verb}")));
        }
        let Some(v) = next.next() else {
            let _ = write!(out, "%!{verb}(MISSING)");
            continue;
        };
        let text = match (verb, v) {
            ('v', v) => go_sprint(v),
            ('s', Value::String(s)) => s.clone(),
            ('s', v) if !matches!(v, Value::Number(_) | Value::Bool(_)) => go_sprint(v),
            ('q', Value::String(s)) => go_quote(s),
            ('d', Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            ('t', Value::Bool(b)) => b.to_string(),
            (verb, v) => format!("%!{verb}({}={})", concrete_type(v), go_sprint(v)),
        };
        let pad = width.saturating_sub(text.chars().count());
        if left {
            out.push_str(&text);
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            let fill = if zero && verb == 'd' { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(fill, pad));
            out.push_str(&text);
        }
    }
    let extra: Vec<String> = next
        .map(|v| format!("{}={}", concrete_type(v), go_sprint(v)))
        .collect();
    if !extra.is_empty() {
        let _ = write!(out, "%!(EXTRA {})", extra.join(", "));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
