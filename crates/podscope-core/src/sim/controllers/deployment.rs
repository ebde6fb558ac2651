//! The deployment controller: finds or creates the ReplicaSet of the current template,
//! scales it and the old ones by the strategy (`RollingUpdate` within `maxSurge` and
//! `maxUnavailable`, or `Recreate`), scales proportionally when `replicas` changes mid-rollout,
//! and prunes old ReplicaSets beyond `revisionHistoryLimit`.
//!
//! Models pkg/controller/deployment/{deployment_controller.go `syncDeployment`, sync.go
//! (`isScalingEvent`, `scale`, `getNewReplicaSet`, `scaleReplicaSet`, `cleanupDeployment`),
//! rolling.go, recreate.go} and deployment/util/deployment_util.go (`NewRSNewReplicas`,
//! `FindActiveOrLatest`, `IsSaturated`, `GetProportion`, `DeploymentComplete`).

use super::{Deployment, ReplicaSet, Strategy};
use crate::model::ids::ObjectKey;
use crate::model::sort::CompactSort;
use crate::sim::status::Phase;
use crate::sim::world::World;

impl World {
    /// One sync of `deployments[i]`; returns whether it changed a ReplicaSet.
    pub(super) fn sync_deployment(&mut self, i: usize) -> bool {
        let Some(d) = self.controllers.deployments.get(i).cloned() else {
            return false;
        };
        let all: Vec<ReplicaSet> = self
            .controllers
            .replica_sets_of(&d)
            .into_iter()
            .cloned()
            .collect();
        let new = all
            .iter()
            .find(|r| r.hash.as_deref() == Some(d.hash.as_str()))
            .cloned();
        let old: Vec<ReplicaSet> = all
            .iter()
            .filter(|r| r.hash.as_deref() != Some(d.hash.as_str()))
            .cloned()
            .collect();
        // getNewReplicaSet: a template seen before (a rollback) becomes the newest revision.
        let max_old = old.iter().map(|r| r.revision).max().unwrap_or(0);
        if let Some(n) = &new
            && n.revision < max_old + 1
            && let Some(rs) = self.rs_mut(&n.key)
        {
            rs.revision = max_old + 1;
        }
        if is_scaling_event(&d, &all) {
            return self.scale(&d, new.as_ref(), &old);
        }
        // sync.go `sync` for a paused Deployment: scaling only, no new ReplicaSet.
        if d.paused {
            return false;
        }
        match d.strategy {
            Strategy::Recreate => self.rollout_recreate(&d, new, &old),
            Strategy::RollingUpdate { .. } => self.rollout_rolling(&d, new, &old),
        }
    }

    fn rs_mut(&mut self, key: &ObjectKey) -> Option<&mut ReplicaSet> {
        self.controllers
            .replica_sets
            .iter_mut()
            .find(|r| &r.key == key)
    }

    fn rs_replicas(&self, key: &ObjectKey) -> i32 {
        self.controllers.replica_set(key).map_or(0, |r| r.replicas)
    }

    /// rolling.go `rolloutRolling`: create the new ReplicaSet if needed, scale it up if the
    /// surge allows, else scale old ones down if availability allows; prune when complete.
    fn rollout_rolling(
        &mut self,
        d: &Deployment,
        new: Option<ReplicaSet>,
        old: &[ReplicaSet],
    ) -> bool {
        let Some(new) = new else {
            self.create_new_replica_set(d, old);
            return true;
        };
        if self.reconcile_new(d, &new.key) {
            return true;
        }
        if self.reconcile_old(d, &new.key, old) {
            return true;
        }
        if self.deployment_complete(d) {
            self.cleanup(d, old);
        }
        false
    }

