//! `kubectl describe pod NAME`: kubernetes/kubectl pkg/describe/describe.go `describePod`,
//! `describeContainers`, `describeStatus`, `DescribeEvents`, through its tabwriter. Probes,
//! environment, resources and volumes are in `describe/`.

mod config;
mod env;
pub mod events;
mod probe;
mod resources;
mod service;
mod volumes;
mod workloads;

use crate::model::sort::CompactSort;
pub(crate) use workloads::revision_template;

use std::fmt::Write;

use k8s_openapi::api::core::v1 as api;

use super::{no_resources, not_found, one_type, unmodelled};
use crate::model::humanize::rfc1123z;
use crate::model::ids::ObjectKey;
use crate::model::kubectl::Describe;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::Targets;
use crate::sim::outcome::Output;
use crate::sim::status;
use crate::sim::world::{Container, ContainerState, Pod, World};
use crate::views::tabwriter::DESCRIBE;

/// Runs a parsed `kubectl describe` of pods, Deployments or Jobs.
pub fn run(world: &World, args: &Describe) -> Output {
    let (resource, names) = match one_type("describe", &args.targets) {
        Ok(t) => t,
        Err(out) => return out,
    };
    let in_scope = |k: &ObjectKey| args.all_namespaces || k.namespace == args.namespace;
    if args.selector.is_some() && resource != Resource::Pods {
        return unmodelled(&format!("kubectl describe {} -l", resource.api().plural));
    }
    match resource {
        Resource::Pods => {
            let found: Vec<&Pod> = world
                .pods()
                .filter(|p| in_scope(&p.spec.key))
                .filter(|p| {
                    args.selector
                        .as_ref()
                        .is_none_or(|s| s.matches(&p.spec.labels))
                })
                .collect();
            described(
                args,
                resource,
                &names,
                found,
                |p| &p.spec.key,
                |p| describe_pod(world, p),
            )
        }
        Resource::Deployments => {
            let found: Vec<&crate::sim::controllers::Deployment> = world
                .controllers()
                .deployments
                .iter()
                .filter(|d| in_scope(&d.key))
                .collect();
            described(
                args,
                resource,
                &names,
                found,
                |d| &d.key,
                |d| workloads::describe_deployment(world, d),
            )
        }
        Resource::ReplicaSets | Resource::ReplicationControllers => {
            let kind = match resource {
                Resource::ReplicaSets => crate::model::workload::SetKind::ReplicaSet,
                _ => crate::model::workload::SetKind::ReplicationController,
            };
            let found: Vec<&crate::sim::controllers::ReplicaSet> = world
                .controllers()
                .sets(kind)
                .filter(|r| in_scope(&r.key))
                .collect();
            described(
                args,
                resource,
                &names,
                found,
                |r| &r.key,
                |r| workloads::describe_replica_set(world, r),
            )
        }
        Resource::Jobs => {
            let found: Vec<&crate::sim::controllers::job::Job> = world
                .jobs()
                .iter()
                .filter(|j| in_scope(&j.spec.key))
                .collect();
            described(
                args,
                resource,
                &names,
                found,
                |j| &j.spec.key,
                |j| workloads::describe_job(world, j),
            )
        }
        Resource::Services => {
            let all = super::tables::services(world);
            let found: Vec<&crate::model::cluster::ServiceSpec> =
                all.iter().filter(|s| in_scope(&s.key)).collect();
            described(
                args,
                resource,
                &names,
                found,
                |s| &s.key,
                |s| service::describe_service(world, s),
            )
        }
        Resource::Other(a) if a.group.is_empty() && a.plural == "secrets" => {
            let found: Vec<&crate::model::cluster::SecretSpec> = world
                .cluster
                .secrets
                .iter()
                .filter(|s| in_scope(&s.key))
                .collect();
            described(
                args,
                resource,
                &names,
                found,
                |s| &s.key,
                config::describe_secret,
            )
        }
        Resource::Other(a) if a.group.is_empty() && a.plural == "configmaps" => {
            let found: Vec<&crate::model::cluster::ConfigMapSpec> = world
                .cluster
                .config_maps
                .iter()
                .filter(|c| in_scope(&c.key))
                .collect();
            if found.iter().any(|c| !c.binary_data_keys.is_empty()) {
                return unmodelled("kubectl describe configmaps with binaryData");
            }
            described(
                args,
                resource,
                &names,
                found,
                |c| &c.key,
                |c| config::describe_config_map(c).unwrap_or_default(),
            )
        }
        other => Output::failed(
            format!(
                "podscope: kubectl describe {} is not modelled; describe pods, deployments or jobs\n",
                other.api().plural
            ),
            1,
        ),
    }
}

