//! Interactive exec sessions: `kubectl exec -it POD -c C -- sh`, a shell on a terminal that
//! keeps its working directory, variables, functions and background jobs from one typed line
//! to the next, until `exit` ends it or its container stops (the kernel then kills every
//! process in the container's PID namespace, the exec'd shell too, and kubectl reports
//! `command terminated with exit code 137`).
//!
//! The shell is a process like any exec: the runtime starts it in the container's namespaces
//! and cgroup as a child of the shim (the same parent `sim::exec::exec_line` gives a
//! one-shot exec), so `ps` in the container shows `sh` and the node shows it under the shim.

use podscope_collections::Map;
use std::collections::VecDeque;
use std::sync::Arc;

use super::{ShellProc, Sink};
use crate::model::ids::{Pid, PodId, SessionId};
use crate::sim::outcome::{CommandError, Output};
use crate::sim::world::{Slot, World};
use podscope_shell::{Script, Shell, VarTable};

/// The most sessions a world keeps, open or ended-but-unread (podscope's own bound: the
/// kubelet does not cap exec streams; a page has one terminal per container).
pub const MAX_SESSIONS: usize = 64;

/// The most lines typed ahead while the shell still runs a foreground command; a terminal
/// buffers them until the shell reads its next line (podscope's bound; the kernel's tty
/// buffer is 4 KiB, `N_TTY_BUF_SIZE`).
pub const MAX_TYPEAHEAD: usize = 64;

/// The most output a session holds for its terminal before the oldest goes (as a terminal's
/// scrollback does; podscope's bound).
pub const MAX_SESSION_OUTPUT: usize = 1 << 20;

/// The terminal's width in columns: what `ls` lays its names out in (busybox and coreutils
/// ask the tty with `TIOCGWINSZ`; kubectl sends the local terminal's size, 80 by default).
pub const TERMINAL_COLUMNS: usize = 80;

/// One `kubectl exec -it … -- sh`.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub pod: PodId,
    pub slot: Slot,
    /// The shell's host PID.
    pub pid: Pid,
    /// Whether the shell runs as root (its prompt ends in `#`).
    root: bool,
    /// What bash's prompt names (`\u@\h`): the user and the host name; empty for ash and
    /// dash, whose prompts do not.
    who: Who,
    /// The shell while it waits at its prompt; `None` while it runs a foreground command (it
    /// is then in `World::shells`, waiting for its child) or once it ended.
    idle: Option<ShellProc>,
    /// Lines typed while the shell was busy, read in order when it prompts again.
    typeahead: VecDeque<Arc<Script>>,
    /// What the session wrote since the terminal last read it.
    out: String,
    /// The shell's exit status, once it ended.
    ended: Option<i32>,
    /// The prompt it printed last (kept for when it ends).
    prompt: String,
}

/// The user and host an interactive bash's prompt names.
#[derive(Clone, Debug, Default)]
struct Who {
    user: String,
    host: String,
}

/// Debian's `/etc/bash.bashrc`, which an interactive bash reads (Debian builds bash with
/// `SYS_BASHRC`), sets `PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '`; outside a
/// chroot the first part is empty: `root@redis:/data# ` (bash parse.y `decode_prompt_string`).
const BASH_PS1: &str = "\\u@\\h:\\w\\$ ";

/// bash's `\u` for a uid `/etc/passwd` does not name (bash shell.c `get_current_user_info`).
const BASH_NO_NAME: &str = "I have no name!";

/// The world's sessions by id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sessions {
    by_id: Map<SessionId, Session>,
    next: Option<SessionId>,
    /// The nodes' own shells (`node -it -- LINE`).
    pub(crate) nodes: super::node_session::NodeSessions,
    /// The pods a `kubectl run -i` terminal is attached to.
    pub(crate) attached: super::attach::Attached,
}

/// What a terminal shows of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: SessionId,
    /// The prompt the shell prints before reading its next line (`/etc # `).
    pub prompt: String,
    /// The shell's exit status once it ended (`exit`, or killed with its container: 137).
    pub ended: Option<i32>,
}

