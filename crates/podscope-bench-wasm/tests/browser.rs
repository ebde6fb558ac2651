//! The benchmark workloads timed compiled to wasm32 in headless Chromium with
//! `performance.now()`, printed as Markdown tables for docs/figures.md. Run by
//! `cargo xtask bench --wasm` (wasm-pack test --release, so the shipped profile, with the
//! runner's `--nocapture` so the tables reach the terminal). The tests run one after another;
//! each prints its own table rows.
//!
//! No `wasm_bindgen_test_configure!(run_in_browser)`: xtask picks the browser with
//! `WASM_BINDGEN_USE_BROWSER=1`, and without it wasm-bindgen-test-runner runs the same tests in
//! Node.js (V8, Chromium's engine), which needs no browser.
#![cfg(target_arch = "wasm32")]

use std::hint::black_box;

use podscope_bench_wasm::chaos::{self, Chaos};
use podscope_bench_wasm::stats::{self, BROWSER, HEADER, Summary, row};
use podscope_bench_wasm::workloads::{
    BIG_DEPLOYMENT, PODS_IN_1000_DOCS, SCALING_DOCS, bare_yaml, checked_load, mixed_manifest,
};
use podscope_core::model::time::SimTime;
use podscope_core::{DEFAULT_SEED, World, WorldOptions, load, parse};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// `globalThis.performance`: the page's in Chromium, `perf_hooks`' in Node.js.
fn performance() -> web_sys::Performance {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .expect("globalThis.performance")
        .unchecked_into()
}

/// A millisecond clock: `performance.now()`.
fn now() -> impl FnMut() -> f64 {
    let performance = performance();
    move || performance.now()
}

fn time(work: impl FnMut()) -> Summary {
    stats::measure(BROWSER, now(), work)
}

/// The rows of one test, printed at once under the table header, with where they ran.
fn print(rows: &[String]) {
    let browser = js_sys::Reflect::has(&js_sys::global(), &"window".into()).unwrap_or(false);
    let host = if browser { "the browser" } else { "Node.js" };
    console_log!(
        "\nwasm32 in {host}, release profile\n\n{HEADER}\n{}",
        rows.join("\n")
    );
}

#[wasm_bindgen_test]
fn pipeline() {
    let mut out = Vec::new();

    let text = mixed_manifest(1000);
    assert_eq!(bare_yaml(&text), 1000);
    assert_eq!(checked_load(&text).pods.len(), PODS_IN_1000_DOCS);
    let load_1000 = time(|| {
        black_box(load(black_box(&text), DEFAULT_SEED));
    });
    let parse_1000 = time(|| {
        black_box(parse(black_box(&text)));
    });
    let yaml_1000 = time(|| {
        black_box(bare_yaml(black_box(&text)));
    });
    let mib_s = text.len() as f64 / (1024.0 * 1024.0) / (load_1000.mean_ms / 1000.0);
    out.push(row(
        "`load`, 1,000 documents",
        &load_1000,
        &format!(
            "{:.2}x bare serde_yaml; {mib_s:.1} MiB/s",
            load_1000.mean_ms / yaml_1000.mean_ms
        ),
    ));
    out.push(row(
        "`parse` alone, same text",
        &parse_1000,
        &format!(
            "{:.2}x bare serde_yaml",
            parse_1000.mean_ms / yaml_1000.mean_ms
        ),
    ));
    out.push(row(
        "bare `serde_yaml` to a `Value`, same bytes",
        &yaml_1000,
        "1.00x",
    ));

    let loaded = checked_load(BIG_DEPLOYMENT);
    assert_eq!(loaded.pods.len(), 1000);
    let deployment = time(|| {
        black_box(load(black_box(BIG_DEPLOYMENT), DEFAULT_SEED));
    });
    out.push(row(
        "`load`, Deployment with `replicas: 1000`",
        &deployment,
        "",
    ));
    // As the criterion bench: the Deployment, its ReplicaSet and its pods, the copy of the
    // specs `World::from_loaded` makes included.
    let world = time(|| {
        let mut world = World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default());
        world.advance_to(SimTime::from_millis(10 * 60 * 1000));
        black_box(world);
    });
    out.push(row(
        "`World::from_loaded` for that Deployment, then 10 simulated minutes",
        &world,
        "",
    ));
    print(&out);
}

#[wasm_bindgen_test]
fn load_scaling() {
    let mut out = Vec::new();

    for docs in SCALING_DOCS {
        let text = mixed_manifest(docs);
        let s = time(|| {
            black_box(load(black_box(&text), DEFAULT_SEED));
        });
        let per_doc = s.mean_ms / docs as f64;
        out.push(row(
            &format!("`load`, {docs} documents"),
            &s,
            &format!("{} per document", stats::ms(per_doc)),
        ));
    }
    print(&out);
}

#[wasm_bindgen_test]
fn chaos_day() {
    let mut out = Vec::new();
    let day = Chaos::new(chaos::PODS, chaos::KILL_EVERY);
    let (_, outcome) = day.run();
    assert_eq!(outcome.kills, 24 * 60);
    let s = time(|| {
        black_box(day.run());
    });
    out.push(row(
        "chaos: 10 pods x 3 containers, a kill a minute, 24 simulated hours",
        &s,
        &format!("{} kills, {} events", outcome.kills, outcome.events),
    ));
    for pods in chaos::SCALING_PODS {
        let scaled = Chaos::scaled(pods);
        let (_, outcome) = scaled.run();
        let s = time(|| {
            black_box(scaled.run());
        });
        out.push(row(
            &format!("chaos scaling: {pods} pods, 24 h"),
            &s,
            &format!(
                "{} per pod; {} kills, {} events",
                stats::ms(s.mean_ms / pods as f64),
                outcome.kills,
                outcome.events
            ),
        ));
    }

    print(&out);
}
