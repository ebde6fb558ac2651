//! The Job controller: runs a Job's pods to completion. It keeps up to `parallelism` pods
//! active (never more than the completions left), counts pods that succeed and fail, waits
//! out the pod failure back-off before replacing failed pods, and marks the Job Complete, or
//! failed once `backoffLimit` or `activeDeadlineSeconds` is exceeded (terminating its pods).
//!
//! Models pkg/controller/job/job_controller.go (`syncJob`, `manageJob`,
//! `pastBackoffLimitOnFailure`, `deleteActivePods`, `syncJobBatchPeriod`,
//! `DefaultJobPodFailureBackOff`, `MaxJobPodFailureBackOff`), backoff_utils.go
//! (`getRemainingTimeForFailuresCount`) and indexed_job_utils.go (`firstPendingIndexes`,
//! `podGenerateNameWithIndex`, `addCompletionIndexEnvVariables`).

use crate::model::sort::CompactSort;
use podscope_collections::Set;

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::{ObjectKey, PodId, PodUid};
use crate::model::spec::{OwnerKind, PodOwner, RestartPolicy};
use crate::model::time::{SimDuration, SimTime};
use crate::model::workload::job::{CompletionMode, JobSpec};
use crate::sim::event::{EventKind, InvolvedKind};
use crate::sim::status::{self, Phase};
use crate::sim::world::{ContainerState, Pod, Wakeup, World};

/// job_controller.go `syncJobBatchPeriod`: pod updates reach a Job's sync a second later.
const SYNC_BATCH_PERIOD: SimDuration = SimDuration::from_secs(1);
/// `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff`.
const POD_FAILURE_BACKOFF: SimDuration = SimDuration::from_secs(10);
const MAX_POD_FAILURE_BACKOFF: SimDuration = SimDuration::from_secs(600);
/// The annotation and label an Indexed Job's pods carry (`batch.kubernetes.io/job-completion-index`).
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";

/// Why a Job failed (`JobReasonBackoffLimitExceeded`, `JobReasonDeadlineExceeded`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobFailure {
    BackoffLimitExceeded,
    DeadlineExceeded,
}

impl JobFailure {
    pub fn reason(self) -> &'static str {
        match self {
            JobFailure::BackoffLimitExceeded => "BackoffLimitExceeded",
            JobFailure::DeadlineExceeded => "DeadlineExceeded",
        }
    }

    /// The condition's (and the Warning event's) message, from `syncJob`.
    pub fn message(self) -> &'static str {
        match self {
            JobFailure::BackoffLimitExceeded => "Job has reached the specified backoff limit",
            JobFailure::DeadlineExceeded => "Job was active longer than specified deadline",
        }
    }
}

/// A Job's terminal or terminating condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobCondition {
    /// The Job will fail once its pods are gone (`FailureTarget`).
    FailureTarget(JobFailure),
    Complete,
    Failed(JobFailure),
}

/// A Job object and its status.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub spec: JobSpec,
    /// `metadata.uid`, which the pods' `controller-uid` labels carry.
    pub uid: PodUid,
    pub created_at: SimTime,
    pub start_time: Option<SimTime>,
    pub completion_time: Option<SimTime>,
    pub succeeded: i32,
    pub failed: i32,
    /// Indexed Jobs: the indexes with a succeeded pod.
    pub succeeded_indexes: Set<i32>,
    pub condition: Option<JobCondition>,
    /// Finished pods already counted.
    counted: Set<PodUid>,
    /// The back-off record: failures since the last success, and the last failure's time.
    failures_after_success: u32,
    last_failure: Option<SimTime>,
    /// When the next sync is due, if one is queued.
    next_sync: Option<SimTime>,
    /// A digest of the pods at the last look, to notice pod updates.
    seen: u64,
}

impl Job {
    pub fn new(spec: JobSpec, uid: PodUid, now: SimTime) -> Self {
        Job {
            spec,
            uid,
            created_at: now,
            start_time: None,
            completion_time: None,
            succeeded: 0,
            failed: 0,
            succeeded_indexes: Set::new(),
            condition: None,
            counted: Set::new(),
            failures_after_success: 0,
            last_failure: None,
            // `addJob` enqueues a new Job at once.
            next_sync: Some(now),
            seen: 0,
        }
    }

    /// An update to the Job object: its controller syncs it at once (`updateJob`).
    pub(crate) fn resync(&mut self, now: SimTime) {
        self.next_sync = Some(now);
    }

