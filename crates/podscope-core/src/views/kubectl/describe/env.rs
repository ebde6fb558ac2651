//! A container's `Environment Variables from:` and `Environment:` blocks in `kubectl describe
//! pod`: kubernetes/kubectl pkg/describe/describe.go `describeContainerEnvFrom`,
//! `describeContainerEnvVars` and `EnvValueRetriever`, with pkg/util/resource
//! `ExtractContainerResourceValue` for `resourceFieldRef`.

use std::fmt::Write;

use k8s_openapi::api::core::v1 as api;

use super::resources::Lists;
use crate::model::resources::{ParsedQuantity, QuantityFormat};

/// `describeContainerEnvFrom` (only called when the container has `envFrom`): one line per
/// source, `NAME\tConfigMap|Secret[ with prefix 'P']\tOptional: BOOL`.
pub(super) fn env_from(out: &mut String, c: &api::Container) {
    let sources = c.env_from.as_deref().unwrap_or_default();
    if sources.is_empty() {
        return;
    }
    out.push_str("    Environment Variables from:\n");
    for e in sources {
        let (name, from, optional) = if let Some(cm) = &e.config_map_ref {
            (cm.name.as_str(), "ConfigMap", cm.optional.unwrap_or(false))
        } else if let Some(s) = &e.secret_ref {
            (s.name.as_str(), "Secret", s.optional.unwrap_or(false))
        } else {
            ("", "", false)
        };
        match e.prefix.as_deref().filter(|p| !p.is_empty()) {
            None => {
                let _ = writeln!(out, "      {name}\t{from}\tOptional: {optional}");
            }
            Some(prefix) => {
                let _ = writeln!(
                    out,
                    "      {name}\t{from} with prefix '{prefix}'\tOptional: {optional}"
                );
            }
        }
    }
}

/// `describeContainerEnvVars`: `value`s line by line, and for `valueFrom` what describe.go
/// knows without reading other objects.
pub(super) fn env_vars(
    out: &mut String,
    pod_name: &str,
    pod_namespace: &str,
    c: &api::Container,
    resources: &Lists,
) {
    let env = c.env.as_deref().unwrap_or_default();
    if env.is_empty() {
        out.push_str("    Environment:\t<none>\n");
        return;
    }
    out.push_str("    Environment:\n");
    for e in env {
        let name = &e.name;
        let Some(from) = &e.value_from else {
            let value = e.value.as_deref().unwrap_or("");
            for (i, line) in value.split('\n').enumerate() {
                if i == 0 {
                    let _ = writeln!(out, "      {name}:\t{line}");
                } else {
                    let _ = writeln!(out, "      \t{line}");
                }
            }
            continue;
        };
        if let Some(f) = &from.field_ref {
            // SetDefaults_ObjectFieldSelector: apiVersion `v1`.
            let version = f
                .api_version
                .as_deref()
                .filter(|v| !v.is_empty())
                .unwrap_or("v1");
            let value = field_value(version, &f.field_path, pod_name, pod_namespace);
            let _ = writeln!(out, "      {name}:\t{value} ({version}:{})", f.field_path);
        } else if let Some(r) = &from.resource_field_ref {
            let mut value = resource_value(r, resources).unwrap_or_default();
            if value == "0" && (r.resource == "limits.cpu" || r.resource == "limits.memory") {
                value = "node allocatable".to_owned();
            }
            let _ = writeln!(out, "      {name}:\t{value} ({})", r.resource);
        } else if let Some(s) = &from.secret_key_ref {
            let _ = writeln!(
                out,
                "      {name}:\t<set to the key '{}' in secret '{}'>\tOptional: {}",
                s.key,
                s.name,
                s.optional.unwrap_or(false)
            );
        } else if let Some(cm) = &from.config_map_key_ref {
            let _ = writeln!(
                out,
                "      {name}:\t<set to the key '{}' of config map '{}'>\tOptional: {}",
                cm.key,
                cm.name,
                cm.optional.unwrap_or(false)
            );
        }
    }
}

/// `EnvValueRetriever`: kubectl converts the field path with its scheme's
/// `ConvertFieldLabel`, and kubectl's scheme registers no field-label conversions for pods,
/// so apimachinery's `DefaultMetaV1FieldSelectorConversion` accepts only `metadata.name` and
/// `metadata.namespace`; every other path (`spec.nodeName`, `status.podIP`, labels) prints
/// empty. A malformed apiVersion (`schema.ParseGroupVersion`: more than one `/`) does too.
fn field_value(version: &str, path: &str, name: &str, namespace: &str) -> String {
    if version.matches('/').count() > 1 {
        return String::new();
    }
    match path {
        "metadata.name" => name.to_owned(),
        "metadata.namespace" => namespace.to_owned(),
        _ => String::new(),
    }
}

