//! A pod folded to one line, for diagrams with many pods: its name, status, readiness,
//! restarts and IP, as `kubectl get pods -o wide` has them; a click unfolds it.

use crate::model::ids::ObjectKey;
use crate::sim::world::{Pod, World};

use super::geometry::{CHAR_W, Point, Rect, TEXT_INSET, cut};
use super::pod::ip_text;

/// A folded pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodSummary {
    pub rect: Rect,
    pub key: ObjectKey,
    pub text_at: Point,
    /// `web-5d4f8c7b9-abcde  Running  1/1 ready  restarts 0  10.244.1.5`.
    pub text: String,
    /// `kubectl get pods` STATUS, for the row's colour.
    pub status: String,
    /// Every container ready.
    pub ready: bool,
}

pub(super) const SUMMARY_H: f32 = 24.0;

pub(super) fn summary(world: &World, pod: &Pod, x: f32, y: f32, w: f32) -> PodSummary {
    let row = crate::sim::status::pod_row(pod, world.now());
    let ns = if pod.spec.key.namespace == "default" {
        String::new()
    } else {
        format!("{}/", pod.spec.key.namespace)
    };
    let text = format!(
        "▸ pod {ns}{}  {}  {} ready  restarts {}  IP {}",
        pod.spec.key.name,
        row.status,
        row.ready,
        row.restarts,
        ip_text(pod)
    );
    let total: Vec<&str> = row.ready.split('/').collect();
    let ready = total.len() == 2 && total[0] == total[1];
    PodSummary {
        rect: Rect {
            x,
            y,
            w,
            h: SUMMARY_H,
        },
        key: pod.spec.key.clone(),
        text_at: Point {
            x: x + TEXT_INSET,
            y: y + 16.0,
        },
        text: cut(&text, ((w - 2.0 * TEXT_INSET) / CHAR_W) as usize),
        status: row.status,
        ready,
    }
}
