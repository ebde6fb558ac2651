//! The fixture corpus: one manifest per rule or behaviour in `tests/fixtures/`, each with a
//! snapshot of what podscope says about it and, when it loads, how the node sets it up.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use podscope_core::admission::scheduler::{Placement, PodRequest, Used, schedule};
use podscope_core::model::cluster::{Cluster, ClusterIp, NamespaceOrigin, TargetPort};
use podscope_core::model::resources::{NodeFacts, ResourceOptions, pod_resources};
use podscope_core::model::spec::PodSpec;
use podscope_core::sim::world::WorldOptions;
use podscope_core::views::inspect::inspect;
use podscope_core::{DEFAULT_SEED, Loaded, World, load};

/// The cluster's objects, when the manifest has any besides pods, and where the scheduler
/// puts each pod among the cluster's nodes (the world below runs them there).
fn cluster_report(loaded: &Loaded, out: &mut String) {
    let c: &Cluster = &loaded.cluster;
    let extra_ns = c
        .namespaces
        .iter()
        .any(|n| n.origin != NamespaceOrigin::BuiltIn);
    if !c.has_declared_nodes()
        && c.services.is_empty()
        && c.config_maps.is_empty()
        && c.secrets.is_empty()
        && !extra_ns
    {
        return;
    }
    let _ = writeln!(out, "cluster:");
    for n in c.nodes() {
        let taints: Vec<String> = n
            .taints
            .iter()
            .map(|t| format!("{}={}:{:?}", t.key, t.value, t.effect))
            .collect();
        let _ = writeln!(
            out,
            "  node {}  capacity {}m/{}/{}  allocatable {}m/{}/{}  podCIDR {}  InternalIP {}{}{}",
            n.name,
            n.capacity.cpu_milli,
            n.capacity.memory_bytes,
            n.capacity.pods,
            n.allocatable.cpu_milli,
            n.allocatable.memory_bytes,
            n.allocatable.pods,
            n.pod_cidr,
            n.internal_ip,
            if taints.is_empty() {
                String::new()
            } else {
                format!("  taints {}", taints.join(","))
            },
            if n.unschedulable {
                "  unschedulable"
            } else {
                ""
            },
        );
    }
    for ns in c
        .namespaces
        .iter()
        .filter(|n| n.origin != NamespaceOrigin::BuiltIn)
    {
        let _ = writeln!(out, "  namespace {} ({:?})", ns.name, ns.origin);
    }
    for s in &c.services {
        let ip = match &s.cluster_ip {
            ClusterIp::Headless => "None".to_owned(),
            ClusterIp::Address(a) => a.clone(),
            ClusterIp::NotApplicable => "-".to_owned(),
        };
        let ports: Vec<String> = s
            .ports
            .iter()
            .map(|p| {
                let target = match &p.target_port {
                    TargetPort::Number(n) => n.to_string(),
                    TargetPort::Name(n) => n.clone(),
                };
                let node = p.node_port.map(|n| format!(":{n}")).unwrap_or_default();
                format!("{}{node}/{}->{target}", p.port, p.protocol.as_str())
            })
            .collect();
        let _ = writeln!(
            out,
            "  service {}/{}  {:?}  {ip}  {}{}",
            s.key.namespace,
            s.key.name,
            s.type_,
            ports.join(","),
            s.external_name
                .as_deref()
                .map(|e| format!("  {e}"))
                .unwrap_or_default(),
        );
    }
    for cm in &c.config_maps {
        let keys: Vec<&str> = cm.data.keys().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "  configmap {}/{}  data {}  binaryData {}",
            cm.key.namespace,
            cm.key.name,
            keys.join(","),
            cm.binary_data_keys.join(",")
        );
    }
    for s in &c.secrets {
        let data: Vec<String> = s
            .data
            .iter()
            .map(|(k, v)| format!("{k}={}", String::from_utf8_lossy(v)))
            .collect();
        let _ = writeln!(
            out,
            "  secret {}/{}  {}  {}",
            s.key.namespace,
            s.key.name,
            s.type_.as_str(),
            data.join(",")
        );
    }
    let mut used = vec![Used::default(); c.nodes().len()];
    let facts = NodeFacts {
        memory_capacity: 8 << 30,
        memory_allocatable: (8 << 30) - (100 << 20),
    };
    for p in &loaded.pods {
        let p: &PodSpec = p;
        let request = pod_resources(&p.api, &facts, &ResourceOptions::default())
            .map(|r| r.requests)
            .unwrap_or_default();
        let placement = schedule(c.nodes(), &used, &PodRequest::from_pod(&p.api, request));
        let text = match placement {
            Placement::Scheduled(i) | Placement::Bound(i) => {
                if let Some(u) = used.get_mut(i) {
                    u.add(&request);
                }
                let how = if matches!(placement, Placement::Bound(_)) {
                    "bound by spec.nodeName to"
                } else {
                    "scheduled to"
                };
                format!(
                    "{how} {}",
                    c.nodes().get(i).map_or("?", |n| n.name.as_str())
                )
            }
            Placement::NodeNotFound(n) => format!("Pending: spec.nodeName {n} is no node"),
            Placement::Unschedulable(m) => format!("FailedScheduling: {m}"),
        };
        let _ = writeln!(out, "  pod {}/{}: {text}", p.key.namespace, p.key.name);
    }
}

/// Diagnostics in `podscope check` form (`Diagnostic::render`, without a file name), then the pods (without the lsns tables, which the
/// scenario snapshots cover).
fn report(text: &str) -> String {
    let loaded = load(text, DEFAULT_SEED);
    let mut out = String::from("diagnostics:\n");
    for d in &loaded.diagnostics {
        let _ = writeln!(out, "  {}", d.render(None));
    }
    if loaded.has_errors() {
        return out;
    }
    cluster_report(&loaded, &mut out);
    let n = loaded.pods.len();
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
    // A fresh node pulls the images first: look once the last pull has ended.
    world.settle_pulls();
    let _ = writeln!(out, "pods: {n}");
    let mut in_table = false;
    for line in inspect(&world).lines() {
        // Keep everything but the lsns tables.
        if line.starts_with("$ lsns") || line.trim_start().starts_with("NS TYPE") {
            in_table = true;
            continue;
        }
        if in_table && line.starts_with("40265") {
            continue;
        }
        in_table = false;
        let _ = writeln!(out, "{line}");
    }
    out
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    let fixtures: Vec<(String, PathBuf)> = names
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("fixture")
                .to_owned();
            (stem, path)
        })
        .collect();
    crate::every::check_every("fixtures", &fixtures, |stem, path| {
        let text = std::fs::read_to_string(path).expect("readable");
        insta::with_settings!({ snapshot_suffix => stem.to_owned(), description => format!("tests/fixtures/{stem}.yaml") }, {
            insta::assert_snapshot!(report(&text));
        });
    });
}
