//! Services: type, ClusterIP, ports and selector, validated as `ValidateService` does, with
//! ClusterIPs and nodePorts allocated the way the API server's allocators hand them out
//! (from a seeded generator instead of the allocators' randomness).

use podscope_collections::Set;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::rng::SeededRng;
use crate::model::validate::{self, FieldError, NameRule, ports::PROTOCOLS};

use super::ObjectKey;

/// `spec.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
    ExternalName,
}

impl ServiceType {
    /// `supportedServiceType` as `sets.List` sorts it, for `Unsupported value`.
    pub const NAMES: &'static [&'static str] =
        &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

    pub fn parse(s: &str) -> Option<ServiceType> {
        match s {
            "ClusterIP" => Some(ServiceType::ClusterIP),
            "NodePort" => Some(ServiceType::NodePort),
            "LoadBalancer" => Some(ServiceType::LoadBalancer),
            "ExternalName" => Some(ServiceType::ExternalName),
            _ => None,
        }
    }

    /// Whether ports get a nodePort.
    pub fn has_node_ports(self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }
}

/// A port's protocol (`TCP` by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn parse(s: &str) -> Option<Protocol> {
        match s {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            "SCTP" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// `targetPort`: a number or a container port's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort {
    Number(i32),
    Name(String),
}

/// One `spec.ports` entry after defaulting and allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub protocol: Protocol,
    pub port: i32,
    pub target_port: TargetPort,
    /// Set for NodePort and LoadBalancer Services (the user's or an allocated one).
    pub node_port: Option<i32>,
}

/// The Service's virtual IP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterIp {
    /// `clusterIP: None`.
    Headless,
    /// An address: the user's, or one the allocator handed out.
    Address(String),
    /// ExternalName Services have none.
    NotApplicable,
}

/// A Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub key: ObjectKey,
    pub type_: ServiceType,
    pub cluster_ip: ClusterIp,
    pub ports: Vec<ServicePort>,
    pub selector: BTreeMap<String, String>,
    pub external_name: Option<String>,
    /// `metadata.labels`.
    pub labels: BTreeMap<String, String>,
}

/// The default service CIDR, kube-apiserver's `--service-cluster-ip-range` as kubeadm sets it
/// (`DefaultServicesSubnet = "10.96.0.0/12"`).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
const SERVICE_BASE: u32 = u32::from_be_bytes([10, 96, 0, 0]);
const SERVICE_SIZE: u32 = 1 << 20;
/// The `kubernetes` Service: the first address of the range (the API server's own).
pub const KUBERNETES_SERVICE_IP: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 1);
/// kube-dns: kubeadm puts it at the tenth address (`GetDNSIP`).
pub const KUBE_DNS_IP: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 10);

/// The default `--service-node-port-range`.
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;

/// Size of the lower "static" band that dynamic allocation avoids (KEP-3070 for ClusterIPs,
/// KEP-3668 for nodePorts; pkg/registry/core/service/ipallocator and portallocator
/// `calculateRangeOffset`): range size / 16, at least 16, at most `max`.
fn static_band(size: u32, max: u32) -> u32 {
    (size / 16).clamp(16, max)
}

/// Hands out ClusterIPs and nodePorts.
///
/// The API server's allocators pick a random free value, preferring the upper band of the
/// range so that the lower band stays free for values users choose. podscope does the same
/// with its seeded generator, so the same manifest and seed give the same addresses.
#[derive(Clone, Debug)]
pub struct Allocator {
    rng: SeededRng,
    ips: Set<u32>,
    node_ports: Set<i32>,
}

impl Allocator {
    pub fn new(seed: u64) -> Allocator {
        Allocator {
            rng: SeededRng::new(seed ^ 0x5E2_71CE_C1D2),
            ips: [KUBERNETES_SERVICE_IP, KUBE_DNS_IP]
                .into_iter()
                .map(u32::from)
                .collect(),
            node_ports: Set::new(),
        }
    }

    /// Marks a user's ClusterIP as taken (podscope does not reject duplicates).
    fn reserve_ip(&mut self, ip: &str) {
        if let Ok(a) = ip.parse::<Ipv4Addr>() {
            self.ips.insert(u32::from(a));
        }
    }

