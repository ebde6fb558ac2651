//! `kubectl get pods|deployments|replicasets|services|events`: the server-side table columns
//! (kubernetes/kubernetes pkg/printers/internalversion/printers.go) through kubectl's
//! tabwriter.

use super::{no_resources, not_found, unmodelled};
use crate::model::go_case;
use crate::model::humanize;
use crate::model::kubectl::Get;
use crate::model::kubectl::output::OutputFormat;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::Targets;
use crate::model::sort::CompactSort;
use crate::model::workload::WorkloadKind;
use crate::sim::outcome::Output;
use crate::sim::status;
use crate::sim::world::{Pod, World};
use crate::views::tabwriter::{KUBECTL, table};

/// Runs a parsed `kubectl get`: for each resource type named, the table of its objects in
/// scope or of the ones named; several types print one table each, separated by a blank
/// line, with `kind.group/` before each name when objects of more than one kind were found
/// (get.go `Run`, `multipleGVKsRequested`, `separatorWriterWrapper`).
pub fn run(world: &World, args: &Get) -> Output {
    let groups = match groups(&args.targets) {
        Ok(g) => g,
        Err(out) => return out,
    };
    // `--field-selector` on pods with the fields the pod registry indexes that the docs use
    // (pkg/registry/core/pod/strategy.go `ToSelectableFields`).
    let only_pods = groups.iter().all(|(r, _)| *r == Resource::Pods);
    let fields_ok = args.field_selector.as_deref().is_none_or(|f| {
        crate::model::kubectl::selector::parse_field_selector(f).is_some_and(|terms| {
            terms.iter().all(|t| {
                matches!(
                    t.field.as_str(),
                    "status.phase" | "metadata.name" | "metadata.namespace" | "spec.nodeName"
                )
            })
        })
    });
    if args.field_selector.is_some() && !(only_pods && fields_ok) {
        return unmodelled("kubectl get --field-selector");
    }
    if let OutputFormat::GoTemplateFile(path) = &args.output {
        // template_flags.go `ToPrinter`: the file is read before anything is asked for.
        let Some(text) = world.user_file(path) else {
            return Output::failed(
                format!(
                    "error: error reading --template {path}, open {path}: no such file or directory\n"
                ),
                1,
            );
        };
        let args = Get {
            output: OutputFormat::GoTemplate(text.to_owned()),
            ..args.clone()
        };
        return generic(world, &args, &groups);
    }
    if !matches!(args.output, OutputFormat::Table | OutputFormat::Wide) {
        return generic(world, args, &groups);
    }
    let mut tables: Vec<(Resource, Vec<&'static str>, Vec<Row>)> = Vec::new();
    let mut errors = String::new();
    for (resource, names) in &groups {
        let Some((header, rows)) = rows_of(world, args, *resource) else {
            // `get all` lists the kinds of the category podscope does not simulate as
            // having no objects (the manifest warned that they are not simulated).
            if groups.len() > 1 && names.is_none() && !matches!(args.targets, Targets::Names(..)) {
                continue;
            }
            return unmodelled(&format!("kubectl get {}", resource.api().plural));
        };
        let rows = match names {
            None => rows,
            Some(names) => {
                let mut picked = Vec::new();
                for name in names {
                    match rows.iter().find(|(n, _)| n == name) {
                        Some(r) => picked.push(r.clone()),
                        None => errors.push_str(&not_found(*resource, name).text),
                    }
                }
                picked
            }
        };
        if !rows.is_empty() {
            tables.push((*resource, header, rows));
        }
    }
    let with_kind = args.show_kind || {
        let mut kinds: Vec<Resource> = tables.iter().map(|t| t.0).collect();
        kinds.dedup();
        kinds.len() > 1
    };
    let texts: Vec<String> = tables
        .into_iter()
        .map(|(resource, header, mut rows)| {
            if with_kind && resource != Resource::Events {
                let at = usize::from(args.all_namespaces);
                for (_, cells) in &mut rows {
                    if let Some(c) = cells.get_mut(at) {
                        *c = format!("{}/{c}", resource.kind_prefix());
                    }
                }
            }
            render(world, resource, header, rows, args)
        })
        .collect();
    if texts.is_empty() && errors.is_empty() {
        let namespaced = groups.iter().all(|(r, _)| r.api().namespaced);
        return no_resources(args.all_namespaces || !namespaced, &args.namespace);
    }
    // The API server's deprecation warning for v1 Endpoints (1.33+), once per request.
    let warning = if groups
        .iter()
        .any(|(r, _)| matches!(r, Resource::Other(a) if a.plural == "endpoints"))
    {
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"
    } else {
        ""
    };
    let text = format!("{warning}{}{errors}", texts.join("\n"));
    if errors.is_empty() {
        Output::ok(text)
    } else {
        Output::failed(text, 1)
    }
}

/// The resource types the arguments name, each with the names asked for (`None`: all its
/// objects), in the order the builder visits them.
type Groups = Vec<(Resource, Option<Vec<String>>)>;

fn groups(targets: &Targets) -> Result<Groups, Output> {
    Ok(match targets {
        Targets::None => return Err(unmodelled("kubectl get")),
        Targets::Types(rs) => rs.iter().map(|r| (*r, None)).collect(),
        Targets::Names(r, names) => vec![(*r, Some(names.clone()))],
        Targets::Objects(objects) => {
            let mut g: Groups = Vec::new();
            for o in objects {
                match g.last_mut() {
                    Some((r, Some(names))) if *r == o.resource => names.push(o.name.clone()),
                    _ => g.push((o.resource, Some(vec![o.name.clone()]))),
                }
            }
            g
        }
    })
}

/// The table of one resource type: its header and its rows (name, cells); `None` for a
/// type podscope does not print.
fn rows_of(world: &World, args: &Get, resource: Resource) -> Option<(Vec<&'static str>, Vec<Row>)> {
    Some(match resource {
        Resource::Pods => pods(world, args),
        Resource::Deployments => workloads(world, args, WorkloadKind::Deployment),
        Resource::ReplicaSets => workloads(world, args, WorkloadKind::ReplicaSet),
        Resource::ReplicationControllers => {
            workloads(world, args, WorkloadKind::ReplicationController)
        }
        Resource::Services => services(world, args),
        Resource::Events => events(world, args),
        Resource::Jobs => jobs(world, args),
        Resource::Other(api) => return super::tables::rows(world, args, api),
    })
}

type Row = (String, Vec<String>);

/// get.go `printGeneric`: the objects found through a non-table printer, the NotFound
/// errors after them.
fn generic(world: &World, args: &Get, groups: &Groups) -> Output {
    let mut errors = String::new();
    let mut picked: Vec<super::printers::Found> = Vec::new();
    for (resource, names) in groups {
        let Some(all) = super::found::objects(world, args, *resource) else {
            return unmodelled(&format!(
                "kubectl get {} -o {}",
                resource.api().plural,
                args.output.name()
            ));
        };
        match names {
            None => picked.extend(all.into_iter().map(|(_, f)| f)),
            Some(names) => {
                let mut all: Vec<Option<(String, super::printers::Found)>> =
                    all.into_iter().map(Some).collect();
                for name in names {
                    match all
                        .iter_mut()
                        .find(|o| o.as_ref().is_some_and(|(n, _)| n == name))
                    {
                        Some(slot) => picked.extend(slot.take().map(|(_, f)| f)),
                        None => errors.push_str(&not_found(*resource, name).text),
                    }
                }
            }
        }
    }
    // The builder implies a single item when one name of one type was asked for.
    let single = matches!(groups.as_slice(), [(_, Some(names))] if names.len() == 1);
    if single && picked.is_empty() {
        return Output::failed(errors, 1);
    }
    let mut out = super::printers::print(&args.output, picked, single);
    if !errors.is_empty() {
        out.text.push_str(&errors);
        out.status = 1;
    }
    out
}

fn render(
    world: &World,
    resource: Resource,
    header: Vec<&str>,
    rows: Vec<Row>,
    args: &Get,
) -> String {
    let (header, rows) = decorate(world, resource, &header, rows, args);
    let mut table_rows: Vec<Vec<String>> = vec![header];
    table_rows.extend(rows.into_iter().map(|(_, cells)| cells));
    table(KUBECTL, &table_rows)
}

/// One type's table as `kubectl get --watch` prints it, before alignment: the header and
/// each object's row, keyed by namespace and name, in the API server's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchTable {
    pub header: Vec<String>,
    pub rows: Vec<((String, String), Vec<String>)>,
}

