//! The layout's unit tests: text sits in its boxes, states are values.

use super::geometry::LINE_H;
use super::*;
use crate::admission::load::load;
use crate::model::time::SimTime;
use crate::sim::world::{TerminatedReason, WaitingReason};

/// A busybox and an nginx with a memory limit (so each has an `oom_score_adj` line), run
/// until both are up.
fn running() -> Diagram {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: demo}
spec:
  containers:
    - {name: busybox, image: busybox, command: [sleep, 3650d]}
    - {name: nginx, image: \"nginx:1.21\", resources: {limits: {memory: 64Mi}}}
";
    let mut world = World::from_loaded(&load(yaml, 1), 1, Default::default());
    world.advance_to(SimTime::from_millis(30_000));
    diagram(&world)
}

fn inside(p: Point, r: Rect) -> bool {
    p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h
}

#[test]
fn every_line_of_text_sits_in_its_box_above_the_chips() {
    let d = running();
    let pod = &d.pods[0];
    assert!(d.node_at.y < pod.rect.y, "the node label is above the pods");
    assert!(inside(pod.title_at, pod.rect));
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    assert!(
        pod.title_at.y < sandbox.rect.y,
        "the title is above the sandbox"
    );
    assert!(inside(sandbox.title_at, sandbox.rect));
    assert!(sandbox.title_at.y < sandbox.detail_at.y);
    for chip in &sandbox.chips {
        assert!(sandbox.detail_at.y < chip.rect.y, "{chip:?}");
    }
    assert_eq!(pod.containers.len(), 2);
    for c in &pod.containers {
        let lines = [c.title_at, c.image_at, c.state_at, c.status_at];
        for (above, below) in lines.iter().zip(&lines[1..]) {
            assert_eq!(below.y - above.y, LINE_H, "{}", c.name);
        }
        assert!(lines.iter().all(|&p| inside(p, c.rect)), "{}", c.name);
        assert_eq!(c.chips.len(), 6, "{}", c.name);
        let chips_top = c.chips.iter().map(|k| k.rect.y).fold(f32::MAX, f32::min);
        let chips_bottom = c
            .chips
            .iter()
            .map(|k| k.rect.y + k.rect.h)
            .fold(0.0, f32::max);
        assert!(c.status_at.y < chips_top, "{}", c.name);
        assert!(
            chips_bottom < c.oom_at.y && inside(c.oom_at, c.rect),
            "{}",
            c.name
        );
        for k in &c.chips {
            assert!(inside(k.label_at, k.rect), "{k:?}");
            assert_eq!(k.label_at.x, k.rect.x + k.rect.w / 2.0, "centred");
        }
    }
}

#[test]
fn a_box_carries_its_state_as_a_value_worded_as_crictl_words_it() {
    let d = running();
    let states: Vec<Option<BoxState>> = d.pods[0].containers.iter().map(|c| c.state).collect();
    assert_eq!(states, [Some(BoxState::Running), Some(BoxState::Running)]);
    assert_eq!(BoxState::Running.label(), "Running");
    let backoff = BoxState::Waiting(WaitingReason::CrashLoopBackOff);
    assert_eq!(backoff.label(), "CrashLoopBackOff");
    let oom = BoxState::Terminated(TerminatedReason::OOMKilled);
    assert_eq!(oom.label(), "OOMKilled");
}
