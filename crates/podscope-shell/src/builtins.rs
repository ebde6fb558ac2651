//! The builtins ash has built in (shell/ash.c `builtintab`) that podscope simulates, and
//! their dispatch. `sleep` is not among them: busybox's `ASH_SLEEP` builtin is disabled in
//! the source (its config block is commented out), so `sleep` is an applet, a process of its
//! own that `ps` shows.

use super::expand::Var;
use super::format::{self, Output};
use super::host::{ChildPid, FileKind, Host, Lookup};
use super::interp::{Shell, Step, resolve_path};
use super::parse::is_name;
use super::signals;

/// The simulated builtins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Colon,
    True,
    False,
    Echo,
    Printf,
    Test,
    Bracket,
    /// `[[`: busybox's `test` as `[[ … ]]` (ash with ASH_BASH_COMPAT, test.c TEST2).
    DoubleBracket,
    Cd,
    Pwd,
    Export,
    Readonly,
    Unset,
    Set,
    Shift,
    Exit,
    Exec,
    Kill,
    Wait,
    Read,
    Eval,
    Dot,
    Break,
    Continue,
    Return,
    Trap,
    Local,
    Jobs,
    /// A real ash builtin podscope does not simulate (`jobs`, `umask`, `type`, …).
    Unsimulated,
}

impl Builtin {
    /// POSIX special builtins (`BUILTIN_SPEC_*` in ash): their errors end a
    /// non-interactive shell and their prefix assignments last.
    pub fn is_special(self) -> bool {
        matches!(
            self,
            Builtin::Colon
                | Builtin::Export
                | Builtin::Readonly
                | Builtin::Unset
                | Builtin::Set
                | Builtin::Shift
                | Builtin::Exit
                | Builtin::Exec
                | Builtin::Eval
                | Builtin::Dot
                | Builtin::Break
                | Builtin::Continue
                | Builtin::Return
                | Builtin::Trap
                | Builtin::Local
        )
    }
}

/// The builtin a command name refers to.
pub fn kind(name: &str) -> Option<Builtin> {
    Some(match name {
        ":" => Builtin::Colon,
        "true" => Builtin::True,
        "false" => Builtin::False,
        "echo" => Builtin::Echo,
        "printf" => Builtin::Printf,
        "test" => Builtin::Test,
        "[" => Builtin::Bracket,
        "[[" => Builtin::DoubleBracket,
        "cd" | "chdir" => Builtin::Cd,
        "pwd" => Builtin::Pwd,
        "export" => Builtin::Export,
        "readonly" => Builtin::Readonly,
        "unset" => Builtin::Unset,
        "set" => Builtin::Set,
        "shift" => Builtin::Shift,
        "exit" => Builtin::Exit,
        "exec" => Builtin::Exec,
        "kill" => Builtin::Kill,
        "wait" => Builtin::Wait,
        "read" => Builtin::Read,
        "eval" => Builtin::Eval,
        "." | "source" => Builtin::Dot,
        "break" => Builtin::Break,
        "continue" => Builtin::Continue,
        "return" => Builtin::Return,
        "trap" => Builtin::Trap,
        "local" => Builtin::Local,
        "jobs" => Builtin::Jobs,
        "alias" | "unalias" | "bg" | "fg" | "getopts" | "hash" | "times" | "type" | "ulimit"
        | "umask" | "command" | "let" | "help" | "history" => Builtin::Unsimulated,
        _ => return None,
    })
}

/// busybox `single_quote`: `'…'` with each `'` written as `'"'"'`.
fn single_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

/// shell/ash.c `number`: a non-negative decimal or "Illegal number: %s".
fn number(s: &str) -> Result<i32, String> {
    if !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit())
        && let Ok(n) = s.parse::<i32>()
    {
        return Ok(n);
    }
    Err(format!("Illegal number: {s}"))
}

impl Shell {
    fn set_var(&mut self, name: &str, value: String, export: Option<bool>) {
        let exported = export.unwrap_or_else(|| self.vars.get(name).is_some_and(|v| v.exported));
        self.vars.insert(name.to_string(), Var { value, exported });
    }

    /// Writes a builtin's output through the command's descriptors.
    fn emit(&mut self, host: &mut dyn Host, o: Output) -> Step {
        self.write_fd(host, 1, &o.out);
        self.write_fd(host, 2, &o.err);
        self.status = o.status;
        Step::Continue
    }

