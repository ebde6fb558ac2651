//! Shell processes in containers: `exec` (a shell line run as `kubectl exec` runs it, through
//! the runtime's exec into the container's namespaces) and containers whose command is a
//! shell script. The shell (`shell`) owns control flow; this module is its `Host`: programs
//! become processes or applets (`applets`, which the table in `programs` names per image), files are the container's (`files`), signals and
//! waits go through the process table.

mod applets;
pub(crate) mod apt;
pub(crate) mod attach;
mod df;
mod dns;
mod du;
mod fileops;
mod files;
mod free;
mod human;
mod ident;
mod links;
mod ls;
mod main_program;
mod meminfo;
mod mounts;
mod net;
pub mod node_files;
pub mod node_session;
mod outside;
mod procfs;
pub(crate) mod programs;
mod ps;
mod runtime_exec;
pub mod session;
mod shells;
mod stat;
mod statfs;
mod sysinfo;
mod text;
mod usage;

use std::sync::Arc;

pub(crate) use main_program::{image_lacks, main_is_applet};
pub(crate) use net::{http_status, pod_listener};

/// Whether an image of `kind` has Debian's dash as `/bin/sh` (else busybox's ash).
pub(crate) fn sh_is_dash(kind: crate::sim::image::ImageKind) -> bool {
    programs::sh_is_dash(kind)
}

use crate::model::ids::{Pid, PodId, SessionId};
use crate::model::linux_ns::NsKind;
use crate::model::signal::Signal;
use crate::model::sort::CollectMap as _;
use crate::model::time::SimDuration;
use crate::sim::image::ImageKind;
use crate::sim::node::ProcState;
use crate::sim::outcome::{CommandError, Output};
use crate::sim::process::Program;
use crate::sim::procs::Spawn;
use crate::sim::world::{ContainerState, Slot, TerminatedReason, Wakeup, World};
use podscope_shell as shell;
use podscope_shell::{
    ChildPid, ChildState, Env, Errno, FileKind, Host, Io, Lookup, Run, Script, Shell, VarTable,
    Yield,
};

pub use files::{FsError, Stat};

/// Where a shell process's own stdout and stderr go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sink {
    /// The container's log (its main process and what it starts).
    Log,
    /// The terminal of the `exec` being run.
    Terminal,
    /// Nowhere (an `exec` session that ended).
    Null,
    /// The terminal of an interactive session (`kubectl exec -it`, `session`).
    Session(SessionId),
}

/// A shell process and what it waits for.
#[derive(Clone, Debug)]
pub(crate) struct ShellProc {
    pub shell: Shell,
    pub waiting_for: Option<Pid>,
    pub sink: Sink,
    pub pod: PodId,
    pub slot: Slot,
    /// When it last resumed, and how many times in a row at that same instant: a loop whose
    /// children all end at once (`sleep 0`) would otherwise stop simulated time.
    pub resumed_at: Option<(crate::model::time::SimTime, u32)>,
}

/// Resumes at one simulated instant after which a shell counts as a busy loop.
const MAX_RESUMES_PER_INSTANT: u32 = 1_000;

/// The most processes one container may have: a fork bomb's `fork()` then fails with EAGAIN,
/// as the pids cgroup controller makes it (podscope's own bound; the kubelet's
/// `podPidsLimit` is unlimited by default).
pub(crate) const MAX_PROCESSES_PER_CONTAINER: usize = 1_024;

/// How much of a container's output the model keeps: the newest bytes, as the kubelet's
/// log rotation keeps the newest file (`containerLogMaxSize`, 10Mi by default; podscope keeps
/// 1 MiB).
pub(crate) const MAX_LOG_BYTES: usize = 1 << 20;

/// Appends to a container log, dropping the oldest bytes past `MAX_LOG_BYTES`.
pub(crate) fn append_log(log: &mut String, data: &str) {
    log.push_str(data);
    // Trim in batches so that a chatty loop costs amortised constant time per line.
    if log.len() > 2 * MAX_LOG_BYTES {
        let mut cut = log.len() - MAX_LOG_BYTES;
        while !log.is_char_boundary(cut) {
            cut += 1;
        }
        log.drain(..cut);
    }
}