/// The table `get --watch` prints of the one type it names (get.go `watch`: the builder's
/// `SingleResourceType`; an object named that does not exist ends the watch at once).
pub fn watched(world: &World, args: &Get) -> Result<WatchTable, Output> {
    let groups = groups(&args.targets)?;
    let (resource, names) = match groups.as_slice() {
        [one] => one.clone(),
        // cli-runtime resource/builder.go `ErrMultipleResourceTypes`.
        _ => {
            return Err(Output::failed(
                "error: you may only specify a single resource type\n",
                1,
            ));
        }
    };
    if names.as_ref().is_some_and(|n| n.len() > 1) {
        return Err(unmodelled("kubectl get --watch of several names"));
    }
    // Events are correlated in place (a count grows): their rows have no one key to follow.
    if resource == Resource::Events {
        return Err(unmodelled("kubectl get events --watch"));
    }
    let Some((header, rows)) = rows_of(world, args, resource) else {
        return Err(unmodelled(&format!(
            "kubectl get {} --watch",
            resource.api().plural
        )));
    };
    let rows: Vec<Row> = match names.as_deref() {
        Some([name]) => {
            let one: Vec<Row> = rows.into_iter().filter(|(n, _)| n == name).collect();
            if one.is_empty() {
                return Err(not_found(resource, name));
            }
            one
        }
        _ => rows,
    };
    let (header, rows) = decorate(world, resource, &header, rows, args);
    let rows = rows
        .into_iter()
        .map(|(name, cells)| {
            let ns = match cells.first() {
                Some(ns) if args.all_namespaces && resource.api().namespaced => ns.clone(),
                _ => args.namespace.clone(),
            };
            ((ns, name), cells)
        })
        .collect();
    Ok(WatchTable { header, rows })
}

