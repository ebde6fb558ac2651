//! ServiceAccounts: the `default` account the ServiceAccount controller makes in every
//! namespace (pkg/controller/serviceaccount/serviceaccounts_controller.go
//! `DefaultServiceAccountsControllerOptions`: `ServiceAccounts: [{Name: "default"}]`) and the
//! ones applied, with the `imagePullSecrets` the ServiceAccount admission plugin copies into
//! their pods. No token Secrets are made for them (`LegacyServiceAccountTokenNoAutoGeneration`,
//! GA in 1.26), so `secrets` stays empty.

use k8s_openapi::api::core::v1 as api;

use crate::model::time::SimTime;
use crate::model::validate::{self, FieldError};

use super::ObjectKey;

/// The account every namespace has.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "default";

/// A ServiceAccount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccountSpec {
    pub key: ObjectKey,
    /// `imagePullSecrets[].name`.
    pub image_pull_secrets: Vec<String>,
    pub created_at: SimTime,
    /// `metadata.annotations` (with `kubectl apply`'s last-applied-configuration).
    pub annotations: std::collections::BTreeMap<String, String>,
}

impl ServiceAccountSpec {
    /// The controller's `default` account of `namespace`.
    pub fn default_of(namespace: &str, created_at: SimTime) -> ServiceAccountSpec {
        ServiceAccountSpec {
            key: ObjectKey {
                namespace: namespace.to_owned(),
                name: DEFAULT_SERVICE_ACCOUNT.to_owned(),
            },
            image_pull_secrets: Vec::new(),
            created_at,
            annotations: Default::default(),
        }
    }
}

/// Converts and validates a ServiceAccount (`ValidateServiceAccount`: its metadata).
pub fn service_account_from_api(
    sa: &api::ServiceAccount,
) -> Result<ServiceAccountSpec, Vec<FieldError>> {
    let (name, namespace, errs) = validate::object_meta(&sa.metadata);
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(ServiceAccountSpec {
        key: ObjectKey { namespace, name },
        image_pull_secrets: sa
            .image_pull_secrets
            .iter()
            .flatten()
            .map(|r| r.name.clone())
            .collect(),
        created_at: SimTime::ZERO,
        annotations: sa.metadata.annotations.clone().unwrap_or_default(),
    })
}
