//! `kubectl get` tables of the cluster's other kinds (kubernetes pkg/printers/internalversion
//! printers.go): nodes (`printNode`), namespaces (`printNamespace`), configmaps
//! (`printConfigMap`), secrets (`printSecret`), endpoints (`printEndpoints`,
//! `formatEndpoints`) and endpointslices (`printEndpointSlice`); and the cluster's own
//! Services and objects (`kubernetes`, kubeadm's `kube-dns`, each namespace's
//! `kube-root-ca.crt`).

use crate::model::sort::CompactSort;
use std::collections::BTreeMap;

use crate::model::cluster::{
    ClusterIp, Protocol, ServicePort, ServiceSpec, ServiceType, TargetPort,
};
use crate::model::humanize;
use crate::model::ids::ObjectKey;
use crate::model::kubectl::Get;
use crate::model::kubectl::resource::ApiResource;
use crate::model::time::SimTime;
use crate::sim::status;
use crate::sim::world::{Pod, World};

type Row = (String, Vec<String>);

/// The Kubernetes release the nodes' kubelets run (the release podscope models).
pub const KUBELET_VERSION: &str = "v1.35.0";

/// The table of a kind podscope prints through this module; `None` for one it does not.
pub fn rows(
    world: &World,
    args: &Get,
    api: &'static ApiResource,
) -> Option<(Vec<&'static str>, Vec<Row>)> {
    Some(match (api.group, api.plural) {
        // cri-dockerd reports the Docker Engine's version, which podscope does not model.
        ("", "nodes") if args.wide() && runtime_version(world).is_none() => return None,
        ("", "nodes") => nodes(world, args),
        ("", "namespaces") => namespaces(world, args),
        ("", "configmaps") => config_maps(world, args),
        ("", "secrets") => secrets(world, args),
        ("", "serviceaccounts") => service_accounts(world, args),
        ("", "persistentvolumes") => super::storage_tables::persistent_volumes(world, args),
        ("", "persistentvolumeclaims") => {
            super::storage_tables::persistent_volume_claims(world, args)
        }
        ("", "endpoints") => endpoints(world, args),
        ("discovery.k8s.io", "endpointslices") => endpoint_slices(world, args),
        _ => return None,
    })
}

fn age(world: &World, t: SimTime) -> String {
    humanize::k8s_age(world.now(), t)
}

fn with_ns(args: &Get, namespace: &str, mut cells: Vec<String>) -> Vec<String> {
    if args.all_namespaces {
        cells.insert(0, namespace.to_owned());
    }
    cells
}

/// `printNode`: NAME STATUS ROLES AGE VERSION; wide adds INTERNAL-IP EXTERNAL-IP OS-IMAGE
/// KERNEL-VERSION CONTAINER-RUNTIME. ROLES from `node-role.kubernetes.io/ROLE` labels.
fn nodes(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
    if args.wide() {
        header.extend([
            "INTERNAL-IP",
            "EXTERNAL-IP",
            "OS-IMAGE",
            "KERNEL-VERSION",
            "CONTAINER-RUNTIME",
        ]);
    }
    let mut nodes: Vec<&crate::sim::node::NodeInfo> = world
        .nodes()
        .iter()
        .filter(|n| args.selects(&n.labels))
        .collect();
    nodes.sort_compact_by(|a, b| a.name.cmp(&b.name));
    let rows = nodes
        .into_iter()
        .map(|n| {
            let mut status = "Ready".to_owned();
            if n.unschedulable {
                status.push_str(",SchedulingDisabled");
            }
            let mut roles: Vec<&str> = n
                .labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .filter(|r| !r.is_empty())
                .collect();
            roles.sort_compact();
            let roles = if roles.is_empty() {
                "<none>".to_owned()
            } else {
                roles.join(",")
            };
            let mut cells = vec![
                n.name.clone(),
                status,
                roles,
                age(world, SimTime::ZERO),
                KUBELET_VERSION.to_owned(),
            ];
            if args.wide() {
                cells.extend([
                    n.internal_ip.to_string(),
                    "<none>".to_owned(),
                    "Debian GNU/Linux 12 (bookworm)".to_owned(),
                    "6.8.0-1016-aws".to_owned(),
                    runtime_version(world).unwrap_or_default().to_owned(),
                ]);
            }
            (n.name.clone(), cells)
        })
        .collect();
    (header, rows)
}

