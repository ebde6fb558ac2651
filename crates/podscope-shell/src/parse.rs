//! The shell's grammar: builds the syntax tree from tokens the way ash's recursive-descent
//! parser does (shell/ash.c `list`, `andor`, `pipeline`, `parse_command`, `simplecmd`),
//! including when reserved words are recognised, so that errors name the same token.

use std::sync::Arc;

use super::ast::{
    AndOrOp, CaseArm, Item, Node, Part, Redir, RedirKind, Script, Simple, SyntaxError, Word,
};
use super::lex::{Kw, Lexer, MAX_SCRIPT_BYTES, RedirOp, Tok};

/// `checkkwd` flags (shell/ash.c `CHKNL`, `CHKKWD`).
const CHKNL: u8 = 1;
const CHKKWD: u8 = 2;

type R<T> = Result<T, SyntaxError>;

/// Parses a whole script. Top-level lines that parse before a syntax error are kept (ash runs
/// them before it reports the error).
pub fn parse(text: &str) -> Script {
    if text.len() > MAX_SCRIPT_BYTES {
        return Script {
            commands: Vec::new(),
            error: Some(SyntaxError {
                line: 1,
                message: format!(
                    "script is {} bytes; podscope reads at most {MAX_SCRIPT_BYTES}",
                    text.len()
                ),
            }),
        };
    }
    let mut lexer = Lexer::new(text, false, 0);
    let mut parser = Parser::new(&mut lexer);
    let mut commands = Vec::new();
    loop {
        match parser.list(1) {
            Ok((node, eof)) => {
                if let Some(node) = node {
                    commands.push(Arc::new(node));
                }
                if eof {
                    return Script {
                        commands,
                        error: None,
                    };
                }
            }
            Err(error) => {
                return Script {
                    commands,
                    error: Some(error),
                };
            }
        }
    }
}

/// Whether an interactive shell would read another line before running `text`: a
/// here-document whose delimiter line has not come, a quoted string not closed, or a
/// command cut short by the end of the input (`if` without `fi`). ash then prints PS2
/// (`> `) and appends the next line (shell/ash.c `parseheredoc` and `readtoken` reading
/// through `pgetc`, which prompts with PS2 for each continuation line).
pub fn needs_more_input(text: &str) -> bool {
    if text.len() > MAX_SCRIPT_BYTES {
        return false;
    }
    let mut lexer = Lexer::new(text, false, 0);
    let error = {
        let mut parser = Parser::new(&mut lexer);
        loop {
            match parser.list(1) {
                Ok((_, true)) => break None,
                Ok((_, false)) => {}
                Err(e) => break Some(e),
            }
        }
    };
    lexer.heredoc_open
        || error.is_some_and(|e| {
            e.message.contains("unexpected end of file")
                || e.message.ends_with("unterminated quoted string")
        })
}

/// Parses the script of a `$(…)` (ending at `end` = `)`) or of a backquoted text (ending
/// at the end of that text), as shell/ash.c `parsebackq` does with `list(2)`.
pub(super) fn parse_substitution(lexer: &mut Lexer, end: Tok) -> R<Script> {
    let mut parser = Parser::new(lexer);
    let (node, _) = parser.list(2)?;
    let tok = parser.readtoken()?;
    if tok != end {
        return Err(parser.unexpected(Some(&end)));
    }
    Ok(Script {
        commands: node.map(Arc::new).into_iter().collect(),
        error: None,
    })
}

struct Parser<'a> {
    lx: &'a mut Lexer,
    pushback: bool,
    last: Tok,
    checkkwd: u8,
}

/// Tokens that end a nested list (shell/ash.c `tokendlist`).
fn ends_list(tok: &Tok) -> bool {
    matches!(
        tok,
        Tok::Eof
            | Tok::RParen
            | Tok::DSemi
            | Tok::EndBackquote
            | Tok::Kw(
                Kw::Do | Kw::Done | Kw::Elif | Kw::Else | Kw::Esac | Kw::Fi | Kw::Then | Kw::End
            )
    )
}

/// `name=value` with a valid name before the `=` (shell/ash.c `isassignment`).
fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = word.parts.first() else {
        return None;
    };
    let eq = first.find('=')?;
    let name = first.get(..eq)?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    let rest = first.get(eq + 1..).unwrap_or_default();
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(word.parts.iter().skip(1).cloned());
    Some((name.to_string(), Word { parts }))
}

/// A valid variable name (shell/ash.c `goodname`).
pub(super) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn list_node(mut items: Vec<Item>) -> Option<Node> {
    if items.len() == 1 && !items.iter().any(|i| i.background) {
        return items.pop().map(|i| Arc::unwrap_or_clone(i.node));
    }
    if items.is_empty() {
        None
    } else {
        Some(Node::List(items))
    }
}

