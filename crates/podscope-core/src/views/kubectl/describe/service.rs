//! `kubectl describe service` (kubectl pkg/describe/describe.go `describeService`,
//! `formatEndpointSlices`): the spec as the API server defaulted it (single-stack IPv4,
//! `Cluster` traffic policies, `None` session affinity), each port with its target and the
//! ready endpoints of the EndpointSlices, then the events (none recorded about Services here).

use std::fmt::Write;

use crate::model::cluster::{ClusterIp, ServiceSpec, ServiceType, TargetPort};
use crate::sim::world::World;
use crate::views::kubectl::tables::port_endpoints;
use crate::views::tabwriter::DESCRIBE;

/// The whole text for one Service (the model keeps no annotations on the manifest's
/// Services: `<none>`).
pub fn describe_service(world: &World, s: &ServiceSpec) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", s.key.name);
    let _ = writeln!(out, "Namespace:\t{}", s.key.namespace);
    // The API server's own `kubernetes` Service carries `component=apiserver` and
    // `provider=kubernetes` (pkg/controlplane/reconcilers); kubeadm's kube-dns its addon
    // labels and Prometheus annotations (manifests.go `KubeDNSService`).
    let own: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    let (labels, annotations): (&[&str], &[&str]) =
        match (s.key.namespace.as_str(), s.key.name.as_str()) {
            ("default", "kubernetes") => (&["component=apiserver", "provider=kubernetes"], &[]),
            ("kube-system", "kube-dns") => (
                &[
                    "k8s-app=kube-dns",
                    "kubernetes.io/cluster-service=true",
                    "kubernetes.io/name=CoreDNS",
                ],
                &["prometheus.io/port: 9153", "prometheus.io/scrape: true"],
            ),
            _ => (&own, &[]),
        };
    for (title, values) in [("Labels", labels), ("Annotations", annotations)] {
        match values.split_first() {
            None => {
                let _ = writeln!(out, "{title}:\t<none>");
            }
            Some((first, rest)) => {
                let _ = writeln!(out, "{title}:\t{first}");
                for v in rest {
                    let _ = writeln!(out, "\t{v}");
                }
            }
        }
    }
    let selector: Vec<String> = s.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let selector = if selector.is_empty() {
        "<none>".to_owned()
    } else {
        selector.join(",")
    };
    let _ = writeln!(out, "Selector:\t{selector}");
    let ty = match s.type_ {
        ServiceType::ClusterIP => "ClusterIP",
        ServiceType::NodePort => "NodePort",
        ServiceType::LoadBalancer => "LoadBalancer",
        ServiceType::ExternalName => "ExternalName",
    };
    let _ = writeln!(out, "Type:\t{ty}");
    let ip = match &s.cluster_ip {
        ClusterIp::Address(a) => Some(a.clone()),
        ClusterIp::Headless => Some("None".to_owned()),
        ClusterIp::NotApplicable => None,
    };
    match &ip {
        Some(ip) => {
            let _ = write!(
                out,
                "IP Family Policy:\tSingleStack\nIP Families:\tIPv4\nIP:\t{ip}\nIPs:\t{ip}\n"
            );
        }
        None => out.push_str("IP Families:\t<none>\nIP:\t\nIPs:\t<none>\n"),
    }
    if let Some(name) = s.external_name.as_deref().filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "External Name:\t{name}");
    }
    // formatEndpointSlices: `<none>` without a slice (a Service without a selector), else
    // the ready endpoints of the port, three at most.
    let has_slice = !s.selector.is_empty() || s.key.name == "kubernetes";
    for p in &s.ports {
        let name = p
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "<unset>".to_owned());
        let proto = p.protocol.as_str();
        let _ = writeln!(out, "Port:\t{name}\t{}/{proto}", p.port);
        match &p.target_port {
            TargetPort::Number(n) => {
                let _ = writeln!(out, "TargetPort:\t{n}/{proto}");
            }
            TargetPort::Name(n) => {
                let _ = writeln!(out, "TargetPort:\t{n}/{proto}");
            }
        }
        if let Some(np) = p.node_port {
            let _ = writeln!(out, "NodePort:\t{name}\t{np}/{proto}");
        }
        let text = if has_slice {
            let mine: Vec<String> = port_endpoints(world, s, p)
                .into_iter()
                .map(|(ip, port)| format!("{ip}:{port}"))
                .collect();
            let shown: Vec<&str> = mine.iter().take(3).map(String::as_str).collect();
            let mut t = shown.join(",");
            if mine.len() > 3 {
                let _ = write!(t, " + {} more...", mine.len() - 3);
            }
            t
        } else {
            "<none>".to_owned()
        };
        let _ = writeln!(out, "Endpoints:\t{text}");
    }
    out.push_str("Session Affinity:\tNone\n");
    if matches!(s.type_, ServiceType::NodePort | ServiceType::LoadBalancer) {
        out.push_str("External Traffic Policy:\tCluster\n");
    }
    if s.type_ != ServiceType::ExternalName {
        out.push_str("Internal Traffic Policy:\tCluster\n");
    }
    out.push_str("Events:\t<none>\n");
    DESCRIBE.format(&out)
}
