//! `cargo xtask test`: every check, in the order CI runs them, with a summary at the end.

use std::time::Instant;

use crate::build;
use crate::fuzz;
use crate::sh::{Result, cmd, run_capture};
use crate::tools;

/// Seconds each wasm-pack test binary may run in Chromium (the runner's default is 20).
const WASM_TEST_TIMEOUT_SECS: &str = "600";

/// One step's outcome.
struct Outcome {
    name: &'static str,
    ok: bool,
    skipped: bool,
    secs: f64,
    passed: u64,
    failed: u64,
}

pub fn test() -> Result {
    tools::ensure_test_tools()?;
    // wasm-bindgen-test-runner gives a test binary 20 s by default; on CI's two busy cores the
    // core's Chromium binary took longer and the step failed with every test passed.
    let chromedriver = [
        ("CHROMEDRIVER", tools::CHROMEDRIVER),
        ("WASM_BINDGEN_TEST_TIMEOUT", WASM_TEST_TIMEOUT_SECS),
    ];
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut step = |name: &'static str, program: &str, args: &[&str], env: &[(&str, &str)]| {
        eprintln!("\n==> {name}");
        #[expect(
            clippy::disallowed_methods,
            reason = "xtask reports how long each step took"
        )]
        let start = Instant::now();
        let mut c = cmd(program, args);
        for (k, v) in env {
            c.env(k, v);
        }
        let (ok, out) = run_capture(c);
        let (passed, failed) = count_tests(&out);
        outcomes.push(Outcome {
            name,
            ok,
            skipped: false,
            secs: start.elapsed().as_secs_f64(),
            passed,
            failed,
        });
        ok
    };

    step("fmt", "cargo", &["fmt", "--all", "--check"], &[]);
    step(
        "clippy (native)",
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    step(
        "clippy (wasm32)",
        "cargo",
        &[
            "clippy",
            "-p",
            "podscope-shell",
            "-p",
            "podscope-core",
            "-p",
            "podscope-web",
            "--all-targets",
            "--locked",
            "--target",
            tools::WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    step(
        "native tests",
        "cargo",
        &[
            "test",
            "--workspace",
            "--exclude",
            "podscope-e2e",
            "--locked",
        ],
        &[],
    );
    step(
        "shell in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-shell"],
        &chromedriver,
    );
    step(
        "core in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-core"],
        &chromedriver,
    );
    step(
        "web in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-web"],
        &chromedriver,
    );
    // `cargo xtask build`: trunk, then what build::build_release writes after it (embed.html).
    let built = step("release build", "cargo", &["xtask", "build"], &[]);
    if built {
        let dist = crate::sh::root().join("dist");
        let dist = dist.to_string_lossy().into_owned();
        step(
            "end-to-end",
            "cargo",
            &["test", "-p", "podscope-e2e", "--locked"],
            &[
                ("PODSCOPE_DIST", dist.as_str()),
                ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ],
        );
    } else {
        outcomes.push(Outcome {
            name: "end-to-end",
            ok: false,
            skipped: true,
            secs: 0.0,
            passed: 0,
            failed: 0,
        });
    }

    // Both fuzz targets for a bounded time; a crash, hang or OOM fails the run.
    eprintln!("\n==> fuzz (bounded)");
    #[expect(
        clippy::disallowed_methods,
        reason = "xtask reports how long each step took"
    )]
    let start = Instant::now();
    let fuzzed = fuzz::bounded(fuzz::CI_SECONDS);
    if let Err(e) = &fuzzed {
        eprintln!("xtask: {e}");
    }
    outcomes.push(Outcome {
        name: "fuzz (bounded)",
        ok: fuzzed.is_ok(),
        skipped: false,
        secs: start.elapsed().as_secs_f64(),
        passed: 0,
        failed: 0,
    });

    if built {
        match build::size_report() {
            Ok(r) => println!("\n{r}"),
            Err(e) => eprintln!("xtask: size report: {e}"),
        }
    }
    println!("\nxtask test summary:");
    for o in &outcomes {
        let status = if o.skipped {
            "skipped"
        } else if o.ok {
            "ok"
        } else {
            "FAILED"
        };
        let tests = if o.passed + o.failed > 0 {
            format!("  ({} passed, {} failed)", o.passed, o.failed)
        } else {
            String::new()
        };
        println!("  {:<20} {status:<8} {:>7.1}s{tests}", o.name, o.secs);
    }
    let total: f64 = outcomes.iter().map(|o| o.secs).sum();
    let steps_ok = outcomes.iter().filter(|o| o.ok).count();
    let passed: u64 = outcomes.iter().map(|o| o.passed).sum();
    let failed: u64 = outcomes.iter().map(|o| o.failed).sum();
    println!("  {steps_ok}/{} steps ok in {total:.0}s", outcomes.len());
    println!("tests: {passed} passed, {failed} failed");
    if steps_ok == outcomes.len() {
        Ok(())
    } else {
        Err("some steps failed (see the summary above)".into())
    }
}

/// Sums libtest's `test result: ok. N passed; M failed; …` lines.
fn count_tests(out: &str) -> (u64, u64) {
    let mut totals = (0, 0);
    for line in out.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        let num = |label: &str| {
            rest.split(';')
                .find_map(|part| {
                    part.trim()
                        .trim_start_matches(|c: char| !c.is_ascii_digit())
                        .strip_suffix(label)
                })
                .and_then(|n| n.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        totals.0 += num(" passed");
        totals.1 += num(" failed");
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::count_tests;

    #[test]
    fn counts_libtest_summaries() {
        let out = "test result: ok. 20 passed; 0 failed; 0 ignored\nnoise\ntest result: FAILED. 3 passed; 2 failed; 0 ignored; 0 filtered out; finished in 1.12s\n";
        assert_eq!(count_tests(out), (23, 2));
    }
}
