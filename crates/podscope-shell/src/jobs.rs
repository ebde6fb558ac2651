//! Job control of an interactive shell (busybox shell/ash.c with `JOBS`, on when ash reads
//! from a terminal): the job table (`makejob`, `jobno`, `curjob`), the command text each job
//! shows (`commandtext`/`cmdtxt`), the `jobs` builtin (`jobscmd`, `showjobs`, `showjob`) and
//! the `[1]+  Done …` lines printed before the next prompt (`cmdloop`:
//! `showjobs(SHOW_CHANGED|SHOW_STDERR)`).

use super::ast::{AndOrOp, Node, Param, ParamOp, Part, Redir, RedirKind, Word};
use super::host::{ChildPid, ChildState, Host};
use super::interp::Shell;

/// One background job of an interactive shell.
#[derive(Clone, Debug)]
pub(super) struct Job {
    /// `%N`: the lowest number no other job holds (`makejob` takes the first free slot of
    /// `jobtab`; `jobno` is its index plus one).
    pub no: u32,
    pub pid: ChildPid,
    /// ash's `ps_cmd`: `commandtext` of the job's command.
    pub cmd: String,
}

/// The column a job's command starts in (`showjob`: `33 - col` spaces of padding).
const CMD_COLUMN: usize = 33;

impl Shell {
    /// Records a job started with `&` (`forkparent`: `set_curjob`, `ps_cmd =
    /// commandtext(n)` when `doing_jobctl`, which only an interactive shell has).
    pub(super) fn note_job(&mut self, pid: ChildPid, node: &Node) {
        if !self.interactive {
            return;
        }
        let no = (1..)
            .find(|n| self.job_table.iter().all(|j| j.no != *n))
            .unwrap_or(1);
        let mut cmd = String::new();
        cmdtxt(node, &mut cmd);
        self.job_table.push(Job { no, pid, cmd });
    }

    /// shell/ash.c `getjob`: `%`, `%%`, `%+` (the current job), `%-` (the one before), `%N`.
    pub(super) fn job_pid(&self, spec: &str) -> Result<ChildPid, String> {
        let newest = self.job_table.len().checked_sub(1);
        let (found, err) = match spec.get(1..).unwrap_or_default() {
            "" | "%" | "+" => (newest, "No current job".to_owned()),
            "-" => (
                newest.and_then(|i| i.checked_sub(1)),
                "No previous job".to_owned(),
            ),
            n => (
                n.parse::<u32>()
                    .ok()
                    .and_then(|n| self.job_table.iter().position(|j| j.no == n)),
                format!("{spec}: no such job"),
            ),
        };
        found
            .and_then(|i| self.job_table.get(i))
            .map(|j| j.pid)
            .ok_or(err)
    }

    /// The `jobs` builtin: every job, newest first (`showjobs` walks `curjob`'s
    /// `prev_job` chain); finished ones are shown once and forgotten (`showjob`: `freejob`).
    pub(super) fn jobs_builtin(&mut self, host: &mut dyn Host) -> String {
        self.show_jobs(host, false)
    }

    /// Before a prompt: the jobs that ended since, on stderr, then forgotten.
    pub(super) fn report_done_jobs(&mut self, host: &mut dyn Host) {
        if self.job_table.is_empty() {
            return;
        }
        let text = self.show_jobs(host, true);
        self.write_fd(host, 2, &text);
    }