/// The named objects (all of them without names) described one after another, or kubectl's
/// NotFound for a missing name. `describe TYPE NAME` of a name that is not there describes
/// the objects whose names start with it instead (describe.go `DescribeMatchingResources`).
fn described<T>(
    args: &Describe,
    resource: Resource,
    names: &[String],
    all: Vec<&T>,
    key: impl Fn(&T) -> &ObjectKey,
    describe: impl Fn(&T) -> String,
) -> Output {
    let mut picked: Vec<&T> = Vec::new();
    if names.is_empty() {
        picked = all;
    } else {
        for n in names {
            match all.iter().find(|o| &key(o).name == n) {
                Some(o) => picked.push(o),
                None => {
                    if let (Targets::Names(_, one), [prefix]) = (&args.targets, names)
                        && one.len() == 1
                    {
                        let matching: Vec<String> = all
                            .iter()
                            .filter(|o| key(o).name.starts_with(prefix.as_str()))
                            .map(|o| format!("{}\n", describe(o)))
                            .collect();
                        if !matching.is_empty() {
                            return Output::ok(matching.concat());
                        }
                    }
                    return not_found(resource, n);
                }
            }
        }
    }
    if picked.is_empty() {
        return no_resources(args.all_namespaces, &args.namespace);
    }
    let texts: Vec<String> = picked.into_iter().map(describe).collect();
    Output::ok(texts.join("\n\n"))
}

/// A stand-in of the real shape (`model::stand_in`).
fn stand_in(seed: &str, alphabet: &[u8], len: usize) -> String {
    crate::model::stand_in::stand_in(seed, alphabet, len)
}

/// The `kube-api-access-xxxxx` volume the ServiceAccount admission plugin adds
/// (`model::stand_in::kube_api_access`).
pub fn kube_api_access(pod: &Pod) -> String {
    crate::model::stand_in::kube_api_access(pod.uid.as_str())
}

/// `status.containerStatuses[].imageID`: the repository digest of the image, a stand-in
/// digest of the real shape (`docker.io/library/nginx@sha256:<64 hex>`).
pub fn image_id(image: &crate::model::image_ref::ImageRef) -> String {
    let raw = image.raw.split(['@']).next().unwrap_or(&image.raw);
    let repo = match raw.rsplit_once(':') {
        Some((r, tag)) if !tag.contains('/') => r,
        _ => raw,
    };
    let full = match repo.split_once('/') {
        None => format!("docker.io/library/{repo}"),
        Some((host, _)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            repo.to_owned()
        }
        Some(_) => format!("docker.io/{repo}"),
    };
    let digest = image
        .digest
        .clone()
        .unwrap_or_else(|| format!("sha256:{}", stand_in(&image.raw, b"0123456789abcdef", 64)));
    format!("{full}@{digest}")
}

/// Which list of the pod spec a container is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContainerList {
    Init,
    App,
    Ephemeral,
}

/// The API object of container `name` in `list`; an ephemeral container as the
/// `corev1.Container(EphemeralContainerCommon)` describe.go converts it to. `None` for a
/// container the pod spec does not hold (one `kubectl debug` added in the model).
pub(crate) fn api_container(pod: &Pod, list: ContainerList, name: &str) -> Option<api::Container> {
    let spec = pod.spec.api.spec.as_ref()?;
    match list {
        ContainerList::App => spec.containers.iter().find(|c| c.name == name).cloned(),
        ContainerList::Init => spec
            .init_containers
            .iter()
            .flatten()
            .find(|c| c.name == name)
            .cloned(),
        ContainerList::Ephemeral => spec
            .ephemeral_containers
            .iter()
            .flatten()
            .find(|c| c.name == name)
            .map(|e| api::Container {
                name: e.name.clone(),
                image: e.image.clone(),
                command: e.command.clone(),
                args: e.args.clone(),
                env: e.env.clone(),
                env_from: e.env_from.clone(),
                ports: e.ports.clone(),
                resources: e.resources.clone(),
                security_context: e.security_context.clone(),
                volume_mounts: e.volume_mounts.clone(),
                volume_devices: e.volume_devices.clone(),
                liveness_probe: e.liveness_probe.clone(),
                readiness_probe: e.readiness_probe.clone(),
                startup_probe: e.startup_probe.clone(),
                ..Default::default()
            }),
    }
}

