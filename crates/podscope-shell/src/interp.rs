//! The resumable interpreter: a `Shell` is an explicit continuation (a stack of frames plus
//! variables, positional parameters, status and descriptors) that runs until it must wait
//! for a child, replaces itself with a program, loops without blocking for too long, or
//! ends. Nothing is kept on the Rust stack across a yield.

use podscope_collections::Map;
use std::sync::Arc;

use super::ast::{AndOrOp, Node, ParamOp, Part, Script, Word};
use super::expand::{Var, Vars};
use super::fds::{Buf, Fds, Route, default_fds};
use super::host::{ChildPid, Env, ExecImage, Host};
use super::vars::VarTable;

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
    /// An interactive shell ran everything it was given and reads its next line: the host
    /// shows the prompt (`Shell::prompt`) and calls `feed` with the line typed.
    Prompt,
}

/// What a subshell boundary restores when it ends.
#[derive(Clone, Debug)]
pub(super) struct Saved {
    pub(super) vars: VarTable,
    pub(super) args: Vec<String>,
    pub(super) cwd: String,
    pub(super) funcs: Map<String, Arc<Node>>,
    pub(super) fds: Fds,
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
    pub(super) vars: VarTable,
    /// `$0`, `$1`, …
    pub(super) args: Vec<String>,
    pub(super) status: i32,
    pub(super) pid: Option<i32>,
    pub(super) last_bg: Option<i32>,
    pub(super) jobs: Vec<ChildPid>,
    /// An interactive shell's job table (`jobs`), oldest first.
    pub(super) job_table: Vec<super::jobs::Job>,
    pub(super) funcs: Map<String, Arc<Node>>,
    pub(super) traps: Map<i32, String>,
    pub(super) cwd: String,
    pub(super) fds: Fds,
    pub(super) bufs: Map<u32, Buf>,
    pub(super) next_buf: u32,
    /// `$0` was given (`sh -c script name …`): errors then name it and the line.
    pub(super) named: bool,
    pub(super) lineno: u32,
    pub(super) finished: Option<i32>,
    /// Reads its commands line by line from a terminal (`kubectl exec -it POD -- sh`):
    /// ash's `iflag`. Errors then abandon the line instead of ending the shell.
    pub(super) interactive: bool,
    /// Which shell this is where their builtins differ (`echo`).
    pub(super) dialect: Dialect,
}

/// The shell a script runs in, where its builtins differ from busybox ash's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// busybox ash: `echo` reads `-n`/`-e`/`-E` and expands escapes only with `-e`
    /// (coreutils/echo.c with `FEATURE_FANCY_ECHO`).
    #[default]
    Ash,
    /// Debian's dash: `echo` reads only a first `-n` and always expands escapes
    /// (dash src/bltin/printf.c `echocmd`, `print_escape_str`).
    Dash,
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

/// What a step asks of the run loop.
pub(super) enum Step {
    Continue,
    Yield(Yield),
}

impl Shell {
    /// A shell about to run `script` with the environment `env` and the arguments after the
    /// script (`sh -c script arg0 arg1 …`: `args[0]` is `$0`; empty means `$0` = `sh`).
    pub fn new(script: &Script, env: Env, args: Vec<String>) -> Shell {
        Shell::with_vars(Arc::new(script.clone()), VarTable::from_env(env), args)
    }

    /// The same shell as `dialect` (busybox ash unless said).
    pub fn dialect(mut self, dialect: Dialect) -> Shell {
        self.dialect = dialect;
        self
    }

    /// A shell about to run an already parsed, shared `script` with the variables `vars`
    /// (every one exported: a process environment, see [`VarTable::from_environ`]), as
    /// [`Shell::new`] does for an environment.
    pub fn with_vars(script: Arc<Script>, vars: VarTable, args: Vec<String>) -> Shell {
        let named = !args.is_empty();
        let args = if args.is_empty() {
            vec!["sh".to_string()]
        } else {
            args
        };
        let cwd = vars
            .get("PWD")
            .map(|v| &v.value)
            .filter(|p| p.starts_with('/'))
            .cloned()
            .unwrap_or_else(|| "/".to_string());
        Shell {
            stack: vec![Frame::Script {
                script,
                next: 0,
                top: true,
            }],
            vars,
            args,
            status: 0,
            pid: None,
            last_bg: None,
            jobs: Vec::new(),
            job_table: Vec::new(),
            funcs: Map::new(),
            traps: Map::new(),
            cwd,
            fds: default_fds(),
            bufs: Map::new(),
            next_buf: 0,
            named,
            lineno: 1,
            finished: None,
            interactive: false,
            dialect: Dialect::Ash,
        }
    }

    /// An interactive shell on a terminal (`sh` with a tty, ash's `iflag`): nothing to run
    /// until `feed` gives it a line; between lines it yields `Yield::Prompt`.
    pub fn interactive(vars: VarTable) -> Shell {
        let mut shell = Shell::with_vars(Arc::new(Script::default()), vars, Vec::new());
        shell.stack.clear();
        shell.interactive = true;
        shell
    }

    /// The same shell started in `dir` (its process's working directory, which the runtime
    /// sets: the image's `WORKDIR` or the container's `workingDir`); a relative `dir` is
    /// ignored.
    pub fn in_dir(mut self, dir: &str) -> Shell {
        if dir.starts_with('/') {
            self.cwd = dir.to_owned();
        }
        self
    }

