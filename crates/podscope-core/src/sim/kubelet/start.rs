//! What the runtime does with a container's command once it is created: exec a program of
//! the image (an applet, a shell script, a catalog program), keep a shell that has a stdin or
//! a TTY waiting, or fail the start when the image has no such program.

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::{Pid, PodId};
use crate::sim::event::EventKind;
use crate::sim::exec::{image_lacks, main_is_applet, sh_is_dash};
use crate::sim::image::{ImageKind, Lifetime};
use crate::sim::kubelet::PLEG_RELIST_PERIOD;
use crate::sim::world::{
    ContainerState, Slot, Terminated, TerminatedReason, WaitingReason, Wakeup, World,
};

/// How the container's main process runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MainStart {
    /// As the image catalog's plan says (servers, `sleep`, `stress`, unknown images).
    Plan,
    /// A program podscope simulates, run once as PID 1 (`printenv`, `echo`, `wget …`).
    Applet(Vec<String>),
    /// `sh -c SCRIPT [NAME ARGS…]`.
    Script { script: String, args: Vec<String> },
    /// A shell given `-c` and nothing after it: busybox ash's `procargs` reports
    /// `sh: -c requires an argument` (`bb_msg_requires_arg`) and exits 2.
    ScriptMissing,
    /// The runtime could not find the program: the start fails.
    NotFound(String),
}

/// The shells whose `-c` the model runs.
fn is_shell(argv0: &str) -> bool {
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    matches!(name, "sh" | "ash" | "bash" | "dash")
}

/// Whether `argv0` is busybox's ash (dash and bash word their errors differently).
fn ash(kind: ImageKind, argv0: &str) -> bool {
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    matches!(name, "sh" | "ash") && !sh_is_dash(kind)
}

/// How a container of an image of `kind` runs `argv` (command, then args).
pub(crate) fn main_start(kind: ImageKind, argv: &[String]) -> MainStart {
    let Some(argv0) = argv.first() else {
        return MainStart::Plan;
    };
    // runc's `exec.LookPath(args[0])` in the new mount namespace
    // (libcontainer/standard_init_linux.go `Init`).
    if image_lacks(kind, argv0) {
        return MainStart::NotFound(argv0.clone());
    }
    if is_shell(argv0) {
        return match argv.get(1..) {
            Some([c, script, rest @ ..]) if c == "-c" => MainStart::Script {
                script: script.clone(),
                args: rest.to_vec(),
            },
            Some([c]) if c == "-c" && ash(kind, argv0) => MainStart::ScriptMissing,
            _ => MainStart::Plan,
        };
    }
    if main_is_applet(kind, argv) {
        return MainStart::Applet(argv.to_vec());
    }
    MainStart::Plan
}

/// A shell reading commands (no script: the image's `sh`/`bash` CMD, or `sh`, `sh -i`): with
/// neither `stdin` nor `tty` its stdin is `/dev/null`, it reads EOF and exits 0 at once; with
/// either the runtime keeps a stdin pipe or a terminal open and it waits for input
/// (containerd `WithStdin`/`WithTTY` in internal/cri/server/container_create_linux.go; the
/// docs' share-process-namespace `shell` container). `attached`: see `stdin_attached`.
pub(crate) fn interactive_lifetime(
    attached: bool,
    shell_reads_stdin: bool,
    planned: Lifetime,
) -> Lifetime {
    if !shell_reads_stdin {
        return planned;
    }
    if attached {
        Lifetime::Forever
    } else {
        Lifetime::Exits {
            after: crate::model::time::SimDuration::ZERO,
            code: 0,
        }
    }
}

/// Whether the runtime keeps the container's stdin open: its spec sets `stdin` or `tty`, or it
/// is an ephemeral container, which podscope adds only as `kubectl debug -it` does (kubectl
/// pkg/cmd/debug/debug.go `generateDebugContainer`: `Stdin: o.Interactive, TTY: o.TTY`).
pub(crate) fn stdin_attached(c: Option<&api::Container>, ephemeral: bool) -> bool {
    ephemeral || c.is_some_and(|c| c.stdin == Some(true) || c.tty == Some(true))
}

/// Whether the main process is a shell with no script: it reads its commands from stdin.
pub(crate) fn shell_reads_stdin(kind: ImageKind, argv: &[String]) -> bool {
    match argv {
        [] => matches!(
            kind,
            ImageKind::Busybox | ImageKind::Alpine | ImageKind::Debian | ImageKind::Python
        ),
        [sh] => is_shell(sh),
        [sh, i] => is_shell(sh) && i == "-i",
        _ => false,
    }
}

/// The error runc's start gives for a program the image lacks, as containerd's CRI plugin
/// returns it to the kubelet: runc create.go (`runc create failed: %w`),
/// libcontainer/container_linux.go (`unable to start container process: %w`),
/// libcontainer/process_linux.go (`error during container init: %w`), Go's `exec.LookPath`
/// (`exec: "x": executable file not found in $PATH`); containerd's shim `runtimeError`
/// (`OCI runtime create failed: <runc's last log line>`), core/runtime/v2/task_manager.go
/// (`failed to create shim task: %w`), internal/cri/server/container_start.go (`failed to
/// create containerd task: %w`), and the gRPC status's code text (`: unknown`).
pub(crate) fn not_found_message(argv0: &str) -> String {
    format!(
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{argv0}\": executable file not found in $PATH: unknown"
    )
}