/// An `Io` for an applet's unit test: no input, output collected, `/` as the working
/// directory.
#[cfg(test)]
pub(crate) fn test_io() -> Io<'static> {
    Io {
        stdin: "",
        stdin_from: podscope_shell::Source::Null,
        stdout_to: podscope_shell::Dest::Inherit(1),
        stderr_to: podscope_shell::Dest::Inherit(2),
        cwd: "/",
        stdout: String::new(),
        stderr: String::new(),
    }
}

/// How an applet or program went.
pub(crate) enum Applet {
    /// It finished at once with this status (its output written into `Io`).
    Done(i32),
    /// It keeps running as a process of its own.
    Start(Started),
    /// A shell run by name (`sh -c SCRIPT`): a new shell process runs the script.
    Shell(shells::ShellRun),
    NotFound,
}

/// A program that keeps running after `run` returns.
pub(crate) struct Started {
    pub cmdline: String,
    pub program: Program,
    pub mem_bytes: u64,
    /// It exits by itself with `code` after this long.
    pub exits: Option<(SimDuration, i32)>,
}

/// A shell line made ready to run many times (an exec probe's command): the command line
/// its process shows and the parsed script, shared by every run.
#[derive(Clone, Debug)]
pub(crate) struct ExecLine {
    cmdline: String,
    script: Arc<Script>,
}

impl ExecLine {
    pub(crate) fn new(line: &str) -> Self {
        ExecLine {
            // `kubectl exec POD -- ps` runs `ps` itself; a line that needs a shell is
            // `sh -c LINE`.
            cmdline: if line.contains(|c: char| ";|&<>()$`'\"\\*?~#=\n".contains(c)) {
                format!("sh -c {line}")
            } else {
                line.to_owned()
            },
            script: Arc::new(shell::parse(line)),
        }
    }
}

/// An exec'd process: the runtime's exec starts it in the container's namespaces and cgroup,
/// as its main process's user, a child of the runtime's shim.
pub(crate) fn exec_spawn(main: &crate::sim::node::Process, cmdline: String) -> Spawn {
    Spawn {
        node: main.node,
        ppid: main.ppid,
        ns: main.ns,
        uid: main.uid,
        cmdline,
        owner: main.owner.clone(),
        program: Program::Shell,
        mem_bytes: 1 << 20,
    }
}

/// The process a shell (or an applet) runs as.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ctx {
    pub pod: PodId,
    pub slot: Slot,
    pub pid: Pid,
    /// The width of the terminal its stdout is, if it is one (`isatty(1)`).
    pub tty: Option<usize>,
}

impl World {
    /// Runs `line` in container `c` of pod `p` and returns what it printed, as
    /// `kubectl exec POD -c C -- sh -c LINE` would. A foreground command that keeps running
    /// (`sleep 30`, a server) is left running in the container and the output so far is
    /// returned.
    /// Whether the image of the container at `slot` ships `argv0` (what the runtime's exec
    /// finds before it runs anything).
    pub(crate) fn has_program(&self, p: PodId, slot: Slot, argv0: &str) -> bool {
        let Some(pid) = self
            .pods
            .get(p)
            .and_then(|pod| pod.container(slot))
            .and_then(|c| c.instance.as_ref())
            .and_then(|i| i.pids.first().copied())
        else {
            return false;
        };
        applets::exists(
            self,
            Ctx {
                pod: p,
                slot,
                pid,
                tty: None,
            },
            argv0,
        )
    }

    /// What a plain `ps` in the running container at `slot` of pod `p` lists, read without
    /// running it (`applets::ps_listing`); `None` when the container has no process.
    pub fn ps_in_container(&self, p: PodId, slot: Slot) -> Option<String> {
        let pid = self
            .pods
            .get(p)?
            .container(slot)
            .filter(|c| matches!(c.state, ContainerState::Running { .. }))?
            .instance
            .as_ref()?
            .pids
            .first()
            .copied()?;
        Some(applets::ps_listing(
            self,
            Ctx {
                pod: p,
                slot,
                pid,
                tty: None,
            },
        ))
    }

    /// `exec` into the container at `slot` (app, init, sidecar or ephemeral).
    pub(crate) fn exec_in(
        &mut self,
        p: PodId,
        slot: Slot,
        line: &str,
    ) -> Result<Output, CommandError> {
        self.exec_line(p, slot, &ExecLine::new(line), None)
    }

