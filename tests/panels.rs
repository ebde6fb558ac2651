//! The panels beside the terminal, against the release build in headless Chromium: Events
//! after a kill, the Node panel's listings, the Inspector's cgroup and QoS, and the runtime
//! setting. Each story waits, with a deadline, on what the page shows; screenshots of each
//! panel are saved light and dark.

use std::time::Duration;

use podscope_e2e::webdriver::{Browser, by_testid};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Opens the built site in a fresh browser, on the demo pod.
fn open() -> Browser {
    let browser = podscope_e2e::open_site();
    browser
        .wait_for("the demo pod", TIMEOUT, |b| {
            b.find(&by_testid("container-nginx"))
        })
        .expect("the demo pod");
    browser
}

/// Opens the page on `yaml` (the saved session, reloaded).
fn open_on(yaml: &str, first_container: &str) -> Browser {
    podscope_e2e::open_on(yaml, first_container)
}

fn click(b: &Browser, testid: &str) {
    let el = b
        .wait_for(testid, TIMEOUT, |b| b.find(&by_testid(testid)))
        .expect("the element appears");
    b.click(&el).expect("clicked");
}

/// Runs the clock at 60× until `container` runs (a fresh node pulls the images first).
fn until_running(b: &Browser, container: &str) {
    click(b, "speed-60");
    b.wait_for(&format!("{container} running"), TIMEOUT, |b| {
        Ok(
            (b.testid_text(&format!("state-{container}"))?.as_deref() == Some("Running"))
                .then_some(()),
        )
    })
    .expect("the container runs");
    click(b, "speed-1");
}

/// Waits until the text of `testid` satisfies `ok`, and returns it.
fn text_until(b: &Browser, testid: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    b.wait_for(what, TIMEOUT, |b| {
        Ok(b.testid_text(testid)?.filter(|t| ok(t)))
    })
    .expect("the text appears")
}

/// Screenshots of the page as it is, light then dark.
fn screenshots(b: &Browser, name: &str) {
    for scheme in ["light", "dark"] {
        b.prefer_color_scheme(scheme).expect("emulated");
        b.screenshot(&format!("panels-{name}-{scheme}"))
            .expect("saved");
    }
    b.prefer_color_scheme("light").expect("emulated");
}

/// The demo pod once nginx runs, was killed from its menu and restarted once.
fn open_with_nginx_restarted() -> Browser {
    let b = open();
    until_running(&b, "nginx");
    click(&b, "container-nginx");
    click(&b, "action-kill");
    b.wait_for("nginx restarted", TIMEOUT, |b| {
        Ok((b.testid_text("restarts-nginx")?.as_deref() == Some("1")).then_some(()))
    })
    .expect("nginx restarts");
    b
}

#[test]
fn events_after_killing_nginx_show_the_restart() {
    let b = open_with_nginx_restarted();
    click(&b, "container-nginx");
    click(&b, "tab-events");
    let table = text_until(&b, "events-table", "nginx started twice", |t| {
        t.lines().any(|l| {
            l.contains("Started") && l.contains("(x2 over") && l.contains("spec.containers{nginx}")
        })
    });
    let header: Vec<&str> = table
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["Type", "Reason", "Age", "From", "Message"],
        "{table}"
    );
    assert!(
        table.contains("spec.containers{nginx}: Container created"),
        "{table}"
    );
    assert!(
        table.contains("Successfully assigned default/demo to "),
        "{table}"
    );
    click(&b, "play-pause");
    screenshots(&b, "events");
}

#[test]
fn the_node_panel_lists_the_pod_with_its_ip() {
    let b = open();
    until_running(&b, "nginx");
    let ip = b.testid_text("pod-ip").unwrap().expect("a pod IP");
    click(&b, "tab-node");
    let listing = text_until(&b, "node-listing", "the pod with its IP", |t| {
        t.lines()
            .any(|l| l.starts_with("demo ") && l.contains("Running"))
    });
    let row: Vec<&str> = listing
        .lines()
        .find(|l| l.starts_with("demo "))
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(row.get(5).copied(), Some(ip.as_str()), "{listing}");
    assert!(
        listing.starts_with("node$ kubectl get pods -o wide\nNAME "),
        "{listing}"
    );
    let all = b.find_all(&by_testid("node-listing")).unwrap();
    let crictl = b.text(&all[2]).unwrap();
    assert!(
        crictl.starts_with("node$ crictl ps -a\nCONTAINER "),
        "{crictl}"
    );
    assert!(crictl.contains(" nginx "), "{crictl}");
    click(&b, "play-pause");
    screenshots(&b, "node");
}

/// One nginx container with `resources`.
fn nginx_with(resources: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    resources:\n{resources}"
    )
}

fn inspect_nginx(b: &Browser) {
    until_running(b, "nginx");
    click(b, "container-nginx");
    click(b, "tab-inspector");
}

#[test]
fn the_inspector_shows_memory_max_and_the_qos_class() {
    let b = open_on(
        &nginx_with("      requests: {memory: 64Mi}\n      limits: {memory: 128Mi}\n"),
        "nginx",
    );
    inspect_nginx(&b);
    assert_eq!(
        text_until(&b, "cgroup-memory.max", "memory.max", |t| !t.is_empty()),
        "134217728"
    );
    assert_eq!(
        b.testid_text("inspector-qos").unwrap().as_deref(),
        Some("Burstable")
    );
    assert_eq!(
        b.testid_text("inspector-container").unwrap().as_deref(),
        Some("nginx")
    );
    let lsns = text_until(&b, "inspector-lsns", "lsns", |t| t.contains(" net "));
    assert!(lsns.starts_with("$ lsns -p "), "{lsns}");
    let ps = text_until(&b, "inspector-ps", "ps", |t| t.contains("nginx"));
    assert!(ps.contains("PID"), "{ps}");
    click(&b, "play-pause");
    screenshots(&b, "inspector");

    let b = open_on(
        &nginx_with("      limits: {memory: 128Mi, cpu: 500m}\n"),
        "nginx",
    );
    inspect_nginx(&b);
    assert_eq!(
        text_until(&b, "inspector-qos", "QoS", |t| !t.is_empty()),
        "Guaranteed"
    );
    assert_eq!(
        text_until(&b, "inspector-oom", "oom_score_adj", |t| t
            != "(no process)"),
        "-997"
    );
    assert_eq!(
        b.testid_text("cgroup-cpu.max").unwrap().as_deref(),
        Some("50000 100000")
    );
}

