//! The PIDs the OCI runtime's own init takes in a container's PID namespace.
//!
//! runc starts a container's process (and each exec) through `runc init`: nsexec's stage-2
//! child is the first process of the new (or joined) PID namespace and becomes the
//! container's program at `execve` (opencontainers/runc libcontainer/nsenter/nsexec.c,
//! `STAGE_INIT`: "the only process that will actually return to the Go runtime"). Before that
//! it runs Go (libcontainer/init_linux.go `Init`), whose runtime starts OS threads (sysmon,
//! the template thread of a `LockOSThread`ed init, idle Ps' spinning Ms) before `Init` sets
//! `GOMAXPROCS(1)`. Each thread takes a PID of the namespace; `execve` ends them, so the
//! numbers stay used: after `sleep 1h` at PID 1, an exec'd `sh` is PID 6 on the docs'
//! security-context page. How many threads the scheduler starts is not fixed by the source;
//! the docs' pages show 2 to 6 (security-context: 4, 6 and 3 at a start, share-process-
//! namespace: 6 for the pause, 5 for each container joining, configure-volume-storage: 2 at
//! an exec), so the model draws the count in that range from a generator seeded by the
//! process's host PID (which the world's seeded generator gave), without consuming the
//! world's own stream. crun (CRI-O's default) is C and forks its child straight into the
//! namespace: no threads.

use crate::model::ids::Pid;
use crate::model::linux_ns::NsKind;
use crate::model::rng::SeededRng;
use crate::model::runtime::Runtime;
use crate::sim::world::World;

/// The fewest and most Go threads `runc init` is modelled to start (the docs' pages' range).
const RUNC_INIT_THREADS: (u64, u64) = (2, 6);

impl World {
    /// `pid` was just started by the runtime in a container (its main process or an exec):
    /// the threads its `runc init` ran take the next PIDs of its PID namespace.
    pub(crate) fn runtime_init_threads(&mut self, pid: Pid) {
        if self.runtime == Runtime::CriO {
            return;
        }
        let Some(p) = self.node.process(pid) else {
            return;
        };
        let pid_ns = p.ns.get(NsKind::Pid);
        let mut rng = SeededRng::new(u64::from(pid.0) ^ 0x7275_6E63_696E_6974);
        let threads = rng.between(RUNC_INIT_THREADS.0, RUNC_INIT_THREADS.1);
        self.node.skip_ns_pids(pid_ns, threads as u32);
    }
}