    /// `exec_in` with a TTY of `TERMINAL_COLUMNS` columns as its standard output (`crictl exec
    /// -t`): what it runs sees a terminal.
    pub(crate) fn exec_in_tty(
        &mut self,
        p: PodId,
        slot: Slot,
        line: &str,
    ) -> Result<Output, CommandError> {
        self.exec_tty = Some(session::TERMINAL_COLUMNS);
        let out = self.exec_line(p, slot, &ExecLine::new(line), None);
        self.exec_tty = None;
        out
    }

    /// `exec_in` of a prepared line; `vars`, if given, is the container instance's
    /// environment as a variable table (`VarTable::from_environ` of `Instance::env`), kept
    /// by the caller across runs.
    pub(crate) fn exec_line(
        &mut self,
        p: PodId,
        slot: Slot,
        line: &ExecLine,
        vars: Option<&VarTable>,
    ) -> Result<Output, CommandError> {
        let (inst, main) = self.exec_target(p, slot)?;
        // The runtime execs a lone `env`/`printenv` itself: no shell reorders the environment.
        if vars.is_none()
            && let Some(out) = self.direct_environ(p, slot, std::slice::from_ref(&line.cmdline))
        {
            return Ok(Output::ok(out));
        }
        let spawn = exec_spawn(main, line.cmdline.clone());
        let vars = match vars {
            Some(v) => v.clone(),
            None => VarTable::from_environ(&inst.env),
        };
        let pid = self.spawn(spawn);
        self.exec_as_container_user(pid);
        self.runtime_init_threads(pid);
        // The line is `sh -c LINE`: Debian's sh is dash (its `echo` expands escapes).
        let ctx = Ctx {
            pod: p,
            slot,
            pid,
            tty: None,
        };
        let dialect = shells::dialect_of(self, ctx, "sh");
        let shell = Shell::with_vars(line.script.clone(), vars, Vec::new())
            .dialect(dialect)
            .in_dir(&self.working_dir(p, slot));
        self.exec_buf.clear();
        self.run_shell(
            ShellProc {
                shell,
                waiting_for: None,
                sink: Sink::Terminal,
                pod: p,
                slot,
                resumed_at: None,
            },
            pid,
            None,
        );
        // The session ends here: what still runs keeps running, but writes nowhere (its
        // background jobs too, or their output would pile up until the next exec).
        for s in self.shells.values_mut() {
            if s.sink == Sink::Terminal {
                s.sink = Sink::Null;
            }
        }
        let status = self.exec_status.take().unwrap_or(0);
        Ok(Output::failed(std::mem::take(&mut self.exec_buf), status))
    }

    /// What the runtime's exec needs of the container at `slot`: its running instance and
    /// main process, or kubectl's error for a container that is not running.
    pub(crate) fn exec_target(
        &self,
        p: PodId,
        slot: Slot,
    ) -> Result<(&crate::sim::world::Instance, &crate::sim::node::Process), CommandError> {
        let Some(pod) = self.pods.get(p) else {
            // Callers resolve the pod first; one gone since has no name left to report.
            return Err(CommandError::NoSuchPod(crate::model::ids::ObjectKey::new(
                "", "",
            )));
        };
        let key = pod.spec.key.clone();
        let Some(container) = pod.container(slot) else {
            return Err(CommandError::NotRunning(
                key,
                crate::model::ids::ContainerName(String::new()),
            ));
        };
        let (ContainerState::Running { .. }, Some(inst)) = (&container.state, &container.instance)
        else {
            return Err(CommandError::NotRunning(key, container.spec.name.clone()));
        };
        let Some(main) = inst.pids.first().and_then(|pid| self.node.process(*pid)) else {
            return Err(CommandError::NotRunning(key, container.spec.name.clone()));
        };
        Ok((inst, main))
    }

