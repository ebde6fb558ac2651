//! `kubectl expose deployment|replicaset|pod NAME`: the Service kubectl generates from the
//! object and creates (kubectl pkg/cmd/expose/expose.go `RunExpose`, `createService`;
//! pkg/polymorphichelpers `MapBasedSelectorForObjectFn` (a Deployment's or ReplicaSet's
//! `matchLabels`, a pod's labels), `PortsForObjectFn` and `MultiProtocolsForObjectFn` (the
//! containers' ports), the object's labels for the Service's), printed as `service/NAME
//! exposed` (`NewPrintFlags("exposed")`). The API server then allocates its ClusterIP and
//! node ports as for any Service.

use podscope_collections::Map;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::go_case;
use crate::model::humanize::go_quote;
use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Expose, not_modelled, parse_labels};
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// What expose reads of the exposed object.
struct Exposed {
    labels: BTreeMap<String, String>,
    /// The map-based selector, or the selector kubectl cannot turn into one.
    selector: Result<BTreeMap<String, String>, String>,
    /// The containers' ports in order, with their protocols.
    ports: Vec<(i32, String)>,
}

/// `KEY=VALUE,…` as kubectl prints a selector: a map when every requirement is an equality.
fn map_selector(printed: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for req in printed.split(',') {
        match req.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.starts_with('=') && !k.ends_with('!') => {
                map.insert(k.to_owned(), v.to_owned());
            }
            _ => return Err(printed.to_owned()),
        }
    }
    Ok(map)
}

fn container_ports(pod: &api::Pod) -> Vec<(i32, String)> {
    pod.spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .flat_map(|c| c.ports.iter().flatten())
        .map(|p| {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".to_owned());
            (p.container_port, proto)
        })
        .collect()
}

impl World {
    fn exposed(&self, resource: Resource, key: &ObjectKey) -> Option<Exposed> {
        match resource {
            Resource::Deployments => {
                let d = self.controllers.deployment(key)?;
                Some(Exposed {
                    labels: d.labels.clone(),
                    selector: map_selector(&d.selector),
                    ports: container_ports(&d.template.api),
                })
            }
            Resource::ReplicaSets | Resource::ReplicationControllers => {
                let rs = match resource {
                    Resource::ReplicaSets => self.controllers.replica_set(key)?,
                    _ => self.controllers.replication_controller(key)?,
                };
                Some(Exposed {
                    labels: rs.template.labels.clone(),
                    selector: map_selector(&rs.selector),
                    ports: container_ports(&rs.template.api),
                })
            }
            _ => {
                let pod = self.pod_by_key(key)?;
                Some(Exposed {
                    labels: pod.spec.labels.clone(),
                    selector: Ok(pod.spec.labels.clone()),
                    ports: container_ports(&pod.spec.api),
                })
            }
        }
    }

