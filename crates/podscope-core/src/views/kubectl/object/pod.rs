//! A Pod as the API server returns it: the manifest's spec with the API server's defaults
//! (kubernetes pkg/apis/core/v1/defaults.go `SetDefaults_Pod`, `SetDefaults_PodSpec`,
//! `SetDefaults_Container`, `SetDefaults_Probe`, …), what the admission plugins add
//! (ServiceAccount's token volume and mounts, Priority's `priority`/`preemptionPolicy`,
//! DefaultTolerationSeconds' two tolerations), the scheduler's `nodeName`, and the status the
//! kubelet reports (pkg/kubelet/kubelet_pods.go `generateAPIPodStatus`,
//! `convertToAPIContainerStatuses`; pkg/kubelet/status/generate.go for the conditions).
//! Kubernetes 1.35: `metadata.generation` and the `observedGeneration`s
//! (PodObservedGenerationTracking, GA), running containers' `resources`
//! (InPlacePodVerticalScaling, GA) and every container's `volumeMounts` (RecursiveReadOnlyMounts).

use crate::model::sort::CollectMap;
use crate::model::sort::CompactSort;
use serde_json::{Map, Value, json};

use super::{Meta, default_field, object, time, to_value};
use crate::model::spec::OwnerKind;
use crate::sim::status;
use crate::sim::world::{Container, ContainerState, Pod, Terminated, World};
use crate::views::kubectl::describe::{
    ContainerList, TOKEN_MOUNT_PATH, api_container, gets_token_mount, image_id, token_volume_name,
};

/// The whole Pod object.
pub fn pod(world: &World, p: &Pod) -> Value {
    let mut o = object("v1", "Pod", metadata(world, p));
    o.insert("spec".into(), Value::Object(spec(world, p)));
    o.insert("status".into(), Value::Object(status_of(world, p)));
    Value::Object(o)
}

fn metadata(world: &World, p: &Pod) -> Map<String, Value> {
    let annotations = p.spec.api.metadata.annotations.clone().unwrap_or_default();
    let mut m = Meta {
        name: &p.spec.key.name,
        namespace: Some(&p.spec.key.namespace),
        uid: p.uid.as_str().to_owned(),
        created: p.created_at,
        labels: Some(&p.spec.labels),
        annotations: Some(&annotations),
        // registry/core/pod/strategy.go `PrepareForCreate`: a new pod is generation 1.
        generation: Some(1),
    }
    .to_value();
    if let Some(o) = &p.spec.owner {
        // A controller's pod: `generateName` and the controller reference
        // (controller_utils.go `GetPodFromTemplate`, apimachinery `NewControllerRef`).
        let (kind, api_version, name, uid) = match o.kind {
            OwnerKind::Job => {
                let uid = world
                    .jobs()
                    .iter()
                    .find(|j| {
                        j.spec.key.name == o.name && j.spec.key.namespace == p.spec.key.namespace
                    })
                    .map(|j| j.uid.as_str().to_owned())
                    .unwrap_or_else(|| super::stand_in_uid(&o.name));
                ("Job", "batch/v1", o.name.clone(), uid)
            }
            OwnerKind::ReplicationController => {
                let key = format!("rc/{}/{}", p.spec.key.namespace, o.replica_set);
                let uid = super::stand_in_uid(&key);
                ("ReplicationController", "v1", o.replica_set.clone(), uid)
            }
            OwnerKind::Deployment | OwnerKind::ReplicaSet => {
                let key = format!("{}/{}", p.spec.key.namespace, o.replica_set);
                (
                    "ReplicaSet",
                    "apps/v1",
                    o.replica_set.clone(),
                    super::stand_in_uid(&key),
                )
            }
        };
        m.insert("generateName".into(), json!(format!("{name}-")));
        m.insert(
            "ownerReferences".into(),
            json!([{
                "apiVersion": api_version,
                "blockOwnerDeletion": true,
                "controller": true,
                "kind": kind,
                "name": name,
                "uid": uid,
            }]),
        );
    } else if p.static_source.is_some()
        && let Some(node) = world.node_of(p)
    {
        // A mirror pod's owner is its node (pkg/kubelet/pod/mirror_client.go
        // `CreateMirrorPod`: APIVersion v1, Kind Node, the node's UID, Controller true).
        m.insert(
            "ownerReferences".into(),
            json!([{
                "apiVersion": "v1",
                "controller": true,
                "kind": "Node",
                "name": node.name,
                "uid": super::stand_in_uid(&format!("node/{}", node.name)),
            }]),
        );
    }
    if let Some(d) = &p.deletion {
        m.insert("deletionTimestamp".into(), time(d.timestamp()));
        m.insert("deletionGracePeriodSeconds".into(), json!(d.grace_seconds));
    }
    m
}

