//! The node's image store as the kubelet sees it: which images are present, the pulls in
//! flight (one at a time: the kubelet's default `serializeImagePulls: true`), the image pull
//! back-off, and what a pull of a given image does (its size, how long it takes, whether the
//! registry has it).

use podscope_collections::{Map, Set};

use crate::model::ids::PodUid;
use crate::model::image_ref::ImageRef;
use crate::model::image_ref::Normalized;
use crate::model::rng::SeededRng;
use crate::model::runtime::Runtime;
use crate::model::time::{SimDuration, SimTime};
use crate::sim::image::ImageKind;

/// The tag that names an image the registry does not have: pulling it fails with the
/// runtime's "not found" error (the documented way to make a pull fail).
pub const MISSING_TAG: &str = "does-not-exist";

/// client-go `flowcontrol.NewBackOff(backOffPeriod, MaxImageBackOff)` as pkg/kubelet/kubelet.go
/// makes the image back-off: 10 s doubling to 300 s; an entry idle for twice the cap (the
/// default `hasExpired`) starts over.
const IMAGE_BACKOFF_INITIAL: SimDuration = SimDuration::from_secs(10);
const IMAGE_BACKOFF_MAX: SimDuration = SimDuration::from_secs(300);

/// A pull the runtime is doing for one container.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    /// When the pull finishes (after any pulls queued before it).
    pub done_at: SimTime,
    /// The pull itself, and the pull plus the wait behind earlier pulls.
    pub pull: SimDuration,
    pub total: SimDuration,
    pub size: u64,
    /// The normalised name the runtime stores.
    pub full: String,
    /// The runtime's error, when the pull fails.
    pub error: Option<String>,
}

#[derive(Clone, Copy, Debug)]
struct BackOffEntry {
    backoff: SimDuration,
    last_update: SimTime,
}

/// Everything about images on the node.
#[derive(Clone, Debug)]
pub struct Images {
    /// Its own generator, so pulls do not shift the IDs the world's generator hands out.
    rng: SeededRng,
    /// Normalised names (`docker.io/library/nginx:latest`) of the images on the node.
    present: Set<String>,
    /// When the serial puller is free again.
    busy_until: SimTime,
    /// Pulls in flight, by pod and container name.
    pub(crate) jobs: Map<(PodUid, String), Job>,
    /// The image back-off, keyed as image_manager.go keys it: pod UID and `container.Image`.
    backoff: Map<(PodUid, String), BackOffEntry>,
    /// The last pull error per back-off key (the `ImagePullBackOff` waiting message's tail).
    pub(crate) last_error: Map<(PodUid, String), String>,
    /// The pod worker's pending retry after a failed sync, per pod.
    pub(crate) retry_at: Map<PodUid, SimTime>,
}

impl Images {
    /// A fresh node: only the sandbox images, which the runtime pulls itself (the kubelet
    /// records no event for them); every other image is pulled on first use.
    pub fn new(seed: u64) -> Self {
        let mut present = Set::new();
        for pause in [
            crate::sim::world::PAUSE_IMAGE,
            Runtime::Docker.pause_image(),
            Runtime::CriO.pause_image(),
        ] {
            if let Ok(n) = crate::model::image_ref::parse_normalized(pause) {
                present.insert(n.full());
            }
        }
        Images {
            rng: SeededRng::new(seed ^ 0x7075_6c6c_7331),
            present,
            busy_until: SimTime::ZERO,
            jobs: Map::new(),
            backoff: Map::new(),
            last_error: Map::new(),
            retry_at: Map::new(),
        }
    }

    pub fn is_present(&self, full: &str) -> bool {
        self.present.contains(full)
    }

    pub(crate) fn mark_present(&mut self, full: String) {
        self.present.insert(full);
    }

    /// The normalised names of the images on the node.
    pub fn present(&self) -> impl Iterator<Item = &str> {
        self.present.iter().map(String::as_str)
    }

    /// client-go `IsInBackOffSinceUpdate(id, now)`.
    pub(crate) fn in_backoff(&self, key: &(PodUid, String), now: SimTime) -> bool {
        self.backoff
            .get(key)
            .is_some_and(|e| now.since(e.last_update) < e.backoff)
    }

    /// client-go `Next(id, now)`.
    pub(crate) fn backoff_next(&mut self, key: (PodUid, String), now: SimTime) {
        match self.backoff.get_mut(&key) {
            Some(e) if now.since(e.last_update) <= IMAGE_BACKOFF_MAX.saturating_mul(2) => {
                e.backoff = e.backoff.saturating_mul(2).min(IMAGE_BACKOFF_MAX);
                e.last_update = now;
            }
            _ => {
                self.backoff.insert(
                    key,
                    BackOffEntry {
                        backoff: IMAGE_BACKOFF_INITIAL,
                        last_update: now,
                    },
                );
            }
        }
    }

    /// The current back-off for a key (zero without an entry).
    pub fn backoff_of(&self, key: &(PodUid, String)) -> SimDuration {
        self.backoff
            .get(key)
            .map_or(SimDuration::ZERO, |e| e.backoff)
    }

    /// Queues a pull of `image` (normalised as `reference`) on the serial puller at `now`.
    pub(crate) fn start(
        &mut self,
        image: &str,
        reference: &Normalized,
        runtime: Runtime,
        now: SimTime,
    ) -> Job {
        let full = reference.full();
        let size = image_size(image, &full);
        let error = pull_error(image, reference, runtime);
        let pull_ms = if error.is_some() {
            // Resolving the tag fails after the registry round trips.
            self.rng.between(300, 900)
        } else if self.present.contains(&full) || self.jobs.values().any(|j| j.full == full) {
            // `Always` with the image cached, or a second pull of an image being pulled (the
            // runtime shares the content): only the manifest is fetched.
            self.rng.between(250, 800)
        } else {
            // Round trips, then the layers at 10–30 MB/s (download and unpack).
            let rate = self.rng.between(10, 30);
            self.rng.between(400, 900) + size / (rate * 1000)
        };
        let begin = self.busy_until.max(now);
        let pull = SimDuration::from_millis(pull_ms);
        let done_at = begin + pull;
        self.busy_until = done_at;
        Job {
            done_at,
            pull,
            total: SimDuration::from_millis(done_at.since(now).as_millis()),
            size,
            full,
            error,
        }
    }