/// The header and rows with the namespace column of `-A`, a column per `-L` key and
/// LABELS of `--show-labels`.
fn decorate(
    world: &World,
    resource: Resource,
    header: &[&str],
    rows: Vec<Row>,
    args: &Get,
) -> (Vec<String>, Vec<Row>) {
    let mut h: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
    if args.all_namespaces && resource.api().namespaced {
        h.insert(0, "NAMESPACE".to_owned());
    }
    // tableprinter.go `decorateTable`: a column per `-L` key (its last path segment, upper
    // case), then LABELS for `--show-labels` (`labels.FormatLabels`).
    let with_labels = args.show_labels || !args.label_columns.is_empty();
    for l in &args.label_columns {
        h.push(go_case::upper(l.rsplit('/').next().unwrap_or(l)));
    }
    if args.show_labels {
        h.push("LABELS".to_owned());
    }
    let mut decorated = Vec::with_capacity(rows.len());
    for (name, mut cells) in rows {
        if with_labels {
            let ns = if args.all_namespaces {
                cells.first().cloned().unwrap_or_default()
            } else {
                args.namespace.clone()
            };
            let labels = super::tables::labels_of(world, resource, &ns, &name);
            for l in &args.label_columns {
                cells.push(labels.get(l).cloned().unwrap_or_default());
            }
            if args.show_labels {
                let all: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                cells.push(if all.is_empty() {
                    "<none>".to_owned()
                } else {
                    all.join(",")
                });
            }
        }
        decorated.push((name, cells));
    }
    (h, decorated)
}

