//! `cargo xtask test`: every check, in the order CI runs them, with a summary at the end.

use std::time::Instant;

use crate::build;
use crate::dist::PublicUrl;
use crate::fuzz;
use crate::sh::{Result, cmd, run_capture};
use crate::tools;

/// The subpath the e2e tests serve dist/ under (tests/server.rs `BASE_PATH`).
const E2E_PUBLIC_URL: &str = "/posts/podscope/";

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
    // Chromium leaves each WebDriver session's profile (about 150 MB) in $TMPDIR; the
    // wasm-pack steps get a directory of their own, emptied when they are done.
    let chromium_tmp = crate::sh::root().join("target/tmp/chromium");
    let _ = std::fs::create_dir_all(&chromium_tmp);
    let chromium_tmp_str = chromium_tmp.to_string_lossy().into_owned();
    let chromedriver = [
        ("CHROMEDRIVER", tools::CHROMEDRIVER),
        ("WASM_BINDGEN_TEST_TIMEOUT", WASM_TEST_TIMEOUT_SECS),
        ("TMPDIR", chromium_tmp_str.as_str()),
    ];
    let mut outcomes: Vec<Outcome> = Vec::new();
    let step = |outcomes: &mut Vec<Outcome>,
                name: &'static str,
                program: &str,
                args: &[&str],
                env: &[(&str, &str)]| {
        timed(outcomes, name, || {
            let mut c = cmd(program, args);
            for (k, v) in env {
                c.env(k, v);
            }
            run_capture(c)
        })
    };

    step(
        &mut outcomes,
        "fmt",
        "cargo",
        &["fmt", "--all", "--check"],
        &[],
    );
    step(
        &mut outcomes,
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
        &mut outcomes,
        "clippy (wasm32)",
        "cargo",
        &[
            "clippy",
            "-p",
            "podscope-collections",
            "-p",
            "podscope-float",
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
        &mut outcomes,
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
        &mut outcomes,
        "shell in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-shell"],
        &chromedriver,
    );
    step(
        &mut outcomes,
        "core in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-core"],
        &chromedriver,
    );
    step(
        &mut outcomes,
        "web in Chromium",
        "wasm-pack",
        &["test", "--headless", "--chrome", "crates/podscope-web"],
        &chromedriver,
    );
    let _ = std::fs::remove_dir_all(&chromium_tmp);
    // The same build as `cargo xtask build`, for the subpath the e2e server serves it under.
    let built = timed(&mut outcomes, "release build", || {
        reported(PublicUrl::parse(E2E_PUBLIC_URL).and_then(|u| build::build_release(&u)))
    });
    if built {
        let dist = crate::sh::root().join("dist");
        let dist = dist.to_string_lossy().into_owned();
        step(
            &mut outcomes,
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
    timed(&mut outcomes, "fuzz (bounded)", || {
        reported(fuzz::bounded(fuzz::CI_SECONDS))
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

/// Runs one step, timing it and counting the tests its output reports.
fn timed(
    outcomes: &mut Vec<Outcome>,
    name: &'static str,
    f: impl FnOnce() -> (bool, String),
) -> bool {
    eprintln!("\n==> {name}");
    #[expect(
        clippy::disallowed_methods,
        reason = "xtask reports how long each step took"
    )]
    let start = Instant::now();
    let (ok, out) = f();
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
}

/// A step run in-process: its error printed, no test counts.
fn reported(result: Result) -> (bool, String) {
    if let Err(e) = &result {
        eprintln!("xtask: {e}");
    }
    (result.is_ok(), String::new())
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
