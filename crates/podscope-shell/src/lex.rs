//! The shell's tokenizer: turns script text into ash's tokens (words, operators, redirections,
//! newlines) one at a time as the parser asks, the way ash's `xxreadtoken`/`readtoken1` do,
//! including quotes, `$` expansions, `$(…)`, backquotes and here-documents.

use std::sync::Arc;

use super::ast::{Param, ParamOp, Part, RedirKind, Script, SyntaxError, Word};

/// How deep commands, substitutions and `${…}` may nest before the parser gives up (100:
/// deep enough for any real script, shallow enough for a 1 MiB stack in a debug build).
/// ash has no limit (it would overflow its C stack); podscope stops cleanly.
pub const MAX_NESTING: usize = 100;

/// The longest script the parser reads (1 MiB). Linux already refuses a single `sh -c`
/// argument over 128 KiB (`MAX_ARG_STRLEN`), so real container commands are far shorter.
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;

/// A token, as ash's `tokname_array` names them in errors.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Eof,
    Newline,
    Redir {
        fd: Option<u32>,
        kind: RedirOp,
    },
    Word(Word),
    Semi,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    LParen,
    RParen,
    DSemi,
    /// The end of a backquoted script (only inside `` `…` ``).
    EndBackquote,
    Kw(Kw),
}

/// Redirection operators as read (before the target word).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RedirOp {
    Plain(RedirKind),
    /// `<<-`: a here-document with leading tabs stripped.
    HereDocStrip,
    /// `&>` (ash with `ASH_BASH_COMPAT`, on by default): stdout and stderr to a file.
    OutErr,
}

/// ash's reserved words (shell/ash.c `tokname_array`, after `KWDOFFSET`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kw {
    Not,
    Case,
    Do,
    Done,
    Elif,
    Else,
    Esac,
    Fi,
    For,
    If,
    In,
    Then,
    Until,
    While,
    Begin,
    End,
}

impl Kw {
    pub(super) fn from_word(s: &str) -> Option<Kw> {
        Some(match s {
            "!" => Kw::Not,
            "case" => Kw::Case,
            "do" => Kw::Do,
            "done" => Kw::Done,
            "elif" => Kw::Elif,
            "else" => Kw::Else,
            "esac" => Kw::Esac,
            "fi" => Kw::Fi,
            "for" => Kw::For,
            "if" => Kw::If,
            "in" => Kw::In,
            "then" => Kw::Then,
            "until" => Kw::Until,
            "while" => Kw::While,
            "{" => Kw::Begin,
            "}" => Kw::End,
            _ => return None,
        })
    }

    pub(super) fn text(self) -> &'static str {
        match self {
            Kw::Not => "!",
            Kw::Case => "case",
            Kw::Do => "do",
            Kw::Done => "done",
            Kw::Elif => "elif",
            Kw::Else => "else",
            Kw::Esac => "esac",
            Kw::Fi => "fi",
            Kw::For => "for",
            Kw::If => "if",
            Kw::In => "in",
            Kw::Then => "then",
            Kw::Until => "until",
            Kw::While => "while",
            Kw::Begin => "{",
            Kw::End => "}",
        }
    }
}

impl Tok {
    /// The name ash prints in `unexpected …` errors: the first four token kinds bare, the rest
    /// in double quotes (shell/ash.c `tokname`, `tokname_array`).
    pub(super) fn name(&self) -> String {
        let quoted = |s: &str| format!("\"{s}\"");
        match self {
            Tok::Eof => "end of file".to_string(),
            Tok::Newline => "newline".to_string(),
            Tok::Redir { .. } => "redirection".to_string(),
            Tok::Word(_) => "word".to_string(),
            Tok::Semi => quoted(";"),
            Tok::Amp => quoted("&"),
            Tok::AndIf => quoted("&&"),
            Tok::OrIf => quoted("||"),
            Tok::Pipe => quoted("|"),
            Tok::LParen => quoted("("),
            Tok::RParen => quoted(")"),
            Tok::DSemi => quoted(";;"),
            Tok::EndBackquote => quoted("`"),
            Tok::Kw(k) => quoted(k.text()),
        }
    }
}

