//! `kubectl run -it [--rm] NAME --image=… sh`: kubectl creates the pod, waits for it to run
//! and attaches the terminal to its container (kubectl pkg/cmd/run/run.go `Run`,
//! `handleAttachPod`; pkg/cmd/attach/attach.go `Run`). The terminal's lines then go to the
//! container's shell as an interactive session's do; when that shell exits, the container's
//! main process ends with its status, and with `--rm` kubectl deletes the pod
//! (`removeCreatedObjects`, printing delete's `pod "NAME" deleted from NS namespace`).
//!
//! `kubectl attach -it POD -c C` connects the terminal to the container's own stdin: when
//! its main process is a shell reading that stdin (`stdin: true`, the docs'
//! share-process-namespace `shell` container), the lines typed next are that shell's, so `ps`
//! shows no other `sh`. `kubectl run -it`'s session is simplified: its shell is a process
//! beside the container's PID 1, so `ps` there shows one more `sh`.

use podscope_collections::{Map, Set};

use crate::model::ids::PodId;
use crate::model::kubectl::{ATTACH_BANNER, Attach};
use crate::sim::outcome::Output;
use crate::sim::world::{Slot, TerminatedReason, World};

/// The pods a terminal is attached to by `kubectl run -i`, by pod.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attached {
    by_pod: Map<PodId, Attach>,
    /// The containers `kubectl attach -i` connected the terminal to.
    terminals: Set<(PodId, Slot)>,
}

/// The most attached pods remembered (podscope's bound: one terminal attaches at a time).
const MAX_ATTACHED: usize = 64;

impl World {
    /// `kubectl run -i`: the pod `p` was created; kubectl attaches and prints attach's
    /// banner (with a terminal, unless `--quiet`) instead of `pod/NAME created`.
    pub(crate) fn attach_run(&mut self, p: PodId, how: Attach) -> Output {
        let attached = &mut self.sessions.attached.by_pod;
        if attached.len() >= MAX_ATTACHED
            && let Some(oldest) = attached.first_key_value().map(|(k, _)| *k)
        {
            attached.remove(&oldest);
        }
        attached.insert(p, how);
        if how.quiet || !how.tty {
            return Output::default();
        }
        Output::ok(ATTACH_BANNER)
    }

    /// `kubectl attach -i POD -c C`: the terminal's next lines go to the container's stdin.
    pub(crate) fn attach_terminal(&mut self, p: PodId, slot: Slot) {
        let terminals = &mut self.sessions.attached.terminals;
        if terminals.len() >= MAX_ATTACHED
            && let Some(oldest) = terminals.iter().next().copied()
        {
            terminals.remove(&oldest);
        }
        terminals.insert((p, slot));
    }

    /// The shell a new session on `p`'s container at `slot` is: the container's main process
    /// when a terminal is attached to its stdin and it is a shell waiting there (its host
    /// PID), else `None` (the session execs a shell of its own).
    pub(crate) fn attached_shell(&self, p: PodId, slot: Slot) -> Option<crate::model::ids::Pid> {
        if !self.sessions.attached.terminals.contains(&(p, slot)) {
            return None;
        }
        let main = self.reader_ctx(p, slot)?.pid;
        let q = self.node.process(main)?;
        (q.program == crate::sim::process::Program::Shell && !q.is_zombie()).then_some(main)
    }

    /// A session on `p`'s container at `slot` ended with `code`: if a `kubectl run -i`
    /// terminal is attached to the pod, its container's main process ends with the shell's
    /// status, and with `--rm` the pod is deleted; returns what kubectl prints then.
    pub(crate) fn attached_session_ended(&mut self, p: PodId, slot: Slot, code: i32) -> String {
        let Some(how) = self.sessions.attached.by_pod.remove(&p) else {
            return String::new();
        };
        let main = self
            .pods
            .get(p)
            .and_then(|pod| pod.container(slot))
            .and_then(|c| c.instance.as_ref())
            .and_then(|i| i.pids.first().copied());
        if let Some(pid) = main {
            self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
        }
        if !how.remove {
            return String::new();
        }
        self.delete_pod(p, None).text
    }
}