/// Where the ServiceAccount admission plugin mounts the token
/// (plugin/pkg/admission/serviceaccount/admission.go `DefaultAPITokenMountPath`).
pub(crate) const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// admission.go `shouldAutomount`: the pod's `automountServiceAccountToken` (the default
/// ServiceAccount sets none, so it defaults to true).
fn automounts_token(pod: &Pod) -> bool {
    !crate::model::resources::is_mirror_pod(&pod.spec.api)
        && pod
            .spec
            .api
            .spec
            .as_ref()
            .and_then(|s| s.automount_service_account_token)
            != Some(false)
}

/// admission.go `mountServiceAccountToken`: on create, every init and app container without
/// a mount at the token path gets the token volume's mount; ephemeral containers, added
/// later through the `ephemeralcontainers` subresource, never do.
pub(crate) fn gets_token_mount(
    pod: &Pod,
    list: ContainerList,
    api: Option<&api::Container>,
) -> bool {
    list != ContainerList::Ephemeral
        && automounts_token(pod)
        && !api
            .and_then(|a| a.volume_mounts.as_ref())
            .into_iter()
            .flatten()
            .any(|m| m.mount_path == TOKEN_MOUNT_PATH)
}

/// The token volume's name: an existing `kube-api-access-…` volume, else the generated one.
pub(crate) fn token_volume_name(pod: &Pod) -> String {
    pod.spec
        .api
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .into_iter()
        .flatten()
        .find(|v| v.name.starts_with("kube-api-access-"))
        .map_or_else(|| kube_api_access(pod), |v| v.name.clone())
}

/// describe.go `describeContainerBasicInfo`'s and `describePod`'s `SeccompProfile` lines.
fn seccomp(out: &mut String, indent: &str, profile: Option<&api::SeccompProfile>) {
    if let Some(p) = profile {
        let _ = writeln!(out, "{indent}SeccompProfile:\t{}", p.type_);
        if p.type_ == "Localhost" {
            let _ = writeln!(
                out,
                "{indent}  LocalhostProfile:\t{}",
                p.localhost_profile.as_deref().unwrap_or("")
            );
        }
    }
}

/// describe.go `describeContainers` for one container: basic info, command, state,
/// resources, probes, environment, mounts.
fn container_block(out: &mut String, world: &World, pod: &Pod, c: &Container, list: ContainerList) {
    let api = api_container(pod, list, &c.spec.name.0);
    let api = api.as_ref();
    let has_status = pod.scheduled_at.is_some() && pod.unschedulable.is_none();
    let _ = writeln!(out, "  {}:", c.spec.name);
    if has_status {
        let id = c
            .instance
            .as_ref()
            .map(|i| world.runtime().container_id_uri(&i.id))
            .unwrap_or_default();
        let _ = writeln!(out, "    Container ID:\t{id}");
    }
    let _ = writeln!(out, "    Image:\t{}", c.spec.image.raw);
    if has_status {
        let id = if c.instance.is_some() {
            image_id(&c.spec.image)
        } else {
            String::new()
        };
        let _ = writeln!(out, "    Image ID:\t{id}");
    }
    ports(out, api);
    seccomp(
        out,
        "    ",
        api.and_then(|a| a.security_context.as_ref())
            .and_then(|s| s.seccomp_profile.as_ref()),
    );
    command_and_args(out, &c.spec.command, &c.spec.args);
    if has_status {
        state_block(out, "State", &c.state);
        if let Some(t) = &c.last_state {
            state_block(out, "Last State", &ContainerState::Terminated(t.clone()));
        }
        let _ = writeln!(
            out,
            "    Ready:\t{}",
            if crate::sim::status::container_ready(pod, c) {
                "True"
            } else {
                "False"
            }
        );
        let _ = writeln!(out, "    Restart Count:\t{}", c.restart_count);
    }
    let empty = api::Container::default();
    let a = api.unwrap_or(&empty);
    let lists = resources::Lists::of(a, list != ContainerList::Ephemeral);
    lists.describe(out);
    probe::describe_probes(out, a);
    env::env_from(out, a);
    env::env_vars(out, &pod.spec.key.name, &pod.spec.key.namespace, a, &lists);
    // describeContainerVolumes: the mounts sorted by path (`SortableVolumeMounts`), with the
    // service account token's the admission plugin added.
    let mut mounts = api_mounts(a);
    if gets_token_mount(pod, list, api) {
        mounts.push((
            TOKEN_MOUNT_PATH.to_owned(),
            token_volume_name(pod),
            true,
            None,
        ));
    }
    mounts_and_devices(out, mounts, a);
}