    /// recreate.go `rolloutRecreate`: old ReplicaSets to zero, wait until none of their pods
    /// runs, then the new ReplicaSet at full size.
    fn rollout_recreate(
        &mut self,
        d: &Deployment,
        new: Option<ReplicaSet>,
        old: &[ReplicaSet],
    ) -> bool {
        let mut scaled = false;
        for rs in old.iter().filter(|r| r.replicas > 0) {
            scaled |= self.scale_rs(d, &rs.key, 0);
        }
        if scaled {
            return true;
        }
        // `oldPodsRunning`: any pod of an old ReplicaSet not finished, terminating included.
        let running = old.iter().any(|rs| {
            self.pods_of(rs).into_iter().any(|p| {
                self.pods.get(p).is_some_and(|p| {
                    !matches!(
                        crate::sim::status::phase(p),
                        Phase::Succeeded | Phase::Failed
                    )
                })
            })
        });
        if running {
            return false;
        }
        let Some(new) = new else {
            self.create_new_replica_set(d, old);
            return true;
        };
        if self.scale_rs(d, &new.key, d.replicas) {
            return true;
        }
        if self.deployment_complete(d) {
            self.cleanup(d, old);
        }
        false
    }

    /// sync.go `getNewReplicaSet` creating the ReplicaSet `<deployment>-<hash>` at revision
    /// max(old) + 1 with `NewRSNewReplicas`, and its `Scaled up replica set … from 0 to N`.
    fn create_new_replica_set(&mut self, d: &Deployment, old: &[ReplicaSet]) {
        let key = ObjectKey {
            namespace: d.key.namespace.clone(),
            name: format!("{}-{}", d.key.name, d.hash),
        };
        let revision = old.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
        let replicas = self.new_rs_new_replicas(d, 0);
        let surge = d.strategy.max_surge(d.replicas);
        self.controllers.replica_sets.push(ReplicaSet {
            kind: crate::model::workload::SetKind::ReplicaSet,
            key: key.clone(),
            deployment: Some(d.key.name.clone()),
            replicas,
            template: d.template.clone(),
            hash: Some(d.hash.clone()),
            revision,
            desired_annotation: d.replicas,
            max_annotation: d.replicas + surge,
            min_ready_seconds: d.min_ready_seconds,
            created_at: self.now,
            selector: format!("{},pod-template-hash={}", d.selector, d.hash),
            change_cause: d.change_cause.clone(),
            labels: d.template.labels.clone(),
        });
        if replicas > 0 {
            self.record_deployment_scale(&d.key.namespace, &d.key.name, &key.name, 0, replicas);
        }
    }

    /// deployment_util.go `NewRSNewReplicas`: up to `replicas + maxSurge` pods in all
    /// ReplicaSets (by their `spec.replicas`), never more than `replicas` in the new one.
    fn new_rs_new_replicas(&self, d: &Deployment, new_replicas: i32) -> i32 {
        match d.strategy {
            Strategy::Recreate => d.replicas,
            Strategy::RollingUpdate { .. } => {
                let current: i32 = self
                    .controllers
                    .replica_sets_of(d)
                    .iter()
                    .filter(|r| r.hash.as_deref() != Some(d.hash.as_str()))
                    .map(|r| r.replicas)
                    .sum::<i32>()
                    + new_replicas;
                let max_total = d.replicas + d.strategy.max_surge(d.replicas);
                if current >= max_total {
                    return new_replicas;
                }
                new_replicas + (max_total - current).min(d.replicas - new_replicas)
            }
        }
    }

    /// rolling.go `reconcileNewReplicaSet`.
    fn reconcile_new(&mut self, d: &Deployment, new: &ObjectKey) -> bool {
        let have = self.rs_replicas(new);
        if have == d.replicas {
            return false;
        }
        if have > d.replicas {
            return self.scale_rs(d, new, d.replicas);
        }
        let target = self.new_rs_new_replicas(d, have);
        self.scale_rs(d, new, target)
    }

