//! The pod as podscope models it: typed fields converted once from the real API types.
//!
//! `k8s-openapi`'s `Option<String>` fields become enums and newtypes here, with the API
//! server's defaults applied (pkg/apis/core/v1/defaults.go `SetDefaults_Pod`) and its
//! validation messages for what the model needs (pkg/apis/core/validation/validation.go).

use podscope_collections::Set;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::image_ref::ImageRef;
use crate::model::ns_options::NsOptions;
use crate::model::resources;
use crate::model::validate::{self, FieldError};

/// `spec.restartPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    #[default]
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub const NAMES: &'static [&'static str] = &["Always", "OnFailure", "Never"];

    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// One app container as the model needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSpec {
    pub name: ContainerName,
    pub image: ImageRef,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub privileged: bool,
    /// A native sidecar: an init container with `restartPolicy: Always`, which keeps running
    /// beside the app containers and restarts whatever the pod's policy.
    pub sidecar: bool,
    /// An ephemeral container's `targetContainerName`: it joins that container's PID
    /// namespace (CRI `NamespaceMode_TARGET`).
    pub target: Option<ContainerName>,
}

/// What kind of controller made a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    /// A Deployment's ReplicaSet.
    Deployment,
    /// A ReplicaSet of its own.
    ReplicaSet,
    /// A v1 ReplicationController (its name in `replica_set` too).
    ReplicationController,
    Job,
}

/// The controller chain behind a pod: a ReplicaSet and the Deployment that owns it, or a Job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodOwner {
    pub kind: OwnerKind,
    /// The Deployment's, the ReplicaSet's or the Job's name.
    pub name: String,
    /// The ReplicaSet that owns the pod (for a Job's pod, the Job's name).
    pub replica_set: String,
}

/// A pod as the model needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct PodSpec {
    pub key: ObjectKey,
    pub labels: BTreeMap<String, String>,
    /// The pod's hostname: `spec.hostname`, else the pod name, at most 63 characters
    /// (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `GeneratePodHostNameAndDomain`).
    pub hostname: String,
    /// `spec.initContainers`, in order (native sidecars among them).
    pub init_containers: Vec<ContainerSpec>,
    pub containers: Vec<ContainerSpec>,
    /// `spec.ephemeralContainers` (a pod read back from `kubectl get -o yaml` after
    /// `kubectl debug`).
    pub ephemeral_containers: Vec<ContainerSpec>,
    pub restart_policy: RestartPolicy,
    pub ns: NsOptions,
    /// The controller that made the pod, if any (its `ownerReferences` chain).
    pub owner: Option<PodOwner>,
    /// The pod as the API would store it (for a controller's pod: its template), which the
    /// resource rules read.
    pub api: ApiPod,
}

/// The API pod a model pod was read from, compared by the JSON it writes
/// (`model::json::same`) rather than by k8s-openapi's derived `PartialEq`.
#[derive(Clone, Debug)]
pub struct ApiPod(Box<api::Pod>);

impl ApiPod {
    pub fn new(pod: api::Pod) -> ApiPod {
        ApiPod(Box::new(pod))
    }
}

impl std::ops::Deref for ApiPod {
    type Target = api::Pod;
    fn deref(&self) -> &api::Pod {
        &self.0
    }
}

impl std::ops::DerefMut for ApiPod {
    fn deref_mut(&mut self) -> &mut api::Pod {
        &mut self.0
    }
}

impl PartialEq for ApiPod {
    fn eq(&self, other: &ApiPod) -> bool {
        crate::model::json::same(&*self.0, &*other.0)
    }
}

/// Converts and validates one Pod; returns every field error found.
pub fn pod_from_api(pod: &api::Pod) -> Result<PodSpec, Vec<FieldError>> {
    let meta = &pod.metadata;
    let (name, namespace, mut errs) = validate::object_meta(meta);
    let key = ObjectKey { namespace, name };
    let labels = meta.labels.clone().unwrap_or_default();
    match pod_from_template(key, labels, pod, "spec") {
        Ok(p) if errs.is_empty() => Ok(p),
        Ok(_) => Err(errs),
        Err(more) => {
            errs.extend(more);
            Err(errs)
        }
    }
}