/// describeContainerPorts / describeContainerHostPorts: `Ports` when the joined list has a
/// comma, `<none>` when empty.
fn ports(out: &mut String, api: Option<&api::Container>) {
    let ports: Vec<&api::ContainerPort> = api
        .and_then(|a| a.ports.as_ref())
        .into_iter()
        .flatten()
        .collect();
    let fmt_port = |port: i32, p: &api::ContainerPort| {
        let proto = p.protocol.as_deref().unwrap_or("TCP");
        match &p.name {
            Some(n) if !n.is_empty() => format!("{port}/{proto} ({n})"),
            _ => format!("{port}/{proto}"),
        }
    };
    let cports = ports
        .iter()
        .map(|p| fmt_port(p.container_port, p))
        .collect::<Vec<_>>()
        .join(", ");
    let hports = ports
        .iter()
        .map(|p| fmt_port(p.host_port.unwrap_or(0), p))
        .collect::<Vec<_>>()
        .join(", ");
    for (one, many, v) in [
        ("Port", "Ports", cports),
        ("Host Port", "Host Ports", hports),
    ] {
        if v.contains(',') {
            let _ = writeln!(out, "    {many}:\t{v}");
        } else if v.is_empty() {
            let _ = writeln!(out, "    {one}:\t<none>");
        } else {
            let _ = writeln!(out, "    {one}:\t{v}");
        }
    }
}

