//! The rows of `kubectl describe`'s Events table as typed data: kubectl pkg/describe/describe.go
//! `DescribeEvents` over the Event objects about one object, oldest `lastTimestamp` first.
//! `describe` prints them through its tabwriter; the page's Events panel shows the same rows.

use crate::model::humanize;
use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::sort::CompactSort;
use crate::sim::event::store::StoredEvent;
use crate::sim::event::{EventType, InvolvedKind};
use crate::sim::world::{Container, Pod, World};

/// One line of the Events table, each cell as `DescribeEvents` writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    /// `Type`: Normal or Warning.
    pub kind: EventType,
    /// `Reason`: `Killing`, `BackOff`, `Started`, …
    pub reason: &'static str,
    /// `Age`: the age of the last occurrence, and for repeats `AGE (xN over FIRST)`.
    pub age: String,
    /// `From`: the reporting component (`kubelet`, `default-scheduler`, …).
    pub from: &'static str,
    /// `Message`, trimmed, a container's event prefixed with its field path
    /// (`spec.containers{nginx}: …`).
    pub message: String,
    /// The object the event is about (describe shows one object's; the page may show many).
    pub object: InvolvedKind,
    pub key: ObjectKey,
}

/// The Events rows `kubectl describe` prints for `object` `key` (kubectl lists them by
/// involved object), oldest `lastTimestamp` first; `pod` names the field paths of its
/// containers' events. Empty when there are none (`Events:  <none>`).
pub fn rows(
    world: &World,
    object: InvolvedKind,
    key: &ObjectKey,
    pod: Option<&Pod>,
) -> Vec<EventRow> {
    let mut events: Vec<&StoredEvent> = world
        .events()
        .filter(|e| e.event.object == object && &e.event.pod == key)
        .collect();
    events.sort_compact_by_key(|e| e.last);
    events.into_iter().map(|e| row(world, e, pod)).collect()
}

/// Every pod event of the world, oldest `lastTimestamp` first, each worded as `describe pod`
/// words it for its pod.
pub fn all_pod_rows(world: &World) -> Vec<EventRow> {
    let mut events: Vec<&StoredEvent> = world
        .events()
        .filter(|e| e.event.object == InvolvedKind::Pod)
        .collect();
    events.sort_compact_by_key(|e| e.last);
    events
        .into_iter()
        .map(|e| row(world, e, world.pod_by_key(&e.event.pod)))
        .collect()
}

/// One stored event as `DescribeEvents` writes it.
fn row(world: &World, e: &StoredEvent, pod: Option<&Pod>) -> EventRow {
    let now = world.now();
    let first = humanize::k8s_age(now, e.first);
    let age = if e.count > 1 {
        format!(
            "{} (x{} over {first})",
            humanize::k8s_age(now, e.last),
            e.count
        )
    } else {
        first
    };
    let message = e.message();
    let message = message.trim();
    let message = match &e.event.container {
        Some(c) => format!("{}: {message}", field_path(pod, c)),
        None => message.to_owned(),
    };
    EventRow {
        kind: e.event.event_type(),
        reason: e.event.reason(),
        age,
        from: e.event.source(),
        message,
        object: e.event.object,
        key: e.event.pod.clone(),
    }
}

/// `involvedObject.fieldPath` of a container's event.
fn field_path(pod: Option<&Pod>, c: &ContainerName) -> String {
    let has = |list: &[Container]| list.iter().any(|i| &i.spec.name == c);
    match pod {
        Some(p) if has(&p.init_containers) => format!("spec.initContainers{{{c}}}"),
        Some(p) if has(&p.ephemeral_containers) => format!("spec.ephemeralContainers{{{c}}}"),
        _ => format!("spec.containers{{{c}}}"),
    }
}
