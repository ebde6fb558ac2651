//! Events as the API server stores them (docs/events.md): one object per repeated event with
//! a count, the kubelet's spam filter, similar events combined, and the one-hour TTL, seen
//! through `kubectl get events` and `kubectl describe`.

use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::command::Command;
use podscope_core::sim::event::journal::JOURNAL_CAP;
use podscope_core::sim::world::{World, WorldOptions};
use podscope_core::{DEFAULT_SEED, load};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// nginx with a readiness probe on a page it does not have: a failure every second.
const FLAKY: &str = "apiVersion: v1
kind: Pod
metadata: {name: flaky}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /missing, port: 80}
      periodSeconds: 1
";

fn world(yaml: &str) -> World {
    let loaded = load(yaml, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default())
}

fn kubectl(w: &mut World, args: &str) -> String {
    let cmd: Command = format!("node -- kubectl {args}")
        .parse()
        .expect("a well-formed command");
    podscope_core::apply(w, &cmd).expect("kubectl runs").text
}

fn at(secs: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_secs(secs)
}

#[test]
fn a_failing_probe_is_one_event_whose_count_runs_ahead_of_its_last_write() {
    let mut w = world(FLAKY);
    w.advance_to(at(600));
    let failures = w.event_log().filter(|e| e.reason() == "Unhealthy").count();
    assert!(failures > 500 && failures < JOURNAL_CAP, "{failures}");
    let unhealthy: Vec<_> = w
        .events()
        .filter(|e| e.event.reason() == "Unhealthy")
        .collect();
    assert_eq!(unhealthy.len(), 1);
    let e = unhealthy[0];
    // 25 writes, then one token every 300 s: the last write was the first failure 300 s or
    // more after the first (a failure a second), although the probe failed a second ago.
    let refill = e.first + SimDuration::from_secs(300);
    assert!(e.last >= refill && e.last < refill + SimDuration::from_secs(1));
    // Its count is every failure up to that write, those the spam filter kept from the API
    // server included.
    let written = w
        .event_log()
        .filter(|o| o.reason() == "Unhealthy" && o.at <= e.last)
        .count();
    assert!(written < failures);
    assert_eq!(e.count as usize, written);
    let describe = kubectl(&mut w, "describe pod flaky");
    let row = describe
        .lines()
        .find(|l| l.contains("Unhealthy"))
        .unwrap_or_default();
    assert!(row.contains(&format!("(x{written} over ")), "{describe}");
    assert!(
        row.contains(
            "spec.containers{web}: Readiness probe failed: HTTP probe failed with statuscode: 404"
        ),
        "{row}"
    );
}

#[test]
fn events_expire_an_hour_after_their_last_write() {
    let mut w = world(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: quiet}\nspec:\n  containers:\n  - {name: web, image: nginx:1.27}\n",
    );
    w.advance_to(at(3599));
    let before = kubectl(&mut w, "get events");
    assert!(before.contains("pod/quiet   Container started"), "{before}");
    // The writes of the first minute share one etcd lease of an hour and a minute.
    w.advance_to(at(3659));
    assert!(w.events().count() >= 4);
    w.advance_to(at(3661));
    assert_eq!(w.events().count(), 0);
    assert_eq!(
        kubectl(&mut w, "get events"),
        "No resources found in default namespace.\n"
    );
    let describe = kubectl(&mut w, "describe pod quiet");
    assert!(
        describe.ends_with("Events:                      <none>\n"),
        "{describe}"
    );
}

#[test]
fn a_replica_set_creating_a_dozen_pods_combines_the_tenth_create_onwards() {
    let yaml = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 12
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27}
";
    let mut w = world(yaml);
    w.advance_to(at(30));
    let creates: Vec<_> = w
        .events()
        .filter(|e| e.event.reason() == "SuccessfulCreate")
        .collect();
    // Nine distinct messages stay apart; the tenth and later are one aggregate event.
    assert_eq!(creates.len(), 10);
    assert_eq!(creates.iter().filter(|e| !e.combined).count(), 9);
    let combined = creates
        .iter()
        .find(|e| e.combined)
        .map(|e| (e.count, e.message()));
    let Some((count, message)) = combined else {
        panic!("no combined event");
    };
    assert_eq!(count, 3);
    assert!(
        message.starts_with("(combined from similar events): Created pod: web-"),
        "{message}"
    );
    let table = kubectl(&mut w, "get events");
    assert_eq!(
        table
            .lines()
            .filter(|l| l.contains("(combined from similar events): Created pod: web-"))
            .count(),
        1,
        "{table}"
    );
}

#[test]
fn a_day_of_failures_keeps_a_handful_of_events() {
    let mut w = world(FLAKY);
    w.advance_to(at(24 * 3600));
    // The startup events expired long ago; the probe's event is written every 300 s, so it
    // lives on, with every failure of the day in its count.
    let live: Vec<_> = w.events().collect();
    assert_eq!(live.len(), 1, "{live:?}");
    let e = live[0];
    assert_eq!(e.event.reason(), "Unhealthy");
    assert!(e.count > 86_000, "{}", e.count);
    assert!(e.first < at(10));
    // The journal keeps only the latest occurrences.
    assert_eq!(w.event_log().count(), JOURNAL_CAP);
    assert!(w.events_reported() > 86_000);
    let count = e.count;
    let describe = kubectl(&mut w, "describe pod flaky");
    assert!(
        describe.contains(&format!("(x{count} over 23h)")),
        "{describe}"
    );
}