    /// Starts a container's main process as a shell running `script` (`sh -c SCRIPT`).
    pub(crate) fn start_shell_main(
        &mut self,
        p: PodId,
        slot: Slot,
        pid: Pid,
        script: &str,
        args: Vec<String>,
    ) {
        let parsed = shell::parse(script);
        let ctx = Ctx {
            pod: p,
            slot,
            pid,
            tty: None,
        };
        let argv0 = self
            .node
            .process(pid)
            .and_then(|q| q.cmdline.split(' ').next().map(str::to_owned))
            .unwrap_or_default();
        let dialect = shells::dialect_of(self, ctx, &argv0);
        let shell = Shell::new(&parsed, self.container_env(p, slot), args)
            .dialect(dialect)
            .in_dir(&self.working_dir(p, slot));
        self.run_shell(
            ShellProc {
                shell,
                waiting_for: None,
                sink: Sink::Log,
                pod: p,
                slot,
                resumed_at: None,
            },
            pid,
            None,
        );
    }

    /// The working directory a container's processes start in, execs too: the container's
    /// `workingDir`, else the image's `WORKDIR` (containerd internal/cri/server
    /// container_create.go `buildContainerSpec`: `WithProcessCwd(imageConfig.WorkingDir)`,
    /// then the CRI config's `WorkingDir` when set; an exec's process takes the container
    /// spec's cwd, runc libcontainer `Process.Cwd`).
    pub(crate) fn working_dir(&self, p: PodId, slot: Slot) -> String {
        let Some(pod) = self.pods.get(p) else {
            return "/".to_owned();
        };
        if let Some(dir) = crate::sim::probes::api_container(pod, slot)
            .and_then(|c| c.working_dir.as_deref())
            .filter(|d| d.starts_with('/'))
        {
            return dir.to_owned();
        }
        pod.container(slot)
            .map_or("/", |c| ImageKind::of(&c.spec.image).workdir())
            .to_owned()
    }

    /// The environment a container's processes start with (`env.rs`).
    pub(crate) fn container_env(&self, p: PodId, slot: Slot) -> Env {
        self.container_environ(p, slot).into_iter().collect_map()
    }

    /// Runs (or resumes with `status`) a shell process until it must wait, and acts on why
    /// it stopped.
    fn run_shell(&mut self, mut proc_: ShellProc, pid: Pid, mut status: Option<i32>) {
        // Each round either waits, ends, replaces the process, or resumes at once because the
        // child it waits for has already ended; the shell's own step budget (`Yield::Busy`)
        // bounds the rounds.
        loop {
            let ctx = Ctx {
                pod: proc_.pod,
                slot: proc_.slot,
                pid,
                tty: self.tty_columns(proc_.sink),
            };
            let yielded = {
                let mut host = ProcHost {
                    w: self,
                    ctx,
                    sink: proc_.sink,
                };
                match status.take() {
                    Some(s) => proc_.shell.resume(&mut host, s),
                    None => proc_.shell.run(&mut host),
                }
            };
            match yielded {
                Yield::Exited(code) => {
                    if proc_.sink == Sink::Terminal {
                        self.exec_status = Some(code);
                    }
                    self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
                    return;
                }
                Yield::WaitChild(ChildPid(child)) => {
                    if let Some(s) = self.finished.remove(&(pid, child)) {
                        status = Some(s);
                        continue;
                    }
                    let Some(host_child) = self.host_pid(pid, child) else {
                        // Not a process we know: resume as if it had ended.
                        status = Some(127);
                        continue;
                    };
                    if let Some(s) = self.exited.remove(&host_child) {
                        status = Some(s);
                        continue;
                    }
                    if self.node.process(host_child).is_none_or(|q| q.is_zombie()) {
                        status = Some(0);
                        continue;
                    }
                    proc_.waiting_for = Some(host_child);
                    self.shells.insert(pid, proc_);
                    return;
                }
                Yield::Exec(image) => {
                    self.exec_image(proc_, pid, &image.argv, &image.env);
                    return;
                }
                Yield::Busy => {
                    // A loop that never blocks: it keeps the CPU busy forever.
                    if let Some(q) = self.node.process_mut(pid) {
                        q.program = Program::Plain;
                    }
                    return;
                }
                Yield::Prompt => {
                    // An interactive shell reads its next line: one typed ahead, or it
                    // waits at its prompt.
                    let Sink::Session(id) = proc_.sink else {
                        let code = proc_.shell.status();
                        self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
                        return;
                    };
                    match self.session_prompt(id, proc_) {
                        Some(next) => proc_ = next,
                        None => return,
                    }
                }
            }
        }
    }

