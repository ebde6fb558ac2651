//! Running one command once its substitutions are done: expansion of its words,
//! redirections (shell/ash.c `redirect`, `openredirect`), and dispatch to a function, a
//! builtin or a program on the host (shell/ash.c `evalcommand`), including ash's exec of the
//! last command of `sh -c`.

use std::sync::Arc;

use super::ast::{Node, Redir, RedirKind, Simple};
use super::expand::{self, ExpandError, Var};
use super::fds::{Fds, Route};
use super::host::{Env, ExecImage, Host, Io, Lookup, Run};
use super::interp::{Frame, Shell, Step, Yield, resolve_path};
use super::pattern;

impl Shell {
    /// Runs a node whose command substitutions have produced `subs`.
    pub(super) fn ready(
        &mut self,
        host: &mut dyn Host,
        node: Arc<Node>,
        subs: &[String],
        sub_status: Option<i32>,
        exit_last: bool,
        background: bool,
    ) -> Step {
        match &*node {
            Node::Simple(cmd) => {
                self.lineno = cmd.line;
                self.simple(host, cmd, subs, sub_status, exit_last, background)
            }
            Node::For { var, words, body } => {
                let values = match words {
                    Some(ws) => {
                        let (mut v, ()) = self.vars_ctx(subs);
                        let mut out = Vec::new();
                        for w in ws {
                            match expand::expand_fields_with_patterns(w, &mut v) {
                                Ok(f) => out.extend(f),
                                Err(e) => return self.expand_failed(host, e),
                            }
                        }
                        self.pathnames(host, out)
                    }
                    None => self.args.get(1..).unwrap_or_default().to_vec(),
                };
                self.push(Frame::For {
                    var: var.clone(),
                    values,
                    next: 0,
                    body: body.clone(),
                });
                Step::Continue
            }
            Node::Case { word, arms } => {
                let (mut v, ()) = self.vars_ctx(subs);
                let subject = match expand::expand_string(word, &mut v) {
                    Ok(s) => s,
                    Err(e) => return self.expand_failed(host, e),
                };
                for arm in arms {
                    for p in &arm.patterns {
                        let pat = match expand::expand_pattern(p, &mut v) {
                            Ok(p) => p,
                            Err(e) => return self.expand_failed(host, e),
                        };
                        if pattern::matches(&subject, &pat) {
                            let body = arm.body.clone();
                            self.status = 0;
                            self.eval(&body, exit_last);
                            return Step::Continue;
                        }
                    }
                }
                self.status = 0;
                Step::Continue
            }
            Node::Redirected {
                node: inner,
                redirs,
            } => {
                let (mut v, ()) = self.vars_ctx(subs);
                let mut targets = Vec::new();
                for r in redirs {
                    match expand::expand_string(&r.target, &mut v) {
                        Ok(t) => targets.push(t),
                        Err(e) => return self.expand_failed(host, e),
                    }
                }
                match self.apply_redirs(host, redirs, &targets) {
                    Ok(fds) => {
                        let old = std::mem::replace(&mut self.fds, fds);
                        self.push(Frame::RestoreFds(old));
                        self.eval(inner, false);
                    }
                    Err(msg) => {
                        self.write_fd(host, 2, &msg);
                        self.status = 2;
                    }
                }
                Step::Continue
            }
            _ => Step::Continue,
        }
    }

    /// An expansion error: message, then the shell (or subshell) exits with 2.
    /// Pathname expansion of the expanded fields (ash `expandarg` → `expandmeta`).
    fn pathnames(&self, host: &mut dyn Host, fields: Vec<expand::Field>) -> Vec<String> {
        let mut out = Vec::with_capacity(fields.len());
        for f in fields {
            match f
                .pattern
                .and_then(|p| super::glob::expand(&p, &self.cwd, host))
            {
                Some(names) => out.extend(names),
                None => out.push(f.text),
            }
        }
        out
    }

    pub(super) fn expand_failed(&mut self, host: &mut dyn Host, e: ExpandError) -> Step {
        let msg = self.diag(None, &e.0);
        self.write_fd(host, 2, &msg);
        self.fatal(2)
    }

