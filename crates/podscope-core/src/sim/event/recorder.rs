//! Where an event goes once a component reports it: into the journal, through the
//! component's correlator, and (unless dropped) into the API server's store.

use podscope_collections::Map;

use super::correlator::{Correlator, EventName, Write};
use super::journal::Journal;
use super::store::{Api, EventStore, StoredEvent};
use super::{Component, Event};
use crate::model::time::SimTime;

/// The event pipeline of the whole cluster.
#[derive(Clone, Debug, Default)]
pub(crate) struct Events {
    /// One correlator per component (each has its own broadcaster); the scheduler has none.
    correlators: Map<Component, Correlator>,
    store: EventStore,
    journal: Journal,
    /// Names made so far.
    names: u64,
}

impl Events {
    /// A component reports `event` at `now`.
    pub(crate) fn record(&mut self, mut event: Event, now: SimTime) {
        event.seq = self.journal.next_seq();
        let names = &mut self.names;
        let mut next_name = || {
            *names += 1;
            EventName(*names)
        };
        let component = event.component();
        if component == Component::Scheduler {
            // The scheduler writes through events.k8s.io (client-go tools/events), whose
            // broadcaster folds repeats into a series instead; it reports each pod once.
            let write = Write {
                name: next_name(),
                combined: false,
                count: 1,
                first: now,
            };
            self.store.write(write, &event, now, Api::EventsK8sIo);
            self.journal.push(event);
            return;
        }
        let correlator = self
            .correlators
            .entry(component)
            .or_insert_with(Correlator::new);
        if let Some(write) = correlator.correlate(&event, now, &mut next_name) {
            self.store.write(write, &event, now, Api::Core);
        }
        self.journal.push(event);
    }

    /// The Event objects at `now`.
    pub(crate) fn live(&self, now: SimTime) -> impl Iterator<Item = &StoredEvent> {
        self.store.live(now)
    }

    /// The most recent occurrences, oldest first.
    pub(crate) fn journal(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.journal.recent()
    }

    /// Occurrences ever reported.
    pub(crate) fn reported(&self) -> u64 {
        self.journal.total()
    }
}
