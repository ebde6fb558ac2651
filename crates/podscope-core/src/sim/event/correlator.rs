//! The event correlator a component runs before it writes an event to the API server:
//! client-go tools/record/events_cache.go `EventCorrelator` with its defaults
//! (`NewEventCorrelatorWithOptions` + `populateDefaults`), which the kubelet and the
//! Deployment, ReplicaSet and Job controllers all use (`record.NewBroadcaster`, no options).
//!
//! `EventCorrelate` runs three steps on each new event, each with its own LRU cache of 4,096
//! entries (`maxLruCacheEntries`):
//! 1. `EventAggregator.EventAggregate`: events alike but for their message (same source,
//!    object, type and reason) are *similar*; at the 10th distinct message within 600 s of the
//!    previous similar one, the event becomes the group's one aggregate event, whose message
//!    is `(combined from similar events): ` + the new message.
//! 2. `eventLogger.eventObserve`: an event seen before under the same key is the same object
//!    again, with `count + 1`, the first occurrence's `firstTimestamp` and name.
//! 3. `EventSourceObjectSpamFilter.Filter`: a token bucket per source, object and type (25
//!    events, then one every 300 s); a filtered event is not written, although step 2 counted
//!    it.

use podscope_collections::Set;

use super::fingerprint::{Fingerprint, SameText};
use super::lru::Lru;
use super::{Event, EventType, InvolvedKind};
use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::time::{SimDuration, SimTime};

/// events_cache.go `maxLruCacheEntries`.
const LRU_ENTRIES: usize = 4096;
/// `defaultAggregateMaxEvents`: distinct messages before similar events are combined.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`: a similar event after this long starts afresh.
const AGGREGATE_INTERVAL: SimDuration = SimDuration::from_secs(600);
/// `defaultSpamBurst`: events a source may write about one object at once.
const SPAM_BURST: u64 = 25;
/// `defaultSpamQPS` is 1/300: one more token every 300 s.
const SPAM_REFILL: SimDuration = SimDuration::from_secs(300);
/// Mixed into an aggregate key's fingerprint when the logger uses it.
const AGGREGATE_TAG: u64 = 0x9e37_79b9_7f4a_7c15;
/// events_cache.go `EventAggregatorByReasonMessageFunc`.
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// The name the API server stores an event under: a component names a new event
/// `<object>.<nanoseconds>` (`util.GenerateEventName`) and reuses the name for every update.
/// Here, the order in which names were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventName(pub(crate) u64);

/// `getSpamKey`: the source (one correlator per source), the involved object without its
/// field path, and the type (added in Kubernetes 1.32, kubernetes/kubernetes#124747, so
/// Warnings no longer starve behind Normal events).
#[derive(Clone, Debug, PartialEq, Eq)]
struct SpamKey {
    kind: InvolvedKind,
    object: ObjectKey,
    ty: EventType,
}

impl SpamKey {
    fn of(e: &Event) -> Self {
        SpamKey {
            kind: e.object,
            object: e.pod.clone(),
            ty: e.event_type(),
        }
    }

    fn is(&self, e: &Event) -> bool {
        self.kind == e.object && self.ty == e.event_type() && self.object == e.pod
    }
}

/// `EventAggregatorByReasonFunc`'s aggregate key: the spam key's fields and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AggregateKey {
    object: SpamKey,
    reason: &'static str,
}

impl AggregateKey {
    fn of(e: &Event) -> Self {
        AggregateKey {
            object: SpamKey::of(e),
            reason: e.reason(),
        }
    }

    fn is(&self, e: &Event) -> bool {
        self.reason == e.reason() && self.object.is(e)
    }
}

/// `getEventKey`: the aggregate key plus the field path and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
struct EventKey {
    similar: AggregateKey,
    container: Option<ContainerName>,
    message: String,
}

impl EventKey {
    fn is(&self, e: &Event) -> bool {
        if self.container != e.container || !self.similar.is(e) {
            return false;
        }
        let mut same = SameText::new(&self.message);
        let _ = e.write_message(&mut same);
        same.matched()
    }
}

/// The event logger's cache key: an event's own key, or its aggregate key once it is
/// combined (`EventAggregate`'s second result).
#[derive(Clone, Debug, PartialEq, Eq)]
enum LogKey {
    Event(EventKey),
    Aggregate(AggregateKey),
}

impl LogKey {
    fn is(&self, e: &Event, combined: bool) -> bool {
        match self {
            LogKey::Event(k) => !combined && k.is(e),
            LogKey::Aggregate(k) => combined && k.is(e),
        }
    }
}

