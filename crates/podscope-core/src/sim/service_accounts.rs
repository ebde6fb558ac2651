//! ServiceAccounts in the running world: applied ones kept with their creation time,
//! `kubectl patch serviceaccount` of `imagePullSecrets`, and the ServiceAccount admission
//! plugin's copy of an account's `imagePullSecrets` into its pods.

use k8s_openapi::api::core::v1::LocalObjectReference;

use crate::model::cluster::{DEFAULT_SERVICE_ACCOUNT, ServiceAccountSpec};
use crate::model::ids::ObjectKey;
use crate::model::kubectl::Patch;
use crate::model::kubectl::resource::Resource;
use crate::model::spec::PodSpec;
use crate::sim::outcome::Output;
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
                default.then_some(!new.image_pull_secrets.is_empty())
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

impl World {
    /// plugin/pkg/admission/serviceaccount/admission.go `Admit`: a pod without
    /// `imagePullSecrets` gets its account's.
    pub(crate) fn add_image_pull_secrets(&self, spec: &mut PodSpec) {
        let Some(pod) = spec.api.spec.as_mut() else {
            return;
        };
        if pod
            .image_pull_secrets
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            return;
        }
        let name = pod
            .service_account_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE_ACCOUNT.to_owned());
        let Some(sa) = self
            .cluster
            .service_accounts
            .iter()
            .find(|a| a.key.namespace == spec.key.namespace && a.key.name == name)
        else {
            return;
        };
        if sa.image_pull_secrets.is_empty() {
            return;
        }
        pod.image_pull_secrets = Some(
            sa.image_pull_secrets
                .iter()
                .map(|n| LocalObjectReference { name: n.clone() })
                .collect(),
        );
    }

    /// `kubectl patch serviceaccount NAME -p '{"imagePullSecrets": [...]}'`: the strategic
    /// merge patch of `imagePullSecrets`, a field without a patch strategy, so the list is
    /// replaced (core/v1 types.go `ServiceAccount.ImagePullSecrets` has no `patchStrategy`
    /// tag: `model::patch::schema`), `serviceaccount/NAME patched` (or `patched (no
    /// change)`). Any other field of the patch is not modelled.
    pub(crate) fn patch_service_accounts(
        &mut self,
        cmd: &Patch,
        doc: &serde_json::Value,
    ) -> Output {
        let Some(obj) = doc.as_object() else {
            return Output::failed(
                crate::model::kubectl::not_modelled("kubectl patch serviceaccounts"),
                1,
            );
        };
        let names: Option<Vec<String>> = match obj.get("imagePullSecrets") {
            Some(serde_json::Value::Array(items)) if obj.len() == 1 => items
                .iter()
                .map(|i| i.get("name").and_then(|n| n.as_str()).map(str::to_owned))
                .collect(),
            _ => None,
        };
        let Some(names) = names else {
            return Output::failed(
                crate::model::kubectl::not_modelled(
                    "kubectl patch serviceaccounts beyond imagePullSecrets",
                ),
                1,
            );
        };
        let mut out = String::new();
        let mut errors = String::new();
        for o in cmd.targets.objects() {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            let Some(mut sa) = self
                .cluster
                .service_accounts()
                .into_iter()
                .find(|a| a.key == key)
            else {
                errors.push_str(
                    &Resource::parse("serviceaccounts")
                        .map_or_else(|_| String::new(), |r| r.not_found(&o.name)),
                );
                continue;
            };
            let before = sa.clone();
            sa.image_pull_secrets = names.clone();
            let word = if sa == before {
                "patched (no change)"
            } else {
                "patched"
            };
            let list = &mut self.cluster.service_accounts;
            match list.iter_mut().find(|a| a.key == key) {
                Some(old) => *old = sa,
                None => list.push(sa),
            }
            out.push_str(&format!("serviceaccount/{} {word}\n", o.name));
        }
        let status = i32::from(!errors.is_empty());
        Output::failed(format!("{out}{errors}"), status)
    }
}