fn or_empty(node: Option<Node>) -> Arc<Node> {
    Arc::new(node.unwrap_or(Node::Empty))
}

impl<'a> Parser<'a> {
    fn new(lx: &'a mut Lexer) -> Parser<'a> {
        Parser {
            lx,
            pushback: false,
            last: Tok::Eof,
            checkkwd: 0,
        }
    }

    /// shell/ash.c `readtoken`: newlines eaten under `CHKNL`, reserved words recognised
    /// under `CHKKWD` (only unquoted words).
    fn readtoken(&mut self) -> R<Tok> {
        let mut kwd = self.checkkwd;
        let mut t = self.xxreadtoken()?;
        if kwd & CHKNL != 0 {
            while t == Tok::Newline {
                self.checkkwd = 0;
                t = self.xxreadtoken()?;
            }
        }
        kwd |= self.checkkwd;
        self.checkkwd = 0;
        if kwd & CHKKWD != 0
            && let Tok::Word(w) = &t
            && let Some(k) = w.as_plain().and_then(Kw::from_word)
        {
            t = Tok::Kw(k);
        }
        self.last = t.clone();
        Ok(t)
    }

    fn xxreadtoken(&mut self) -> R<Tok> {
        if self.pushback {
            self.pushback = false;
            return Ok(self.last.clone());
        }
        let t = self.lx.next_token()?;
        self.last = t.clone();
        Ok(t)
    }

    /// shell/ash.c `raise_error_unexpected_syntax`.
    fn unexpected(&self, expecting: Option<&Tok>) -> SyntaxError {
        let mut msg = format!("unexpected {}", self.last.name());
        if let Some(t) = expecting {
            msg.push_str(&format!(" (expecting {})", t.name()));
        }
        self.lx.error(&msg)
    }

    /// shell/ash.c `list`: returns the list and whether the input ended.
    fn list(&mut self, nlflag: u8) -> R<(Option<Node>, bool)> {
        let chknl = if nlflag & 1 != 0 { 0 } else { CHKNL };
        let mut nlflag = nlflag;
        let mut items: Vec<Item> = Vec::new();
        loop {
            self.checkkwd = chknl | CHKKWD;
            let tok = self.readtoken()?;
            match tok {
                Tok::Newline => return Ok((list_node(items), false)),
                Tok::Eof => {
                    self.pushback = true;
                    return Ok((list_node(items), true));
                }
                _ => {}
            }
            self.pushback = true;
            if nlflag == 2 && ends_list(&tok) {
                return Ok((list_node(items), false));
            }
            nlflag |= 2;
            let node = self.andor()?;
            let tok = self.readtoken()?;
            items.push(Item {
                node: Arc::new(node),
                background: tok == Tok::Amp,
            });
            match tok {
                Tok::Eof => {
                    self.pushback = true;
                    return Ok((list_node(items), true));
                }
                Tok::Newline => self.pushback = true,
                Tok::Amp | Tok::Semi => {}
                _ => {
                    if chknl == 0 {
                        return Err(self.unexpected(None));
                    }
                    self.pushback = true;
                    return Ok((list_node(items), false));
                }
            }
        }
    }

    fn andor(&mut self) -> R<Node> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.readtoken()? {
                Tok::AndIf => AndOrOp::And,
                Tok::OrIf => AndOrOp::Or,
                _ => {
                    self.pushback = true;
                    break;
                }
            };
            self.checkkwd = CHKNL | CHKKWD;
            rest.push((op, Arc::new(self.pipeline()?)));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(Node::AndOr {
            first: Arc::new(first),
            rest,
        })
    }

    fn pipeline(&mut self) -> R<Node> {
        let negate = if self.readtoken()? == Tok::Kw(Kw::Not) {
            self.checkkwd = CHKKWD;
            true
        } else {
            self.pushback = true;
            false
        };
        let first = self.parse_command()?;
        let mut stages = vec![Arc::new(first)];
        while self.readtoken()? == Tok::Pipe {
            self.checkkwd = CHKNL | CHKKWD;
            stages.push(Arc::new(self.parse_command()?));
        }
        self.pushback = true;
        if stages.len() == 1 && !negate {
            return Ok(stages
                .pop()
                .map(Arc::unwrap_or_clone)
                .unwrap_or(Node::Empty));
        }
        Ok(Node::Pipeline { negate, stages })
    }

    /// A nested list that must be followed by `end`. It counts as a nesting level of its
    /// own: a compound command takes about twice the stack of a simple one.
    fn body(&mut self) -> R<Arc<Node>> {
        self.lx.enter()?;
        let list = self.list(0);
        self.lx.leave();
        Ok(or_empty(list?.0))
    }