/// A pod template's `spec`: the core defaults, no admission plugins (they act on pods).
pub fn template_spec(t: &crate::model::spec::PodSpec) -> Value {
    let api = t.api.spec.clone().unwrap_or_default();
    let host_network = api.host_network.unwrap_or(false);
    let mut s = match to_value(&api) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    super::quantities::canonicalize_pod_level(&mut s);
    for field in ["initContainers", "containers"] {
        if let Some(Value::Array(cs)) = s.get_mut(field) {
            for c in cs.iter_mut() {
                if let Value::Object(c) = c {
                    container_defaults(c, host_network, true);
                }
            }
        }
    }
    default_field(&mut s, "dnsPolicy", json!("ClusterFirst"));
    default_field(&mut s, "restartPolicy", json!("Always"));
    default_field(&mut s, "schedulerName", json!("default-scheduler"));
    default_field(&mut s, "securityContext", json!({}));
    default_field(&mut s, "terminationGracePeriodSeconds", json!(30));
    if let Some(Value::Array(vs)) = s.get_mut("volumes") {
        for v in vs.iter_mut() {
            if let Value::Object(v) = v {
                volume_defaults(v);
            }
        }
    }
    Value::Object(s)
}

/// `spec`, defaulted and admitted.
fn spec(world: &World, p: &Pod) -> Map<String, Value> {
    let api = p.spec.api.spec.clone().unwrap_or_default();
    let host_network = api.host_network.unwrap_or(false);
    let mut s = match to_value(&api) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    super::quantities::canonicalize_pod_level(&mut s);
    for (field, list) in [
        ("initContainers", ContainerList::Init),
        ("containers", ContainerList::App),
        ("ephemeralContainers", ContainerList::Ephemeral),
    ] {
        if let Some(Value::Array(cs)) = s.get_mut(field) {
            for c in cs.iter_mut() {
                if let Value::Object(c) = c {
                    container_defaults(c, host_network, list != ContainerList::Ephemeral);
                    let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
                    let a = api_container(p, list, name);
                    if gets_token_mount(p, list, a.as_ref()) {
                        push(c, "volumeMounts", token_mount(p));
                    }
                }
            }
        }
    }
    default_field(&mut s, "dnsPolicy", json!("ClusterFirst"));
    default_field(&mut s, "enableServiceLinks", json!(true));
    if let Some(node) = world.node_of(p).filter(|_| p.scheduled_at.is_some()) {
        default_field(&mut s, "nodeName", json!(node.name));
    }
    default_field(&mut s, "preemptionPolicy", json!("PreemptLowerPriority"));
    s.insert(
        "priority".into(),
        json!(crate::model::resources::effective_priority(&p.spec.api)),
    );
    default_field(&mut s, "restartPolicy", json!("Always"));
    default_field(&mut s, "schedulerName", json!("default-scheduler"));
    default_field(&mut s, "securityContext", json!({}));
    let sa = api
        .service_account_name
        .clone()
        .or(api.service_account.clone())
        .or_else(|| {
            (!crate::model::resources::is_mirror_pod(&p.spec.api)).then(|| "default".to_owned())
        });
    if let Some(sa) = sa {
        s.insert("serviceAccount".into(), json!(sa));
        s.insert("serviceAccountName".into(), json!(sa));
    }
    default_field(&mut s, "terminationGracePeriodSeconds", json!(30));
    // DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): 300s for
    // not-ready and unreachable unless the pod tolerates them already.
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let has = api.tolerations.iter().flatten().any(|t| {
            t.key.as_deref() == Some(key)
                || (t.operator.as_deref() == Some("Exists") && t.key.is_none())
        });
        if !has {
            push(
                &mut s,
                "tolerations",
                json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}),
            );
        }
    }
    if let Some(Value::Array(vs)) = s.get_mut("volumes") {
        for v in vs.iter_mut() {
            if let Value::Object(v) = v {
                volume_defaults(v);
            }
        }
    }
    let needs_token = [ContainerList::Init, ContainerList::App]
        .iter()
        .any(|&list| {
            let cs = match list {
                ContainerList::Init => &p.init_containers,
                _ => &p.containers,
            };
            cs.iter()
                .any(|c| gets_token_mount(p, list, api_container(p, list, &c.spec.name.0).as_ref()))
        });
    let has_token_volume = api
        .volumes
        .iter()
        .flatten()
        .any(|v| v.name.starts_with("kube-api-access-"));
    if needs_token && !has_token_volume {
        push(&mut s, "volumes", token_volume(p));
    }
    s
}

