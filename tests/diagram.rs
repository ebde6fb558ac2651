//! The living diagram's stories against the release build in headless Chromium: the seed's
//! sidecar Deployment shows its volumes, ConfigMap and Service and schedules once the
//! suggested Node is added; killing nginx from its menu restarts it in place; killing pause
//! shows the containers stopping with a countdown, then a new sandbox with a new IP, each
//! state in order with the clock paused and stepped; hovering a namespace lights its
//! containers; export; screenshots in light and dark.

use std::time::Duration;

use podscope_e2e::webdriver::{Browser, by_testid};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Opens the built site in a fresh browser and waits for the demo pod.
fn open() -> Browser {
    let b = podscope_e2e::open_site();
    b.set_window_size(1400, 1000).expect("a window size");
    b.wait_for("the demo pod", TIMEOUT, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .expect("the demo pod renders");
    b
}

/// Clicks the element with `testid` as the page has it now (looked up at the moment of the
/// click, so a re-render between finding and clicking does not matter).
fn click(b: &Browser, testid: &str) {
    let done = b
        .execute(
            "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);\
             if (!e) return false;\
             e.dispatchEvent(new MouseEvent('click', {bubbles: true}));\
             return true;",
            vec![json!(testid)],
        )
        .expect("the script runs");
    assert_eq!(done, json!(true), "no element {testid}");
}

/// Whether the element with `testid` exists now.
fn exists(b: &Browser, testid: &str) -> bool {
    b.find(&by_testid(testid)).expect("a lookup").is_some()
}

fn text(b: &Browser, testid: &str) -> Option<String> {
    b.testid_text(testid).expect("a lookup")
}

/// Replaces the editor's text, as a user pasting would.
fn paste(b: &Browser, yaml: &str) {
    podscope_e2e::editing::paste_over(b, yaml).expect("the browser answers");
}

/// The seed's manifest as the post gives it (without the Node the scenario declares).
fn seed_sidecar() -> String {
    let file = include_str!("../crates/podscope-core/tests/scenarios/seed-sidecar-logs/pod.yaml");
    let start = file.find("---").expect("documents");
    file[start + 4..].to_owned()
}

fn pause_clock(b: &Browser) {
    let label = text(b, "play-pause").unwrap_or_default();
    if label.trim() == "pause" {
        click(b, "play-pause");
    }
    b.wait_for("the clock paused", TIMEOUT, |b| {
        Ok((b.testid_text("play-pause")?.as_deref().map(str::trim) == Some("play")).then_some(()))
    })
    .expect("the browser answers");
}

#[test]
fn the_seed_sidecar_shows_volumes_configmap_and_service_and_schedules_with_the_fix() {
    let b = open();
    paste(&b, &seed_sidecar());
    b.wait_for("the Pending reason", TIMEOUT, |b| {
        b.testid_text("pod-pending")
    })
    .expect("the browser answers");
    // The reason is wrapped into lines (tspans), which WebDriver's text joins without spaces.
    let pending = text(&b, "pod-pending").unwrap_or_default();
    assert!(
        pending
            .replace(' ', "")
            .contains("didn'tmatchPod'snodeaffinity/selector"),
        "{pending}"
    );
    assert!(exists(&b, "container-nginx") && exists(&b, "container-nginx-sidecar-container"));
    assert!(
        !exists(&b, "state-nginx") && !exists(&b, "state-nginx-sidecar-container"),
        "an unscheduled pod's containers have no state"
    );
    assert_eq!(
        text(&b, "volume-source-shared-logs").as_deref(),
        Some("emptyDir")
    );
    assert_eq!(
        text(&b, "volume-source-nginx-index-cm").as_deref(),
        Some("ConfigMap nginx-index")
    );
    assert!(exists(&b, "mount-nginx-sidecar-container-shared-logs"));
    let svc = b
        .find(&by_testid("service-nginx-deployment"))
        .expect("the browser answers")
        .expect("the Service");
    assert_eq!(
        b.attribute(&svc, "data-endpoints")
            .expect("the browser answers")
            .as_deref(),
        Some("0")
    );
    let fix = text(&b, "pending-fix").unwrap_or_default();
    assert!(fix.contains("add Node ubuntu-nested-3"), "{fix}");
    b.screenshot("diagram-seed-pending-light")
        .expect("the browser answers");

    click(&b, "pending-fix");
    b.wait_for("nginx running", TIMEOUT, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .expect("the browser answers");
    assert!(!exists(&b, "pod-pending"));
    b.wait_for("one ready endpoint", TIMEOUT, |b| {
        let Some(svc) = b.find(&by_testid("service-nginx-deployment"))? else {
            return Ok(None);
        };
        Ok((b.attribute(&svc, "data-endpoints")?.as_deref() == Some("1")).then_some(()))
    })
    .expect("the browser answers");
    let manifest = b
        .execute(
            "const e = document.querySelector('[data-testid=\"yaml-editor\"]');\
             return e ? (e.value ?? e.textContent) : '';",
            vec![],
        )
        .expect("the browser answers");
    assert!(
        manifest.as_str().unwrap_or_default().contains("kind: Node"),
        "the fix is in the manifest"
    );
    b.screenshot("diagram-seed-scheduled-light")
        .expect("the browser answers");
    b.prefer_color_scheme("dark").expect("the browser answers");
    b.screenshot("diagram-seed-scheduled-dark")
        .expect("the browser answers");
}

#[test]
fn kill_nginx_from_its_menu_restarts_it_with_the_same_ip() {
    let b = open();
    b.wait_for("nginx running", TIMEOUT, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .expect("the browser answers");
    let ip = text(&b, "pod-ip").expect("an IP");
    click(&b, "container-nginx");
    b.wait_for("the menu", TIMEOUT, |b| b.find(&by_testid("action-menu")))
        .expect("the browser answers");
    assert!(exists(&b, "action-term") && exists(&b, "action-terminal"));
    b.screenshot("diagram-menu-light")
        .expect("the browser answers");
    click(&b, "action-kill");
    b.wait_for("restart count 1", TIMEOUT, |b| {
        Ok((b.testid_text("restarts-nginx")?.as_deref() == Some("1")).then_some(()))
    })
    .expect("the browser answers");
    b.wait_for("nginx running again", TIMEOUT, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .expect("the browser answers");
    assert_eq!(
        text(&b, "pod-ip").as_deref(),
        Some(ip.as_str()),
        "the same IP"
    );
    assert!(!exists(&b, "pod-ip-was"));
    assert_eq!(text(&b, "restarts-busybox").as_deref(), Some("0"));
}

#[test]
fn kill_pause_shows_stopping_then_a_new_sandbox_with_a_new_ip_in_order() {
    let b = open();
    b.wait_for("both running", TIMEOUT, |b| {
        let up = b.testid_text("state-nginx")?.as_deref() == Some("Running")
            && b.testid_text("state-busybox")?.as_deref() == Some("Running");
        Ok(up.then_some(()))
    })
    .expect("the browser answers");
    pause_clock(&b);
    let ip = text(&b, "pod-ip").expect("an IP");
    click(&b, "kill-pause-button");
    // Step the clock event by event and note each state the diagram shows, in order.
    let mut seen: Vec<&str> = Vec::new();
    let note = |s: &'static str, seen: &mut Vec<&str>| {
        if seen.last() != Some(&s) && !seen.contains(&s) {
            seen.push(s);
        }
    };
    for _ in 0..60 {
        let sandbox = b
            .find(&by_testid("sandbox"))
            .expect("the browser answers")
            .and_then(|s| b.attribute(&s, "data-state").ok().flatten())
            .unwrap_or_default();
        let status = text(&b, "status-busybox").unwrap_or_default();
        if sandbox == "NotReady" {
            note("sandbox NotReady", &mut seen);
        }
        if status.starts_with("stopping: SIGKILL in") {
            note("busybox stopping", &mut seen);
            b.screenshot("diagram-stopping-light")
                .expect("the browser answers");
        }
        if sandbox == "gone" {
            note("sandbox gone", &mut seen);
        }
        if text(&b, "pod-ip-was").is_some() && sandbox == "Ready" {
            note("new sandbox, new IP", &mut seen);
            break;
        }
        click(&b, "step-event");
        std::thread::sleep(Duration::from_millis(120));
    }
    assert_eq!(
        seen.iter()
            .filter(|s| **s != "sandbox gone")
            .copied()
            .collect::<Vec<_>>(),
        [
            "sandbox NotReady",
            "busybox stopping",
            "new sandbox, new IP"
        ],
        "{seen:?}"
    );
    let new_ip = text(&b, "pod-ip").expect("an IP");
    assert_ne!(new_ip, ip);
    assert_eq!(text(&b, "pod-ip-was"), Some(format!("(was {ip})")));
    b.screenshot("diagram-new-sandbox-light")
        .expect("the browser answers");
}

#[test]
fn focusing_a_namespace_lights_the_containers_in_it() {
    let b = open();
    b.wait_for("nginx running", TIMEOUT, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .expect("the browser answers");
    let lit = |b: &Browser, testid: &str| -> bool {
        b.execute(
            "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);\
             return !!e && e.classList.contains('lit');",
            vec![json!(testid)],
        )
        .map(|v| v == json!(true))
        .unwrap_or(false)
    };
    assert!(!lit(&b, "container-nginx"));
    // The sandbox's net chip: both containers join it.
    b.execute(
        "document.querySelector('[data-testid=\"sandbox\"] [data-testid=\"ns-net\"]').focus();",
        vec![],
    )
    .expect("the browser answers");
    b.wait_for("both containers lit", TIMEOUT, |b| {
        Ok((lit(b, "container-nginx") && lit(b, "container-busybox")).then_some(()))
    })
    .expect("the browser answers");
    b.screenshot("diagram-hover-net-light")
        .expect("the browser answers");
    // nginx's own mnt: only nginx.
    b.execute(
        "document.querySelector('[data-testid=\"container-nginx\"] [data-testid=\"ns-mnt\"]').focus();",
        vec![],
    )
    .expect("the browser answers");
    b.wait_for("only nginx lit", TIMEOUT, |b| {
        Ok((lit(b, "container-nginx") && !lit(b, "container-busybox")).then_some(()))
    })
    .expect("the browser answers");
    b.prefer_color_scheme("dark").expect("the browser answers");
    b.screenshot("diagram-hover-mnt-dark")
        .expect("the browser answers");
}

#[test]
fn the_diagram_exports_as_svg_and_png_and_describes_itself() {
    let b = open();
    let description = text(&b, "diagram-description");
    // Visually hidden text has no rendered text for WebDriver; read it from the DOM.
    let described = b
        .execute(
            "return document.querySelector('[data-testid=\"diagram-description\"]').textContent;",
            vec![],
        )
        .expect("the browser answers");
    let described = described.as_str().unwrap_or_default();
    assert!(
        described.contains("Pod default/demo"),
        "{described} {description:?}"
    );
    click(&b, "export-svg");
    let bytes = b
        .wait_for("an SVG download", TIMEOUT, |b| {
            let Some(a) = b.find(&by_testid("export-link-svg"))? else {
                return Ok(None);
            };
            b.attribute(&a, "data-bytes")
        })
        .expect("the browser answers");
    assert!(bytes.parse::<u64>().unwrap_or(0) > 2_000, "{bytes} bytes");
    click(&b, "export-png");
    let png = b
        .wait_for("a PNG download", TIMEOUT, |b| {
            let Some(a) = b.find(&by_testid("export-link-png"))? else {
                return Ok(None);
            };
            b.attribute(&a, "data-bytes")
        })
        .expect("the browser answers");
    assert!(png.parse::<u64>().unwrap_or(0) > 2_000, "{png} bytes");
}