/// `status.nodeInfo.containerRuntimeVersion` of the runtimes podscope models.
fn runtime_version(world: &World) -> Option<&'static str> {
    match world.runtime() {
        crate::model::runtime::Runtime::Containerd => Some("containerd://2.2.0"),
        crate::model::runtime::Runtime::CriO => Some("cri-o://1.35.0"),
        crate::model::runtime::Runtime::Docker => None,
    }
}

/// `printNamespace`: NAME STATUS AGE.
fn namespaces(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut ns: Vec<&crate::model::cluster::NamespaceSpec> = world
        .cluster
        .namespaces
        .iter()
        .filter(|n| args.selects(&n.labels))
        .collect();
    ns.sort_compact_by(|a, b| a.name.cmp(&b.name));
    let rows = ns
        .into_iter()
        .map(|n| {
            (
                n.name.clone(),
                vec![
                    n.name.clone(),
                    "Active".to_owned(),
                    age(world, SimTime::ZERO),
                ],
            )
        })
        .collect();
    (vec!["NAME", "STATUS", "AGE"], rows)
}

/// The namespaces `-n`/`-A` selects.
fn namespaces_in_scope<'a>(world: &'a World, args: &'a Get) -> impl Iterator<Item = &'a str> {
    world
        .cluster
        .namespaces
        .iter()
        .map(|n| n.name.as_str())
        .filter(|n| args.in_scope(n))
}

/// `printConfigMap`: NAME DATA AGE, with the root CA publisher's `kube-root-ca.crt` in
/// every namespace (pkg/controller/certificates/rootcacertpublisher).
fn config_maps(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut listed: Vec<(String, String, Vec<String>)> = Vec::new();
    if args.selector.is_none() {
        for ns in namespaces_in_scope(world, args) {
            let cells = vec![
                "kube-root-ca.crt".to_owned(),
                "1".to_owned(),
                age(world, SimTime::ZERO),
            ];
            listed.push((ns.to_owned(), "kube-root-ca.crt".to_owned(), cells));
        }
    }
    for cm in &world.cluster.config_maps {
        if !args.in_scope(&cm.key.namespace) || args.selector.is_some() {
            continue;
        }
        let n = cm.data.len() + cm.binary_data_keys.len();
        let cells = vec![
            cm.key.name.clone(),
            n.to_string(),
            age(world, world.cluster.config_map_created_at(&cm.key)),
        ];
        listed.push((cm.key.namespace.clone(), cm.key.name.clone(), cells));
    }
    (vec!["NAME", "DATA", "AGE"], sorted(args, listed))
}

/// `printServiceAccount`: NAME SECRETS AGE (`len(obj.Secrets)`: 0, no token Secrets).
fn service_accounts(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let listed = world
        .cluster
        .service_accounts()
        .into_iter()
        .filter(|a| args.in_scope(&a.key.namespace) && args.selector.is_none())
        .map(|a| {
            let cells = vec![a.key.name.clone(), "0".to_owned(), age(world, a.created_at)];
            (a.key.namespace, a.key.name, cells)
        })
        .collect();
    (vec!["NAME", "SECRETS", "AGE"], sorted(args, listed))
}

/// `printSecret`: NAME TYPE DATA AGE.
fn secrets(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let listed = world
        .cluster
        .secrets
        .iter()
        .filter(|s| args.in_scope(&s.key.namespace) && args.selector.is_none())
        .map(|s| {
            let cells = vec![
                s.key.name.clone(),
                s.type_.as_str().to_owned(),
                s.data.len().to_string(),
                age(world, SimTime::ZERO),
            ];
            (s.key.namespace.clone(), s.key.name.clone(), cells)
        })
        .collect();
    (vec!["NAME", "TYPE", "DATA", "AGE"], sorted(args, listed))
}

fn sorted(args: &Get, mut listed: Vec<(String, String, Vec<String>)>) -> Vec<Row> {
    listed.sort_compact_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    listed
        .into_iter()
        .map(|(ns, name, cells)| (name, with_ns(args, &ns, cells)))
        .collect()
}

