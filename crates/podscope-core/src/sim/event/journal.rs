//! The most recent event occurrences, before correlation: what each component's broadcaster
//! hands its log watcher (client-go tools/record/event.go `StartStructuredLogging`), kept for
//! tests and debugging. Bounded: only the last `JOURNAL_CAP` stay.

use std::collections::VecDeque;
use std::sync::Arc;

use super::Event;

/// How many occurrences the journal keeps. Ours, not upstream's: a component's log is rotated
/// by whatever runs it (journald, logrotate), with no number Kubernetes sets.
pub const JOURNAL_CAP: usize = 1000;

#[derive(Clone, Debug, Default)]
pub(crate) struct Journal {
    recent: VecDeque<Arc<Event>>,
    /// Occurrences ever recorded.
    total: u64,
}

impl Journal {
    /// Numbers `event` and appends it; the oldest goes past the cap.
    pub(crate) fn push(&mut self, mut event: Event) -> Arc<Event> {
        event.seq = self.total;
        self.total += 1;
        if self.recent.len() == JOURNAL_CAP {
            self.recent.pop_front();
        }
        let event = Arc::new(event);
        self.recent.push_back(Arc::clone(&event));
        event
    }

    pub(crate) fn recent(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.recent.iter().map(|e| &**e)
    }

    pub(crate) fn total(&self) -> u64 {
        self.total
    }
}
