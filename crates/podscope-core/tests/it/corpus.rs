//! The real-world corpus in `../shared/corpus/` (manifests written by others): every valid
//! document loads with zero false errors, the known-invalid ones are flagged, and kinds that
//! are not simulated get a notice. The corpus is read in place, never copied into the repo.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::PathBuf;

use podscope_core::model::diag::Severity;
use podscope_core::{DEFAULT_SEED, load};

/// `$PODSCOPE_CORPUS`, else `shared/corpus` beside the repository.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("PODSCOPE_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

/// Every file the corpus's `expectations.tsv` lists, with its text (its bytes read as UTF-8,
/// lossily, as the page is handed them); `None` when the corpus is not there.
pub fn corpus_files() -> Option<Vec<(String, String)>> {
    let dir = corpus_dir();
    let Ok(tsv) = std::fs::read_to_string(dir.join("expectations.tsv")) else {
        eprintln!("corpus not found at {}: skipping", dir.display());
        return None;
    };
    let files = tsv
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter_map(|path| {
            let bytes = std::fs::read(dir.join(path)).ok()?;
            Some((
                path.to_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        })
        .collect();
    Some(files)
}

/// What the corpus's `expectations.tsv` says a file should do, in podscope's terms.
#[derive(Debug, PartialEq, Eq)]
enum Want {
    /// Loads without a single error.
    Clean,
    /// Loads without errors other than unknown fields (valid only without strict validation).
    NonStrict,
    /// At least one error.
    Flagged,
    /// YAML quirks tools disagree on: reported, not asserted.
    Either,
}

fn want(class: &str) -> Option<Want> {
    Some(match class {
        "valid"
        | "valid-empty"
        | "valid-docs-duplicate-objects"
        | "valid-old-api"
        | "custom-resource"
        | "custom-resource-definition"
        | "not-a-k8s-object" => Want::Clean,
        "valid-nonstrict" => Want::NonStrict,
        // A shell placeholder in a name is invalid as written (the corpus README); the API
        // server rejects it.
        "invalid" | "invalid-strict" | "error" | "unknown-kind" | "partial-object" | "template" => {
            Want::Flagged
        }
        "yaml-quirk" => Want::Either,
        _ => return None,
    })
}

#[test]
fn the_real_world_corpus_loads_without_false_errors() {
    let dir = corpus_dir();
    let Ok(tsv) = std::fs::read_to_string(dir.join("expectations.tsv")) else {
        eprintln!(
            "corpus not found at {}: skipping (set PODSCOPE_CORPUS)",
            dir.display()
        );
        return;
    };
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut pods, mut notices) = (0, 0);
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(path), Some(class)) = (cols.first(), cols.get(1)) else {
            continue;
        };
        let Some(w) = want(class) else {
            failures.push(format!("{path}: unknown expectation {class:?}"));
            continue;
        };
        let text = match std::fs::read(dir.join(path)) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                failures.push(format!("{path}: {e}"));
                continue;
            }
        };
        let loaded = load(&text, DEFAULT_SEED);
        pods += loaded.pods.len();
        notices += loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Notice)
            .count();
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        let ok = match w {
            Want::Clean => errors.is_empty(),
            Want::NonStrict => errors.iter().all(|e| e.contains("unknown field")),
            Want::Flagged => !errors.is_empty(),
            Want::Either => {
                eprintln!("  yaml quirk {path}: {} errors", errors.len());
                true
            }
        };
        let entry = counts.entry((*class).to_owned()).or_default();
        entry.0 += 1;
        if ok {
            entry.1 += 1;
        } else {
            failures.push(format!("{path} ({class}): {errors:#?}"));
        }
    }
    eprintln!(
        "corpus at {}: {pods} pods admitted, {notices} notices",
        dir.display()
    );
    for (class, (n, ok)) in &counts {
        eprintln!("  {class:<28} {ok:>4}/{n:<4} as expected");
    }
    let total: usize = counts.values().map(|c| c.0).sum();
    assert!(total > 300, "only {total} files read");
    assert!(
        failures.is_empty(),
        "{} files not as expected:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