/// The cluster's Services: the API server's `kubernetes` in `default` (kubeadm's first
/// address of 10.96.0.0/12, port 443 to the API server's 6443), kubeadm's `kube-dns` in
/// `kube-system` (cmd/kubeadm/app/phases/addons/dns/manifests.go `KubeDNSService`:
/// 10.96.0.10, 53/UDP `dns`, 53/TCP `dns-tcp`, 9153/TCP `metrics`, selector
/// `k8s-app=kube-dns`), then the manifest's, sorted by namespace and name.
pub fn services(world: &World) -> Vec<ServiceSpec> {
    let port = |name: &str, protocol, port, target| ServicePort {
        name: Some(name.to_owned()),
        protocol,
        port,
        target_port: TargetPort::Number(target),
        node_port: None,
    };
    let key = |ns: &str, name: &str| ObjectKey {
        namespace: ns.to_owned(),
        name: name.to_owned(),
    };
    let mut all = vec![
        ServiceSpec {
            key: key("default", "kubernetes"),
            type_: ServiceType::ClusterIP,
            cluster_ip: ClusterIp::Address(
                crate::model::cluster::KUBERNETES_SERVICE_IP.to_string(),
            ),
            ports: vec![port("https", Protocol::Tcp, 443, 6443)],
            selector: BTreeMap::new(),
            external_name: None,
            labels: BTreeMap::new(),
        },
        ServiceSpec {
            key: key("kube-system", "kube-dns"),
            type_: ServiceType::ClusterIP,
            cluster_ip: ClusterIp::Address(crate::model::cluster::KUBE_DNS_IP.to_string()),
            ports: vec![
                port("dns", Protocol::Udp, 53, 53),
                port("dns-tcp", Protocol::Tcp, 53, 53),
                port("metrics", Protocol::Tcp, 9153, 9153),
            ],
            selector: [("k8s-app".to_owned(), "kube-dns".to_owned())].into(),
            external_name: None,
            labels: BTreeMap::new(),
        },
    ];
    all.extend(world.cluster.services.iter().cloned());
    all.sort_compact_by(|a, b| a.key.cmp(&b.key));
    all
}

/// The endpoints of a Service: each ready pod its selector matches with its IP, and each
/// port's target (a number, or the named container port of the pod) as the endpoints
/// controller writes them, addresses sorted. `kubernetes` points at the API server on the
/// first node (its port 6443).
pub fn service_endpoints(world: &World, svc: &ServiceSpec) -> Vec<(String, i32, Protocol)> {
    svc.ports
        .iter()
        .flat_map(|port| {
            port_endpoints(world, svc, port)
                .into_iter()
                .map(move |(ip, p)| (ip, p, port.protocol))
        })
        .collect()
}

/// The ready endpoints of one port of a Service with a selector: each ready pod's IP with
/// the port's target (a number, or the pod's container port of that name), by IP.
pub fn port_endpoints(world: &World, svc: &ServiceSpec, port: &ServicePort) -> Vec<(String, i32)> {
    if svc.key.name == "kubernetes" && svc.key.namespace == "default" {
        return world
            .nodes()
            .first()
            .map(|n| vec![(n.internal_ip.to_string(), 6443)])
            .unwrap_or_default();
    }
    if svc.selector.is_empty() {
        return Vec::new();
    }
    let mut pods: Vec<&Pod> = world
        .pods()
        .filter(|p| p.spec.key.namespace == svc.key.namespace)
        .filter(|p| {
            svc.selector
                .iter()
                .all(|(k, v)| p.spec.labels.get(k) == Some(v))
        })
        .filter(|p| p.ip.is_some() && status::ready(p) && p.deletion.is_none())
        .collect();
    pods.sort_compact_by_key(|p| p.ip);
    pods.into_iter()
        .filter_map(|p| {
            let target = match &port.target_port {
                TargetPort::Number(n) => Some(*n),
                TargetPort::Name(name) => p.spec.api.spec.as_ref().and_then(|s| {
                    s.containers
                        .iter()
                        .flat_map(|c| c.ports.iter().flatten())
                        .find(|cp| cp.name.as_deref() == Some(name.as_str()))
                        .map(|cp| cp.container_port)
                }),
            };
            Some((p.ip?.to_string(), target?))
        })
        .collect()
}

/// Whether pods the selector matches have IPs but are not ready (they stand in the
/// endpoints' `notReadyAddresses`).
fn has_unready(world: &World, svc: &ServiceSpec) -> bool {
    !svc.selector.is_empty()
        && world.pods().any(|p| {
            p.spec.key.namespace == svc.key.namespace
                && svc
                    .selector
                    .iter()
                    .all(|(k, v)| p.spec.labels.get(k) == Some(v))
                && p.ip.is_some()
                && !status::ready(p)
        })
}

