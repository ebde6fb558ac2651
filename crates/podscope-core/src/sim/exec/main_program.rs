//! A container whose command is one of the image's programs that podscope simulates
//! (`printenv`, `echo`, `env`, `date`, `ls`, `true`, `wget …`): the runtime execs it as PID 1,
//! it writes to the container's log and exits with its own status, as the applet does when a
//! shell runs it.

use super::programs::{self, Runs, Simulated as S};
use super::{Applet, Ctx, ShellProc, Sink, applets};
use crate::model::ids::{Pid, PodId};
use crate::sim::image::ImageKind;
use crate::sim::process::Program;
use crate::sim::world::{Slot, TerminatedReason, Wakeup, World};
use podscope_shell::{Dest, Io, Source};

/// Whether a container of an image of `kind` whose argv (command, then args) is `argv` runs
/// a simulated program as its main process. The catalog's own plans keep the programs whose
/// process they shape themselves: `sleep` (its lifetime), `stress`, servers and nginx.
pub(crate) fn main_is_applet(kind: ImageKind, argv: &[String]) -> bool {
    let Some(argv0) = argv.first() else {
        return false;
    };
    match programs::find(kind, &[], argv0).map(|f| f.runs) {
        Some(Runs::Sim(s)) => !matches!(s, S::Sleep | S::Stress | S::Nginx | S::Server),
        _ => false,
    }
}

/// What the program the runtime could not find reports, and whether the image lacks it.
/// Only the images whose files the catalog knows: an image it does not know may ship any
/// binary, so its command is taken to exist.
pub(crate) fn image_lacks(kind: ImageKind, argv0: &str) -> bool {
    let known = matches!(
        kind,
        ImageKind::Busybox
            | ImageKind::Alpine
            | ImageKind::Nginx
            | ImageKind::Redis
            | ImageKind::Httpd
            | ImageKind::Postgres
            | ImageKind::Python
            | ImageKind::Debian
            | ImageKind::NodeHello
    );
    known && programs::find(kind, &[], argv0).is_none()
}

/// The image kind of the container at `slot`.
fn kind_of(w: &World, p: PodId, slot: Slot) -> ImageKind {
    w.pods
        .get(p)
        .and_then(|pod| pod.container(slot))
        .map_or(ImageKind::Other, |c| ImageKind::of(&c.spec.image))
}

impl World {
    /// What `env` or `printenv` without arguments prints when the runtime execs it directly
    /// (the container's command, or `kubectl exec POD -- printenv`): the environment in the
    /// order of the OCI spec, as no shell re-exported it in its own order; `None` for any
    /// other command line.
    pub(crate) fn direct_environ(&self, p: PodId, slot: Slot, argv: &[String]) -> Option<String> {
        let [name] = argv else {
            return None;
        };
        let runs = programs::find(kind_of(self, p, slot), &[], name).map(|f| f.runs);
        if runs != Some(Runs::Sim(S::Env)) {
            return None;
        }
        let mut out = String::new();
        for (k, v) in self.container_environ(p, slot) {
            out.push_str(&format!("{k}={v}\n"));
        }
        Some(out)
    }

    /// Runs the container's main process `pid` as the program `argv` names: its output goes
    /// to the container's log; it exits with the program's status, or keeps running as the
    /// process the program becomes (`tail -f`, `yes`).
    pub(crate) fn start_program_main(&mut self, p: PodId, slot: Slot, pid: Pid, argv: &[String]) {
        let ctx = Ctx {
            pod: p,
            slot,
            pid,
            tty: None,
        };
        let env = self.container_env(p, slot);
        let mut io = Io {
            stdin: "",
            stdin_from: Source::Null,
            stdout_to: Dest::Inherit(1),
            stderr_to: Dest::Inherit(2),
            cwd: "/",
            stdout: String::new(),
            stderr: String::new(),
        };
        let outcome = match self.direct_environ(p, slot, argv) {
            Some(out) => {
                io.stdout = out;
                Applet::Done(0)
            }
            _ => applets::run(self, ctx, argv, &env, &mut io),
        };
        self.sink_write(Sink::Log, ctx, &io.stdout);
        self.sink_write(Sink::Log, ctx, &io.stderr);
        match outcome {
            Applet::Done(code) => {
                self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
            }
            // A shell run by name (`sh FILE`): PID 1 becomes that shell, writing to the log.
            Applet::Shell(run) => {
                if let Some(q) = self.node.process_mut(pid) {
                    q.cmdline = run.cmdline;
                    q.program = Program::Shell;
                }
                let parsed = podscope_shell::parse(&run.script);
                let shell = podscope_shell::Shell::new(&parsed, env.clone(), run.args)
                    .dialect(run.dialect)
                    .in_dir(&self.working_dir(p, slot));
                let proc_ = ShellProc {
                    shell,
                    waiting_for: None,
                    sink: Sink::Log,
                    pod: p,
                    slot,
                    resumed_at: None,
                };
                self.run_shell(proc_, pid, None);
            }
            // `main_is_applet` found it; an image without it never starts (kubelet).
            Applet::NotFound => self.exit_process(pid, 127, TerminatedReason::Error),
            Applet::Start(s) => {
                if let Some(q) = self.node.process_mut(pid) {
                    q.cmdline = s.cmdline;
                    q.program = s.program;
                    q.mem_bytes = s.mem_bytes;
                }
                if let Some((after, code)) = s.exits {
                    self.schedule(self.now + after, Wakeup::Exit { pid, code });
                }
                self.check_oom(p, slot);
            }
        }
    }
}