    fn parse_command(&mut self) -> R<Node> {
        self.lx.enter()?;
        let node = self.parse_command_inner();
        self.lx.leave();
        node
    }

    fn parse_command_inner(&mut self) -> R<Node> {
        let tok = self.readtoken()?;
        let (node, end) = match tok {
            Tok::Kw(Kw::If) => (self.parse_if()?, Tok::Kw(Kw::Fi)),
            Tok::Kw(k @ (Kw::While | Kw::Until)) => {
                let cond = self.body()?;
                if self.readtoken()? != Tok::Kw(Kw::Do) {
                    return Err(self.unexpected(Some(&Tok::Kw(Kw::Do))));
                }
                let body = self.body()?;
                let node = Node::Loop {
                    until: k == Kw::Until,
                    cond,
                    body,
                };
                (node, Tok::Kw(Kw::Done))
            }
            Tok::Kw(Kw::For) => (self.parse_for()?, Tok::Kw(Kw::Done)),
            Tok::Kw(Kw::Case) => {
                let node = self.parse_case()?;
                return self.trailing_redirs(node);
            }
            Tok::LParen => (Node::Subshell(self.body()?), Tok::RParen),
            Tok::Kw(Kw::Begin) => (Node::Group(self.body()?), Tok::Kw(Kw::End)),
            Tok::Word(_) | Tok::Redir { .. } => {
                self.pushback = true;
                return self.simplecmd();
            }
            _ => return Err(self.unexpected(None)),
        };
        if self.readtoken()? != end {
            return Err(self.unexpected(Some(&end)));
        }
        self.trailing_redirs(node)
    }

    fn trailing_redirs(&mut self, node: Node) -> R<Node> {
        self.checkkwd = CHKKWD;
        let mut redirs = Vec::new();
        while let Tok::Redir { fd, kind } = self.readtoken()? {
            redirs.push(self.parse_redir(fd, kind)?);
        }
        self.pushback = true;
        if redirs.is_empty() {
            Ok(node)
        } else {
            Ok(Node::Redirected {
                node: Arc::new(node),
                redirs,
            })
        }
    }

    fn parse_if(&mut self) -> R<Node> {
        let cond = self.body()?;
        if self.readtoken()? != Tok::Kw(Kw::Then) {
            return Err(self.unexpected(Some(&Tok::Kw(Kw::Then))));
        }
        let then = self.body()?;
        // `elif` chains: collect them, then nest from the innermost outwards.
        // Each `elif` nests one `if` deeper in the tree, so each counts as a level.
        let mut elifs = Vec::new();
        let chain = self.elif_chain(&mut elifs);
        for _ in 0..elifs.len() {
            self.lx.leave();
        }
        chain?;
        let mut otherwise = if self.last == Tok::Kw(Kw::Else) {
            Some(self.body()?)
        } else {
            self.pushback = true;
            None
        };
        while let Some((c, t)) = elifs.pop() {
            otherwise = Some(Arc::new(Node::If {
                cond: c,
                then: t,
                otherwise,
            }));
        }
        Ok(Node::If {
            cond,
            then,
            otherwise,
        })
    }

    fn elif_chain(&mut self, elifs: &mut Vec<(Arc<Node>, Arc<Node>)>) -> R<()> {
        while self.readtoken()? == Tok::Kw(Kw::Elif) {
            self.lx.enter()?;
            let c = self.body()?;
            if self.readtoken()? != Tok::Kw(Kw::Then) {
                return Err(self.unexpected(Some(&Tok::Kw(Kw::Then))));
            }
            let t = self.body()?;
            elifs.push((c, t));
        }
        Ok(())
    }

    fn parse_for(&mut self) -> R<Node> {
        let var = match self.readtoken()? {
            Tok::Word(w) => match w.as_plain() {
                Some(name) if is_name(name) => name.to_string(),
                _ => return Err(self.lx.error("bad for loop variable")),
            },
            _ => return Err(self.lx.error("bad for loop variable")),
        };
        self.checkkwd = CHKNL | CHKKWD;
        let words = if self.readtoken()? == Tok::Kw(Kw::In) {
            let mut words = Vec::new();
            while let Tok::Word(w) = self.readtoken()? {
                words.push(w);
            }
            if self.last != Tok::Newline && self.last != Tok::Semi {
                return Err(self.unexpected(None));
            }
            Some(words)
        } else {
            if self.last != Tok::Semi {
                self.pushback = true;
            }
            None
        };
        self.checkkwd = CHKNL | CHKKWD;
        if self.readtoken()? != Tok::Kw(Kw::Do) {
            return Err(self.unexpected(Some(&Tok::Kw(Kw::Do))));
        }
        let body = self.body()?;
        Ok(Node::For { var, words, body })
    }

