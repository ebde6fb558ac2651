//! ServiceAccounts in the running world: applied ones kept with their creation time.

use crate::model::cluster::ServiceAccountSpec;
use crate::sim::world::World;

impl World {
    /// A ServiceAccount applied: created now (`None`), or `Some(changed)`.
    pub(crate) fn put_service_account(&mut self, new: &ServiceAccountSpec) -> Option<bool> {
        let now = self.now;
        let list = &mut self.cluster.service_accounts;
        match list.iter_mut().find(|a| a.key == new.key) {
            None => {
                // Writing `default` replaces the controller's account (made with its
                // namespace): configured, or unchanged when it adds nothing.
                let default = new.key.name == crate::model::cluster::DEFAULT_SERVICE_ACCOUNT;
                let created_at = if default {
                    crate::model::time::SimTime::ZERO
                } else {
                    now
                };
                list.push(ServiceAccountSpec {
                    created_at,
                    ..new.clone()
                });
                default.then(|| !new.image_pull_secrets.is_empty())
            }
            Some(old) => {
                let updated = ServiceAccountSpec {
                    created_at: old.created_at,
                    ..new.clone()
                };
                let changed = *old != updated;
                *old = updated;
                Some(changed)
            }
        }
    }
}