    /// Runs a parsed `kubectl expose`.
    pub fn kubectl_expose(&mut self, cmd: &Expose) -> Output {
        let resource = cmd.object.resource;
        // polymorphichelpers canbeexposed.go `canBeExposed`: only replication controllers,
        // deployments, replica sets, services and pods.
        // The object is read first (a missing one is NotFound).
        if resource == Resource::Jobs {
            let key = ObjectKey::new(&cmd.namespace, &cmd.object.name);
            if !self.holds(crate::admission::admit::ApiKind::Job, &key) {
                return Output::failed(resource.not_found(&cmd.object.name), 1);
            }
            return Output::failed("error: cannot expose a Job.batch\n", 1);
        }
        if !matches!(
            resource,
            Resource::Deployments
                | Resource::ReplicaSets
                | Resource::ReplicationControllers
                | Resource::Pods
        ) {
            let what = format!("kubectl expose {}", resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let key = ObjectKey::new(&cmd.namespace, &cmd.object.name);
        let Some(obj) = self.exposed(resource, &key) else {
            return Output::failed(resource.not_found(&cmd.object.name), 1);
        };
        match build(cmd, &obj) {
            Ok(svc) => self.create_service(&svc),
            Err(e) => Output::failed(format!("error: {e}\n"), 1),
        }
    }

    fn create_service(&mut self, svc: &api::Service) -> Output {
        let text = match crate::model::json::text(svc) {
            Ok(t) => t,
            Err(e) => return Output::failed(format!("error: {e}\n"), 1),
        };
        let loaded = crate::admission::load::load(&text, crate::model::rng::DEFAULT_SEED);
        let out = self.create_generated(&loaded, None);
        if out.status != 0 {
            return out;
        }
        let name = svc.metadata.name.as_deref().unwrap_or_default();
        Output::ok(format!("service/{name} exposed\n"))
    }
}

/// expose.go `RunExpose`'s derivations, then `createService`.
fn build(cmd: &Expose, obj: &Exposed) -> Result<api::Service, String> {
    let selector = match &cmd.selector {
        Some(s) => parse_labels(s)?,
        None => obj.selector.clone().map_err(|printed| {
            format!(
                "couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - {} to map-based selector format",
                go_quote(&printed)
            )
        })?,
    };
    if selector.is_empty() {
        return Err("selector must be specified".to_owned());
    }
    let port_list: Vec<String> = match &cmd.port {
        Some(p) => vec![p.clone()],
        None if obj.ports.is_empty() => {
            return Err("couldn't find port via --port flag or introspection".to_owned());
        }
        None => obj.ports.iter().map(|(p, _)| p.to_string()).collect(),
    };
    let labels = match &cmd.labels {
        Some(l) => parse_labels(l)?,
        None => obj.labels.clone(),
    };
    // Name: `--name`, else the object's, cut to 63 characters (DNS1035LabelMaxLength).
    let name = cmd
        .name
        .clone()
        .unwrap_or_else(|| cmd.object.name.chars().take(63).collect());
    let mut protocols: Map<String, Vec<String>> = Map::new();
    for (port, proto) in &obj.ports {
        let list = protocols.entry(port.to_string()).or_default();
        if !list.contains(proto) {
            list.push(proto.clone());
        }
    }
    let mut ports = Vec::new();
    let several = port_list.len() > 1;
    for (i, text) in port_list.iter().enumerate() {
        let port: i32 = text
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(text)))?;
        let port_name = several.then(|| format!("port-{}", i + 1));
        let protocol = match (&cmd.protocol, protocols.get(text)) {
            (Some(p), _) => p.clone(),
            (None, Some(list)) if list.len() > 1 => {
                for proto in list {
                    ports.push(service_port(
                        Some(format!("port-{}-{}", i + 1, go_case::lower(proto))),
                        port,
                        proto,
                    ));
                }
                continue;
            }
            (None, Some(list)) => list.first().cloned().unwrap_or_else(|| "TCP".to_owned()),
            (None, None) => "TCP".to_owned(),
        };
        ports.push(service_port(port_name, port, &protocol));
    }
    for p in &mut ports {
        // `--target-port` for every port (intstr.Parse), else the port itself.
        p.target_port = Some(match &cmd.target_port {
            Some(t) => match t.parse::<i32>() {
                Ok(n) => IntOrString::Int(n),
                Err(_) => IntOrString::String(t.clone()),
            },
            None => IntOrString::Int(p.port),
        });
    }
    Ok(api::Service {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(cmd.namespace.clone()),
            labels: (!labels.is_empty()).then_some(labels),
            ..ObjectMeta::default()
        },
        spec: Some(api::ServiceSpec {
            selector: Some(selector),
            ports: Some(ports),
            type_: cmd.type_.clone(),
            ..api::ServiceSpec::default()
        }),
        status: None,
    })
}

fn service_port(name: Option<String>, port: i32, protocol: &str) -> api::ServicePort {
    api::ServicePort {
        name,
        port,
        protocol: Some(protocol.to_owned()),
        ..api::ServicePort::default()
    }
}