/// describeContainerCommand: `Command:` and `Args:`, one word per line (multi-line words
/// split).
fn command_and_args(out: &mut String, command: &[String], args: &[String]) {
    for (title, words) in [("Command", command), ("Args", args)] {
        if words.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    {title}:");
        for a in words {
            for l in a.split('\n') {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
}

/// A container's `volumeMounts` as (path, volume, read-only, subPath).
fn api_mounts(a: &api::Container) -> Vec<(String, String, bool, Option<String>)> {
    a.volume_mounts
        .iter()
        .flatten()
        .map(|m| {
            (
                m.mount_path.clone(),
                m.name.clone(),
                m.read_only.unwrap_or(false),
                m.sub_path.clone().filter(|s| !s.is_empty()),
            )
        })
        .collect()
}

/// describeContainerVolumes: the mounts (path, volume, read-only, subPath) sorted by path,
/// then the devices.
fn mounts_and_devices(
    out: &mut String,
    mut mounts: Vec<(String, String, bool, Option<String>)>,
    a: &api::Container,
) {
    mounts.sort_compact_by(|x, y| x.0.cmp(&y.0));
    let none = if mounts.is_empty() { "\t<none>" } else { "" };
    let _ = writeln!(out, "    Mounts:{none}");
    for (path, name, ro, sub_path) in mounts {
        let mut flags = if ro { "ro" } else { "rw" }.to_owned();
        if let Some(s) = sub_path {
            let _ = write!(flags, ",path={}", crate::sim::pull::go_quote(&s));
        }
        let _ = writeln!(out, "      {path} from {name} ({flags})");
    }
    let mut devices: Vec<&api::VolumeDevice> = a.volume_devices.iter().flatten().collect();
    if !devices.is_empty() {
        devices.sort_compact_by(|x, y| x.device_path.cmp(&y.device_path));
        // describe.go reuses the mounts' `<none>` suffix here.
        let _ = writeln!(out, "    Devices:{none}");
        for d in devices {
            let _ = writeln!(out, "      {} from {}", d.device_path, d.name);
        }
    }
}

fn state_block(out: &mut String, title: &str, state: &ContainerState) {
    match state {
        ContainerState::Running { started_at } => {
            let _ = writeln!(out, "    {title}:\tRunning");
            let _ = writeln!(out, "      Started:\t{}", rfc1123z(*started_at));
        }
        ContainerState::Waiting { reason, .. } => {
            let _ = writeln!(out, "    {title}:\tWaiting");
            let _ = writeln!(out, "      Reason:\t{}", reason.as_str());
        }
        ContainerState::Terminated(t) => {
            let _ = writeln!(out, "    {title}:\tTerminated");
            let _ = writeln!(out, "      Reason:\t{}", t.reason.as_str());
            // describe.go `describeStatus`: the termination message, as it is, when set.
            if let Some(m) = t.message.as_deref().filter(|m| !m.is_empty()) {
                let _ = writeln!(out, "      Message:\t{m}");
            }
            let _ = writeln!(out, "      Exit Code:\t{}", t.exit_code);
            let _ = writeln!(out, "      Started:\t{}", rfc1123z(t.started_at));
            let _ = writeln!(out, "      Finished:\t{}", rfc1123z(t.finished_at));
        }
    }
}

/// The whole `describe pod` text for one pod.
pub fn describe_pod(world: &World, pod: &Pod) -> String {
    let mut out = String::new();
    let key = &pod.spec.key;
    let api_spec = pod.spec.api.spec.as_ref();
    let _ = writeln!(out, "Name:\t{}", key.name);
    let _ = writeln!(out, "Namespace:\t{}", key.namespace);
    // The Priority admission plugin always sets `spec.priority` (0 without a class); the
    // ServiceAccount plugin sets `default`.
    let _ = writeln!(
        out,
        "Priority:\t{}",
        crate::model::resources::effective_priority(&pod.spec.api)
    );
    if let Some(class) = api_spec
        .and_then(|s| s.priority_class_name.as_deref())
        .filter(|c| !c.is_empty())
    {
        let _ = writeln!(out, "Priority Class Name:\t{class}");
    }
    if let Some(class) = api_spec
        .and_then(|s| s.runtime_class_name.as_deref())
        .filter(|c| !c.is_empty())
    {
        let _ = writeln!(out, "Runtime Class Name:\t{class}");
    }
    let sa = api_spec
        .and_then(|s| s.service_account_name.clone())
        .unwrap_or_else(|| {
            // A mirror pod has none (`pod.Spec.ServiceAccountName` printed as it is).
            let mirror = crate::model::resources::is_mirror_pod(&pod.spec.api);
            if mirror {
                String::new()
            } else {
                "default".to_owned()
            }
        });
    let _ = writeln!(out, "Service Account:\t{sa}");
    let scheduled = pod.scheduled_at.filter(|_| pod.unschedulable.is_none());
    // describe.go `describePod`: `spec.nodeName + "/" + status.hostIP`, `<none>` without a
    // node name (hostIP stays empty when no kubelet has the pod).
    let node_name = api_spec
        .and_then(|s| s.node_name.clone())
        .filter(|n| !n.is_empty());
    match (world.node_of(pod), node_name) {
        (Some(node), _) => {
            let _ = writeln!(out, "Node:\t{}/{}", node.name, node.internal_ip);
        }
        (None, Some(name)) => {
            let _ = writeln!(out, "Node:\t{name}/");
        }
        (None, None) => out.push_str("Node:\t<none>\n"),
    }
    if let Some(t) = scheduled {
        let _ = writeln!(out, "Start Time:\t{}", rfc1123z(t));
    }
    multiline(
        &mut out,
        "Labels",
        pod.spec
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect(),
    );
    annotations(&mut out, pod.spec.api.metadata.annotations.as_ref());
    match crate::sim::delete::describe_terminating(pod, world.now()) {
        Some(lines) => out.push_str(&lines),
        None => {
            let _ = writeln!(out, "Status:\t{}", status::phase(pod).as_str());
        }
    }
    seccomp(
        &mut out,
        "",
        api_spec
            .and_then(|s| s.security_context.as_ref())
            .and_then(|s| s.seccomp_profile.as_ref()),
    );
    let ip = match (
        pod.ip,
        world.node_of(pod).filter(|_| pod.spec.ns.host_network),
    ) {
        (Some(ip), _) => Some(ip.to_string()),
        (None, Some(node)) => Some(node.internal_ip.to_string()),
        _ => None,
    };
    let _ = writeln!(out, "IP:\t{}", ip.clone().unwrap_or_default());
    match &ip {
        Some(ip) => {
            let _ = writeln!(out, "IPs:\n  IP:\t{ip}");
        }
        None => out.push_str("IPs:\t<none>\n"),
    }
    if pod.static_source.is_some()
        && let Some(node) = world.node_of(pod)
    {
        // describe.go `printController`: the controller reference, here the mirror pod's node.
        let _ = writeln!(out, "Controlled By:\tNode/{}", node.name);
    }
    if let Some(o) = &pod.spec.owner {
        let _ = match o.kind {
            crate::model::spec::OwnerKind::Job => writeln!(out, "Controlled By:\tJob/{}", o.name),
            crate::model::spec::OwnerKind::ReplicationController => {
                writeln!(out, "Controlled By:\tReplicationController/{}", o.name)
            }
            _ => writeln!(out, "Controlled By:\tReplicaSet/{}", o.replica_set),
        };
    }
    if !pod.init_containers.is_empty() {
        out.push_str("Init Containers:\n");
        for c in &pod.init_containers {
            container_block(&mut out, world, pod, c, ContainerList::Init);
        }
    }
    out.push_str("Containers:\n");
    for c in &pod.containers {
        container_block(&mut out, world, pod, c, ContainerList::App);
    }
    // describe.go `describePod`: ephemeral containers after the others, under their own title.
    if !pod.ephemeral_containers.is_empty() {
        out.push_str("Ephemeral Containers:\n");
        for c in &pod.ephemeral_containers {
            container_block(&mut out, world, pod, c, ContainerList::Ephemeral);
        }
    }
    out.push_str("Conditions:\n  Type\tStatus\n");
    for c in status::conditions(pod) {
        let _ = writeln!(
            out,
            "  {} \t{} ",
            c.kind.as_str(),
            if c.status { "True" } else { "False" }
        );
    }
    let user_volumes = api_spec
        .and_then(|s| s.volumes.as_deref())
        .unwrap_or_default();
    // admission.go adds the token volume when a container got its mount and the pod has no
    // `kube-api-access-…` volume yet.
    let needs_token = pod
        .init_containers
        .iter()
        .map(|c| (c, ContainerList::Init))
        .chain(pod.containers.iter().map(|c| (c, ContainerList::App)))
        .any(|(c, list)| {
            gets_token_mount(pod, list, api_container(pod, list, &c.spec.name.0).as_ref())
        });
    let has_token_volume = user_volumes
        .iter()
        .any(|v| v.name.starts_with("kube-api-access-"));
    let token = (needs_token && !has_token_volume).then(|| kube_api_access(pod));
    volumes::describe(&mut out, "", user_volumes, token.as_deref());
    let qos = pod
        .resources
        .as_ref()
        .map_or("BestEffort", |r| r.qos.as_str());
    let _ = writeln!(out, "QoS Class:\t{qos}");
    let selector: Vec<String> = api_spec
        .and_then(|s| s.node_selector.as_ref())
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    multiline(&mut out, "Node-Selectors", selector);
    // The DefaultTolerationSeconds admission plugin's two tolerations, with the user's,
    // sorted by key.
    let mut tolerations: Vec<(String, String)> = api_spec
        .and_then(|s| s.tolerations.as_ref())
        .into_iter()
        .flatten()
        .map(|t| (t.key.clone().unwrap_or_default(), toleration_text(t)))
        .collect();
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        if !tolerations.iter().any(|(k, _)| k == key) {
            tolerations.push((
                key.to_owned(),
                format!("{key}:NoExecute op=Exists for 300s"),
            ));
        }
    }
    tolerations.sort_compact_by(|a, b| a.0.cmp(&b.0));
    multiline(
        &mut out,
        "Tolerations",
        tolerations.into_iter().map(|t| t.1).collect(),
    );
    with_events(
        world,
        out,
        crate::sim::event::InvolvedKind::Pod,
        key,
        Some(pod),
    )
}

/// The described text so far through describe's tabwriter, then `DescribeEvents` over the
/// Event objects about `object` `key` (`events::rows`): `Events:  <none>`, or the events
/// table (flushed apart, as DescribeEvents flushes first).
fn with_events(
    world: &World,
    out: String,
    object: crate::sim::event::InvolvedKind,
    key: &crate::model::ids::ObjectKey,
    pod: Option<&Pod>,
) -> String {
    let rows = events::rows(world, object, key, pod);
    if rows.is_empty() {
        let mut out = out;
        out.push_str("Events:\t<none>\n");
        return DESCRIBE.format(&out);
    }
    let mut text = DESCRIBE.format(&out);
    let mut ev = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    for r in rows {
        let _ = writeln!(
            ev,
            "  {}\t{}\t{}\t{}\t{}",
            r.kind.as_str(),
            r.reason,
            r.age,
            r.from,
            r.message
        );
    }
    text.push_str(&DESCRIBE.format(&ev));
    text
}

/// describe.go `printPodTolerationsMultiline`'s one toleration: `key=value:effect`, ` op=Exists`
/// without a value, ` for Ns`.
fn toleration_text(t: &api::Toleration) -> String {
    let mut s = t.key.clone().unwrap_or_default();
    if let Some(v) = t.value.as_ref().filter(|v| !v.is_empty()) {
        let _ = write!(s, "={v}");
    }
    if let Some(e) = t.effect.as_ref().filter(|e| !e.is_empty()) {
        let _ = write!(s, ":{e}");
    }
    if t.operator.as_deref() == Some("Exists") && t.value.as_deref().unwrap_or("").is_empty() {
        s.push_str(if s.is_empty() {
            "op=Exists"
        } else {
            " op=Exists"
        });
    }
    if let Some(secs) = t.toleration_seconds {
        let _ = write!(s, " for {secs}s");
    }
    s
}

/// describe.go `maxAnnotationLen`.
const MAX_ANNOTATION_LEN: usize = 140;

/// describe.go `printAnnotationsMultiline`: sorted, without `kubectl.kubernetes.io/
/// last-applied-configuration`; a long or multi-line value goes under its key, each line
/// indented and cut at 138 bytes (`shorten`).
fn annotations(out: &mut String, map: Option<&std::collections::BTreeMap<String, String>>) {
    annotations_titled(out, "Annotations", map);
}

/// [`annotations`] under another title (a pod template's `  Annotations`).
fn annotations_titled(
    out: &mut String,
    title: &str,
    map: Option<&std::collections::BTreeMap<String, String>>,
) {
    let entries: Vec<(&String, &String)> = map
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if entries.is_empty() {
        let _ = writeln!(out, "{title}:\t<none>");
        return;
    }
    let _ = write!(out, "{title}:\t");
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i != 0 {
            out.push('\t');
        }
        let value = value.strip_suffix('\n').unwrap_or(value);
        if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            let _ = writeln!(out, "{key}:");
            for line in value.split('\n') {
                let _ = writeln!(out, "\t  {}", shorten(line, MAX_ANNOTATION_LEN - 2));
            }
        } else {
            let _ = writeln!(out, "{key}: {value}");
        }
    }
}

