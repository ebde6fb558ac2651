//! The shell's syntax tree: words and their parts, simple commands, redirections, and the
//! compound commands of the supported POSIX subset. Children are shared (`Arc`) so that the
//! resumable interpreter can hold on to them across yields without copying.

use std::sync::Arc;

/// A parsed script: the top-level commands ash would run one by one, and the syntax error (if
/// any) that stops it after them. ash parses and runs a script one top-level line at a time
/// (shell/ash.c `evalstring`: `parsecmd` then `evaltree` in a loop), so lines before an error
/// still run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    pub commands: Vec<Arc<Node>>,
    pub error: Option<SyntaxError>,
}

/// A syntax error with ash's text (without the `sh: ` prefix) and the 1-based line it was
/// found on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: u32,
    pub message: String,
}

impl SyntaxError {
    /// The line ash prints on stderr for a `sh -c` script with no `$0` argument:
    /// `sh: syntax error: unexpected "done"`. With a `$0` argument ash also sets `commandname`
    /// and prints `NAME: line N: syntax error: …` (shell/ash.c `ash_vmsg`, `procargs`).
    pub fn render(&self, arg0: &str, named: bool) -> String {
        if named {
            format!("{arg0}: line {}: {}", self.line, self.message)
        } else {
            format!("{arg0}: {}", self.message)
        }
    }
}

/// One word of the command line before expansion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word's text when it is one unquoted literal (how keywords and assignments are
    /// recognised: a quoted `"done"` is not the keyword).
    pub fn as_plain(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// Whether any part was quoted (a quoted empty word still makes an argument).
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|p| {
            matches!(p, Part::Quoted(_))
                || matches!(p, Part::Param { quoted: true, .. })
                || matches!(p, Part::CmdSub { quoted: true, .. })
                || matches!(p, Part::Arith { quoted: true, .. })
        })
    }
}

/// A piece of a word.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Unquoted literal text (subject to nothing: there is no globbing).
    Lit(String),
    /// Text from single quotes, double quotes or a backslash escape: never split.
    Quoted(String),
    /// `$name`, `${name}`, `${name:-word}` …; `quoted` when inside double quotes.
    Param {
        param: Param,
        op: ParamOp,
        quoted: bool,
    },
    /// `$(…)` or `` `…` ``.
    CmdSub { script: Arc<Script>, quoted: bool },
    /// `$((…))`: the expression text, expanded then evaluated at run time.
    Arith { expr: Word, quoted: bool },
}

/// Which parameter a `$` refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    Named(String),
    /// `$0`…`$9`, `${10}`.
    Positional(usize),
    /// `$?`
    Status,
    /// `$$`
    Pid,
    /// `$!`
    LastBackground,
    /// `$#`
    Count,
    /// `$@`
    At,
    /// `$*`
    Star,
    /// `$-`
    Flags,
}

/// The operator inside `${…}`.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamOp {
    /// `$x`, `${x}`
    Plain,
    /// `${#x}`
    Length,
    /// `${x-w}` / `${x:-w}` (`colon`: also when set but empty)
    Default { colon: bool, word: Word },
    /// `${x=w}` / `${x:=w}`
    Assign { colon: bool, word: Word },
    /// `${x+w}` / `${x:+w}`
    Alternate { colon: bool, word: Word },
    /// `${x?w}` / `${x:?w}`
    Error { colon: bool, word: Word },
    /// `${x%pat}`, `${x%%pat}` (`suffix`), `${x#pat}`, `${x##pat}` (`longest` for the doubled
    /// operator).
    Trim {
        suffix: bool,
        longest: bool,
        pattern: Word,
    },
}

/// A redirection on a command.
#[derive(Clone, Debug, PartialEq)]
pub struct Redir {
    pub fd: u32,
    pub kind: RedirKind,
    pub target: Word,
}

/// The redirection operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirKind {
    /// `>` (and `>|`)
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `<>`: opened read-write; podscope treats it as `<`.
    ReadWrite,
    /// `>&N`, `>&-`
    DupOut,
    /// `<&N`, `<&-`
    DupIn,
    /// `&>file` and `>&file` (a non-numeric target): stdout and stderr to the file (ash with
    /// `ASH_BASH_COMPAT`, on by default: shell/ash.c `NTO2`).
    OutErr,
    /// `<<` / `<<-`: the target word is the document's body (already read).
    HereDoc,
}

/// A simple command: assignments, words and redirections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    pub line: u32,
}

/// One entry of a list, run in the foreground or (`&`) in the background.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub node: Arc<Node>,
    pub background: bool,
}

/// A command tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Simple(Simple),
    /// `a | b | c`, optionally negated with `!`.
    Pipeline {
        negate: bool,
        stages: Vec<Arc<Node>>,
    },
    /// `a && b || c`: kept flat (left-associative, evaluated in order) so that a chain of
    /// thousands of operators is not a tree thousands deep.
    AndOr {
        first: Arc<Node>,
        rest: Vec<(AndOrOp, Arc<Node>)>,
    },
    /// `a; b & c`
    List(Vec<Item>),
    /// `( … )`
    Subshell(Arc<Node>),
    /// `{ …; }`
    Group(Arc<Node>),
    If {
        cond: Arc<Node>,
        then: Arc<Node>,
        otherwise: Option<Arc<Node>>,
    },
    /// `while` (or `until` when `until`) … `do` … `done`
    Loop {
        until: bool,
        cond: Arc<Node>,
        body: Arc<Node>,
    },
    For {
        var: String,
        /// `None`: no `in` list, iterate over `"$@"`.
        words: Option<Vec<Word>>,
        body: Arc<Node>,
    },
    Case {
        word: Word,
        arms: Vec<CaseArm>,
    },
    /// `name() body`: defines a shell function.
    FuncDef {
        name: String,
        body: Arc<Node>,
    },
    /// A compound command with redirections after it: `{ …; } > f`, `while …; done < f`.
    Redirected {
        node: Arc<Node>,
        redirs: Vec<Redir>,
    },
    /// An empty list (`{ :; }` bodies cannot be empty in ash, but `sh -c ''` is).
    Empty,
}

/// `&&` or `||`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrOp {
    And,
    Or,
}

/// One `pattern) body ;;` arm of a `case`.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: Arc<Node>,
}
