//! The Service-link variables (`<SVC>_SERVICE_HOST`, `<SVC>_PORT_<n>_<PROTO>`, …) the kubelet
//! puts in every container for the Services of the pod's namespace, plus the API server's
//! `kubernetes` Service, which every pod gets even with `enableServiceLinks: false`.
//!
//! Models kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `getServiceEnvVarMap` and
//! pkg/kubelet/envvars/envvars.go `FromServices`, `makeEnvVariableName`, `makeLinkVariables`.

use podscope_collections::Map;
use std::collections::BTreeMap;

use crate::model::cluster::{ClusterIp, KUBERNETES_SERVICE_IP, Protocol, ServicePort, ServiceSpec};
use crate::model::go_case;

/// The `kubernetes` Service in `default` that the API server keeps: its first ClusterIP and
/// one port `https` 443/TCP (pkg/controlplane/controller/kubernetesservice).
fn kubernetes_service() -> ServiceSpec {
    ServiceSpec {
        key: crate::model::ids::ObjectKey {
            namespace: "default".to_owned(),
            name: "kubernetes".to_owned(),
        },
        type_: crate::model::cluster::ServiceType::ClusterIP,
        cluster_ip: ClusterIp::Address(KUBERNETES_SERVICE_IP.to_string()),
        ports: vec![ServicePort {
            name: Some("https".to_owned()),
            protocol: Protocol::Tcp,
            port: 443,
            target_port: crate::model::cluster::TargetPort::Number(6443),
            node_port: None,
        }],
        selector: BTreeMap::new(),
        external_name: None,
        labels: BTreeMap::new(),
    }
}

/// The variables for a pod in `namespace` (`getServiceEnvVarMap`): Services without a
/// ClusterIP (headless, ExternalName) give none; `default/kubernetes` always counts, the
/// namespace's own Services only with `enable_links`, and one of the namespace's own
/// Services replaces the master Service of the same name.
pub(crate) fn service_env(
    services: &[ServiceSpec],
    namespace: &str,
    enable_links: bool,
) -> BTreeMap<String, String> {
    let master = kubernetes_service();
    let mut chosen: Map<&str, &ServiceSpec> = Map::new();
    for svc in std::iter::once(&master).chain(services) {
        if !matches!(svc.cluster_ip, ClusterIp::Address(_)) {
            continue;
        }
        let name = svc.key.name.as_str();
        if svc.key.namespace == "default" && name == "kubernetes" {
            chosen.entry(name).or_insert(svc);
        } else if svc.key.namespace == namespace && enable_links {
            chosen.insert(name, svc);
        }
    }
    let mut env = BTreeMap::new();
    for svc in chosen.values() {
        for (k, v) in from_service(svc) {
            env.insert(k, v);
        }
    }
    env
}

/// The same variables in the order `getServiceEnvVarMap` inserts them into its map
/// (`FromServices`: each Service's in turn; a name already present keeps its slot and takes
/// the later value).
pub(crate) fn service_env_in_order(
    services: &[ServiceSpec],
    namespace: &str,
    enable_links: bool,
) -> Vec<(String, String)> {
    let values = service_env(services, namespace, enable_links);
    let master = kubernetes_service();
    let mut out: Vec<(String, String)> = Vec::new();
    for svc in std::iter::once(&master).chain(services) {
        for (k, _) in from_service(svc) {
            if let Some(v) = values.get(&k)
                && !out.iter().any(|(n, _)| *n == k)
            {
                out.push((k, v.clone()));
            }
        }
    }
    out
}

/// `makeEnvVariableName`: upper case, `-` → `_`.
fn var_name(name: &str) -> String {
    go_case::upper(&name.replace('-', "_"))
}