    /// rolling.go `reconcileOldReplicaSets`, `cleanupUnhealthyReplicas` and
    /// `scaleDownOldReplicaSetsForRollingUpdate`.
    fn reconcile_old(&mut self, d: &Deployment, new: &ObjectKey, old: &[ReplicaSet]) -> bool {
        let old_keys: Vec<ObjectKey> = old
            .iter()
            .filter(|r| r.replicas > 0)
            .map(|r| r.key.clone())
            .collect();
        let old_count: i32 = old_keys.iter().map(|k| self.rs_replicas(k)).sum();
        if old_count == 0 {
            return false;
        }
        let new_replicas = self.rs_replicas(new);
        let all_count = old_count + new_replicas;
        let max_unavailable = d.strategy.max_unavailable(d.replicas);
        let min_available = d.replicas - max_unavailable;
        let new_available = self
            .controllers
            .replica_set(new)
            .map_or(0, |r| self.replica_set_counts(r).available);
        let max_scaled_down = all_count - min_available - (new_replicas - new_available);
        if max_scaled_down <= 0 {
            return false;
        }
        // Unhealthy old replicas go first: they cost no availability.
        let mut cleaned = 0;
        for k in &old_keys {
            if cleaned >= max_scaled_down {
                break;
            }
            let Some(rs) = self.controllers.replica_set(k) else {
                continue;
            };
            let (replicas, available) = (rs.replicas, self.replica_set_counts(rs).available);
            if replicas == 0 || replicas == available {
                continue;
            }
            let down = (max_scaled_down - cleaned).min(replicas - available);
            self.scale_rs(d, k, replicas - down);
            cleaned += down;
        }
        // Then as many available ones as `minAvailable` allows.
        let available: i32 = old_keys
            .iter()
            .chain(std::iter::once(new))
            .filter_map(|k| self.controllers.replica_set(k))
            .map(|r| self.replica_set_counts(r).available)
            .sum();
        let mut scaled = 0;
        if available > min_available {
            let total = available - min_available;
            for k in &old_keys {
                if scaled >= total {
                    break;
                }
                let replicas = self.rs_replicas(k);
                if replicas == 0 {
                    continue;
                }
                let down = replicas.min(total - scaled);
                self.scale_rs(d, k, replicas - down);
                scaled += down;
            }
        }
        cleaned + scaled > 0
    }

    /// sync.go `scale`, for a change of `replicas`: one active ReplicaSet (or none: the
    /// newest) takes the whole count; a saturated new one leaves the old ones at zero; else
    /// every active ReplicaSet grows or shrinks in proportion, the largest taking what is
    /// left over.
    fn scale(&mut self, d: &Deployment, new: Option<&ReplicaSet>, old: &[ReplicaSet]) -> bool {
        let mut all: Vec<ReplicaSet> = old.to_vec();
        all.extend(new.cloned());
        let active: Vec<&ReplicaSet> = all.iter().filter(|r| r.replicas > 0).collect();
        let pick = match active.len() {
            0 => new.or_else(|| {
                all.iter()
                    .max_by_key(|r| (r.created_at, r.key.name.clone()))
            }),
            1 => active.first().copied(),
            _ => None,
        };
        if let Some(rs) = pick {
            let key = rs.key.clone();
            return self.scale_rs(d, &key, d.replicas);
        }
        if let Some(n) = new {
            let available = self.replica_set_counts(n).available;
            if n.replicas == d.replicas
                && n.desired_annotation == d.replicas
                && available == d.replicas
            {
                let mut changed = false;
                for rs in old.iter().filter(|r| r.replicas > 0) {
                    changed |= self.scale_rs(d, &rs.key, 0);
                }
                return changed;
            }
        }
        let Strategy::RollingUpdate { .. } = d.strategy else {
            return false;
        };
        let surge = d.strategy.max_surge(d.replicas);
        let total: i32 = active.iter().map(|r| r.replicas).sum();
        let allowed = if d.replicas > 0 {
            d.replicas + surge
        } else {
            0
        };
        let to_add = allowed - total;
        let mut sorted: Vec<&ReplicaSet> = active.clone();
        // controller_utils.go `ReplicaSetsBySizeNewer` / `ReplicaSetsBySizeOlder`.
        sorted.sort_compact_by(|a, b| {
            b.replicas.cmp(&a.replicas).then_with(|| {
                if to_add > 0 {
                    b.created_at.cmp(&a.created_at)
                } else {
                    a.created_at.cmp(&b.created_at)
                }
            })
        });
        let status_replicas: i32 = all
            .iter()
            .map(|r| self.replica_set_counts(r).replicas)
            .sum();
        let mut added = 0;
        let mut sizes: Vec<(ObjectKey, i32)> = Vec::new();
        for rs in &sorted {
            let mut size = rs.replicas;
            if to_add != 0 && rs.replicas != 0 && to_add != added {
                let fraction = if d.replicas == 0 {
                    -rs.replicas
                } else {
                    let before = if rs.max_annotation > 0 {
                        rs.max_annotation
                    } else {
                        status_replicas
                    };
                    let scaled = f64::from(rs.replicas) * f64::from(d.replicas + surge)
                        / f64::from(before.max(1));
                    // k8s.io/utils/integer `RoundToInt32`: half away from zero.
                    (scaled.round() as i32) - rs.replicas
                };
                let allowed_left = to_add - added;
                let proportion = if to_add > 0 {
                    fraction.min(allowed_left)
                } else {
                    fraction.max(allowed_left)
                };
                size += proportion;
                added += proportion;
            }
            sizes.push((rs.key.clone(), size));
        }
        if let Some(first) = sizes.first_mut()
            && to_add != 0
        {
            first.1 = (first.1 + to_add - added).max(0);
        }
        let mut changed = false;
        for (key, size) in sizes {
            changed |= self.scale_rs(d, &key, size);
        }
        changed
    }

