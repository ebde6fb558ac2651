//! The resumable interpreter: a `Shell` is an explicit continuation (a stack of frames plus
//! variables, positional parameters, status and descriptors) that runs until it must wait
//! for a child, replaces itself with a program, loops without blocking for too long, or
//! ends. Nothing is kept on the Rust stack across a yield.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::ast::{AndOrOp, Node, ParamOp, Part, Redir, RedirKind, Script, Simple, Word};
use super::expand::{self, ExpandError, Var, Vars};
use super::host::{ChildPid, Dest, Env, ExecImage, Host, Io, Run, Source};
use super::pattern;

/// How many frames one `run` call may step before it yields `Busy` (a script that loops
/// without ever blocking: on a real node it burns CPU forever).
pub const STEPS_PER_RUN: u32 = 100_000;

/// The deepest the frame stack may grow (function recursion); ash would crash, podscope
/// ends the shell with a message.
pub const MAX_FRAMES: usize = 10_000;

/// The most a pipe or command substitution buffers (a podscope limit).
pub const MAX_BUFFER_BYTES: usize = 1 << 20;

/// Why `run` or `resume` returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Yield {
    /// The shell ended with this status.
    Exited(i32),
    /// The shell waits for this foreground child; call `resume` with its status.
    WaitChild(ChildPid),
    /// The shell replaced itself with a program (`exec prog`, or ash running the last command
    /// of a `sh -c` script in place of the shell).
    Exec(ExecImage),
    /// The shell ran `STEPS_PER_RUN` steps without blocking (e.g. `while true; do :; done`):
    /// it is busy on the CPU. Call `run` again to continue.
    Busy,
}

/// Where a descriptor of the shell points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Route {
    Inherit(u32),
    Null,
    File(String),
    /// A buffer the shell holds (pipe, command substitution, file contents, here-document).
    Buf(u32),
    Closed,
}

/// The descriptors 0–9.
pub(super) type Fds = BTreeMap<u32, Route>;

fn default_fds() -> Fds {
    (0..3).map(|fd| (fd, Route::Inherit(fd))).collect()
}

/// A buffer and how much of it has been read.
#[derive(Clone, Debug, Default)]
pub(super) struct Buf {
    pub data: String,
    pub pos: usize,
}

/// What a subshell boundary restores when it ends.
#[derive(Clone, Debug)]
pub(super) struct Saved {
    vars: BTreeMap<String, Var>,
    args: Vec<String>,
    cwd: String,
    funcs: BTreeMap<String, Arc<Node>>,
    fds: Fds,
}

/// One step of pending work.
#[derive(Clone, Debug)]
pub(super) enum Frame {
    /// The top-level commands of the script; the syntax error (if any) after them.
    Script {
        script: Arc<Script>,
        next: usize,
        top: bool,
    },
    /// A node not yet started.
    Eval {
        node: Arc<Node>,
        exit_last: bool,
    },
    List {
        node: Arc<Node>,
        next: usize,
        exit_last: bool,
    },
    AndOr {
        node: Arc<Node>,
        next: usize,
        exit_last: bool,
    },
    Not,
    If {
        node: Arc<Node>,
        exit_last: bool,
    },
    Loop {
        node: Arc<Node>,
        in_body: bool,
        body_status: i32,
    },
    For {
        var: String,
        values: Vec<String>,
        next: usize,
        body: Arc<Node>,
    },
    Pipeline {
        node: Arc<Node>,
        next: usize,
        prev: Option<u32>,
        cur: Option<u32>,
        outer: Fds,
    },
    RestoreFds(Fds),
    /// An in-process subshell (pipeline stage, or `( … )` whose output the shell reads).
    Subshell(Box<Saved>),
    /// A command substitution collecting its output into `buf`.
    Capture {
        buf: u32,
        saved: Box<Saved>,
    },
    /// Command substitutions to run before `node`'s words can be expanded.
    Subs {
        node: Arc<Node>,
        scripts: Vec<Arc<Script>>,
        results: Vec<String>,
        status: Option<i32>,
        exit_last: bool,
        background: bool,
    },
    WaitFg(ChildPid),
    WaitJobs {
        pids: Vec<ChildPid>,
        next: usize,
        explicit: bool,
        waiting: bool,
    },
    FuncReturn {
        saved_args: Vec<String>,
    },
}