    fn allocate_ip(&mut self) -> String {
        // Usable offsets 1..size-1 (network and broadcast excluded); dynamic from the band.
        let lo = 1 + static_band(SERVICE_SIZE - 2, 256);
        let hi = SERVICE_SIZE - 2;
        for _ in 0..64 {
            let ip = SERVICE_BASE + self.rng.between(u64::from(lo), u64::from(hi)) as u32;
            if self.ips.insert(ip) {
                return Ipv4Addr::from(ip).to_string();
            }
        }
        let ip = (SERVICE_BASE + lo..SERVICE_BASE + hi)
            .find(|ip| !self.ips.contains(ip))
            .unwrap_or(SERVICE_BASE + lo);
        self.ips.insert(ip);
        Ipv4Addr::from(ip).to_string()
    }

    fn allocate_node_port(&mut self) -> Option<i32> {
        let size = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u32;
        let lo = NODE_PORT_MIN + static_band(size, 128) as i32;
        for _ in 0..64 {
            let p = self.rng.between(lo as u64, NODE_PORT_MAX as u64) as i32;
            if self.node_ports.insert(p) {
                return Some(p);
            }
        }
        let p = (NODE_PORT_MIN..=NODE_PORT_MAX).find(|p| !self.node_ports.contains(p))?;
        self.node_ports.insert(p);
        Some(p)
    }
}

/// A Service created in a running cluster was allocated on its own (admission loads each
/// manifest with a fresh allocator): where its ClusterIP or a node port collides with one
/// `others` hold, it gets a free one, as the API server's allocators (which know every
/// allocation) would have handed out. (A user's own colliding `clusterIP` would be refused
/// with `provided IP is already allocated`; podscope reallocates it too.)
pub fn reallocate_collisions(svc: &mut ServiceSpec, others: &[ServiceSpec], seed: u64) {
    let mut alloc = Allocator::new(seed);
    for o in others.iter().filter(|o| o.key != svc.key) {
        if let ClusterIp::Address(ip) = &o.cluster_ip {
            alloc.reserve_ip(ip);
        }
        alloc
            .node_ports
            .extend(o.ports.iter().filter_map(|p| p.node_port));
    }
    if let ClusterIp::Address(ip) = &svc.cluster_ip
        && ip
            .parse::<Ipv4Addr>()
            .is_ok_and(|a| alloc.ips.contains(&u32::from(a)))
    {
        svc.cluster_ip = ClusterIp::Address(alloc.allocate_ip());
    }
    for p in &mut svc.ports {
        if let Some(n) = p.node_port
            && !alloc.node_ports.insert(n)
        {
            p.node_port = alloc.allocate_node_port();
        }
    }
}

/// `intstr.IntOrString` as the user wrote it, defaulted to `port` when unset, 0 or "".
fn target_port(t: Option<&IntOrString>, port: i32) -> TargetPort {
    match t {
        Some(IntOrString::Int(n)) if *n != 0 => TargetPort::Number(*n),
        Some(IntOrString::String(s)) if !s.is_empty() => TargetPort::Name(s.clone()),
        _ => TargetPort::Number(port),
    }
}

/// Go's `%#v` of the `core.ServicePort{Protocol, Port}` key `ValidateService` reports for a
/// duplicate port (seen verbatim in real API server errors).
fn go_service_port_key(protocol: &str, port: i32) -> String {
    format!(
        "core.ServicePort{{Name:\"\", Protocol:{protocol:?}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"
    )
}

