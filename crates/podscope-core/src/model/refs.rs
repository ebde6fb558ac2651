//! References to what a command acts on, by name: a pod (or a Deployment's first pod) and a
//! container of it, as `kubectl exec deploy/NAME -c C` names them.

use std::fmt;

use crate::model::ids::{ContainerName, ObjectKey};

/// Which pod a command means: a pod by name, or the first pod of a Deployment (as
/// `kubectl exec deploy/NAME` picks one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodRef {
    Pod(ObjectKey),
    Deployment { namespace: String, name: String },
}

/// A container of a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRef {
    pub pod: PodRef,
    pub container: ContainerName,
}

impl ContainerRef {
    /// `POD/CONTAINER` in the default namespace.
    pub fn new(pod: &ObjectKey, container: &ContainerName) -> Self {
        ContainerRef {
            pod: PodRef::Pod(pod.clone()),
            container: container.clone(),
        }
    }
}

impl fmt::Display for PodRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodRef::Pod(k) if k.namespace == "default" => f.write_str(&k.name),
            PodRef::Pod(k) => write!(f, "{}/{}", k.namespace, k.name),
            PodRef::Deployment { name, .. } => write!(f, "deployment/{name}"),
        }
    }
}

impl fmt::Display for ContainerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.pod, self.container)
    }
}

/// `deployment/NAME`, `deploy/NAME`, `POD` or `NAMESPACE/POD`.
pub fn parse_pod_ref(t: &str) -> Result<PodRef, String> {
    let parts: Vec<&str> = t.split('/').collect();
    let bad = || format!("bad pod {t:?}: expected POD, NAMESPACE/POD or deployment/NAME");
    let r = match parts.as_slice() {
        ["deployment" | "deploy" | "deployments", name] => PodRef::Deployment {
            namespace: "default".to_owned(),
            name: (*name).to_owned(),
        },
        [pod] => PodRef::Pod(ObjectKey::new("default", pod)),
        [ns, pod] => PodRef::Pod(ObjectKey::new(ns, pod)),
        _ => return Err(bad()),
    };
    match &r {
        PodRef::Pod(k) if k.name.is_empty() || k.namespace.is_empty() => Err(bad()),
        PodRef::Deployment { name, .. } if name.is_empty() => Err(bad()),
        _ => Ok(r),
    }
}

/// `POD/CONTAINER`, `NAMESPACE/POD/CONTAINER` or `deployment/NAME/CONTAINER`.
pub fn parse_container_ref(t: &str) -> Result<ContainerRef, String> {
    let bad = || {
        format!(
            "bad target {t:?}: expected POD/CONTAINER, NAMESPACE/POD/CONTAINER or deployment/NAME/CONTAINER"
        )
    };
    let (pod, container) = t.rsplit_once('/').ok_or_else(bad)?;
    if container.is_empty() {
        return Err(bad());
    }
    let pod = parse_pod_ref(pod).map_err(|_| bad())?;
    Ok(ContainerRef {
        pod,
        container: ContainerName(container.to_owned()),
    })
}