    fn show_jobs(&mut self, host: &mut dyn Host, only_done: bool) -> String {
        let states: Vec<ChildState> = self
            .job_table
            .iter()
            .map(|j| host.child_state(j.pid))
            .collect();
        let n = self.job_table.len();
        let mut out = String::new();
        for (i, (job, state)) in self.job_table.iter().zip(&states).enumerate().rev() {
            let running = *state == ChildState::Running;
            if only_done && running {
                continue;
            }
            // `curjob` is the newest job, its `prev_job` the one before.
            let mark = match n - 1 - i {
                0 => '+',
                1 => '-',
                _ => ' ',
            };
            let status = match state {
                ChildState::Running => "Running".to_owned(),
                ChildState::Exited(code) => status_text(*code),
                ChildState::Unknown => "Done".to_owned(),
            };
            let head = format!("[{}]{mark}  {status}", job.no);
            let pad = CMD_COLUMN.saturating_sub(head.len()).max(1);
            out.push_str(&format!("{head}{:pad$}{}\n", "", job.cmd));
        }
        let mut i = 0;
        self.job_table.retain(|_| {
            let keep = states.get(i) == Some(&ChildState::Running);
            i += 1;
            keep
        });
        out
    }
}

/// `sprint_status(s, status, 0)`: `Done`, `Done(N)`, or the signal's `strsignal` text for a
/// job a signal ended (the host reports those as 128 + N).
fn status_text(code: i32) -> String {
    match code {
        0 => "Done".to_owned(),
        129..=192 => signal_text(code - 128).to_owned(),
        n => format!("Done({n})"),
    }
}

/// musl's `strsignal` (src/string/strsignal.c, the libc of busybox's alpine images).
fn signal_text(sig: i32) -> &'static str {
    match sig {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        4 => "Illegal instruction",
        5 => "Trace/breakpoint trap",
        6 => "Aborted",
        7 => "Bus error",
        8 => "Arithmetic exception",
        9 => "Killed",
        10 => "User defined signal 1",
        11 => "Segmentation fault",
        12 => "User defined signal 2",
        13 => "Broken pipe",
        14 => "Alarm clock",
        15 => "Terminated",
        _ => "Unknown signal",
    }
}

/// shell/ash.c `cmdtxt`: the text of a command as `jobs` shows it.
fn cmdtxt(node: &Node, out: &mut String) {
    match node {
        Node::Simple(s) => {
            // `cmdlist(n->ncmd.args, 1)` then `cmdlist(n->ncmd.redirect, 0)`: assignments
            // are not shown.
            for (i, w) in s.words.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                word(w, out);
            }
            for r in &s.redirs {
                out.push(' ');
                redir(r, out);
            }
        }
        Node::Pipeline { negate, stages } => {
            if *negate {
                out.push('!');
            }
            for (i, stage) in stages.iter().enumerate() {
                if i > 0 {
                    out.push_str(" | ");
                }
                cmdtxt(stage, out);
            }
        }
        Node::AndOr { first, rest } => {
            cmdtxt(first, out);
            for (op, n) in rest {
                out.push_str(match op {
                    AndOrOp::And => " && ",
                    AndOrOp::Or => " || ",
                });
                cmdtxt(n, out);
            }
        }
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                cmdtxt(&item.node, out);
            }
        }
        Node::Subshell(n) => {
            out.push('(');
            cmdtxt(n, out);
            out.push(')');
        }
        // ash parses `{ …; }` into its list with no node of its own.
        Node::Group(n) => cmdtxt(n, out),
        Node::If {
            cond,
            then,
            otherwise,
        } => {
            out.push_str("if ");
            cmdtxt(cond, out);
            out.push_str("; then ");
            cmdtxt(then, out);
            if let Some(e) = otherwise {
                out.push_str("; else ");
                cmdtxt(e, out);
            }
            out.push_str("; fi");
        }
        Node::Loop { until, cond, body } => {
            out.push_str(if *until { "until " } else { "while " });
            cmdtxt(cond, out);
            out.push_str("; do ");
            cmdtxt(body, out);
            out.push_str("; done");
        }
        Node::For { var, words, body } => {
            out.push_str("for ");
            out.push_str(var);
            out.push_str(" in ");
            for (i, w) in words.iter().flatten().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                word(w, out);
            }
            out.push_str("; do ");
            cmdtxt(body, out);
            out.push_str("; done");
        }
        Node::Case { word: w, arms } => {
            out.push_str("case ");
            word(w, out);
            out.push_str(" in ");
            for arm in arms {
                for (i, p) in arm.patterns.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    word(p, out);
                }
                out.push_str(") ");
                cmdtxt(&arm.body, out);
                out.push_str(";; ");
            }
            out.push_str("esac");
        }
        Node::FuncDef { name, .. } => {
            out.push_str(name);
            out.push_str("() { ... }");
        }
        Node::Redirected { node, redirs } => {
            cmdtxt(node, out);
            for r in redirs {
                out.push(' ');
                redir(r, out);
            }
        }
        Node::Empty => {}
    }
}