    /// sync.go `scaleReplicaSet`: sets `spec.replicas` and the replicas annotations; a size
    /// change is a `ScalingReplicaSet` event. Returns whether the size changed.
    fn scale_rs(&mut self, d: &Deployment, key: &ObjectKey, to: i32) -> bool {
        let surge = d.strategy.max_surge(d.replicas);
        let Some(rs) = self.rs_mut(key) else {
            return false;
        };
        let from = rs.replicas;
        rs.replicas = to;
        rs.desired_annotation = d.replicas;
        rs.max_annotation = d.replicas + surge;
        if from == to {
            return false;
        }
        self.record_deployment_scale(&d.key.namespace, &d.key.name, &key.name, from, to);
        true
    }

    /// deployment_util.go `DeploymentComplete`: every replica updated and available, none
    /// extra.
    fn deployment_complete(&self, d: &Deployment) -> bool {
        let (counts, updated) = self.deployment_counts(d);
        updated == d.replicas && counts.replicas == d.replicas && counts.available == d.replicas
    }

    /// sync.go `cleanupDeployment`: old ReplicaSets with no replicas and no pods beyond
    /// `revisionHistoryLimit` are deleted, oldest revision first.
    fn cleanup(&mut self, d: &Deployment, old: &[ReplicaSet]) {
        let limit = usize::try_from(d.revision_history_limit).unwrap_or(0);
        let mut empty: Vec<&ReplicaSet> = old
            .iter()
            .filter(|r| r.replicas == 0 && self.pods_of(r).is_empty())
            .collect();
        if empty.len() <= limit {
            return;
        }
        empty.sort_compact_by_key(|r| r.revision);
        let gone: Vec<ObjectKey> = empty
            .iter()
            .take(empty.len() - limit)
            .map(|r| r.key.clone())
            .collect();
        self.controllers
            .replica_sets
            .retain(|r| !gone.contains(&r.key));
    }
}

/// sync.go `isScalingEvent`: an active ReplicaSet was last scaled for another `replicas`.
fn is_scaling_event(d: &Deployment, all: &[ReplicaSet]) -> bool {
    all.iter()
        .filter(|r| r.replicas > 0)
        .any(|r| r.desired_annotation != d.replicas)
}
