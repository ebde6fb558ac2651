//! The most recent event occurrences, before correlation: what each component's broadcaster
//! hands its log watcher (client-go tools/record/event.go `StartStructuredLogging`), kept for
//! tests and debugging. Bounded: only the last `JOURNAL_CAP` stay.

use super::Event;
use std::collections::VecDeque;

/// How many occurrences the journal keeps. Ours, not upstream's: a component's log is rotated
/// by whatever runs it (journald, logrotate), with no number Kubernetes sets.
pub const JOURNAL_CAP: usize = 1000;

#[derive(Clone, Debug, Default)]
pub(crate) struct Journal {
    recent: VecDeque<Event>,
    /// Occurrences ever recorded.
    total: u64,
}

impl Journal {
    /// The number the next occurrence gets.
    pub(crate) fn next_seq(&self) -> u64 {
        self.total
    }

    /// Appends `event` (numbered by `next_seq`); the oldest goes past the cap.
    pub(crate) fn push(&mut self, event: Event) {
        self.total += 1;
        if self.recent.len() == JOURNAL_CAP {
            self.recent.pop_front();
        }
        self.recent.push_back(event);
    }

    pub(crate) fn recent(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.recent.iter()
    }

    pub(crate) fn total(&self) -> u64 {
        self.total
    }
}
