//! The fixture corpus: one manifest per rule or behaviour in `tests/fixtures/`, each with a
//! snapshot of what podscope says about it and, when it loads, how the node sets it up.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::Path;

use podscope_core::views::inspect::inspect;
use podscope_core::{DEFAULT_SEED, World, load};

/// Diagnostics in `podscope check` form, then the pods (without the lsns tables, which the
/// scenario snapshots cover).
fn report(text: &str) -> String {
    let loaded = load(text, DEFAULT_SEED);
    let mut out = String::from("diagnostics:\n");
    for d in &loaded.diagnostics {
        let (line, col) = d.location.map_or((0, 0), |l| (l.line, l.column));
        let _ = writeln!(
            out,
            "  {line}:{col}: {}: {}",
            d.severity.as_str(),
            d.full_message()
        );
    }
    if loaded.has_errors() {
        return out;
    }
    let n = loaded.pods.len();
    let world = World::new(loaded.pods, DEFAULT_SEED);
    let _ = writeln!(out, "pods: {n}");
    let mut in_table = false;
    for line in inspect(&world).lines() {
        // Keep everything but the lsns tables.
        if line.starts_with("$ lsns") || line.trim_start().starts_with("NS TYPE") {
            in_table = true;
            continue;
        }
        if in_table && line.starts_with("40265") {
            continue;
        }
        in_table = false;
        let _ = writeln!(out, "{line}");
    }
    out
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture")
            .to_owned();
        insta::with_settings!({ snapshot_suffix => stem.clone(), description => format!("tests/fixtures/{stem}.yaml") }, {
            insta::assert_snapshot!(report(&text));
        });
    }
}
