//! Properties of the scenario format: random scenarios print and read back the same, and
//! seeded mutations of real scripts never panic the parser or a run.

use super::*;
use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::refs::{ContainerRef, PodRef};
use crate::model::rng::SeededRng;
use crate::model::signal::Signal;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn pick<'a>(rng: &mut SeededRng, xs: &[&'a str]) -> &'a str {
    xs.get(rng.below(xs.len() as u64) as usize)
        .copied()
        .unwrap_or_default()
}

fn pod_ref(rng: &mut SeededRng) -> PodRef {
    let name = pick(rng, &["demo", "web-0", "a", "nginx-7d9f"]);
    match rng.below(3) {
        0 => PodRef::Pod(ObjectKey::new("default", name)),
        1 => PodRef::Pod(ObjectKey::new(
            pick(rng, &["kube-system", "web", "x1"]),
            name,
        )),
        _ => PodRef::Deployment {
            namespace: "default".to_owned(),
            name: name.to_owned(),
        },
    }
}

fn container_ref(rng: &mut SeededRng) -> ContainerRef {
    ContainerRef {
        pod: pod_ref(rng),
        container: ContainerName(pick(rng, &["nginx", "busybox", "c-1"]).to_owned()),
    }
}

/// A shell line of random words, some of them awkward (`--`, `#`, quotes, non-ASCII).
fn line(rng: &mut SeededRng) -> String {
    let words = [
        "ls", "-la", "--", "#", "echo", "'a b'", "\"x\"", "&&", "|", "ünï", "$HOME", "--signal",
        "at", "5s", "kill", "end", "\\", ">", "wget", "-q",
    ];
    let n = 1 + rng.below(6);
    (0..n)
        .map(|_| pick(rng, &words))
        .collect::<Vec<_>>()
        .join(" ")
}

fn command(rng: &mut SeededRng) -> Command {
    match rng.below(6) {
        0 => Command::Kill {
            target: container_ref(rng),
            signal: Signal(1 + rng.below(64) as i32),
        },
        1 => Command::KillSandbox { pod: pod_ref(rng) },
        2 => Command::Exec {
            target: container_ref(rng),
            line: line(rng),
        },
        3 => Command::Node {
            node: Some("node-1".to_owned()),
            line: line(rng),
        },
        4 => Command::Delete {
            pod: pod_ref(rng),
            grace: rng.below(2).checked_sub(1).map(|_| rng.below(60)),
        },
        _ => Command::Node {
            node: None,
            line: line(rng),
        },
    }
}

fn random_scenario(rng: &mut SeededRng) -> Scenario {
    let mut s = Scenario::new();
    let mut t = 0u64;
    for _ in 0..rng.below(30) {
        t += match rng.below(5) {
            0 => 0,
            1 => rng.below(1000),
            2 => rng.below(60) * 1000,
            3 => rng.below(3600) * 1000 + rng.below(1000),
            _ => rng.below(5) * 3_600_000,
        };
        if rng.below(4) == 0 {
            s.say(SimDuration::from_millis(t), &line(rng))
                .expect("generated narration is in order and one line");
        }
        s.push(SimDuration::from_millis(t), command(rng))
            .expect("generated steps are in order, in range and writable");
    }
    if rng.below(3) == 0 {
        s.say(SimDuration::from_millis(t), &line(rng))
            .expect("trailing narration");
    }
    if rng.below(2) == 0 {
        let end = t + rng.below(600_000);
        s.set_end(SimDuration::from_millis(end)).expect("in range");
    }
    s
}

#[test]
fn random_scenarios_print_and_read_back_the_same() {
    let mut rng = SeededRng::new(5);
    for _ in 0..2000 {
        let s = random_scenario(&mut rng);
        let text = s.to_string();
        let back: Scenario = text
            .parse()
            .unwrap_or_else(|e| panic!("{e}\n--- text ---\n{text}"));
        assert_eq!(back, s, "{text}");
    }
}

