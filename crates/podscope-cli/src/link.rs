//! `podscope link FILE`: the share link of a manifest or a bundle (`podscope_core::link`):
//! the fragment `#v1:…` alone, or with `--base URL` the whole link; and `--lengths`, the
//! table of each example's link length in docs/figures.md.

use std::fmt::Write as _;
use std::process::ExitCode;

use podscope_core::scenario::examples::ExampleId;
use podscope_core::{Bundle, Runtime, link};

use crate::input::read_input;
use crate::{USAGE, flag_values};

/// `link`'s flags.
pub(crate) struct LinkOptions {
    base: Option<String>,
    runtime: Option<Runtime>,
    script: Option<String>,
}

impl LinkOptions {
    pub(crate) fn parse(args: &[&str]) -> Result<Self, String> {
        let mut o = LinkOptions {
            base: None,
            runtime: None,
            script: None,
        };
        for (name, value) in flag_values(args)? {
            match name {
                "--base" => o.base = Some(value.to_owned()),
                "--runtime" => o.runtime = Some(value.parse().map_err(|e| format!("{e}"))?),
                "--script" => o.script = Some(value.to_owned()),
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

/// `podscope link FILE`: prints `#v1:…`, or `BASE#v1:…` with `--base`. The runtime is
/// `--runtime`'s, else the bundle's header's, else none (the reader's setting).
pub(crate) fn run(file: &str, opts: &LinkOptions) -> ExitCode {
    let input = match read_input(file, opts.script.as_deref()) {
        Ok(i) => i,
        Err(f) => return f.report(USAGE),
    };
    let mut bundle = input.bundle;
    bundle.runtime = opts.runtime.or(bundle.runtime);
    match &opts.base {
        Some(base) => crate::out(&format!("{}\n", link::link_to(base, &bundle))),
        None => crate::out(&format!("#{}\n", link::encode(&bundle))),
    }
    ExitCode::SUCCESS
}

/// An example as its share link carries it: manifest, scenario and runtime.
pub(crate) fn example_bundle(id: ExampleId) -> Bundle {
    let e = id.get();
    Bundle {
        manifest: e.yaml.to_owned(),
        // The examples' scripts are tested to parse (scenario/examples.rs).
        script: e.script.parse().unwrap_or_default(),
        runtime: Some(e.runtime),
    }
}

/// `podscope link --lengths`: each example's bundle text and share-link fragment, as a
/// Markdown table.
pub(crate) fn lengths() -> String {
    let mut out = String::from(
        "| example | bundle text (bytes) | fragment `#v1:…` (characters) | fragment / text |\n| --- | ---: | ---: | ---: |\n",
    );
    for id in ExampleId::ALL {
        let bundle = example_bundle(id);
        let text = bundle.to_text().len();
        let fragment = link::encode(&bundle).len() + 1;
        let _ = writeln!(
            out,
            "| {} | {text} | {fragment} | {:.2} |",
            id.as_str(),
            fragment as f64 / text as f64
        );
    }
    out
}