    /// A draw in `lo..=hi` from the image manager's own generator.
    pub(crate) fn jitter(&mut self, lo: u64, hi: u64) -> u64 {
        self.rng.between(lo, hi)
    }

    /// Forgets a deleted pod's pulls, back-off and retries.
    pub(crate) fn forget_pod(&mut self, uid: &PodUid) {
        self.jobs.retain(|(u, _), _| u != uid);
        self.backoff.retain(|(u, _), _| u != uid);
        self.last_error.retain(|(u, _), _| u != uid);
        self.retry_at.remove(uid);
    }
}

/// The size the runtime reports for an image (`Image size: N bytes`): the magnitude of the
/// image's compressed linux/amd64 size on Docker Hub, with digits below the megabyte derived
/// from the name (stand-ins: a real digest's exact size differs). See
/// docs/pulls-and-deletion.md.
pub(crate) fn image_size(image: &str, full: &str) -> u64 {
    let mb: u64 = match ImageKind::of(&ImageRef::parse(image)) {
        ImageKind::Nginx => 72,
        ImageKind::Busybox => 2,
        ImageKind::Alpine => 3,
        ImageKind::Redis => 45,
        ImageKind::Httpd => 58,
        ImageKind::Postgres => 158,
        ImageKind::Python => 390,
        ImageKind::Stress => 4,
        ImageKind::Agnhost => 51,
        ImageKind::Goproxy => 3,
        ImageKind::ServeHostname => 2,
        ImageKind::Pause => 0,
        ImageKind::Debian => 48,
        // Not looked up: the size podscope takes for an image it does not know.
        ImageKind::NodeHello | ImageKind::Other => 30,
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in full.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mb * 1_000_000 + 100_000 + h % 900_000
}

/// The runtime's error for a pull of an image the registry does not have (the
/// `does-not-exist` tag, or a tag the catalog knows is no release: `image/tags.rs`), as the
/// kubelet receives it over CRI (a gRPC status).
fn pull_error(image: &str, reference: &Normalized, runtime: Runtime) -> Option<String> {
    let tag = reference.tag.as_deref()?;
    if tag != MISSING_TAG && crate::sim::image::tags::registry_has(reference) {
        return None;
    }
    let full = reference.full();
    Some(match runtime {
        // containerd internal/cri/server/images/image_pull.go wrapping the resolver's
        // `errdefs.ErrNotFound`; text as real clusters report it.
        Runtime::Containerd => format!(
            "rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
        ),
        // cri-dockerd passes the Docker daemon's error on.
        Runtime::Docker => format!(
            "rpc error: code = Unknown desc = Error response from daemon: manifest for {image} not found: manifest unknown: manifest unknown"
        ),
        // containers/image's manifest error through CRI-O (wording partly unverified).
        Runtime::CriO => format!(
            "rpc error: code = Unknown desc = reading manifest {tag} in {}/{}: manifest unknown",
            reference.domain, reference.path
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn image_backoff_doubles_to_five_minutes() {
        let mut s = Images::new(1);
        let key = (PodUid::generate(&mut SeededRng::new(2)), "x".to_owned());
        let mut t = SimTime::ZERO;
        let mut seen = Vec::new();
        for _ in 0..7 {
            s.backoff_next(key.clone(), t);
            seen.push(s.backoff_of(&key).as_millis() / 1000);
            assert!(s.in_backoff(&key, t));
            t = t + s.backoff_of(&key);
            assert!(!s.in_backoff(&key, t));
        }
        assert_eq!(seen, [10, 20, 40, 80, 160, 300, 300]);
    }

    #[test]
    fn only_the_missing_tag_fails_and_pause_is_present() {
        let s = Images::new(1);
        assert!(s.is_present("registry.k8s.io/pause:3.10.1"));
        assert!(!s.is_present("docker.io/library/nginx:latest"));
        let r = |i: &str| crate::model::image_ref::parse_normalized(i).ok();
        let bad = r("nginx:does-not-exist")
            .and_then(|n| pull_error("nginx:does-not-exist", &n, Runtime::Containerd));
        assert_eq!(
            bad.as_deref(),
            Some(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:does-not-exist\": failed to resolve reference \"docker.io/library/nginx:does-not-exist\": docker.io/library/nginx:does-not-exist: not found"
            )
        );
        let good = r("nginx:1.27").and_then(|n| pull_error("nginx:1.27", &n, Runtime::Containerd));
        assert_eq!(good, None);
    }

    #[test]
    fn pulls_queue_one_after_another() {
        let mut s = Images::new(3);
        let n = crate::model::image_ref::parse_normalized("nginx").ok();
        let Some(n) = n else {
            panic!("nginx parses");
        };
        let a = s.start("nginx", &n, Runtime::Containerd, SimTime::ZERO);
        let b = s.start("nginx", &n, Runtime::Containerd, SimTime::ZERO);
        assert!(b.done_at > a.done_at);
        assert_eq!(
            b.total.as_millis(),
            b.done_at.since(SimTime::ZERO).as_millis()
        );
        assert!(b.total > b.pull);
        assert!((72_000_000..73_000_000).contains(&a.size));
    }
}
