//! `kubectl rollout status` of a Deployment as it watches: kubectl
//! pkg/cmd/rollout/rollout_status.go `Run` (`watchtools.UntilWithSync` over the Deployment:
//! the status viewer's line printed for the object listed and for every change to it, until
//! the viewer says done; `--watch=false` prints once) and
//! pkg/polymorphichelpers/rollout_status.go `DeploymentStatusViewer.Status`. The reader's
//! Ctrl-C (the world's `interrupt_at`) ends the watch: kubectl's interrupt handler
//! (pkg/util/interrupt `Handler.Signal`) exits with status 1, printing nothing more.

use super::Deployment;
use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// How many of the world's wake-ups one watch runs through at most (podscope's bound).
const MAX_WAKEUPS: usize = 100_000;

/// What the Deployment's status says (a change of any is a `Modified` event the watch sees).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    spec_replicas: i32,
    replicas: i32,
    updated: i32,
    ready: i32,
    available: i32,
    unavailable: i32,
    paused: bool,
}

impl World {
    fn seen(&self, d: &Deployment) -> Seen {
        let (counts, updated) = self.deployment_counts(d);
        let total: i32 = self
            .controllers
            .replica_sets_of(d)
            .iter()
            .map(|r| r.replicas)
            .sum();
        Seen {
            spec_replicas: d.replicas,
            replicas: counts.replicas,
            updated,
            ready: counts.ready,
            available: counts.available,
            unavailable: (total - counts.available).max(0),
            paused: d.paused,
        }
    }

    /// The status viewer's line and whether the rollout is done.
    fn status_line(name: &str, s: Seen) -> (String, bool) {
        let waiting = |what: String| {
            (
                format!("Waiting for deployment \"{name}\" rollout to finish: {what}...\n"),
                false,
            )
        };
        if s.updated < s.spec_replicas {
            waiting(format!(
                "{} out of {} new replicas have been updated",
                s.updated, s.spec_replicas
            ))
        } else if s.replicas > s.updated {
            waiting(format!(
                "{} old replicas are pending termination",
                s.replicas - s.updated
            ))
        } else if s.available < s.updated {
            waiting(format!(
                "{} of {} updated replicas are available",
                s.available, s.updated
            ))
        } else {
            (
                format!("deployment \"{name}\" successfully rolled out\n"),
                true,
            )
        }
    }

    /// `kubectl rollout status` of one Deployment: with `watch`, the world runs on to each
    /// wake-up until the rollout is done or the reader interrupts (status 1).
    pub(super) fn rollout_status(&mut self, key: &ObjectKey, watch: bool) -> Output {
        let mut text = String::new();
        let mut last: Option<Seen> = None;
        for _ in 0..MAX_WAKEUPS {
            let Some(d) = self.controllers.deployment(key) else {
                if last.is_some() {
                    // The watch's `Deleted` event.
                    text.push_str("error: object has been deleted\n");
                    return Output::failed(text, 1);
                }
                return Output::failed(Resource::Deployments.not_found(&key.name), 1);
            };
            let seen = self.seen(d);
            if last != Some(seen) {
                let (line, done) = Self::status_line(&key.name, seen);
                text.push_str(&line);
                if done {
                    return Output::ok(text);
                }
                last = Some(seen);
            }
            let Some(until) = self.interrupt_at.filter(|_| watch) else {
                return Output::ok(text);
            };
            match self.next_wakeup() {
                Some(t) if t <= until => self.advance_to(t),
                _ => {
                    self.advance_to(until.max(self.now));
                    let changed = self
                        .controllers
                        .deployment(key)
                        .is_none_or(|d| Some(self.seen(d)) != last);
                    if !changed {
                        // Ctrl-C.
                        return Output::failed(text, 1);
                    }
                }
            }
        }
        // podscope's bound: the reader gives up.
        Output::failed(text, 1)
    }
}
