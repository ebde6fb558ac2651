//! The kubelet's prober: liveness, readiness and startup probes as per-container workers
//! ticking on the virtual clock, their results, and what the kubelet does with them (READY,
//! the liveness kill). Handlers run in `probes/handler.rs`; lifecycle hooks in `probes/hooks.rs`.
//!
//! Models kubernetes/kubernetes pkg/kubelet/prober: `worker.go` (`run`, `doProbe`),
//! `prober.go` (`probe`, the `Unhealthy` event texts), `prober_manager.go`
//! (`UpdatePodStatus`: ready and started), `results` (initial values), and
//! pkg/kubelet/kuberuntime/kuberuntime_manager.go `computePodActions` (the liveness and
//! startup kill) with kuberuntime_container.go `killContainer` (probe-level
//! `terminationGracePeriodSeconds`). See docs/probes.md.

mod handler;
mod hooks;

use std::sync::Arc;

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::{ContainerId, PodId};
use crate::model::spec::RestartPolicy;
use crate::model::time::SimDuration;
use crate::sim::event::EventKind;
use crate::sim::exec::ExecLine;
use crate::sim::world::{ContainerState, Slot, Wakeup, World};
use podscope_shell::VarTable;

pub use handler::Handler;
pub(crate) use handler::Outcome;

/// Which probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

impl ProbeKind {
    pub const ALL: [ProbeKind; 3] = [
        ProbeKind::Startup,
        ProbeKind::Readiness,
        ProbeKind::Liveness,
    ];

    /// The word the kubelet's events use (prober.go `probeType.String`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Startup => "Startup",
        }
    }
}

/// One probe of a container, with the API server's defaults applied
/// (pkg/apis/core/v1/defaults.go `SetDefaults_Probe`: timeout 1 s, period 10 s, success 1,
/// failure 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeSpec {
    pub handler: Handler,
    pub initial_delay_secs: u64,
    pub period: SimDuration,
    pub timeout_secs: u64,
    pub success_threshold: u32,
    pub failure_threshold: u32,
    /// The probe-level `terminationGracePeriodSeconds`, which replaces the pod's for a kill
    /// this probe causes.
    pub termination_grace_secs: Option<i64>,
}

fn secs(v: Option<i32>, default: i32) -> u64 {
    u64::try_from(v.unwrap_or(default)).unwrap_or(0)
}

/// A probe field the API server defaults when it is unset or 0 (core/v1 defaults.go
/// `SetDefaults_Probe`: timeout 1, period 10, success 1, failure 3).
fn defaulted(v: Option<i32>, default: i32) -> i32 {
    match v {
        None | Some(0) => default,
        Some(n) => n,
    }
}

impl ProbeSpec {
    pub fn from_api(p: &api::Probe) -> Self {
        ProbeSpec {
            handler: Handler::from_probe(p),
            initial_delay_secs: secs(p.initial_delay_seconds, 0),
            // Validation refuses negative values; `max(1)` keeps the prober ticking whatever
            // reaches it.
            period: SimDuration::from_secs(
                u64::try_from(defaulted(p.period_seconds, 10))
                    .unwrap_or(10)
                    .max(1),
            ),
            timeout_secs: u64::try_from(defaulted(p.timeout_seconds, 1))
                .unwrap_or(1)
                .max(1),
            success_threshold: u32::try_from(defaulted(p.success_threshold, 1))
                .unwrap_or(1)
                .max(1),
            failure_threshold: u32::try_from(defaulted(p.failure_threshold, 3))
                .unwrap_or(3)
                .max(1),
            termination_grace_secs: p.termination_grace_period_seconds,
        }
    }
}

/// The probe of `kind` the API container at `slot` declares.
pub(crate) fn probe_spec(
    pod: &crate::sim::world::Pod,
    slot: Slot,
    kind: ProbeKind,
) -> Option<ProbeSpec> {
    let c = api_container(pod, slot)?;
    let p = match kind {
        ProbeKind::Liveness => c.liveness_probe.as_ref(),
        ProbeKind::Readiness => c.readiness_probe.as_ref(),
        ProbeKind::Startup => c.startup_probe.as_ref(),
    }?;
    Some(ProbeSpec::from_api(p))
}

pub(crate) fn api_container(pod: &crate::sim::world::Pod, slot: Slot) -> Option<&api::Container> {
    let s = pod.spec.api.spec.as_ref()?;
    match slot {
        Slot::App(i) => s.containers.get(i),
        Slot::Init(i) => s.init_containers.as_ref().and_then(|v| v.get(i)),
        // Ephemeral containers may not have probes (validation.go `validateEphemeralContainers`).
        Slot::Ephemeral(_) => None,
    }
}

