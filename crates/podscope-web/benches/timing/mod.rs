//! Wall-clock timing for the page's benches (`tick`, `panels`): the page timed from outside
//! the core, and the medians the figures report.

use std::time::{Duration, Instant};

/// Runs `f` and says how long it took.
#[allow(clippy::disallowed_methods)]
pub fn timed<R>(f: impl FnOnce() -> R) -> (R, Duration) {
    let start = Instant::now();
    let r = f();
    (r, start.elapsed())
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}
