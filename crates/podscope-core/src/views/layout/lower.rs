//! The "lower the request" fix for a pod the scheduler rejected for `Insufficient cpu` or
//! `Insufficient memory`: the largest container request of that resource, lowered to what the
//! roomiest node that passes every other filter can still fit, written over the request's
//! value in the manifest's text at its span.

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::admission::manifest::{self, Object};
use crate::admission::scheduler::{PodRequest, Used, passes_placement_filters};
use crate::model::diag::Location;
use crate::model::ids::ObjectKey;
use crate::model::resources::{NodeFacts, Resources, pod_resources};
use crate::model::spec::OwnerKind;
use crate::sim::node::NodeInfo;
use crate::sim::world::{Pod, World};

/// The resource whose request is lowered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestResource {
    Cpu,
    Memory,
}

impl RequestResource {
    /// The key in `resources.requests`.
    pub fn key(self) -> &'static str {
        match self {
            RequestResource::Cpu => "cpu",
            RequestResource::Memory => "memory",
        }
    }

    fn of(self, r: &Resources) -> u64 {
        match self {
            RequestResource::Cpu => r.cpu_milli,
            RequestResource::Memory => r.memory_bytes,
        }
        .unwrap_or(0)
    }

    /// What a node has left of it: allocatable less what its pods request.
    fn free(self, n: &NodeInfo, used: &Used) -> u64 {
        match self {
            RequestResource::Cpu => n.allocatable.cpu_milli.saturating_sub(used.cpu_milli),
            RequestResource::Memory => n.allocatable.memory_bytes.saturating_sub(used.memory_bytes),
        }
    }

    /// `amount` (millicores or bytes) rounded down to a quantity a person writes: whole
    /// millicores (`1500m`) or whole mebibytes (`1948Mi`). `None` when that is zero.
    fn quantity(self, amount: u64) -> Option<String> {
        match self {
            RequestResource::Cpu => (amount > 0).then(|| format!("{amount}m")),
            RequestResource::Memory => {
                let mi = amount >> 20;
                (mi > 0).then(|| format!("{mi}Mi"))
            }
        }
    }

    fn other(self) -> RequestResource {
        match self {
            RequestResource::Cpu => RequestResource::Memory,
            RequestResource::Memory => RequestResource::Cpu,
        }
    }
}

/// The object in the manifest that holds the pod's template: the pod itself or its controller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceObject {
    Pod(ObjectKey),
    Deployment(ObjectKey),
    ReplicaSet(ObjectKey),
    ReplicationController(ObjectKey),
    Job(ObjectKey),
}

/// Lower `container`'s `resource` request in `source` to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerRequest {
    pub source: SourceObject,
    pub container: String,
    pub resource: RequestResource,
    /// The new value, as written into the text (`1948Mi`, `1500m`).
    pub to: String,
}

impl LowerRequest {
    pub fn label(&self) -> String {
        format!(
            "lower {}'s {} request to {}",
            self.container,
            self.resource.key(),
            self.to
        )
    }

    /// `yaml` with the request's value replaced, or `None` when the text no longer has that
    /// object, container or request as a plain or quoted scalar.
    pub fn apply(&self, yaml: &str) -> Option<String> {
        let parsed = manifest::parse(yaml);
        let (decoded, prefix, spec) = parsed.objects.iter().find_map(|d| {
            let (prefix, spec) = template(&d.object, &self.source)?;
            Some((d, prefix, spec))
        })?;
        let i = spec
            .containers
            .iter()
            .position(|c| c.name == self.container)?;
        let path = decoded.origin.path(&format!(
            "{prefix}.containers[{i}].resources.requests[{}]",
            self.resource.key()
        ));
        let at = decoded.origin.value(&path)?;
        replace_scalar(yaml, at, &self.to)
    }
}

/// The pod spec of `object` when it is `source`, with its field path.
fn template<'a>(
    object: &'a Object,
    source: &SourceObject,
) -> Option<(&'static str, &'a api::PodSpec)> {
    let same = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
                key: &ObjectKey| {
        meta.name.as_deref() == Some(key.name.as_str())
            && meta.namespace.as_deref().unwrap_or(&key.namespace) == key.namespace
    };
    const TEMPLATE: &str = "spec.template.spec";
    match (object, source) {
        (Object::Pod(p), SourceObject::Pod(k)) if same(&p.metadata, k) => {
            Some(("spec", p.spec.as_ref()?))
        }
        (Object::Deployment(d), SourceObject::Deployment(k)) if same(&d.metadata, k) => {
            Some((TEMPLATE, d.spec.as_ref()?.template.spec.as_ref()?))
        }
        (Object::ReplicaSet(r), SourceObject::ReplicaSet(k)) if same(&r.metadata, k) => {
            Some((TEMPLATE, r.spec.as_ref()?.template.as_ref()?.spec.as_ref()?))
        }
        (Object::ReplicationController(r), SourceObject::ReplicationController(k))
            if same(&r.metadata, k) =>
        {
            Some((TEMPLATE, r.spec.as_ref()?.template.as_ref()?.spec.as_ref()?))
        }
        (Object::Job(j), SourceObject::Job(k)) if same(&j.metadata, k) => {
            Some((TEMPLATE, j.spec.as_ref()?.template.spec.as_ref()?))
        }
        _ => None,
    }
}

