//! The kubelet's image manager: before a container is created, make sure its image is on the
//! node — parse the reference, apply `imagePullPolicy`, pull (one pull at a time), and on
//! failure record the errors and back off.
//!
//! Models kubernetes/kubernetes pkg/kubelet/images/image_manager.go `EnsureImageExists` and
//! `pullImage`, and the error events of kuberuntime_container.go `startContainer`. What the
//! node starts with and how a user makes a pull fail: docs/pulls-and-deletion.md.

pub mod policy;
pub mod store;

pub use policy::PullPolicy;
pub use store::{Images, MISSING_TAG};

use crate::model::ids::PodId;
use crate::model::image_ref as reference;
use crate::model::time::SimDuration;
use crate::sim::event::EventKind;
use crate::sim::world::{ContainerState, Slot, WaitingReason, Wakeup, World};

/// How long after a failed sync the pod worker syncs the pod again: pkg/kubelet/kubelet.go
/// `backOffPeriod` (10 s) with pod_workers.go `workerBackOffPeriodJitterFactor` 0.5
/// (`wait.Jitter`: 10 s to 15 s).
const WORKER_BACKOFF_MS: (u64, u64) = (10_000, 14_999);

/// After the kubelet writes a new waiting reason to the pod's status, the API server's watch
/// hands the updated pod back and the pod worker syncs it again (the model rounds the trip
/// to one PLEG period).
const STATUS_ROUND_TRIP: SimDuration = crate::sim::kubelet::PLEG_RELIST_PERIOD;

pub use crate::model::humanize::go_quote;

/// The message of `InvalidImageName`: image_manager.go `EnsureImageExists` wrapping
/// pkg/util/parsers `ParseImageName`'s error around distribution/reference's.
pub fn invalid_image_message(image: &str, err: reference::RefError) -> String {
    let q = go_quote(image);
    format!("Failed to apply default image tag {q}: couldn't parse image name {q}: {err}")
}

impl World {
    /// `EnsureImageExists` for the container at `slot`: returns whether its image is there
    /// and the container may be created now. Otherwise a pull is under way (the pod syncs
    /// again when it ends) or the container waits with an image error.
    pub(crate) fn ensure_image(&mut self, p: PodId, slot: Slot) -> bool {
        let Some(pod) = self.pods.get(p) else {
            return false;
        };
        let Some(c) = pod.container(slot) else {
            return false;
        };
        let image = c.spec.image.raw.clone();
        let job_key = (pod.uid.clone(), c.spec.name.0.clone());
        let backoff_key = (pod.uid.clone(), image.clone());
        let written = api_pull_policy(pod, slot);
        let (key, name) = (pod.spec.key.clone(), c.spec.name.clone());
        if let Some(job) = self.images.jobs.get(&job_key) {
            if self.now < job.done_at {
                return false;
            }
            let Some(job) = self.images.jobs.remove(&job_key) else {
                return false;
            };
            let Some(error) = job.error else {
                self.images.mark_present(job.full);
                self.record(
                    key,
                    Some(name),
                    EventKind::PulledImage {
                        image,
                        pull: job.pull,
                        total: job.total,
                        size: job.size,
                    },
                );
                return true;
            };
            // `pullImage` failed: the event, the back-off, and `ErrImagePull`.
            self.record(
                key.clone(),
                Some(name.clone()),
                EventKind::PullFailed {
                    image,
                    error: error.clone(),
                },
            );
            self.images.backoff_next(backoff_key.clone(), self.now);
            self.images.last_error.insert(backoff_key, error.clone());
            self.image_wait(p, slot, WaitingReason::ErrImagePull, error);
            self.schedule(self.now + STATUS_ROUND_TRIP, Wakeup::SyncPod { pod: p });
            return false;
        }
        let normalized = match reference::parse_normalized(&image) {
            Ok(n) => n,
            Err(e) => {
                let message = invalid_image_message(&image, e);
                self.record(
                    key,
                    Some(name),
                    EventKind::InspectFailed {
                        message: message.clone(),
                    },
                );
                self.image_wait(p, slot, WaitingReason::InvalidImageName, message);
                return false;
            }
        };
        let full = normalized.full();
        let present = self.images.is_present(&full);
        let policy = PullPolicy::of(written.as_deref(), &image);
        if !policy.should_pull(present) {
            if present {
                self.record(key, Some(name), EventKind::Pulled { image });
                return true;
            }
            let message = format!(
                "Container image {} is not present with pull policy of Never",
                go_quote(&image)
            );
            self.record(key, Some(name), EventKind::NeverPull { image });
            self.image_wait(p, slot, WaitingReason::ErrImageNeverPull, message);
            return false;
        }
        if self.images.in_backoff(&backoff_key, self.now) {
            let last = self
                .images
                .last_error
                .get(&backoff_key)
                .cloned()
                .unwrap_or_default();
            // The waiting message carries the last pull error, as current kubelets report
            // it (`Back-off pulling image "…": ErrImagePull: rpc error: …`).
            let message = format!(
                "Back-off pulling image {}: ErrImagePull: {last}",
                go_quote(&image)
            );
            self.record(key, Some(name), EventKind::PullBackOff { image });
            self.image_wait(p, slot, WaitingReason::ImagePullBackOff, message);
            return false;
        }
        self.record(
            key,
            Some(name),
            EventKind::Pulling {
                image: image.clone(),
            },
        );
        let job = self
            .images
            .start(&image, &normalized, self.runtime, self.now);
        self.schedule(job.done_at, Wakeup::SyncPod { pod: p });
        self.images.jobs.insert(job_key, job);
        false
    }