#[test]
fn push_refuses_what_the_text_cannot_hold() {
    let mut s = Scenario::new();
    let kill = || Command::KillSandbox {
        pod: PodRef::Pod(ObjectKey::new("default", "demo")),
    };
    s.push(SimDuration::from_secs(5), kill()).unwrap();
    let e = s.push(SimDuration::from_secs(4), kill()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2:1: step at 4s goes back in time: line 1 is at 5s; steps must be in time order"
    );
    let e = s
        .push(
            SimDuration::from_secs(6),
            Command::Node {
                node: None,
                line: "ls\nat 0s kill demo/x".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NotWritable(_)), "{e}");
    // A namespace called `deployment` would read back as a Deployment.
    let e = s
        .push(
            SimDuration::from_secs(6),
            Command::KillSandbox {
                pod: PodRef::Pod(ObjectKey::new("deployment", "web")),
            },
        )
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NotWritable(_)), "{e}");
    let e = s
        .push(SimDuration::from_millis(MAX_TIME.as_millis() + 1), kill())
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooLate { .. }), "{e}");
    s.set_end(SimDuration::from_secs(10)).unwrap();
    assert!(s.push(SimDuration::from_secs(11), kill()).is_err());
    assert_eq!(s.horizon(), SimDuration::from_secs(10));
}

const SCRIPT: &str = "\
# kill nginx twice, look around, kill the sandbox
at 0s    exec demo/busybox -- wget -q -S -O /dev/null localhost
at 5s    kill demo/nginx --signal KILL
at 6s    node -- kubectl get pods -o wide
at 8s    kill demo/nginx --signal TERM
at 20s   kill-sandbox demo
at 1m30s exec deployment/web/nginx -- ls /
at 2m    end
";

/// Deletes, duplicates or replaces a few bytes, or cuts the text short.
fn mutate(text: &str, rng: &mut SeededRng) -> String {
    mutate_with(
        text,
        rng,
        b" \t\n\r#-/.:0123456789abcdehmnsuwxyz\xc2\xb5\xce\xbc\xc3",
    )
}