/// The variables of one Service (`FromServices` for one element).
fn from_service(svc: &ServiceSpec) -> Vec<(String, String)> {
    let ClusterIp::Address(ip) = &svc.cluster_ip else {
        return Vec::new();
    };
    let Some(first) = svc.ports.first() else {
        return Vec::new();
    };
    let prefix = var_name(&svc.key.name);
    let mut out = vec![
        (format!("{prefix}_SERVICE_HOST"), ip.clone()),
        (format!("{prefix}_SERVICE_PORT"), first.port.to_string()),
    ];
    // Named ports (only the first may be unnamed).
    for p in &svc.ports {
        if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
            out.push((
                format!("{prefix}_SERVICE_PORT_{}", var_name(n)),
                p.port.to_string(),
            ));
        }
    }
    // `makeLinkVariables`: Docker's link variables; the first port also gives `<SVC>_PORT`.
    // `net.JoinHostPort` brackets IPv6 addresses.
    let host = if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.clone()
    };
    for (i, p) in svc.ports.iter().enumerate() {
        let proto = p.protocol.as_str();
        let lower = go_case::lower(proto);
        let url = format!("{lower}://{host}:{}", p.port);
        if i == 0 {
            out.push((format!("{prefix}_PORT"), url.clone()));
        }
        let pp = format!("{prefix}_PORT_{}_{proto}", p.port);
        out.push((format!("{pp}_PROTO"), lower));
        out.push((format!("{pp}_PORT"), p.port.to_string()));
        out.push((format!("{pp}_ADDR"), ip.clone()));
        out.push((pp, url));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn svc(
        ns: &str,
        name: &str,
        ip: ClusterIp,
        ports: &[(Option<&str>, i32, Protocol)],
    ) -> ServiceSpec {
        ServiceSpec {
            key: crate::model::ids::ObjectKey {
                namespace: ns.to_owned(),
                name: name.to_owned(),
            },
            type_: crate::model::cluster::ServiceType::ClusterIP,
            cluster_ip: ip,
            ports: ports
                .iter()
                .map(|(n, port, protocol)| ServicePort {
                    name: n.map(str::to_owned),
                    protocol: *protocol,
                    port: *port,
                    target_port: crate::model::cluster::TargetPort::Number(*port),
                    node_port: None,
                })
                .collect(),
            selector: BTreeMap::new(),
            external_name: None,
            labels: BTreeMap::new(),
        }
    }

    fn lines(env: &BTreeMap<String, String>) -> Vec<String> {
        env.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    #[test]
    fn the_kubernetes_service_is_always_there() {
        let env = service_env(&[], "default", false);
        assert_eq!(
            lines(&env),
            [
                "KUBERNETES_PORT=tcp://10.96.0.1:443",
                "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
                "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
                "KUBERNETES_PORT_443_TCP_PORT=443",
                "KUBERNETES_PORT_443_TCP_PROTO=tcp",
                "KUBERNETES_SERVICE_HOST=10.96.0.1",
                "KUBERNETES_SERVICE_PORT=443",
                "KUBERNETES_SERVICE_PORT_HTTPS=443",
            ]
        );
    }

    #[test]
    fn own_namespace_services_only_with_links_and_only_with_a_cluster_ip() {
        let services = [
            svc(
                "default",
                "my-web",
                ClusterIp::Address("10.96.12.7".into()),
                &[
                    (Some("http"), 80, Protocol::Tcp),
                    (Some("dns"), 53, Protocol::Udp),
                ],
            ),
            svc(
                "default",
                "headless",
                ClusterIp::Headless,
                &[(None, 80, Protocol::Tcp)],
            ),
            svc(
                "other",
                "db",
                ClusterIp::Address("10.96.3.3".into()),
                &[(None, 5432, Protocol::Tcp)],
            ),
        ];
        let env = service_env(&services, "default", true);
        let mine: Vec<String> = lines(&env)
            .into_iter()
            .filter(|l| l.starts_with("MY_WEB"))
            .collect();
        assert_eq!(
            mine,
            [
                "MY_WEB_PORT=tcp://10.96.12.7:80",
                "MY_WEB_PORT_53_UDP=udp://10.96.12.7:53",
                "MY_WEB_PORT_53_UDP_ADDR=10.96.12.7",
                "MY_WEB_PORT_53_UDP_PORT=53",
                "MY_WEB_PORT_53_UDP_PROTO=udp",
                "MY_WEB_PORT_80_TCP=tcp://10.96.12.7:80",
                "MY_WEB_PORT_80_TCP_ADDR=10.96.12.7",
                "MY_WEB_PORT_80_TCP_PORT=80",
                "MY_WEB_PORT_80_TCP_PROTO=tcp",
                "MY_WEB_SERVICE_HOST=10.96.12.7",
                "MY_WEB_SERVICE_PORT=80",
                "MY_WEB_SERVICE_PORT_DNS=53",
                "MY_WEB_SERVICE_PORT_HTTP=80",
            ]
        );
        assert!(
            !env.keys()
                .any(|k| k.starts_with("HEADLESS") || k.starts_with("DB_"))
        );
        let off = service_env(&services, "default", false);
        assert_eq!(off.len(), 8, "{off:?}");
    }
}
