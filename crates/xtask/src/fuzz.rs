//! `cargo xtask fuzz [--seconds N]`: the core's cargo-fuzz targets (crates/podscope-core/fuzz),
//! each for a bounded time, from seeds written at run time under target/ (never committed).
//! Also the "fuzz (bounded)" step of `cargo xtask test`. Runs on the project's stable
//! toolchain: without a sanitizer cargo-fuzz passes only stable rustc flags, so no nightly.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use crate::sh::{self, Result, cmd, output, run, show};

mod commands;

/// cargo-fuzz, installed with `cargo install --locked` (verified on rustc 1.95 stable).
pub const CARGO_FUZZ: &str = "0.13.2";
/// The fuzz targets in crates/podscope-core/fuzz/fuzz_targets/.
pub const TARGETS: [&str; 3] = ["load_and_run", "parse_only", "commands"];
/// `cargo xtask fuzz` without `--seconds`: per target.
pub const DEFAULT_SECONDS: u64 = 60;
/// `cargo xtask test`: per target.
pub const CI_SECONDS: u64 = 30;

const FUZZ_DIR: &str = "crates/podscope-core/fuzz";
/// The same for `cargo fuzz build` and `run`, or `run` builds again. No sanitizer:
/// AddressSanitizer is the one cargo-fuzz flag that needs nightly (new machines of the
/// project's kind have only stable and cannot fetch another toolchain), the core has no
/// unsafe code for it to watch (only its dependencies do), and it costs build time and speed.
/// 16 codegen units instead of cargo-fuzz's 1 for build time (fuzz/Cargo.toml's profile).
const BUILD_FLAGS: [&str; 4] = ["--sanitizer", "none", "--codegen-units", "16"];
/// libFuzzer's limits: an input running over 5 s is a hang (the core must answer any text
/// well within a second), over 2 GiB of RSS is a leak or blow-up.
const LIMITS: [&str; 2] = ["-rss_limit_mb=2048", "-timeout=5"];

/// `cargo xtask fuzz [--seconds N]`.
pub fn fuzz_cmd(args: &[&str]) -> Result {
    let seconds = match args {
        [] => DEFAULT_SECONDS,
        ["--seconds", n] => n
            .parse()
            .ok()
            .filter(|&s: &u64| s > 0)
            .ok_or_else(|| format!("--seconds needs a positive whole number, not {n:?}"))?,
        _ => return Err("usage: cargo xtask fuzz [--seconds N]".into()),
    };
    bounded(seconds)
}

/// Builds the fuzz targets and runs each for `seconds`. A crash, a hang (`-timeout`) or running
/// out of memory (`-rss_limit_mb`) is an error naming the saved input and the panic message.
pub fn bounded(seconds: u64) -> Result {
    let rustc = output("rustc", &["--version"]).unwrap_or_else(|| "rustc".to_owned());
    ensure_cargo_fuzz()?;
    let dirs = Dirs::new();
    let seeds = write_seeds(&dirs.seeds)? + commands::write_seeds(&dirs.seeds)?;
    write_file(&dirs.dict, &format!("{DICTIONARY}{}", commands::DICTIONARY))?;
    eprintln!(
        "xtask: fuzzing with {rustc}, {seeds} seed inputs in {}",
        dirs.seeds.display()
    );

    #[expect(
        clippy::disallowed_methods,
        reason = "xtask reports how long the fuzz build took"
    )]
    let start = Instant::now();
    let target_dir = dirs.build.to_string_lossy().into_owned();
    let mut build = vec!["fuzz", "build", "--fuzz-dir", FUZZ_DIR];
    build.extend(BUILD_FLAGS);
    build.extend(["--target-dir", &target_dir]);
    run(cmd("cargo", &build))?;
    eprintln!(
        "xtask: fuzz targets built in {:.0}s",
        start.elapsed().as_secs_f64()
    );

    let mut found = Vec::new();
    let mut report = Vec::new();
    for target in TARGETS {
        let r = run_target(target, seconds, &dirs)?;
        report.push(format!(
            "  {target:<14} {:>9} inputs in {:>3}s  {}",
            r.runs.map_or_else(|| "?".to_owned(), |n| n.to_string()),
            seconds,
            match (r.ok, &r.artifact) {
                (true, _) => "no crash",
                (false, Some(_)) => "FOUND A FAILING INPUT",
                (false, None) => "FAILED (see its output above)",
            }
        ));
        if !r.ok {
            found.push(format!(
                "fuzz target {target} failed{}{}\n  reproduce: cargo fuzz run --fuzz-dir \
                 {FUZZ_DIR} {} --target-dir {target_dir} {target} {}",
                r.artifact
                    .as_deref()
                    .map(|a| format!("; input saved at {a}"))
                    .unwrap_or_default(),
                if r.panic.is_empty() {
                    String::new()
                } else {
                    format!("\n  {}", r.panic.join("\n  "))
                },
                BUILD_FLAGS.join(" "),
                r.artifact.as_deref().unwrap_or("ARTIFACT"),
            ));
        }
    }
    println!("\nxtask fuzz summary ({rustc}, cargo-fuzz {CARGO_FUZZ}):");
    for line in &report {
        println!("{line}");
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("\n"))
    }
}

