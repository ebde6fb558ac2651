//! Timing loop and summary for the browser run: repeat a workload against a caller-given
//! millisecond clock (`performance.now()` in the browser) until a time budget is spent, then
//! report mean, median and minimum per iteration as a table row.

/// Per-iteration times of one workload, in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub iterations: usize,
    pub mean_ms: f64,
    pub median_ms: f64,
    pub min_ms: f64,
}

impl Summary {
    /// `None` for no samples.
    pub fn of(samples: &[f64]) -> Option<Summary> {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let min_ms = *sorted.first()?;
        let median_ms = if n % 2 == 1 {
            *sorted.get(n / 2)?
        } else {
            (sorted.get(n / 2 - 1)? + sorted.get(n / 2)?) / 2.0
        };
        Some(Summary {
            iterations: n,
            mean_ms: sorted.iter().sum::<f64>() / n as f64,
            median_ms,
            min_ms,
        })
    }
}

/// How long to measure each workload.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Untimed runs first (the JIT tiers up and caches fill), at least one.
    pub warm_up_ms: f64,
    /// Timed runs until this much time has passed…
    pub measure_ms: f64,
    /// …but never fewer than this many.
    pub min_iterations: usize,
}

/// The budget the browser run uses: like `cargo xtask bench`'s criterion settings (1 s of
/// warm-up, 3 s of measurement), with at least 10 timed runs.
pub const BROWSER: Budget = Budget {
    warm_up_ms: 1000.0,
    measure_ms: 3000.0,
    min_iterations: 10,
};

/// Times `work` per `budget`, reading the clock around each run.
pub fn measure(budget: Budget, now: impl FnMut() -> f64, mut work: impl FnMut()) -> Summary {
    measure_batched(budget, now, || (), |()| work())
}

/// Like `measure`, with an untimed `setup` before each run whose result `work` consumes (as
/// criterion's `iter_batched`), e.g. a fresh copy of the input.
pub fn measure_batched<T>(
    budget: Budget,
    mut now: impl FnMut() -> f64,
    mut setup: impl FnMut() -> T,
    mut work: impl FnMut(T),
) -> Summary {
    let start = now();
    loop {
        work(setup());
        if now() - start >= budget.warm_up_ms {
            break;
        }
    }
    let mut samples = Vec::new();
    let start = now();
    loop {
        let input = setup();
        let t0 = now();
        work(input);
        let t1 = now();
        samples.push(t1 - t0);
        if samples.len() >= budget.min_iterations && t1 - start >= budget.measure_ms {
            break;
        }
    }
    Summary::of(&samples).unwrap_or(Summary {
        iterations: 0,
        mean_ms: 0.0,
        median_ms: 0.0,
        min_ms: 0.0,
    })
}

/// A milliseconds figure the way docs/figures.md writes them: `54.5 ms`, `2.76 ms`, `612 µs`.
pub fn ms(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.1} ms")
    } else if x >= 1.0 {
        format!("{x:.2} ms")
    } else {
        format!("{:.0} µs", x * 1000.0)
    }
}

/// The table's header.
pub const HEADER: &str =
    "| workload | runs | mean | median | min | note |\n| --- | ---: | ---: | ---: | ---: | --- |";

/// One Markdown table row for docs/figures.md.
pub fn row(name: &str, s: &Summary, note: &str) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {note} |",
        s.iterations,
        ms(s.mean_ms),
        ms(s.median_ms),
        ms(s.min_ms)
    )
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn summarises_samples() {
        let s = Summary::of(&[3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!(s.iterations, 4);
        assert_eq!(s.mean_ms, 4.0);
        assert_eq!(s.median_ms, 2.5);
        assert_eq!(s.min_ms, 1.0);
        assert_eq!(Summary::of(&[5.0]).unwrap().median_ms, 5.0);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn measures_until_the_budget_is_spent() {
        // A fake clock: each run of the work takes 7 ms.
        let clock = Cell::new(0.0);
        let budget = Budget {
            warm_up_ms: 20.0,
            measure_ms: 100.0,
            min_iterations: 3,
        };
        let runs = Cell::new(0);
        let s = measure(
            budget,
            || clock.get(),
            || {
                clock.set(clock.get() + 7.0);
                runs.set(runs.get() + 1);
            },
        );
        // Warm-up: 3 runs (21 ms); then 15 timed runs (105 ms >= 100 ms).
        assert_eq!(runs.get(), 3 + 15);
        assert_eq!(s.iterations, 15);
        assert_eq!(s.mean_ms, 7.0);
        // Slow work still gets the minimum number of runs.
        let slow = measure(budget, || clock.get(), || clock.set(clock.get() + 500.0));
        assert_eq!(slow.iterations, 3);
        // Setup time is not counted.
        let batched = measure_batched(
            budget,
            || clock.get(),
            || clock.set(clock.get() + 1000.0),
            |()| clock.set(clock.get() + 2.0),
        );
        assert_eq!(batched.mean_ms, 2.0);
        assert_eq!(batched.iterations, 3);
    }

    #[test]
    fn formats_rows() {
        assert_eq!(ms(54.53), "54.53 ms");
        assert_eq!(ms(116.74), "116.7 ms");
        assert_eq!(ms(0.6124), "612 µs");
        let s = Summary::of(&[2.0, 4.0]).unwrap();
        assert_eq!(
            row("x", &s, "n"),
            "| x | 2 | 3.00 ms | 3.00 ms | 2.00 ms | n |"
        );
    }
}
