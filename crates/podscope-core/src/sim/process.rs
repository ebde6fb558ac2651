//! What a simulated process does: its program's reaction to signals, whether it reaps its
//! children, what it listens on and how much memory it holds. The world (`procs.rs`) moves
//! processes through time; this module only answers questions about one program.

use crate::model::signal::Signal;

/// The behaviour of a running program, as far as the node can observe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// `/pause`: `sigdown` for SIGINT and SIGTERM (exit 0), `sigreap` reaping every child
    /// (kubernetes/kubernetes build/pause/linux/pause.c).
    Pause,
    /// nginx's master: SIGTERM/SIGINT fast shutdown, SIGQUIT graceful shutdown, both exit 0
    /// (nginx src/os/unix/ngx_process.c `ngx_signal_handler`); reaps its workers.
    NginxMaster,
    NginxWorker,
    /// A catalog server that exits with `term_exit` on SIGTERM (or its image's STOPSIGNAL).
    Server {
        term_exit: i32,
    },
    /// A program without signal handlers that never waits for children (`sleep`, `tail -f`,
    /// an unknown binary): the default action of each signal applies.
    Plain,
    /// A shell waiting for its foreground command: no SIGTERM handler (a non-interactive
    /// `sh -c`), reaps the children it waits for.
    Shell,
    /// A memory hog (`stress --vm`, `tail /dev/zero`): grows until the cgroup limit.
    Hog,
}

/// What a signal does to a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// Nothing happens (ignored, or the default action is to ignore).
    Ignore,
    /// A handler runs and the program exits with this status.
    Exit(i32),
    /// The signal's default action kills it (exit status 128 + signal).
    Die,
}

impl Program {
    /// Whether the program installed a handler for `sig`, and the status it then exits with.
    fn handler(&self, sig: Signal) -> Option<i32> {
        match self {
            Program::Pause if sig == Signal::TERM || sig == Signal::INT => Some(0),
            Program::NginxMaster
                if sig == Signal::TERM || sig == Signal::INT || sig == Signal::QUIT =>
            {
                Some(0)
            }
            Program::Server { term_exit } if sig == Signal::TERM || sig == Signal::INT => {
                Some(*term_exit)
            }
            _ => None,
        }
    }

    /// Whether the program handles `sig` and keeps running: nginx's master reloads its
    /// configuration on SIGHUP (`ngx_signal_handler`: `ngx_reconfigure`), the docs'
    /// share-process-namespace `kill -HUP`.
    fn survives(&self, sig: Signal) -> bool {
        matches!(self, Program::NginxMaster) && sig == Signal::HUP
    }

    /// What `sig` does to this program running as `init_of_ns` (PID 1 of a PID namespace
    /// other than the host's) or not.
    ///
    /// Models the kernel's rule for a namespace's init (kernel/signal.c `sig_task_ignored`
    /// with `SIGNAL_UNKILLABLE`): a signal the init has no handler for is dropped, except
    /// SIGKILL and SIGSTOP sent from an ancestor namespace, which is where the runtime and
    /// the kubelet's `kill` come from.
    pub fn on_signal(&self, sig: Signal, init_of_ns: bool) -> Reaction {
        if sig == Signal::KILL {
            return Reaction::Die;
        }
        if let Some(code) = self.handler(sig) {
            return Reaction::Exit(code);
        }
        if self.survives(sig) {
            return Reaction::Ignore;
        }
        if init_of_ns || !default_kills(sig) {
            return Reaction::Ignore;
        }
        Reaction::Die
    }

    /// Whether the program waits for its children, so that they never linger as zombies.
    pub fn reaps(&self) -> bool {
        matches!(
            self,
            Program::Pause | Program::NginxMaster | Program::Shell | Program::Server { .. }
        )
    }
}

/// Whether a signal's default action terminates the process (signal(7): Term and Core
/// actions), rather than ignoring it (SIGCHLD, SIGWINCH, SIGURG) or stopping it.
fn default_kills(sig: Signal) -> bool {
    !matches!(sig.0, 17 | 18 | 19 | 20 | 21 | 22 | 23 | 28)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn pid_one_without_a_handler_ignores_term_but_not_kill() {
        assert_eq!(
            Program::Plain.on_signal(Signal::TERM, true),
            Reaction::Ignore
        );
        assert_eq!(Program::Plain.on_signal(Signal::TERM, false), Reaction::Die);
        assert_eq!(Program::Plain.on_signal(Signal::KILL, true), Reaction::Die);
        assert_eq!(
            Program::Pause.on_signal(Signal::TERM, true),
            Reaction::Exit(0)
        );
        assert_eq!(
            Program::NginxMaster.on_signal(Signal::QUIT, true),
            Reaction::Exit(0)
        );
        assert_eq!(
            Program::Plain.on_signal(Signal::WINCH, false),
            Reaction::Ignore
        );
        assert_eq!(
            Program::NginxMaster.on_signal(Signal::HUP, false),
            Reaction::Ignore
        );
        assert_eq!(Program::Plain.on_signal(Signal::HUP, false), Reaction::Die);
    }
}