/// The character stream and everything the tokenizer needs to remember.
pub(super) struct Lexer {
    chars: Vec<char>,
    pos: usize,
    pub(super) line: u32,
    /// Nesting of words, substitutions and compound commands, shared with the parser.
    pub(super) depth: usize,
    /// Inside a backquoted script: a `` ` `` ends it.
    in_backquote: bool,
    /// Here-document bodies already read: the newline they follow and where the input
    /// resumes after them.
    heredoc_skip: Option<(usize, usize)>,
    heredoc_lines: u32,
    /// A here-document's delimiter line has not come yet: an interactive shell reads more
    /// lines for its body (`needs_more_input`).
    pub(super) heredoc_open: bool,
}

type LexResult<T> = Result<T, SyntaxError>;

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Characters that end an unquoted word.
fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>'
    )
}

/// Appends text to a word, merging with the previous part of the same kind.
fn push_lit(parts: &mut Vec<Part>, c: char, quoted: bool) {
    match (parts.last_mut(), quoted) {
        (Some(Part::Lit(s)), false) | (Some(Part::Quoted(s)), true) => s.push(c),
        _ => parts.push(if quoted {
            Part::Quoted(c.to_string())
        } else {
            Part::Lit(c.to_string())
        }),
    }
}

impl Lexer {
    pub(super) fn new(text: &str, in_backquote: bool, depth: usize) -> Lexer {
        Lexer {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            depth,
            in_backquote,
            heredoc_skip: None,
            heredoc_lines: 0,
            heredoc_open: false,
        }
    }

