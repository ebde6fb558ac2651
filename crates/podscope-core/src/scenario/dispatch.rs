//! Carrying out commands: resolving a command's pod and container references against the
//! world, then handing the command to the rule that models it. This is the facade over the
//! simulation: reading a manifest for `apply` and running the node's shell happen here, above
//! the world, not inside it.

use crate::scenario::command::Command;
use crate::sim::outcome::{CommandError, Output};
use crate::sim::world::{ContainerState, World};

/// Carries out a command at the current simulated time and returns what it printed; the
/// controllers then react to what it changed (a deleted pod's replacement).
pub fn apply(world: &mut World, cmd: &Command) -> Result<Output, CommandError> {
    let out = carry_out(world, cmd);
    world.reconcile(false);
    out
}

/// The prompt a command's terminal shows before it runs: for a line typed into a session,
/// the prompt of the container's open session, or the one a new session would print
/// (`/ # `); `None` for other commands, or when the container cannot be exec'd into.
pub fn prompt_before(world: &World, cmd: &Command) -> Option<String> {
    if let Command::NodeSession { node, .. } = cmd {
        let i = node_index(world, node.as_deref()).ok()?;
        return Some(crate::scenario::node_shell::session::prompt(world, i));
    }
    let Command::Session { target, shell, .. } = cmd else {
        return None;
    };
    let (p, slot, _) = world.resolve_container(target).ok()?;
    match world.session_of(p, slot) {
        Some(s) if s.ended.is_none() => Some(s.prompt),
        _ => world.fresh_prompt(p, slot, shell.as_deref().unwrap_or("sh")),
    }
}

/// The node a command names (the first unless named).
fn node_index(w: &World, name: Option<&str>) -> Result<usize, CommandError> {
    match name {
        None => Ok(0),
        Some(name) => w
            .node_index(name)
            .ok_or_else(|| CommandError::NoSuchNode(name.to_owned())),
    }
}

fn carry_out(w: &mut World, cmd: &Command) -> Result<Output, CommandError> {
    match cmd {
        Command::Kill { target, signal } => {
            let (p, slot, pod) = w.resolve_container(target)?;
            let key = pod.spec.key.clone();
            let Some(container) = pod.container(slot) else {
                return Err(CommandError::NoSuchContainer(key, target.container.clone()));
            };
            if !matches!(container.state, ContainerState::Running { .. }) {
                return Err(CommandError::NotRunning(key, container.spec.name.clone()));
            }
            w.signal_container(p, slot, *signal);
            Ok(Output::default())
        }
        Command::KillSandbox { pod } => {
            let (p, pod) = w.resolve(pod)?;
            let key = pod.spec.key.clone();
            let Some(sandbox) = &pod.sandbox else {
                return Err(CommandError::NoSandbox(key, "it has no sandbox"));
            };
            if sandbox.pid.is_none() {
                return Err(CommandError::NoSandbox(
                    key,
                    "the runtime runs no infra container for it",
                ));
            }
            w.kill_sandbox(p);
            Ok(Output::default())
        }
        Command::Exec { target, line } => {
            let (p, slot, _) = w.resolve_container(target)?;
            w.exec_in(p, slot, line)
        }
        Command::Session {
            target,
            shell,
            line,
        } => {
            let (p, slot, _) = w.resolve_container(target)?;
            w.session_line(p, slot, shell.as_deref().unwrap_or("sh"), line)
        }
        // The node's shell: `kubectl` (whose `delete`, `scale`, `rollout`, `exec` and `debug`
        // change the world), `crictl`, `docker`, `ps`, `lsns`.
        Command::Node { node, line } => {
            let i = node_index(w, node.as_deref())?;
            Ok(crate::scenario::node_shell::run_on(w, i, line))
        }
        Command::NodeSession { node, line } => {
            let i = node_index(w, node.as_deref())?;
            Ok(crate::scenario::node_shell::session::run_line(w, i, line))
        }
        Command::Delete { pod, grace } => w.delete_by_ref(pod, *grace),
        Command::Debug {
            pod,
            image,
            target,
            name,
            command,
        } => w.debug(pod, image, target.as_ref(), name.as_deref(), command),
        Command::Apply(source) => match &source.text {
            Some(text) => {
                // `kubectl apply -f`: objects without a namespace go to the current
                // context's (the manifest's own namespaces stand).
                let namespace = w.kubeconfig.namespace().to_owned();
                let param = (namespace != "default").then_some(
                    crate::admission::namespace_param::NamespaceParam {
                        namespace: &namespace,
                        enforce: false,
                    },
                );
                let loaded = crate::admission::load::load_for_apply(
                    text,
                    crate::model::rng::DEFAULT_SEED,
                    param,
                );
                Ok(w.apply_manifest(&loaded))
            }
            None => Err(CommandError::NotRead(
                source.file.clone().unwrap_or_default(),
            )),
        },
    }
}