    /// printers.go `printJob`'s STATUS.
    pub fn status_word(&self) -> &'static str {
        match &self.condition {
            Some(JobCondition::Complete) => "Complete",
            Some(JobCondition::Failed(_)) => "Failed",
            Some(JobCondition::FailureTarget(_)) => "FailureTarget",
            None => "Running",
        }
    }

    pub fn finished(&self) -> bool {
        matches!(
            self.condition,
            Some(JobCondition::Complete | JobCondition::Failed(_))
        )
    }
}

/// Whether the pod is one of the Job's.
fn job_pod(pod: &Pod, key: &ObjectKey) -> bool {
    pod.spec.key.namespace == key.namespace
        && pod
            .spec
            .owner
            .as_ref()
            .is_some_and(|o| o.kind == OwnerKind::Job && o.name == key.name)
}

/// The pod's completion index, for an Indexed Job's pod.
fn index_of(pod: &Pod) -> Option<i32> {
    pod.spec
        .api
        .metadata
        .annotations
        .as_ref()?
        .get(COMPLETION_INDEX)?
        .parse()
        .ok()
}

/// When a finished pod finished: its containers' last exit, else now.
fn finished_at(pod: &Pod, now: SimTime) -> SimTime {
    pod.all_containers()
        .filter_map(|(_, c)| match &c.state {
            ContainerState::Terminated(t) => Some(t.finished_at),
            _ => None,
        })
        .max()
        .unwrap_or(now)
}

impl World {
    /// A new Job: the API server gives it a UID; its controller syncs it at once.
    pub(crate) fn add_job(&mut self, spec: JobSpec) {
        let uid = PodUid::generate(&mut self.rng);
        let job = Job::new(spec, uid, self.now);
        self.controllers.jobs.push(job);
    }