/// The variables an interactive `sh` starts with: the container's environment, and dash's
/// own `PS1` unless the environment sets one (dash src/var.c `initvar`: `PS1=$ `, `# ` for
/// root, no escapes; busybox ash's default is `\w \$ `, `Shell::prompt`).
fn shell_vars(environ: &[(String, String)], dash: bool, bash: bool, root: bool) -> VarTable {
    let mut vars = VarTable::from_environ(environ);
    if bash {
        vars.insert(
            "PS1".to_owned(),
            podscope_shell::expand::Var {
                value: BASH_PS1.to_owned(),
                exported: false,
            },
        );
    } else if dash && vars.get("PS1").is_none() {
        let ps1 = if root { "# " } else { "$ " };
        vars.insert(
            "PS1".to_owned(),
            podscope_shell::expand::Var {
                value: ps1.to_owned(),
                exported: false,
            },
        );
    }
    vars
}

impl Sessions {
    fn session_mut(&mut self, id: SessionId) -> Option<&mut Session> {
        self.by_id.get_mut(&id)
    }

    /// The newest session on this container that has not ended.
    fn open_on(&self, p: PodId, slot: Slot) -> Option<SessionId> {
        self.by_id
            .iter()
            .rev()
            .find(|(_, s)| s.pod == p && s.slot == slot && s.ended.is_none())
            .map(|(id, _)| *id)
    }
}

impl World {
    /// Runs `line` in the session of the container at `slot`, opening one
    /// (`kubectl exec -it POD -c C -- sh`) if it has none open, and returns what the session
    /// printed since it was last read. The status is the shell's exit status if the line
    /// ended the session (`exit 3`), else 0: a command failing inside a session is the
    /// shell's business, not kubectl's.
    pub(crate) fn session_line(
        &mut self,
        p: PodId,
        slot: Slot,
        shell: &str,
        line: &str,
    ) -> Result<Output, CommandError> {
        self.notice_ended_sessions();
        let id = match self.sessions.open_on(p, slot) {
            Some(id) => id,
            None => {
                // A shell the image lacks fails the exec itself (`kubectl exec -it busybox
                // -- bash`), before any line is read.
                if let Some(failed) = self.exec_start_error(p, slot, &[shell.to_owned()]) {
                    return Ok(failed);
                }
                self.open_session(p, slot, shell)?
            }
        };
        let script = Arc::new(podscope_shell::parse(line));
        let Some(session) = self.sessions.session_mut(id) else {
            return Ok(Output::default());
        };
        match session.idle.take() {
            Some(mut proc_) => {
                let pid = session.pid;
                proc_.shell.feed(script);
                self.run_shell(proc_, pid, None);
            }
            None => {
                // Busy with a foreground command: the terminal keeps what is typed.
                if session.typeahead.len() < MAX_TYPEAHEAD {
                    session.typeahead.push_back(script);
                }
            }
        }
        self.notice_ended_sessions();
        let Some(session) = self.sessions.session_mut(id) else {
            return Ok(Output::default());
        };
        let mut text = std::mem::take(&mut session.out);
        let ended = session.ended;
        if let Some(code) = ended {
            text.push_str(&self.attached_session_ended(p, slot, code));
        }
        Ok(Output::failed(text, ended.unwrap_or(0)))
    }