/// printers.go `formatEndpoints`: `IP:PORT` joined by commas, at most three, then
/// ` + N more...`; `<none>` when empty.
fn format_endpoints(list: &[String]) -> String {
    if list.is_empty() {
        return "<none>".to_owned();
    }
    let shown: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
    let mut s = shown.join(",");
    if list.len() > 3 {
        s.push_str(&format!(" + {} more...", list.len() - 3));
    }
    s
}

/// `printEndpoints`: NAME ENDPOINTS AGE.
fn endpoints(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let listed = services(world)
        .into_iter()
        .filter(|s| args.in_scope(&s.key.namespace) && args.selector.is_none())
        .filter(|s| s.type_ != ServiceType::ExternalName)
        .map(|s| {
            let eps: Vec<String> = service_endpoints(world, &s)
                .into_iter()
                .map(|(ip, port, _)| format!("{ip}:{port}"))
                .collect();
            // formatEndpoints: `<none>` without subsets; a subset of not-ready addresses
            // only prints as empty.
            let shown = if eps.is_empty() && has_unready(world, &s) {
                String::new()
            } else {
                format_endpoints(&eps)
            };
            let created = world.cluster.service_created_at(&s.key);
            let cells = vec![s.key.name.clone(), shown, age(world, created)];
            (s.key.namespace.clone(), s.key.name.clone(), cells)
        })
        .collect();
    (vec!["NAME", "ENDPOINTS", "AGE"], sorted(args, listed))
}

/// The EndpointSlice controller's slice name for a Service: `generateName` `NAME-` with
/// five random characters (a stand-in derived from the Service); `kubernetes` keeps its name.
pub fn slice_name(svc: &ServiceSpec) -> String {
    if svc.key.name == "kubernetes" && svc.key.namespace == "default" {
        return "kubernetes".to_owned();
    }
    let h = super::object::hash(&format!("{}/{}", svc.key.namespace, svc.key.name));
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let suffix: String = (0..5)
        .map(|i| {
            let idx = ((h >> (i * 8)) % alphabet.len() as u64) as usize;
            alphabet.get(idx).copied().unwrap_or(b'x') as char
        })
        .collect();
    format!("{}-{suffix}", svc.key.name)
}

/// `printEndpointSlice`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
fn endpoint_slices(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let listed = services(world)
        .into_iter()
        .filter(|s| args.in_scope(&s.key.namespace) && args.selector.is_none())
        .filter(|s| {
            s.type_ != ServiceType::ExternalName && !s.selector.is_empty()
                || s.key.name == "kubernetes"
        })
        .map(|s| {
            let eps = service_endpoints(world, &s);
            let mut ips: Vec<String> = eps.iter().map(|(ip, ..)| ip.clone()).collect();
            ips.dedup();
            let mut ports: Vec<String> = eps.iter().map(|(_, p, _)| p.to_string()).collect();
            ports.dedup();
            let ports = if ports.is_empty() {
                "<unset>".to_owned()
            } else {
                ports.join(",")
            };
            let name = slice_name(&s);
            let cells = vec![
                name.clone(),
                "IPv4".to_owned(),
                ports,
                format_endpoints(&ips),
                age(world, SimTime::ZERO),
            ];
            (s.key.namespace.clone(), name, cells)
        })
        .collect();
    (
        vec!["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        sorted(args, listed),
    )
}

/// An object's labels, for `--show-labels` and `-L`.
pub fn labels_of(
    world: &World,
    resource: crate::model::kubectl::resource::Resource,
    namespace: &str,
    name: &str,
) -> BTreeMap<String, String> {
    use crate::model::kubectl::resource::Resource;
    let key = ObjectKey {
        namespace: namespace.to_owned(),
        name: name.to_owned(),
    };
    match resource {
        Resource::Pods => world.pod_by_key(&key).map(|p| p.spec.labels.clone()),
        Resource::Deployments => world
            .controllers()
            .deployment(&key)
            .map(|d| d.labels.clone()),
        Resource::ReplicaSets => world
            .controllers()
            .replica_set(&key)
            .map(|r| r.template.labels.clone()),
        Resource::ReplicationControllers => world
            .controllers()
            .replication_controller(&key)
            .map(|r| r.labels.clone()),
        Resource::Other(a) if a.plural == "nodes" => world
            .nodes()
            .iter()
            .find(|n| n.name == name)
            .map(|n| n.labels.clone()),
        Resource::Other(a) if a.plural == "namespaces" => {
            world.cluster.namespace(name).map(|n| n.labels.clone())
        }
        _ => None,
    }
    .unwrap_or_default()
}