    /// How many pulls are in flight on the node (each ends with a sync of its pod).
    pub fn pulls_in_flight(&self) -> usize {
        self.images.jobs.len()
    }

    /// Advances the clock until no pull is in flight: the moment a fresh node has pulled
    /// what its pods need and started them (what `podscope inspect` shows).
    pub fn settle_pulls(&mut self) {
        while self.pulls_in_flight() > 0 {
            let Some(t) = self.next_wakeup() else {
                break;
            };
            self.advance_to(t);
        }
    }

    /// The node's image store.
    pub fn images(&self) -> &Images {
        &self.images
    }

    /// Whether a pull for the container at `slot` is in flight or finished but not yet
    /// taken up by a sync.
    pub(crate) fn pull_pending(&self, p: PodId, slot: Slot) -> bool {
        let Some(pod) = self.pods.get(p) else {
            return false;
        };
        pod.container(slot).is_some_and(|c| {
            self.images
                .jobs
                .contains_key(&(pod.uid.clone(), c.spec.name.0.clone()))
        })
    }

    /// Whether any container of the pod is waiting for its pull (the kubelet's sync blocks
    /// on it: later containers start after it).
    pub(crate) fn pulling(&self, p: PodId) -> bool {
        self.pods.get(p).is_some_and(|pod| {
            self.images
                .jobs
                .iter()
                .any(|((uid, _), job)| *uid == pod.uid && self.now < job.done_at)
        })
    }

    /// The container waits with an image error: the `Failed` event `Error: <reason>`
    /// (kuberuntime_container.go `startContainer`), the waiting state, and a retry when the
    /// pod worker's back-off ends.
    fn image_wait(&mut self, p: PodId, slot: Slot, reason: WaitingReason, message: String) {
        let Some(pod) = self.pods.get_mut(p) else {
            return;
        };
        let (key, uid) = (pod.spec.key.clone(), pod.uid.clone());
        let Some(c) = pod.container_mut(slot) else {
            return;
        };
        if let ContainerState::Terminated(t) = &c.state {
            c.last_state = Some(t.clone());
        }
        c.state = ContainerState::Waiting {
            reason,
            message: Some(message),
        };
        c.ready = false;
        let name = c.spec.name.clone();
        self.record(key, Some(name), EventKind::StartFailed { reason });
        // pod_workers.go `completeWork`: a sync that failed is retried after the back-off;
        // one pending retry per pod.
        if self
            .images
            .retry_at
            .get(&uid)
            .is_some_and(|t| *t > self.now)
        {
            return;
        }
        let delay = self.images.jitter(WORKER_BACKOFF_MS.0, WORKER_BACKOFF_MS.1);
        let at = self.now + SimDuration::from_millis(delay);
        self.images.retry_at.insert(uid, at);
        self.schedule(at, Wakeup::SyncPod { pod: p });
    }
}

/// `imagePullPolicy` as written in the manifest for the container at `slot`.
fn api_pull_policy(pod: &crate::sim::world::Pod, slot: Slot) -> Option<String> {
    let spec = pod.spec.api.spec.as_ref()?;
    let c = match slot {
        Slot::App(i) => spec.containers.get(i),
        Slot::Init(i) => spec.init_containers.as_ref().and_then(|v| v.get(i)),
        Slot::Ephemeral(_) => None,
    }?;
    c.image_pull_policy.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn invalid_names_get_the_kubelets_message() {
        let e = reference::parse_normalized("nginx::1").err();
        let Some(e) = e else {
            panic!("nginx::1 must not parse");
        };
        assert_eq!(
            invalid_image_message("nginx::1", e),
            "Failed to apply default image tag \"nginx::1\": couldn't parse image name \"nginx::1\": invalid reference format"
        );
        assert_eq!(go_quote("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\x01\"");
    }
}