    pub(super) fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            line: self.line,
            message: format!("syntax error: {message}"),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            if let Some((newline, resume)) = self.heredoc_skip
                && newline + 1 == self.pos
            {
                self.pos = resume;
                self.line += self.heredoc_lines;
                self.heredoc_skip = None;
                self.heredoc_lines = 0;
            }
        }
        Some(c)
    }

    /// Skips backslash-newline pairs (ash's `pgetc_eatbnl`), then peeks.
    fn peek_eatbnl(&mut self) -> Option<char> {
        while self.peek() == Some('\\') && self.peek_at(1) == Some('\n') {
            self.pos += 2;
            self.line += 1;
        }
        self.peek()
    }

    pub(super) fn enter(&mut self) -> LexResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(SyntaxError {
                line: self.line,
                message: format!(
                    "syntax error: nested more than {MAX_NESTING} levels deep (a podscope limit)"
                ),
            });
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Reads the next token (shell/ash.c `xxreadtoken`).
    pub(super) fn next_token(&mut self) -> LexResult<Tok> {
        loop {
            let Some(c) = self.peek_eatbnl() else {
                return Ok(Tok::Eof);
            };
            match c {
                ' ' | '\t' => {
                    self.pos += 1;
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                '\n' => {
                    self.bump();
                    return Ok(Tok::Newline);
                }
                '`' if self.in_backquote => {
                    self.pos += 1;
                    return Ok(Tok::EndBackquote);
                }
                '&' | '|' | ';' => {
                    self.pos += 1;
                    let next = self.peek_eatbnl();
                    if next == Some(c) {
                        self.pos += 1;
                        return Ok(match c {
                            '&' => Tok::AndIf,
                            '|' => Tok::OrIf,
                            _ => Tok::DSemi,
                        });
                    }
                    if c == '&' && next == Some('>') {
                        self.pos += 1;
                        return Ok(Tok::Redir {
                            fd: None,
                            kind: RedirOp::OutErr,
                        });
                    }
                    return Ok(match c {
                        '&' => Tok::Amp,
                        '|' => Tok::Pipe,
                        _ => Tok::Semi,
                    });
                }
                '(' => {
                    self.pos += 1;
                    return Ok(Tok::LParen);
                }
                ')' => {
                    self.pos += 1;
                    return Ok(Tok::RParen);
                }
                '<' | '>' => return self.read_redir(None),
                _ => return self.read_word(),
            }
        }
    }

    /// Reads a redirection operator at `<` or `>` (shell/ash.c `parseredir`).
    fn read_redir(&mut self, fd: Option<u32>) -> LexResult<Tok> {
        let first = self.bump();
        let next = self.peek_eatbnl();
        let kind = if first == Some('>') {
            match next {
                Some('>') => RedirOp::Plain(RedirKind::Append),
                Some('|') => RedirOp::Plain(RedirKind::Out),
                Some('&') => RedirOp::Plain(RedirKind::DupOut),
                _ => {
                    return Ok(Tok::Redir {
                        fd,
                        kind: RedirOp::Plain(RedirKind::Out),
                    });
                }
            }
        } else {
            match next {
                Some('<') => {
                    self.pos += 1;
                    if self.peek_eatbnl() == Some('-') {
                        self.pos += 1;
                        return Ok(Tok::Redir {
                            fd,
                            kind: RedirOp::HereDocStrip,
                        });
                    }
                    return Ok(Tok::Redir {
                        fd,
                        kind: RedirOp::Plain(RedirKind::HereDoc),
                    });
                }
                Some('&') => RedirOp::Plain(RedirKind::DupIn),
                Some('>') => RedirOp::Plain(RedirKind::ReadWrite),
                _ => {
                    return Ok(Tok::Redir {
                        fd,
                        kind: RedirOp::Plain(RedirKind::In),
                    });
                }
            }
        };
        self.pos += 1;
        Ok(Tok::Redir { fd, kind })
    }

    /// Reads an unquoted-context word (shell/ash.c `readtoken1` in `BASESYNTAX`).
    fn read_word(&mut self) -> LexResult<Tok> {
        let mut parts: Vec<Part> = Vec::new();
        let mut all_digits = true;
        let mut len = 0usize;
        while let Some(c) = self.peek_eatbnl() {
            if is_meta(c) {
                // `2>file`: a word of digits right before `<`/`>` is the fd number.
                if (c == '<' || c == '>')
                    && all_digits
                    && len > 0
                    && len <= 9
                    && let [Part::Lit(digits)] = parts.as_slice()
                {
                    let fd = digits.parse::<u32>().ok();
                    if fd.is_some() {
                        return self.read_redir(fd);
                    }
                }
                break;
            }
            if c == '`' && self.in_backquote {
                break;
            }
            len += 1;
            if !c.is_ascii_digit() {
                all_digits = false;
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.bump() {
                        Some(e) => push_lit(&mut parts, e, true),
                        None => push_lit(&mut parts, '\\', false),
                    }
                    all_digits = false;
                }
                '\'' => {
                    self.pos += 1;
                    let mut s = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(ch) => s.push(ch),
                            None => return Err(self.error("unterminated quoted string")),
                        }
                    }
                    parts.push(Part::Quoted(s));
                }
                '"' => {
                    self.pos += 1;
                    self.read_dquoted(&mut parts, Some('"'))?;
                    if parts.is_empty() || !matches!(parts.last(), Some(Part::Quoted(_))) {
                        // Keep `""` visible as a (possibly empty) quoted argument.
                        parts.push(Part::Quoted(String::new()));
                    }
                }
                '$' => {
                    self.pos += 1;
                    self.read_dollar(&mut parts, false)?;
                }
                '`' => {
                    self.pos += 1;
                    let script = self.read_backquote()?;
                    parts.push(Part::CmdSub {
                        script,
                        quoted: false,
                    });
                }
                _ => {
                    self.pos += 1;
                    push_lit(&mut parts, c, false);
                }
            }
        }
        Ok(Tok::Word(Word { parts }))
    }

    /// Reads double-quoted text up to `end` (`"`), or to the end of input for a
    /// here-document body (`end` = `None`).
    fn read_dquoted(&mut self, parts: &mut Vec<Part>, end: Option<char>) -> LexResult<()> {
        loop {
            let Some(c) = self.peek_eatbnl() else {
                if end.is_some() {
                    return Err(self.error("unterminated quoted string"));
                }
                return Ok(());
            };
            if Some(c) == end {
                self.pos += 1;
                return Ok(());
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.bump() {
                        Some(e @ ('$' | '`' | '\\')) => push_lit(parts, e, true),
                        Some('"') if end.is_some() => push_lit(parts, '"', true),
                        Some(e) => {
                            push_lit(parts, '\\', true);
                            push_lit(parts, e, true);
                        }
                        None => push_lit(parts, '\\', true),
                    }
                }
                '$' => {
                    self.pos += 1;
                    self.read_dollar(parts, true)?;
                }
                '`' => {
                    self.pos += 1;
                    let script = self.read_backquote()?;
                    parts.push(Part::CmdSub {
                        script,
                        quoted: true,
                    });
                }
                _ => {
                    self.bump();
                    push_lit(parts, c, true);
                }
            }
        }
    }

    /// Reads what follows a `$` (shell/ash.c `parsesub`); a `$` not followed by a
    /// parameter is literal.
    fn read_dollar(&mut self, parts: &mut Vec<Part>, quoted: bool) -> LexResult<()> {
        let Some(c) = self.peek_eatbnl() else {
            push_lit(parts, '$', quoted);
            return Ok(());
        };
        let special = |c: char| -> Option<Param> {
            Some(match c {
                '?' => Param::Status,
                '$' => Param::Pid,
                '!' => Param::LastBackground,
                '#' => Param::Count,
                '@' => Param::At,
                '*' => Param::Star,
                '-' => Param::Flags,
                d if d.is_ascii_digit() => Param::Positional(d as usize - '0' as usize),
                _ => return None,
            })
        };
        if c == '(' {
            self.pos += 1;
            if self.peek() == Some('(') {
                self.pos += 1;
                let expr = self.read_arith()?;
                parts.push(Part::Arith { expr, quoted });
                return Ok(());
            }
            let script = self.read_cmdsub()?;
            parts.push(Part::CmdSub { script, quoted });
            return Ok(());
        }
        if c == '{' {
            self.pos += 1;
            return self.read_braced(parts, quoted);
        }
        if is_name_start(c) {
            let mut name = String::new();
            while let Some(ch) = self.peek_eatbnl() {
                if !is_name_char(ch) {
                    break;
                }
                name.push(ch);
                self.pos += 1;
            }
            parts.push(Part::Param {
                param: Param::Named(name),
                op: ParamOp::Plain,
                quoted,
            });
            return Ok(());
        }
        if let Some(param) = special(c) {
            self.pos += 1;
            parts.push(Part::Param {
                param,
                op: ParamOp::Plain,
                quoted,
            });
            return Ok(());
        }
        push_lit(parts, '$', quoted);
        Ok(())
    }

    /// `${…}` after the brace.
    fn read_braced(&mut self, parts: &mut Vec<Part>, quoted: bool) -> LexResult<()> {
        self.enter()?;
        let mut length = false;
        if self.peek() == Some('#') && !matches!(self.peek_at(1), Some('}') | None) {
            length = true;
            self.pos += 1;
        }
        let param = match self.peek() {
            Some(c) if is_name_start(c) => {
                let mut name = String::new();
                while let Some(ch) = self.peek() {
                    if !is_name_char(ch) {
                        break;
                    }
                    name.push(ch);
                    self.pos += 1;
                }
                Param::Named(name)
            }
            Some(c) if c.is_ascii_digit() => {
                let mut n: usize = 0;
                while let Some(ch) = self.peek() {
                    let Some(d) = ch.to_digit(10) else { break };
                    n = n.saturating_mul(10).saturating_add(d as usize);
                    self.pos += 1;
                }
                Param::Positional(n)
            }
            Some(c) => {
                self.pos += 1;
                match c {
                    '?' => Param::Status,
                    '$' => Param::Pid,
                    '!' => Param::LastBackground,
                    '#' => Param::Count,
                    '@' => Param::At,
                    '*' => Param::Star,
                    '-' => Param::Flags,
                    _ => return Err(self.error("bad substitution")),
                }
            }
            None => return Err(self.error("missing '}'")),
        };
        let op = if length {
            if self.peek() != Some('}') {
                return Err(self.error("bad substitution"));
            }
            ParamOp::Length
        } else {
            let colon = self.peek() == Some(':');
            if colon {
                self.pos += 1;
            }
            match self.peek() {
                Some('}') if !colon => ParamOp::Plain,
                Some(c @ ('-' | '=' | '+' | '?')) => {
                    self.pos += 1;
                    let word = self.read_brace_word()?;
                    match c {
                        '-' => ParamOp::Default { colon, word },
                        '=' => ParamOp::Assign { colon, word },
                        '+' => ParamOp::Alternate { colon, word },
                        _ => ParamOp::Error { colon, word },
                    }
                }
                Some(c @ ('%' | '#')) if !colon => {
                    self.pos += 1;
                    let longest = self.peek() == Some(c);
                    if longest {
                        self.pos += 1;
                    }
                    let pattern = self.read_brace_word()?;
                    ParamOp::Trim {
                        suffix: c == '%',
                        longest,
                        pattern,
                    }
                }
                None => return Err(self.error("missing '}'")),
                Some(_) => return Err(self.error("bad substitution")),
            }
        };
        match self.bump() {
            Some('}') => {}
            None => return Err(self.error("missing '}'")),
            Some(_) => return Err(self.error("bad substitution")),
        }
        self.leave();
        parts.push(Part::Param { param, op, quoted });
        Ok(())
    }

    /// The word inside `${x:-word}` up to (not including) the closing brace.
    fn read_brace_word(&mut self) -> LexResult<Word> {
        let mut parts = Vec::new();
        loop {
            let Some(c) = self.peek_eatbnl() else {
                return Err(self.error("missing '}'"));
            };
            match c {
                '}' => return Ok(Word { parts }),
                '\\' => {
                    self.pos += 1;
                    match self.bump() {
                        Some(e) => push_lit(&mut parts, e, true),
                        None => return Err(self.error("missing '}'")),
                    }
                }
                '\'' => {
                    self.pos += 1;
                    let mut s = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(ch) => s.push(ch),
                            None => return Err(self.error("unterminated quoted string")),
                        }
                    }
                    parts.push(Part::Quoted(s));
                }
                '"' => {
                    self.pos += 1;
                    self.read_dquoted(&mut parts, Some('"'))?;
                }
                '$' => {
                    self.pos += 1;
                    self.read_dollar(&mut parts, false)?;
                }
                '`' => {
                    self.pos += 1;
                    let script = self.read_backquote()?;
                    parts.push(Part::CmdSub {
                        script,
                        quoted: false,
                    });
                }
                _ => {
                    self.bump();
                    push_lit(&mut parts, c, false);
                }
            }
        }
    }

    /// `$((…))` after the two parentheses: the expression up to the matching `))`.
    fn read_arith(&mut self) -> LexResult<Word> {
        self.enter()?;
        let mut parts = Vec::new();
        let mut open = 0usize;
        loop {
            let Some(c) = self.peek_eatbnl() else {
                return Err(self.error("missing '))'"));
            };
            match c {
                '(' => {
                    open += 1;
                    self.pos += 1;
                    push_lit(&mut parts, c, false);
                }
                ')' if open > 0 => {
                    open -= 1;
                    self.pos += 1;
                    push_lit(&mut parts, c, false);
                }
                ')' => {
                    self.pos += 1;
                    if self.peek() == Some(')') {
                        self.pos += 1;
                        self.leave();
                        return Ok(Word { parts });
                    }
                    return Err(self.error("missing '))'"));
                }
                '$' => {
                    self.pos += 1;
                    self.read_dollar(&mut parts, false)?;
                }
                '\\' => {
                    self.pos += 1;
                    if let Some(e) = self.bump() {
                        push_lit(&mut parts, e, true);
                    }
                }
                _ => {
                    self.bump();
                    push_lit(&mut parts, c, false);
                }
            }
        }
    }

    /// `$(…)` after the parenthesis: parses the inner script on this same stream
    /// (shell/ash.c `parsebackq` for the new style), which must end with `)`.
    fn read_cmdsub(&mut self) -> LexResult<Arc<Script>> {
        self.enter()?;
        let saved_bq = std::mem::replace(&mut self.in_backquote, false);
        let result = super::parse::parse_substitution(self, Tok::RParen);
        self.in_backquote = saved_bq;
        self.leave();
        Ok(Arc::new(result?))
    }

    /// `` `…` `` after the opening backquote: collects the text (undoing the `\$`, `` \` ``,
    /// `\\` escapes) and parses it as a script of its own.
    fn read_backquote(&mut self) -> LexResult<Arc<Script>> {
        if self.in_backquote {
            // A nested backquote would need escaping; ash ends the outer one here.
            return Err(self.error("EOF in backquote substitution"));
        }
        self.enter()?;
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("EOF in backquote substitution")),
                Some('`') => break,
                Some('\\') => match self.bump() {
                    Some(e @ ('$' | '`' | '\\')) => text.push(e),
                    Some('\n') => {}
                    Some(e) => {
                        text.push('\\');
                        text.push(e);
                    }
                    None => return Err(self.error("EOF in backquote substitution")),
                },
                Some(c) => text.push(c),
            }
        }
        let mut inner = Lexer::new(&text, false, self.depth);
        inner.line = self.line;
        let result = super::parse::parse_substitution(&mut inner, Tok::Eof);
        self.leave();
        Ok(Arc::new(result?))
    }

    /// Reads a here-document's body for the redirection just parsed. ash reads bodies at the
    /// next newline (shell/ash.c `parseheredoc`); podscope reads ahead to that newline now and
    /// skips the body when the tokenizer gets there, which gives the same words.
    pub(super) fn read_heredoc(&mut self, delimiter: &Word, strip_tabs: bool) -> LexResult<Word> {
        let mut text = String::new();
        for part in &delimiter.parts {
            match part {
                Part::Lit(s) | Part::Quoted(s) => text.push_str(s),
                Part::Param { .. } | Part::CmdSub { .. } | Part::Arith { .. } => text.push('$'),
            }
        }
        let quoted = delimiter.has_quotes();
        let (newline, mut at) = match self.heredoc_skip {
            Some(skip) => skip,
            None => {
                let Some(offset) = self
                    .chars
                    .get(self.pos..)
                    .and_then(|rest| rest.iter().position(|&c| c == '\n'))
                else {
                    // No newline: the body is empty, as in ash at end of input.
                    self.heredoc_open = true;
                    return Ok(Word {
                        parts: vec![Part::Quoted(String::new())],
                    });
                };
                let nl = self.pos + offset;
                (nl, nl + 1)
            }
        };
        let mut body = String::new();
        let mut lines = 0u32;
        let mut ended = false;
        while at < self.chars.len() {
            let mut line = String::new();
            while let Some(&c) = self.chars.get(at) {
                at += 1;
                if c == '\n' {
                    lines += 1;
                    break;
                }
                line.push(c);
            }
            let line = if strip_tabs {
                line.trim_start_matches('\t').to_string()
            } else {
                line
            };
            if line == text {
                ended = true;
                break;
            }
            body.push_str(&line);
            body.push('\n');
        }
        self.heredoc_open |= !ended;
        self.heredoc_skip = Some((newline, at));
        self.heredoc_lines += lines;
        if quoted {
            return Ok(Word {
                parts: vec![Part::Quoted(body)],
            });
        }
        let mut inner = Lexer::new(&body, false, self.depth);
        let mut parts = Vec::new();
        inner.read_dquoted(&mut parts, None)?;
        if parts.is_empty() {
            parts.push(Part::Quoted(String::new()));
        }
        Ok(Word { parts })
    }
}