    /// The shell replaced itself with `argv` (`exec prog`, or ash's exec of the last command).
    fn exec_image(&mut self, proc_: ShellProc, pid: Pid, argv: &[String], env: &Env) {
        let ctx = Ctx {
            pod: proc_.pod,
            slot: proc_.slot,
            pid,
            tty: self.tty_columns(proc_.sink),
        };
        // The exec'd program keeps the shell's working directory (`sh -c 'cd /d; du'`).
        let cwd = proc_.shell.cwd().to_owned();
        let mut io = Io {
            stdin: "",
            stdin_from: shell::Source::Null,
            stdout_to: shell::Dest::Inherit(1),
            stderr_to: shell::Dest::Inherit(2),
            cwd: &cwd,
            stdout: String::new(),
            stderr: String::new(),
        };
        let outcome = applets::run(self, ctx, argv, env, &mut io);
        self.sink_write(proc_.sink, ctx, &io.stdout);
        self.sink_write(proc_.sink, ctx, &io.stderr);
        match outcome {
            Applet::Done(code) => {
                if proc_.sink == Sink::Terminal {
                    self.exec_status = Some(code);
                }
                self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
            }
            Applet::NotFound => {
                let name = argv.first().map_or("", String::as_str);
                self.sink_write(proc_.sink, ctx, &format!("sh: {name}: not found\n"));
                if proc_.sink == Sink::Terminal {
                    self.exec_status = Some(127);
                }
                self.exit_process(pid, 127, TerminatedReason::Error);
            }
            Applet::Shell(run) => {
                // The process becomes the new shell (same PID, its command line).
                if let Some(q) = self.node.process_mut(pid) {
                    q.cmdline = run.cmdline;
                    q.program = Program::Shell;
                }
                let parsed = shell::parse(&run.script);
                let shell = Shell::new(&parsed, env.clone(), run.args).dialect(run.dialect);
                self.run_shell(
                    ShellProc {
                        shell,
                        waiting_for: None,
                        sink: proc_.sink,
                        pod: proc_.pod,
                        slot: proc_.slot,
                        resumed_at: None,
                    },
                    pid,
                    None,
                );
            }
            Applet::Start(s) => {
                if let Some(q) = self.node.process_mut(pid) {
                    q.cmdline = s.cmdline;
                    q.program = s.program;
                    q.mem_bytes = s.mem_bytes;
                }
                if let Some((after, code)) = s.exits {
                    self.schedule(self.now + after, Wakeup::Exit { pid, code });
                }
                if self.check_oom(ctx.pod, ctx.slot) && proc_.sink == Sink::Terminal {
                    self.exec_status = Some(Signal::KILL.exit_code());
                }
            }
        }
    }

    /// Writes a shell's own output where it goes.
    pub(crate) fn sink_write(&mut self, sink: Sink, ctx: Ctx, data: &str) {
        if data.is_empty() {
            return;
        }
        match sink {
            Sink::Terminal => self.exec_buf.push_str(data),
            Sink::Log => {
                if let Some(inst) = self
                    .pods
                    .get_mut(ctx.pod)
                    .and_then(|pod| pod.container_mut(ctx.slot))
                    .and_then(|c| c.instance.as_mut())
                {
                    append_log(&mut inst.log, data);
                }
            }
            Sink::Session(id) => self.session_write(id, data),
            Sink::Null => {}
        }
    }

    /// A process ended: a shell waiting for it resumes; otherwise its status is kept for a
    /// later `wait`.
    pub(crate) fn child_exited(&mut self, pid: Pid, ppid: Pid, status: i32) {
        self.session_process_exited(pid, status);
        let waiter = self
            .shells
            .iter()
            .find(|(_, s)| s.waiting_for == Some(pid))
            .map(|(p, _)| *p);
        match waiter {
            Some(parent) => {
                if let Some(mut proc_) = self.shells.remove(&parent) {
                    proc_.waiting_for = None;
                    let now = self.now;
                    let count = match proc_.resumed_at {
                        Some((t, n)) if t == now => n + 1,
                        _ => 1,
                    };
                    proc_.resumed_at = Some((now, count));
                    if count > MAX_RESUMES_PER_INSTANT {
                        // A loop that never lets time pass: it burns the CPU forever.
                        if let Some(q) = self.node.process_mut(parent) {
                            q.program = Program::Plain;
                        }
                        return;
                    }
                    self.run_shell(proc_, parent, Some(status));
                }
            }
            None => {
                let parent_is_shell = self.shells.contains_key(&ppid)
                    || self
                        .node
                        .process(ppid)
                        .is_some_and(|q| q.program == Program::Shell);
                if parent_is_shell && self.exited.len() < 4096 {
                    self.exited.insert(pid, status);
                }
            }
        }
        self.shells.remove(&pid);
        self.fork_failed.remove(&pid);
        self.finished.retain(|(parent, _), _| *parent != pid);
    }