/// A probe result as the results manager keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeResult {
    Success,
    Failure,
}

/// One probe worker (worker.go `worker`): it lives as long as the pod and follows the
/// container across restarts by its ID.
#[derive(Clone, Debug)]
pub(crate) struct Worker {
    /// Shared so that a tick need not copy the handler.
    spec: Arc<ProbeSpec>,
    /// An exec handler's shell line, parsed once for every tick.
    exec: Option<Arc<ExecLine>>,
    /// The current container's environment as the exec handler's shell starts with it,
    /// built once per container (an instance's environment never changes).
    exec_vars: Option<(ContainerId, VarTable)>,
    container_id: Option<ContainerId>,
    /// The results manager's entry for the current container (`None`: not set, as the
    /// startup probe's `Unknown` initial value).
    result: Option<ProbeResult>,
    last_result: Option<ProbeResult>,
    result_run: u32,
    /// After a liveness or startup failure: stop probing until a new container ID shows up.
    on_hold: bool,
}

impl World {
    /// The probe manager's `AddPod`: a worker for each probe of each container, whose ticker
    /// starts now. Called at every pod sync; only the first adds workers.
    pub(crate) fn add_probe_workers(&mut self, p: PodId) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let slots: Vec<Slot> = pod.all_containers().map(|(s, _)| s).collect();
        for slot in slots {
            let Some(pod) = self.pods.get(p) else {
                return;
            };
            // Regular init containers have no probes (validation forbids them); sidecars do.
            if matches!(slot, Slot::Init(_)) && !pod.container(slot).is_some_and(|c| c.spec.sidecar)
            {
                continue;
            }
            for kind in ProbeKind::ALL {
                if self.probes.contains_key(&(p, slot, kind)) {
                    continue;
                }
                let Some(spec) = self.pods.get(p).and_then(|pod| probe_spec(pod, slot, kind))
                else {
                    continue;
                };
                self.probes.insert(
                    (p, slot, kind),
                    Worker {
                        exec: match &spec.handler {
                            Handler::Exec(argv) => {
                                handler::exec_line(argv).map(|line| Arc::new(ExecLine::new(&line)))
                            }
                            _ => None,
                        },
                        exec_vars: None,
                        spec: Arc::new(spec),
                        container_id: None,
                        result: None,
                        last_result: None,
                        result_run: 0,
                        on_hold: false,
                    },
                );
                // worker.go `run`: doProbe at once, then on every tick of `periodSeconds`.
                self.schedule(
                    self.now,
                    Wakeup::Probe {
                        pod: p,
                        slot,
                        kind,
                        manual: false,
                    },
                );
            }
        }
    }

    /// A container just started: with a readiness or startup probe it is not ready yet, and
    /// the status manager's `UpdatePodStatus` triggers the readiness worker at once; then the
    /// postStart hook runs.
    pub(crate) fn probes_container_started(&mut self, p: PodId, slot: Slot) {
        let has = |kind| self.probes.contains_key(&(p, slot, kind));
        let gated = has(ProbeKind::Readiness) || has(ProbeKind::Startup);
        let readiness = has(ProbeKind::Readiness);
        if let Some(c) = self.pods.get_mut(p).and_then(|pod| pod.container_mut(slot)) {
            c.ready = false;
        }
        if !gated {
            // Without probes the container is ready with the first status the kubelet
            // generates after its PLEG relist sees it running (`report_started`).
            self.schedule(
                self.now + crate::sim::kubelet::PLEG_RELIST_PERIOD,
                crate::sim::world::Wakeup::SyncPod { pod: p },
            );
        }
        if readiness {
            self.schedule(
                self.now,
                Wakeup::Probe {
                    pod: p,
                    slot,
                    kind: ProbeKind::Readiness,
                    manual: true,
                },
            );
        }
        self.run_post_start(p, slot);
    }

    /// The status a sync generates: a container without readiness or startup probes that
    /// the PLEG has seen running (a relist period after its start) is reported ready
    /// (kubelet_pods.go `generateAPIPodStatus` after `pleg.relist`; prober_manager.go
    /// `UpdatePodStatus`).
    pub(crate) fn report_started(&mut self, p: PodId) {
        let now = self.now;
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let slots: Vec<Slot> = pod
            .all_containers()
            .filter(|(slot, c)| {
                !c.ready
                    && matches!(c.state, ContainerState::Running { started_at }
                        if now.since(started_at) >= crate::sim::kubelet::PLEG_RELIST_PERIOD)
                    && !self.probes.contains_key(&(p, *slot, ProbeKind::Readiness))
                    && !self.probes.contains_key(&(p, *slot, ProbeKind::Startup))
            })
            .map(|(slot, _)| slot)
            .collect();
        for slot in slots {
            self.set_ready(p, slot);
        }
    }

    /// A worker's tick (or a manual trigger): one `doProbe`, then the next tick.
    pub(crate) fn probe_tick(&mut self, p: PodId, slot: Slot, kind: ProbeKind, manual: bool) {
        let keep_going = self.do_probe(p, slot, kind);
        let Some(w) = self.probes.get(&(p, slot, kind)) else {
            return;
        };
        if manual {
            return;
        }
        if keep_going {
            let at = self.now + w.spec.period;
            self.schedule(
                at,
                Wakeup::Probe {
                    pod: p,
                    slot,
                    kind,
                    manual: false,
                },
            );
        } else {
            self.probes.remove(&(p, slot, kind));
        }
    }

    /// worker.go `doProbe`. Returns whether the worker goes on.
    fn do_probe(&mut self, p: PodId, slot: Slot, kind: ProbeKind) -> bool {
        let now = self.now;
        let Some(pod) = self.pods.get(p) else {
            return false;
        };
        let policy = pod.spec.restart_policy;
        let Some(c) = pod.container(slot) else {
            return false;
        };
        let Some(id) = c.instance.as_ref().map(|i| i.id) else {
            return true;
        };
        let state = c.state.clone();
        let started = self.container_started(p, slot);
        let Some(w) = self.probes.get_mut(&(p, slot, kind)) else {
            return false;
        };
        if w.container_id != Some(id) {
            w.container_id = Some(id);
            // results_manager initial values: readiness Failure, liveness Success, startup
            // Unknown.
            w.result = match kind {
                ProbeKind::Readiness => Some(ProbeResult::Failure),
                ProbeKind::Liveness => Some(ProbeResult::Success),
                ProbeKind::Startup => None,
            };
            w.on_hold = false;
        }
        if w.on_hold {
            return true;
        }
        let ContainerState::Running { started_at } = state else {
            w.result = Some(ProbeResult::Failure);
            if kind == ProbeKind::Readiness {
                self.set_ready(p, slot);
            }
            // Abort if the container will not be restarted.
            let terminated = matches!(state, ContainerState::Terminated(_));
            return !terminated || policy != RestartPolicy::Never;
        };
        // Probe disabled for InitialDelaySeconds (whole seconds since the start).
        if now.since(started_at).as_millis() / 1000 < w.spec.initial_delay_secs {
            return true;
        }
        if started {
            if kind == ProbeKind::Startup {
                return true;
            }
        } else if kind != ProbeKind::Startup {
            return true;
        }
        let spec = w.spec.clone();
        let exec = w.exec.clone();
        if exec.is_some() && w.exec_vars.as_ref().is_none_or(|(cid, _)| *cid != id) {
            let environ = self
                .pods
                .get(p)
                .and_then(|pod| pod.container(slot))
                .and_then(|c| c.instance.as_ref())
                .map(|i| VarTable::from_environ(&i.env))
                .unwrap_or_default();
            if let Some(w) = self.probes.get_mut(&(p, slot, kind)) {
                w.exec_vars = Some((id, environ));
            }
        }
        let vars = self
            .probes
            .get(&(p, slot, kind))
            .and_then(|w| w.exec_vars.as_ref())
            .map(|(_, v)| v.clone());
        let prepared = exec.as_deref().zip(vars.as_ref());
        let outcome = self.run_handler_with(p, slot, &spec.handler, spec.timeout_secs, prepared);
        let result = match outcome {
            Outcome::Success => ProbeResult::Success,
            Outcome::Failure(output) => {
                self.probe_event(p, slot, format!("{} probe failed: {output}", kind.as_str()));
                ProbeResult::Failure
            }
            Outcome::Error(err) => {
                // prober.go `probe`: the error becomes an event; doProbe throws the result
                // away ("Prober error, throw away the result").
                self.probe_event(
                    p,
                    slot,
                    format!(
                        "{} probe errored and resulted in unknown state: {err}",
                        kind.as_str()
                    ),
                );
                return true;
            }
        };
        let Some(w) = self.probes.get_mut(&(p, slot, kind)) else {
            return false;
        };
        if w.last_result == Some(result) {
            w.result_run += 1;
        } else {
            w.last_result = Some(result);
            w.result_run = 1;
        }
        let below = match result {
            ProbeResult::Failure => w.result_run < w.spec.failure_threshold,
            ProbeResult::Success => w.result_run < w.spec.success_threshold,
        };
        if below {
            return true;
        }
        w.result = Some(result);
        let grace = w.spec.termination_grace_secs;
        if result == ProbeResult::Failure && kind != ProbeKind::Readiness {
            w.on_hold = true;
            w.result_run = 0;
            self.probe_kill(p, slot, kind, grace);
            return true;
        }
        match kind {
            ProbeKind::Readiness => self.set_ready(p, slot),
            ProbeKind::Startup => {
                // Started: readiness may now count; UpdatePodStatus triggers its worker.
                self.set_ready(p, slot);
                if self.probes.contains_key(&(p, slot, ProbeKind::Readiness)) {
                    self.schedule(
                        now,
                        Wakeup::Probe {
                            pod: p,
                            slot,
                            kind: ProbeKind::Readiness,
                            manual: true,
                        },
                    );
                }
            }
            ProbeKind::Liveness => {}
        }
        true
    }

    /// prober_manager.go `UpdatePodStatus`: started once the startup probe succeeded (or
    /// there is none).
    fn container_started(&self, p: PodId, slot: Slot) -> bool {
        match self.probes.get(&(p, slot, ProbeKind::Startup)) {
            None => true,
            Some(w) => {
                let current = self
                    .pods
                    .get(p)
                    .and_then(|pod| pod.container(slot))
                    .and_then(|c| c.instance.as_ref())
                    .map(|i| i.id);
                w.container_id == current && w.result == Some(ProbeResult::Success)
            }
        }
    }

    /// `UpdatePodStatus`'s ready: running, started, and the readiness result Success (or no
    /// readiness probe).
    fn set_ready(&mut self, p: PodId, slot: Slot) {
        let started = self.container_started(p, slot);
        let readiness = self
            .probes
            .get(&(p, slot, ProbeKind::Readiness))
            .map(|w| w.result);
        let Some(c) = self.pods.get_mut(p).and_then(|pod| pod.container_mut(slot)) else {
            return;
        };
        let running = matches!(c.state, ContainerState::Running { .. });
        c.ready = running
            && started
            && match readiness {
                None => true,
                Some(r) => r == Some(ProbeResult::Success),
            };
    }

    /// `computePodActions` kills a container whose liveness (or startup) result is Failure:
    /// the `Killing` message "Container NAME failed liveness probe, will be restarted", with
    /// the probe's `terminationGracePeriodSeconds` when set (`setTerminationGracePeriod`).
    fn probe_kill(&mut self, p: PodId, slot: Slot, kind: ProbeKind, grace: Option<i64>) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let Some(c) = pod.container(slot) else {
            return;
        };
        if c.stopping {
            return;
        }
        let what = match kind {
            ProbeKind::Startup => "startup",
            _ => "liveness",
        };
        // `shouldRestartOnFailure`: ", will be restarted" unless the pod never restarts.
        let restart = pod.spec.restart_policy != RestartPolicy::Never || c.spec.sidecar;
        let mut note = format!("Container {} failed {what} probe", c.spec.name);
        if restart {
            note.push_str(", will be restarted");
        }
        let grace = match grace {
            Some(g) => SimDuration::from_secs(u64::try_from(g.max(2)).unwrap_or(2)),
            None => crate::sim::kubelet::grace_period(&pod.spec),
        };
        self.stop_container(p, slot, grace, Some(note));
    }

    /// Records `Unhealthy`. The kubelet keeps an exec probe's trailing newline in the event,
    /// which `kubectl describe` trims anyway; the model trims it here.
    fn probe_event(&mut self, p: PodId, slot: Slot, message: String) {
        let message = message.trim_end().to_owned();
        self.record_for(p, slot, EventKind::Unhealthy { message });
    }

    /// The result the results manager holds for a container's probe (tests, views).
    pub fn probe_result(&self, p: PodId, slot: Slot, kind: ProbeKind) -> Option<ProbeResult> {
        self.probes.get(&(p, slot, kind)).and_then(|w| w.result)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn zero_timing_fields_take_the_api_defaults() {
        let p = api::Probe {
            period_seconds: Some(0),
            timeout_seconds: Some(0),
            success_threshold: Some(0),
            failure_threshold: Some(0),
            ..Default::default()
        };
        let s = ProbeSpec::from_api(&p);
        assert_eq!(s.period, SimDuration::from_secs(10));
        assert_eq!(
            (s.timeout_secs, s.success_threshold, s.failure_threshold),
            (1, 1, 3)
        );
        let set = api::Probe {
            period_seconds: Some(3),
            failure_threshold: Some(5),
            ..Default::default()
        };
        let s = ProbeSpec::from_api(&set);
        assert_eq!(
            (s.period, s.failure_threshold),
            (SimDuration::from_secs(3), 5)
        );
    }
}
