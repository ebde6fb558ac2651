//! Keystroke → updated diagram (issue 12): one `Msg::Edit` with the text a keystroke makes
//! (a new world from time zero), then the view model with its layout and the diagram's
//! description, for every example of the Examples menu (under its runtime) and a 100-replica
//! Deployment. Medians of many keystrokes; the figures are in docs/figures.md. Run with `cargo bench -p podscope-web --bench diagram`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod timing;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::rc::Rc;

    use super::timing::{median, ms, timed};

    use podscope_core::Runtime;
    use podscope_core::scenario::examples::ExampleId;
    use podscope_core::views::layout::describe;
    use podscope_web::state::{Msg, State};
    use podscope_web::view_model::ViewModel;
    use yew::Reducible;

    /// Keystrokes timed per manifest.
    const KEYS: usize = 41;

    fn deployment(replicas: u32) -> String {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {replicas}\n  \
             selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    \
             spec:\n      containers:\n        - {{name: nginx, image: \"nginx:1.27\"}}\n"
        )
    }

    pub fn main() {
        let examples = ExampleId::ALL.iter().map(|id| {
            let e = id.get();
            (id.as_str().to_owned(), e.runtime, e.yaml.to_owned())
        });
        let big = (
            "100-pod Deployment".to_owned(),
            Runtime::default(),
            deployment(100),
        );
        println!(
            "| manifest | pods | keystroke → diagram (median) | reduce | view model + layout + describe | max |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (label, runtime, yaml) in examples.chain([big]) {
            let mut s = Rc::new(State::on(runtime, yaml.clone()));
            let mut reduce = Vec::new();
            let mut view = Vec::new();
            let mut total = Vec::new();
            for i in 0..KEYS {
                // A keystroke: a comment line that grows by one character.
                let text = format!("{yaml}# {}\n", "x".repeat(i + 1));
                let (next, r) = timed(|| s.clone().reduce(Msg::Edit(text)));
                s = next;
                let (v, d) = timed(|| {
                    let v = ViewModel::of(&s);
                    let words = v.layout.as_ref().map(|l| describe(l));
                    (v, words)
                });
                black_box(v);
                reduce.push(r);
                view.push(d);
                total.push(r + d);
            }
            let pods = s.world().map(|w| w.pods().len()).unwrap_or_default();
            println!(
                "| {label} | {pods} | {:.3} ms | {:.3} ms | {:.3} ms | {:.3} ms |",
                ms(median(total.clone())),
                ms(median(reduce)),
                ms(median(view)),
                ms(total.iter().max().copied().unwrap_or_default()),
            );
        }
    }
}
