//! `cargo xtask bench`: the core's criterion benchmarks (crates/podscope-core/benches) at
//! quick settings, then a summary read from criterion's estimates: `load` against bare YAML
//! parsing, the time per document as the manifest grows, and the chaos day with its time per
//! pod. `--wasm` times the same workloads compiled to wasm32 in headless Chromium instead
//! (crates/podscope-bench-wasm). Reported, never enforced.

use std::path::Path;

use crate::fuzz::target_dir;
use crate::sh::{Result, cmd, run};
use crate::tools;

/// The ratio `load` / bare serde_yaml the project aims for (docs/figures.md).
const TARGET_RATIO: f64 = 3.0;
const SCALING: [u64; 4] = [250, 500, 1000, 2000];
/// Issue 5's aim for the chaos day, natively.
const CHAOS_TARGET_MS: f64 = 50.0;
const CHAOS_SCALING: [u64; 4] = [5, 10, 20, 40];
/// The browser run takes a few minutes; wasm-bindgen-test-runner's default limit is 20 s.
const WASM_TEST_TIMEOUT_SECS: &str = "900";

/// `cargo xtask bench [--wasm]`.
pub fn bench_cmd(args: &[&str]) -> Result {
    match args {
        [] => bench(),
        ["--wasm"] => wasm(),
        _ => Err(format!(
            "bench: unexpected arguments {args:?}; usage: bench [--wasm]"
        )),
    }
}

/// The workloads in headless Chromium: `wasm-pack test --release` (the shipped profile), with
/// the test runner's `--nocapture` so the tables the tests log reach the terminal.
fn wasm() -> Result {
    tools::ensure_test_tools()?;
    let mut c = cmd(
        "wasm-pack",
        &[
            "test",
            "--release",
            "--headless",
            "--chrome",
            "crates/podscope-bench-wasm",
            // Only the timing tests: cargo's `--test browser` (wasm-pack hands what follows
            // the path to `cargo test`), then the runner's `--nocapture`. After a `--` the
            // target went to the runner, which wasm-bindgen-test-runner 0.2.130 refuses
            // ("unexpected argument '--test'").
            "--test",
            "browser",
            "--",
            "--nocapture",
        ],
    );
    // The tests leave the environment to the runner (they also run in Node.js); this picks
    // the browser.
    c.env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("WASM_BINDGEN_TEST_TIMEOUT", WASM_TEST_TIMEOUT_SECS);
    run(c)
}

/// `cargo xtask bench`.
fn bench() -> Result {
    run(cmd(
        "cargo",
        &[
            "bench",
            "--locked",
            "-p",
            "podscope-core",
            "--bench",
            "pipeline",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ],
    ))?;
    println!("\n{}", summary(&target_dir().join("criterion"))?);
    Ok(())
}

/// The summary table from `<target>/criterion/GROUP/ID/new/estimates.json`.
fn summary(dir: &Path) -> Result<String> {
    let mean = |id: &str| mean_ns(&dir.join(id).join("new").join("estimates.json"));
    let load = mean("1000_docs/load")?;
    let parse = mean("1000_docs/parse")?;
    let yaml = mean("1000_docs/serde_yaml_value")?;
    let deployment = mean("deployment_1000_replicas/load")?;
    let world = mean("world_1000_pods/new_and_10_minutes")?;
    let mut out = String::from("xtask bench summary (criterion means):\n");
    let row = |out: &mut String, what: &str, ns: f64, note: &str| {
        out.push_str(&format!("  {what:<44} {:>10}  {note}\n", human(ns)));
    };
    let ratio = load / yaml;
    row(
        &mut out,
        "load, 1,000 mixed documents",
        load,
        &format!(
            "{ratio:.2}x bare serde_yaml ({} the {TARGET_RATIO}x target)",
            if ratio <= TARGET_RATIO {
                "within"
            } else {
                "OVER"
            }
        ),
    );
    row(
        &mut out,
        "  of which parse (split, YAML, decode, spans)",
        parse,
        &format!("{:.2}x bare serde_yaml", parse / yaml),
    );
    row(
        &mut out,
        "bare serde_yaml -> Value, same bytes",
        yaml,
        "1.00x",
    );
    row(
        &mut out,
        "load, Deployment with replicas: 1000",
        deployment,
        "",
    );
    row(
        &mut out,
        "World::from_loaded + 10 simulated minutes, 1,000 pods",
        world,
        "",
    );
    let mut per_doc = Vec::new();
    for docs in SCALING {
        let ns = mean(&format!("load_scaling/{docs}"))?;
        per_doc.push(ns / docs as f64);
        row(
            &mut out,
            &format!("load, {docs} documents"),
            ns,
            &format!("{} per document", human(ns / docs as f64)),
        );
    }
    out.push_str(&growth(
        "250 -> 2,000 documents: time per document",
        &per_doc,
    ));
    let chaos = mean("chaos_10_pods/24h_kill_every_minute")?;
    row(
        &mut out,
        "chaos: 10 pods x 3, kill a minute, 24 h",
        chaos,
        &format!(
            "{} the {CHAOS_TARGET_MS} ms aim",
            if chaos <= CHAOS_TARGET_MS * 1e6 {
                "within"
            } else {
                "OVER"
            }
        ),
    );
    let mut per_pod = Vec::new();
    for pods in CHAOS_SCALING {
        let ns = mean(&format!("chaos_scaling/{pods}"))?;
        per_pod.push(ns / pods as f64);
        row(
            &mut out,
            &format!("chaos, {pods} pods (kills per pod constant)"),
            ns,
            &format!("{} per pod", human(ns / pods as f64)),
        );
    }
    out.push_str(&growth("chaos 5 -> 40 pods: time per pod", &per_pod));
    Ok(out)
}

/// How much a per-unit cost varies across sizes; within 1.25x counts as linear growth.
fn growth(what: &str, per_unit: &[f64]) -> String {
    let (lo, hi) = per_unit
        .iter()
        .fold((f64::MAX, 0.0_f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let spread = hi / lo;
    format!(
        "  growth {what} varies {spread:.2}x ({})\n",
        if spread <= 1.25 {
            "linear"
        } else {
            "NOT linear"
        }
    )
}

/// The mean's point estimate in nanoseconds from a criterion `estimates.json`.
fn mean_ns(path: &Path) -> Result<f64> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = text.split_once("\"mean\"").and_then(|(_, rest)| {
        let (_, rest) = rest.split_once("\"point_estimate\":")?;
        let end = rest.find([',', '}'])?;
        rest[..end].trim().parse::<f64>().ok()
    });
    parsed.ok_or_else(|| format!("{}: no mean point estimate", path.display()))
}

fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::{growth, human, mean_ns};

    #[test]
    fn reads_criterions_mean() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("estimates.json");
        std::fs::write(
            &path,
            r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},"point_estimate":2500000.5,"standard_error":0.1},"median":{"point_estimate":7.0}}"#,
        )
        .unwrap();
        assert_eq!(mean_ns(&path).unwrap(), 2_500_000.5);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(human(2_500_000.5), "2.50 ms");
    }

    #[test]
    fn judges_growth_by_the_spread_of_the_per_unit_cost() {
        assert_eq!(
            growth("per pod", &[1.0, 1.1, 1.2]),
            "  growth per pod varies 1.20x (linear)\n"
        );
        assert_eq!(
            growth("per pod", &[1.0, 2.0]),
            "  growth per pod varies 2.00x (NOT linear)\n"
        );
    }
}