/// A redirection as `cmdtxt` writes it: the descriptor number, the operator, the target
/// (`1>/dev/null`, `2>&1`, `<<...` for a here-document).
fn redir(r: &Redir, out: &mut String) {
    let op = match r.kind {
        RedirKind::HereDoc => {
            out.push_str(&format!("{}<<...", r.fd));
            return;
        }
        RedirKind::Out => ">",
        RedirKind::Append => ">>",
        RedirKind::In => "<",
        RedirKind::ReadWrite => "<>",
        RedirKind::DupOut | RedirKind::OutErr => ">&",
        RedirKind::DupIn => "<&",
    };
    out.push_str(&format!("{}{op}", r.fd));
    word(&r.target, out);
}

/// A word as `cmdputs` writes it back: quoted text in double quotes (with `\`, `"`, `$`
/// and `'` escaped), `${…}` for parameters, `$(...)` for substitutions.
fn word(w: &Word, out: &mut String) {
    for part in &w.parts {
        match part {
            Part::Lit(s) => out.push_str(s),
            // The empty quoted piece the parser keeps beside `"${x}"`: ash has no such piece.
            Part::Quoted(s) if s.is_empty() && w.parts.len() > 1 => {}
            Part::Quoted(s) => {
                out.push('"');
                for c in s.chars() {
                    if matches!(c, '\\' | '"' | '$' | '\'') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            }
            Part::Param { param, op, quoted } => param_text(param, op, *quoted, out),
            Part::CmdSub { quoted, .. } => {
                out.push_str(if *quoted { "\"$(...)\"" } else { "$(...)" });
            }
            Part::Arith { expr, .. } => {
                out.push_str("$((");
                word(expr, out);
                out.push_str("))");
            }
        }
    }
}

fn param_text(param: &Param, op: &ParamOp, quoted: bool, out: &mut String) {
    let name = super::expand::Vars::name_of(param);
    if quoted {
        out.push('"');
    }
    out.push_str(if matches!(op, ParamOp::Length) {
        "${#"
    } else {
        "${"
    });
    out.push_str(&name);
    let (colon, sym, w): (bool, &str, Option<&Word>) = match op {
        ParamOp::Plain | ParamOp::Length => (false, "", None),
        ParamOp::Default { colon, word } => (*colon, "-", Some(word)),
        ParamOp::Assign { colon, word } => (*colon, "=", Some(word)),
        ParamOp::Alternate { colon, word } => (*colon, "+", Some(word)),
        ParamOp::Error { colon, word } => (*colon, "?", Some(word)),
        ParamOp::Trim {
            suffix,
            longest,
            pattern,
        } => (
            false,
            match (suffix, longest) {
                (true, false) => "%",
                (true, true) => "%%",
                (false, false) => "#",
                (false, true) => "##",
            },
            Some(pattern),
        ),
    };
    if colon {
        out.push(':');
    }
    out.push_str(sym);
    if let Some(w) = w {
        word(w, out);
    }
    out.push('}');
    if quoted {
        out.push('"');
    }
}

/// The job text of a parsed line's first command (for tests).
#[cfg(test)]
pub(super) fn text_of(script: &super::ast::Script) -> String {
    let mut out = String::new();
    if let Some(n) = script.commands.first() {
        cmdtxt(n, &mut out);
    }
    out
}
