//! User stories against the release build in headless Chromium.

use std::time::Duration;

use podscope_e2e::editing::{code_editor, open, paste_over};
use podscope_e2e::webdriver::by_testid;

const THREE_CONTAINERS: &str = "apiVersion: v1
kind: Pod
metadata:
  name: trio
spec:
  containers:
  - name: web
    image: nginx:1.27
  - name: sidecar
    image: busybox
    command: [sleep, 3650d]
  - name: cache
    image: redis:7
";

#[test]
fn paste_a_three_container_pod_kill_one_and_watch_it_come_back() {
    let b = open();
    let timeout = Duration::from_secs(30);
    // The demo pod renders first.
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .unwrap();

    // Replace the YAML with a pod of three containers, as a user would: paste it over the
    // code editor's text (typed key by key, each new line would meet the auto-indent).
    paste_over(&b, THREE_CONTAINERS).unwrap();

    let containers = b
        .wait_for("three containers", timeout, |b| {
            let found = b.find_all("[data-testid^=\"container-\"]")?;
            Ok((found.len() == 3).then_some(found))
        })
        .unwrap();
    let mut names = Vec::new();
    for c in &containers {
        names.push(b.attribute(c, "data-testid").unwrap().unwrap_or_default());
    }
    assert_eq!(
        names,
        ["container-web", "container-sidecar", "container-cache"]
    );
    assert!(
        b.find(&by_testid("diagnostics")).unwrap().is_none(),
        "no problems reported"
    );

    let ip = b.testid_text("pod-ip").unwrap().expect("a pod IP");
    assert!(ip.starts_with("10.244."), "{ip}");
    assert_eq!(
        b.testid_text("restarts-sidecar").unwrap().as_deref(),
        Some("0")
    );

    // A fresh node pulls the images first (nginx, then busybox): the sidecar's menu offers
    // a kill once it runs.
    b.wait_for("sidecar running", timeout, |b| {
        Ok((b.testid_text("state-sidecar")?.as_deref() == Some("Running")).then_some(()))
    })
    .unwrap();
    for id in ["container-sidecar", "action-kill"] {
        let e = b.find(&by_testid(id)).unwrap().expect(id);
        b.click(&e).unwrap();
    }

    b.wait_for("sidecar restart count 1", timeout, |b| {
        Ok((b.testid_text("restarts-sidecar")?.as_deref() == Some("1")).then_some(()))
    })
    .unwrap();
    b.wait_for("sidecar running again", timeout, |b| {
        Ok((b.testid_text("state-sidecar")?.as_deref() == Some("Running")).then_some(()))
    })
    .unwrap();
    assert_eq!(
        b.testid_text("pod-ip").unwrap().as_deref(),
        Some(ip.as_str()),
        "the pod IP stays"
    );
    assert_eq!(b.testid_text("restarts-web").unwrap().as_deref(), Some("0"));
    assert_eq!(
        b.testid_text("restarts-cache").unwrap().as_deref(),
        Some("0")
    );
}

#[test]
fn broken_yaml_points_at_the_line_and_keeps_the_diagram() {
    let b = open();
    let timeout = Duration::from_secs(30);
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .unwrap();
    let editor = code_editor(&b, timeout).unwrap();
    b.type_text(&editor, "  - {name: oops\n").unwrap();
    let problems = b
        .wait_for("a diagnostic", timeout, |b| b.testid_text("diagnostics"))
        .unwrap();
    assert!(problems.contains(": error: "), "{problems}");
    assert!(b.find(&by_testid("stale-banner")).unwrap().is_some());
    assert!(
        b.find(&by_testid("container-nginx")).unwrap().is_some(),
        "the last good diagram stays"
    );
}

/// The WebDriver key code for Enter.
const ENTER: &str = "\u{E007}";

#[test]
fn type_kubectl_get_pods_into_the_terminal_and_read_the_table() {
    let b = open();
    let timeout = Duration::from_secs(30);
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .unwrap();
    // A fresh node pulls the images first: let simulated time run at 60× until both run.
    let fast = b
        .find(&by_testid("speed-60"))
        .unwrap()
        .expect("a 60× button");
    b.click(&fast).unwrap();
    b.wait_for("nginx running", timeout, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .unwrap();

    let input = b
        .find(&by_testid("term-input"))
        .unwrap()
        .expect("the terminal's input line");
    b.type_text(&input, &format!("kubectl get pods{ENTER}"))
        .unwrap();
    let shown = b
        .wait_for("the command's output", timeout, |b| {
            b.testid_text("term-entry")
        })
        .unwrap();
    let lines: Vec<Vec<&str>> = shown
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["node$", "kubectl", "get", "pods"], "{shown}");
    assert_eq!(
        lines[1],
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        "{shown}"
    );
    assert_eq!(lines[2][..4], ["demo", "2/2", "Running", "0"], "{shown}");
    assert_eq!(lines.len(), 3, "{shown}");
    // The columns line up as kubectl's tab writer aligns them.
    let header = shown.lines().nth(1).unwrap_or_default();
    let row = shown.lines().nth(2).unwrap_or_default();
    assert_eq!(header.find("STATUS"), row.find("Running"), "{shown}");
    assert_eq!(header.find("AGE"), row.rfind(' ').map(|i| i + 1), "{shown}");
}