/// The fingerprints of an event's keys, computed once per event.
#[derive(Clone, Copy, Debug)]
struct Fingerprints {
    spam: u64,
    aggregate: u64,
    event: u64,
    /// The message alone: the aggregator's "local key".
    message: u64,
}

impl Fingerprints {
    fn of(e: &Event) -> Self {
        let mut f = Fingerprint::new(0);
        f.byte(e.object as u8);
        f.field(&e.pod.namespace);
        f.field(&e.pod.name);
        f.byte(e.event_type() as u8);
        let spam = f.value();
        f.field(e.reason());
        let aggregate = f.value();
        let mut m = Fingerprint::new(1);
        let _ = e.write_message(&mut m);
        let message = m.value();
        match &e.container {
            Some(c) => f.field(&c.0),
            None => f.end(),
        }
        for b in message.to_le_bytes() {
            f.byte(b);
        }
        Fingerprints {
            spam,
            aggregate,
            event: f.value(),
            message,
        }
    }
}

/// `aggregateRecord`: the distinct messages (by fingerprint) seen among similar events, and
/// when the last was.
#[derive(Clone, Debug)]
struct AggregateRecord {
    messages: Set<u64>,
    last: SimTime,
}

/// `eventLog`: what the logger remembers of an event it wrote.
#[derive(Clone, Copy, Debug)]
struct EventLog {
    count: u32,
    first: SimTime,
    name: EventName,
}

/// The spam filter's token bucket for one object: golang.org/x/time/rate `Limiter` (full at
/// first, refilled continuously, capped at the burst) as client-go util/flowcontrol/throttle.go
/// `NewTokenBucketPassiveRateLimiterWithClock` wraps it. Tokens are counted in milliseconds of
/// refill (`SPAM_REFILL` per token), so the arithmetic is exact.
#[derive(Clone, Copy, Debug)]
struct TokenBucket {
    credit: u64,
    last: SimTime,
}

impl TokenBucket {
    const TOKEN: u64 = SPAM_REFILL.as_millis();
    const FULL: u64 = SPAM_BURST * Self::TOKEN;

    fn full(now: SimTime) -> Self {
        TokenBucket {
            credit: Self::FULL,
            last: now,
        }
    }

    /// `TryAccept` (`AllowN(now, 1)`): takes a token if one is there; a refusal changes
    /// nothing (`reserveN` only updates the limiter when it grants).
    fn try_accept(&mut self, now: SimTime) -> bool {
        let credit = self
            .credit
            .saturating_add(now.since(self.last).as_millis())
            .min(Self::FULL);
        if credit < Self::TOKEN {
            return false;
        }
        self.credit = credit - Self::TOKEN;
        self.last = now;
        true
    }
}

/// What a component writes after correlating an event.
#[derive(Clone, Debug)]
pub(crate) struct Write {
    pub name: EventName,
    /// The message is the aggregate's (`COMBINED_PREFIX` + the event's).
    pub combined: bool,
    pub count: u32,
    pub first: SimTime,
}

/// One component's correlator (each kubelet and controller has its own broadcaster).
#[derive(Clone, Debug)]
pub(crate) struct Correlator {
    aggregator: Lru<AggregateKey, AggregateRecord>,
    logger: Lru<LogKey, EventLog>,
    spam: Lru<SpamKey, TokenBucket>,
}

impl Correlator {
    pub(crate) fn new() -> Self {
        Correlator {
            aggregator: Lru::new(LRU_ENTRIES),
            logger: Lru::new(LRU_ENTRIES),
            spam: Lru::new(LRU_ENTRIES),
        }
    }

    /// events_cache.go `EventCorrelate`: what to write for `event` at `now` (a new name comes
    /// from `next_name`), or `None` when the spam filter drops it.
    pub(crate) fn correlate(
        &mut self,
        event: &Event,
        now: SimTime,
        next_name: &mut impl FnMut() -> EventName,
    ) -> Option<Write> {
        let hashes = Fingerprints::of(event);
        let combined = self.aggregate(event, &hashes, now);
        // `eventObserve`: the same key again is the same event with one more occurrence. The
        // logger's key for an aggregate is the aggregate key, told apart by its own tag.
        let log_hash = if combined {
            hashes.aggregate ^ AGGREGATE_TAG
        } else {
            hashes.event
        };
        let log = match self.logger.get_mut(log_hash, |k| k.is(event, combined)) {
            Some(last) => {
                last.count = last.count.saturating_add(1);
                *last
            }
            None => {
                let log = EventLog {
                    count: 1,
                    first: now,
                    name: next_name(),
                };
                let key = if combined {
                    LogKey::Aggregate(AggregateKey::of(event))
                } else {
                    LogKey::Event(EventKey {
                        similar: AggregateKey::of(event),
                        container: event.container.clone(),
                        message: event.message(),
                    })
                };
                self.logger.insert(log_hash, key, log);
                log
            }
        };
        // `Filter` runs last, so a dropped occurrence is still counted above.
        let accepted = match self.spam.get_mut(hashes.spam, |k| k.is(event)) {
            Some(bucket) => bucket.try_accept(now),
            None => {
                let mut bucket = TokenBucket::full(now);
                let accepted = bucket.try_accept(now);
                self.spam.insert(hashes.spam, SpamKey::of(event), bucket);
                accepted
            }
        };
        accepted.then_some(Write {
            name: log.name,
            combined,
            count: log.count,
            first: log.first,
        })
    }