/// Converts, validates and allocates a Service.
///
/// Validation models pkg/apis/core/validation/validation.go `ValidateService` and
/// `validateServicePort` after `SetDefaults_Service` (type ClusterIP, protocol TCP,
/// targetPort = port): the name is a DNS-1035 label; ports are required unless headless or
/// ExternalName; each port needs a name when there are several (DNS-1123 label, unique), a
/// port in 1–65535, a supported protocol, a targetPort number in range or an IANA service
/// name; the selector's labels are valid; the type is supported; ClusterIP Services have no
/// nodePorts; no two ports share protocol+port or protocol+nodePort. nodePorts outside
/// 30000–32767 or already taken are the allocator's errors
/// (pkg/registry/core/service/portallocator `ErrNotInRange`, `ErrAllocated`).
pub fn service_from_api(
    svc: &api::Service,
    alloc: &mut Allocator,
) -> Result<ServiceSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) =
        validate::object_meta_named(&svc.metadata, NameRule::Dns1035Label);
    let spec = svc.spec.clone().unwrap_or_default();
    let type_name = spec.type_.clone().unwrap_or_else(|| "ClusterIP".to_owned());
    let type_ = ServiceType::parse(&type_name);
    let headless = spec.cluster_ip.as_deref() == Some("None");
    let ports_in = spec.ports.clone().unwrap_or_default();
    if ports_in.is_empty() && !headless && type_ != Some(ServiceType::ExternalName) {
        errs.push(FieldError::required("spec.ports"));
    }
    match type_ {
        Some(t @ (ServiceType::LoadBalancer | ServiceType::NodePort)) if headless => {
            let kind = if t == ServiceType::LoadBalancer {
                "LoadBalancer"
            } else {
                "NodePort"
            };
            errs.push(FieldError::invalid(
                "spec.clusterIPs[0]",
                "None",
                format!("may not be set to 'None' for {kind} services"),
            ));
        }
        Some(ServiceType::ExternalName) => {
            if spec.cluster_ip.as_deref().is_some_and(|c| !c.is_empty()) {
                errs.push(FieldError::forbidden(
                    "spec.clusterIPs",
                    "may not be set for ExternalName services",
                ));
            }
            let cname = spec.external_name.clone().unwrap_or_default();
            let cname = cname.strip_suffix('.').unwrap_or(&cname);
            if cname.is_empty() {
                errs.push(FieldError::required("spec.externalName"));
            } else {
                for m in validate::dns1123_subdomain(cname) {
                    errs.push(FieldError::invalid("spec.externalName", cname, m));
                }
            }
        }
        _ => {}
    }
    let mut names = Set::new();
    for (i, p) in ports_in.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports_in.len() > 1 => errs.push(FieldError::required(format!("{path}.name"))),
            None => {}
            Some(n) => {
                for m in validate::dns1123_label(n) {
                    errs.push(FieldError::invalid(format!("{path}.name"), n, m));
                }
                if !names.insert(n) {
                    errs.push(FieldError::duplicate(format!("{path}.name"), n));
                }
            }
        }
        for m in validate::formats::port_num(i64::from(p.port)) {
            errs.push(FieldError::invalid_raw(
                format!("{path}.port"),
                p.port.to_string(),
                m,
            ));
        }
        match p.protocol.as_deref() {
            Some(proto) if Protocol::parse(proto).is_none() => errs.push(FieldError::unsupported(
                format!("{path}.protocol"),
                proto,
                PROTOCOLS,
            )),
            _ => {}
        }
        // ValidatePortNumOrName.
        match target_port(p.target_port.as_ref(), p.port) {
            TargetPort::Number(n) => {
                for m in validate::formats::port_num(i64::from(n)) {
                    errs.push(FieldError::invalid_raw(
                        format!("{path}.targetPort"),
                        n.to_string(),
                        m,
                    ));
                }
            }
            TargetPort::Name(s) => {
                for m in validate::formats::port_name(&s) {
                    errs.push(FieldError::invalid(format!("{path}.targetPort"), &s, m));
                }
            }
        }
    }
    if let Some(sel) = &spec.selector {
        errs.extend(validate::labels(sel, "spec.selector"));
    }
    if type_.is_none() {
        errs.push(FieldError::unsupported(
            "spec.type",
            &type_name,
            ServiceType::NAMES,
        ));
    }
    let proto = |p: &api::ServicePort| p.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
    if type_ == Some(ServiceType::ClusterIP) {
        for (i, p) in ports_in.iter().enumerate() {
            if p.node_port.is_some_and(|n| n != 0) {
                errs.push(FieldError::forbidden(
                    format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = Set::new();
    for (i, p) in ports_in.iter().enumerate() {
        let Some(n) = p.node_port.filter(|n| *n != 0) else {
            continue;
        };
        if !node_ports.insert((proto(p), n)) {
            errs.push(FieldError::duplicate_raw(
                format!("spec.ports[{i}].nodePort"),
                n.to_string(),
                None,
            ));
        }
    }
    let mut seen = Set::new();
    for (i, p) in ports_in.iter().enumerate() {
        if !seen.insert((proto(p), p.port)) {
            errs.push(FieldError::duplicate_raw(
                format!("spec.ports[{i}]"),
                go_service_port_key(&proto(p), p.port),
                None,
            ));
        }
    }
    let Some(type_) = type_ else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    // Allocation (pkg/registry/core/service/storage/alloc.go).
    let mut ports = Vec::new();
    for (i, p) in ports_in.iter().enumerate() {
        let node_port = if type_.has_node_ports() {
            match p.node_port.filter(|n| *n != 0) {
                Some(n) if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&n) => {
                    errs.push(FieldError::invalid_raw(
                        format!("spec.ports[{i}].nodePort"),
                        n.to_string(),
                        format!(
                            "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
                        ),
                    ));
                    None
                }
                Some(n) if !alloc.node_ports.insert(n) => {
                    errs.push(FieldError::invalid_raw(
                        format!("spec.ports[{i}].nodePort"),
                        n.to_string(),
                        "provided port is already allocated",
                    ));
                    None
                }
                Some(n) => Some(n),
                None => alloc.allocate_node_port(),
            }
        } else {
            None
        };
        ports.push(ServicePort {
            name: p.name.clone().filter(|n| !n.is_empty()),
            protocol: p
                .protocol
                .as_deref()
                .and_then(Protocol::parse)
                .unwrap_or(Protocol::Tcp),
            port: p.port,
            target_port: target_port(p.target_port.as_ref(), p.port),
            node_port,
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let cluster_ip = match (type_, spec.cluster_ip.as_deref()) {
        (ServiceType::ExternalName, _) => ClusterIp::NotApplicable,
        (_, Some("None")) => ClusterIp::Headless,
        (_, Some(ip)) if !ip.is_empty() => {
            alloc.reserve_ip(ip);
            ClusterIp::Address(ip.to_owned())
        }
        _ => ClusterIp::Address(alloc.allocate_ip()),
    };
    Ok(ServiceSpec {
        key: ObjectKey { namespace, name },
        type_,
        cluster_ip,
        ports,
        selector: spec.selector.unwrap_or_default(),
        external_name: spec
            .external_name
            .filter(|_| type_ == ServiceType::ExternalName),
        labels: svc.metadata.labels.clone().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn svc(yaml: &str) -> api::Service {
        serde_yaml::from_str(yaml).expect("service yaml")
    }

    fn errors(yaml: &str) -> Vec<String> {
        service_from_api(&svc(yaml), &mut Allocator::new(1))
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn allocation_is_seeded_and_in_the_upper_bands() {
        let mut a = Allocator::new(7);
        let s = service_from_api(
            &svc("metadata: {name: web}\nspec: {type: NodePort, ports: [{port: 80}]}"),
            &mut a,
        )
        .expect("valid");
        let ClusterIp::Address(ip) = &s.cluster_ip else {
            panic!("no ip")
        };
        let ip: Ipv4Addr = ip.parse().expect("ipv4");
        assert!(u32::from(ip) >= SERVICE_BASE + 257 && u32::from(ip) < SERVICE_BASE + SERVICE_SIZE);
        let np = s.ports[0].node_port.expect("node port");
        assert!((30128..=32767).contains(&np), "{np}");
        assert_eq!(s.ports[0].target_port, TargetPort::Number(80));
        let again = service_from_api(
            &svc("metadata: {name: web}\nspec: {type: NodePort, ports: [{port: 80}]}"),
            &mut Allocator::new(7),
        )
        .expect("valid");
        assert_eq!(again, s);
    }

    #[test]
    fn the_api_servers_messages() {
        assert_eq!(
            errors("metadata: {name: a}\nspec: {}"),
            vec!["spec.ports: Required value"]
        );
        assert_eq!(
            errors("metadata: {name: a}\nspec: {ports: [{port: 80}, {port: 80}]}"),
            vec![
                "spec.ports[0].name: Required value",
                "spec.ports[1].name: Required value",
                "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
            ]
        );
        assert_eq!(
            errors("metadata: {name: a}\nspec: {type: Internal, ports: [{port: 80}]}"),
            vec![
                "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
            ]
        );
        assert_eq!(
            errors(
                "metadata: {name: a}\nspec: {type: NodePort, ports: [{port: 80, nodePort: 80}]}"
            ),
            vec![
                "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
            ]
        );
        assert!(
            service_from_api(
                &svc("metadata: {name: h}\nspec: {clusterIP: None, selector: {app: db}}"),
                &mut Allocator::new(1)
            )
            .is_ok_and(|s| s.cluster_ip == ClusterIp::Headless)
        );
    }
}