    /// Opens the redirections over the current descriptors (shell/ash.c `redirect`,
    /// `openredirect`); the error text is ash's.
    pub(super) fn apply_redirs(
        &mut self,
        host: &mut dyn Host,
        redirs: &[Redir],
        targets: &[String],
    ) -> Result<Fds, String> {
        let mut fds = self.fds.clone();
        for (r, target) in redirs.iter().zip(targets) {
            let route = match r.kind {
                RedirKind::Out | RedirKind::Append | RedirKind::OutErr => {
                    let route = self.open_out(host, target, r.kind == RedirKind::Append, &fds)?;
                    if r.kind == RedirKind::OutErr {
                        fds.insert(2, route.clone());
                    }
                    route
                }
                RedirKind::In | RedirKind::ReadWrite => {
                    let path = resolve_path(&self.cwd, target);
                    if path == "/dev/null" {
                        Route::Null
                    } else {
                        match host.read_file(&path) {
                            Ok(data) => Route::Buf(self.new_buf(data)),
                            Err(e) if r.kind == RedirKind::ReadWrite => {
                                let _ = e;
                                self.open_out(host, target, true, &fds)?;
                                Route::Buf(self.new_buf(String::new()))
                            }
                            Err(e) => {
                                return Err(self.diag(
                                    None,
                                    &format!("can't open {target}: {}", e.ash_text("no such file")),
                                ));
                            }
                        }
                    }
                }
                RedirKind::HereDoc => Route::Buf(self.new_buf(target.clone())),
                RedirKind::DupOut | RedirKind::DupIn => {
                    if target == "-" {
                        Route::Closed
                    } else if let Ok(n) = target.parse::<u32>() {
                        fds.get(&n).cloned().unwrap_or(Route::Closed)
                    } else if r.kind == RedirKind::DupOut {
                        let route = self.open_out(host, target, false, &fds)?;
                        fds.insert(2, route.clone());
                        route
                    } else {
                        return Err(self.diag(None, "syntax error: bad fd number"));
                    }
                }
            };
            if r.fd < 10 {
                fds.insert(r.fd, route);
            }
        }
        Ok(fds)
    }

    pub(super) fn open_out(
        &mut self,
        host: &mut dyn Host,
        target: &str,
        append: bool,
        fds: &Fds,
    ) -> Result<Route, String> {
        let path = resolve_path(&self.cwd, target);
        // /dev/stdout and /dev/stderr are links to the process's own fds 1 and 2.
        match path.as_str() {
            "/dev/null" => return Ok(Route::Null),
            "/dev/stdout" => return Ok(fds.get(&1).cloned().unwrap_or(Route::Closed)),
            "/dev/stderr" => return Ok(fds.get(&2).cloned().unwrap_or(Route::Closed)),
            _ => {}
        }
        match host.write_file(&path, "", append) {
            Ok(()) => Ok(Route::File(path)),
            Err(e) => Err(self.diag(
                None,
                &format!(
                    "can't create {target}: {}",
                    e.ash_text("nonexistent directory")
                ),
            )),
        }
    }

