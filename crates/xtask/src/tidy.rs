//! Tidy checks that run as ordinary tests: every Rust file opens with a `//!` line saying
//! what it owns, and the core stays free of browser and OS dependencies.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::sh::root;

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() && name != "target" && name != "snapshots" {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_module_starts_with_a_doc_line() {
        let mut files = Vec::new();
        rust_files(&root().join("crates"), &mut files);
        rust_files(&root().join("tests"), &mut files);
        assert!(files.len() > 20, "found only {} files", files.len());
        let missing: Vec<_> = files
            .iter()
            .filter(|f| {
                let text = std::fs::read_to_string(f).unwrap_or_default();
                !text.starts_with("//!")
            })
            .collect();
        assert!(
            missing.is_empty(),
            "modules without a `//!` first line: {missing:#?}"
        );
    }

    #[test]
    fn the_core_depends_on_nothing_of_the_browser() {
        let manifest = std::fs::read_to_string(root().join("crates/podscope-core/Cargo.toml"))
            .expect("the core's Cargo.toml");
        let deps = manifest.split("[dev-dependencies]").next().unwrap_or("");
        for banned in [
            "yew",
            "web-sys",
            "gloo",
            "wasm-bindgen",
            "js-sys",
            "getrandom",
        ] {
            assert!(
                !deps.lines().any(|l| l.starts_with(banned)),
                "podscope-core must not depend on {banned}"
            );
        }
    }
}