    /// How many processes belong to the same container as `owner` (zombies included, as the
    /// pids controller counts them).
    pub(crate) fn container_processes(&self, owner: &crate::sim::node::Owner) -> usize {
        self.node.processes_of(owner).count()
    }

    /// The host PID of PID `ns_pid` in the PID namespace of process `of`.
    pub(crate) fn host_pid(&self, of: Pid, ns_pid: i32) -> Option<Pid> {
        let ns = self.node.process(of)?.ns.get(NsKind::Pid);
        self.node
            .processes_in_pid_ns(ns)
            .find(|q| i64::from(q.ns_pid) == i64::from(ns_pid))
            .map(|q| q.pid)
    }
}

/// The world as one shell process sees it.
struct ProcHost<'w> {
    w: &'w mut World,
    ctx: Ctx,
    sink: Sink,
}

impl ProcHost<'_> {
    /// A child process of this shell running `child` (a fork, or a shell run by name), its
    /// command line `cmdline`.
    fn spawn_shell(&mut self, child: Shell, cmdline: String) -> ChildPid {
        let Some(me) = self.w.node.process(self.ctx.pid).cloned() else {
            return ChildPid(0);
        };
        if self.w.container_processes(&me.owner) >= MAX_PROCESSES_PER_CONTAINER {
            self.w.sink_write(
                self.sink,
                self.ctx,
                "sh: can't fork: Resource temporarily unavailable\n",
            );
            return ChildPid(0);
        }
        let pid = self.w.spawn(Spawn {
            node: me.node,
            ppid: self.ctx.pid,
            ns: me.ns,
            uid: me.uid,
            cmdline,
            owner: me.owner,
            program: Program::Shell,
            mem_bytes: me.mem_bytes,
        });
        let ns_pid = self.w.node.process(pid).map_or(0, |q| q.ns_pid);
        self.w.run_shell(
            ShellProc {
                shell: child,
                waiting_for: None,
                sink: self.sink,
                pod: self.ctx.pod,
                slot: self.ctx.slot,
                resumed_at: None,
            },
            pid,
            None,
        );
        let ns_pid = i32::try_from(ns_pid).unwrap_or(i32::MAX);
        // A child that already ended and was reaped: keep its status for the wait.
        if self.w.node.process(pid).is_none()
            && let Some(s) = self.w.exited.remove(&pid)
            && self.w.finished.len() < 4096
        {
            self.w.finished.insert((self.ctx.pid, ns_pid), s);
        }
        ChildPid(ns_pid)
    }
}

