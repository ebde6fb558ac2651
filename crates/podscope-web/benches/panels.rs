//! The page's tick with a panel open (issue 12): one `Msg::Elapsed(250 ms)` reduce, the view
//! model + layout, and the open panel's model (what its `use_memo` recomputes on a new world
//! version), on the 100-replica Deployment with probes (docs/bench/probed-deployment-100.yaml)
//! after one simulated minute, at 1× and 60×. Events is timed for one selected pod and for
//! every pod (the node selected). Medians of many ticks; the figures are in docs/figures.md.
//! Run with `cargo bench -p podscope-web --bench panels`.

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
    use podscope_web::panels::events_model::EventsView;
    use podscope_web::panels::inspector_model::InspectorView;
    use podscope_web::panels::node_model::NodeView;
    use podscope_web::session::Target;
    use podscope_web::state::{Msg, State};
    use podscope_web::view_model::ViewModel;
    use yew::Reducible;

    use crate::timing::{median, ms, timed};

    const YAML: &str = include_str!("../../../docs/bench/probed-deployment-100.yaml");
    const TICKS: usize = 101;
    const TICK: SimDuration = SimDuration::from_millis(250);

    /// What the open panel computes on a new world version.
    type Panel = (&'static str, fn(&State) -> usize);

    const PANELS: [Panel; 5] = [
        ("no panel (Terminal tab)", |_| 0),
        ("Events, one pod", |s| events(s, &s.target)),
        ("Events, every pod", |s| events(s, &Target::Node)),
        ("Node", |s| {
            s.world()
                .map(|w| black_box(NodeView::of(&w)).listings.len())
                .unwrap_or_default()
        }),
        ("Inspector", |s| {
            s.world()
                .map(|w| {
                    usize::from(
                        black_box(InspectorView::of(&w, &s.target))
                            != InspectorView::NothingSelected,
                    )
                })
                .unwrap_or_default()
        }),
    ];

    fn events(s: &State, target: &Target) -> usize {
        s.world()
            .map(|w| black_box(EventsView::of(&w, target)).rows.len())
            .unwrap_or_default()
    }

    pub fn main() {
        let (mut s, took) = timed(|| {
            Rc::new(State::new(YAML.to_owned())).reduce(Msg::Tick(SimDuration::from_secs(60)))
        });
        let (pods, events) = s
            .world()
            .map(|w| (w.pods().len(), w.events().count()))
            .unwrap_or_default();
        println!(
            "after 1 min: {pods} pods, {events} events (set up in {:.0} ms)",
            ms(took)
        );
        for speed in [Speed::X1, Speed::X60] {
            s = s.reduce(Msg::Speed(speed));
            for (name, panel) in PANELS {
                let mut tick = Vec::new();
                let mut shown = Vec::new();
                let mut size = 0;
                for _ in 0..TICKS {
                    let (next, took) = timed(|| s.clone().reduce(Msg::Elapsed(TICK)));
                    let (_, dropped) = timed(|| s = next);
                    let (v, view) = timed(|| ViewModel::of(&s));
                    black_box(v);
                    let (n, open) = timed(|| panel(&s));
                    size = n;
                    shown.push(open);
                    tick.push(took + dropped + view + open);
                }
                println!(
                    "  {} {name}: tick median {:.3} ms (panel model {:.3} ms, {size} rows/listings)",
                    speed.label(),
                    ms(median(tick)),
                    ms(median(shown)),
                );
            }
        }
    }
}