    /// Starts the session's shell process in the container, as the runtime's exec does.
    fn open_session(
        &mut self,
        p: PodId,
        slot: Slot,
        program: &str,
    ) -> Result<SessionId, CommandError> {
        let (inst, main) = self.exec_target(p, slot)?;
        let (vars, root, who) = self.session_vars(p, slot, inst, main, program);
        let spawn = super::exec_spawn(main, program.to_owned());
        self.forget_ended_sessions();
        if self.sessions.by_id.len() >= MAX_SESSIONS {
            return Err(CommandError::TooManySessions(MAX_SESSIONS));
        }
        let id = self.sessions.next.unwrap_or(SessionId::FIRST);
        self.sessions.next = Some(id.next());
        let pid = match self.attached_shell(p, slot) {
            Some(pid) => pid,
            None => {
                let pid = self.spawn(spawn);
                self.exec_as_container_user(pid);
                self.runtime_init_threads(pid);
                pid
            }
        };
        let ctx = super::Ctx {
            pod: p,
            slot,
            pid,
            tty: None,
        };
        let shell = Shell::interactive(vars)
            .dialect(super::shells::dialect_of(self, ctx, program))
            .in_dir(&self.working_dir(p, slot));
        let prompt = shell.prompt_as(root, &who.user, &who.host);
        self.sessions.by_id.insert(
            id,
            Session {
                pod: p,
                slot,
                pid,
                root,
                who,
                idle: Some(ShellProc {
                    shell,
                    waiting_for: None,
                    sink: Sink::Session(id),
                    pod: p,
                    slot,
                    resumed_at: None,
                }),
                typeahead: VecDeque::new(),
                out: String::new(),
                ended: None,
                prompt,
            },
        );
        Ok(id)
    }

    /// A session's shell reached its prompt: it reads a line typed ahead, if any (the shell
    /// is handed back to go on), else waits at its prompt for the next one.
    pub(super) fn session_prompt(
        &mut self,
        id: SessionId,
        mut proc_: ShellProc,
    ) -> Option<ShellProc> {
        let session = self.sessions.session_mut(id)?;
        session.prompt = proc_
            .shell
            .prompt_as(session.root, &session.who.user, &session.who.host);
        match session.typeahead.pop_front() {
            Some(script) => {
                proc_.shell.feed(script);
                Some(proc_)
            }
            None => {
                session.idle = Some(proc_);
                None
            }
        }
    }

    /// What a session's shell and its children write to the terminal.
    pub(super) fn session_write(&mut self, id: SessionId, data: &str) {
        if let Some(s) = self.sessions.session_mut(id) {
            s.out.push_str(data);
            if s.out.len() > 2 * MAX_SESSION_OUTPUT {
                let mut cut = s.out.len() - MAX_SESSION_OUTPUT;
                while !s.out.is_char_boundary(cut) {
                    cut += 1;
                }
                s.out.drain(..cut);
            }
        }
    }

    /// A process exited with `status`: if it is a session's shell (`exit`, or a program it
    /// `exec`'d), the session ends with that status, as kubectl reports it.
    pub(super) fn session_process_exited(&mut self, pid: Pid, status: i32) {
        let id = self
            .sessions
            .by_id
            .iter()
            .find(|(_, s)| s.pid == pid && s.ended.is_none())
            .map(|(id, _)| *id);
        if let Some(id) = id {
            self.session_exited(id, status);
        }
    }

    fn session_exited(&mut self, id: SessionId, code: i32) {
        if let Some(s) = self.sessions.session_mut(id) {
            s.ended = Some(code);
            s.idle = None;
            s.typeahead.clear();
        }
    }

    /// Sessions whose shell process is gone without exiting by itself: the container
    /// stopped and the kernel killed everything in its PID namespace (kernel/pid_namespace.c
    /// `zap_pid_ns_processes` sends SIGKILL), so the exec's status is 128 + 9.
    fn notice_ended_sessions(&mut self) {
        let gone: Vec<SessionId> = self
            .sessions
            .by_id
            .iter()
            .filter(|(_, s)| s.ended.is_none())
            .filter(|(_, s)| self.node.process(s.pid).is_none_or(|q| q.is_zombie()))
            .map(|(id, _)| *id)
            .collect();
        for id in gone {
            let code = crate::model::signal::Signal::KILL.exit_code();
            self.session_exited(id, code);
            if let Some(s) = self.sessions.session_mut(id) {
                self.shells.remove(&s.pid);
            }
        }
    }