fn with_ns(args: &Get, namespace: &str, mut cells: Vec<String>) -> Vec<String> {
    if args.all_namespaces {
        cells.insert(0, namespace.to_owned());
    }
    cells
}

/// `printPod` columns: NAME READY STATUS RESTARTS AGE, and with `-o wide` IP NODE
/// NOMINATED NODE READINESS GATES. The API lists pods by namespace, then name.
fn pods(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if args.wide() {
        header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    let mut pods: Vec<&Pod> = world
        .pods()
        .filter(|p| args.in_scope(&p.spec.key.namespace) && args.selects(&p.spec.labels))
        .filter(|p| field_selects(world, args, p))
        .collect();
    pods.sort_compact_by(|a, b| a.spec.key.cmp(&b.spec.key));
    let now = world.now();
    let rows = pods
        .into_iter()
        .map(|p| {
            let r = status::pod_row(p, now);
            let mut cells = vec![
                p.spec.key.name.clone(),
                r.ready,
                r.status,
                r.restarts,
                r.age,
            ];
            if args.wide() {
                let on = world.node_of(p);
                let ip = match (p.ip, on.filter(|_| p.spec.ns.host_network)) {
                    (Some(ip), _) => ip.to_string(),
                    (None, Some(n)) => n.internal_ip.to_string(),
                    (None, None) => "<none>".to_owned(),
                };
                // The NODE column is `spec.nodeName` (printers.go `printPod`), set for a pod
                // created with it even when no such node exists.
                let node = on
                    .map(|n| n.name.clone())
                    .or_else(|| {
                        let spec = p.spec.api.spec.as_ref();
                        spec.and_then(|s| s.node_name.clone())
                            .filter(|n| !n.is_empty())
                    })
                    .unwrap_or_else(|| "<none>".to_owned());
                cells.extend([ip, node, "<none>".to_owned(), "<none>".to_owned()]);
            }
            (
                p.spec.key.name.clone(),
                with_ns(args, &p.spec.key.namespace, cells),
            )
        })
        .collect();
    (header, rows)
}

/// Whether a pod passes `--field-selector` (terms over `status.phase`, `metadata.name`,
/// `metadata.namespace`, `spec.nodeName`; an empty node name for an unscheduled pod).
pub(super) fn field_selects(world: &World, args: &Get, p: &Pod) -> bool {
    let Some(terms) = args
        .field_selector
        .as_deref()
        .and_then(crate::model::kubectl::selector::parse_field_selector)
    else {
        return true;
    };
    terms.iter().all(|t| {
        let actual = match t.field.as_str() {
            "status.phase" => status::phase(p).as_str().to_owned(),
            "metadata.name" => p.spec.key.name.clone(),
            "metadata.namespace" => p.spec.key.namespace.clone(),
            "spec.nodeName" => world
                .node_of(p)
                .filter(|_| p.scheduled_at.is_some())
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            _ => return false,
        };
        (actual == t.value) == t.equals
    })
}

/// One workload's row: (key, cells, template, whether the selector carries
/// pod-template-hash, or the selector itself: an RC's `labels.FormatLabels(spec.selector)`).
type WorkloadRow<'a> = (
    &'a crate::model::ids::ObjectKey,
    Vec<String>,
    &'a crate::model::spec::PodSpec,
    Result<bool, &'a str>,
);

