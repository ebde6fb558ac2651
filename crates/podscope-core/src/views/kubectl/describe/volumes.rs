//! The pod's `Volumes:` in `kubectl describe pod`: describe.go `describeVolumes` and its
//! `print…VolumeSource` functions for the volume types podscope's manifests use, then the
//! service account token volume the admission plugin adds.

use std::fmt::Write;

use k8s_openapi::api::core::v1 as api;

use crate::model::resources::ParsedQuantity;

/// `describeVolumes` for the pod's own volumes followed by the projected token volume named
/// `token_volume`, if the admission plugin added one. `space` is the header's indent (a pod
/// template's is two spaces, and its volume names get one more).
pub(super) fn describe(
    out: &mut String,
    space: &str,
    volumes: &[api::Volume],
    token_volume: Option<&str>,
) {
    if volumes.is_empty() && token_volume.is_none() {
        let _ = writeln!(out, "{space}Volumes:\t<none>");
        return;
    }
    let _ = writeln!(out, "{space}Volumes:");
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        let _ = writeln!(out, "  {name_indent}{}:", v.name);
        source(out, v);
    }
    let Some(token_volume) = token_volume else {
        return;
    };
    // The projected token volume (plugin/pkg/admission/serviceaccount `TokenVolumeSource`:
    // a 3607 s token, the kube-root-ca.crt ConfigMap, the namespace from the downward API).
    let _ = writeln!(
        out,
        "  {token_volume}:\n    Type:\tProjected (a volume that contains injected data from multiple sources)\n    TokenExpirationSeconds:\t3607\n    ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n    DownwardAPI:\ttrue"
    );
}

fn source(out: &mut String, v: &api::Volume) {
    if let Some(h) = &v.host_path {
        let _ = writeln!(
            out,
            "    Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}",
            h.path,
            h.type_.as_deref().unwrap_or("<none>")
        );
    } else if let Some(e) = &v.empty_dir {
        // printEmptyDirVolumeSource: a positive sizeLimit as `Quantity.String()`.
        let limit = e
            .size_limit
            .as_ref()
            .and_then(|q| ParsedQuantity::parse_json(&q.0).ok())
            .filter(|q| q.nanos() > 0)
            .map_or_else(|| "<unset>".to_owned(), |q| q.to_string());
        let _ = writeln!(
            out,
            "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}",
            e.medium.as_deref().unwrap_or("")
        );
    } else if let Some(s) = &v.secret {
        let _ = writeln!(
            out,
            "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}",
            s.secret_name.as_deref().unwrap_or(""),
            s.optional.unwrap_or(false)
        );
    } else if let Some(cm) = &v.config_map {
        let _ = writeln!(
            out,
            "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}",
            cm.name,
            cm.optional.unwrap_or(false)
        );
    } else if let Some(c) = &v.persistent_volume_claim {
        let _ = writeln!(
            out,
            "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}",
            c.claim_name,
            c.read_only.unwrap_or(false)
        );
    } else if let Some(d) = &v.downward_api {
        out.push_str(
            "    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
        );
        for item in d.items.iter().flatten() {
            if let Some(f) = &item.field_ref {
                let _ = writeln!(out, "      {} -> {}", f.field_path, item.path);
            }
            if let Some(r) = &item.resource_field_ref {
                let _ = writeln!(out, "      {} -> {}", r.resource, item.path);
            }
        }
    } else if let Some(p) = &v.projected {
        projected(out, p);
    } else if let Some(i) = &v.image {
        let _ = writeln!(
            out,
            "    Type:\tImage (a container image or OCI artifact)\n    Reference:\t{}\n    PullPolicy:\t{}",
            i.reference.as_deref().unwrap_or(""),
            i.pull_policy.as_deref().unwrap_or("")
        );
    }
}

/// printProjectedVolumeSource.
fn projected(out: &mut String, p: &api::ProjectedVolumeSource) {
    out.push_str(
        "    Type:\tProjected (a volume that contains injected data from multiple sources)\n",
    );
    for s in p.sources.iter().flatten() {
        if let Some(sec) = &s.secret {
            let _ = writeln!(
                out,
                "    SecretName:\t{}\n    Optional:\t{}",
                sec.name,
                sec.optional.unwrap_or(false)
            );
        } else if s.downward_api.is_some() {
            out.push_str("    DownwardAPI:\ttrue\n");
        } else if let Some(cm) = &s.config_map {
            let _ = writeln!(
                out,
                "    ConfigMapName:\t{}\n    Optional:\t{}",
                cm.name,
                cm.optional.unwrap_or(false)
            );
        } else if let Some(t) = &s.service_account_token {
            // SetDefaults_ServiceAccountTokenProjection: 3600 s.
            let _ = writeln!(
                out,
                "    TokenExpirationSeconds:\t{}",
                t.expiration_seconds.unwrap_or(3600)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_yaml(yaml: &str) -> String {
        let volumes: Vec<api::Volume> = serde_yaml::from_str(yaml).expect("volumes yaml");
        let mut out = String::new();
        describe(&mut out, "", &volumes, Some("kube-api-access-abcde"));
        out.lines()
            .take_while(|l| !l.contains("kube-api-access"))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn no_volumes_is_none() {
        let mut out = String::new();
        describe(&mut out, "", &[], None);
        assert_eq!(out, "Volumes:\t<none>\n");
    }

    #[test]
    fn the_common_sources() {
        assert_eq!(
            describe_yaml(
                "- {name: cache, emptyDir: {medium: Memory, sizeLimit: 0.5Gi}}\n- {name: scratch, emptyDir: {}}\n- {name: logs, hostPath: {path: /var/log, type: Directory}}\n- {name: h, hostPath: {path: /tmp}}\n"
            ),
            "Volumes:\n  cache:\n    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\tMemory\n    SizeLimit:\t512Mi\n  scratch:\n    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n  logs:\n    Type:\tHostPath (bare host directory volume)\n    Path:\t/var/log\n    HostPathType:\tDirectory\n  h:\n    Type:\tHostPath (bare host directory volume)\n    Path:\t/tmp\n    HostPathType:\t<none>\n"
        );
    }

    #[test]
    fn downward_api_pvc_and_projected() {
        assert_eq!(
            describe_yaml(
                "- name: podinfo\n  downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: cpu_limit, resourceFieldRef: {containerName: c, resource: limits.cpu}}]}\n- {name: data, persistentVolumeClaim: {claimName: pvc1}}\n- name: all\n  projected: {sources: [{secret: {name: s}}, {downwardAPI: {items: []}}, {configMap: {name: cm, optional: true}}, {serviceAccountToken: {path: token}}]}\n"
            ),
            "Volumes:\n  podinfo:\n    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n      metadata.labels -> labels\n      limits.cpu -> cpu_limit\n  data:\n    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\tpvc1\n    ReadOnly:\tfalse\n  all:\n    Type:\tProjected (a volume that contains injected data from multiple sources)\n    SecretName:\ts\n    Optional:\tfalse\n    DownwardAPI:\ttrue\n    ConfigMapName:\tcm\n    Optional:\ttrue\n    TokenExpirationSeconds:\t3600\n"
        );
    }
}