    /// Gives an interactive shell the next line it read (already parsed). shell/ash.c
    /// `cmdloop`: each line runs as its own top-level command, never in place of the shell.
    pub fn feed(&mut self, line: Arc<Script>) {
        if self.finished.is_none() {
            self.stack.push(Frame::Script {
                script: line,
                next: 0,
                top: false,
            });
        }
    }

    /// The same shell under another name (`$0`, and the prefix of its messages): the node's
    /// login shell is `bash`.
    pub fn named(mut self, arg0: &str) -> Shell {
        if let Some(a) = self.args.first_mut() {
            *a = arg0.to_owned();
        }
        self
    }

    /// Whether the shell is interactive and waits for its next line.
    pub fn at_prompt(&self) -> bool {
        self.interactive && self.finished.is_none() && self.stack.is_empty()
    }

    /// The prompt ash prints before reading a line: `PS1` (busybox's default with fancy
    /// prompts is `\w \$ `, shell/ash.c `initvar`) with libbb/lineedit.c
    /// `parse_and_put_prompt`'s escapes `\w` (`$PWD`, `$HOME` shown as `~`), `\W` (its
    /// last part), `\$` (`#` for `root`, else `$`) and `\\`; other escapes stay as written.
    pub fn prompt(&self, root: bool) -> String {
        self.prompt_as(root, "", "")
    }

    /// `prompt` with libbb/lineedit.c's `\u` (the user's name) and `\h` (the host name up to
    /// its first dot) as well, for a shell that knows them.
    pub fn prompt_as(&self, root: bool, user: &str, host: &str) -> String {
        let ps1 = self.var("PS1").unwrap_or("\\w \\$ ");
        let mut cwd = self.var("PWD").unwrap_or(&self.cwd).to_owned();
        if let Some(home) = self.var("HOME").filter(|h| !h.is_empty())
            && let Some(rest) = cwd.strip_prefix(home)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            cwd = format!("~{rest}");
        }
        let mut out = String::new();
        let mut chars = ps1.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('w') => out.push_str(&cwd),
                Some('W') => out.push_str(
                    cwd.rsplit('/')
                        .next()
                        .filter(|s| !s.is_empty())
                        .unwrap_or(&cwd),
                ),
                Some('$') => out.push(if root { '#' } else { '$' }),
                Some('u') if !user.is_empty() => out.push_str(user),
                Some('h') if !host.is_empty() => {
                    out.push_str(host.split('.').next().unwrap_or(host));
                }
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        out
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
    pub fn traps(&self) -> &Map<i32, String> {
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
                if self.interactive {
                    // shell/ash.c `cmdloop`: jobs that ended are reported before the prompt.
                    self.report_done_jobs(host);
                    return Yield::Prompt;
                }
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
            // `if (!iflag || g_parsefile->pf_fd > 0)`: no line number at a prompt.
            if !self.interactive {
                s.push_str(&format!("line {}: ", self.lineno));
            }
        }
        s.push_str(text);
        s.push('\n');
        s
    }

    /// A copy of this shell that will run `node` as a forked child (ash's `forkshell`):
    /// same variables, functions and descriptors; buffers it cannot share become /dev/null.
    pub(super) fn fork_child(&self, node: Arc<Node>, exit_last: bool) -> Shell {
        let mut child = self.clone();
        child.stack = vec![Frame::Eval { node, exit_last }];
        child.jobs.clear();
        child.job_table.clear();
        child.finished = None;
        // shell/ash.c `forkchild`: a forked child is not interactive.
        child.interactive = false;
        for r in child.fds.values_mut() {
            if matches!(r, Route::Buf(_)) {
                *r = Route::Null;
            }
        }
        child.bufs.clear();
        child
    }

    pub(super) fn push(&mut self, frame: Frame) {
        self.stack.push(frame);
    }

    pub(super) fn eval(&mut self, node: &Arc<Node>, exit_last: bool) {
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

    /// Exported variables plus `extra` (the shared environment when there is no `extra`).
    pub(super) fn env_with(&self, extra: &[(String, String)]) -> Arc<Env> {
        let mut env = self.vars.exported();
        if !extra.is_empty() {
            let e = Arc::make_mut(&mut env);
            for (k, v) in extra {
                e.insert(k.clone(), v.clone());
            }
        }
        env
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
                    return self.fatal(2);
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
                // shell/ash.c `evalsubshell`: no fork when the shell would exit right after
                // (and has no traps).
                if (exit_last && self.traps.is_empty()) || self.uses_buffers() {
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
                let before = self.last_bg;
                let step = self.ready(host, node.clone(), &[], None, false, true);
                if let Some(pid) = self.last_bg.filter(|_| self.last_bg != before) {
                    self.note_job(ChildPid(pid), &node);
                }
                return step;
            }
        }
        let child = self.fork_child(node.clone(), true);
        let pid = host.fork(child, true);
        self.last_bg = Some(pid.0);
        self.add_job(host, pid);
        self.note_job(pid, &node);
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

    /// Pushes a parsed script's commands (for `eval` and `.`).
    pub(super) fn push_script(&mut self, script: &Script) {
        self.push(Frame::Script {
            script: Arc::new(script.clone()),
            next: 0,
            top: false,
        });
    }

    /// Remembers a background job for a bare `wait`, forgetting those that have ended (their
    /// status stays with the host for `wait PID`), so that a loop starting jobs does not
    /// grow the table forever.
    pub(super) fn add_job(&mut self, host: &mut dyn Host, pid: ChildPid) {
        self.jobs
            .retain(|p| host.child_state(*p) == super::host::ChildState::Running);
        self.jobs.push(pid);
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