    /// The Job `key`'s pods, oldest first.
    fn job_pods<'a>(&'a self, key: &'a ObjectKey) -> impl Iterator<Item = (PodId, &'a Pod)> {
        self.pods
            .of_controller(key)
            .filter(move |(_, p)| job_pod(p, key))
    }

    /// The world's Jobs.
    pub fn jobs(&self) -> &[Job] {
        &self.controllers.jobs
    }

    /// A Job's active pods (not deleted, not finished), ready ones counted apart.
    pub fn job_active(&self, job: &Job) -> (i32, i32) {
        let mut active = 0;
        let mut ready = 0;
        for (_, p) in self.job_pods(&job.spec.key) {
            if super::is_active(p) {
                active += 1;
                if super::is_ready(p) {
                    ready += 1;
                }
            }
        }
        (active, ready)
    }

    /// Notes pod updates (a sync a batch period later) and runs the Jobs whose sync is due.
    /// Returns whether any of them created or deleted pods or finished.
    pub(super) fn sync_jobs(&mut self) -> bool {
        let mut changed = false;
        for i in 0..self.controllers.jobs.len() {
            if self.controllers.jobs.get(i).is_none_or(Job::finished) {
                continue;
            }
            self.note_pod_updates(i);
            let due = self
                .controllers
                .jobs
                .get(i)
                .and_then(|j| j.next_sync)
                .is_some_and(|t| t <= self.now);
            if due {
                if let Some(job) = self.controllers.jobs.get_mut(i) {
                    job.next_sync = None;
                }
                changed |= self.sync_job(i);
                // The sync's own pod changes come back as updates too.
                self.note_pod_updates(i);
            }
        }
        changed
    }

    /// `updatePod` → `enqueueSyncJobBatched`: a change to the Job's pods queues a sync one
    /// batch period later, unless one is due sooner.
    fn note_pod_updates(&mut self, i: usize) {
        let Some(key) = self.controllers.jobs.get(i).map(|j| j.spec.key.clone()) else {
            return;
        };
        let digest = self.job_digest(&key);
        let at = self.now + SYNC_BATCH_PERIOD;
        let Some(job) = self.controllers.jobs.get_mut(i) else {
            return;
        };
        if digest == job.seen {
            return;
        }
        job.seen = digest;
        if job.next_sync.is_none_or(|t| t > at) {
            job.next_sync = Some(at);
            self.schedule(at, Wakeup::Controllers);
        }
    }

    /// A digest of a Job's pods: which exist, their phase, readiness and deletion.
    fn job_digest(&self, key: &ObjectKey) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for (_, p) in self.job_pods(key) {
            let phase: u64 = match status::phase(p) {
                Phase::Pending => 1,
                Phase::Running => 2,
                Phase::Succeeded => 3,
                Phase::Failed => 4,
            };
            let restarts: u32 = p.all_containers().map(|(_, c)| c.restart_count).sum();
            for v in [
                phase,
                u64::from(p.deletion.is_some()),
                u64::from(super::is_ready(p)),
                u64::from(restarts),
            ]
            .into_iter()
            .chain(p.uid.as_str().bytes().map(u64::from))
            {
                h = (h ^ v).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    }

    /// One `syncJob`.
    fn sync_job(&mut self, i: usize) -> bool {
        let now = self.now;
        let Some(mut job) = self.controllers.jobs.get(i).cloned() else {
            return false;
        };
        let key = job.spec.key.clone();
        let pods: Vec<PodId> = self.job_pods(&key).map(|(id, _)| id).collect();
        // getNewFinishedPods: each finished pod counted once; a deleted pod that did not
        // succeed counts as failed (`isPodFailed` without a pod failure policy).
        for &p in &pods {
            let Some(pod) = self.pods.get(p) else {
                continue;
            };
            if job.counted.contains(&pod.uid) {
                continue;
            }
            match status::phase(pod) {
                Phase::Succeeded => {
                    job.counted.insert(pod.uid.clone());
                    match (job.spec.mode, index_of(pod)) {
                        (CompletionMode::Indexed, Some(ix)) => {
                            job.succeeded_indexes.insert(ix);
                            job.succeeded =
                                i32::try_from(job.succeeded_indexes.len()).unwrap_or(i32::MAX);
                        }
                        _ => job.succeeded += 1,
                    }
                    job.failures_after_success = 0;
                }
                Phase::Failed => {
                    job.counted.insert(pod.uid.clone());
                    job.failed += 1;
                    job.failures_after_success += 1;
                    job.last_failure = Some(finished_at(pod, now));
                }
                _ if pod.deletion.is_some() => {
                    job.counted.insert(pod.uid.clone());
                    job.failed += 1;
                    job.failures_after_success += 1;
                    job.last_failure = Some(now);
                }
                _ => {}
            }
        }
        let start = *job.start_time.get_or_insert(now);
        let mut changed = false;
        if job.condition.is_none() {
            let exceeded =
                job.failed > job.spec.backoff_limit || self.past_backoff_on_failure(&job, &pods);
            let deadline = job
                .spec
                .active_deadline_seconds
                .and_then(|s| u64::try_from(s).ok())
                .map(|s| start + SimDuration::from_secs(s));
            if exceeded {
                job.condition = Some(JobCondition::FailureTarget(
                    JobFailure::BackoffLimitExceeded,
                ));
            } else if deadline.is_some_and(|d| d <= now) {
                job.condition = Some(JobCondition::FailureTarget(JobFailure::DeadlineExceeded));
            } else if let Some(d) = deadline {
                job.next_sync = Some(job.next_sync.map_or(d, |t| t.min(d)));
                self.schedule(d, Wakeup::Controllers);
            }
        }
        let active: Vec<ObjectKey> = pods
            .iter()
            .filter_map(|&p| self.pods.get(p))
            .filter(|p| super::is_active(p))
            .map(|p| p.spec.key.clone())
            .collect();
        if let Some(JobCondition::FailureTarget(why)) = job.condition {
            // deleteActivePods; the Job fails once none of its pods is left running.
            for k in &active {
                changed |= self.delete_job_pod(&key, k);
            }
            let running = pods_of(self, &key)
                .iter()
                .any(|p| !matches!(status::phase(p), Phase::Succeeded | Phase::Failed));
            if !running {
                job.condition = Some(JobCondition::Failed(why));
                self.record_on(InvolvedKind::Job, key.clone(), EventKind::JobFailed(why));
                changed = true;
            }
            self.put_job(i, job);
            return changed;
        }
        // manageJob.
        let active_n = i32::try_from(active.len()).unwrap_or(i32::MAX);
        let parallelism = job.spec.parallelism;
        let want = match job.spec.completions {
            None if job.succeeded > 0 => active_n,
            None => parallelism,
            Some(c) => (c - job.succeeded).clamp(0, parallelism),
        };
        let mut now_active = active_n;
        if active_n > want {
            let mut ranked: Vec<PodId> = pods
                .iter()
                .copied()
                .filter(|&p| self.pods.get(p).is_some_and(super::is_active))
                .collect();
            ranked.sort_compact_by(|&a, &b| match (self.pods.get(a), self.pods.get(b)) {
                (Some(pa), Some(pb)) => self.delete_first((a, pa), (b, pb), &[]),
                _ => std::cmp::Ordering::Equal,
            });
            let victims: Vec<ObjectKey> = ranked
                .into_iter()
                .take(usize::try_from(active_n - want).unwrap_or(0))
                .filter_map(|p| self.pods.get(p).map(|p| p.spec.key.clone()))
                .collect();
            for k in &victims {
                changed |= self.delete_job_pod(&key, k);
            }
            now_active -= i32::try_from(victims.len()).unwrap_or(0);
        } else if want > active_n {
            let wait = backoff_remaining(job.failures_after_success, job.last_failure, now);
            if wait > SimDuration::ZERO {
                let at = now + wait;
                job.next_sync = Some(job.next_sync.map_or(at, |t| t.min(at)));
                self.schedule(at, Wakeup::Controllers);
            } else {
                let room = crate::admission::admit::MAX_PODS.saturating_sub(self.pods.len());
                let n = usize::try_from(want - active_n).unwrap_or(0).min(room);
                let indexes: Vec<Option<i32>> = match job.spec.mode {
                    CompletionMode::NonIndexed => vec![None; n],
                    CompletionMode::Indexed => self
                        .first_pending_indexes(&job, &pods, n)
                        .into_iter()
                        .map(Some)
                        .collect(),
                };
                for ix in indexes {
                    self.create_job_pod(&job, ix);
                    now_active += 1;
                    changed = true;
                }
            }
        }
        let complete = match job.spec.completions {
            None => job.succeeded > 0 && now_active == 0,
            Some(c) => job.succeeded >= c && now_active == 0,
        };
        if complete {
            job.condition = Some(JobCondition::Complete);
            job.completion_time = Some(now);
            self.record_on(InvolvedKind::Job, key, EventKind::JobCompleted);
            changed = true;
        }
        self.put_job(i, job);
        changed
    }

    fn put_job(&mut self, i: usize, job: Job) {
        if let Some(slot) = self.controllers.jobs.get_mut(i) {
            // Keep a sync queued meanwhile by `schedule`d deadlines or back-off.
            *slot = job;
        }
    }

    /// `pastBackoffLimitOnFailure`: with `restartPolicy: OnFailure`, the restarts of the
    /// containers of Pending and Running pods reach `backoffLimit` (any restart when it is 0).
    fn past_backoff_on_failure(&self, job: &Job, pods: &[PodId]) -> bool {
        if job.spec.template.restart_policy != RestartPolicy::OnFailure {
            return false;
        }
        let restarts: i64 = pods
            .iter()
            .filter_map(|&p| self.pods.get(p))
            .filter(|p| matches!(status::phase(p), Phase::Pending | Phase::Running))
            .flat_map(|p| p.all_containers().map(|(_, c)| i64::from(c.restart_count)))
            .sum();
        let limit = i64::from(job.spec.backoff_limit);
        if limit == 0 {
            restarts > 0
        } else {
            restarts >= limit
        }
    }

    /// `firstPendingIndexes`: the lowest indexes neither succeeded nor held by an active pod.
    fn first_pending_indexes(&self, job: &Job, pods: &[PodId], n: usize) -> Vec<i32> {
        let held: Set<i32> = pods
            .iter()
            .filter_map(|&p| self.pods.get(p))
            .filter(|p| super::is_active(p))
            .filter_map(index_of)
            .collect();
        (0..job.spec.completions.unwrap_or(0))
            .filter(|i| !held.contains(i) && !job.succeeded_indexes.contains(i))
            .take(n)
            .collect()
    }

    /// A pod from the template: `generateName` `<job>-` (`<job>-<index>-` for an Indexed
    /// Job, hostname `<job>-<index>` and `JOB_COMPLETION_INDEX` from the index annotation),
    /// the `batch.kubernetes.io/controller-uid` and `job-name` labels (and the legacy
    /// `controller-uid`, `job-name`); the `SuccessfulCreate` event.
    fn create_job_pod(&mut self, job: &Job, index: Option<i32>) {
        let mut spec = job.spec.template.clone();
        let name = &job.spec.key.name;
        let uid = job.uid.to_string();
        for (k, v) in [
            ("batch.kubernetes.io/controller-uid", uid.as_str()),
            ("batch.kubernetes.io/job-name", name.as_str()),
            ("controller-uid", uid.as_str()),
            ("job-name", name.as_str()),
        ] {
            spec.labels.insert(k.to_owned(), v.to_owned());
        }
        let base = match index {
            // indexed_job_utils.go `podGenerateNameWithIndex`: the base cut so that
            // `<base>-<index>-` fits the generator's 58 characters.
            Some(ix) => {
                let suffix = format!("-{ix}");
                let keep = 58usize.saturating_sub(suffix.len() + 1);
                format!("{}{suffix}", name.chars().take(keep).collect::<String>())
            }
            None => name.clone(),
        };
        for _ in 0..16 {
            spec.key.name = crate::admission::admit::generate_name(&base, &mut self.rng);
            if self.pod_id(&spec.key).is_none() {
                break;
            }
        }
        spec.hostname = spec.key.name.chars().take(63).collect();
        if let Some(ix) = index {
            let ix = ix.to_string();
            spec.labels.insert(COMPLETION_INDEX.to_owned(), ix.clone());
            spec.api
                .metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(COMPLETION_INDEX.to_owned(), ix.clone());
            spec.hostname = format!("{name}-{ix}").chars().take(63).collect();
            if let Some(s) = spec.api.spec.as_mut() {
                let env = api::EnvVar {
                    name: "JOB_COMPLETION_INDEX".to_owned(),
                    value: None,
                    value_from: Some(api::EnvVarSource {
                        field_ref: Some(api::ObjectFieldSelector {
                            api_version: Some("v1".to_owned()),
                            field_path: format!("metadata.annotations['{COMPLETION_INDEX}']"),
                        }),
                        ..Default::default()
                    }),
                };
                for c in s
                    .containers
                    .iter_mut()
                    .chain(s.init_containers.iter_mut().flatten())
                {
                    let list = c.env.get_or_insert_with(Vec::new);
                    if !list.iter().any(|e| e.name == env.name) {
                        list.push(env.clone());
                    }
                }
            }
        }
        spec.api.metadata.labels = Some(spec.labels.clone());
        spec.owner = Some(PodOwner {
            kind: OwnerKind::Job,
            name: name.clone(),
            replica_set: name.clone(),
        });
        let pod = spec.key.name.clone();
        self.record_on(
            InvolvedKind::Job,
            job.spec.key.clone(),
            EventKind::SuccessfulCreate { pod },
        );
        self.admit(spec);
    }

    /// The controller's DELETE of one of its pods, with `SuccessfulDelete`.
    fn delete_job_pod(&mut self, job: &ObjectKey, pod: &ObjectKey) -> bool {
        let Some(p) = self.pod_id(pod) else {
            return false;
        };
        self.delete_pod(p, None);
        self.record_on(
            InvolvedKind::Job,
            job.clone(),
            EventKind::SuccessfulDelete {
                pod: pod.name.clone(),
            },
        );
        true
    }
}