/// describe.go `shorten`: the first `max` bytes and `...` (cut at a character boundary).
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// describe.go `printLabelsMultilineWithIndent`: the first value after the title, the rest
/// on their own lines under it; `<none>` when empty.
fn multiline(out: &mut String, title: &str, mut values: Vec<String>) {
    values.sort_compact();
    if values.is_empty() {
        let _ = writeln!(out, "{title}:\t<none>");
        return;
    }
    for (i, v) in values.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "{title}:\t{v}");
        } else {
            let _ = writeln!(out, "\t{v}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::SimTime;

    fn described(yaml: &str) -> String {
        let loaded = crate::admission::load::load(yaml, crate::model::rng::DEFAULT_SEED);
        let mut world = World::from_loaded(
            &loaded,
            crate::model::rng::DEFAULT_SEED,
            crate::sim::world::WorldOptions::default(),
        );
        world.advance_to(SimTime::from_millis(5_000));
        let pod = world.pods().next().expect("a pod");
        describe_pod(&world, pod)
    }

    #[test]
    fn annotations_sorted_long_values_under_their_key() {
        let mut map = std::collections::BTreeMap::new();
        map.insert("b".to_owned(), "two\n".to_owned());
        map.insert("a".to_owned(), "one".to_owned());
        map.insert(
            "kubectl.kubernetes.io/last-applied-configuration".to_owned(),
            "{}".to_owned(),
        );
        map.insert("long".to_owned(), "x".repeat(150));
        map.insert("multi".to_owned(), "l1\nl2".to_owned());
        let mut out = String::new();
        annotations(&mut out, Some(&map));
        assert_eq!(
            out,
            format!(
                "Annotations:\ta: one\n\tb: two\n\tlong:\n\t  {}...\n\tmulti:\n\t  l1\n\t  l2\n",
                "x".repeat(138)
            )
        );
        let mut out = String::new();
        annotations(&mut out, None);
        assert_eq!(out, "Annotations:\t<none>\n");
    }

    #[test]
    fn shorten_cuts_at_a_character_boundary() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc...");
        assert_eq!(shorten("aé", 2), "a...");
    }

    #[test]
    fn container_block_lines_in_describe_go_order() {
        let text = described(
            "apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations: {team: web}
spec:
  priorityClassName: system-node-critical
  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: app
    image: nginx
    ports: [{containerPort: 80, name: http}, {containerPort: 443}]
    resources: {limits: {cpu: '1', memory: 1Gi}}
    livenessProbe: {httpGet: {path: /healthz, port: http}}
    readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 5}
    startupProbe: {exec: {command: [cat, /etc/hostname]}, failureThreshold: 30}
    envFrom: [{prefix: CFG_, configMapRef: {name: cfg, optional: true}}]
    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    volumeMounts: [{name: data, mountPath: /data, subPath: app}]
  volumes:
  - {name: data, emptyDir: {}}
",
        );
        // Header values align with `Priority Class Name:`; the tabwriter aligns each run of
        // tabbed lines on its own, so `Requests:` starts a block shared with the probes.
        let expect = [
            "Priority:             2000001000\nPriority Class Name:  system-node-critical\n",
            "Annotations:          team: web\n",
            "Status:               Pending\nSeccompProfile:       RuntimeDefault\nIP:",
            "    Ports:          80/TCP (http), 443/TCP\n    Host Ports:     0/TCP (http), 0/TCP\n",
            "    Limits:\n      cpu:     1\n      memory:  1Gi\n    Requests:\n      cpu:      1\n      memory:   1Gi\n",
            "    Liveness:   http-get http://:http/healthz delay=0s timeout=1s period=10s #success=1 #failure=3\n    Readiness:  tcp-socket :80 delay=0s timeout=1s period=5s #success=1 #failure=3\n    Startup:    exec [cat /etc/hostname] delay=0s timeout=1s period=10s #success=1 #failure=30\n    Environment Variables from:\n      cfg  ConfigMap with prefix 'CFG_'  Optional: true\n    Environment:\n      POD:  p (v1:metadata.name)\n    Mounts:\n      /data from data (rw,path=\"app\")\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-",
        ];
        for e in expect {
            assert!(text.contains(e), "missing {e:?} in\n{text}");
        }
    }

    #[test]
    fn no_token_without_automount() {
        let text = described(
            "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  automountServiceAccountToken: false
  containers: [{name: app, image: nginx}]
",
        );
        assert!(text.contains("    Mounts:         <none>\n"), "{text}");
        assert!(
            text.contains("\nVolumes:                      <none>\n"),
            "{text}"
        );
        assert!(!text.contains("kube-api-access"), "{text}");
    }
}