impl Host for ProcHost<'_> {
    fn run(&mut self, argv: &[String], env: &Env, io: &mut Io<'_>, background: bool) -> Run {
        let _ = background;
        match applets::run(self.w, self.ctx, argv, env, io) {
            Applet::Done(code) => Run::Done(code),
            Applet::NotFound => Run::NotFound,
            Applet::Shell(run) => {
                let parsed = shell::parse(&run.script);
                let child = Shell::new(&parsed, env.clone(), run.args).dialect(run.dialect);
                let pid = self.spawn_shell(child, run.cmdline);
                Run::Started(pid)
            }
            Applet::Start(s) => {
                let Some(me) = self.w.node.process(self.ctx.pid).cloned() else {
                    return Run::Done(1);
                };
                if self.w.fork_failed.contains(&self.ctx.pid) {
                    return Run::Done(2);
                }
                if self.w.container_processes(&me.owner) >= MAX_PROCESSES_PER_CONTAINER {
                    // ash's `forkchild` failing: "can't fork: Resource temporarily unavailable".
                    io.stderr
                        .push_str("sh: can't fork: Resource temporarily unavailable\n");
                    self.w.fork_failed.insert(self.ctx.pid);
                    return Run::Done(2);
                }
                let pid = self.w.spawn(Spawn {
                    node: me.node,
                    ppid: self.ctx.pid,
                    ns: me.ns,
                    uid: me.uid,
                    cmdline: s.cmdline,
                    owner: me.owner,
                    program: s.program,
                    mem_bytes: s.mem_bytes,
                });
                if let Some((after, code)) = s.exits {
                    self.w
                        .schedule(self.w.now + after, Wakeup::Exit { pid, code });
                }
                let ns_pid = self.w.node.process(pid).map_or(0, |q| q.ns_pid);
                if self.w.check_oom(self.ctx.pod, self.ctx.slot) {
                    return Run::Done(Signal::KILL.exit_code());
                }
                Run::Started(ChildPid(i32::try_from(ns_pid).unwrap_or(i32::MAX)))
            }
        }
    }

    fn fork(&mut self, child: Shell, background: bool) -> ChildPid {
        let _ = background;
        let cmdline = self
            .w
            .node
            .process(self.ctx.pid)
            .map(|q| q.cmdline.clone())
            .unwrap_or_default();
        self.spawn_shell(child, cmdline)
    }

    fn output(&mut self, fd: u32, data: &str) {
        let _ = fd;
        self.w.sink_write(self.sink, self.ctx, data);
    }

    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), Errno> {
        if matches!(
            path,
            "/dev/stdout" | "/dev/stderr" | "/proc/self/fd/1" | "/proc/self/fd/2"
        ) {
            self.w.sink_write(self.sink, self.ctx, data);
            return Ok(());
        }
        self.w
            .write_file(self.ctx.pod, self.ctx.slot, path, data, append)
            .map_err(errno)
    }

    fn read_file(&mut self, path: &str) -> Result<String, Errno> {
        self.w
            .read_file(self.ctx.pod, self.ctx.slot, path)
            .map_err(errno)
    }

    fn stat(&mut self, path: &str) -> Option<FileKind> {
        match self.w.stat(self.ctx.pod, self.ctx.slot, path)? {
            Stat::File => Some(FileKind::File),
            Stat::Dir => Some(FileKind::Dir),
        }
    }

    fn list_dir(&mut self, path: &str) -> Option<Vec<String>> {
        self.w.list_dir(self.ctx.pod, self.ctx.slot, path).ok()
    }

    fn kill(&mut self, pid: i32, signal: i32) -> Result<(), Errno> {
        let target = self
            .w
            .host_pid(self.ctx.pid, pid)
            .ok_or(Errno::NoSuchProcess)?;
        if signal != 0 {
            self.w.signal_process(target, Signal(signal));
        }
        Ok(())
    }

    fn child_state(&mut self, pid: ChildPid) -> ChildState {
        if let Some(s) = self.w.finished.get(&(self.ctx.pid, pid.0)) {
            return ChildState::Exited(*s);
        }
        let Some(host) = self.w.host_pid(self.ctx.pid, pid.0) else {
            return ChildState::Unknown;
        };
        if let Some(s) = self.w.exited.get(&host) {
            return ChildState::Exited(*s);
        }
        match self.w.node.process(host) {
            Some(q) if q.state == ProcState::Alive => ChildState::Running,
            _ => ChildState::Unknown,
        }
    }

    fn pid(&mut self) -> i32 {
        self.w
            .node
            .process(self.ctx.pid)
            .map_or(0, |q| i32::try_from(q.ns_pid).unwrap_or(i32::MAX))
    }

    fn lookup(&mut self, argv0: &str, _env: &Env) -> Lookup {
        if applets::exists(self.w, self.ctx, argv0) {
            Lookup::Found
        } else {
            Lookup::NotFound
        }
    }
}

fn errno(e: FsError) -> Errno {
    match e {
        FsError::NoEntry => Errno::NoEntry,
        FsError::IsDir => Errno::IsDir,
        FsError::NotDir => Errno::NotDir,
        FsError::ReadOnly => Errno::ReadOnly,
        FsError::Busy => Errno::Other(e.strerror().to_owned()),
    }
}
