//! The strategic merge patch's metadata of the API types podscope patches: each field's
//! `patchStrategy` and `patchMergeKey` struct tags (kubernetes/api core/v1/types.go,
//! apps/v1/types.go; apimachinery pkg/apis/meta/v1/types.go), and the type a field holds,
//! as strategicpatch's `PatchMetaFromStruct` reads them by reflection. A field without tags
//! (or of a type not listed) has no strategy: its lists are replaced, its maps merged.

/// A struct type whose fields carry patch tags (or lead to one that does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    /// apps/v1 `Deployment`.
    Deployment,
    /// core/v1 `Pod`.
    Pod,
    /// core/v1 `ServiceAccount`.
    ServiceAccount,
    /// meta/v1 `ObjectMeta`.
    ObjectMeta,
    /// apps/v1 `DeploymentSpec`.
    DeploymentSpec,
    /// core/v1 `PodTemplateSpec`.
    PodTemplateSpec,
    /// core/v1 `PodSpec`.
    PodSpec,
    /// core/v1 `Container` (and `EphemeralContainer`, whose inlined
    /// `EphemeralContainerCommon` carries the same tags).
    Container,
    /// Any other type: no field of it has a tag.
    Untagged,
}

/// A field's tags: `patchStrategy:"merge"`, `"retainKeys"` or both, and `patchMergeKey`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FieldMeta {
    /// `merge` among the strategies: a list is merged (by `merge_key` for maps).
    pub merge: bool,
    /// `retainKeys` among the strategies (what `$retainKeys` directives are generated
    /// for; applying a patch honours the directive whatever the tag).
    pub retain_keys: bool,
    /// `patchMergeKey`.
    pub merge_key: Option<&'static str>,
}

const fn merge_by(key: &'static str) -> FieldMeta {
    FieldMeta {
        merge: true,
        retain_keys: false,
        merge_key: Some(key),
    }
}

const UNTAGGED: FieldMeta = FieldMeta {
    merge: false,
    retain_keys: false,
    merge_key: None,
};

impl Schema {
    /// `LookupPatchMetadataForStruct` / `ForSlice`: the type field `key` holds (a list's
    /// element type) and its tags.
    pub fn field(self, key: &str) -> (Schema, FieldMeta) {
        use Schema::*;
        match (self, key) {
            (Deployment | Pod | ServiceAccount | PodTemplateSpec, "metadata") => {
                (ObjectMeta, UNTAGGED)
            }
            (Deployment, "spec") => (DeploymentSpec, UNTAGGED),
            (Pod | PodTemplateSpec, "spec") => (PodSpec, UNTAGGED),
            // core/v1 `ServiceAccount.Secrets`; its `ImagePullSecrets` has no tags.
            (ServiceAccount, "secrets") => (Untagged, merge_by("name")),
            // meta/v1 `ObjectMeta.OwnerReferences`, `Finalizers` (a list of strings).
            (ObjectMeta, "ownerReferences") => (Untagged, merge_by("uid")),
            (ObjectMeta, "finalizers") => (
                Untagged,
                FieldMeta {
                    merge: true,
                    ..UNTAGGED
                },
            ),
            // apps/v1 `DeploymentSpec.Strategy`: `patchStrategy:"retainKeys"`.
            (DeploymentSpec, "strategy") => (
                Untagged,
                FieldMeta {
                    retain_keys: true,
                    ..UNTAGGED
                },
            ),
            (DeploymentSpec, "template") => (PodTemplateSpec, UNTAGGED),
            // core/v1 `PodSpec`.
            (PodSpec, "volumes" | "resourceClaims") => (
                Untagged,
                FieldMeta {
                    retain_keys: true,
                    ..merge_by("name")
                },
            ),
            (PodSpec, "initContainers" | "containers" | "ephemeralContainers") => {
                (Container, merge_by("name"))
            }
            (PodSpec, "imagePullSecrets" | "schedulingGates") => (Untagged, merge_by("name")),
            (PodSpec, "hostAliases") => (Untagged, merge_by("ip")),
            (PodSpec, "topologySpreadConstraints") => (Untagged, merge_by("topologyKey")),
            // core/v1 `Container`.
            (Container, "ports") => (Untagged, merge_by("containerPort")),
            (Container, "env") => (Untagged, merge_by("name")),
            (Container, "volumeMounts") => (Untagged, merge_by("mountPath")),
            (Container, "volumeDevices") => (Untagged, merge_by("devicePath")),
            _ => (Untagged, UNTAGGED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn containers_merge_by_name_and_tolerations_have_no_strategy() {
        let (spec, _) = Schema::Deployment.field("spec");
        let (template, _) = spec.field("template");
        let (pod, _) = template.field("spec");
        let (container, meta) = pod.field("containers");
        assert_eq!(container, Schema::Container);
        assert_eq!(meta.merge_key, Some("name"));
        assert!(meta.merge);
        assert_eq!(container.field("ports").1.merge_key, Some("containerPort"));
        assert_eq!(
            container.field("volumeMounts").1.merge_key,
            Some("mountPath")
        );
        assert_eq!(pod.field("tolerations").1, FieldMeta::default());
        let strategy = spec.field("strategy").1;
        assert!(strategy.retain_keys && !strategy.merge);
        // A ServiceAccount's imagePullSecrets are replaced, its secrets merged.
        assert!(!Schema::ServiceAccount.field("imagePullSecrets").1.merge);
        assert!(Schema::ServiceAccount.field("secrets").1.merge);
    }
}