/// Converts and validates a pod spec found at `path` (`spec` in a Pod,
/// `spec.template.spec` in a Deployment or ReplicaSet) for a pod that will be called `key`.
///
/// Models the parts of pkg/apis/core/validation/validation.go `ValidatePodSpec` the model
/// covers so far.
pub fn pod_from_template(
    key: ObjectKey,
    labels: BTreeMap<String, String>,
    pod: &api::Pod,
    path: &str,
) -> Result<PodSpec, Vec<FieldError>> {
    let mut errs = Vec::new();
    // Resource rules report paths under `spec.`; move them to where this spec is.
    let at = |p: &str| match p.strip_prefix("spec") {
        Some(rest) => format!("{path}{rest}"),
        None => p.to_owned(),
    };
    for e in resources::validate_resources(pod) {
        errs.push(FieldError {
            path: at(&e.path),
            ..e
        });
    }
    if let Err(bad) = resources::pod_qos_class(pod, &resources::ResourceOptions::default()) {
        for q in bad {
            errs.push(FieldError::invalid(
                at(&q.path),
                &q.value,
                q.error.message(),
            ));
        }
    }
    let Some(spec) = &pod.spec else {
        errs.push(FieldError::required(format!("{path}.containers")));
        return Err(errs);
    };
    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers")));
    }
    errs.extend(validate::ports::container_ports(spec, path));
    // Models validation.go `ValidateVolumes` (unique names) and `ValidateVolumeMounts`
    // (a mount names a volume of the pod: `Not found`; mount paths unique).
    let mut volumes = Set::new();
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        if !volumes.insert(v.name.as_str()) {
            errs.push(FieldError::duplicate(
                format!("{path}.volumes[{i}].name"),
                &v.name,
            ));
        }
    }
    let lists = [
        ("containers", &spec.containers[..]),
        (
            "initContainers",
            spec.init_containers.as_deref().unwrap_or_default(),
        ),
    ];
    for (list, cs) in lists {
        for (i, c) in cs.iter().enumerate() {
            let mut paths = Set::new();
            for (j, m) in c.volume_mounts.iter().flatten().enumerate() {
                let mpath = format!("{path}.{list}[{i}].volumeMounts[{j}]");
                if m.name.is_empty() {
                    errs.push(FieldError::required(format!("{mpath}.name")));
                } else if !volumes.contains(m.name.as_str()) {
                    errs.push(FieldError::not_found(format!("{mpath}.name"), &m.name));
                }
                if m.mount_path.is_empty() {
                    errs.push(FieldError::required(format!("{mpath}.mountPath")));
                } else if !paths.insert(m.mount_path.as_str()) {
                    let p = format!("{mpath}.mountPath");
                    errs.push(FieldError::invalid(p, &m.mount_path, "must be unique"));
                }
            }
        }
    }
    // Container names are unique across app, init (and ephemeral) containers
    // (validation.go `validateContainers` / `validateInitContainers` share `allNames`).
    let mut seen = Set::new();
    let mut init_containers = Vec::new();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let cpath = format!("{path}.initContainers[{i}]");
        let sidecar = c.restart_policy.as_deref() == Some("Always");
        init_containers.push(container_spec(c, &cpath, sidecar, &mut seen, &mut errs));
    }
    let mut containers = Vec::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let cpath = format!("{path}.containers[{i}]");
        containers.push(container_spec(c, &cpath, false, &mut seen, &mut errs));
    }
    let mut ephemeral_containers = Vec::new();
    for (i, e) in spec.ephemeral_containers.iter().flatten().enumerate() {
        let cpath = format!("{path}.ephemeralContainers[{i}]");
        let as_container = api::Container {
            name: e.name.clone(),
            image: e.image.clone(),
            command: e.command.clone(),
            args: e.args.clone(),
            security_context: e.security_context.clone(),
            ..api::Container::default()
        };
        let mut c = container_spec(&as_container, &cpath, false, &mut seen, &mut errs);
        c.target = e.target_container_name.clone().map(ContainerName);
        ephemeral_containers.push(c);
    }
    let restart_policy = match spec.restart_policy.as_deref() {
        None | Some("Always") => RestartPolicy::Always,
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Never") => RestartPolicy::Never,
        Some(other) => {
            errs.push(FieldError::unsupported(
                "spec.restartPolicy",
                other,
                RestartPolicy::NAMES,
            ));
            RestartPolicy::Always
        }
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let hostname = spec.hostname.clone().unwrap_or_else(|| key.name.clone());
    let hostname = hostname
        .chars()
        .take(63)
        .collect::<String>()
        .trim_end_matches(['-', '.'])
        .to_owned();
    Ok(PodSpec {
        key,
        labels,
        hostname,
        init_containers,
        containers,
        ephemeral_containers,
        restart_policy,
        api: ApiPod::new(pod.clone()),
        owner: None,
        ns: NsOptions {
            host_network: spec.host_network.unwrap_or(false),
            host_pid: spec.host_pid.unwrap_or(false),
            host_ipc: spec.host_ipc.unwrap_or(false),
            share_process_namespace: spec.share_process_namespace.unwrap_or(false),
            user_namespace: spec.host_users == Some(false),
        },
    })
}

/// Converts one container, checking its name (DNS-1123 label, unique in the pod) and image.
///
/// Models validation.go `validateContainerCommon` (name and image parts).
fn container_spec(
    c: &api::Container,
    cpath: &str,
    sidecar: bool,
    seen: &mut Set<String>,
    errs: &mut Vec<FieldError>,
) -> ContainerSpec {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{cpath}.name")));
    } else {
        for detail in validate::dns1123_label(&c.name) {
            errs.push(FieldError::invalid(
                format!("{cpath}.name"),
                &c.name,
                detail,
            ));
        }
        if !seen.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(format!("{cpath}.name"), &c.name));
        }
    }
    let image = c.image.clone().unwrap_or_default();
    if image.trim().is_empty() {
        errs.push(FieldError::required(format!("{cpath}.image")));
    }
    let privileged = c
        .security_context
        .as_ref()
        .and_then(|s| s.privileged)
        .unwrap_or(false);
    ContainerSpec {
        name: ContainerName(c.name.clone()),
        image: ImageRef::parse(&image),
        command: c.command.clone().unwrap_or_default(),
        args: c.args.clone().unwrap_or_default(),
        privileged,
        sidecar,
        target: None,
    }
}