    /// Drops ended sessions, oldest first, to make room for a new one.
    fn forget_ended_sessions(&mut self) {
        while self.sessions.by_id.len() >= MAX_SESSIONS {
            let Some(id) = self
                .sessions
                .by_id
                .iter()
                .find(|(_, s)| s.ended.is_some())
                .map(|(id, _)| *id)
            else {
                return;
            };
            self.sessions.by_id.remove(&id);
        }
    }

    /// The session a terminal on this container is attached to: the newest one, open or
    /// ended, with the prompt it shows. A container with none yet shows the prompt a new
    /// session's shell would print (`None` if the container cannot be exec'd into).
    pub fn session_of(&self, p: PodId, slot: Slot) -> Option<SessionInfo> {
        self.sessions
            .by_id
            .iter()
            .rev()
            .find(|(_, s)| s.pod == p && s.slot == slot)
            .map(|(id, s)| self.info(*id, s))
    }

    /// `session_of` for a container named as a command names it (`demo/nginx`).
    pub fn session_for(&self, target: &crate::model::refs::ContainerRef) -> Option<SessionInfo> {
        let (p, slot, _) = self.resolve_container(target).ok()?;
        self.session_of(p, slot)
    }

    /// A session by id.
    pub fn session(&self, id: SessionId) -> Option<SessionInfo> {
        self.sessions.by_id.get(&id).map(|s| self.info(id, s))
    }

    fn info(&self, id: SessionId, s: &Session) -> SessionInfo {
        let killed = s.ended.is_none() && self.node.process(s.pid).is_none_or(|q| q.is_zombie());
        SessionInfo {
            id,
            prompt: s.prompt.clone(),
            ended: if killed {
                Some(crate::model::signal::Signal::KILL.exit_code())
            } else {
                s.ended
            },
        }
    }

    /// The prompt a new session's shell in this container would print: its environment's
    /// `PWD` and `HOME` through ash's default `PS1`. `None` if it is not running.
    pub fn fresh_prompt(&self, p: PodId, slot: Slot, program: &str) -> Option<String> {
        let (inst, main) = self.exec_target(p, slot).ok()?;
        let (vars, root, who) = self.session_vars(p, slot, inst, main, program);
        Some(
            Shell::interactive(vars)
                .in_dir(&self.working_dir(p, slot))
                .prompt_as(root, &who.user, &who.host),
        )
    }

    /// The variables a session's shell starts with, and whether it runs as root.
    fn session_vars(
        &self,
        p: PodId,
        slot: Slot,
        inst: &crate::sim::world::Instance,
        main: &crate::sim::node::Process,
        program: &str,
    ) -> (VarTable, bool, Who) {
        let exec_uid = self.exec_user(p, slot).map(|(u, _)| u.0);
        let root = main.uid.0 == 0 || exec_uid == Some(0);
        let ctx = super::Ctx {
            pod: p,
            slot,
            pid: main.pid,
            tty: None,
        };
        let dash = super::shells::dialect_of(self, ctx, program) == podscope_shell::Dialect::Dash;
        let bash = program.rsplit('/').next() == Some("bash");
        let who = if bash {
            let uid = exec_uid.unwrap_or(main.uid.0);
            let passwd = self.read_file(p, slot, "/etc/passwd").unwrap_or_default();
            Who {
                user: crate::sim::image::files::name_of(&passwd, uid)
                    .unwrap_or(BASH_NO_NAME)
                    .to_owned(),
                host: inst.hostname.clone(),
            }
        } else {
            Who::default()
        };
        (shell_vars(&inst.env, dash, bash, root), root, who)
    }

    /// The terminal width the process `pid` writes to, if its stdout is a session's terminal.
    pub(super) fn tty_columns(&self, sink: Sink) -> Option<usize> {
        match sink {
            Sink::Session(id) if self.sessions.by_id.contains_key(&id) => Some(TERMINAL_COLUMNS),
            Sink::Terminal => self.exec_tty,
            _ => None,
        }
    }
}
