//! Container ports: the API server's errors (ranges, protocol, names, host port conflicts) and
//! the warnings it returns for duplicate or overlapping port definitions.
//!
//! Errors model pkg/apis/core/validation/validation.go `validateContainerPorts` (called for
//! every app and init container) and `AccumulateUniqueHostPorts` via `checkHostPortConflicts`
//! (app containers). Warnings model pkg/api/pod/warnings.go `warningsForPodSpecAndMeta`: a
//! duplicate `containerPort` is only a warning since 1.24, a duplicate `hostPort` an error.

use podscope_collections::{Map, Set};

use k8s_openapi::api::core::v1 as api;

use super::FieldError;
use super::formats::{port_name, port_num};

/// `supportedPortProtocols`, in the sorted order `sets.List` gives.
pub const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

/// The containers that may have ports, init containers first (`VisitContainersWithPath` order).
fn lists(spec: &api::PodSpec) -> [(&'static str, &[api::Container]); 2] {
    [
        (
            "initContainers",
            spec.init_containers.as_deref().unwrap_or_default(),
        ),
        ("containers", &spec.containers[..]),
    ]
}

/// `protocol` after defaulting (`SetDefaults_ContainerPort`: TCP).
fn protocol(p: &api::ContainerPort) -> &str {
    p.protocol.as_deref().unwrap_or("TCP")
}

/// The field errors for the ports of every container of the pod spec at `path`
/// (`spec` or `spec.template.spec`).
pub fn container_ports(spec: &api::PodSpec, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (list, containers) in lists(spec) {
        for (ci, c) in containers.iter().enumerate() {
            let cpath = format!("{path}.{list}[{ci}].ports");
            let mut names = Set::new();
            for (i, p) in c.ports.iter().flatten().enumerate() {
                let ppath = format!("{cpath}[{i}]");
                if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
                    let msgs = port_name(name);
                    if !msgs.is_empty() {
                        for m in msgs {
                            errs.push(FieldError::invalid(format!("{ppath}.name"), name, m));
                        }
                    } else if !names.insert(name) {
                        errs.push(FieldError::duplicate(format!("{ppath}.name"), name));
                    }
                }
                if p.container_port == 0 {
                    errs.push(FieldError::required(format!("{ppath}.containerPort")));
                } else {
                    for m in port_num(i64::from(p.container_port)) {
                        errs.push(FieldError::invalid_raw(
                            format!("{ppath}.containerPort"),
                            p.container_port.to_string(),
                            m,
                        ));
                    }
                }
                if let Some(host) = p.host_port.filter(|h| *h != 0) {
                    for m in port_num(i64::from(host)) {
                        errs.push(FieldError::invalid_raw(
                            format!("{ppath}.hostPort"),
                            host.to_string(),
                            m,
                        ));
                    }
                }
                match p.protocol.as_deref() {
                    Some("") => errs.push(FieldError::required(format!("{ppath}.protocol"))),
                    Some(other) if !PROTOCOLS.contains(&other) => errs.push(
                        FieldError::unsupported(format!("{ppath}.protocol"), other, PROTOCOLS),
                    ),
                    _ => {}
                }
            }
        }
    }
    // checkHostPortConflicts: `<protocol>/<hostIP>/<hostPort>` unique across app containers.
    let mut host_ports = Set::new();
    for (ci, c) in spec.containers.iter().enumerate() {
        for (i, p) in c.ports.iter().flatten().enumerate() {
            let Some(host) = p.host_port.filter(|h| *h != 0) else {
                continue;
            };
            let key = format!(
                "{}/{}/{host}",
                protocol(p),
                p.host_ip.as_deref().unwrap_or_default()
            );
            if !host_ports.insert(key.clone()) {
                errs.push(FieldError::duplicate(
                    format!("{path}.containers[{ci}].ports[{i}].hostPort"),
                    key,
                ));
            }
        }
    }
    errs
}

/// A warning about one port: its path and the text after the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortWarning {
    pub path: String,
    pub message: String,
}

/// The API server's warnings about the ports of the pod spec at `path`: `duplicate`,
/// `overlapping` and `dangerously ambiguous port definition with <other port's path>`.
/// (The `hostIP set without hostPort` warning prints Go's `%+v` of the port and is left out.)
pub fn port_warnings(spec: &api::PodSpec, path: &str) -> Vec<PortWarning> {
    let mut out = Vec::new();
    let mut seen: Map<String, Vec<(String, &api::ContainerPort)>> = Map::new();
    for (list, containers) in lists(spec) {
        for (ci, c) in containers.iter().enumerate() {
            for (i, p) in c.ports.iter().flatten().enumerate() {
                let here = format!("{path}.{list}[{ci}].ports[{i}]");
                let key = format!("{}/{}", p.container_port, protocol(p));
                let (ip, host) = (
                    p.host_ip.as_deref().unwrap_or_default(),
                    p.host_port.unwrap_or(0),
                );
                let others = seen.entry(key).or_default();
                for (other_path, o) in others.iter() {
                    let (oip, ohost) = (
                        o.host_ip.as_deref().unwrap_or_default(),
                        o.host_port.unwrap_or(0),
                    );
                    let what = if ip == oip && host == ohost {
                        "duplicate"
                    } else if host == 0 || ohost == 0 {
                        "overlapping"
                    } else if host == ohost && (ip.is_empty() != oip.is_empty()) {
                        "dangerously ambiguous"
                    } else {
                        continue;
                    };
                    out.push(PortWarning {
                        path: here.clone(),
                        message: format!("{what} port definition with {other_path}"),
                    });
                }
                others.push((here, p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn port(container_port: i32, host_port: Option<i32>) -> api::ContainerPort {
        api::ContainerPort {
            container_port,
            host_port,
            ..Default::default()
        }
    }

    fn spec(a: Vec<api::ContainerPort>, b: Vec<api::ContainerPort>) -> api::PodSpec {
        let c = |name: &str, ports| api::Container {
            name: name.to_owned(),
            ports: Some(ports),
            ..Default::default()
        };
        api::PodSpec {
            containers: vec![c("a", a), c("b", b)],
            ..Default::default()
        }
    }

    #[test]
    fn duplicate_container_port_is_a_warning_duplicate_host_port_an_error() {
        let s = spec(vec![port(80, None)], vec![port(80, None)]);
        assert!(container_ports(&s, "spec").is_empty());
        let w = port_warnings(&s, "spec");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].path, "spec.containers[1].ports[0]");
        assert_eq!(
            w[0].message,
            "duplicate port definition with spec.containers[0].ports[0]"
        );
        let s = spec(vec![port(80, Some(8080))], vec![port(81, Some(8080))]);
        let e = container_ports(&s, "spec");
        assert_eq!(
            e.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec!["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]
        );
    }

    #[test]
    fn ranges_and_protocols() {
        let mut bad = port(70000, Some(-1));
        bad.protocol = Some("HTTP".to_owned());
        bad.name = Some("web--x".to_owned());
        let s = spec(vec![bad], vec![]);
        let e: Vec<String> = container_ports(&s, "spec")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            e,
            vec![
                "spec.containers[0].ports[0].name: Invalid value: \"web--x\": must not contain consecutive hyphens",
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ]
        );
    }
}
