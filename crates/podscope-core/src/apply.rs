//! Carrying out commands: resolving a command's pod and container references against the
//! world, then handing the command to the rule that models it.

use crate::command::{Command, CommandError, ContainerRef, Output, PodRef, Signal};
use crate::world::{ContainerState, Slot, World};

impl World {
    /// Carries out a command at the current simulated time and returns what it printed; the
    /// controllers then react to what it changed (a deleted pod's replacement).
    pub fn apply(&mut self, cmd: &Command) -> Result<Output, CommandError> {
        let out = self.apply_command(cmd);
        self.reconcile(false);
        out
    }

    fn apply_command(&mut self, cmd: &Command) -> Result<Output, CommandError> {
        match cmd {
            Command::Kill { target, signal } => {
                let (p, slot) = self.resolve_container(target)?;
                let key = self.pods[p].spec.key.clone();
                let Some(container) = self.pods[p].container(slot) else {
                    return Err(CommandError::NoSuchContainer(key, target.container.clone()));
                };
                if !matches!(container.state, ContainerState::Running { .. }) {
                    return Err(CommandError::NotRunning(key, container.spec.name.clone()));
                }
                self.signal_container(p, slot, *signal);
                Ok(Output::default())
            }
            Command::KillSandbox { pod } => {
                let p = self.resolve_pod(pod)?;
                let key = self.pods[p].spec.key.clone();
                let Some(sandbox) = &self.pods[p].sandbox else {
                    return Err(CommandError::NoSandbox(key, "it has no sandbox"));
                };
                if sandbox.pid.is_none() {
                    return Err(CommandError::NoSandbox(
                        key,
                        "the runtime runs no infra container for it",
                    ));
                }
                self.kill_sandbox(p);
                Ok(Output::default())
            }
            Command::Exec { target, line } => {
                let (p, slot) = self.resolve_container(target)?;
                self.exec_in(p, slot, line)
            }
            // `kubectl delete pod …`, `kubectl scale` and `kubectl rollout …` change the world;
            // the rest of the node shell only reads.
            Command::Node { node, line } => {
                let i = match node {
                    None => 0,
                    Some(name) => self
                        .node_index(name)
                        .ok_or_else(|| CommandError::NoSuchNode(name.clone()))?,
                };
                if let Some(d) = crate::delete::kubectl::parse(line) {
                    return Ok(self.kubectl_delete(&d));
                }
                if let Some(r) = crate::controllers::kubectl::parse(line) {
                    return Ok(self.kubectl_rollout(&r));
                }
                Ok(crate::views::node_shell::run_on(self, i, line))
            }
            Command::Delete { pod, grace } => self.delete_by_ref(pod, *grace),
            Command::Debug {
                pod,
                image,
                target,
                name,
            } => self.debug(pod, image, target.as_ref(), name.as_deref()),
            Command::Apply(source) => match &source.text {
                Some(text) => {
                    let loaded = crate::load(text, crate::DEFAULT_SEED);
                    Ok(self.apply_manifest(&loaded))
                }
                None => Err(CommandError::NotRead(
                    source.file.clone().unwrap_or_default(),
                )),
            },
        }
    }

    /// The index of the pod a reference names: the pod itself, or a Deployment's first pod by
    /// name (as `kubectl exec deploy/NAME` picks one).
    pub(crate) fn resolve_pod(&self, r: &PodRef) -> Result<usize, CommandError> {
        match r {
            PodRef::Pod(key) => self
                .pod_index(key)
                .ok_or_else(|| CommandError::NoSuchPod(key.clone())),
            PodRef::Deployment { namespace, name } => self
                .pods
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    &p.spec.key.namespace == namespace
                        && p.spec.owner.as_ref().is_some_and(|o| {
                            o.kind == crate::spec::OwnerKind::Deployment && &o.name == name
                        })
                })
                .min_by(|a, b| a.1.spec.key.name.cmp(&b.1.spec.key.name))
                .map(|(i, _)| i)
                .ok_or_else(|| CommandError::NoSuchDeployment {
                    namespace: namespace.clone(),
                    name: name.clone(),
                }),
        }
    }

    /// The pod index and slot of the container a reference names (app, init or ephemeral).
    pub(crate) fn resolve_container(
        &self,
        r: &ContainerRef,
    ) -> Result<(usize, Slot), CommandError> {
        let p = self.resolve_pod(&r.pod)?;
        let pod = &self.pods[p];
        let slot = pod.slot_of(&r.container).ok_or_else(|| {
            CommandError::NoSuchContainer(pod.spec.key.clone(), r.container.clone())
        })?;
        Ok((p, slot))
    }

    /// Sends `signal` to a running container's main process, as `kill -SIG <pid>` on the
    /// node does.
    pub(crate) fn signal_container(&mut self, p: usize, slot: Slot, signal: Signal) {
        let main = self.pods[p]
            .container(slot)
            .and_then(|c| c.instance.as_ref())
            .and_then(|i| i.pids.first().copied());
        if let Some(pid) = main {
            self.signal_process(pid, signal);
        }
    }
}
