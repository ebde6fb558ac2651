//! Go's `text/template` parser for the templates kubectl users write (go/src/text/template/
//! parse/lex.go and parse.go): text and `{{ }}` actions with `{{-`/`-}}` trimming and
//! comments, pipelines of commands separated by `|`, variables (`$`, `$x :=`, `$x =`, `range
//! $i, $e :=`), fields (`.a.b`, `$x.a`, `(pipe).a`), string, raw string, number, bool and nil
//! literals, `if`/`else if`/`else`, `range`/`else`, `with`/`else`, `end`. Errors read as
//! Go's `template: output:LINE: MESSAGE`. `define`, `template` and `block` are not modelled.

use std::fmt;

/// The most nodes one template may hold, and the deepest nesting (podscope's bounds).
const MAX_NODES: usize = 10_000;
const MAX_DEPTH: usize = 100;

/// The functions kubectl's template knows: text/template funcs.go `builtins` and kubectl's
/// `exists` and `base64decode` (cli-runtime printers/template.go).
pub const FUNCTIONS: &[&str] = &[
    "and",
    "base64decode",
    "call",
    "eq",
    "exists",
    "ge",
    "gt",
    "html",
    "index",
    "js",
    "le",
    "len",
    "lt",
    "ne",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "slice",
    "urlquery",
];

/// Why a template did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Go's error, `template: output:LINE: MESSAGE`.
    Go { line: usize, message: String },
    /// A form podscope does not carry out (`define`, `template`, `block`).
    NotModelled(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Go { line, message } => write!(f, "template: output:{line}: {message}"),
            ParseError::NotModelled(what) => write!(f, "{what} is not modelled"),
        }
    }
}

/// A node of the template's tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
}

/// A pipeline: its declared variables and commands.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    pub decl: Vec<String>,
    /// `$x = …` rather than `$x := …`.
    pub assign: bool,
    pub cmds: Vec<Command>,
    pub at: Pos,
}

/// One command: its words.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub args: Vec<Arg>,
    pub at: Pos,
}

/// Where a node starts, and its text (for errors: `at <TEXT>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    /// The byte offset in its line (Go's `ErrorContext` column).
    pub column: usize,
    pub text: String,
}

/// One word of a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Dot,
    /// `.a.b` (no fields: `.`).
    Field(Vec<String>, Pos),
    /// `$x.a.b`.
    Variable(String, Vec<String>, Pos),
    /// `(pipe).a.b`.
    Chain(Box<Pipe>, Vec<String>, Pos),
    Pipe(Box<Pipe>),
    Function(String),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(String),
    Variable(String),
    Dot,
    Ident(String),
    Str(String),
    Number(String),
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
    Space,
    End,
}

impl Tok {
    /// Go's `item.String()` in `unexpected %s in …`.
    fn describe(&self) -> String {
        match self {
            Tok::Field(f) => format!("<.{f}>"),
            Tok::Variable(v) => format!("<{v}>"),
            Tok::Dot => "<.>".to_owned(),
            Tok::Ident(i) => format!("<{i}>"),
            Tok::Str(s) => format!("{:?}", s),
            Tok::Number(n) => format!("{n:?}"),
            Tok::Pipe => "\"|\"".to_owned(),
            Tok::LParen => "\"(\"".to_owned(),
            Tok::RParen => "\")\"".to_owned(),
            Tok::Declare => "\":=\"".to_owned(),
            Tok::Assign => "\"=\"".to_owned(),
            Tok::Comma => "\",\"".to_owned(),
            Tok::Space => "space".to_owned(),
            Tok::End => "\"}}\"".to_owned(),
        }
    }
}

/// A token and where it starts in the template.
#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    at: usize,
}

/// Parses a template.
pub fn parse(text: &str) -> Result<Vec<Node>, ParseError> {
    let mut p = Parser {
        text,
        pos: 0,
        nodes: 0,
        vars: vec!["$".to_owned()],
    };
    let (nodes, end) = p.list(0)?;
    match end {
        Ending::Eof => Ok(nodes),
        Ending::End(at) => Err(p.err_at(at, "unexpected {{end}}")),
        Ending::Else(at, _) => Err(p.err_at(at, "unexpected {{else}}")),
    }
}

/// How a list of nodes ended.
enum Ending {
    Eof,
    End(usize),
    /// `{{else}}` (with the `if` of `{{else if …}}`).
    Else(usize, Option<Pipe>),
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    nodes: usize,
    /// Variables in scope (Go checks them at parse time).
    vars: Vec<String>,
}

