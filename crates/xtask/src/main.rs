//! `cargo xtask`: the project's commands. Installs the pinned tools it needs, then builds,
//! serves or tests podscope. See README.md.

mod bench;
mod build;
mod dist;
mod embed_page;
mod fuzz;
mod pipeline;
mod sh;
mod size;
mod tidy;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [--release] [--port N]   build the playground and serve it on 127.0.0.1:8080
  build [--public-url /path/|./] the release static site in dist/, ready for any static host
                                 (default ./: works from any folder; docs/hosting.md)
  test                           every check and test: fmt, clippy (native + wasm32), native
                                 tests, browser tests (wasm-pack), release build, end-to-end
  tools                          only install the pinned tools (build, wasm-pack, Chromium)
  fuzz [--seconds N]             run each fuzz target of the core for N seconds (default 60);
                                 `test` runs them for 30 s each
  bench [--wasm]                 the core's criterion benchmarks, quick settings, and a summary;
                                 --wasm: the same workloads in headless Chromium (wasm-pack)
  size [--json] [--data] [FILE.wasm]
                                 where the wasm's bytes go: by function group and crate, the
                                 top 20 functions (release wasm32 with its name section,
                                 built in target/size/; or FILE.wasm). docs/figures.md;
                                 --data: also the 20 data symbols gzip leaves largest (a
                                 second build, target/size-data/, a segment per symbol)
  readers [--check]              write the core's readers, writers and schema table of the API
                                 types (admission/decode/generated.rs, schema.rs,
                                 model/json/generated.rs) from k8s-openapi's source
  embed-page                     write embed.html beside trunk's index.html ($TRUNK_STAGING_DIR:
                                 Trunk.toml's post_build hook, so `serve` has the embed too)

Each command first installs what is missing, at pinned versions; the first run takes
minutes (trunk alone compiles for about 10), later runs skip what is there.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["serve", rest @ ..] => build::serve(rest),
        ["build", rest @ ..] => build::build_cmd(rest),
        ["test"] => pipeline::test(),
        ["fuzz", rest @ ..] => fuzz::fuzz_cmd(rest),
        ["bench", rest @ ..] => bench::bench_cmd(rest),
        ["size", rest @ ..] => size::size_cmd(rest),
        ["readers", rest @ ..] => sh::run(sh::cmd(
            "cargo",
            &[
                &[
                    "run", "--quiet", "--locked", "-p", "codegen", "--", "readers",
                ],
                rest,
            ]
            .concat(),
        )),
        ["tools"] => tools::ensure_test_tools(),
        ["embed-page"] => embed_page::write_staged(),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
