//! Reading FILE for `run`, `svg` and `link`: a manifest or a bundle text (an optional
//! `#podscope v1 runtime=…` line, the YAML, then optionally `---` and a scenario;
//! `podscope_core::Bundle::parse`), with the scenario from the bundle or from `--script`
//! (never both), and the world it sets up. Every failure is a message and an exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use podscope_core::scenario::script::Scenario;
use podscope_core::{Bundle, Loaded, Runtime, World, WorldOptions, load};

/// Why a command stops: a usage error (exit 2) or a problem with its input (exit 1).
#[derive(Debug)]
pub(crate) enum Failure {
    Usage(String),
    Input(String),
}

impl Failure {
    /// Prints the message (with the usage text for a usage error) and gives the exit code.
    pub(crate) fn report(self, usage: &str) -> ExitCode {
        match self {
            Failure::Usage(e) => {
                eprintln!("error: {e}\n\n{usage}");
                ExitCode::from(2)
            }
            Failure::Input(e) => {
                if !e.is_empty() {
                    eprintln!("{e}");
                }
                ExitCode::FAILURE
            }
        }
    }
}

/// FILE read: its bundle, and where its scenario came from.
pub(crate) struct Input {
    /// FILE as named on the command line (`-` is stdin).
    pub file: String,
    /// The manifest, the scenario (the bundle's or `--script`'s) and the header's runtime.
    pub bundle: Bundle,
    /// How many lines of FILE come before the manifest (the header's), so that a manifest
    /// problem is reported at its line in FILE.
    header_lines: usize,
    /// Where `apply FILE` steps find their files: beside the scenario's file.
    base: PathBuf,
}

/// The text of `file`, or of stdin for `-`; bytes that are not UTF-8 become U+FFFD.
pub(crate) fn read(file: &str) -> Result<String, String> {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read(file).map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    text.map_err(|e| format!("{file}: {e}"))
}

/// `file` as messages name it.
fn shown(file: &str) -> &str {
    if file == "-" { "<stdin>" } else { file }
}

/// The folder of `file` (the working directory for stdin).
fn folder(file: &str) -> PathBuf {
    match file {
        "-" => PathBuf::from("."),
        path => Path::new(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    }
}

/// Reads FILE (a manifest or a bundle) and the scenario: `script` (a file, `-` for stdin) or
/// the bundle's own, not both.
pub(crate) fn read_input(file: &str, script: Option<&str>) -> Result<Input, Failure> {
    if file == "-" && script == Some("-") {
        return Err(Failure::Usage(
            "only one of FILE and --script can be `-` (stdin)".to_owned(),
        ));
    }
    let text = read(file).map_err(|e| Failure::Input(format!("error: {e}")))?;
    let mut bundle = Bundle::parse(&text).map_err(|e| {
        Failure::Input(format!(
            "{}:{}:{}: error: {}",
            shown(file),
            e.line,
            e.column.max(1),
            e.kind
        ))
    })?;
    // The header is `#podscope`, then the end of the line or a space (bundle.rs `is_header`).
    let header_lines = usize::from(
        text.trim_start_matches('\u{feff}')
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#podscope"))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace)),
    );
    let base = match script {
        Some(script_file) => {
            if !bundle.script.is_empty() {
                return Err(Failure::Usage(format!(
                    "{} carries a scenario after its `---` line and --script gives another: use one",
                    shown(file)
                )));
            }
            let script_text =
                read(script_file).map_err(|e| Failure::Input(format!("error: {e}")))?;
            bundle.script = script_text.parse::<Scenario>().map_err(|e| {
                Failure::Input(format!(
                    "{}:{}:{}: error: {}",
                    shown(script_file),
                    e.line,
                    e.column,
                    e.kind
                ))
            })?;
            folder(script_file)
        }
        None => folder(file),
    };
    Ok(Input {
        file: file.to_owned(),
        bundle,
        header_lines,
        base,
    })
}

impl Input {
    /// The manifest as `load` reads it: a blank line for each header line, so that the
    /// diagnostics' lines are FILE's.
    fn manifest_text(&self) -> String {
        format!("{}{}", "\n".repeat(self.header_lines), self.bundle.manifest)
    }

    /// The runtime: `--runtime` when given, else the bundle's header, else the default.
    pub(crate) fn runtime(&self, flag: Option<Runtime>) -> Runtime {
        flag.or(self.bundle.runtime).unwrap_or_default()
    }

    /// Reads the files the scenario's `apply FILE` steps name, beside its file.
    pub(crate) fn read_apply_files(&mut self) {
        let base = self.base.clone();
        self.bundle
            .script
            .read_files(|f| std::fs::read_to_string(base.join(f)).ok());
    }

    /// The manifest loaded, its diagnostics printed on stderr as `check` prints them;
    /// an error stops here.
    pub(crate) fn load(&self, seed: u64) -> Result<Loaded, Failure> {
        let loaded = load(&self.manifest_text(), seed);
        for d in &loaded.diagnostics {
            eprintln!("{}", d.render(Some(&self.file)));
        }
        if loaded.has_errors() {
            return Err(Failure::Input(String::new()));
        }
        Ok(loaded)
    }

    /// The world of the manifest at time zero, under `runtime` (see `Input::runtime`).
    pub(crate) fn world(
        &self,
        seed: u64,
        mut options: WorldOptions,
        runtime: Option<Runtime>,
    ) -> Result<World, Failure> {
        let loaded = self.load(seed)?;
        options.runtime = self.runtime(runtime);
        Ok(World::from_loaded(&loaded, seed, options))
    }
}