impl World {
    /// The runtime could not start the container: containerd marks it exited with exit code
    /// 128 and reason `StartError` and the error as message (container_start.go, deferred
    /// on `retErr`: `errorStartExitCode`, `errorStartReason`); the kubelet records a Warning
    /// `Failed` event `Error: <message>` and, until the next start, reports the container
    /// Waiting with reason `RunContainerError` and the message (kuberuntime_container.go
    /// `startContainer` → `kubecontainer.ErrRunContainer`; kubelet_pods.go
    /// `convertToAPIContainerStatuses` reads the reason cache), its last state the
    /// terminated one. PLEG's next relist syncs the pod again.
    pub(crate) fn start_failed(&mut self, p: PodId, slot: Slot, message: String) {
        let now = self.now;
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        let key = pod.spec.key.clone();
        let Some(c) = pod.container_mut(slot) else {
            return;
        };
        let Some(inst) = c.instance.as_ref() else {
            return;
        };
        let monitor = inst.monitor_pid;
        c.last_state = Some(Terminated {
            exit_code: 128,
            reason: TerminatedReason::StartError,
            started_at: now,
            finished_at: now,
            container_id: inst.id,
        });
        c.state = ContainerState::Waiting {
            reason: WaitingReason::RunContainerError,
            message: Some(message.clone()),
        };
        c.ready = false;
        let name = c.spec.name.clone();
        if let Some(m) = monitor {
            self.node.remove_process(m);
        }
        self.record(key, Some(name), EventKind::Failed { message });
        self.schedule(now + PLEG_RELIST_PERIOD, Wakeup::SyncPod { pod: p });
    }

    /// Runs the main process `pid` as `start` says, once the container's instance exists.
    pub(crate) fn run_main(&mut self, p: PodId, slot: Slot, pid: Pid, start: MainStart) {
        match start {
            MainStart::Plan | MainStart::NotFound(_) => {}
            MainStart::Applet(argv) => self.start_program_main(p, slot, pid, &argv),
            MainStart::Script { script, args } => {
                self.start_shell_main(p, slot, pid, &script, args)
            }
            MainStart::ScriptMissing => {
                if let Some(inst) = self
                    .pods
                    .get_mut(p)
                    .and_then(|pod| pod.container_mut(slot))
                    .and_then(|c| c.instance.as_mut())
                {
                    crate::sim::exec::append_log(&mut inst.log, "sh: -c requires an argument\n");
                }
                self.exit_process(pid, 2, TerminatedReason::Error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn commands_become_applets_scripts_or_start_failures() {
        assert_eq!(
            main_start(ImageKind::Debian, &argv(&["printenv"])),
            MainStart::Applet(argv(&["printenv"]))
        );
        assert_eq!(
            main_start(ImageKind::Busybox, &argv(&["wget", "-O-", "myapp:80"])),
            MainStart::Applet(argv(&["wget", "-O-", "myapp:80"]))
        );
        assert_eq!(
            main_start(ImageKind::Busybox, &argv(&["sleep", "10"])),
            MainStart::Plan
        );
        assert_eq!(
            main_start(ImageKind::Nginx, &argv(&["nosuch", "x"])),
            MainStart::NotFound("nosuch".into())
        );
        // An image the catalog does not know may ship anything.
        assert_eq!(
            main_start(ImageKind::Other, &argv(&["/app/server"])),
            MainStart::Plan
        );
        assert_eq!(
            main_start(ImageKind::Busybox, &argv(&["/bin/sh", "-c"])),
            MainStart::ScriptMissing
        );
        assert_eq!(
            main_start(ImageKind::Busybox, &argv(&["sh", "-c", "echo hi", "x"])),
            MainStart::Script {
                script: "echo hi".into(),
                args: argv(&["x"])
            }
        );
    }

    #[test]
    fn a_shell_without_input_exits_and_with_stdin_or_tty_waits() {
        let with = |stdin, tty| api::Container {
            stdin,
            tty,
            ..api::Container::default()
        };
        let planned = Lifetime::Forever;
        assert!(shell_reads_stdin(ImageKind::Busybox, &[]));
        assert!(shell_reads_stdin(ImageKind::Nginx, &argv(&["sh"])));
        assert!(!shell_reads_stdin(ImageKind::Nginx, &[]));
        let exits = Lifetime::Exits {
            after: crate::model::time::SimDuration::ZERO,
            code: 0,
        };
        assert_eq!(
            interactive_lifetime(
                stdin_attached(Some(&with(None, None)), false),
                true,
                planned
            ),
            exits
        );
        assert_eq!(
            interactive_lifetime(
                stdin_attached(Some(&with(Some(true), None)), false),
                true,
                exits
            ),
            Lifetime::Forever
        );
        assert_eq!(
            interactive_lifetime(
                stdin_attached(Some(&with(None, Some(true))), false),
                true,
                exits
            ),
            Lifetime::Forever
        );
        assert_eq!(
            interactive_lifetime(
                stdin_attached(Some(&with(None, None)), false),
                false,
                planned
            ),
            planned
        );
        // An ephemeral container is `kubectl debug -it`'s: its shell waits.
        assert_eq!(
            interactive_lifetime(stdin_attached(None, true), true, exits),
            Lifetime::Forever
        );
    }
}
