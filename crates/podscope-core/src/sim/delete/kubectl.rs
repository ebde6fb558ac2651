//! `kubectl delete pod …` typed on the node: the pods a parsed `kubectl delete` names, deleted
//! with the grace period it asks for, and what kubectl prints (kubernetes/kubectl
//! pkg/cmd/delete/delete.go `deleteResources`).

use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Delete, not_modelled};
use crate::sim::outcome::Output;
use crate::sim::world::World;

impl World {
    /// Runs a parsed `kubectl delete` of pods: each pod is deleted (graceful, as the API
    /// server does it), or the NotFound error is printed. The simulated kubectl returns at
    /// once, as with `--wait=false`; `kubectl get pods` then shows the pod `Terminating`
    /// until it is gone. Other resource types are not modelled.
    pub fn kubectl_delete(&mut self, d: &Delete) -> Output {
        let objects = d.targets.objects();
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Pods) {
            let what = format!("kubectl delete {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut out = Output::ok("");
        for o in &objects {
            let key = ObjectKey::new(&d.namespace, &o.name);
            match self.pod_id(&key) {
                Some(p) => out.text.push_str(&self.delete_pod(p, d.grace).text),
                None => {
                    out.text.push_str(&Resource::Pods.not_found(&key.name));
                    out.status = 1;
                }
            }
        }
        out
    }
}