/// `printDeployment` (NAME READY UP-TO-DATE AVAILABLE AGE: `readyReplicas/spec.replicas`,
/// `updatedReplicas`, `availableReplicas`) and `printReplicaSet` (NAME DESIRED CURRENT READY
/// AGE: `spec.replicas`, `status.replicas`, `readyReplicas`); `-o wide` adds CONTAINERS
/// IMAGES SELECTOR. Listed by namespace and name, as the API server lists them.
fn workloads(world: &World, args: &Get, kind: WorkloadKind) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = match kind {
        WorkloadKind::Deployment => vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        // printers.go `replicationControllerColumnDefinitions` are the ReplicaSet's.
        WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController => {
            vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
        }
    };
    if args.wide() {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    let now = world.now();
    let c = world.controllers();
    let mut found: Vec<WorkloadRow<'_>> = match kind {
        WorkloadKind::Deployment => c
            .deployments
            .iter()
            .map(|d| {
                let (counts, updated) = world.deployment_counts(d);
                let cells = vec![
                    d.key.name.clone(),
                    format!("{}/{}", counts.ready, d.replicas),
                    updated.to_string(),
                    counts.available.to_string(),
                    humanize::k8s_age(now, d.created_at),
                ];
                (&d.key, cells, &d.template, Ok(false))
            })
            .collect(),
        WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController => c
            .sets(kind.set_kind())
            .filter(|r| args.selects(&r.template.labels))
            .map(|r| {
                let counts = world.replica_set_counts(r);
                let cells = vec![
                    r.key.name.clone(),
                    r.replicas.to_string(),
                    counts.replicas.to_string(),
                    counts.ready.to_string(),
                    humanize::k8s_age(now, r.created_at),
                ];
                let selector = match kind {
                    WorkloadKind::ReplicationController => Err(r.selector.as_str()),
                    _ => Ok(true),
                };
                (&r.key, cells, &r.template, selector)
            })
            .collect(),
    };
    found.sort_compact_by(|a, b| (&a.0.namespace, &a.0.name).cmp(&(&b.0.namespace, &b.0.name)));
    let rows = found
        .into_iter()
        .filter(|(k, ..)| args.in_scope(&k.namespace))
        .map(|(key, mut cells, template, with_hash)| {
            if args.wide() {
                let names: Vec<&str> = template
                    .containers
                    .iter()
                    .map(|c| c.name.0.as_str())
                    .collect();
                let images: Vec<&str> = template
                    .containers
                    .iter()
                    .map(|c| c.image.raw.as_str())
                    .collect();
                // The selector is the template's labels (admission checked that the
                // selector matches them); a Deployment's ReplicaSet adds pod-template-hash.
                let selector = match with_hash {
                    Ok(with_hash) => template
                        .labels
                        .iter()
                        .filter(|(k, _)| with_hash || k.as_str() != "pod-template-hash")
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<String>>()
                        .join(","),
                    Err(selector) => selector.to_owned(),
                };
                cells.extend([names.join(","), images.join(","), selector]);
            }
            (key.name.clone(), with_ns(args, &key.namespace, cells))
        })
        .collect();
    (header, rows)
}

