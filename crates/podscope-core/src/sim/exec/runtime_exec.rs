//! The runtime's exec of a program by argv (`kubectl exec POD -- PROG ARGS`): before anything
//! runs, runc looks the program up in the container (Go `exec.LookPath` in runc
//! libcontainer/standard_init_linux.go / setns_init_linux.go), and a program the image lacks
//! fails the exec itself, reported as each runtime reports a failed exec start.

use crate::model::ids::{PodId, RuntimeId};
use crate::model::runtime::Runtime;
use crate::sim::outcome::Output;
use crate::sim::world::{Slot, World};

/// runc's text for a program it cannot find: `exec: "sh": executable file not found in
/// $PATH` for a bare name (Go os/exec `ErrNotFound` from `LookPath`), `exec: "/bin/bash":
/// stat /bin/bash: no such file or directory` for a path (LookPath's `findExecutable` stat
/// error), as runc libcontainer/standard_init_linux.go wraps it (`exec: %q: %w`) under
/// `unable to start container process:`.
pub(crate) fn runc_not_found(argv0: &str) -> String {
    let why = if argv0.contains('/') {
        format!("stat {argv0}: no such file or directory")
    } else {
        "executable file not found in $PATH".to_owned()
    };
    format!("exec failed: unable to start container process: exec: \"{argv0}\": {why}")
}

impl World {
    /// What `kubectl exec` prints when the running container at `slot` has no `argv0`, or
    /// `None` when it has (or the container does not run: the exec then reports that).
    ///
    /// containerd (internal/cri/server/container_execsync.go `execInternal`: `failed to start
    /// exec %q` with a new 64-hex exec ID; streaming.go `Exec`: `failed to exec in
    /// container`) hands the error to the kubelet's streaming server
    /// (pkg/kubelet/cri/streaming/remotecommand/exec.go `ServeExec`: not an exit error, so
    /// `error executing command in container: …` as an `InternalError`), which kubectl prints
    /// as `error: Internal error occurred: …` and exits 1. Public transcripts of containerd
    /// 1.6+ nodes show exactly this line. Docker Engine (cri-dockerd) passes docker's exec
    /// output through instead: `OCI runtime exec failed: …: unknown`, then kubectl's
    /// `command terminated with exit code 126` (docker's exec exit code for a start failure;
    /// transcripts of dockershim nodes).
    pub(crate) fn exec_start_error(
        &mut self,
        p: PodId,
        slot: Slot,
        argv: &[String],
    ) -> Option<Output> {
        let argv0 = argv.first()?;
        self.exec_target(p, slot).ok()?;
        if self.has_program(p, slot, argv0) {
            return None;
        }
        let oci = format!(
            "OCI runtime exec failed: {}: unknown",
            runc_not_found(argv0)
        );
        match self.runtime() {
            Runtime::Containerd => {
                let exec_id = RuntimeId::generate(&mut self.rng);
                Some(Output::failed(
                    format!(
                        "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": {oci}\n"
                    ),
                    1,
                ))
            }
            // crun's own wording (src/libcrun/utils.c `find_executable` failing in
            // `libcrun_container_exec`), exit status 127 (containers/crun#1688); how CRI-O's
            // conmon relays it to kubectl is unverified.
            Runtime::CriO => Some(Output::failed(
                format!(
                    "crun: executable file `{argv0}` not found in $PATH: No such file or directory\ncommand terminated with exit code 127\n"
                ),
                127,
            )),
            Runtime::Docker => Some(Output::failed(
                format!("{oci}\ncommand terminated with exit code 126\n"),
                126,
            )),
        }
    }
}
