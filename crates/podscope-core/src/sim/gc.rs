//! The kubelet's garbage collection of dead pod sandboxes (pkg/kubelet/kuberuntime/
//! kuberuntime_gc.go): what keeps `crictl pods` from growing with every sandbox restart.

use crate::model::ids::PodId;
use podscope_collections::Set;

use crate::sim::world::World;

impl World {
    /// Models kuberuntime_gc.go `evictSandboxes` for pod `p`: a sandbox that is not ready and
    /// holds no container goes, except the pod's most recent one (`removeOldestNSandboxes`
    /// with `len(sandboxes)-1`). The container GC keeps one dead instance per container
    /// (`MaxPerPodContainer` 1, `Container.dead`), and the sandbox it ran in stays with it.
    /// The kubelet collects every minute (`ContainerGCPeriod`); podscope collects when a
    /// sandbox or a dead instance is replaced.
    pub(crate) fn evict_sandboxes(&mut self, p: PodId) {
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        if pod.old_sandboxes.is_empty() {
            return;
        }
        let held: Set<u32> = pod
            .all_containers()
            .flat_map(|(_, c)| c.instance.iter().chain(&c.dead))
            .map(|i| i.sandbox_attempt)
            .collect();
        let newest = match &pod.sandbox {
            Some(_) => None,
            None => pod.old_sandboxes.last().map(|s| s.attempt),
        };
        pod.old_sandboxes
            .retain(|s| held.contains(&s.attempt) || Some(s.attempt) == newest);
    }
}