    fn parse_case(&mut self) -> R<Node> {
        let Tok::Word(word) = self.readtoken()? else {
            return Err(self.unexpected(Some(&Tok::Word(Word::default()))));
        };
        self.checkkwd = CHKNL | CHKKWD;
        if self.readtoken()? != Tok::Kw(Kw::In) {
            return Err(self.unexpected(Some(&Tok::Kw(Kw::In))));
        }
        let mut arms = Vec::new();
        self.checkkwd = CHKNL | CHKKWD;
        let mut t = self.readtoken()?;
        while t != Tok::Kw(Kw::Esac) {
            if t == Tok::LParen {
                t = self.readtoken()?;
            }
            let mut patterns = Vec::new();
            loop {
                match &t {
                    Tok::Word(w) => patterns.push(w.clone()),
                    Tok::Kw(k) => patterns.push(Word {
                        parts: vec![Part::Lit(k.text().to_string())],
                    }),
                    _ => return Err(self.unexpected(None)),
                }
                if self.readtoken()? != Tok::Pipe {
                    break;
                }
                t = self.readtoken()?;
            }
            if self.last != Tok::RParen {
                return Err(self.unexpected(Some(&Tok::RParen)));
            }
            self.lx.enter()?;
            let list = self.list(2);
            self.lx.leave();
            let body = or_empty(list?.0);
            arms.push(CaseArm { patterns, body });
            self.checkkwd = CHKNL | CHKKWD;
            t = self.readtoken()?;
            if t != Tok::Kw(Kw::Esac) {
                if t != Tok::DSemi {
                    return Err(self.unexpected(Some(&Tok::DSemi)));
                }
                self.checkkwd = CHKNL | CHKKWD;
                t = self.readtoken()?;
            }
        }
        Ok(Node::Case { word, arms })
    }

    /// shell/ash.c `parsefname`: the word after a redirection operator.
    fn parse_redir(&mut self, fd: Option<u32>, op: RedirOp) -> R<Redir> {
        let Tok::Word(target) = self.readtoken()? else {
            return Err(self.unexpected(None));
        };
        let (kind, default_fd) = match op {
            RedirOp::Plain(k @ (RedirKind::In | RedirKind::ReadWrite | RedirKind::DupIn)) => (k, 0),
            RedirOp::Plain(RedirKind::HereDoc) => (RedirKind::HereDoc, 0),
            RedirOp::Plain(k) => (k, 1),
            RedirOp::HereDocStrip => (RedirKind::HereDoc, 0),
            RedirOp::OutErr => (RedirKind::OutErr, 1),
        };
        let target = if kind == RedirKind::HereDoc {
            self.lx.read_heredoc(&target, op == RedirOp::HereDocStrip)?
        } else {
            target
        };
        Ok(Redir {
            fd: fd.unwrap_or(default_fd),
            kind,
            target,
        })
    }

    fn simplecmd(&mut self) -> R<Node> {
        let line = self.lx.line;
        let mut cmd = Simple {
            line,
            ..Simple::default()
        };
        let mut assign_position = true;
        loop {
            self.checkkwd = 0;
            match self.readtoken()? {
                Tok::Word(w) => {
                    if assign_position && let Some((name, value)) = split_assignment(&w) {
                        cmd.assigns.push((name, value));
                        continue;
                    }
                    assign_position = false;
                    cmd.words.push(w);
                }
                Tok::Redir { fd, kind } => {
                    let r = self.parse_redir(fd, kind)?;
                    cmd.redirs.push(r);
                }
                Tok::LParen
                    if cmd.words.len() == 1 && cmd.assigns.is_empty() && cmd.redirs.is_empty() =>
                {
                    if self.readtoken()? != Tok::RParen {
                        return Err(self.unexpected(Some(&Tok::RParen)));
                    }
                    let name = cmd.words.first().map(plain_text).unwrap_or_default();
                    self.checkkwd = CHKNL | CHKKWD;
                    self.lx.enter()?;
                    let body = self.parse_command();
                    self.lx.leave();
                    let body = Arc::new(body?);
                    return Ok(Node::FuncDef { name, body });
                }
                _ => {
                    self.pushback = true;
                    break;
                }
            }
        }
        Ok(Node::Simple(cmd))
    }
}

/// A word's text with quotes removed and no expansion (for function names).
fn plain_text(w: &Word) -> String {
    w.parts
        .iter()
        .map(|p| match p {
            Part::Lit(s) | Part::Quoted(s) => s.as_str(),
            _ => "",
        })
        .collect()
}
