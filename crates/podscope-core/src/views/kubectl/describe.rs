//! `kubectl describe pod NAME`: kubernetes/kubectl pkg/describe/describe.go `describePod`,
//! `describeContainers`, `describeStatus`, `DescribeEvents`, through its tabwriter.

use std::fmt::Write;

use super::get::aggregate;
use super::{Args, Resource, not_found, unknown_resource};
use crate::command::Output;
use crate::humanize::{self, rfc1123z};
use crate::status;
use crate::views::tabwriter::DESCRIBE;
use crate::world::{Container, ContainerState, Pod, World};

/// Runs `kubectl describe ARGS…` (pods only).
pub fn run(world: &World, args: &Args) -> Output {
    let Some(first) = args.positional.first() else {
        return Output::failed(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
            1,
        );
    };
    let (kind, names): (&str, Vec<&str>) = match first.split_once('/') {
        Some((k, n)) => (k, vec![n]),
        None => (
            first.as_str(),
            args.positional.iter().skip(1).map(String::as_str).collect(),
        ),
    };
    match Resource::parse(kind) {
        Some(Resource::Pods) => {}
        Some(_) => {
            return Output::failed(
                format!("podscope: kubectl describe {kind} is not modelled; describe pods\n"),
                1,
            );
        }
        None => return unknown_resource(kind),
    }
    let ns = args.namespace();
    let pods: Vec<&Pod> = if names.is_empty() {
        world
            .pods()
            .iter()
            .filter(|p| args.all_namespaces || p.spec.key.namespace == ns)
            .collect()
    } else {
        let mut v = Vec::new();
        for n in &names {
            match world
                .pods()
                .iter()
                .find(|p| p.spec.key.namespace == ns && p.spec.key.name == *n)
            {
                Some(p) => v.push(p),
                None => return not_found(Resource::Pods, n),
            }
        }
        v
    };
    if pods.is_empty() {
        return super::no_resources(args);
    }
    let texts: Vec<String> = pods.iter().map(|p| describe_pod(world, p)).collect();
    // kubectl separates several objects with a blank line.
    Output::ok(texts.join("\n\n"))
}