/// A resumable shell process.
#[derive(Clone, Debug)]
pub struct Shell {
    pub(super) stack: Vec<Frame>,
    pub(super) vars: BTreeMap<String, Var>,
    /// `$0`, `$1`, …
    pub(super) args: Vec<String>,
    pub(super) status: i32,
    pub(super) pid: Option<i32>,
    pub(super) last_bg: Option<i32>,
    pub(super) jobs: Vec<ChildPid>,
    pub(super) funcs: BTreeMap<String, Arc<Node>>,
    pub(super) traps: BTreeMap<i32, String>,
    pub(super) cwd: String,
    pub(super) fds: Fds,
    pub(super) bufs: BTreeMap<u32, Buf>,
    next_buf: u32,
    /// `$0` was given (`sh -c script name …`): errors then name it and the line.
    pub(super) named: bool,
    pub(super) lineno: u32,
    finished: Option<i32>,
}

/// Joins a path to the working directory and removes `.` and `..`.
pub fn resolve_path(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Collects the command substitutions of a word, in the order expansion meets them.
fn word_subs(word: &Word, out: &mut Vec<Arc<Script>>) {
    for part in &word.parts {
        match part {
            Part::CmdSub { script, .. } => out.push(script.clone()),
            Part::Arith { expr, .. } => word_subs(expr, out),
            Part::Param { op, .. } => match op {
                ParamOp::Default { word, .. }
                | ParamOp::Assign { word, .. }
                | ParamOp::Alternate { word, .. }
                | ParamOp::Error { word, .. }
                | ParamOp::Trim { pattern: word, .. } => word_subs(word, out),
                ParamOp::Plain | ParamOp::Length => {}
            },
            Part::Lit(_) | Part::Quoted(_) => {}
        }
    }
}

/// The substitutions of a node's own words (not of its body): the order matches `ready`.
fn node_subs(node: &Node) -> Vec<Arc<Script>> {
    let mut out = Vec::new();
    match node {
        Node::Simple(s) => {
            s.words.iter().for_each(|w| word_subs(w, &mut out));
            s.redirs.iter().for_each(|r| word_subs(&r.target, &mut out));
            s.assigns.iter().for_each(|(_, w)| word_subs(w, &mut out));
        }
        Node::For {
            words: Some(ws), ..
        } => ws.iter().for_each(|w| word_subs(w, &mut out)),
        Node::Case { word, arms } => {
            word_subs(word, &mut out);
            arms.iter()
                .flat_map(|a| a.patterns.iter())
                .for_each(|w| word_subs(w, &mut out));
        }
        Node::Redirected { redirs, .. } => {
            redirs.iter().for_each(|r| word_subs(&r.target, &mut out));
        }
        _ => {}
    }
    out
}

/// Whether a node's words need expansion before it can start (`ready` handles these).
fn needs_words(node: &Node) -> bool {
    matches!(
        node,
        Node::Simple(_) | Node::For { .. } | Node::Case { .. } | Node::Redirected { .. }
    )
}

/// Why the interpreter stops unwinding.
enum Unwind {
    /// `exit N`, a fatal error: to the nearest subshell boundary or the end.
    Exit(i32),
    /// `return N`: to the function call.
    Return(i32),
    /// `break N` / `continue N`.
    Break(usize, bool),
}

/// What a step asks of the run loop.
pub(super) enum Step {
    Continue,
    Yield(Yield),
}

impl Shell {
    /// A shell about to run `script` with the environment `env` and the arguments after the
    /// script (`sh -c script arg0 arg1 …`: `args[0]` is `$0`; empty means `$0` = `sh`).
    pub fn new(script: &Script, env: Env, args: Vec<String>) -> Shell {
        let named = !args.is_empty();
        let args = if args.is_empty() {
            vec!["sh".to_string()]
        } else {
            args
        };
        let cwd = env
            .get("PWD")
            .filter(|p| p.starts_with('/'))
            .cloned()
            .unwrap_or_else(|| "/".to_string());
        let vars = env
            .into_iter()
            .map(|(k, value)| {
                (
                    k,
                    Var {
                        value,
                        exported: true,
                    },
                )
            })
            .collect();
        Shell {
            stack: vec![Frame::Script {
                script: Arc::new(script.clone()),
                next: 0,
                top: true,
            }],
            vars,
            args,
            status: 0,
            pid: None,
            last_bg: None,
            jobs: Vec::new(),
            funcs: BTreeMap::new(),
            traps: BTreeMap::new(),
            cwd,
            fds: default_fds(),
            bufs: BTreeMap::new(),
            next_buf: 0,
            named,
            lineno: 1,
            finished: None,
        }
    }

    /// The status of the last command.
    pub fn status(&self) -> i32 {
        self.status
    }

    /// A variable's value.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| v.value.as_str())
    }

    /// The working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// Traps set with `trap` (signal number → action text). podscope records them; the host
    /// decides whether to honour them.
    pub fn traps(&self) -> &BTreeMap<i32, String> {
        &self.traps
    }

    /// Runs until the shell must wait, replaces itself, is busy, or ends.
    pub fn run(&mut self, host: &mut dyn Host) -> Yield {
        if let Some(code) = self.finished {
            return Yield::Exited(code);
        }
        if self.pid.is_none() {
            self.pid = Some(host.pid());
        }
        for _ in 0..STEPS_PER_RUN {
            if self.stack.len() > MAX_FRAMES {
                let msg = self.diag(None, "nested too deeply (a podscope limit)");
                self.write_fd(host, 2, &msg);
                self.stack.clear();
                self.finished = Some(2);
                return Yield::Exited(2);
            }
            let Some(frame) = self.stack.pop() else {
                let code = self.status;
                self.finished = Some(code);
                return Yield::Exited(code);
            };
            match self.step(host, frame) {
                Step::Continue => {}
                Step::Yield(y) => {
                    if let Yield::Exited(code) = y {
                        self.finished = Some(code);
                    }
                    return y;
                }
            }
        }
        Yield::Busy
    }

    /// The foreground child the shell waited for ended with `status`; continue.
    pub fn resume(&mut self, host: &mut dyn Host, status: i32) -> Yield {
        if let Some(Frame::WaitFg(_)) = self.stack.last() {
            self.stack.pop();
            self.status = status;
        }
        self.run(host)
    }

    // ---- small helpers ----

    pub(super) fn arg0(&self) -> &str {
        self.args.first().map_or("sh", String::as_str)
    }

    /// shell/ash.c `ash_vmsg`: `$0: `, then the running builtin's name (or `$0` when one was
    /// given) unless it equals `$0`, then `line N: ` whenever there is a command name.
    pub(super) fn diag(&self, builtin: Option<&str>, text: &str) -> String {
        let arg0 = self.arg0();
        let mut s = format!("{arg0}: ");
        let commandname = builtin.or(if self.named { Some(arg0) } else { None });
        if let Some(c) = commandname {
            if c != arg0 {
                s.push_str(c);
                s.push_str(": ");
            }
            s.push_str(&format!("line {}: ", self.lineno));
        }
        s.push_str(text);
        s.push('\n');
        s
    }

    pub(super) fn new_buf(&mut self, data: String) -> u32 {
        let id = self.next_buf;
        self.next_buf = self.next_buf.wrapping_add(1);
        self.bufs.insert(id, Buf { data, pos: 0 });
        id
    }

    /// Writes to one of the shell's descriptors.
    pub(super) fn write_fd(&mut self, host: &mut dyn Host, fd: u32, data: &str) {
        if data.is_empty() {
            return;
        }
        match self.fds.get(&fd).cloned() {
            Some(Route::Inherit(n)) => host.output(n, data),
            Some(Route::File(path)) => {
                let _ = host.write_file(&path, data, true);
            }
            Some(Route::Buf(id)) => {
                if let Some(b) = self.bufs.get_mut(&id) {
                    let room = MAX_BUFFER_BYTES.saturating_sub(b.data.len());
                    let mut cut = data.len().min(room);
                    while !data.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    b.data.push_str(data.get(..cut).unwrap_or_default());
                }
            }
            Some(Route::Null | Route::Closed) | None => {}
        }
    }

    /// Everything left on stdin (consumed).
    pub(super) fn take_stdin(&mut self) -> String {
        if let Some(Route::Buf(id)) = self.fds.get(&0)
            && let Some(b) = self.bufs.get_mut(id)
        {
            let rest = b.data.get(b.pos..).unwrap_or_default().to_string();
            b.pos = b.data.len();
            return rest;
        }
        String::new()
    }

    /// One line from stdin for `read` (without the newline); `None` at end of input.
    pub(super) fn read_stdin_line(&mut self, host: &mut dyn Host) -> Option<(String, bool)> {
        match self.fds.get(&0) {
            Some(Route::Buf(id)) => {
                let b = self.bufs.get_mut(id)?;
                let rest = b.data.get(b.pos..)?;
                if rest.is_empty() {
                    return None;
                }
                match rest.find('\n') {
                    Some(i) => {
                        let line = rest.get(..i).unwrap_or_default().to_string();
                        b.pos += i + 1;
                        Some((line, true))
                    }
                    None => {
                        let line = rest.to_string();
                        b.pos = b.data.len();
                        Some((line, false))
                    }
                }
            }
            Some(Route::Inherit(0)) => host.read_line().map(|l| (l, true)),
            _ => None,
        }
    }

    fn dest(&self, fd: u32) -> Dest {
        match self.fds.get(&fd) {
            Some(Route::Inherit(n)) => Dest::Inherit(*n),
            Some(Route::Null) => Dest::Null,
            Some(Route::File(p)) => Dest::File(p.clone()),
            Some(Route::Buf(_)) => Dest::Pipe,
            Some(Route::Closed) | None => Dest::Closed,
        }
    }

    fn source(&self) -> Source {
        match self.fds.get(&0) {
            Some(Route::Inherit(_)) => Source::Inherit,
            Some(Route::Buf(_)) => Source::Data,
            _ => Source::Null,
        }
    }

    /// Whether output or input goes through the shell's own buffers: then a subshell must
    /// run in-process so that the shell can collect what it writes.
    fn uses_buffers(&self) -> bool {
        self.fds.values().any(|r| matches!(r, Route::Buf(_)))
    }

    fn saved(&self) -> Box<Saved> {
        Box::new(Saved {
            vars: self.vars.clone(),
            args: self.args.clone(),
            cwd: self.cwd.clone(),
            funcs: self.funcs.clone(),
            fds: self.fds.clone(),
        })
    }

    fn restore(&mut self, saved: Saved) {
        self.vars = saved.vars;
        self.args = saved.args;
        self.cwd = saved.cwd;
        self.funcs = saved.funcs;
        self.set_fds(saved.fds);
    }

    /// Replaces the descriptors and drops buffers nothing refers to any more.
    pub(super) fn set_fds(&mut self, fds: Fds) {
        self.fds = fds;
        self.gc_bufs();
    }

    fn gc_bufs(&mut self) {
        fn mark(live: &mut std::collections::BTreeSet<u32>, fds: &Fds) {
            for r in fds.values() {
                if let Route::Buf(id) = r {
                    live.insert(*id);
                }
            }
        }
        let mut live = std::collections::BTreeSet::new();
        mark(&mut live, &self.fds);
        for f in &self.stack {
            match f {
                Frame::RestoreFds(fds) => mark(&mut live, fds),
                Frame::Subshell(s) => mark(&mut live, &s.fds),
                Frame::Capture { buf, saved } => {
                    live.insert(*buf);
                    mark(&mut live, &saved.fds);
                }
                Frame::Pipeline {
                    prev, cur, outer, ..
                } => {
                    live.extend(prev.iter().copied());
                    live.extend(cur.iter().copied());
                    mark(&mut live, outer);
                }
                _ => {}
            }
        }
        self.bufs.retain(|id, _| live.contains(id));
    }

    /// A copy of this shell that will run `node` as a forked child (ash's `forkshell`):
    /// same variables, functions and descriptors; buffers it cannot share become /dev/null.
    fn fork_child(&self, node: Arc<Node>, exit_last: bool) -> Shell {
        let mut child = self.clone();
        child.stack = vec![Frame::Eval { node, exit_last }];
        child.jobs.clear();
        child.finished = None;
        for r in child.fds.values_mut() {
            if matches!(r, Route::Buf(_)) {
                *r = Route::Null;
            }
        }
        child.bufs.clear();
        child
    }

    fn push(&mut self, frame: Frame) {
        self.stack.push(frame);
    }

    fn eval(&mut self, node: &Arc<Node>, exit_last: bool) {
        self.stack.push(Frame::Eval {
            node: node.clone(),
            exit_last,
        });
    }

    pub(super) fn vars_ctx<'a>(&'a mut self, subs: &'a [String]) -> (Vars<'a>, ()) {
        (
            Vars {
                vars: &mut self.vars,
                args: &self.args,
                status: self.status,
                pid: self.pid.unwrap_or(0),
                last_bg: self.last_bg,
                subs,
                next_sub: 0,
            },
            (),
        )
    }

    /// Exported variables plus `extra`.
    pub(super) fn env_with(&self, extra: &[(String, String)]) -> Env {
        let mut env: Env = self
            .vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        for (k, v) in extra {
            env.insert(k.clone(), v.clone());
        }
        env
    }

    /// Ends the shell, or the innermost subshell, with `code` after a fatal error or `exit`.
    pub(super) fn exit_with(&mut self, code: i32) -> Step {
        self.unwind(Unwind::Exit(code))
    }

    pub(super) fn return_with(&mut self, code: i32) -> Step {
        self.unwind(Unwind::Return(code))
    }

    pub(super) fn break_loops(&mut self, n: usize, cont: bool) -> Step {
        self.unwind(Unwind::Break(n.max(1), cont))
    }

    fn unwind(&mut self, why: Unwind) -> Step {
        let mut breaks_left = match why {
            Unwind::Break(n, _) => n,
            _ => 0,
        };
        loop {
            let Some(frame) = self.stack.pop() else {
                match why {
                    Unwind::Exit(code) | Unwind::Return(code) => {
                        self.status = code;
                        return Step::Yield(Yield::Exited(code));
                    }
                    Unwind::Break(..) => return Step::Continue,
                }
            };
            match frame {
                Frame::Subshell(saved) => {
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::Subshell(saved));
                        return Step::Continue;
                    }
                    let code = match why {
                        Unwind::Exit(c) | Unwind::Return(c) => c,
                        Unwind::Break(..) => self.status,
                    };
                    self.restore(*saved);
                    self.status = code;
                    return Step::Continue;
                }
                Frame::Capture { buf, saved } => {
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::Capture { buf, saved });
                        return Step::Continue;
                    }
                    if let Unwind::Exit(c) | Unwind::Return(c) = why {
                        self.status = c;
                    }
                    self.finish_capture(buf, *saved);
                    return Step::Continue;
                }
                Frame::FuncReturn { saved_args } => {
                    if let Unwind::Return(code) = why {
                        self.args = saved_args;
                        self.status = code;
                        return Step::Continue;
                    }
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::FuncReturn { saved_args });
                        return Step::Continue;
                    }
                    self.args = saved_args;
                }
                Frame::RestoreFds(fds) => self.set_fds(fds),
                Frame::Pipeline { outer, .. } => self.set_fds(outer),
                Frame::Loop { .. } | Frame::For { .. } => {
                    if let Unwind::Break(_, cont) = why {
                        breaks_left -= 1;
                        if breaks_left == 0 {
                            self.status = 0;
                            if cont {
                                // Continue: the loop frame goes back on top and steps on.
                                let frame = match frame {
                                    Frame::Loop { node, .. } => Frame::Loop {
                                        node,
                                        in_body: true,
                                        body_status: 0,
                                    },
                                    other => other,
                                };
                                self.stack.push(frame);
                            }
                            return Step::Continue;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A command substitution's body ended: hand its output to the waiting `Subs` frame.
    fn finish_capture(&mut self, buf: u32, saved: Saved) {
        let mut text = self
            .bufs
            .get(&buf)
            .map(|b| b.data.clone())
            .unwrap_or_default();
        while text.ends_with('\n') {
            text.pop();
        }
        self.restore(saved);
        let status = self.status;
        if let Some(Frame::Subs {
            results, status: s, ..
        }) = self.stack.last_mut()
        {
            results.push(text);
            *s = Some(status);
        }
    }

    // ---- the step function ----

    fn step(&mut self, host: &mut dyn Host, frame: Frame) -> Step {
        match frame {
            Frame::Script { script, next, top } => {
                if let Some(node) = script.commands.get(next) {
                    // shell/ash.c `evalstring`: EV_EXIT for the last command of `sh -c`.
                    let last = top && next + 1 == script.commands.len() && script.error.is_none();
                    let node = node.clone();
                    self.push(Frame::Script {
                        script,
                        next: next + 1,
                        top,
                    });
                    self.eval(&node, last);
                    return Step::Continue;
                }
                if let Some(err) = &script.error {
                    self.lineno = err.line;
                    let msg = err.render(self.arg0(), self.named);
                    self.write_fd(host, 2, &format!("{msg}\n"));
                    return self.exit_with(2);
                }
                Step::Continue
            }
            Frame::Eval { node, exit_last } => self.start(host, node, exit_last),
            Frame::List {
                node,
                next,
                exit_last,
            } => {
                let Node::List(items) = &*node else {
                    return Step::Continue;
                };
                let Some(item) = items.get(next).cloned() else {
                    return Step::Continue;
                };
                let last = next + 1 == items.len();
                self.push(Frame::List {
                    node: node.clone(),
                    next: next + 1,
                    exit_last,
                });
                if item.background {
                    return self.background(host, item.node);
                }
                self.eval(&item.node, exit_last && last);
                Step::Continue
            }
            Frame::AndOr {
                node,
                next,
                exit_last,
            } => {
                let Node::AndOr { rest, .. } = &*node else {
                    return Step::Continue;
                };
                // Skip the operands the status rules out; run the next one that applies.
                let mut i = next;
                while let Some((op, rhs)) = rest.get(i) {
                    let run = (self.status == 0) == (*op == AndOrOp::And);
                    i += 1;
                    if run {
                        let rhs = rhs.clone();
                        let last = i == rest.len();
                        self.push(Frame::AndOr {
                            node: node.clone(),
                            next: i,
                            exit_last,
                        });
                        // shell/ash.c `evaltree`: only the final operand keeps EV_EXIT.
                        self.eval(&rhs, exit_last && last);
                        break;
                    }
                }
                Step::Continue
            }
            Frame::Not => {
                self.status = i32::from(self.status == 0);
                Step::Continue
            }
            Frame::If { node, exit_last } => {
                if let Node::If {
                    then, otherwise, ..
                } = &*node
                {
                    if self.status == 0 {
                        self.eval(then, exit_last);
                    } else if let Some(o) = otherwise {
                        self.eval(o, exit_last);
                    } else {
                        self.status = 0;
                    }
                }
                Step::Continue
            }
            Frame::Loop {
                node,
                in_body,
                body_status,
            } => {
                let Node::Loop { until, cond, body } = &*node else {
                    return Step::Continue;
                };
                let (cond, body, until) = (cond.clone(), body.clone(), *until);
                if in_body {
                    let s = self.status;
                    self.push(Frame::Loop {
                        node,
                        in_body: false,
                        body_status: s,
                    });
                    self.eval(&cond, false);
                } else if (self.status == 0) != until {
                    self.push(Frame::Loop {
                        node,
                        in_body: true,
                        body_status,
                    });
                    self.eval(&body, false);
                } else {
                    self.status = body_status;
                }
                Step::Continue
            }
            Frame::For {
                var,
                values,
                next,
                body,
            } => {
                if let Some(v) = values.get(next).cloned() {
                    let exported = self.vars.get(&var).is_some_and(|x| x.exported);
                    self.vars.insert(var.clone(), Var { value: v, exported });
                    let b = body.clone();
                    self.push(Frame::For {
                        var,
                        values,
                        next: next + 1,
                        body,
                    });
                    self.eval(&b, false);
                } else if values.is_empty() {
                    self.status = 0;
                }
                Step::Continue
            }
            Frame::Pipeline {
                node,
                next,
                prev,
                cur,
                outer,
            } => self.pipeline_step(node, next, prev, cur, outer),
            Frame::RestoreFds(fds) => {
                self.set_fds(fds);
                Step::Continue
            }
            Frame::Subshell(saved) => {
                self.restore(*saved);
                Step::Continue
            }
            Frame::Capture { buf, saved } => {
                self.finish_capture(buf, *saved);
                Step::Continue
            }
            Frame::Subs {
                node,
                scripts,
                results,
                status,
                exit_last,
                background,
            } => {
                if let Some(script) = scripts.get(results.len()).cloned() {
                    self.push(Frame::Subs {
                        node,
                        scripts,
                        results,
                        status,
                        exit_last,
                        background,
                    });
                    let saved = self.saved();
                    let buf = self.new_buf(String::new());
                    self.push(Frame::Capture { buf, saved });
                    self.fds.insert(1, Route::Buf(buf));
                    for cmd in script.commands.iter().rev() {
                        self.eval(cmd, false);
                    }
                    return Step::Continue;
                }
                self.ready(host, node, &results, status, exit_last, background)
            }
            Frame::WaitFg(pid) => {
                // `run` was called while the child still runs: keep waiting.
                self.push(Frame::WaitFg(pid));
                Step::Yield(Yield::WaitChild(pid))
            }
            Frame::WaitJobs {
                pids,
                next,
                explicit,
                waiting,
            } => self.wait_step(host, pids, next, explicit, waiting),
            Frame::FuncReturn { saved_args } => {
                self.args = saved_args;
                Step::Continue
            }
        }
    }

    /// Starts a node.
    fn start(&mut self, host: &mut dyn Host, node: Arc<Node>, exit_last: bool) -> Step {
        if needs_words(&node) {
            let scripts = node_subs(&node);
            if scripts.is_empty() {
                return self.ready(host, node, &[], None, exit_last, false);
            }
            self.push(Frame::Subs {
                node,
                scripts,
                results: Vec::new(),
                status: None,
                exit_last,
                background: false,
            });
            return Step::Continue;
        }
        match &*node {
            Node::Pipeline { negate, stages } => {
                if stages.len() == 1 {
                    if *negate {
                        self.push(Frame::Not);
                    }
                    if let Some(s) = stages.first() {
                        self.eval(s, false);
                    }
                    return Step::Continue;
                }
                if *negate {
                    self.push(Frame::Not);
                }
                let outer = self.fds.clone();
                self.push(Frame::Pipeline {
                    node: node.clone(),
                    next: 0,
                    prev: None,
                    cur: None,
                    outer,
                });
                Step::Continue
            }
            Node::AndOr { first, .. } => {
                let first = first.clone();
                self.push(Frame::AndOr {
                    node,
                    next: 0,
                    exit_last,
                });
                self.eval(&first, false);
                Step::Continue
            }
            Node::List(_) => {
                self.push(Frame::List {
                    node: node.clone(),
                    next: 0,
                    exit_last,
                });
                Step::Continue
            }
            Node::Subshell(body) => {
                // shell/ash.c `evalsubshell`: no fork when the shell would exit right after.
                if exit_last || self.uses_buffers() {
                    let saved = self.saved();
                    self.push(Frame::Subshell(saved));
                    self.eval(body, exit_last);
                    return Step::Continue;
                }
                let child = self.fork_child(body.clone(), true);
                let pid = host.fork(child, false);
                self.push(Frame::WaitFg(pid));
                Step::Yield(Yield::WaitChild(pid))
            }
            Node::Group(body) => {
                self.eval(body, exit_last);
                Step::Continue
            }
            Node::If { cond, .. } => {
                self.push(Frame::If {
                    node: node.clone(),
                    exit_last,
                });
                self.eval(cond, false);
                Step::Continue
            }
            Node::Loop { cond, .. } => {
                let cond = cond.clone();
                self.push(Frame::Loop {
                    node,
                    in_body: false,
                    body_status: 0,
                });
                self.eval(&cond, false);
                Step::Continue
            }
            Node::FuncDef { name, body } => {
                self.funcs.insert(name.clone(), body.clone());
                self.status = 0;
                Step::Continue
            }
            Node::Empty => Step::Continue,
            Node::Simple(_) | Node::For { .. } | Node::Case { .. } | Node::Redirected { .. } => {
                Step::Continue
            }
        }
    }

    /// `node &`: a program started without waiting, or a forked child for anything else.
    fn background(&mut self, host: &mut dyn Host, node: Arc<Node>) -> Step {
        if let Node::Simple(s) = &*node {
            let first = s.words.first().and_then(Word::as_plain);
            let plain_program = first
                .is_some_and(|w| super::builtins::kind(w).is_none() && !self.funcs.contains_key(w));
            if plain_program && node_subs(&node).is_empty() {
                return self.ready(host, node, &[], None, false, true);
            }
        }
        let child = self.fork_child(node, true);
        let pid = host.fork(child, true);
        self.last_bg = Some(pid.0);
        self.jobs.push(pid);
        self.status = 0;
        Step::Continue
    }

    fn pipeline_step(
        &mut self,
        node: Arc<Node>,
        next: usize,
        prev: Option<u32>,
        cur: Option<u32>,
        outer: Fds,
    ) -> Step {
        let Node::Pipeline { stages, .. } = &*node else {
            return Step::Continue;
        };
        let stages = stages.clone();
        // Stage next-1 (if any) has ended: its output feeds the next stage. The buffers
        // live in this (popped) frame's fields, so no collection until it is pushed back.
        let prev = if next > 0 { cur } else { prev };
        let Some(stage) = stages.get(next) else {
            self.set_fds(outer);
            return Step::Continue;
        };
        let mut fds = outer.clone();
        if let Some(p) = prev {
            fds.insert(0, Route::Buf(p));
        }
        let is_last = next + 1 == stages.len();
        let out = if is_last {
            None
        } else {
            let b = self.new_buf(String::new());
            fds.insert(1, Route::Buf(b));
            Some(b)
        };
        self.push(Frame::Pipeline {
            node: node.clone(),
            next: next + 1,
            prev,
            cur: out,
            outer,
        });
        // Each stage is a subshell in ash: its assignments do not last.
        let saved = self.saved();
        self.push(Frame::Subshell(saved));
        self.fds = fds;
        self.eval(stage, false);
        Step::Continue
    }

    fn wait_step(
        &mut self,
        host: &mut dyn Host,
        pids: Vec<ChildPid>,
        mut next: usize,
        explicit: bool,
        waiting: bool,
    ) -> Step {
        if waiting {
            if let Some(pid) = pids.get(next) {
                self.jobs.retain(|p| p != pid);
            }
            next += 1;
        }
        while let Some(&pid) = pids.get(next) {
            match host.child_state(pid) {
                super::host::ChildState::Exited(code) => {
                    self.status = code;
                    self.jobs.retain(|p| *p != pid);
                }
                super::host::ChildState::Running => {
                    self.push(Frame::WaitJobs {
                        pids,
                        next,
                        explicit,
                        waiting: true,
                    });
                    self.push(Frame::WaitFg(pid));
                    return Step::Yield(Yield::WaitChild(pid));
                }
                super::host::ChildState::Unknown => {
                    self.jobs.retain(|p| *p != pid);
                    if explicit {
                        self.status = 127;
                    }
                }
            }
            next += 1;
        }
        if !explicit {
            self.status = 0;
        }
        Step::Continue
    }

    /// Runs a node whose command substitutions have produced `subs`.
    fn ready(
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
                            match expand::expand_fields(w, &mut v) {
                                Ok(f) => out.extend(f),
                                Err(e) => return self.expand_failed(host, e),
                            }
                        }
                        out
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
    pub(super) fn expand_failed(&mut self, host: &mut dyn Host, e: ExpandError) -> Step {
        let msg = self.diag(None, &e.0);
        self.write_fd(host, 2, &msg);
        self.exit_with(2)
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
                    let route = self.open_out(host, target, r.kind == RedirKind::Append)?;
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
                                self.open_out(host, target, true)?;
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
                        let route = self.open_out(host, target, false)?;
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

    fn open_out(
        &mut self,
        host: &mut dyn Host,
        target: &str,
        append: bool,
    ) -> Result<Route, String> {
        let path = resolve_path(&self.cwd, target);
        if path == "/dev/null" {
            return Ok(Route::Null);
        }
        let result = if append {
            host.write_file(&path, "", true)
        } else {
            host.write_file(&path, "", false)
        };
        match result {
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
    fn simple(
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
        let mut argv = Vec::new();
        for w in &cmd.words {
            match expand::expand_fields(w, &mut v) {
                Ok(f) => argv.extend(f),
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
        let special = argv
            .first()
            .and_then(|n| super::builtins::kind(n))
            .is_some_and(|k| k.is_special());
        let fds = match self.apply_redirs(host, &cmd.redirs, &targets) {
            Ok(fds) => fds,
            Err(msg) => {
                self.write_fd(host, 2, &msg);
                if special {
                    return self.exit_with(2);
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
        let step = self.external(host, &argv, &env, exit_last, background);
        if !matches!(step, Step::Yield(Yield::Exec(_))) {
            self.set_fds(old);
        }
        step
    }

    fn external(
        &mut self,
        host: &mut dyn Host,
        argv: &[String],
        env: &Env,
        exit_last: bool,
        background: bool,
    ) -> Step {
        let name = argv.first().cloned().unwrap_or_default();
        if exit_last && !background && !self.uses_buffers() {
            // shell/ash.c `evalcommand`: the last command of `sh -c` is exec'ed, not forked.
            match host.lookup(&name, env) {
                Run::NotFound | Run::NotExecutable => {}
                Run::Done(_) | Run::Started(_) => {
                    return self.exec_image(argv, env);
                }
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
        let run = host.run(argv, env, &mut io, background);
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
                    self.jobs.push(pid);
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
    pub(super) fn exec_image(&mut self, argv: &[String], env: &Env) -> Step {
        let image = ExecImage {
            argv: argv.to_vec(),
            env: env.clone(),
            cwd: self.cwd.clone(),
            stdin_from: self.source(),
            stdout_to: self.dest(1),
            stderr_to: self.dest(2),
        };
        self.stack.clear();
        self.finished = Some(0);
        Step::Yield(Yield::Exec(image))
    }

    /// Pushes a parsed script's commands (for `eval` and `.`).
    pub(super) fn push_script(&mut self, script: &Script) {
        self.push(Frame::Script {
            script: Arc::new(script.clone()),
            next: 0,
            top: false,
        });
    }

    /// Starts waiting for background jobs (`wait` / `wait PID…`).
    pub(super) fn push_wait(&mut self, pids: Vec<ChildPid>, explicit: bool) {
        self.push(Frame::WaitJobs {
            pids,
            next: 0,
            explicit,
            waiting: false,
        });
    }
}