impl Parser<'_> {
    fn line_of(&self, at: usize) -> usize {
        1 + self.text.get(..at).map_or(0, |t| t.matches('\n').count())
    }

    fn err_at(&self, at: usize, message: impl Into<String>) -> ParseError {
        ParseError::Go {
            line: self.line_of(at),
            message: message.into(),
        }
    }

    fn pos_of(&self, at: usize, end: usize) -> Pos {
        let before = self.text.get(..at).unwrap_or_default();
        let column = before.rfind('\n').map_or(at, |i| at - i - 1);
        let text = self.text.get(at..end).unwrap_or_default();
        Pos {
            line: self.line_of(at),
            column,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// Nodes up to `{{end}}`, `{{else}}` or the end of the text.
    fn list(&mut self, depth: usize) -> Result<(Vec<Node>, Ending), ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.err_at(self.pos, "podscope: template nested too deeply"));
        }
        let mut nodes = Vec::new();
        loop {
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Err(self.err_at(self.pos, "podscope: template too long"));
            }
            let rest = self.text.get(self.pos..).unwrap_or_default();
            let Some(open) = rest.find("{{") else {
                if !rest.is_empty() {
                    nodes.push(Node::Text(rest.to_owned()));
                }
                self.pos = self.text.len();
                return Ok((nodes, Ending::Eof));
            };
            let mut text = rest.get(..open).unwrap_or_default().to_owned();
            let start = self.pos + open;
            self.pos = start + 2;
            // `{{- ` trims the spaces before it.
            let after = self.text.get(self.pos..).unwrap_or_default();
            if after.starts_with("- ")
                || after.starts_with("-\t")
                || after.starts_with("-\n")
                || after.starts_with("-\r")
            {
                text.truncate(text.trim_end().len());
                self.pos += 1;
            }
            if !text.is_empty() {
                nodes.push(Node::Text(text));
            }
            // A comment: `{{/* … */}}`.
            let inner = self.text.get(self.pos..).unwrap_or_default();
            let blank = inner.len() - inner.trim_start().len();
            if inner.trim_start().starts_with("/*") {
                let from = self.pos + blank;
                let Some(close) = self.text.get(from..).and_then(|t| t.find("*/")) else {
                    return Err(self.err_at(start, "unclosed comment"));
                };
                self.pos = from + close + 2;
                let tail = self.text.get(self.pos..).unwrap_or_default();
                let trimmed = tail.trim_start();
                if let Some(t) = trimmed.strip_prefix("-}}") {
                    self.pos = self.text.len() - t.len();
                    self.trim_after();
                } else if let Some(t) = tail.strip_prefix("}}") {
                    self.pos = self.text.len() - t.len();
                } else {
                    return Err(self.err_at(start, "comment ends before closing delimiter"));
                }
                continue;
            }
            let tokens = self.action(start)?;
            match self.control(tokens, start, depth)? {
                Control::Node(n) => nodes.push(n),
                Control::End(e) => return Ok((nodes, e)),
            }
        }
    }

    /// After `-}}`: the spaces that follow are trimmed.
    fn trim_after(&mut self) {
        let tail = self.text.get(self.pos..).unwrap_or_default();
        self.pos += tail.len() - tail.trim_start().len();
    }

    /// The tokens of one action (after `{{`), up to and past its `}}`.
    fn action(&mut self, start: usize) -> Result<Vec<Token>, ParseError> {
        let mut out: Vec<Token> = Vec::new();
        loop {
            let at = self.pos;
            let rest = self.text.get(at..).unwrap_or_default();
            let Some(c) = rest.chars().next() else {
                return Err(self.err_at(start, "unclosed action"));
            };
            if rest.starts_with("}}") {
                self.pos += 2;
                out.push(Token { tok: Tok::End, at });
                return Ok(out);
            }
            if c == '\n' {
                // Actions may not span lines (raw strings and comments aside).
                return Err(self.err_at(at, "unclosed action"));
            }
            if c == ' ' || c == '\t' || c == '\r' {
                let n = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
                let after = rest.get(n..).unwrap_or_default();
                if after.starts_with("-}}") {
                    self.pos += n + 3;
                    out.push(Token { tok: Tok::End, at });
                    self.trim_after();
                    return Ok(out);
                }
                self.pos += n;
                out.push(Token {
                    tok: Tok::Space,
                    at,
                });
                continue;
            }
            let tok = match c {
                '|' => {
                    self.pos += 1;
                    Tok::Pipe
                }
                '(' => {
                    self.pos += 1;
                    Tok::LParen
                }
                ')' => {
                    self.pos += 1;
                    Tok::RParen
                }
                ',' => {
                    self.pos += 1;
                    Tok::Comma
                }
                '=' => {
                    self.pos += 1;
                    Tok::Assign
                }
                ':' if rest.starts_with(":=") => {
                    self.pos += 2;
                    Tok::Declare
                }
                '"' => Tok::Str(self.quoted(start)?),
                '`' => {
                    let Some(close) = rest.get(1..).and_then(|r| r.find('`')) else {
                        return Err(self.err_at(start, "unterminated raw quoted string"));
                    };
                    self.pos += close + 2;
                    Tok::Str(rest.get(1..=close).unwrap_or_default().to_owned())
                }
                '.' if !rest
                    .get(1..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|d| d.is_ascii_digit()) =>
                {
                    let word = word_len(rest.get(1..).unwrap_or_default());
                    self.pos += 1 + word;
                    if word == 0 {
                        Tok::Dot
                    } else {
                        Tok::Field(rest.get(1..=word).unwrap_or_default().to_owned())
                    }
                }
                '$' => {
                    let word = word_len(rest.get(1..).unwrap_or_default());
                    self.pos += 1 + word;
                    Tok::Variable(rest.get(..=word).unwrap_or_default().to_owned())
                }
                c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                    let n = rest
                        .char_indices()
                        .skip(1)
                        .find(|(_, d)| !(d.is_ascii_alphanumeric() || matches!(d, '.' | '_')))
                        .map_or(rest.len(), |(i, _)| i);
                    self.pos += n;
                    Tok::Number(rest.get(..n).unwrap_or_default().to_owned())
                }
                c if c.is_alphabetic() || c == '_' => {
                    let n = word_len(rest);
                    self.pos += n;
                    Tok::Ident(rest.get(..n).unwrap_or_default().to_owned())
                }
                other => {
                    return Err(self.err_at(
                        at,
                        format!(
                            "unexpected bad character U+{:04X} '{other}' in command",
                            other as u32
                        ),
                    ));
                }
            };
            out.push(Token { tok, at });
        }
    }

    /// A `"…"` string with Go's escapes (strconv.Unquote).
    fn quoted(&mut self, start: usize) -> Result<String, ParseError> {
        let rest = self.text.get(self.pos + 1..).unwrap_or_default();
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += i + 2;
                    return Ok(out);
                }
                '\n' => break,
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    Some('\'') => out.push('\''),
                    Some('a') => out.push('\u{7}'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('v') => out.push('\u{b}'),
                    _ => return Err(self.err_at(start, "invalid syntax")),
                },
                c => out.push(c),
            }
        }
        Err(self.err_at(start, "unterminated quoted string"))
    }

    /// Reads a control word's action, or an action's pipeline.
    fn control(
        &mut self,
        tokens: Vec<Token>,
        start: usize,
        depth: usize,
    ) -> Result<Control, ParseError> {
        let mut t = Tokens {
            tokens,
            i: 0,
            action: start,
        };
        t.skip_space();
        let keyword = match t.peek() {
            Some(Tok::Ident(k)) => Some(k.clone()),
            _ => None,
        };
        match keyword.as_deref() {
            Some("end") => {
                t.next();
                self.close(&mut t, "end")?;
                Ok(Control::End(Ending::End(start)))
            }
            Some("else") => {
                t.next();
                t.skip_space();
                if let Some(Tok::Ident(k)) = t.peek()
                    && k == "if"
                {
                    t.next();
                    let pipe = self.pipeline(&mut t, "if", false)?;
                    return Ok(Control::End(Ending::Else(start, Some(pipe))));
                }
                self.close(&mut t, "else")?;
                Ok(Control::End(Ending::Else(start, None)))
            }
            Some(k @ ("if" | "with" | "range")) => {
                t.next();
                let mark = self.vars.len();
                let pipe = self.pipeline(&mut t, k, k == "range")?;
                let node = self.branches(k, pipe, depth)?;
                self.vars.truncate(mark);
                Ok(Control::Node(node))
            }
            Some(k @ ("define" | "template" | "block" | "break" | "continue")) => Err(
                ParseError::NotModelled(format!("the go-template action {{{{{k}}}}}")),
            ),
            _ => {
                let pipe = self.pipeline(&mut t, "command", false)?;
                Ok(Control::Node(Node::Action(pipe)))
            }
        }
    }

    /// The lists of an `if`, `with` or `range` and its `else` (an `else if` nests an `if`).
    fn branches(&mut self, keyword: &str, pipe: Pipe, depth: usize) -> Result<Node, ParseError> {
        let (list, end) = self.list(depth + 1)?;
        let other = match end {
            Ending::Eof => return Err(self.err_at(self.text.len(), "unexpected EOF")),
            Ending::End(_) => Vec::new(),
            Ending::Else(_, None) => {
                let (other, end) = self.list(depth + 1)?;
                match end {
                    Ending::End(_) => other,
                    Ending::Eof => return Err(self.err_at(self.text.len(), "unexpected EOF")),
                    Ending::Else(at, _) => return Err(self.err_at(at, "unexpected {{else}}")),
                }
            }
            // `{{else if X}}…{{end}}` is `{{else}}{{if X}}…{{end}}{{end}}`.
            Ending::Else(_, Some(inner)) => vec![self.branches("if", inner, depth + 1)?],
        };
        Ok(match keyword {
            "if" => Node::If(pipe, list, other),
            "with" => Node::With(pipe, list, other),
            _ => Node::Range(pipe, list, other),
        })
    }

    /// Expects the action to end (`{{end}}`, `{{else}}`).
    fn close(&self, t: &mut Tokens, what: &str) -> Result<(), ParseError> {
        t.skip_space();
        match t.next() {
            Some(Token { tok: Tok::End, .. }) => Ok(()),
            Some(tok) => Err(self.err_at(
                tok.at,
                format!("unexpected {} in {what}", tok.tok.describe()),
            )),
            None => Err(self.err_at(t.action, "unclosed action")),
        }
    }

    /// A pipeline up to `}}` (or `)` when `paren`), with its declaration.
    fn pipeline(&mut self, t: &mut Tokens, context: &str, range: bool) -> Result<Pipe, ParseError> {
        self.pipe_until(t, context, range, false)
    }

    fn pipe_until(
        &mut self,
        t: &mut Tokens,
        context: &str,
        range: bool,
        paren: bool,
    ) -> Result<Pipe, ParseError> {
        t.skip_space();
        let from = t.pos();
        let mut decl = Vec::new();
        let mut assign = false;
        // `$x :=`, `$x =`, `$i, $e :=` (range only).
        let save = t.i;
        if let Some(Tok::Variable(v)) = t.peek().cloned() {
            t.next();
            t.skip_space();
            match t.peek() {
                Some(Tok::Declare) | Some(Tok::Assign) => {
                    assign = t.peek() == Some(&Tok::Assign);
                    t.next();
                    decl.push(v);
                }
                Some(Tok::Comma) if range => {
                    t.next();
                    t.skip_space();
                    match (t.next().map(|k| k.tok), t.peek_after_space()) {
                        (Some(Tok::Variable(e)), Some(Tok::Declare | Tok::Assign)) => {
                            t.skip_space();
                            assign = t.peek() == Some(&Tok::Assign);
                            t.next();
                            decl.push(v);
                            decl.push(e);
                        }
                        _ => return Err(self.err_at(from, "range can only initialize variables")),
                    }
                }
                _ => t.i = save,
            }
        }
        for v in &decl {
            if assign {
                if !self.vars.contains(v) {
                    return Err(self.err_at(from, format!("undefined variable {:?}", v)));
                }
            } else {
                self.vars.push(v.clone());
            }
        }
        let mut cmds = Vec::new();
        loop {
            t.skip_space();
            match t.peek() {
                Some(Tok::End) if !paren => {
                    t.next();
                    break;
                }
                Some(Tok::RParen) if paren => {
                    t.next();
                    break;
                }
                None => return Err(self.err_at(t.action, "unclosed action")),
                _ => {}
            }
            let cmd = self.command(t, paren)?;
            cmds.push(cmd);
            t.skip_space();
            if t.peek() == Some(&Tok::Pipe) {
                t.next();
                t.skip_space();
                if matches!(t.peek(), Some(Tok::End | Tok::RParen)) {
                    return Err(self.err_at(t.pos(), "missing command"));
                }
            }
        }
        if cmds.is_empty() {
            return Err(self.err_at(from, format!("missing value for {context}")));
        }
        let end = t.pos();
        Ok(Pipe {
            decl,
            assign,
            cmds,
            at: self.pos_of(from, end),
        })
    }

    /// One command: operands until `|`, `}}` or `)`.
    fn command(&mut self, t: &mut Tokens, paren: bool) -> Result<Command, ParseError> {
        let from = t.pos();
        let mut args = Vec::new();
        loop {
            t.skip_space();
            match t.peek() {
                Some(Tok::Pipe) | Some(Tok::End) | None => break,
                Some(Tok::RParen) if paren => break,
                _ => {}
            }
            let arg = self.operand(t)?;
            args.push(arg);
            // Operands are separated by spaces.
            match t.peek() {
                Some(Tok::Space) | Some(Tok::Pipe) | Some(Tok::End) | None => {}
                Some(Tok::RParen) if paren => {}
                Some(other) => {
                    let other = other.describe();
                    return Err(self.err_at(t.pos(), format!("unexpected {other} in operand")));
                }
            }
        }
        if args.is_empty() {
            return Err(self.err_at(from, "empty command"));
        }
        let end = t.pos();
        Ok(Command {
            args,
            at: self.pos_of(from, end),
        })
    }

    /// One operand, with the fields that follow it.
    fn operand(&mut self, t: &mut Tokens) -> Result<Arg, ParseError> {
        let Some(tok) = t.next() else {
            return Err(self.err_at(t.action, "unclosed action"));
        };
        let at = tok.at;
        let arg = match tok.tok {
            Tok::Dot => Arg::Dot,
            Tok::Field(f) => {
                let mut fields: Vec<String> = vec![f];
                fields.extend(t.fields());
                return Ok(Arg::Field(fields, self.pos_of(at, t.pos())));
            }
            Tok::Variable(v) => {
                if !self.vars.contains(&v) {
                    return Err(self.err_at(at, format!("undefined variable {:?}", v)));
                }
                let fields = t.fields();
                return Ok(Arg::Variable(v, fields, self.pos_of(at, t.pos())));
            }
            Tok::LParen => {
                let pipe = self.pipe_until(t, "parenthesized pipeline", false, true)?;
                let fields = t.fields();
                if fields.is_empty() {
                    Arg::Pipe(Box::new(pipe))
                } else {
                    return Ok(Arg::Chain(Box::new(pipe), fields, self.pos_of(at, t.pos())));
                }
            }
            Tok::Ident(i) => match i.as_str() {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                "nil" => Arg::Nil,
                f if FUNCTIONS.contains(&f) => Arg::Function(i),
                _ => return Err(self.err_at(at, format!("function {:?} not defined", i))),
            },
            Tok::Str(s) => Arg::Str(s),
            Tok::Number(n) => {
                number(&n).ok_or_else(|| self.err_at(at, format!("bad number syntax: {:?}", n)))?
            }
            other => {
                return Err(self.err_at(at, format!("unexpected {} in operand", other.describe())));
            }
        };
        Ok(arg)
    }
}

