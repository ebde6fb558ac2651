//! Resolving a command's pod and container references against the world, and signalling a
//! container's main process.

use crate::model::ids::PodId;
use crate::model::refs::{ContainerRef, PodRef};
use crate::model::signal::Signal;
use crate::sim::outcome::CommandError;
use crate::sim::world::{Pod, Slot, World};

impl World {
    /// The id of the pod a reference names: the pod itself, or a Deployment's first pod by
    /// name (as `kubectl exec deploy/NAME` picks one).
    pub(crate) fn resolve_pod(&self, r: &PodRef) -> Result<PodId, CommandError> {
        self.resolve(r).map(|(p, _)| p)
    }

    /// The pod a reference names, with its id.
    pub(crate) fn resolve(&self, r: &PodRef) -> Result<(PodId, &Pod), CommandError> {
        match r {
            PodRef::Pod(key) => self
                .pods
                .id_of(key)
                .and_then(|p| Some((p, self.pods.get(p)?)))
                .ok_or_else(|| CommandError::NoSuchPod(key.clone())),
            PodRef::Deployment { namespace, name } => self
                .pods
                .iter()
                .filter(|(_, p)| {
                    &p.spec.key.namespace == namespace
                        && p.spec.owner.as_ref().is_some_and(|o| {
                            o.kind == crate::model::spec::OwnerKind::Deployment && &o.name == name
                        })
                })
                .min_by(|a, b| a.1.spec.key.name.cmp(&b.1.spec.key.name))
                .ok_or_else(|| CommandError::NoSuchDeployment {
                    namespace: namespace.clone(),
                    name: name.clone(),
                }),
        }
    }

    /// The pod id and slot of the container a reference names (app, init or ephemeral), with
    /// its pod.
    pub(crate) fn resolve_container(
        &self,
        r: &ContainerRef,
    ) -> Result<(PodId, Slot, &Pod), CommandError> {
        let (p, pod) = self.resolve(&r.pod)?;
        let slot = pod.slot_of(&r.container).ok_or_else(|| {
            CommandError::NoSuchContainer(pod.spec.key.clone(), r.container.clone())
        })?;
        Ok((p, slot, pod))
    }

    /// Sends `signal` to a running container's main process, as `kill -SIG <pid>` on the
    /// node does.
    pub(crate) fn signal_container(&mut self, p: PodId, slot: Slot, signal: Signal) {
        let main = self
            .pods
            .get(p)
            .and_then(|pod| pod.container(slot))
            .and_then(|c| c.instance.as_ref())
            .and_then(|i| i.pids.first().copied());
        if let Some(pid) = main {
            self.signal_process(pid, signal);
        }
    }
}