/// A Job's pods.
fn pods_of<'a>(world: &'a World, key: &'a ObjectKey) -> Vec<&'a Pod> {
    world.job_pods(key).map(|(_, p)| p).collect()
}

/// backoff_utils.go `getRemainingTimeForFailuresCount`: 10 s doubling per failure since the
/// last success, at most 10 min, counted from the last failure.
fn backoff_remaining(failures: u32, last: Option<SimTime>, now: SimTime) -> SimDuration {
    let Some(last) = last.filter(|_| failures > 0) else {
        return SimDuration::ZERO;
    };
    let mut backoff = POD_FAILURE_BACKOFF;
    for _ in 1..failures {
        backoff = SimDuration::from_millis(backoff.as_millis().saturating_mul(2));
        if backoff >= MAX_POD_FAILURE_BACKOFF {
            backoff = MAX_POD_FAILURE_BACKOFF;
            break;
        }
    }
    let elapsed = now.since(last);
    if backoff < elapsed {
        SimDuration::ZERO
    } else {
        SimDuration::from_millis(backoff.as_millis() - elapsed.as_millis())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn pod_failure_back_off_doubles_to_ten_minutes() {
        let t = |s| SimTime::ZERO + SimDuration::from_secs(s);
        assert_eq!(backoff_remaining(0, Some(t(0)), t(0)), SimDuration::ZERO);
        assert_eq!(
            backoff_remaining(1, Some(t(0)), t(4)),
            SimDuration::from_secs(6)
        );
        assert_eq!(
            backoff_remaining(3, Some(t(0)), t(0)),
            SimDuration::from_secs(40)
        );
        assert_eq!(
            backoff_remaining(9, Some(t(0)), t(0)),
            SimDuration::from_secs(600)
        );
        assert_eq!(backoff_remaining(2, Some(t(0)), t(30)), SimDuration::ZERO);
    }
}
