//! What the kubelet keeps of the past, and no more: dead sandboxes go once they hold no
//! container (kuberuntime_gc.go `evictSandboxes`), and CrashLoopBackOff entries expire
//! (`crashLoopBackOff.GC()` in `HandlePodCleanups`).

use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::command::Command;
use podscope_core::sim::world::{World, WorldOptions};
use podscope_core::{DEFAULT_SEED, load};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn world(yaml: &str) -> World {
    let loaded = load(yaml, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    World::from_loaded(&loaded, DEFAULT_SEED, WorldOptions::default())
}

fn run(w: &mut World, line: &str) -> String {
    let cmd: Command = line.parse().expect("a well-formed command");
    podscope_core::apply(w, &cmd)
        .expect("the command runs")
        .text
}

fn at(secs: u64) -> SimTime {
    SimTime::ZERO + SimDuration::from_secs(secs)
}

#[test]
fn only_the_newest_dead_sandbox_stays_with_the_dead_container_it_holds() {
    let mut w = world(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: sb}\nspec:\n  containers:\n  - {name: web, image: nginx:1.27}\n",
    );
    for minute in 1..=4 {
        w.advance_to(at(60 * minute));
        run(&mut w, "kill-sandbox sb");
    }
    w.advance_to(at(300));
    let pods = run(&mut w, "node -- crictl pods");
    let rows: Vec<&str> = pods.lines().skip(1).collect();
    // The running sandbox (attempt 4) and the one the previous nginx ran in (attempt 3);
    // attempts 0 to 2 hold no container any more.
    assert_eq!(rows.len(), 2, "{pods}");
    assert!(
        rows[0].contains("Ready") && rows[0].contains(" 4 "),
        "{pods}"
    );
    assert!(
        rows[1].contains("NotReady") && rows[1].contains(" 3 "),
        "{pods}"
    );
    // `crictl ps -a` names that sandbox as the exited container's pod.
    let old_sandbox = rows[1].split_whitespace().next().unwrap_or_default();
    let ps = run(&mut w, "node -- crictl ps -a");
    let exited = ps
        .lines()
        .find(|l| l.contains("Exited"))
        .unwrap_or_default();
    assert!(exited.contains(old_sandbox), "{ps}");
}

#[test]
fn a_container_restarted_over_ten_minutes_ago_backs_off_from_the_start_again() {
    // It fails after 590 s: each exit is within 600 s of its restart, so without the
    // garbage collector the back-off would double every time (10 s, 20 s, 40 s … 5 min).
    let mut w = world(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: slow}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [sh, -c, 'sleep 590; exit 1']\n",
    );
    w.advance_to(at(4 * 3600));
    let starts: Vec<SimTime> = w
        .event_log()
        .filter(|e| e.reason() == "Started")
        .map(|e| e.at)
        .collect();
    let waits: Vec<u64> = starts
        .windows(2)
        .map(|s| s[1].since(s[0]).as_millis() / 1000 - 590)
        .collect();
    assert!(waits.len() > 15, "{waits:?}");
    // The entry is collected whenever the wait takes the restart past 600 s after the
    // previous one: 10 s, then 20 s, then back to 10 s.
    // The first restart has no back-off, only the PLEG's relist second.
    assert_eq!(waits[0], 1, "{waits:?}");
    assert!(waits[1..].iter().all(|w| *w == 10 || *w == 20), "{waits:?}");
    assert!(waits.contains(&20), "{waits:?}");
}
