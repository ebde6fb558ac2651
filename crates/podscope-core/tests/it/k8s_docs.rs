//! The docs pages suite (`tests/k8s-docs/suite/<page>/`, README there): each Kubernetes docs
//! page's commands played in podscope, each output compared with what the page prints (in
//! Kubernetes 1.35's form) after the normalization of `normalize`, the results held in the
//! ledger `STATUS.md`, and each page's full transcript snapshotted.
// The folders and the corpus are read from disk, which the wasm32 test runner cannot do.
#![cfg(not(target_arch = "wasm32"))]

mod expected;
mod ledger;
mod normalize;

use std::path::{Path, PathBuf};

use podscope_core::scenario::command::Command;
use podscope_core::scenario::script::{Entry, Scenario};
use podscope_core::sim::world::WorldOptions;
use podscope_core::{DEFAULT_SEED, World, load};

/// Where the docs' own manifests are fetched from (the pages write both); the suite reads
/// them from the corpus's copy, `k8s-website-examples/`.
const EXAMPLES_URLS: [&str; 2] = [
    "https://k8s.io/examples/",
    "https://kubernetes.io/examples/",
];

/// The corpus path of a docs example URL.
fn example(url: &str) -> Option<&str> {
    EXAMPLES_URLS.iter().find_map(|u| url.strip_prefix(u))
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/k8s-docs/suite")
}

/// The page folders, by name.
fn folders() -> Vec<(String, PathBuf)> {
    let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(suite_dir())
        .expect("tests/k8s-docs/suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, p)
        })
        .collect();
    dirs.sort();
    dirs
}

/// A step's command as the `expected` file names it: a node command's line as typed
/// (`kubectl get pods`), an `apply FILE` as the kubectl command it stands for, any other
/// action in the scenario format.
fn command_name(command: &Command) -> String {
    match command {
        Command::Node { node: None, line } => line.clone(),
        Command::Apply(source) => {
            format!("kubectl apply -f {}", source.file.as_deref().unwrap_or("-"))
        }
        other => other.to_string(),
    }
}

/// One page played: its transcript's entries beside the page's blocks.
struct Played {
    transcript: String,
    entries: Vec<Entry>,
    blocks: Vec<expected::Block>,
}

/// Plays a page folder: the world starts empty, `apply https://k8s.io/examples/X` reads X from
/// the corpus and `apply FILE` a file of the folder.
fn play(dir: &Path, corpus: &Path) -> Played {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    let mut script: Scenario = read("script")
        .parse()
        .unwrap_or_else(|e| panic!("{}/script:{e}", dir.display()));
    // A node line's `kubectl -f URL` asks for the example's path (`admin/resource/X`): a
    // file of the folder, else the corpus's.
    let examples = corpus.join("k8s-website-examples");
    script.read_files(|f| match example(f) {
        Some(example) => std::fs::read_to_string(examples.join(example)).ok(),
        None => std::fs::read_to_string(dir.join(f))
            .or_else(|_| std::fs::read_to_string(examples.join(f)))
            .ok(),
    });
    let blocks = expected::parse(&read("expected"));
    let names: Vec<String> = script
        .steps()
        .iter()
        .map(|s| command_name(&s.command))
        .collect();
    let written: Vec<&str> = blocks.iter().map(|b| b.command.as_str()).collect();
    assert_eq!(
        names,
        written,
        "{}: the `expected` file's `$` lines must name the script's steps, in order",
        dir.display()
    );
    let mut world = World::from_loaded(
        &load("", DEFAULT_SEED),
        DEFAULT_SEED,
        WorldOptions::default(),
    );
    let t = script.run(&mut world);
    Played {
        transcript: t.to_string(),
        entries: t.entries,
        blocks,
    }
}

/// Each shown command of a played page: step number, command, and whether it matched.
fn results(slug: &str, p: &Played) -> ledger::Page {
    let diff = std::env::var("PODSCOPE_DOCS_DIFF").is_ok_and(|d| d == slug || d == "all");
    let commands = p
        .blocks
        .iter()
        .zip(&p.entries)
        .enumerate()
        .filter_map(|(n, (block, entry))| {
            let want = block.output.as_ref()?;
            let got = entry.body();
            let ok = normalize::matches(want, &got);
            if diff && !ok {
                eprintln!(
                    "--- {slug} step {} `{}`\n--- page (normalized):\n{}--- podscope (normalized):\n{}",
                    n + 1,
                    block.command,
                    normalize::render(want),
                    normalize::render(&got)
                );
            }
            Some((n + 1, block.command.clone(), ok))
        })
        .collect();
    ledger::Page {
        slug: slug.to_owned(),
        commands,
    }
}

/// The corpus, or `None` (with a note) when it is not beside the repository.
fn corpus() -> Option<PathBuf> {
    let dir = crate::corpus::corpus_dir();
    if dir.join("k8s-website-examples").is_dir() {
        return Some(dir);
    }
    eprintln!(
        "corpus not found at {}: skipping the docs pages suite (set PODSCOPE_CORPUS)",
        dir.display()
    );
    None
}

#[test]
fn every_docs_page_reproduces_what_its_ledger_says() {
    let Some(corpus) = corpus() else { return };
    let folders = folders();
    assert!(
        !folders.is_empty(),
        "no page folders in tests/k8s-docs/suite"
    );
    let pages: Vec<ledger::Page> = folders
        .iter()
        .map(|(slug, dir)| results(slug, &play(dir, &corpus)))
        .collect();
    let text = ledger::render(&pages);
    println!("docs pages suite: {}", ledger::summary(&pages));
    let path = suite_dir().join("STATUS.md");
    if std::env::var("PODSCOPE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &text).expect("STATUS.md written");
        return;
    }
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let changes = ledger::changes(&old, &text);
    assert!(
        changes.is_empty() && old == text,
        "tests/k8s-docs/suite/STATUS.md does not tell the truth (PODSCOPE_BLESS=1 rewrites it; \
         PODSCOPE_DOCS_DIFF=PAGE shows a page's differences):\n{}",
        match changes.is_empty() {
            true => "the ledger's text differs (a command renamed or the summary)".to_owned(),
            false => changes.join("\n"),
        }
    );
}

#[test]
fn every_docs_page_transcript_matches_its_snapshot() {
    let Some(corpus) = corpus() else { return };
    crate::every::check_every("docs pages", &folders(), |slug, dir| {
        let played = play(dir, &corpus);
        insta::with_settings!({
            snapshot_suffix => slug.to_owned(),
            description => format!("tests/k8s-docs/suite/{slug}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(played.transcript);
        });
    });
}

#[test]
fn example_urls_name_corpus_files_and_steps_name_their_commands() {
    assert_eq!(
        example("https://k8s.io/examples/pods/commands.yaml"),
        Some("pods/commands.yaml")
    );
    assert_eq!(
        example("https://kubernetes.io/examples/controllers/job.yaml"),
        Some("controllers/job.yaml")
    );
    assert_eq!(example("myapp.yaml"), None);
    let name = |line: &str| command_name(&line.parse().expect("a step"));
    assert_eq!(name("node -- kubectl get pods"), "kubectl get pods");
    assert_eq!(name("apply myapp.yaml"), "kubectl apply -f myapp.yaml");
    assert_eq!(name("exec -it demo/sh -- ls"), "exec -it demo/sh -- ls");
}
