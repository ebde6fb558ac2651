//! Kubelet feature gates the model covers, parsed from `--feature-gates` the way the kubelet
//! reads them (`Name=true,Other=false`), with the defaults of Kubernetes 1.35.

use std::fmt;
use std::str::FromStr;

/// The gates that change what podscope shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureGates {
    /// `MemoryQoS`: alpha, off by default; writes `memory.min` and `memory.high`.
    pub memory_qos: bool,
    /// `PodLevelResources`: pod-level `spec.resources` decide QoS and the pod cgroup.
    pub pod_level_resources: bool,
}

impl Default for FeatureGates {
    fn default() -> Self {
        let r = crate::model::resources::ResourceOptions::default();
        FeatureGates {
            memory_qos: r.memory_qos,
            pod_level_resources: r.pod_level_resources,
        }
    }
}

/// Why a `--feature-gates` value was refused, worded as the kubelet's
/// (k8s.io/component-base/featuregate `Set`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GateError(String);

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GateError {}

impl FromStr for FeatureGates {
    type Err = GateError;

    fn from_str(s: &str) -> Result<Self, GateError> {
        let mut gates = FeatureGates::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(GateError(format!("missing bool value for {pair}")));
            };
            let on = match value.trim() {
                "true" | "True" | "TRUE" | "1" | "t" | "T" => true,
                "false" | "False" | "FALSE" | "0" | "f" | "F" => false,
                other => {
                    return Err(GateError(format!(
                        "invalid value of {name}={other}, err: strconv.ParseBool: parsing {other:?}: invalid syntax"
                    )));
                }
            };
            match name.trim() {
                "MemoryQoS" => gates.memory_qos = on,
                "PodLevelResources" => gates.pod_level_resources = on,
                other => return Err(GateError(format!("unrecognized feature gate: {other}"))),
            }
        }
        Ok(gates)
    }
}

impl FeatureGates {
    /// The resource rules' options under these gates.
    pub fn resource_options(self) -> crate::model::resources::ResourceOptions {
        crate::model::resources::ResourceOptions {
            memory_qos: self.memory_qos,
            pod_level_resources: self.pod_level_resources,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_like_the_kubelet() {
        let g: FeatureGates = "MemoryQoS=true".parse().unwrap();
        assert!(g.memory_qos);
        assert_eq!("".parse::<FeatureGates>().unwrap(), FeatureGates::default());
        assert_eq!(
            "Foo=true".parse::<FeatureGates>().unwrap_err().to_string(),
            "unrecognized feature gate: Foo"
        );
        assert!("MemoryQoS=yes".parse::<FeatureGates>().is_err());
    }
}
