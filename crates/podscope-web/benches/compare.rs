//! The Runtimes tab's build (the "compare" part of issue 12): `CompareView::of`, what the tab
//! computes when it opens or the recording changes: three worlds (containerd, CRI-O, Docker)
//! from the manifest, the recording replayed into each to the page's time, and the rows.
//! Timed for the demo pod with nginx killed (15 s) and for the 10-replica Deployment with
//! probes (docs/bench/probed-deployment-10.yaml) after one simulated minute. Medians; the
//! figures are in docs/figures.md. Run with `cargo bench -p podscope-web --bench compare`.

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

    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::SimDuration;
    use podscope_web::panels::compare_model::CompareView;
    use podscope_web::state::{DEMO_YAML, Msg, State};
    use yew::Reducible;

    use crate::timing::{median, ms, timed};

    const DEPLOYMENT: &str = include_str!("../../../docs/bench/probed-deployment-10.yaml");
    const RUNS: usize = 21;

    fn case(name: &str, state: &State) {
        let input = state.compare_input();
        let mut rows = 0;
        let times = (0..RUNS)
            .map(|_| {
                let (view, t) = timed(|| CompareView::of(black_box(&input)));
                if let CompareView::Shown { rows: r, .. } = &view {
                    rows = r.len();
                }
                t
            })
            .collect();
        println!(
            "{name}: median {:.2} ms over {RUNS} builds ({rows} rows)",
            ms(median(times))
        );
    }

    pub fn main() {
        let demo = [
            Msg::Tick(SimDuration::from_secs(10)),
            Msg::Kill {
                pod: ObjectKey::new("default", "demo"),
                container: ContainerName("nginx".into()),
            },
            Msg::Tick(SimDuration::from_secs(5)),
        ]
        .into_iter()
        .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
            s.reduce(m)
        });
        case("demo pod, nginx killed, at 15s", &demo);
        let deployment = Rc::new(State::new(DEPLOYMENT.to_owned()))
            .reduce(Msg::Tick(SimDuration::from_secs(60)));
        assert_eq!(deployment.world().map(|w| w.pods().len()), Some(10));
        case("10-replica Deployment with probes, at 1m", &deployment);
    }
}
