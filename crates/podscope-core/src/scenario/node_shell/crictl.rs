//! The crictl commands that change the node: `crictl exec [-i] [-t] CONTAINER-ID COMMAND
//! [ARG…]`, cri-tools v1.35.0 cmd/crictl/exec.go (`runtimeExecCommand`, `Exec`, `stream`),
//! and `crictl pull NAME` (image.go `pullImageCommand`). The ID (or a prefix of it)
//! names a running container of the node's runtime; the command runs in it as `kubectl
//! exec` runs one, with a terminal when `-t` asks for one. Errors are containerd's, passed
//! on by crictl through `logrus.Fatal` (`crictl::fatal`).

use crate::model::image_ref::parse_normalized;
use crate::model::kubectl::words::join_words;
use crate::sim::outcome::Output;
use crate::sim::world::{ContainerState, World};
use crate::views::crictl::args::{self, Flag};
use crate::views::crictl::images::image_id;
use crate::views::crictl::{fatal, find, incorrect_usage, unmodelled};

const FLAGS: &[Flag] = &[
    Flag::bool("sync").short('s'),
    Flag::value("timeout"),
    Flag::bool("tty").short('t'),
    Flag::bool("interactive").short('i'),
    Flag::value("transport").short('r'),
    Flag::value("name"),
    Flag::value("pod").short('p'),
    Flag::value("image"),
    Flag::value("state"),
    Flag::value("label"),
    Flag::bool("latest").short('l'),
    Flag::value("last").short('n'),
    Flag::bool("quiet").short('q'),
    Flag::bool("ignore-errors").short('e'),
    Flag::bool("parallel").short('x'),
    Flag::value("tls-sni"),
    Flag::value("tls-ca"),
    Flag::value("tls-cert"),
    Flag::value("tls-key"),
];

/// Runs `crictl exec WORDS…` (the words after `exec`) on node `node`.
pub(super) fn exec(world: &mut World, node: usize, words: &[String]) -> Output {
    let p = match args::parse(FLAGS, words) {
        Ok(p) => p,
        Err(e) => return incorrect_usage("exec", &e),
    };
    for f in [
        "name",
        "pod",
        "image",
        "state",
        "label",
        "last",
        "timeout",
        "transport",
    ] {
        if p.value(f).is_some() {
            return unmodelled(&format!("crictl exec --{f}"));
        }
    }
    for f in ["sync", "latest", "parallel", "ignore-errors"] {
        if p.has(f) {
            return unmodelled(&format!("crictl exec --{f}"));
        }
    }
    let [id, command @ ..] = p.args.as_slice() else {
        return help();
    };
    if command.is_empty() {
        return help();
    }
    let wrap = |m: &str| fatal(&format!("execing command in container {id}: {m}"));
    let Some(found) = find::container(world, node, id) else {
        // containerd v2.2.0 internal/cri/server/container_exec.go `Exec`.
        return wrap(&format!(
            "rpc error: code = NotFound desc = failed to find container \"{id}\" in store: not found"
        ));
    };
    let running = found.current && matches!(found.container.state, ContainerState::Running { .. });
    if !running {
        // The same `Exec`: `container is in %s state` (criContainerStateToString), an error
        // without a gRPC code (Unknown).
        return wrap("rpc error: code = Unknown desc = container is in CONTAINER_EXITED state");
    }
    // exec.go `stream`, after the runtime answered: a TTY needs stdin.
    if p.has("tty") && !p.has("interactive") {
        return wrap("tty=true must be specified with interactive=true");
    }
    let (pod, slot) = (found.pod_id, found.slot);
    if command
        .first()
        .is_some_and(|argv0| !world.has_program(pod, slot, argv0))
    {
        return unmodelled("crictl exec of a program the image does not have");
    }
    let line = join_words(command);
    let ran = if p.has("tty") {
        world.exec_in_tty(pod, slot, &line)
    } else {
        world.exec_in(pod, slot, &line)
    };
    match ran {
        // client-go remotecommand's `CodeExitError` for a non-zero exit, wrapped by exec.go.
        Ok(out) if out.status != 0 => {
            let mut failed = wrap(&format!("command terminated with exit code {}", out.status));
            failed.text.insert_str(0, &out.text);
            failed
        }
        Ok(out) => out,
        Err(e) => wrap(&e.to_string()),
    }
}

const PULL_FLAGS: &[Flag] = &[
    Flag::value("creds"),
    Flag::value("auth"),
    Flag::value("username").short('u'),
    Flag::value("pod-config"),
    Flag::value("annotation").short('a'),
    Flag::value("pull-timeout"),
];

/// Runs `crictl pull WORDS…`: for an image the node has, containerd resolves it, finds it
/// current and answers with its image ID (containerd v2.2.0
/// internal/cri/server/images/image_pull.go `PullImage` returns `imageID`), which crictl
/// prints (`Image is up to date for %s`). A pull of an image the node lacks is not modelled
/// (the kubelet's pulls are: `sim::pull`).
pub(super) fn pull(world: &World, words: &[String]) -> Output {
    let p = match args::parse(PULL_FLAGS, words) {
        Ok(p) => p,
        Err(e) => return incorrect_usage("pull", &e),
    };
    if !p.values.is_empty() {
        return unmodelled("crictl pull with credentials, a pod config, annotations or a timeout");
    }
    let name = match p.args.as_slice() {
        [] => return fatal("image name cannot be empty"),
        [name] if name.is_empty() => return fatal("image name cannot be empty"),
        [name] => name,
        _ => return Output::ok("NAME:\n   crictl pull - Pull an image from a registry\n"),
    };
    let Ok(reference) = parse_normalized(name) else {
        return unmodelled("crictl pull of a reference that does not parse");
    };
    let full = reference.full();
    if !world.images.is_present(&full) {
        return unmodelled("crictl pull of an image the node does not have");
    }
    Output::ok(format!("Image is up to date for {}\n", image_id(&full)))
}

/// `cli.ShowSubcommandHelp` (the model prints its first lines).
fn help() -> Output {
    Output::ok("NAME:\n   crictl exec - Run a command in a running container\n")
}
