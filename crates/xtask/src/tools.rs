//! The pinned tools: installed when missing, skipped when the right version is there.
//! Versions and the reasons for each install method are in ../shared/TOOLCHAIN.md's facts,
//! restated in docs/toolchain.md.

use std::path::{Path, PathBuf};

use crate::sh::{self, Result, cargo_bin, cmd, output, run};

pub const TRUNK: &str = "0.21.14";
pub const WASM_PACK: &str = "0.15.1";
pub const BINARYEN: &str = "132";
/// The esbuild that bundles the code editor: must equal web/editor/package.json's pin.
pub const ESBUILD: &str = "0.28.2";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(sh::root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".to_owned())
}

/// Where the npm package binaryen is installed (its `wasm-opt` is what trunk runs).
pub fn binaryen_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| sh::home().join(".cache"));
    cache.join("podscope").join(format!("binaryen-{BINARYEN}"))
}

pub fn binaryen_bin() -> PathBuf {
    binaryen_dir().join("node_modules").join(".bin")
}

/// Everything `build` and `serve` need.
pub fn ensure_build_tools() -> Result {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_cargo_tool("trunk", "trunk", TRUNK, true, "about 10 minutes")?;
    ensure_binaryen()?;
    ensure_editor_packages()
}

/// The wasm-bindgen CLI at Cargo.lock's version (`size` runs it directly).
pub fn ensure_wasm_bindgen() -> Result {
    let wb = wasm_bindgen_version()?;
    ensure_cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &wb,
        false,
        "about 2 minutes",
    )
}

/// What `test` needs on top: wasm-pack, Chromium and chromedriver.
pub fn ensure_test_tools() -> Result {
    ensure_build_tools()?;
    ensure_cargo_tool("wasm-pack", "wasm-pack", WASM_PACK, true, "about 2 minutes")?;
    ensure_browser()
}

pub fn ensure_wasm_target() -> Result {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    eprintln!("xtask: installing the {WASM_TARGET} target (seconds)");
    run(cmd("rustup", &["target", "add", WASM_TARGET]))
}

/// `cargo install CRATE@VERSION` unless `BIN --version` already reports VERSION.
fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool, takes: &str) -> Result {
    let path = cargo_bin().join(bin);
    let have = output(&path.to_string_lossy(), &["--version"]).unwrap_or_default();
    if have.split_whitespace().any(|w| w == version) {
        return Ok(());
    }
    let was = if have.is_empty() {
        String::new()
    } else {
        format!(" (found {have})")
    };
    eprintln!("xtask: installing {krate} {version}{was}: cargo install, {takes}, once per machine");
    let spec = format!("{krate}@{version}");
    let mut args = vec!["install", "--force", spec.as_str()];
    // wasm-bindgen-cli's lock file pins a crate version no longer in the registry, so it must
    // be installed without --locked; trunk breaks without it (docs/toolchain.md).
    if locked {
        args.push("--locked");
    }
    run(cmd("cargo", &args))
}

/// npm, which the editor's packages and wasm-opt install with: Debian's Node.js and npm,
/// installed with apt when running as root.
fn ensure_npm() -> Result {
    if output("npm", &["--version"]).is_some() {
        return Ok(());
    }
    apt_install("Node.js and npm", &["nodejs", "npm"], "about a minute")
}

/// Installs Debian `packages` with apt when running as root; otherwise says how.
fn apt_install(what: &str, packages: &[&str], takes: &str) -> Result {
    let install = format!(
        "apt-get update && apt-get install -y {}",
        packages.join(" ")
    );
    if output("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!("{what} missing; install as root: {install}"));
    }
    eprintln!("xtask: installing {what} from Debian ({takes})");
    let mut update = cmd("apt-get", &["update"]);
    update.env("DEBIAN_FRONTEND", "noninteractive");
    run(update)?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    let mut c = cmd("apt-get", &args);
    c.env("DEBIAN_FRONTEND", "noninteractive");
    run(c)
}

fn ensure_binaryen() -> Result {
    let wasm_opt = binaryen_bin().join("wasm-opt");
    let have = output(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    if have.contains(&format!("version_{BINARYEN}")) {
        return Ok(());
    }
    ensure_npm()?;
    eprintln!("xtask: installing wasm-opt from the npm package binaryen@{BINARYEN} (seconds)");
    let dir = binaryen_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let dir_s = dir.to_string_lossy().into_owned();
    let pkg = format!("binaryen@{BINARYEN}");
    run(cmd(
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &dir_s,
            &pkg,
        ],
    ))
}

/// The code editor's npm packages (CodeMirror 6 and esbuild, exact versions in
/// web/editor/package-lock.json), installed with `npm ci` into web/editor/node_modules. A copy
/// of the lock file there says which lock was installed, so an unchanged lock is skipped.
fn ensure_editor_packages() -> Result {
    let dir = sh::root().join("web").join("editor");
    let lock_path = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let stamp = dir
        .join("node_modules")
        .join(".podscope-installed-lock.json");
    let esbuild = dir.join("node_modules").join(".bin").join("esbuild");
    let has_esbuild =
        || output(&esbuild.to_string_lossy(), &["--version"]).is_some_and(|v| v == ESBUILD);
    if std::fs::read(&stamp).is_ok_and(|s| s == lock) && has_esbuild() {
        return Ok(());
    }
    ensure_npm()?;
    eprintln!(
        "xtask: installing the code editor's npm packages (CodeMirror 6, esbuild {ESBUILD}) \
         with npm ci from web/editor/package-lock.json (seconds)"
    );
    // esbuild's install script only checks its binary; without it the JS wrapper finds the
    // platform package itself, on every npm version alike.
    let mut c = cmd(
        "npm",
        &["ci", "--ignore-scripts", "--no-audit", "--no-fund"],
    );
    c.current_dir(&dir);
    run(c)?;
    if !has_esbuild() {
        return Err(format!(
            "web/editor/node_modules has no esbuild {ESBUILD}: make web/editor/package.json pin \
             the same version as ESBUILD in crates/xtask/src/tools.rs"
        ));
    }
    std::fs::write(&stamp, &lock).map_err(|e| format!("{}: {e}", stamp.display()))
}

/// Debian's Chromium and the matching chromedriver, installed with apt when running as root.
pub fn ensure_browser() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(
        "Chromium and chromedriver",
        &["chromium", "chromium-driver"],
        "about 30 seconds",
    )
}
