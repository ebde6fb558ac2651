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
        s.push(SimDuration::from_millis(t), command(rng))
            .expect("generated steps are in order, in range and writable");
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
    let mut bytes = text.as_bytes().to_vec();
    let alphabet = b" \t\n\r#-/.:0123456789abcdehmnsuwxyz\xc2\xb5\xce\xbc\xc3";
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