/// Where the fuzz build, seeds and corpus live: under the target directory, never in git.
struct Dirs {
    build: PathBuf,
    seeds: PathBuf,
    corpus: PathBuf,
    dict: PathBuf,
}

impl Dirs {
    fn new() -> Self {
        let fuzz = target_dir().join("fuzz");
        Dirs {
            build: fuzz.join("build"),
            seeds: fuzz.join("seeds"),
            corpus: fuzz.join("corpus"),
            dict: fuzz.join("k8s.dict"),
        }
    }
}

/// `$CARGO_TARGET_DIR` (relative to the workspace root), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => sh::root().join(d),
        _ => sh::root().join("target"),
    }
}

/// `cargo install --locked cargo-fuzz@CARGO_FUZZ` unless `cargo fuzz --version` shows it.
fn ensure_cargo_fuzz() -> Result {
    let have = output("cargo", &["fuzz", "--version"]).unwrap_or_default();
    if have.split_whitespace().any(|w| w == CARGO_FUZZ) {
        return Ok(());
    }
    let was = if have.is_empty() {
        String::new()
    } else {
        format!(" (found {have})")
    };
    eprintln!(
        "xtask: installing cargo-fuzz {CARGO_FUZZ}{was}: cargo install, about 1 minute, once per machine"
    );
    let spec = format!("cargo-fuzz@{CARGO_FUZZ}");
    run(cmd("cargo", &["install", "--locked", "--force", &spec]))
}

/// What one target's run left behind.
struct TargetRun {
    ok: bool,
    runs: Option<u64>,
    artifact: Option<String>,
    panic: Vec<String>,
}

/// `cargo fuzz run TARGET CORPUS SEEDS -- -max_total_time=N …`, echoing libFuzzer's output
/// without its one-line-per-new-input chatter.
fn run_target(target: &str, seconds: u64, dirs: &Dirs) -> Result<TargetRun> {
    let corpus = dirs.corpus.join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let target_dir = dirs.build.to_string_lossy().into_owned();
    let corpus = corpus.to_string_lossy().into_owned();
    let seeds = dirs.seeds.to_string_lossy().into_owned();
    let max_time = format!("-max_total_time={seconds}");
    let dict = format!("-dict={}", dirs.dict.display());
    let mut args = vec!["fuzz", "run", "--fuzz-dir", FUZZ_DIR];
    args.extend(BUILD_FLAGS);
    args.extend(["--target-dir", &target_dir, target, &corpus, &seeds, "--"]);
    args.extend([max_time.as_str(), dict.as_str()]);
    args.extend(LIMITS);
    eprintln!("\nxtask: fuzzing {target} for {seconds}s");
    let mut c = cmd("cargo", &args);
    eprintln!("$ {}", show(&c));
    c.stderr(Stdio::piped());
    let mut child = c.spawn().map_err(|e| format!("{}: {e}", show(&c)))?;
    let mut r = TargetRun {
        ok: false,
        runs: None,
        artifact: None,
        panic: Vec::new(),
    };
    let mut new_inputs = 0u64;
    if let Some(stderr) = child.stderr.take() {
        let mut in_panic = false;
        for line in BufReader::new(stderr)
            .lines()
            .map_while(std::result::Result::ok)
        {
            let quiet = line.contains("# Uses:") || line.contains("NEW_FUNC[");
            if line.starts_with('#') && (line.contains("\tNEW ") || line.contains("\tREDUCE ")) {
                new_inputs += 1;
                continue;
            }
            if !quiet {
                eprintln!("{line}");
            }
            if let Some(rest) = line.strip_prefix("Done ") {
                r.runs = rest.split_whitespace().next().and_then(|n| n.parse().ok());
            }
            if let Some(i) = line.find("Test unit written to ") {
                let path = sh::root().join(line[i + "Test unit written to ".len()..].trim());
                r.artifact = Some(path.to_string_lossy().into_owned());
            }
            // The panic message: from "panicked at" to libFuzzer's "==PID== ERROR" line.
            if line.contains("panicked at") {
                in_panic = true;
            } else if line.starts_with("==") {
                in_panic = false;
            }
            let timeout = line.contains("ERROR: libFuzzer: timeout")
                || line.contains("ERROR: libFuzzer: out-of-memory");
            if (in_panic || timeout) && r.panic.len() < 12 {
                r.panic.push(line.clone());
            }
        }
    }
    r.ok = child.wait().is_ok_and(|s| s.success());
    eprintln!("xtask: {target}: {new_inputs} new or smaller inputs kept in {corpus}");
    Ok(r)
}

