//! The `podscope` binary end to end: arguments in, text and exit codes out.

use std::process::Command;

#[path = "cli/link.rs"]
mod link;
#[path = "cli/svg.rs"]
mod svg;

fn podscope(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writes");
    path
}

#[test]
fn inspect_prints_lsns_for_every_container() {
    let path = fixture(
        "demo.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - {name: busybox, image: busybox, command: [sleep, 3650d]}\n  - {name: nginx, image: \"nginx:1.21\"}\n",
    );
    let (code, out, err) = podscope(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("        NS TYPE   NPROCS").count(), 3, "{out}");
    assert!(out.contains(" net ") && out.contains("/pause"), "{out}");
    assert!(
        out.contains("nginx: master process nginx -g daemon off;"),
        "{out}"
    );
}

#[test]
fn inspect_reports_invalid_yaml_with_its_line() {
    let path = fixture(
        "bad.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: demo\n",
    );
    let (code, out, err) = podscope(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains(":4:1: error: did not find expected ',' or '}'"),
        "{err}"
    );
    assert!(
        err.contains("while parsing a flow mapping at line 3 column 11"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(podscope(&[]).0, 2);
    assert_eq!(podscope(&["frobnicate"]).0, 2);
}

#[test]
fn check_prints_compiler_style_diagnostics() {
    let path = fixture(
        "check.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n  - name: nginx\n    imagee: nginx\n",
    );
    let p = path.to_str().unwrap();
    let (code, out, _) = podscope(&["check", p]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{p}:8:5: error: spec.containers[1].name: Duplicate value: \"nginx\""),
            format!("{p}:8:5: error: spec.containers[1].image: Required value"),
            format!(
                "{p}:9:5: warning: spec.containers[1].imagee: unknown field \"spec.containers[1].imagee\" (did you mean \"image\"?)"
            ),
        ]
    );
}

#[test]
fn check_passes_a_valid_file() {
    let path = fixture(
        "ok.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers: [{name: c, image: nginx}]\n",
    );
    let (code, out, _) = podscope(&["check", path.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn inspect_takes_runtime_format_and_feature_gates() {
    let path = fixture(
        "res.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {memory: 64Mi}\n      limits: {memory: 128Mi}\n",
    );
    let p = path.to_str().unwrap();
    let (code, out, err) = podscope(&[
        "inspect",
        p,
        "--runtime",
        "docker",
        "--format=json",
        "--feature-gates",
        "MemoryQoS=true",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"runtime\": \"docker\""), "{out}");
    assert!(out.contains("\"memory.high\": \"127504384\""), "{out}");
    assert!(
        out.contains("\"runtimeName\": \"k8s_app_web_default_"),
        "{out}"
    );
    assert!(out.contains("docker://"), "{out}");
    let (code, _, err) = podscope(&["inspect", p, "--feature-gates", "Foo=true"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized feature gate: Foo"), "{err}");
    let (code, _, err) = podscope(&["inspect", p, "--runtime", "crio"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown runtime \"crio\""), "{err}");
}

const DEMO: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - {name: busybox, image: busybox, command: [sleep, 3650d]}\n  - {name: nginx, image: \"nginx:1.21\"}\n";

/// Runs `podscope ARGS` with `stdin` as its standard input.
fn podscope_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(stdin.as_bytes())
        .expect("writes stdin");
    let out = child.wait_with_output().expect("finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_prints_a_transcript_of_the_script() {
    let pod = fixture("run-demo.yaml", DEMO);
    let script = fixture(
        "run-demo.script",
        "# break nginx (once the fresh node has pulled it)\nat 15s kill demo/nginx\nat 16s kill demo/nope\nat 17s node -- kubectl get pods\n",
    );
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let (code, out, err) = podscope(&["run", p, "--script", s, "--seed", "7"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.get(..4),
        Some(
            [
                "[15s] kill demo/nginx",
                "[16s] kill demo/nope",
                "Error from server (BadRequest): container nope is not valid for pod demo",
                "[17s] node$ kubectl get pods",
            ]
            .as_slice()
        ),
        "{out}"
    );
    // The same script from stdin, on another runtime.
    let (code, out2, err) = podscope_stdin(
        &["run", p, "--script=-", "--runtime", "docker", "--seed=7"],
        "at 15s kill demo/nginx\nat 17s node -- kubectl get pods\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out2.starts_with("[15s] kill demo/nginx\n[17s] node$ kubectl get pods\n"),
        "{out2}"
    );
}

#[test]
fn run_reports_script_errors_with_file_line_and_column() {
    let pod = fixture("run-ok.yaml", DEMO);
    let script = fixture(
        "run-bad.script",
        "at 5s kill demo/nginx\n\nat 3s kill demo/nginx\n",
    );
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let (code, out, err) = podscope(&["run", p, "--script", s]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        format!(
            "{s}:3:4: error: step at 3s goes back in time: line 1 is at 5s; steps must be in time order\n"
        )
    );
    let (code, _, err) = podscope_stdin(&["run", p, "--script", "-"], "at 5 kill demo/nginx");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "<stdin>:1:4: error: time: missing unit in duration \"5\"\n"
    );
}

#[test]
fn run_refuses_a_manifest_with_errors_like_check() {
    let pod = fixture(
        "run-bad.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: nginx\n    imagee: nginx\n",
    );
    let script = fixture("run-any.script", "at 1s kill demo/nginx\n");
    let (p, s) = (pod.to_str().unwrap(), script.to_str().unwrap());
    let (code, out, err) = podscope(&["run", p, "--script", s]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(&format!(
            "{p}:6:5: error: spec.containers[0].image: Required value"
        )),
        "{err}"
    );
}

#[test]
fn run_usage_errors_exit_2() {
    let pod = fixture("run-usage.yaml", DEMO);
    let p = pod.to_str().unwrap();
    assert_eq!(podscope(&["run", p]).0, 2);
    assert_eq!(
        podscope(&["run", p, "--script", "x", "--seed", "many"]).0,
        2
    );
    assert_eq!(podscope(&["run", "-", "--script", "-"]).0, 2);
}

#[test]
fn run_prints_narration_as_comment_lines_at_their_place() {
    // The demo example, a guided tour: its narration comes out as `# TEXT` between the steps.
    let examples = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../podscope-core/src/scenario/examples"
    );
    let (pod, script) = (
        format!("{examples}/demo.yaml"),
        format!("{examples}/demo.script"),
    );
    let (code, out, err) = podscope(&["run", &pod, "--script", &script]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!(out);
}

#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    // `podscope inspect … | head -1`: the pipe closes before the output is written.
    use std::process::Stdio;
    let pod = fixture(
        "epipe.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_podscope"))
        .args(["inspect", pod.to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}
