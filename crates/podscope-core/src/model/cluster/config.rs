//! ConfigMaps and Secrets: their keys and data as the API server stores them, with
//! `ValidateConfigMap` and `ValidateSecret`'s checks.

use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::validate::{self, FieldError};

use super::ObjectKey;

/// `core.MaxSecretSize`: 1 MiB, the limit on a ConfigMap's or Secret's data.
pub const MAX_DATA_BYTES: usize = 1024 * 1024;

/// A ConfigMap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigMapSpec {
    pub key: ObjectKey,
    pub data: BTreeMap<String, String>,
    pub binary_data_keys: Vec<String>,
    pub immutable: bool,
}

/// A Secret's `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretType {
    Opaque,
    ServiceAccountToken,
    Dockercfg,
    DockerConfigJson,
    BasicAuth,
    SshAuth,
    Tls,
    BootstrapToken,
    /// Any other type: the API server accepts arbitrary types without further checks.
    Other(String),
}

impl SecretType {
    /// `type` after defaulting (`SetDefaults_Secret`: `Opaque` when empty).
    pub fn parse(s: Option<&str>) -> SecretType {
        match s.unwrap_or_default() {
            "" | "Opaque" => SecretType::Opaque,
            "kubernetes.io/service-account-token" => SecretType::ServiceAccountToken,
            "kubernetes.io/dockercfg" => SecretType::Dockercfg,
            "kubernetes.io/dockerconfigjson" => SecretType::DockerConfigJson,
            "kubernetes.io/basic-auth" => SecretType::BasicAuth,
            "kubernetes.io/ssh-auth" => SecretType::SshAuth,
            "kubernetes.io/tls" => SecretType::Tls,
            "bootstrap.kubernetes.io/token" => SecretType::BootstrapToken,
            other => SecretType::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            SecretType::Opaque => "Opaque",
            SecretType::ServiceAccountToken => "kubernetes.io/service-account-token",
            SecretType::Dockercfg => "kubernetes.io/dockercfg",
            SecretType::DockerConfigJson => "kubernetes.io/dockerconfigjson",
            SecretType::BasicAuth => "kubernetes.io/basic-auth",
            SecretType::SshAuth => "kubernetes.io/ssh-auth",
            SecretType::Tls => "kubernetes.io/tls",
            SecretType::BootstrapToken => "bootstrap.kubernetes.io/token",
            SecretType::Other(s) => s,
        }
    }
}

/// A Secret, its data decoded (`data` is base64 in the manifest; k8s-openapi's `ByteString`
/// decodes it) with `stringData` merged over it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretSpec {
    pub key: ObjectKey,
    pub type_: SecretType,
    pub data: Map<String, Vec<u8>>,
    pub immutable: bool,
}

/// Converts and validates a ConfigMap.
///
/// Models validation.go `ValidateConfigMap`: every key of `data` and `binaryData` passes
/// `IsConfigMapKey`, no key is in both, and all values together stay within 1 MiB (reported
/// on the whole object, with an empty path).
pub fn config_map_from_api(cm: &api::ConfigMap) -> Result<ConfigMapSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&cm.metadata);
    let data = cm.data.clone().unwrap_or_default();
    let binary = cm.binary_data.clone().unwrap_or_default();
    let mut total = 0usize;
    for (k, v) in &data {
        for m in validate::formats::config_map_key(k) {
            errs.push(FieldError::invalid(format!("data[{k}]"), k, m));
        }
        if binary.contains_key(k) {
            errs.push(FieldError::invalid(
                format!("data[{k}]"),
                k,
                "duplicate of key present in binaryData",
            ));
        }
        total = total.saturating_add(v.len());
    }
    for (k, v) in &binary {
        for m in validate::formats::config_map_key(k) {
            errs.push(FieldError::invalid(format!("binaryData[{k}]"), k, m));
        }
        total = total.saturating_add(v.0.len());
    }
    if total > MAX_DATA_BYTES {
        errs.push(FieldError::too_long("", MAX_DATA_BYTES));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(ConfigMapSpec {
        key: ObjectKey { namespace, name },
        data,
        binary_data_keys: binary.into_keys().collect(),
        immutable: cm.immutable.unwrap_or(false),
    })
}