fn write_file(path: &Path, text: &str) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the seeds afresh: the manifests below, plus every file of up to 4 KiB from the
/// real-world corpus (`$PODSCOPE_CORPUS`, else `shared/corpus` beside the repository) when
/// it is there. Returns how many were written.
fn write_seeds(dir: &Path) -> Result<usize> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in SEEDS {
        write_file(&dir.join(name), text)?;
    }
    let corpus = match std::env::var_os("PODSCOPE_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => sh::root().join("../shared/corpus"),
    };
    let mut files = Vec::new();
    manifests_under(&corpus, &mut files);
    files.sort();
    let mut n = SEEDS.len();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        if bytes.len() > 4096 {
            continue;
        }
        let rel = f.strip_prefix(&corpus).unwrap_or(&f);
        let name = format!("corpus-{}", rel.to_string_lossy().replace('/', "_"));
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("{}: {e}", dir.display()))?;
        n += 1;
    }
    Ok(n)
}

fn manifests_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            manifests_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Small manifests covering what the core reads: pods, controllers, lists, JSON, anchors,
/// namespace options, restart policies and invalid fields.
const SEEDS: [(&str, &str); 10] = [
    (
        "demo.yaml",
        "apiVersion: v1
kind: Pod
metadata: {name: demo, labels: {app: demo}}
spec:
  containers:
    - {name: busybox, image: busybox, command: [sleep, 3650d]}
    - {name: nginx, image: \"nginx:1.21\"}
",
    ),
    (
        "shared-pid.yaml",
        "apiVersion: v1
kind: Pod
metadata:
  name: shared
  namespace: web
spec:
  shareProcessNamespace: true
  restartPolicy: OnFailure
  containers:
  - name: app
    image: registry.example.com/team/app@sha256:0123
    args: [\"--port\", \"8080\"]
  - name: bb
    image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: b}
",
    ),
    (
        "deployment.yaml",
        "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 500m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
",
    ),
    (
        "replicaset.yaml",
        "apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: front, namespace: shop}
spec:
  replicas: 2
  selector:
    matchLabels: {tier: front}
  template:
    metadata:
      labels: {tier: front}
    spec:
      containers:
      - {name: php, image: \"gcr.io/google_samples/gb-frontend:v3\"}
",
    ),
    (
        "list.yaml",
        "apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    containers: [{name: c, image: busybox, command: [\"sh\", \"-c\", \"exit 1\"]}]
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    restartPolicy: Never
    containers: [{name: c, image: alpine:3.20}]
",
    ),
    (
        "invalid.yaml",
        "apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  restartPolicy: Sometimes
  containers:
  - name: app
    imagePullPolicy: Always
    contianers: []
  - name: app
    image: \"\"
",
    ),
    (
        "pod.json",
        r#"{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "json", "labels": {"a": "b"}},
 "spec": {"hostname": "h", "containers": [
   {"name": "redis", "image": "redis:7", "args": ["--appendonly", "yes"]}]}}
"#,
    ),
    (
        "anchors.yaml",
        "# comments, anchors and merge keys
apiVersion: v1
kind: Pod
metadata: &meta
  name: anchored
  labels: &labels {app: x, tier: y}
spec:
  containers:
  - &c {name: one, image: busybox, command: [sleep, \"3600\"]}
  - <<: *c
    name: two
...
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, labels: *labels}
data:
  key: |
    multi
    line
",
    ),
    (
        "host-namespaces.yaml",
        "apiVersion: v1
kind: Pod
metadata: {name: host}
spec:
  hostNetwork: true
  hostPID: true
  hostIPC: true
  initContainers:
  - {name: init, image: busybox, command: [true]}
  containers:
  - name: priv
    image: debian:12
    securityContext: {privileged: true}
    resources:
      limits: {memory: 1Gi}
",
    ),
    (
        "crashloop.yaml",
        "apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  restartPolicy: Always
  containers:
  - {name: fail, image: busybox, command: [sh, -c, \"exit 3\"]}
  - {name: ok, image: nginx}
",
    ),
];

/// libFuzzer's dictionary: words the parser and the core look for.
const DICTIONARY: &str = r#"# written by cargo xtask fuzz
"apiVersion: v1"
"apiVersion: apps/v1"
"kind: "
"Pod"
"Deployment"
"ReplicaSet"
"List"
"ConfigMap"
"Service"
"items"
"metadata"
"name: "
"namespace: "
"labels"
"spec"
"containers"
"initContainers"
"image: "
"command"
"args"
"replicas: "
"selector"
"matchLabels"
"template"
"restartPolicy: "
"Always"
"OnFailure"
"Never"
"hostNetwork"
"hostPID"
"hostIPC"
"shareProcessNamespace"
"hostname"
"securityContext"
"privileged"
"resources"
"limits"
"requests"
"cpu"
"memory"
"500m"
"128Mi"
"1Gi"
"busybox"
"nginx:1.21"
"@sha256:"
"---\x0A"
"...\x0A"
"- "
": "
"{"
"}"
"["
"]"
"&a "
"*a"
"<<: "
"!!str "
"null"
"true"
"|\x0A"
"\"\\u0000\""
"#;