    /// `EventAggregate`: whether this event joins its similar events' aggregate.
    fn aggregate(&mut self, event: &Event, hashes: &Fingerprints, now: SimTime) -> bool {
        let record = match self.aggregator.get_mut(hashes.aggregate, |k| k.is(event)) {
            Some(record) => record,
            None => {
                self.aggregator.insert(
                    hashes.aggregate,
                    AggregateKey::of(event),
                    AggregateRecord {
                        messages: Set::new(),
                        last: now,
                    },
                );
                match self.aggregator.get_mut(hashes.aggregate, |k| k.is(event)) {
                    Some(record) => record,
                    None => return false,
                }
            }
        };
        // A record last touched more than the interval ago starts afresh.
        if now.since(record.last) > AGGREGATE_INTERVAL {
            record.messages.clear();
        }
        record.messages.insert(hashes.message);
        record.last = now;
        if record.messages.len() < AGGREGATE_MAX_EVENTS {
            return false;
        }
        // "do not grow our local key set any larger than max": Go's `PopAny` drops a random
        // message; the smallest fingerprint here, so runs are reproducible.
        record.messages.pop_first();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{Correlator, EventName, SPAM_BURST};
    use crate::model::ids::{ContainerName, ObjectKey};
    use crate::model::time::{SimDuration, SimTime};
    use crate::sim::event::{Event, EventKind, InvolvedKind};

    fn unhealthy(at: SimTime, message: &str) -> Event {
        Event {
            seq: 0,
            at,
            object: InvolvedKind::Pod,
            pod: ObjectKey {
                namespace: "default".to_owned(),
                name: "web".to_owned(),
            },
            container: Some(ContainerName("app".to_owned())),
            kind: EventKind::Unhealthy {
                message: message.to_owned(),
            },
        }
    }

    fn names() -> impl FnMut() -> EventName {
        let mut n = 0;
        move || {
            n += 1;
            EventName(n)
        }
    }

    #[test]
    fn the_same_event_counts_up_and_the_spam_filter_lets_one_through_every_five_minutes() {
        let mut c = Correlator::new();
        let mut next = names();
        let mut written = Vec::new();
        // One failure a second for ten minutes.
        for s in 0..600 {
            let at = SimTime::from_millis(s * 1000);
            if let Some(w) = c.correlate(&unhealthy(at, "Readiness probe failed"), at, &mut next) {
                written.push((s, w.count, w.name));
            }
        }
        // 25 writes at once, then one token every 300 s.
        let seconds: Vec<u64> = written.iter().map(|w| w.0).collect();
        let mut expected: Vec<u64> = (0..SPAM_BURST).collect();
        expected.extend([300]);
        assert_eq!(seconds, expected);
        // One event object, its count including the occurrences the filter dropped.
        assert!(written.iter().all(|w| w.2 == EventName(1)));
        assert_eq!(written.last().map(|w| w.1), Some(301));
    }

    #[test]
    fn the_tenth_distinct_message_within_ten_minutes_is_combined() {
        let mut c = Correlator::new();
        let mut next = names();
        let mut combined = Vec::new();
        for i in 0..12u64 {
            // A minute apart: each within 600 s of the previous one.
            let at = SimTime::ZERO + SimDuration::from_secs(60 * i);
            let e = unhealthy(at, &format!("failure {i:02}"));
            if let Some(w) = c.correlate(&e, at, &mut next) {
                combined.push(w.combined);
            }
        }
        assert_eq!(combined.iter().filter(|c| !**c).count(), 9);
        assert!(combined[9..].iter().all(|c| *c));
        // After more than 600 s of quiet the group starts over.
        let later = SimTime::ZERO + SimDuration::from_secs(60 * 11 + 601);
        let w = c.correlate(&unhealthy(later, "failure 99"), later, &mut next);
        assert_eq!(w.map(|w| w.combined), Some(false));
    }
}