/// pkg/util/resource `ExtractContainerResourceValue` on the described container's own
/// (defaulted) resources: `ceil(value / divisor)`, milli-units for cpu; a missing entry is 0;
/// a zero divisor means 1. `None` for a resource it does not know.
fn resource_value(r: &api::ResourceFieldSelector, lists: &Lists) -> Option<String> {
    let divisor = r
        .divisor
        .as_ref()
        .and_then(|d| ParsedQuantity::parse_json(&d.0).ok())
        .filter(|d| !d.is_zero())
        .unwrap_or_else(|| ParsedQuantity::from_nanos(1_000_000_000, QuantityFormat::DecimalSi));
    let (list, name) = if let Some(n) = r.resource.strip_prefix("limits.") {
        (&lists.limits, n)
    } else if let Some(n) = r.resource.strip_prefix("requests.") {
        (&lists.requests, n)
    } else {
        return None;
    };
    if !(matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")) {
        return None;
    }
    let value = list.get(name);
    let ceil_div = |a: i64, b: i64| -> i64 {
        // Go: int64(math.Ceil(float64(a) / float64(b))).
        if b == 0 {
            return 0;
        }
        (a as f64 / b as f64).ceil() as i64
    };
    let n = if name == "cpu" {
        ceil_div(
            value.map_or(0, ParsedQuantity::milli_value),
            divisor.milli_value(),
        )
    } else {
        ceil_div(value.map_or(0, ParsedQuantity::value), divisor.value())
    };
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(yaml: &str) -> api::Container {
        serde_yaml::from_str(yaml).expect("container yaml")
    }

    fn vars(yaml: &str) -> String {
        let c = container(yaml);
        let lists = Lists::of(&c, true);
        let mut out = String::new();
        env_vars(&mut out, "dapi-envars-fieldref", "default", &c, &lists);
        out
    }

    #[test]
    fn no_env_is_none() {
        assert_eq!(vars("name: c\n"), "    Environment:\t<none>\n");
    }

    #[test]
    fn values_split_over_lines() {
        assert_eq!(
            vars("name: c\nenv: [{name: A, value: \"one\\ntwo\"}, {name: B}]\n"),
            "    Environment:\n      A:\tone\n      \ttwo\n      B:\t\n"
        );
    }

    #[test]
    fn field_refs_resolve_only_name_and_namespace() {
        // The docs' dapi-envars-pod.yaml: describe shows the node name and pod IP empty.
        let out = vars(
            "name: c\nenv:\n- {name: MY_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}\n- {name: MY_POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n- {name: MY_POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}\n- {name: MY_POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n- {name: APP, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: \"metadata.labels['app']\"}}}\n",
        );
        assert_eq!(
            out,
            "    Environment:\n      MY_NODE_NAME:\t (v1:spec.nodeName)\n      MY_POD_NAME:\tdapi-envars-fieldref (v1:metadata.name)\n      MY_POD_NAMESPACE:\tdefault (v1:metadata.namespace)\n      MY_POD_IP:\t (v1:status.podIP)\n      APP:\t (v1:metadata.labels['app'])\n"
        );
    }

    #[test]
    fn resource_field_refs() {
        // The docs' dapi-envars-container.yaml (limits 125m/64Mi, requests 125m/32Mi,
        // divisor 1m for cpu and 1Mi for memory), plus ones without a limit.
        let out = vars(
            "name: c\nresources: {requests: {memory: 32Mi, cpu: 125m}, limits: {memory: 64Mi, cpu: 250m}}\nenv:\n- {name: MY_CPU_REQUEST, valueFrom: {resourceFieldRef: {containerName: c, resource: requests.cpu, divisor: 1m}}}\n- {name: MY_CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}\n- {name: MY_MEM_REQUEST, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}}\n- {name: MY_MEM_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory}}}\n- {name: EPH, valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage}}}\n- {name: BAD, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}\n",
        );
        assert_eq!(
            out,
            "    Environment:\n      MY_CPU_REQUEST:\t125 (requests.cpu)\n      MY_CPU_LIMIT:\t1 (limits.cpu)\n      MY_MEM_REQUEST:\t32 (requests.memory)\n      MY_MEM_LIMIT:\t67108864 (limits.memory)\n      EPH:\t0 (limits.ephemeral-storage)\n      BAD:\t (limits.gpu)\n"
        );
        // Without limits, a zero limit is "node allocatable"; a request defaults to the limit.
        let out = vars(
            "name: c\nresources: {limits: {cpu: 500m}}\nenv:\n- {name: L, valueFrom: {resourceFieldRef: {resource: limits.memory}}}\n- {name: R, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}\n- {name: Q, valueFrom: {resourceFieldRef: {resource: requests.memory}}}\n",
        );
        assert_eq!(
            out,
            "    Environment:\n      L:\tnode allocatable (limits.memory)\n      R:\t500 (requests.cpu)\n      Q:\t0 (requests.memory)\n"
        );
    }

    #[test]
    fn key_refs_and_env_from() {
        let c = container(
            "name: c\nenvFrom:\n- configMapRef: {name: special-config}\n- prefix: DB_\n  secretRef: {name: db, optional: true}\nenv:\n- {name: SPECIAL_LEVEL_KEY, valueFrom: {configMapKeyRef: {name: special-config, key: special.how}}}\n- {name: SECRET_USERNAME, valueFrom: {secretKeyRef: {name: backend-user, key: backend-username, optional: true}}}\n",
        );
        let mut out = String::new();
        env_from(&mut out, &c);
        env_vars(&mut out, "p", "default", &c, &Lists::of(&c, true));
        assert_eq!(
            out,
            "    Environment Variables from:\n      special-config\tConfigMap\tOptional: false\n      db\tSecret with prefix 'DB_'\tOptional: true\n    Environment:\n      SPECIAL_LEVEL_KEY:\t<set to the key 'special.how' of config map 'special-config'>\tOptional: false\n      SECRET_USERNAME:\t<set to the key 'backend-username' in secret 'backend-user'>\tOptional: true\n"
        );
    }
}