/// Appends `v` to the array at `key`, creating it.
fn push(m: &mut Map<String, Value>, key: &str, v: Value) {
    match m.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            m.insert(key.to_owned(), Value::Array(vec![v]));
        }
    }
}

/// The ServiceAccount plugin's mount of the token volume.
fn token_mount(p: &Pod) -> Value {
    json!({"mountPath": TOKEN_MOUNT_PATH, "name": token_volume_name(p), "readOnly": true})
}

/// The ServiceAccount plugin's projected token volume
/// (plugin/pkg/admission/serviceaccount/admission.go `TokenVolumeSource`: a token of
/// 3607 seconds, the cluster's CA from `kube-root-ca.crt`, the namespace from the downward
/// API).
fn token_volume(p: &Pod) -> Value {
    json!({
        "name": token_volume_name(p),
        "projected": {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
            ],
        },
    })
}

/// defaults.go `SetDefaults_Container` and what it reaches: the pull policy from the tag,
/// the termination message path and policy, `resources: {}`, requests copied from limits
/// (`SetDefaults_Pod`), port protocols (host ports for a host-network pod), probe and
/// handler defaults, and `fieldRef.apiVersion`.
fn container_defaults(c: &mut Map<String, Value>, host_network: bool, with_resources: bool) {
    let image = c.get("image").and_then(Value::as_str).unwrap_or_default();
    let r = crate::model::image_ref::ImageRef::parse(image);
    let latest = r.digest.is_none() && r.tag.as_deref().is_none_or(|t| t == "latest");
    default_field(
        c,
        "imagePullPolicy",
        json!(if latest { "Always" } else { "IfNotPresent" }),
    );
    default_field(c, "terminationMessagePath", json!("/dev/termination-log"));
    default_field(c, "terminationMessagePolicy", json!("File"));
    if with_resources {
        default_field(c, "resources", json!({}));
    }
    if let Some(Value::Object(res)) = c.get_mut("resources") {
        super::quantities::canonicalize_requirements(res);
    }
    if let Some(Value::Object(res)) = c.get_mut("resources")
        && let Some(Value::Object(limits)) = res.get("limits").cloned()
    {
        let requests = res
            .entry("requests")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(req) = requests {
            for (k, v) in limits {
                req.entry(k).or_insert(v);
            }
        }
    }
    if let Some(Value::Array(ports)) = c.get_mut("ports") {
        for port in ports.iter_mut() {
            if let Value::Object(port) = port {
                default_field(port, "protocol", json!("TCP"));
                if host_network && let Some(cp) = port.get("containerPort").cloned() {
                    default_field(port, "hostPort", cp);
                }
            }
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(Value::Object(p)) = c.get_mut(probe) {
            default_field(p, "failureThreshold", json!(3));
            default_field(p, "periodSeconds", json!(10));
            default_field(p, "successThreshold", json!(1));
            default_field(p, "timeoutSeconds", json!(1));
            handler_defaults(p);
        }
    }
    if let Some(Value::Object(l)) = c.get_mut("lifecycle") {
        for hook in ["postStart", "preStop"] {
            if let Some(Value::Object(h)) = l.get_mut(hook) {
                handler_defaults(h);
            }
        }
    }
    if let Some(Value::Array(env)) = c.get_mut("env") {
        for e in env.iter_mut() {
            if let Some(Value::Object(from)) = e.get_mut("valueFrom") {
                field_ref_defaults(from);
            }
        }
    }
}

/// `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`.
fn handler_defaults(h: &mut Map<String, Value>) {
    if let Some(Value::Object(g)) = h.get_mut("httpGet") {
        default_field(g, "path", json!("/"));
        default_field(g, "scheme", json!("HTTP"));
    }
}

/// `SetDefaults_ObjectFieldSelector` (`apiVersion: v1`) and a resource field's zero
/// `divisor` (a Quantity, never omitted).
fn field_ref_defaults(from: &mut Map<String, Value>) {
    if let Some(Value::Object(f)) = from.get_mut("fieldRef") {
        default_field(f, "apiVersion", json!("v1"));
    }
    if let Some(Value::Object(r)) = from.get_mut("resourceFieldRef") {
        default_field(r, "divisor", json!("0"));
        if let Some(d) = r.get_mut("divisor") {
            super::quantities::canonicalize_value(d);
        }
    }
}

/// defaults.go's volume source defaults: `defaultMode: 420` (0644) for secret, configMap,
/// downwardAPI and projected volumes, `type: ""` for hostPath, field references.
fn volume_defaults(v: &mut Map<String, Value>) {
    for kind in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(Value::Object(src)) = v.get_mut(kind) {
            default_field(src, "defaultMode", json!(420));
            if let Some(Value::Array(items)) = src.get_mut("items") {
                for i in items.iter_mut() {
                    if let Value::Object(i) = i {
                        field_ref_defaults(i);
                    }
                }
            }
            if let Some(Value::Array(sources)) = src.get_mut("sources") {
                for s in sources.iter_mut() {
                    if let Some(Value::Object(d)) = s.get_mut("downwardAPI")
                        && let Some(Value::Array(items)) = d.get_mut("items")
                    {
                        for i in items.iter_mut() {
                            if let Value::Object(i) = i {
                                field_ref_defaults(i);
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(Value::Object(e)) = v.get_mut("emptyDir")
        && let Some(limit) = e.get_mut("sizeLimit")
    {
        super::quantities::canonicalize_value(limit);
    }
    if let Some(Value::Object(h)) = v.get_mut("hostPath") {
        default_field(h, "type", json!(""));
    }
}

/// `status`: what the kubelet last reported, or only the scheduler's condition before a
/// kubelet has the pod.
fn status_of(world: &World, p: &Pod) -> Map<String, Value> {
    let mut s = Map::new();
    let qos = p
        .resources
        .as_ref()
        .map_or("BestEffort", |r| r.qos.as_str());
    s.insert("qosClass".into(), json!(qos));
    let has_statuses = p.scheduled_at.is_some() && p.unschedulable.is_none();
    s.insert("phase".into(), json!(status::phase(p).as_str()));
    if let Some(msg) = &p.unschedulable {
        // The scheduler's condition (schedule_one.go `handleSchedulingFailure`).
        s.insert(
            "conditions".into(),
            json!([{
                "lastProbeTime": null,
                "lastTransitionTime": time(p.created_at),
                "message": msg,
                "observedGeneration": 1,
                "reason": "Unschedulable",
                "status": "False",
                "type": "PodScheduled",
            }]),
        );
    }
    if !has_statuses {
        return s;
    }
    // KEP-5067 "Mirror pods": the kubelet does not propagate a mirror pod's generation to
    // its status, so the `observedGeneration`s of a mirror pod stay unset.
    let mirror = p.static_source.is_some();
    if !mirror {
        s.insert("observedGeneration".into(), json!(1));
    }
    s.insert("conditions".into(), Value::Array(conditions(world, p)));
    if let Some(node) = world.node_of(p) {
        let host = node.internal_ip.to_string();
        s.insert("hostIP".into(), json!(host));
        s.insert("hostIPs".into(), json!([{"ip": host}]));
    }
    let ip = p.ip.map(|i| i.to_string()).or_else(|| {
        world
            .node_of(p)
            .filter(|_| p.spec.ns.host_network)
            .map(|n| n.internal_ip.to_string())
    });
    if let Some(ip) = ip {
        s.insert("podIP".into(), json!(ip));
        s.insert("podIPs".into(), json!([{"ip": ip}]));
    }
    if let Some(t) = p.scheduled_at {
        s.insert("startTime".into(), time(t));
    }
    for (field, list, cs) in [
        (
            "initContainerStatuses",
            ContainerList::Init,
            &p.init_containers,
        ),
        ("containerStatuses", ContainerList::App, &p.containers),
        (
            "ephemeralContainerStatuses",
            ContainerList::Ephemeral,
            &p.ephemeral_containers,
        ),
    ] {
        if cs.is_empty() {
            continue;
        }
        // The kubelet sends app and ephemeral containers' statuses sorted by name, init
        // containers' in the spec's order (kubelet_pods.go `convertToAPIContainerStatuses`:
        // `sort.Sort(kubetypes.SortedContainerStatuses(…))`, `SortStatusesOfInitContainers`;
        // status_manager.go `normalizeStatus` sorts again).
        let mut ordered: Vec<_> = cs.iter().collect();
        if list != ContainerList::Init {
            ordered.sort_compact_by(|a, b| a.spec.name.0.cmp(&b.spec.name.0));
        }
        let statuses: Vec<Value> = ordered
            .into_iter()
            .map(|c| container_status(world, p, c, list))
            .collect();
        s.insert(field.into(), Value::Array(statuses));
    }
    s
}

/// The conditions in the kubelet's order with the reasons and messages generate.go gives.
fn conditions(world: &World, p: &Pod) -> Vec<Value> {
    let scheduled = p.scheduled_at.unwrap_or(p.created_at);
    let phase = status::phase(p);
    let completed = phase == status::Phase::Succeeded;
    let unready: Vec<&str> = p
        .containers
        .iter()
        .chain(p.init_containers.iter().filter(|c| c.spec.sidecar))
        .filter(|c| !status::container_ready(p, c))
        .map(|c| c.spec.name.0.as_str())
        .collect();
    let uninitialized: Vec<&str> = p
        .init_containers
        .iter()
        .filter(|c| !c.spec.sidecar)
        .filter(|c| !matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0))
        .map(|c| c.spec.name.0.as_str())
        .collect();
    let last_change = p
        .all_containers()
        .flat_map(|(_, c)| {
            [
                match &c.state {
                    ContainerState::Running { started_at } => Some(*started_at),
                    ContainerState::Terminated(t) => Some(t.finished_at),
                    ContainerState::Waiting { .. } => None,
                },
                c.last_state.as_ref().map(|t| t.finished_at),
            ]
        })
        .flatten()
        .max()
        .unwrap_or(scheduled);
    let ready_since = world
        .pod_id(&p.spec.key)
        .and_then(|id| world.controllers().ready_since_of(id));
    status::conditions(p)
        .into_iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("lastProbeTime".into(), Value::Null);
            let (at, reason, message) = match c.kind {
                status::ConditionType::PodScheduled => (scheduled, None, None),
                status::ConditionType::PodReadyToStartContainers => (
                    p.sandbox.as_ref().map_or(scheduled, |s| s.created_at),
                    None,
                    None,
                ),
                status::ConditionType::Initialized => {
                    let done = p
                        .init_containers
                        .iter()
                        .filter_map(|c| match &c.state {
                            ContainerState::Terminated(t) => Some(t.finished_at),
                            _ => None,
                        })
                        .max();
                    match (c.status, completed) {
                        (true, _) => (done.unwrap_or(scheduled), None, None),
                        (false, true) => (scheduled, Some("PodCompleted"), None),
                        (false, false) => (
                            scheduled,
                            Some("ContainersNotInitialized"),
                            Some(format!(
                                "containers with incomplete status: [{}]",
                                uninitialized.join(" ")
                            )),
                        ),
                    }
                }
                status::ConditionType::Ready | status::ConditionType::ContainersReady => {
                    match (c.status, completed) {
                        (true, _) => (ready_since.unwrap_or(last_change), None, None),
                        (false, true) => (last_change, Some("PodCompleted"), None),
                        (false, false) => (
                            last_change,
                            Some("ContainersNotReady"),
                            Some(format!(
                                "containers with unready status: [{}]",
                                unready.join(" ")
                            )),
                        ),
                    }
                }
            };
            m.insert("lastTransitionTime".into(), time(at));
            if let Some(msg) = message {
                m.insert("message".into(), json!(msg));
            }
            if p.static_source.is_none() {
                m.insert("observedGeneration".into(), json!(1));
            }
            if let Some(r) = reason {
                m.insert("reason".into(), json!(r));
            }
            m.insert(
                "status".into(),
                json!(if c.status { "True" } else { "False" }),
            );
            m.insert("type".into(), json!(c.kind.as_str()));
            Value::Object(m)
        })
        .collect()
}

/// `state.terminated` (and `lastState.terminated`).
fn terminated(world: &World, t: &Terminated, message: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert(
        "containerID".into(),
        json!(world.runtime().container_id_uri(&t.container_id)),
    );
    m.insert("exitCode".into(), json!(t.exit_code));
    m.insert("finishedAt".into(), time(t.finished_at));
    if let Some(msg) = message.filter(|m| !m.is_empty()) {
        m.insert("message".into(), json!(msg));
    }
    m.insert("reason".into(), json!(t.reason.as_str()));
    m.insert("startedAt".into(), time(t.started_at));
    json!({"terminated": m})
}

/// One entry of `containerStatuses` (convertToAPIContainerStatuses).
fn container_status(world: &World, p: &Pod, c: &Container, list: ContainerList) -> Value {
    let api = api_container(p, list, &c.spec.name.0);
    let mut m = Map::new();
    let ever_created = c.instance.is_some()
        || c.last_state.is_some()
        || matches!(
            c.state,
            ContainerState::Running { .. } | ContainerState::Terminated(_)
        );
    let normalized = crate::model::image_ref::parse_normalized(&c.spec.image.raw).ok();
    if ever_created {
        let id = match &c.state {
            ContainerState::Terminated(t) => Some(t.container_id),
            _ => c.instance.as_ref().map(|i| i.id),
        };
        if let Some(id) = id {
            m.insert(
                "containerID".into(),
                json!(world.runtime().container_id_uri(&id)),
            );
        }
        let image = normalized
            .as_ref()
            .map_or_else(|| c.spec.image.raw.clone(), |n| n.full());
        m.insert("image".into(), json!(image));
        m.insert("imageID".into(), json!(image_id(&c.spec.image)));
    } else {
        m.insert("image".into(), json!(c.spec.image.raw));
        m.insert("imageID".into(), json!(""));
    }
    let last = c
        .last_state
        .as_ref()
        .map_or_else(|| json!({}), |t| terminated(world, t, t.message.as_deref()));
    m.insert("lastState".into(), last);
    m.insert("name".into(), json!(c.spec.name.0));
    let running = matches!(c.state, ContainerState::Running { .. });
    let ready = match list {
        ContainerList::Init if !c.spec.sidecar => {
            matches!(&c.state, ContainerState::Terminated(t) if t.exit_code == 0)
        }
        ContainerList::Ephemeral => false,
        _ => status::container_ready(p, c),
    };
    m.insert("ready".into(), json!(ready));
    if running
        && list != ContainerList::Ephemeral
        && let Some(a) = &api
    {
        // InPlacePodVerticalScaling: a running container's resources as applied.
        let mut res = Map::new();
        let r = a.resources.clone().unwrap_or_default();
        let pick = |l: &Option<
            std::collections::BTreeMap<
                String,
                k8s_openapi::apimachinery::pkg::api::resource::Quantity,
            >,
        >| {
            let picked: Map<String, Value> = l
                .iter()
                .flatten()
                .filter(|(k, _)| matches!(k.as_str(), "cpu" | "memory" | "ephemeral-storage"))
                .map(|(k, v)| (k.clone(), json!(super::quantities::canonical(&v.0))))
                .collect_object();
            picked
        };
        let limits = pick(&r.limits);
        let mut requests = pick(&r.requests);
        for (k, v) in &limits {
            requests.entry(k.clone()).or_insert(v.clone());
        }
        if !limits.is_empty() {
            res.insert("limits".into(), Value::Object(limits));
        }
        if !requests.is_empty() {
            res.insert("requests".into(), Value::Object(requests));
        }
        m.insert("resources".into(), Value::Object(res));
    }
    m.insert("restartCount".into(), json!(c.restart_count));
    if list != ContainerList::Init || c.spec.sidecar || running {
        m.insert("started".into(), json!(running));
    } else {
        m.insert("started".into(), json!(false));
    }
    let state = match &c.state {
        ContainerState::Running { started_at } => {
            json!({"running": {"startedAt": time(*started_at)}})
        }
        ContainerState::Terminated(t) => terminated(world, t, t.message.as_deref()),
        ContainerState::Waiting { reason, message } => {
            let mut w = Map::new();
            if let Some(msg) = message {
                w.insert("message".into(), json!(msg));
            }
            w.insert("reason".into(), json!(reason.as_str()));
            json!({"waiting": w})
        }
    };
    m.insert("state".into(), state);
    // status.volumeMounts: the spec's mounts with the token's (RecursiveReadOnlyMounts:
    // `recursiveReadOnly: Disabled` on a read-only mount).
    let mut mounts: Vec<Value> = api
        .as_ref()
        .and_then(|a| a.volume_mounts.clone())
        .unwrap_or_default()
        .iter()
        .map(|vm| {
            let mut v = Map::new();
            v.insert("mountPath".into(), json!(vm.mount_path));
            v.insert("name".into(), json!(vm.name));
            if vm.read_only == Some(true) {
                v.insert("readOnly".into(), json!(true));
                v.insert("recursiveReadOnly".into(), json!("Disabled"));
            }
            Value::Object(v)
        })
        .collect();
    if gets_token_mount(p, list, api.as_ref()) {
        mounts.push(json!({
            "mountPath": TOKEN_MOUNT_PATH,
            "name": token_volume_name(p),
            "readOnly": true,
            "recursiveReadOnly": "Disabled",
        }));
    }
    if !mounts.is_empty() {
        m.insert("volumeMounts".into(), Value::Array(mounts));
    }
    Value::Object(m)
}
