//! `kubectl rollout history TYPE/NAME --revision=N`: kubectl pkg/cmd/rollout/rollout_history.go
//! (`Run`: the name printer with the operation `with revision #N\n<history>`) over
//! polymorphichelpers/history.go `DeploymentHistoryViewer.ViewHistory` and `printTemplate`,
//! which writes the revision's template through describe's prefix writer and no tabwriter:
//! its tabs reach the terminal as they are.

use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Rollout, RolloutAction};
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// Runs `rollout history --revision=N` (N > 0) of the named Deployments.
pub fn run(world: &World, cmd: &Rollout) -> Output {
    let RolloutAction::History { revision } = cmd.action else {
        return super::unmodelled("kubectl rollout");
    };
    let objects = cmd.targets.objects();
    if objects.is_empty() {
        return super::unmodelled("kubectl rollout history TYPE --revision");
    }
    if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
        return super::unmodelled(&format!(
            "kubectl rollout history {} --revision",
            o.resource.api().plural
        ));
    }
    let mut out = Output::ok("");
    for o in &objects {
        let key = ObjectKey::new(&cmd.namespace, &o.name);
        let Some(d) = world.controllers().deployment(&key) else {
            out.text.push_str(&Resource::Deployments.not_found(&o.name));
            out.status = 1;
            continue;
        };
        let sets = world.controllers().replica_sets_of(d);
        let wanted = u64::try_from(revision).unwrap_or(0);
        let Some(rs) = sets.iter().find(|r| r.revision == wanted) else {
            // `ViewHistory`'s error, through `CheckErr`.
            out.text
                .push_str("error: unable to find the specified revision\n");
            out.status = 1;
            continue;
        };
        // The name printer: `deployment.apps/NAME OPERATION`, then its newline.
        out.text.push_str(&format!(
            "deployment.apps/{} with revision #{revision}\n{}\n",
            o.name,
            super::describe::revision_template(rs)
        ));
    }
    out
}