/// `printJob` (NAME STATUS COMPLETIONS DURATION AGE; `-o wide` adds CONTAINERS IMAGES
/// SELECTOR): COMPLETIONS `succeeded/completions`, or `succeeded/1 [of parallelism]` for a
/// work-queue Job; DURATION from the start to completion (or now), empty before the start.
fn jobs(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let mut header = vec!["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"];
    if args.wide() {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    let now = world.now();
    let mut jobs: Vec<&crate::sim::controllers::job::Job> = world
        .jobs()
        .iter()
        .filter(|j| args.in_scope(&j.spec.key.namespace))
        .collect();
    jobs.sort_compact_by(|a, b| a.spec.key.cmp(&b.spec.key));
    let rows = jobs
        .into_iter()
        .map(|j| {
            let completions = match j.spec.completions {
                Some(c) => format!("{}/{c}", j.succeeded),
                None if j.spec.parallelism > 1 => {
                    format!("{}/1 of {}", j.succeeded, j.spec.parallelism)
                }
                None => format!("{}/1", j.succeeded),
            };
            let duration = match (j.start_time, j.completion_time) {
                (None, _) => String::new(),
                (Some(s), None) => humanize::k8s_duration(now.since(s)),
                (Some(s), Some(c)) => humanize::k8s_duration(c.since(s)),
            };
            let mut cells = vec![
                j.spec.key.name.clone(),
                j.status_word().to_owned(),
                completions,
                duration,
                humanize::k8s_age(now, j.created_at),
            ];
            if args.wide() {
                let t = &j.spec.template;
                let names: Vec<&str> = t.containers.iter().map(|c| c.name.0.as_str()).collect();
                let images: Vec<&str> = t.containers.iter().map(|c| c.image.raw.as_str()).collect();
                cells.extend([
                    names.join(","),
                    images.join(","),
                    format!("batch.kubernetes.io/controller-uid={}", j.uid),
                ]);
            }
            (
                j.spec.key.name.clone(),
                with_ns(args, &j.spec.key.namespace, cells),
            )
        })
        .collect();
    (header, rows)
}

/// `printService`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (pkg/printers/internalversion
/// printers.go `printService`, `getServiceExternalIP`, `makePortString`): the cluster's own
/// Services (`tables::services`) and the manifest's, sorted by namespace and name as the API
/// server lists them. A
/// LoadBalancer has no cloud controller here, so its EXTERNAL-IP stays `<pending>`; the
/// cluster is as old as the simulation.
fn services(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    use crate::model::cluster::{ClusterIp, ServiceType};
    let mut header = vec![
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
    ];
    if args.wide() {
        header.push("SELECTOR");
    }
    let mut listed: Vec<(String, String, Vec<String>)> = Vec::new();
    for svc in &super::tables::services(world) {
        let age = humanize::k8s_age(world.now(), world.cluster.service_created_at(&svc.key));
        let ty = match svc.type_ {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        };
        let cluster_ip = match &svc.cluster_ip {
            ClusterIp::Address(a) => a.clone(),
            ClusterIp::Headless => "None".to_owned(),
            ClusterIp::NotApplicable => "<none>".to_owned(),
        };
        let external = match svc.type_ {
            ServiceType::LoadBalancer => "<pending>".to_owned(),
            ServiceType::ExternalName => svc.external_name.clone().unwrap_or_default(),
            _ => "<none>".to_owned(),
        };
        let ports: Vec<String> = svc
            .ports
            .iter()
            .map(|p| {
                let proto = p.protocol.as_str();
                match p.node_port {
                    Some(np) => format!("{}:{np}/{proto}", p.port),
                    None => format!("{}/{proto}", p.port),
                }
            })
            .collect();
        let ports = if ports.is_empty() {
            "<none>".to_owned()
        } else {
            ports.join(",")
        };
        let mut cells = vec![
            svc.key.name.clone(),
            ty.to_owned(),
            cluster_ip,
            external,
            ports,
            age,
        ];
        if args.wide() {
            let sel: Vec<String> = svc
                .selector
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            cells.push(if sel.is_empty() {
                "<none>".to_owned()
            } else {
                sel.join(",")
            });
        }
        listed.push((svc.key.namespace.clone(), svc.key.name.clone(), cells));
    }
    listed.sort_compact_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let rows = listed
        .into_iter()
        .filter(|(ns, _, _)| args.in_scope(ns))
        .map(|(ns, name, cells)| (name, with_ns(args, &ns, cells)))
        .collect();
    (header, rows)
}

/// `printEvent`: LAST SEEN TYPE REASON OBJECT MESSAGE (no field-path prefix: only describe
/// adds it), one row per Event object the API server holds, in its listing order.
fn events(world: &World, args: &Get) -> (Vec<&'static str>, Vec<Row>) {
    let header = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    let now = world.now();
    let rows = world
        .events()
        .filter(|e| args.in_scope(&e.event.pod.namespace))
        .map(|e| {
            let cells = vec![
                humanize::k8s_age(now, e.last),
                e.event.event_type().as_str().to_owned(),
                e.event.reason().to_owned(),
                format!("{}/{}", e.event.object.lower(), e.event.pod.name),
                e.message(),
            ];
            (
                e.event.pod.name.clone(),
                with_ns(args, &e.event.pod.namespace, cells),
            )
        })
        .collect();
    (header, rows)
}