/// Converts and validates a Secret.
///
/// `stringData` is merged over `data` first, as the v1 → internal conversion does
/// (pkg/apis/core/v1/conversion.go `Convert_v1_Secret_To_core_Secret`), so its keys are
/// reported under `data[...]`. Then validation.go `ValidateSecret`: keys as for ConfigMaps,
/// 1 MiB in all, and the keys each built-in type requires. The JSON of the docker config
/// types is not parsed (Go's `encoding/json` messages are not reproduced).
pub fn secret_from_api(s: &api::Secret) -> Result<SecretSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&s.metadata);
    let mut data: Map<String, Vec<u8>> = s
        .data
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.0.clone()))
        .collect();
    for (k, v) in s.string_data.iter().flatten() {
        data.insert(k.clone(), v.clone().into_bytes());
    }
    let mut total = 0usize;
    for (k, v) in &data {
        for m in validate::formats::config_map_key(k) {
            errs.push(FieldError::invalid(format!("data[{k}]"), k, m));
        }
        total = total.saturating_add(v.len());
    }
    if total > MAX_DATA_BYTES {
        errs.push(FieldError::too_long("data", MAX_DATA_BYTES));
    }
    let type_ = SecretType::parse(s.type_.as_deref());
    let required = |errs: &mut Vec<FieldError>, key: &str| {
        errs.push(FieldError::required(format!("data[{key}]")));
    };
    match &type_ {
        SecretType::ServiceAccountToken => {
            let sa = "kubernetes.io/service-account.name";
            let set = s
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(sa))
                .is_some_and(|v| !v.is_empty());
            if !set {
                errs.push(FieldError::required(format!("metadata.annotations[{sa}]")));
            }
        }
        SecretType::Dockercfg if !data.contains_key(".dockercfg") => {
            required(&mut errs, ".dockercfg");
        }
        SecretType::DockerConfigJson if !data.contains_key(".dockerconfigjson") => {
            required(&mut errs, ".dockerconfigjson");
        }
        SecretType::BasicAuth
            if !data.contains_key("username") && !data.contains_key("password") =>
        {
            required(&mut errs, "username");
            required(&mut errs, "password");
        }
        SecretType::SshAuth if data.get("ssh-privatekey").is_none_or(Vec::is_empty) => {
            required(&mut errs, "ssh-privatekey");
        }
        SecretType::Tls => {
            for key in ["tls.crt", "tls.key"] {
                if !data.contains_key(key) {
                    required(&mut errs, key);
                }
            }
        }
        _ => {}
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(SecretSpec {
        key: ObjectKey { namespace, name },
        type_,
        data,
        immutable: s.immutable.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn string_data_is_merged_over_decoded_data() {
        let s: api::Secret = serde_yaml::from_str(
            "metadata: {name: s}\ndata: {user: YWRtaW4=, pass: eA==}\nstringData: {pass: hunter2}",
        )
        .expect("secret");
        let s = secret_from_api(&s).expect("valid");
        assert_eq!(s.type_, SecretType::Opaque);
        assert_eq!(s.data.get("user").map(Vec::as_slice), Some(&b"admin"[..]));
        assert_eq!(s.data.get("pass").map(Vec::as_slice), Some(&b"hunter2"[..]));
    }

    #[test]
    fn tls_needs_both_keys() {
        let s: api::Secret = serde_yaml::from_str(
            "metadata: {name: t}\ntype: kubernetes.io/tls\nstringData: {tls.crt: x}",
        )
        .expect("secret");
        let errs: Vec<String> = secret_from_api(&s)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errs, vec!["data[tls.key]: Required value"]);
    }

    #[test]
    fn config_map_duplicate_and_size() {
        let cm = api::ConfigMap {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("c".to_owned()),
                ..Default::default()
            },
            data: Some([("a".to_owned(), "x".repeat(MAX_DATA_BYTES))].into()),
            binary_data: Some([("a".to_owned(), k8s_openapi::ByteString(vec![1]))].into()),
            ..Default::default()
        };
        let errs: Vec<String> = config_map_from_api(&cm)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            vec![
                "data[a]: Invalid value: \"a\": duplicate of key present in binaryData",
                ": Too long: must have at most 1048576 bytes"
            ]
        );
    }
}
