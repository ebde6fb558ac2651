//! The page's tick (issue 11): one `Msg::Elapsed(250 ms)` reduce, as Yew's `use_reducer`
//! dispatches it, and the view model + layout the page then renders, on a 1,000-replica
//! Deployment with probes (docs/bench/probed-deployment-1000.yaml), after one simulated minute
//! and after one simulated hour, at 1× and 60×. Medians of many ticks; the figures are in
//! docs/figures.md. Run with `cargo bench -p podscope-web --bench tick`.

#[cfg(not(target_arch = "wasm32"))]
mod timing;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::rc::Rc;

    use podscope_core::model::time::SimDuration;
    use podscope_web::clock::Speed;
    use podscope_web::state::{Msg, State};
    use podscope_web::view_model::ViewModel;
    use yew::Reducible;

    use crate::timing::{median, ms, timed};

    const YAML: &str = include_str!("../../../docs/bench/probed-deployment-1000.yaml");
    /// Ticks timed per speed and history.
    const TICKS: usize = 101;
    const TICK: SimDuration = SimDuration::from_millis(250);

    pub fn main() {
        for (history, label) in [(60, "1 min"), (3600, "1 h")] {
            let (mut s, took) = timed(|| {
                Rc::new(State::new(YAML.to_owned()))
                    .reduce(Msg::Tick(SimDuration::from_secs(history)))
            });
            let (pods, events) = s
                .world()
                .map(|w| (w.pods().len(), w.events().count()))
                .unwrap_or_default();
            println!(
                "after {label}: {pods} pods, {events} events (set up in {:.0} ms)",
                ms(took)
            );
            for speed in [Speed::X1, Speed::X60] {
                s = s.reduce(Msg::Speed(speed));
                let mut reduce = Vec::new();
                let mut view = Vec::new();
                for _ in 0..TICKS {
                    // As `use_reducer` dispatches: the current state stays held while the
                    // reducer runs, and is dropped once the next one replaces it.
                    let (next, took) = timed(|| s.clone().reduce(Msg::Elapsed(TICK)));
                    let (_, dropped) = timed(|| s = next);
                    reduce.push(took + dropped);
                    let (v, took) = timed(|| ViewModel::of(&s));
                    black_box(v);
                    view.push(took);
                }
                let min = reduce.iter().min().copied().unwrap_or_default();
                println!(
                    "  {}: reduce median {:.3} ms (min {:.3}), view model + layout median {:.3} ms",
                    speed.label(),
                    ms(median(reduce)),
                    ms(min),
                    ms(median(view)),
                );
            }
        }
    }
}
