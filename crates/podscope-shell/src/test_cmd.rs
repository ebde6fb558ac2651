//! The `test` / `[` builtin (busybox coreutils/test.c): string, integer and file tests with
//! `!`, `-a`, `-o` and parentheses. File tests ask the host.

use super::host::{FileKind, Host};

/// The result: status 0 true, 1 false, 2 error (with busybox's message).
/// `close` is the closing word `[` (`]`) and `[[` (`]]`, busybox's TEST2 with ash's bash
/// compatibility: the same test, not bash's keyword) need.
pub fn test(close: Option<&str>, args: &[String], host: &mut dyn Host, cwd: &str) -> (i32, String) {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let Some(close) = close {
        // coreutils/test.c `test_main`: "missing ]" / "missing ]]".
        if args.last() != Some(&close) {
            return (2, format!("sh: missing {close}\n"));
        }
        args.pop();
    }
    let mut t = T {
        args: &args,
        i: 0,
        host,
        cwd,
        depth: 0,
    };
    if args.is_empty() {
        return (1, String::new());
    }
    match t.oexpr() {
        Ok(v) if t.i == args.len() => (i32::from(!v), String::new()),
        Ok(_) => {
            let extra = args.get(t.i).copied().unwrap_or_default();
            (2, format!("sh: {extra}: unknown operand\n"))
        }
        Err(msg) => (2, format!("sh: {msg}\n")),
    }
}

struct T<'a> {
    args: &'a [&'a str],
    i: usize,
    host: &'a mut dyn Host,
    cwd: &'a str,
    depth: usize,
}

fn is_unary(op: &str) -> bool {
    matches!(
        op,
        "-n" | "-z"
            | "-e"
            | "-f"
            | "-d"
            | "-s"
            | "-r"
            | "-w"
            | "-x"
            | "-h"
            | "-L"
            | "-b"
            | "-c"
            | "-p"
            | "-S"
            | "-t"
            | "-g"
            | "-u"
            | "-k"
            | "-O"
            | "-G"
    )
}

fn is_binary(op: &str) -> bool {
    matches!(
        op,
        "=" | "=="
            | "!="
            | "<"
            | ">"
            | "-eq"
            | "-ne"
            | "-lt"
            | "-le"
            | "-gt"
            | "-ge"
            | "-nt"
            | "-ot"
            | "-ef"
    )
}

/// coreutils/test.c `getn`: "bad number" (and "out of range").
fn number(s: &str) -> Result<i64, String> {
    // strtoll skips leading blanks; getn then allows trailing ones.
    let t = s.trim();
    t.parse::<i64>().map_err(|e| {
        if matches!(
            e.kind(),
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
        ) {
            format!("{s}: out of range")
        } else {
            format!("{s}: bad number")
        }
    })
}

impl<'a> T<'a> {
    fn peek(&self, n: usize) -> Option<&'a str> {
        self.args.get(self.i + n).copied()
    }

    fn oexpr(&mut self) -> Result<bool, String> {
        let mut v = self.aexpr()?;
        while self.peek(0) == Some("-o") && self.peek(1).is_some() {
            self.i += 1;
            let r = self.aexpr()?;
            v = v || r;
        }
        Ok(v)
    }

    fn aexpr(&mut self) -> Result<bool, String> {
        let mut v = self.nexpr()?;
        while self.peek(0) == Some("-a") && self.peek(1).is_some() {
            self.i += 1;
            let r = self.nexpr()?;
            v = v && r;
        }
        Ok(v)
    }

    fn nexpr(&mut self) -> Result<bool, String> {
        self.depth += 1;
        if self.depth > super::lex::MAX_NESTING {
            return Err("expression too deep".into());
        }
        let v = if self.peek(0) == Some("!") && self.peek(1).is_some() {
            self.i += 1;
            !self.nexpr()?
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(v)
    }

    fn primary(&mut self) -> Result<bool, String> {
        let Some(a) = self.peek(0) else {
            return Err("argument expected".into());
        };
        // A binary operator in second place wins (`[ -n = -n ]`).
        if let (Some(op), Some(b)) = (self.peek(1), self.peek(2))
            && is_binary(op)
        {
            self.i += 3;
            return self.binary(a, op, b);
        }
        if a == "(" && self.peek(1).is_some() {
            self.i += 1;
            let v = self.oexpr()?;
            if self.peek(0) != Some(")") {
                return Err("closing paren expected".into());
            }
            self.i += 1;
            return Ok(v);
        }
        if is_unary(a)
            && let Some(b) = self.peek(1)
        {
            self.i += 2;
            return Ok(self.unary(a, b));
        }
        self.i += 1;
        Ok(!a.is_empty())
    }

    fn unary(&mut self, op: &str, arg: &str) -> bool {
        match op {
            "-n" => !arg.is_empty(),
            "-z" => arg.is_empty(),
            "-t" => false,
            _ => {
                let path = super::interp::resolve_path(self.cwd, arg);
                let kind = if arg.is_empty() {
                    None
                } else {
                    self.host.stat(&path)
                };
                match op {
                    "-f" => kind == Some(FileKind::File),
                    "-d" => kind == Some(FileKind::Dir),
                    "-e" | "-r" | "-w" | "-s" | "-x" => kind.is_some(),
                    _ => false,
                }
            }
        }
    }

    fn binary(&mut self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-nt" | "-ot" | "-ef" => false,
            _ => {
                let (x, y) = (number(a)?, number(b)?);
                match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                }
            }
        })
    }
}