#[test]
fn switching_the_runtime_to_docker_shows_docker_ps_names() {
    let b = open();
    until_running(&b, "nginx");
    let docker = b
        .find("[data-testid=\"runtime-select\"] option[value=\"docker\"]")
        .unwrap()
        .expect("a Docker option");
    b.click(&docker).unwrap();
    click(&b, "tab-node");
    let listing = b
        .wait_for("docker ps -a", TIMEOUT, |b| {
            for el in b.find_all(&by_testid("node-listing"))? {
                let t = b.text(&el)?;
                if t.starts_with("node$ docker ps -a") && t.contains("k8s_nginx_demo_default_") {
                    return Ok(Some(t));
                }
            }
            Ok(None)
        })
        .unwrap();
    assert!(listing.contains("k8s_POD_demo_default_"), "{listing}");
    assert!(listing.contains("registry.k8s.io/pause:3.10 "), "{listing}");
    click(&b, "play-pause");
    screenshots(&b, "docker");

    // The setting survives a reload, with the world it chose.
    b.refresh().unwrap();
    click(&b, "tab-node");
    text_until(&b, "node-listing", "the pods after a reload", |t| {
        t.contains("demo")
    });
    let runtime = b
        .execute(
            "return document.querySelector('[data-testid=runtime-select]').value;",
            vec![],
        )
        .unwrap();
    assert_eq!(runtime, json!("docker"));
    let second = b.find_all(&by_testid("node-listing")).unwrap();
    let text = b.text(&second[1]).unwrap();
    assert!(text.starts_with("node$ docker ps -a"), "{text}");
}

/// The top and left of the first element with `testid`, as the page lays it out.
fn position(b: &Browser, testid: &str) -> (f64, f64) {
    let v = b
        .execute(
            "const r = document.querySelector(`[data-testid=\"${arguments[0]}\"]`)
                 .getBoundingClientRect();
             return [r.top, r.left];",
            vec![json!(testid)],
        )
        .expect("the browser answers");
    let n = |i: usize| v[i].as_f64().expect("a number");
    (n(0), n(1))
}

#[test]
fn the_runtimes_tab_shows_the_pod_under_each_runtime_side_by_side() {
    let b = open_with_nginx_restarted();
    click(&b, "play-pause");
    click(&b, "tab-compare");
    let docker = text_until(&b, "compare-docker", "docker's listing", |t| {
        t.starts_with("docker\nnode$ docker ps -a\n")
    });
    // The killed nginx and its restart, under Docker's names, beside the pause container.
    for name in [
        "k8s_nginx_demo_default_",
        "k8s_POD_demo_default_",
        "registry.k8s.io/pause:3.10 ",
    ] {
        assert!(docker.contains(name), "{name}: {docker}");
    }
    assert!(
        docker
            .lines()
            .any(|l| l.contains("Exited (") && l.contains("k8s_nginx_demo_default_")),
        "{docker}"
    );
    let containerd = b.testid_text("compare-containerd").unwrap().unwrap();
    assert!(
        containerd.starts_with("containerd\nnode$ crictl ps -a\nCONTAINER "),
        "{containerd}"
    );
    assert!(containerd.contains(" nginx "), "{containerd}");
    let crio = b.testid_text("compare-cri-o").unwrap().unwrap();
    assert!(crio.starts_with("cri-o\nnode$ crictl ps -a\n"), "{crio}");
    let labels: Vec<String> = b
        .find_all(&by_testid("compare-row"))
        .unwrap()
        .iter()
        .map(|row| b.attribute(row, "aria-label").unwrap().unwrap_or_default())
        .collect();
    for label in [
        "the runtime's listing",
        "pause image",
        "processes on the node",
        "nginx: container ID",
        "nginx: cgroup path",
    ] {
        assert!(labels.iter().any(|l| l == label), "{label}: {labels:?}");
    }
    // Side by side: one row, containerd left of CRI-O left of Docker.
    let (c, o, d) = (
        position(&b, "compare-containerd"),
        position(&b, "compare-cri-o"),
        position(&b, "compare-docker"),
    );
    assert!(c.0 == o.0 && o.0 == d.0, "{c:?} {o:?} {d:?}");
    assert!(c.1 < o.1 && o.1 < d.1, "{c:?} {o:?} {d:?}");
    let show = "document.querySelector('[data-testid=compare]').scrollIntoView();";
    b.execute(show, vec![]).unwrap();
    screenshots(&b, "compare");

    // A narrow screen stacks them.
    b.set_window_size(600, 1000).unwrap();
    b.wait_for("stacked", TIMEOUT, |b| {
        let (c, d) = (
            position(b, "compare-containerd"),
            position(b, "compare-docker"),
        );
        Ok((c.1 == d.1 && c.0 < d.0).then_some(()))
    })
    .unwrap();
    b.execute(show, vec![]).unwrap();
    screenshots(&b, "compare-narrow");
}