/// A stand-in of the real shape for random or content-derived values the model does not
/// have (the service account volume's 5-letter suffix, image digests): FNV-1a over `seed`,
/// expanded.
fn stand_in(seed: &str, alphabet: &[u8], len: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::new();
    for round in 0..len {
        for b in seed.bytes().chain([round as u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let i = ((h >> 29) % alphabet.len() as u64) as usize;
        out.push(alphabet.get(i).copied().unwrap_or(b'x') as char);
    }
    out
}

/// The `kube-api-access-xxxxx` volume the ServiceAccount admission plugin adds
/// (plugin/pkg/admission/serviceaccount/admission.go; suffix from apimachinery rand's
/// alphabet `bcdfghjklmnpqrstvwxz2456789`).
pub fn kube_api_access(pod: &Pod) -> String {
    format!(
        "kube-api-access-{}",
        stand_in(pod.uid.as_str(), b"bcdfghjklmnpqrstvwxz2456789", 5)
    )
}

/// `status.containerStatuses[].imageID`: the repository digest of the image, a stand-in
/// digest of the real shape (`docker.io/library/nginx@sha256:<64 hex>`).
pub fn image_id(image: &crate::image::ImageRef) -> String {
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

fn api_container<'a>(
    pod: &'a Pod,
    name: &str,
) -> Option<&'a k8s_openapi::api::core::v1::Container> {
    let spec = pod.spec.api.spec.as_ref()?;
    spec.containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .find(|c| c.name == name)
}

fn container_block(out: &mut String, world: &World, pod: &Pod, c: &Container) {
    let api = api_container(pod, &c.spec.name.0);
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
    let ports: Vec<&k8s_openapi::api::core::v1::ContainerPort> = api
        .and_then(|a| a.ports.as_ref())
        .into_iter()
        .flatten()
        .collect();
    let fmt_port = |port: i32, p: &k8s_openapi::api::core::v1::ContainerPort| {
        let proto = p.protocol.as_deref().unwrap_or("TCP");
        match &p.name {
            Some(n) if !n.is_empty() => format!("{port}/{proto} ({n})"),
            _ => format!("{port}/{proto}"),
        }
    };
    let cports: Vec<String> = ports
        .iter()
        .map(|p| fmt_port(p.container_port, p))
        .collect();
    let hports: Vec<String> = ports
        .iter()
        .map(|p| fmt_port(p.host_port.unwrap_or(0), p))
        .collect();
    let or_none = |v: &[String]| {
        if v.is_empty() {
            "<none>".to_owned()
        } else {
            v.join(", ")
        }
    };
    let plural = |v: &[String], one: &str, many: &str| {
        if v.len() > 1 {
            many.to_owned()
        } else {
            one.to_owned()
        }
    };
    let _ = writeln!(
        out,
        "    {}:\t{}",
        plural(&cports, "Port", "Ports"),
        or_none(&cports)
    );
    let _ = writeln!(
        out,
        "    {}:\t{}",
        plural(&hports, "Host Port", "Host Ports"),
        or_none(&hports)
    );
    if !c.spec.command.is_empty() {
        out.push_str("    Command:\n");
        for a in &c.spec.command {
            for l in a.split('\n') {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
    if !c.spec.args.is_empty() {
        out.push_str("    Args:\n");
        for a in &c.spec.args {
            for l in a.split('\n') {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
    if has_status {
        state_block(out, "State", &c.state);
        if let Some(t) = &c.last_state {
            state_block(out, "Last State", &ContainerState::Terminated(t.clone()));
        }
        let _ = writeln!(
            out,
            "    Ready:\t{}",
            if c.ready { "True" } else { "False" }
        );
        let _ = writeln!(out, "    Restart Count:\t{}", c.restart_count);
    }
    if let Some(r) = api.and_then(|a| a.resources.as_ref()) {
        for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
            if let Some(list) = list.as_ref().filter(|l| !l.is_empty()) {
                let _ = writeln!(out, "    {title}:");
                for (k, v) in list {
                    let _ = writeln!(out, "      {k}:\t{}", v.0);
                }
            }
        }
    }
    let env: Vec<&k8s_openapi::api::core::v1::EnvVar> = api
        .and_then(|a| a.env.as_ref())
        .into_iter()
        .flatten()
        .collect();
    if env.is_empty() {
        out.push_str("    Environment:\t<none>\n");
    } else {
        out.push_str("    Environment:\n");
        for e in env {
            let v = e.value.clone().unwrap_or_default();
            let _ = writeln!(out, "      {}:\t{v}", e.name);
        }
    }
    // The service account token mount the admission plugin adds, then the user's, sorted by
    // mount path (describe.go `SortableVolumeMounts`).
    let mut mounts: Vec<(String, String, bool)> = api
        .and_then(|a| a.volume_mounts.as_ref())
        .into_iter()
        .flatten()
        .map(|m| {
            (
                m.mount_path.clone(),
                m.name.clone(),
                m.read_only.unwrap_or(false),
            )
        })
        .collect();
    mounts.push((
        "/var/run/secrets/kubernetes.io/serviceaccount".to_owned(),
        kube_api_access(pod),
        true,
    ));
    mounts.sort();
    out.push_str("    Mounts:\n");
    for (path, name, ro) in mounts {
        let _ = writeln!(
            out,
            "      {path} from {name} ({})",
            if ro { "ro" } else { "rw" }
        );
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
    // The Priority admission plugin sets 0 without a priority class; the ServiceAccount
    // plugin sets `default`.
    let _ = writeln!(out, "Priority:\t0");
    let sa = api_spec
        .and_then(|s| s.service_account_name.clone())
        .unwrap_or_else(|| "default".to_owned());
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
    out.push_str("Annotations:\t<none>\n");
    match crate::delete::describe_terminating(pod, world.now()) {
        Some(lines) => out.push_str(&lines),
        None => {
            let _ = writeln!(out, "Status:\t{}", status::phase(pod).as_str());
        }
    }
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
    if let Some(o) = &pod.spec.owner {
        let _ = writeln!(out, "Controlled By:\tReplicaSet/{}", o.replica_set);
    }
    if !pod.init_containers.is_empty() {
        out.push_str("Init Containers:\n");
        for c in &pod.init_containers {
            container_block(&mut out, world, pod, c);
        }
    }
    out.push_str("Containers:\n");
    for c in &pod.containers {
        container_block(&mut out, world, pod, c);
    }
    // describe.go `describePod`: ephemeral containers after the others, under their own title.
    if !pod.ephemeral_containers.is_empty() {
        out.push_str("Ephemeral Containers:\n");
        for c in &pod.ephemeral_containers {
            container_block(&mut out, world, pod, c);
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
    out.push_str("Volumes:\n");
    for v in api_spec
        .and_then(|s| s.volumes.as_ref())
        .into_iter()
        .flatten()
    {
        let _ = writeln!(out, "  {}:", v.name);
        if let Some(e) = &v.empty_dir {
            let limit = e
                .size_limit
                .as_ref()
                .map_or("<unset>".to_owned(), |q| q.0.clone());
            let _ = writeln!(
                out,
                "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}",
                e.medium.clone().unwrap_or_default()
            );
        } else if let Some(cm) = &v.config_map {
            let _ = writeln!(
                out,
                "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}",
                cm.name,
                cm.optional.unwrap_or(false)
            );
        } else if let Some(s) = &v.secret {
            let _ = writeln!(
                out,
                "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}",
                s.secret_name.clone().unwrap_or_default(),
                s.optional.unwrap_or(false)
            );
        }
    }
    // The projected token volume (describe.go `printProjectedVolumeSource`): a 3607 s token,
    // the kube-root-ca.crt ConfigMap and the namespace from the downward API.
    let _ = writeln!(
        out,
        "  {}:\n    Type:\tProjected (a volume that contains injected data from multiple sources)\n    TokenExpirationSeconds:\t3607\n    ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n    DownwardAPI:\ttrue",
        kube_api_access(pod)
    );
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
        .map(|t| {
            let key = t.key.clone().unwrap_or_default();
            let mut s = key.clone();
            if let Some(v) = t.value.as_ref().filter(|v| !v.is_empty()) {
                let _ = write!(s, "={v}");
            }
            if let Some(e) = t.effect.as_ref().filter(|e| !e.is_empty()) {
                let _ = write!(s, ":{e}");
            }
            if t.operator.as_deref() == Some("Exists")
                && t.value.as_deref().unwrap_or("").is_empty()
            {
                s.push_str(if s.is_empty() {
                    "op=Exists"
                } else {
                    " op=Exists"
                });
            }
            if let Some(secs) = t.toleration_seconds {
                let _ = write!(s, " for {secs}s");
            }
            (key, s)
        })
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
    tolerations.sort_by(|a, b| a.0.cmp(&b.0));
    multiline(
        &mut out,
        "Tolerations",
        tolerations.into_iter().map(|t| t.1).collect(),
    );
    let events = aggregate(
        world
            .events()
            .iter()
            .filter(|e| e.object == crate::event::InvolvedKind::Pod && &e.pod == key),
    );
    if events.is_empty() {
        out.push_str("Events:\t<none>\n");
        return DESCRIBE.format(&out);
    }
    // DescribeEvents flushes the tabwriter before its table.
    let mut text = DESCRIBE.format(&out);
    let mut ev = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    let mut events = events;
    events.sort_by_key(|a| a.last);
    let now = world.now();
    for a in events {
        let first = humanize::k8s_age(now, a.first);
        let age = if a.count > 1 {
            format!(
                "{} (x{} over {first})",
                humanize::k8s_age(now, a.last),
                a.count
            )
        } else {
            first
        };
        let ty = match a.event.event_type() {
            crate::event::EventType::Normal => "Normal",
            crate::event::EventType::Warning => "Warning",
        };
        // The field path of the involved object: `spec.initContainers{c}` for init
        // containers, `spec.containers{c}` for the others (kubectl 1.35 prefixes it).
        let message = match &a.event.container {
            Some(c) if pod.init_containers.iter().any(|i| &i.spec.name == c) => {
                format!("spec.initContainers{{{c}}}: {}", a.event.message())
            }
            Some(c) if pod.ephemeral_containers.iter().any(|i| &i.spec.name == c) => {
                format!("spec.ephemeralContainers{{{c}}}: {}", a.event.message())
            }
            Some(c) => format!("spec.containers{{{c}}}: {}", a.event.message()),
            None => a.event.message(),
        };
        let _ = writeln!(
            ev,
            "  {ty}\t{}\t{age}\t{}\t{message}",
            a.event.reason(),
            a.event.source()
        );
    }
    text.push_str(&DESCRIBE.format(&ev));
    text
}

/// describe.go `printLabelsMultilineWithIndent`: the first value after the title, the rest
/// on their own lines under it; `<none>` when empty.
fn multiline(out: &mut String, title: &str, mut values: Vec<String>) {
    values.sort();
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