/// A number literal: Go integers (with `0x`, `0o`, `0b`, `_`) or floats.
fn number(text: &str) -> Option<Arg> {
    if let Ok(n) = crate::model::kubectl::flags::parse_int(text) {
        return Some(Arg::Int(n));
    }
    let f = podscope_float::parse(&text.replace('_', ""))?;
    Some(Arg::Float(f))
}

/// The length of a Go identifier's characters at the start of `s`.
fn word_len(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i)
}

enum Control {
    Node(Node),
    End(Ending),
}

/// An action's tokens being read.
struct Tokens {
    tokens: Vec<Token>,
    i: usize,
    action: usize,
}

impl Tokens {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.i).map(|t| &t.tok)
    }

    fn peek_after_space(&self) -> Option<&Tok> {
        self.tokens
            .get(self.i..)
            .and_then(|r| r.iter().find(|t| t.tok != Tok::Space))
            .map(|t| &t.tok)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.i).cloned();
        self.i += 1;
        t
    }

    fn pos(&self) -> usize {
        self.tokens.get(self.i).map_or_else(
            || self.tokens.last().map_or(self.action, |t| t.at),
            |t| t.at,
        )
    }

    fn skip_space(&mut self) {
        while self.peek() == Some(&Tok::Space) {
            self.i += 1;
        }
    }

    /// The `.a.b` fields right after an operand.
    fn fields(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(Tok::Field(f)) = self.peek() {
            out.push(f.clone());
            self.i += 1;
        }
        out
    }
}