/// The text with the scalar that starts at `at` replaced by `new`. A quantity is a plain
/// scalar without spaces, commas, brackets or `#`, or such a scalar in quotes; anything else
/// (an anchor, a tag, a block scalar) is left alone.
fn replace_scalar(text: &str, at: Location, new: &str) -> Option<String> {
    let line_start = if at.line == 1 {
        usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8()
    } else {
        text.match_indices('\n').nth(at.line.checked_sub(2)?)?.0 + 1
    };
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let (offset, _) = line.char_indices().nth(at.column.checked_sub(1)?)?;
    let rest = &line[offset..];
    let len = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].find(q)? + 2,
        _ => rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
            .unwrap_or(rest.len()),
    };
    let token = &rest[..len];
    if token.is_empty() || token.starts_with(['&', '!', '*', '|', '>']) {
        return None;
    }
    let start = line_start + offset;
    Some(format!("{}{new}{}", &text[..start], &text[start + len..]))
}

/// The fix for `pod`, if the scheduler rejected it for a resource and a smaller request of
/// one container would let it onto a node: among the nodes that pass the other filters and
/// have room for one more pod and for the other resource, the one with the most of the
/// resource left; the regular container with the largest explicit request of it gives up the
/// excess. The lowered pod's requests are computed again (resources.rs `pod_resources`, so
/// init containers, sidecars and overhead count as the scheduler counts them) and must fit.
pub(super) fn lower(world: &World, pod: &Pod) -> Option<LowerRequest> {
    pod.unschedulable.as_ref()?;
    let api_spec = pod.spec.api.spec.as_ref()?;
    // Pod-level requests (`spec.resources`) override the containers' sum.
    if api_spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .is_some_and(|m| !m.is_empty())
    {
        return None;
    }
    let requests = pod.resources.as_ref()?.requests;
    let placing = PodRequest::from_pod(&pod.spec.api, requests);
    let empty = Used::default();
    let candidates: Vec<(&NodeInfo, &Used)> = world
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, n)| (n, world.used.get(i).unwrap_or(&empty)))
        .filter(|(n, u)| {
            passes_placement_filters(&n.labels, n.unschedulable, &n.taints, &placing)
                && u.pods < n.allocatable.pods
        })
        .collect();
    [RequestResource::Memory, RequestResource::Cpu]
        .into_iter()
        .find_map(|r| lower_one(world, pod, api_spec, &requests, &candidates, r))
}

fn lower_one(
    world: &World,
    pod: &Pod,
    api_spec: &api::PodSpec,
    requests: &Resources,
    candidates: &[(&NodeInfo, &Used)],
    resource: RequestResource,
) -> Option<LowerRequest> {
    let want = resource.of(requests);
    let other = resource.other();
    let (node, used) = candidates
        .iter()
        .filter(|(n, u)| other.of(requests) <= other.free(n, u))
        .max_by_key(|(n, u)| resource.free(n, u))?;
    let free = resource.free(node, used);
    let excess = want.checked_sub(free).filter(|e| *e > 0)?;
    // The regular container with the largest request of it written in its `requests`.
    let key = resource.key();
    let effective = &pod.resources.as_ref()?.containers;
    let (index, name, has) = api_spec
        .containers
        .iter()
        .zip(effective)
        .enumerate()
        .filter(|(_, (c, _))| {
            c.resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .is_some_and(|m| m.contains_key(key))
        })
        .map(|(i, (c, e))| (i, &c.name, resource.of(&e.requests)))
        .max_by_key(|(_, _, has)| *has)?;
    let to = resource.quantity(has.checked_sub(excess)?)?;
    // Check with the scheduler's own sums that the lowered pod fits.
    let mut changed = (*pod.spec.api).clone();
    let c = changed
        .spec
        .as_mut()?
        .containers
        .get_mut(index)?
        .resources
        .as_mut()?
        .requests
        .as_mut()?;
    c.insert(key.to_owned(), Quantity(to.clone()));
    let facts = NodeFacts {
        memory_capacity: node.memory_bytes,
        memory_allocatable: node.allocatable.memory_bytes,
    };
    let after = pod_resources(&changed, &facts, &world.gates.resource_options()).ok()?;
    if resource.of(&after.requests) > free {
        return None;
    }
    Some(LowerRequest {
        source: source_of(pod),
        container: name.clone(),
        resource,
        to,
    })
}

/// The manifest object behind `pod`: its controller (`ownerReferences`), else the pod.
fn source_of(pod: &Pod) -> SourceObject {
    let key = |name: &str| ObjectKey::new(&pod.spec.key.namespace, name);
    match &pod.spec.owner {
        None => SourceObject::Pod(pod.spec.key.clone()),
        Some(o) => match o.kind {
            OwnerKind::Deployment => SourceObject::Deployment(key(&o.name)),
            OwnerKind::ReplicaSet => SourceObject::ReplicaSet(key(&o.name)),
            OwnerKind::ReplicationController => SourceObject::ReplicationController(key(&o.name)),
            OwnerKind::Job => SourceObject::Job(key(&o.name)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_scalar_at_its_span() {
        let at = |line, column| Location { line, column };
        let text = "a: 1\nmemory: 64Gi # big\nx: {memory: 64Gi, cpu: '3'}\n";
        assert_eq!(
            replace_scalar(text, at(2, 9), "1Gi").as_deref(),
            Some("a: 1\nmemory: 1Gi # big\nx: {memory: 64Gi, cpu: '3'}\n")
        );
        assert_eq!(
            replace_scalar(text, at(3, 13), "1Gi").as_deref(),
            Some("a: 1\nmemory: 64Gi # big\nx: {memory: 1Gi, cpu: '3'}\n")
        );
        assert_eq!(
            replace_scalar(text, at(3, 24), "500m").as_deref(),
            Some("a: 1\nmemory: 64Gi # big\nx: {memory: 64Gi, cpu: 500m}\n")
        );
        assert_eq!(replace_scalar(text, at(9, 1), "1Gi"), None);
        assert_eq!(replace_scalar("m: &a 1Gi", at(1, 4), "2Gi"), None);
    }
}