    /// An error from builtin `name`: message, status 2, and the end of the shell when the
    /// builtin is special (shell/ash.c `evalcommand`: `exception_type == EXERROR &&
    /// spclbltin`).
    fn builtin_error(&mut self, host: &mut dyn Host, b: Builtin, name: &str, text: &str) -> Step {
        let msg = self.diag(Some(name), text);
        self.write_fd(host, 2, &msg);
        if b.is_special() {
            return self.fatal(2);
        }
        self.status = 2;
        Step::Continue
    }

    /// Runs a builtin with the command's descriptors in place. The flag says whether those
    /// descriptors stay (`exec` with only redirections).
    pub(super) fn builtin(
        &mut self,
        host: &mut dyn Host,
        b: Builtin,
        argv: &[String],
        assigns: &[(String, String)],
    ) -> (Step, bool) {
        let name = argv.first().map_or("", String::as_str).to_string();
        let args = argv.get(1..).unwrap_or_default();
        let step = match b {
            Builtin::Colon | Builtin::True => {
                self.status = 0;
                Step::Continue
            }
            Builtin::False => {
                self.status = 1;
                Step::Continue
            }
            Builtin::Echo => {
                let out = match self.dialect {
                    super::interp::Dialect::Ash => format::echo(args),
                    super::interp::Dialect::Dash => format::dash_echo(args),
                };
                self.emit(host, out)
            }
            Builtin::Printf => self.emit(host, format::printf(args)),
            Builtin::Test | Builtin::Bracket | Builtin::DoubleBracket => {
                let cwd = self.cwd.clone();
                let close = match b {
                    Builtin::Bracket => Some("]"),
                    Builtin::DoubleBracket => Some("]]"),
                    _ => None,
                };
                let (status, err) = super::test_cmd::test(close, args, host, &cwd);
                self.emit(
                    host,
                    Output {
                        out: String::new(),
                        err,
                        status,
                    },
                )
            }
            Builtin::Cd => self.cd(host, args),
            Builtin::Pwd => {
                let out = format!("{}\n", self.cwd);
                self.emit(
                    host,
                    Output {
                        out,
                        ..Output::default()
                    },
                )
            }
            Builtin::Export | Builtin::Readonly => self.export(host, b, &name, args),
            Builtin::Local => self.export(host, b, &name, args),
            Builtin::Unset => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    self.vars.remove(a);
                    self.funcs.remove(a);
                }
                self.status = 0;
                Step::Continue
            }
            Builtin::Set => self.set(host, args),
            Builtin::Shift => {
                let n = match args.first().map(|a| number(a)) {
                    None => Ok(1),
                    Some(r) => r,
                };
                match n {
                    Err(e) => self.builtin_error(host, b, &name, &e),
                    Ok(n) => {
                        let n = n as usize;
                        if n > self.args.len().saturating_sub(1) {
                            self.status = 1;
                        } else {
                            self.args.drain(1..=n);
                            self.status = 0;
                        }
                        Step::Continue
                    }
                }
            }
            Builtin::Exit => match args.first().map(|a| number(a)) {
                None => self.exit_with(self.status),
                Some(Ok(n)) => self.exit_with(n & 0xff),
                Some(Err(e)) => self.builtin_error(host, b, &name, &e),
            },
            Builtin::Exec => {
                if args.is_empty() {
                    self.status = 0;
                    return (Step::Continue, true);
                }
                let env = self.env_with(
                    &assigns
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<Vec<_>>(),
                );
                let prog = args.first().cloned().unwrap_or_default();
                match host.lookup(&prog, &env) {
                    Lookup::NotFound => {
                        let msg = self.diag(Some("exec"), &format!("{prog}: not found"));
                        self.write_fd(host, 2, &msg);
                        self.exit_with(127)
                    }
                    Lookup::NotExecutable => {
                        let msg = self.diag(Some("exec"), &format!("{prog}: Permission denied"));
                        self.write_fd(host, 2, &msg);
                        self.exit_with(126)
                    }
                    Lookup::Found => self.exec_image(args, env),
                }
            }
            Builtin::Kill => self.kill(host, args),
            Builtin::Wait => {
                if args.is_empty() {
                    let pids = self.jobs.clone();
                    self.push_wait(pids, false);
                    Step::Continue
                } else {
                    let mut pids = Vec::new();
                    for a in args {
                        // shell/ash.c `waitcmd`: `%JOB` through `getjob`.
                        if a.starts_with('%') {
                            match self.job_pid(a) {
                                Ok(pid) => pids.push(pid),
                                Err(e) => return (self.builtin_error(host, b, &name, &e), false),
                            }
                            continue;
                        }
                        match number(a) {
                            Ok(n) => pids.push(ChildPid(n)),
                            Err(e) => return (self.builtin_error(host, b, &name, &e), false),
                        }
                    }
                    self.push_wait(pids, true);
                    Step::Continue
                }
            }
            Builtin::Read => self.read(host, args),
            Builtin::Eval => {
                let text = args.join(" ");
                let script = super::parse::parse(&text);
                self.status = 0;
                self.push_script(&script);
                Step::Continue
            }
            Builtin::Dot => match args.first() {
                None => {
                    self.status = 0;
                    Step::Continue
                }
                Some(file) => {
                    let path = resolve_path(&self.cwd, file);
                    match host.read_file(&path) {
                        Ok(text) => {
                            let script = super::parse::parse(&text);
                            self.status = 0;
                            self.push_script(&script);
                            Step::Continue
                        }
                        Err(e) => {
                            let text = format!("can't open '{file}': {}", e.strerror());
                            self.builtin_error(host, b, &name, &text)
                        }
                    }
                }
            },
            Builtin::Break | Builtin::Continue => {
                let n = match args.first().map(|a| number(a)) {
                    None => Ok(1),
                    Some(r) => r,
                };
                match n {
                    Ok(n) if n > 0 => self.break_loops(n as usize, b == Builtin::Continue),
                    Ok(_) => self.builtin_error(host, b, &name, "Illegal number: 0"),
                    Err(e) => self.builtin_error(host, b, &name, &e),
                }
            }
            Builtin::Return => {
                let code = match args.first().map(|a| number(a)) {
                    None => Ok(self.status),
                    Some(r) => r,
                };
                match code {
                    Ok(c) => self.return_with(c & 0xff),
                    Err(e) => self.builtin_error(host, b, &name, &e),
                }
            }
            Builtin::Trap => self.trap(host, args),
            Builtin::Jobs => {
                let text = self.jobs_builtin(host);
                self.write_fd(host, 1, &text);
                self.status = 0;
                Step::Continue
            }
            Builtin::Unsimulated => {
                let msg = self.diag(
                    None,
                    &format!("{name}: this builtin is not simulated by podscope"),
                );
                self.write_fd(host, 2, &msg);
                self.status = 2;
                Step::Continue
            }
        };
        (step, false)
    }

    fn cd(&mut self, host: &mut dyn Host, args: &[String]) -> Step {
        let arg = args.iter().find(|a| *a != "-L" && *a != "-P").cloned();
        let (dest, print) = match arg.as_deref() {
            None => match self.var("HOME") {
                Some(h) if !h.is_empty() => (h.to_string(), false),
                _ => {
                    self.status = 0;
                    return Step::Continue;
                }
            },
            Some("-") => (self.var("OLDPWD").unwrap_or("/").to_string(), true),
            Some(d) => (d.to_string(), false),
        };
        let path = resolve_path(&self.cwd, &dest);
        match host.stat(&path) {
            Some(FileKind::Dir) => {
                let old = std::mem::replace(&mut self.cwd, path.clone());
                self.set_var("OLDPWD", old, None);
                self.set_var("PWD", path.clone(), None);
                self.status = 0;
                if print {
                    self.write_fd(host, 1, &format!("{path}\n"));
                }
                Step::Continue
            }
            kind => {
                // shell/ash.c `cdcmd`: "can't cd to %s" with strerror.
                let why = if kind.is_some() {
                    "Not a directory"
                } else {
                    "No such file or directory"
                };
                self.builtin_error(
                    host,
                    Builtin::Cd,
                    "cd",
                    &format!("can't cd to {dest}: {why}"),
                )
            }
        }
    }

    fn export(&mut self, host: &mut dyn Host, b: Builtin, name: &str, args: &[String]) -> Step {
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if names.is_empty() && b != Builtin::Local {
            // shell/ash.c `showvars`: `export NAME='value'`, sorted.
            let mut out = String::new();
            let want_export = b == Builtin::Export;
            for (k, v) in self.vars.iter() {
                if want_export && !v.exported {
                    continue;
                }
                out.push_str(&format!("{name} {k}={}\n", single_quote(&v.value)));
            }
            self.write_fd(host, 1, &out);
            self.status = 0;
            return Step::Continue;
        }
        for a in names {
            let (n, value) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            if !is_name(n) {
                return self.builtin_error(host, b, name, &format!("{n}: bad variable name"));
            }
            let value = value.unwrap_or_else(|| self.var(n).unwrap_or_default().to_string());
            let export = match b {
                Builtin::Export => Some(true),
                _ => None,
            };
            self.set_var(n, value, export);
        }
        self.status = 0;
        Step::Continue
    }

    fn set(&mut self, host: &mut dyn Host, args: &[String]) -> Step {
        if args.is_empty() {
            let mut out = String::new();
            for (k, v) in self.vars.iter() {
                out.push_str(&format!("{k}={}\n", single_quote(&v.value)));
            }
            self.write_fd(host, 1, &out);
            self.status = 0;
            return Step::Continue;
        }
        let mut rest = args;
        while let Some(first) = rest.first() {
            if first == "--" {
                rest = rest.get(1..).unwrap_or_default();
                self.set_positional(rest);
                return Step::Continue;
            }
            if first.starts_with('-') || first.starts_with('+') {
                // Options (-e, -x, -u …) are accepted and not simulated.
                rest = rest.get(1..).unwrap_or_default();
                continue;
            }
            self.set_positional(rest);
            return Step::Continue;
        }
        self.status = 0;
        Step::Continue
    }

    fn set_positional(&mut self, values: &[String]) {
        let arg0 = self.arg0().to_string();
        self.args = std::iter::once(arg0)
            .chain(values.iter().cloned())
            .collect();
        self.status = 0;
    }

    /// busybox procps/kill.c as the `kill` builtin; messages carry the applet name `sh`.
    fn kill(&mut self, host: &mut dyn Host, args: &[String]) -> Step {
        let mut out = String::new();
        let mut err = String::new();
        let mut status = 0;
        let mut rest = args;
        let mut signal = 15;
        if let Some(first) = rest.first() {
            if first == "-l" {
                let names = rest.get(1..).unwrap_or_default();
                if names.is_empty() {
                    out.push_str(&signals::list());
                }
                for a in names {
                    if a.starts_with(|c: char| c.is_ascii_digit()) {
                        match a.parse::<i32>() {
                            Ok(n) => out.push_str(&format!("{}\n", signals::name(n & 0x7f))),
                            Err(_) => {
                                err.push_str(&format!("sh: unknown signal '{a}'\n"));
                                status = 1;
                                break;
                            }
                        }
                    } else {
                        match signals::number(a) {
                            Some(n) => out.push_str(&format!("{n}\n")),
                            None => {
                                err.push_str(&format!("sh: unknown signal '{a}'\n"));
                                status = 1;
                                break;
                            }
                        }
                    }
                }
                return self.emit(host, Output { out, err, status });
            }
            if let Some(opt) = first.strip_prefix('-') {
                if opt == "-" {
                    rest = rest.get(1..).unwrap_or_default();
                } else {
                    let spec = if opt == "s" && rest.len() > 1 {
                        rest = rest.get(1..).unwrap_or_default();
                        rest.first().cloned().unwrap_or_default()
                    } else {
                        opt.to_string()
                    };
                    match signals::number(&spec) {
                        Some(n) => signal = n,
                        None => {
                            err.push_str(&format!("sh: bad signal name '{spec}'\n"));
                            return self.emit(
                                host,
                                Output {
                                    out,
                                    err,
                                    status: 1,
                                },
                            );
                        }
                    }
                    rest = rest.get(1..).unwrap_or_default();
                }
            }
        }
        if rest.is_empty() {
            err.push_str("sh: you need to specify whom to kill\n");
            return self.emit(
                host,
                Output {
                    out,
                    err,
                    status: 1,
                },
            );
        }
        for a in rest {
            // shell/ash.c `killcmd`: `%JOB` names the job's (first) process.
            let a = if a.starts_with('%') {
                match self.job_pid(a) {
                    Ok(pid) => pid.0.to_string(),
                    Err(e) => {
                        let _ = self.builtin_error(host, Builtin::Kill, "kill", &e);
                        return Step::Continue;
                    }
                }
            } else {
                a.clone()
            };
            match a.trim().parse::<i32>() {
                Err(_) => {
                    err.push_str(&format!("sh: invalid number '{a}'\n"));
                    status += 1;
                }
                Ok(pid) => {
                    if let Err(e) = host.kill(pid, signal) {
                        err.push_str(&format!("sh: can't kill pid {pid}: {}\n", e.strerror()));
                        status += 1;
                    }
                }
            }
        }
        self.emit(host, Output { out, err, status })
    }

    /// `read [-r] NAME…`: one line from stdin split on IFS; the last name takes the rest.
    fn read(&mut self, host: &mut dyn Host, args: &[String]) -> Step {
        let raw = args.iter().any(|a| a == "-r");
        let names: Vec<String> = args
            .iter()
            .filter(|a| !a.starts_with('-'))
            .cloned()
            .collect();
        let names = if names.is_empty() {
            vec!["REPLY".to_string()]
        } else {
            names
        };
        let mut line = String::new();
        let mut got_newline = false;
        let mut any = false;
        // Backslash-newline continues the line unless -r.
        while let Some((piece, nl)) = self.read_stdin_line(host) {
            any = true;
            got_newline = nl;
            if !raw && piece.ends_with('\\') && nl {
                line.push_str(piece.get(..piece.len() - 1).unwrap_or_default());
                continue;
            }
            line.push_str(&piece);
            break;
        }
        if !raw {
            let mut out = String::new();
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                } else {
                    out.push(c);
                }
            }
            line = out;
        }
        let ifs = self.var("IFS").unwrap_or(" \t\n").to_string();
        let mut rest = line.trim_start_matches(|c: char| ifs.contains(c) && c.is_whitespace());
        let count = names.len();
        for (i, n) in names.iter().enumerate() {
            if !is_name(n) {
                return self.builtin_error(
                    host,
                    Builtin::Read,
                    "read",
                    &format!("'{n}': bad variable name"),
                );
            }
            let value = if i + 1 == count {
                rest.trim_end_matches(|c: char| ifs.contains(c) && c.is_whitespace())
                    .to_string()
            } else {
                let end = rest.find(|c: char| ifs.contains(c)).unwrap_or(rest.len());
                let v = rest.get(..end).unwrap_or_default().to_string();
                rest = rest.get(end..).unwrap_or_default();
                rest = rest.trim_start_matches(|c: char| ifs.contains(c) && c.is_whitespace());
                if let Some(r) = rest.strip_prefix(|c: char| ifs.contains(c) && !c.is_whitespace())
                {
                    rest = r.trim_start_matches(|c: char| ifs.contains(c) && c.is_whitespace());
                }
                v
            };
            self.set_var(n, value, None);
        }
        self.status = i32::from(!any || !got_newline);
        Step::Continue
    }

    /// `trap ACTION SIG…` / `trap - SIG…`: recorded, not run (see `Shell::traps`).
    fn trap(&mut self, host: &mut dyn Host, args: &[String]) -> Step {
        if args.is_empty() {
            let mut out = String::new();
            for (sig, action) in &self.traps {
                out.push_str(&format!(
                    "trap -- {} {}\n",
                    single_quote(action),
                    signals::name(*sig)
                ));
            }
            self.write_fd(host, 1, &out);
            self.status = 0;
            return Step::Continue;
        }
        let (action, sigs) = match args.split_first() {
            Some((a, rest)) if !rest.is_empty() => (Some(a.clone()), rest),
            _ => (None, args),
        };
        for s in sigs {
            let Some(n) = signals::number(s) else {
                return self.builtin_error(host, Builtin::Trap, "trap", &format!("{s}: bad trap"));
            };
            match action.as_deref() {
                None | Some("-") => {
                    self.traps.remove(&n);
                }
                Some(a) => {
                    self.traps.insert(n, a.to_string());
                }
            }
        }
        self.status = 0;
        Step::Continue
    }
}
