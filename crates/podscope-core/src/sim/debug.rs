//! `kubectl debug`: adding an ephemeral container to a running pod (the `ephemeralcontainers`
//! subresource), which the kubelet then starts once and never restarts.

use crate::model::ids::ContainerName;
use crate::model::image_ref::ImageRef;
use crate::model::refs::PodRef;
use crate::model::spec::ContainerSpec;
use crate::sim::outcome::{CommandError, Output};
use crate::sim::world::{Container, WaitingReason, Wakeup, World};

/// apimachinery's `rand.String` alphabet (no vowels), which kubectl's
/// `generateDebugContainerName` uses for the `debugger-xxxxx` suffix.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl World {
    /// `debug POD --image IMAGE [--target C] [--name NAME] [-- COMMAND…]`.
    ///
    /// Models kubectl pkg/cmd/debug/debug.go (`generateDebugContainerName`: `debugger-` + 5
    /// random characters, and its "Defaulting debug container name to …" line) and the API
    /// server's checks on the new container (unique name, target must exist).
    pub(crate) fn debug(
        &mut self,
        pod: &PodRef,
        image: &str,
        target: Option<&ContainerName>,
        name: Option<&str>,
        command: &[String],
    ) -> Result<Output, CommandError> {
        let (p, found) = self.resolve(pod)?;
        let key = found.spec.key.clone();
        let ephemeral = found.ephemeral_containers.len();
        if let Some(t) = target
            && found.slot_of(t).is_none()
        {
            return Err(CommandError::NoSuchContainer(key, t.clone()));
        }
        let mut text = String::new();
        let name = match name {
            Some(n) => n.to_owned(),
            None => {
                let mut n = "debugger-".to_owned();
                for _ in 0..5 {
                    let i = self.rng.below(ALPHANUMS.len() as u64) as usize;
                    n.push(ALPHANUMS.get(i).copied().unwrap_or(b'x') as char);
                }
                text.push_str(&format!("Defaulting debug container name to {n}.\n"));
                n
            }
        };
        let cname = ContainerName(name.clone());
        if self
            .pods
            .get(p)
            .is_some_and(|pod| pod.slot_of(&cname).is_some())
        {
            return Err(CommandError::Parse(format!(
                "Pod \"{}\" is invalid: spec.ephemeralContainers[{}].name: Duplicate value: \"{name}\"",
                key.name, ephemeral
            )));
        }
        let image = ImageRef::parse(image);
        // debug.go `generateDebugContainer`: `Command` is what follows `--` (nothing: the
        // image's own entrypoint and command, busybox's `sh`, which `-i`'s stdin keeps up).
        let command = command.to_vec();
        let spec = ContainerSpec {
            name: cname,
            image,
            command,
            args: Vec::new(),
            privileged: false,
            sidecar: false,
            target: target.cloned(),
        };
        let Some(pod) = self.pod_mut(p) else {
            return Err(CommandError::NoSuchPod(key));
        };
        pod.spec.ephemeral_containers.push(spec.clone());
        pod.ephemeral_containers
            .push(Container::new(spec, WaitingReason::ContainerCreating));
        self.schedule(self.now, Wakeup::SyncPod { pod: p });
        Ok(Output::ok(text))
    }
}
