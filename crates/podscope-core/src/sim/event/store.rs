//! Events as the API server stores them: one object per name with a count and first and last
//! timestamps, each write attaching an etcd lease of `--event-ttl` (1 h), so an event is gone
//! an hour (to an hour and a minute) after its last update.

use podscope_collections::{Map, Set};

use super::Event;
use super::correlator::{COMBINED_PREFIX, EventName, Write};
use crate::model::time::{SimDuration, SimTime};

/// kube-apiserver `--event-ttl`'s default (pkg/controlplane/apiserver/options/options.go
/// `NewOptions`: `EventTTL: 1 * time.Hour`); pkg/registry/core/event/storage/storage.go
/// `NewREST` returns it from `TTLFunc` for creates and updates alike.
pub const EVENT_TTL: SimDuration = SimDuration::from_secs(3600);
/// apiserver pkg/storage/etcd3/lease_manager.go `getReuseDurationSecondsLocked`: 5 % of the
/// TTL, at most `defaultLeaseReuseDurationSeconds` (60 s).
const LEASE_REUSE: SimDuration = SimDuration::from_secs(60);
/// lease_manager.go `defaultLeaseMaxObjectCount`.
const LEASE_MAX_OBJECTS: u64 = 1000;

/// One Event object in the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    /// `metadata.name`: the order names were made in.
    pub name: EventName,
    /// The occurrence that created the object (involved object, field path, reason, type);
    /// a later write replaces its `kind` with the newest occurrence's, as the logger's patch
    /// replaces the message.
    pub event: Event,
    /// An aggregate of similar events (`(combined from similar events): …`).
    pub combined: bool,
    /// `count`: occurrences so far, those the spam filter dropped included.
    pub count: u32,
    /// `firstTimestamp` and `lastTimestamp`.
    pub first: SimTime,
    pub last: SimTime,
    /// When its lease runs out and etcd deletes it.
    pub expires: SimTime,
}

impl StoredEvent {
    /// `message`, as the component wrote it.
    pub fn message(&self) -> String {
        if self.combined {
            format!("{COMBINED_PREFIX}{}", self.event.message())
        } else {
            self.event.message()
        }
    }
}

/// The etcd3 store's lease manager (lease_manager.go `GetLease`): a write reuses the previous
/// lease if it expires between TTL and TTL + reuse from now (and holds fewer than 1,000
/// objects), else takes a new one of TTL + reuse. Each resource's store has its own.
#[derive(Clone, Copy, Debug, Default)]
struct LeaseManager {
    expires: Option<SimTime>,
    attached: u64,
}

impl LeaseManager {
    /// When a write at `now` will expire.
    fn lease(&mut self, now: SimTime) -> SimTime {
        self.attached += 1;
        if let Some(prev) = self.expires {
            let valid = now + EVENT_TTL < prev;
            let sufficient = now + EVENT_TTL + LEASE_REUSE > prev;
            if valid && sufficient && self.attached <= LEASE_MAX_OBJECTS {
                return prev;
            }
        }
        let expires = now + EVENT_TTL + LEASE_REUSE;
        self.expires = Some(expires);
        self.attached = 1;
        expires
    }
}

/// Which API an event is written through: `events` in the core group (client-go
/// tools/record), or `events.k8s.io` (tools/events, the scheduler's). Both are the same
/// objects in etcd, written by two stores with a lease manager each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    Core,
    EventsK8sIo,
}

/// Every Event object that has not expired yet.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventStore {
    objects: Map<EventName, StoredEvent>,
    /// The objects by expiry, soonest first.
    expiry: Set<(SimTime, EventName)>,
    core: LeaseManager,
    events_api: LeaseManager,
}

impl EventStore {
    /// client-go tools/record/event.go `recordEvent`: a repeat (`count > 1`) patches the
    /// object, or creates it again under the same name if it has expired; a first occurrence
    /// creates it.
    pub(crate) fn write(&mut self, write: Write, event: &Event, now: SimTime, api: Api) {
        self.expire(now);
        let lease = match api {
            Api::Core => &mut self.core,
            Api::EventsK8sIo => &mut self.events_api,
        };
        let expires = lease.lease(now);
        if write.count > 1
            && let Some(stored) = self.objects.get_mut(&write.name)
        {
            self.expiry.remove(&(stored.expires, stored.name));
            stored.count = write.count;
            stored.last = now;
            stored.event.kind = event.kind.clone();
            stored.expires = expires;
            self.expiry.insert((expires, write.name));
            return;
        }
        self.expiry.insert((expires, write.name));
        self.objects.insert(
            write.name,
            StoredEvent {
                name: write.name,
                event: event.clone(),
                combined: write.combined,
                count: write.count,
                first: write.first,
                last: now,
                expires,
            },
        );
    }

    /// Drops the objects whose lease ran out by `now`.
    fn expire(&mut self, now: SimTime) {
        while let Some(&(at, name)) = self.expiry.first() {
            if at > now {
                break;
            }
            self.expiry.pop_first();
            self.objects.remove(&name);
        }
    }

    /// The objects still there at `now`, in name order (as the API server lists them).
    pub(crate) fn live(&self, now: SimTime) -> impl Iterator<Item = &StoredEvent> {
        self.objects.values().filter(move |e| e.expires > now)
    }
}

#[cfg(test)]
mod tests {
    use super::{EVENT_TTL, LeaseManager};
    use crate::model::time::{SimDuration, SimTime};

    #[test]
    fn writes_within_a_minute_share_a_lease_of_an_hour_and_a_minute() {
        let mut l = LeaseManager::default();
        let t0 = SimTime::from_millis(5_000);
        let first = l.lease(t0);
        assert_eq!(first, t0 + EVENT_TTL + SimDuration::from_secs(60));
        // 59 s later the lease still ends more than an hour away: reused.
        assert_eq!(l.lease(t0 + SimDuration::from_secs(59)), first);
        // 60 s later it would end in exactly an hour, not after: a new lease.
        let later = t0 + SimDuration::from_secs(60);
        assert_eq!(
            l.lease(later),
            later + EVENT_TTL + SimDuration::from_secs(60)
        );
    }
}