    /// A simple command with its substitutions done (shell/ash.c `evalcommand`).
    pub(super) fn simple(
        &mut self,
        host: &mut dyn Host,
        cmd: &Simple,
        subs: &[String],
        sub_status: Option<i32>,
        exit_last: bool,
        background: bool,
    ) -> Step {
        // Expansion order as in ash: arguments, redirections, assignments.
        let (mut v, ()) = self.vars_ctx(subs);
        let mut fields = Vec::new();
        for w in &cmd.words {
            match expand::expand_fields_with_patterns(w, &mut v) {
                Ok(f) => fields.extend(f),
                Err(e) => return self.expand_failed(host, e),
            }
        }
        let mut targets = Vec::new();
        for r in &cmd.redirs {
            match expand::expand_string(&r.target, &mut v) {
                Ok(t) => targets.push(t),
                Err(e) => return self.expand_failed(host, e),
            }
        }
        let mut assigns = Vec::new();
        for (name, w) in &cmd.assigns {
            match expand::expand_string(w, &mut v) {
                Ok(t) => assigns.push((name.clone(), t)),
                Err(e) => return self.expand_failed(host, e),
            }
        }
        let argv = self.pathnames(host, fields);
        let special = argv
            .first()
            .and_then(|n| super::builtins::kind(n))
            .is_some_and(|k| k.is_special());
        let fds = match self.apply_redirs(host, &cmd.redirs, &targets) {
            Ok(fds) => fds,
            Err(msg) => {
                self.write_fd(host, 2, &msg);
                if special {
                    return self.fatal(2);
                }
                self.status = 2;
                return Step::Continue;
            }
        };
        let Some(name) = argv.first().cloned() else {
            for (k, val) in assigns {
                let exported = self.vars.get(&k).is_some_and(|x| x.exported);
                self.vars.insert(
                    k,
                    Var {
                        value: val,
                        exported,
                    },
                );
            }
            self.status = sub_status.unwrap_or(0);
            return Step::Continue;
        };
        if let Some(body) = self.funcs.get(&name).cloned() {
            let saved_args = self.args.clone();
            let mut args = vec![self.arg0().to_string()];
            args.extend(argv.into_iter().skip(1));
            self.args = args;
            self.push(Frame::FuncReturn { saved_args });
            let old = std::mem::replace(&mut self.fds, fds);
            self.push(Frame::RestoreFds(old));
            self.eval(&body, false);
            return Step::Continue;
        }
        if let Some(kind) = super::builtins::kind(&name) {
            if kind.is_special() {
                for (k, val) in &assigns {
                    let exported = self.vars.get(k).is_some_and(|x| x.exported);
                    self.vars.insert(
                        k.clone(),
                        Var {
                            value: val.clone(),
                            exported,
                        },
                    );
                }
            }
            // The old descriptors go on the stack so that a builtin that unwinds (`exit`,
            // `break`) or pushes work (`eval`, `wait`) restores them at the right time.
            let depth = self.stack.len();
            let old = std::mem::replace(&mut self.fds, fds);
            self.push(Frame::RestoreFds(old));
            let (step, keep_fds) = self.builtin(host, kind, &argv, &assigns);
            if self.stack.len() == depth + 1
                && let Some(Frame::RestoreFds(old)) = self.stack.pop()
                && !keep_fds
            {
                self.set_fds(old);
            }
            return step;
        }
        // An external program.
        let env = self.env_with(&assigns);
        let old = std::mem::replace(&mut self.fds, fds);
        let step = self.external(host, &argv, env, exit_last, background);
        if !matches!(step, Step::Yield(Yield::Exec(_))) {
            self.set_fds(old);
        }
        step
    }

    pub(super) fn external(
        &mut self,
        host: &mut dyn Host,
        argv: &[String],
        env: Arc<Env>,
        exit_last: bool,
        background: bool,
    ) -> Step {
        let name = argv.first().cloned().unwrap_or_default();
        if exit_last && !background && !self.uses_buffers() && self.traps.is_empty() {
            // shell/ash.c `evalcommand`: the last command of `sh -c` is exec'ed, not forked
            // (unless traps are set: `may_have_traps`).
            // A missing program is reported like any other (below).
            if host.lookup(&name, &env) == Lookup::Found {
                return self.exec_image(argv, env);
            }
        }
        let stdin = self.take_stdin();
        let mut io = Io {
            stdin: &stdin,
            stdin_from: self.source(),
            stdout_to: self.dest(1),
            stderr_to: self.dest(2),
            cwd: &self.cwd.clone(),
            stdout: String::new(),
            stderr: String::new(),
        };
        let run = host.run(argv, &env, &mut io, background);
        let (out, err) = (io.stdout, io.stderr);
        self.write_fd(host, 1, &out);
        self.write_fd(host, 2, &err);
        match run {
            Run::Done(code) => {
                // `cmd &` sets $? to 0 whatever the command does.
                self.status = if background { 0 } else { code };
                Step::Continue
            }
            Run::Started(pid) => {
                if background {
                    self.last_bg = Some(pid.0);
                    self.add_job(host, pid);
                    self.status = 0;
                    Step::Continue
                } else {
                    self.push(Frame::WaitFg(pid));
                    Step::Yield(Yield::WaitChild(pid))
                }
            }
            Run::NotFound => {
                // shell/ash.c `shellexec`: "%s: not found", exit status 127.
                let msg = self.diag(None, &format!("{name}: not found"));
                self.write_fd(host, 2, &msg);
                self.status = 127;
                Step::Continue
            }
            Run::NotExecutable => {
                let msg = self.diag(None, &format!("{name}: Permission denied"));
                self.write_fd(host, 2, &msg);
                self.status = 126;
                Step::Continue
            }
        }
    }

    /// Replaces the shell with a program.
    pub(super) fn exec_image(&mut self, argv: &[String], env: Arc<Env>) -> Step {
        let image = ExecImage {
            argv: argv.to_vec(),
            env,
            cwd: self.cwd.clone(),
            stdin_from: self.source(),
            stdout_to: self.dest(1),
            stderr_to: self.dest(2),
        };
        self.stack.clear();
        self.finished = Some(0);
        Step::Yield(Yield::Exec(image))
    }
}