/// `mutate` with the bytes to insert drawn from `alphabet` (the bundle's tests use it too).
pub(crate) fn mutate_with(text: &str, rng: &mut SeededRng, alphabet: &[u8]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(6) {
        if bytes.is_empty() {
            break;
        }
        let i = rng.below(bytes.len() as u64) as usize;
        let b = alphabet[rng.below(alphabet.len() as u64) as usize];
        match rng.below(5) {
            0 => {
                bytes.remove(i);
            }
            1 => bytes.insert(i, b),
            2 => bytes[i] = b,
            3 => {
                let j = rng.below(bytes.len() as u64) as usize;
                let (lo, hi) = (i.min(j), i.max(j));
                let piece = bytes[lo..hi].to_vec();
                bytes.splice(hi..hi, piece);
            }
            _ => bytes.truncate(i),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_scripts_never_panic_and_what_parses_prints_back() {
    let loaded = crate::admission::load::load(
        crate::scenario::examples::DEMO,
        crate::model::rng::DEFAULT_SEED,
    );
    let mut rng = SeededRng::new(99);
    let (mut ok, mut rejected) = (0, 0);
    for round in 0..3000 {
        let text = mutate(SCRIPT, &mut rng);
        match text.parse::<Scenario>() {
            Ok(s) => {
                ok += 1;
                let back: Scenario = s.to_string().parse().expect("printed text parses");
                assert_eq!(back, s, "{text:?}");
                // Run a share of them, with horizons capped to keep the test quick.
                if round % 10 == 0 && s.horizon() <= SimDuration::from_secs(3600) {
                    let mut world = crate::sim::world::World::from_loaded(
                        &loaded,
                        crate::model::rng::DEFAULT_SEED,
                        crate::sim::world::WorldOptions::default(),
                    );
                    let t = s.run(&mut world);
                    assert_eq!(t.entries.len(), s.steps().len());
                    let _ = t.to_string();
                }
            }
            Err(e) => {
                rejected += 1;
                assert!(e.line >= 1 && e.column >= 1, "{e}");
                assert!(e.line <= text.lines().count().max(1), "{e} in {text:?}");
            }
        }
    }
    assert!(ok > 300 && rejected > 300, "ok {ok}, rejected {rejected}");
}

#[test]
fn apply_names_a_file_or_carries_the_manifest_inline() {
    use crate::scenario::command::ApplySource;
    let text =
        "at 10s apply v2.yaml\nat 20s apply <<EOF\nkind: Pod\n  # indented\nEOF\nat 30s end\n";
    let mut s: Scenario = text.parse().unwrap();
    assert_eq!(
        s.steps()[0].command,
        Command::Apply(ApplySource {
            file: Some("v2.yaml".into()),
            text: None
        })
    );
    assert_eq!(
        s.steps()[1].command,
        Command::Apply(ApplySource::inline("kind: Pod\n  # indented\n"))
    );
    // The text form reads back the same, heredoc included.
    assert_eq!(s.to_string(), text);
    assert_eq!(s.to_string().parse::<Scenario>().unwrap(), s);
    // A manifest holding a line `EOF` gets another delimiter.
    let tricky = Command::Apply(ApplySource::inline("a: 1\nEOF\n"));
    assert_eq!(tricky.to_string(), "apply <<EOF1\na: 1\nEOF\nEOF1");
    let mut pushed = Scenario::new();
    pushed.push(SimDuration::ZERO, tricky.clone()).unwrap();
    assert_eq!(
        pushed.to_string().parse::<Scenario>().unwrap().steps()[0].command,
        tricky
    );
    // Files are read by whoever runs the scenario.
    s.read_files(|f| (f == "v2.yaml").then(|| "kind: Pod\n".to_owned()));
    assert_eq!(
        s.steps()[0].command,
        Command::Apply(ApplySource {
            file: Some("v2.yaml".into()),
            text: Some("kind: Pod\n".into())
        })
    );
}

#[test]
fn apply_errors_say_what_is_wrong() {
    let err = |t: &str| t.parse::<Scenario>().unwrap_err().to_string();
    assert_eq!(
        err("at 1s apply <<EOF\nkind: Pod\n"),
        "1:7: no line `EOF` ends the manifest that `apply <<EOF` starts"
    );
    assert!(err("at 1s apply a.yaml b.yaml").starts_with("1:7: apply takes one file"));
    // An unread file fails when the step runs, with kubectl's words.
    let s: Scenario = "at 0s apply missing.yaml\n".parse().unwrap();
    let mut world = crate::sim::world::World::from_loaded(
        &crate::admission::load::Loaded::default(),
        1,
        crate::sim::world::WorldOptions::default(),
    );
    let t = s.run(&mut world);
    assert_eq!(
        t.to_string(),
        "[0s] node$ kubectl apply -f missing.yaml\nerror: the path \"missing.yaml\" does not exist\n"
    );
}

#[test]
fn narration_is_read_kept_in_place_and_written_back() {
    let text = "# a tour\nat 0s say   Look at the pause container:  it holds the network.  \n\
                at 0s kill demo/nginx\nat 9s say <b>nginx</b> was killed\nat 9s say and again\n\
                at 10s say apply <<EOF\nat 12s say say\n";
    let s: Scenario = text.parse().unwrap();
    let said: Vec<(u64, usize, &str)> = s
        .narration()
        .iter()
        .map(|n| (n.at.as_millis(), n.before_step, n.text.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (0, 0, "Look at the pause container:  it holds the network."),
            (9_000, 1, "<b>nginx</b> was killed"),
            (9_000, 1, "and again"),
            (10_000, 1, "apply <<EOF"),
            (12_000, 1, "say"),
        ]
    );
    assert_eq!(s.steps().len(), 1);
    assert_eq!(s.horizon(), SimDuration::from_secs(12));
    assert_eq!(
        s.to_string(),
        "at 0s say Look at the pause container:  it holds the network.\n\
         at 0s kill demo/nginx\nat 9s say <b>nginx</b> was killed\nat 9s say and again\n\
         at 10s say apply <<EOF\nat 12s say say\n"
    );
    assert_eq!(s.to_string().parse::<Scenario>().unwrap(), s);
    // `sayx` is no narration; `say` needs words; narration keeps time order and the end.
    let err = |t: &str| t.parse::<Scenario>().unwrap_err().to_string();
    assert!(err("at 1s sayx hi").starts_with("1:7: cannot read \"sayx\" action"));
    assert_eq!(
        err("at 1s say\t "),
        "1:10: expected the words to say after `say`, like `at 9s say Now kill nginx`"
    );
    assert_eq!(
        err("at 5s say hi\nat 4s kill demo/x"),
        "2:4: step at 4s goes back in time: line 1 is at 5s; steps must be in time order"
    );
    assert_eq!(
        err("at 5s end\nat 5s say late"),
        "2:1: no step may follow the `end` on line 1"
    );
    let full = "at 1s say hi\n".repeat(MAX_STEPS);
    assert_eq!(
        full.parse::<Scenario>().unwrap().narration().len(),
        MAX_STEPS
    );
    assert_eq!(
        err(&format!("{full}at 1s kill demo/a")),
        "10001:1: too many steps: a scenario holds at most 10000, narration included"
    );
}

#[test]
fn say_appends_narration_with_the_texts_rules() {
    let mut s = Scenario::new();
    s.say(SimDuration::from_secs(1), "  first  ").unwrap();
    let kill = Command::KillSandbox {
        pod: PodRef::Pod(ObjectKey::new("default", "demo")),
    };
    s.push(SimDuration::from_secs(2), kill).unwrap();
    s.say(SimDuration::from_secs(2), "second").unwrap();
    assert_eq!(
        s.to_string(),
        "at 1s say first\nat 2s kill-sandbox demo\nat 2s say second\n"
    );
    let e = |r: Result<(), ScenarioError>| r.unwrap_err().to_string();
    assert_eq!(
        e(s.say(SimDuration::from_secs(3), " \t")),
        "4:1: expected the words to say after `say`, like `at 9s say Now kill nginx`"
    );
    assert!(
        e(s.say(SimDuration::from_secs(3), "a\nat 0s kill demo/x")).contains("cannot be written")
    );
    assert!(e(s.say(SimDuration::from_secs(1), "late")).contains("goes back in time"));
    s.set_end(SimDuration::from_secs(5)).unwrap();
    assert!(e(s.say(SimDuration::from_secs(6), "after")).contains("may follow the `end`"));
}

fn demo_world() -> crate::sim::world::World {
    crate::sim::world::World::from_loaded(
        &crate::admission::load::load(
            crate::scenario::examples::DEMO,
            crate::model::rng::DEFAULT_SEED,
        ),
        crate::model::rng::DEFAULT_SEED,
        crate::sim::world::WorldOptions::default(),
    )
}

/// What a reader can see of a world: its time, its pods and its events.
fn seen(world: &mut crate::sim::world::World) -> String {
    let get: Command = "node -- kubectl get pods -o wide".parse().unwrap();
    let pods = crate::scenario::dispatch::apply(world, &get).map(|o| o.text);
    let events: Vec<String> = world.event_log().map(|e| e.to_string()).collect();
    format!("{}\n{pods:?}\n{}", world.now(), events.join("\n"))
}

const TOUR: &str = "\
at 5s  node -- kubectl get pods
at 6s  say Both containers run; kill nginx next.
at 9s  kill demo/nginx
at 9s  node -- kubectl get pods -o wide
at 11s say nginx is back in the same sandbox.
at 11s say The IP stayed.
at 11s exec demo/busybox -- wget -q -O /dev/null localhost
at 20s end
";

#[test]
fn a_tour_stops_at_each_narration_and_next_equals_a_replay() {
    let s: Scenario = TOUR.parse().unwrap();
    let stops: Vec<_> = s.stops().collect();
    assert_eq!(stops.len(), 3);
    let shape: Vec<(usize, usize, u64)> = stops
        .iter()
        .map(|st| (st.before.len(), st.segment.len(), st.next_at.as_millis()))
        .collect();
    assert_eq!(shape, [(1, 2, 11_000), (3, 0, 11_000), (3, 1, 20_000)]);
    assert_eq!(stops[2].narration.text, "The IP stayed.");
    assert_eq!(s.stop(3), None);
    // Next from each stop leaves the world as a replay to the next stop does, and the last
    // Next as the whole run does.
    let mut walked = demo_world();
    let opened = s.run_to_stop(&mut walked, 0).unwrap();
    assert_eq!(
        opened.to_string(),
        "[5s] node$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\ndemo   2/2     Running   0          5s\n"
    );
    for (index, stop) in stops.iter().enumerate() {
        let next = s.run_segment(&mut walked, index).unwrap();
        assert_eq!(next.entries.len(), stop.segment.len());
        let mut replayed = demo_world();
        match s.stop(index + 1) {
            Some(_) => {
                s.run_to_stop(&mut replayed, index + 1).unwrap();
            }
            None => {
                s.run(&mut replayed);
            }
        }
        assert_eq!(
            seen(&mut walked),
            seen(&mut replayed),
            "after Next from stop {index}"
        );
    }
    assert!(s.run_segment(&mut walked, 3).is_none());
    // The full run's transcript shows the narration at its place.
    let text = s.run(&mut demo_world()).to_string();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with('['))
        .collect();
    assert_eq!(
        lines,
        [
            "[5s] node$ kubectl get pods",
            "# Both containers run; kill nginx next.",
            "[9s] kill demo/nginx",
            "[9s] node$ kubectl get pods -o wide",
            "# nginx is back in the same sandbox.",
            "# The IP stayed.",
            "[11s] demo/busybox$ wget -q -O /dev/null localhost",
        ]
    );
}
