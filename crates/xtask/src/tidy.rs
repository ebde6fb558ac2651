//! Tidy checks that run as ordinary tests: every Rust file opens with a `//!` line saying
//! what it owns, the core stays free of browser and OS dependencies, and the core's layers
//! (model → admission → sim → views → scenario) are used in one direction only.

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

    /// The core's layers, lowest first. A module may use its own layer and those before it.
    const LAYERS: [&str; 5] = ["model", "admission", "sim", "views", "scenario"];

    /// The layer a file of `crates/podscope-core/src` belongs to (`model.rs` and `model/…`
    /// are `model`), or `None` for `lib.rs`, the facade.
    fn layer_of(src: &Path, file: &Path) -> Option<usize> {
        let rel = file.strip_prefix(src).ok()?;
        let first = rel.components().next()?.as_os_str().to_string_lossy();
        let name = first.strip_suffix(".rs").unwrap_or(&first);
        LAYERS.iter().position(|l| *l == name)
    }

    /// Every `crate::LAYER` path in the code of `text` (comments left out), with its line.
    fn layer_uses(text: &str) -> Vec<(usize, usize)> {
        let mut uses = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                let word: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if let Some(l) = LAYERS.iter().position(|l| *l == word) {
                    uses.push((n + 1, l));
                }
                rest = after;
            }
        }
        uses
    }

    #[test]
    fn core_layers_use_only_the_layers_below_them() {
        let src = root().join("crates/podscope-core/src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut checked = 0;
        let mut upward = Vec::new();
        for file in &files {
            let Some(own) = layer_of(&src, file) else {
                continue;
            };
            checked += 1;
            let text = std::fs::read_to_string(file).unwrap_or_default();
            for (line, used) in layer_uses(&text) {
                if used > own {
                    upward.push(format!(
                        "{}:{line}: {} uses {}",
                        file.strip_prefix(&src).unwrap_or(file).display(),
                        LAYERS[own],
                        LAYERS[used]
                    ));
                }
            }
        }
        assert!(checked > 100, "found only {checked} layered files");
        assert!(
            upward.is_empty(),
            "modules that use a layer above their own:\n{}",
            upward.join("\n")
        );
    }

    #[test]
    fn the_layer_check_sees_an_upward_use() {
        let src = Path::new("/r/src");
        assert_eq!(layer_of(src, Path::new("/r/src/model/ids.rs")), Some(0));
        assert_eq!(layer_of(src, Path::new("/r/src/sim.rs")), Some(2));
        assert_eq!(layer_of(src, Path::new("/r/src/lib.rs")), None);
        let text = "use crate::model::ids::Pid;\n// crate::scenario in prose\nlet x = crate::views::layout::diagram(w);";
        assert_eq!(layer_uses(text), vec![(1, 0), (3, 3)]);
    }

    #[test]
    fn the_shell_crate_depends_on_nothing_of_podscope() {
        let deps = dependencies("crates/podscope-shell/Cargo.toml");
        assert!(
            !deps.iter().any(|d| d.starts_with("podscope")
                && !matches!(d.as_str(), "podscope-collections" | "podscope-float")),
            "podscope-shell must not depend on a podscope crate but the leaves podscope-collections and podscope-float"
        );
    }

    #[test]
    fn the_leaf_crates_depend_on_nothing() {
        for leaf in ["podscope-collections", "podscope-float"] {
            assert_eq!(
                dependencies(&format!("crates/{leaf}/Cargo.toml")),
                Vec::<String>::new(),
                "{leaf} is a leaf every podscope crate may use"
            );
        }
    }

    /// The crate names in a Cargo.toml's `[dependencies]` table.
    fn dependencies(manifest: &str) -> Vec<String> {
        let text = std::fs::read_to_string(root().join(manifest)).expect("a Cargo.toml");
        let table = text
            .split("[dependencies]")
            .nth(1)
            .and_then(|d| d.split("\n[").next())
            .expect("a [dependencies] table");
        table
            .lines()
            .filter_map(|l| l.split(['=', '.']).next())
            .map(str::trim)
            .filter(|name| !name.is_empty() && !name.starts_with('#'))
            .map(str::to_owned)
            .collect()
    }

    /// `FILE:LINE` of every line of `files` that `lines` finds.
    fn found_in(files: &[PathBuf], lines: fn(&str) -> Vec<usize>) -> Vec<String> {
        let crates = root().join("crates");
        files
            .iter()
            .flat_map(|file| {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                let shown = file
                    .strip_prefix(&crates)
                    .unwrap_or(file)
                    .display()
                    .to_string();
                lines(&text)
                    .into_iter()
                    .map(move |line| format!("{shown}:{line}"))
            })
            .collect()
    }

    /// The podscope crates whose code is the page's wasm (besides the leaves).
    const WASM_CRATES: [&str; 3] = ["podscope-core", "podscope-shell", "podscope-web"];

    /// The source files of `crates` that go into the wasm (not their `tests` folders); a
    /// crate with fewer than 20 is a moved tree, not a clean one.
    fn wasm_sources(crates: &[&str]) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for krate in crates {
            let before = files.len();
            rust_files(&root().join("crates").join(krate).join("src"), &mut files);
            assert!(
                files.len() - before > 20,
                "{krate}: found only {} files",
                files.len() - before
            );
        }
        files.retain(|f| !f.components().any(|c| c.as_os_str() == "tests"));
        files
    }

    /// Fails, naming every `FILE:LINE`, when `lines` finds something in the wasm sources of
    /// `crates`: `what` says what it is and what to use instead.
    fn none_in_wasm(crates: &[&str], lines: fn(&str) -> Vec<usize>, what: &str) {
        let found = found_in(&wasm_sources(crates), lines);
        assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
    }

    /// The lines of `text` (1-based) that `matches`, ignoring comments and the file's tests
    /// (from its `#[cfg(test)]` on: they are not in the wasm).
    fn code_lines(text: &str, matches: impl Fn(&str) -> bool) -> Vec<usize> {
        text.lines()
            .enumerate()
            .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
            .filter(|(_, l)| !l.trim_start().starts_with("//") && matches(l))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// The code lines of `text` that name one of `calls`.
    fn code_lines_naming(text: &str, calls: &[&str]) -> Vec<usize> {
        code_lines(text, |l| calls.iter().any(|c| l.contains(c)))
    }

    /// A std sort named in `text` (`.sort_by(`, `.sort()`, …).
    fn std_sorts(text: &str) -> Vec<usize> {
        code_lines_naming(
            text,
            &[
                ".sort()",
                ".sort_by(",
                ".sort_by_key(",
                ".sort_by_cached_key(",
                ".sort_unstable(",
                ".sort_unstable_by(",
                ".sort_unstable_by_key(",
            ],
        )
    }

    #[test]
    fn the_wasm_crates_sort_through_compact_sort() {
        // Each std sort call site is a 3.5 KB copy of driftsort in the wasm
        // (podscope-collections sort.rs, docs/figures.md).
        none_in_wasm(
            &WASM_CRATES,
            std_sorts,
            "std sorts in the wasm's crates (use podscope_collections::CompactSort)",
        );
        assert_eq!(
            std_sorts(
                "v.sort();\n// v.sort_by(f)\nv.sort_compact_by(f);\nw.sort_unstable_by_key(k);\n#[cfg(test)]\nx.sort();"
            ),
            [1, 4]
        );
    }

    /// A call that deflates with the core's miniz (`link::encode`, `link_to`, `deflate`).
    fn core_deflates(text: &str) -> Vec<usize> {
        code_lines_naming(text, &["link::encode(", "link::link_to(", "link::deflate("])
    }

    #[test]
    fn the_page_deflates_links_in_the_browser() {
        // miniz's deflate is 8.6 KB of the page's gzip; the browser's CompressionStream does
        // it (podscope-web share/deflate.rs, docs/figures.md).
        none_in_wasm(
            &["podscope-web"],
            core_deflates,
            "the page deflates through the core (use share::deflate and link::from_deflated)",
        );
        assert_eq!(
            core_deflates(
                "let f = link::encode(&b);\n// link::link_to(p, &b)\nlink::from_deflated(&d);\n#[cfg(test)]\nlink::deflate(t);"
            ),
            [1]
        );
    }

    /// Whether a format spec (after the `:`) asks for a precision (`.2`, `.p$`, `.*`) or the
    /// exponent form (`e`, `E`): what a float is written with; `?`, widths and fills pass.
    fn float_spec(spec: &str) -> bool {
        let s = spec.trim_start_matches(['<', '>', '^', '+', '-', '#']);
        let s = s.trim_start_matches(|c: char| c.is_ascii_digit());
        let (precise, s) = match s.strip_prefix('.') {
            Some(rest) => {
                let n = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '*'))
                    .unwrap_or(rest.len());
                let rest = &rest[n..];
                (n > 0, rest.strip_prefix('$').unwrap_or(rest))
            }
            None => (false, s),
        };
        match s {
            "e" | "E" => true,
            "" | "?" | "x" | "X" | "o" | "b" => precise,
            _ => false,
        }
    }

    /// A `format!`-style placeholder in `text` that writes a float through core's formatting
    /// (`{v:.1}`, `{:e}`, `{x:.p$e}`), by line, ignoring comments and the file's tests.
    fn std_float_formats(text: &str) -> Vec<usize> {
        let placeholders = |line: &str| {
            line.match_indices('{')
                .filter_map(|(i, _)| {
                    let rest = &line[i + 1..];
                    let name = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    let spec = rest[name..].strip_prefix(':')?;
                    Some(spec[..spec.find(['}', '{'])?].to_owned())
                })
                .collect::<Vec<_>>()
        };
        code_lines(text, |l| {
            placeholders(l).iter().any(|spec| float_spec(spec))
        })
    }

    #[test]
    fn the_wasm_crates_write_floats_through_podscope_float() {
        // core's float formatting (Grisu, Dragon4, their tables) is 18 KB of code in the wasm
        // (crates/podscope-float write.rs, docs/figures.md). A float's `{}` or `to_string()`
        // is not visible here: `cargo xtask size` lists `core::num::flt2dec` when one is back.
        none_in_wasm(
            &WASM_CRATES,
            std_float_formats,
            "floats written through core (use podscope_float::{fixed, lower_exp, lower_exp_fixed})",
        );
        assert_eq!(
            std_float_formats(
                "format!(\"{v:.1}{up}\")\nformat!(\"{:e}\", f)\nformat!(\"{x:>8.p$e}\")\n// {v:.2}\nformat!(\"{a:?} {b:>5} {{c}} {d:#x}\")\nlet y = \"{name: nginx, image: nginx:1.21}\";\nformat!(\"{s:.3}\")\n#[cfg(test)]\nformat!(\"{v:.1}\")"
            ),
            [1, 2, 3, 7]
        );
    }

    /// A float parse through core's `FromStr` named in `text`, by line.
    fn std_float_parses(text: &str) -> Vec<usize> {
        code_lines(text, |l| {
            l.contains("parse::<f64>")
                || l.contains("parse::<f32>")
                || l.contains("f64::from_str")
                || ((l.contains(": f64") || l.contains(": f32")) && l.contains(".parse()"))
        })
    }

    #[test]
    fn the_wasm_crates_parse_floats_through_podscope_float() {
        // core's parser brings a 10 KB table gzip cannot shrink, 20 KB of gzip in all
        // (crates/podscope-float, docs/figures.md).
        none_in_wasm(
            &WASM_CRATES,
            std_float_parses,
            "float parses through core (use podscope_float::parse)",
        );
        assert_eq!(
            std_float_parses(
                "let a = s.parse::<f64>();\n// s.parse::<f32>()\nlet b: f64 = s.parse().ok()?;\nlet c = podscope_float::parse(s);"
            ),
            [1, 3]
        );
    }
}
