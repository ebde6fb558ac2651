//! The playground's examples: each a manifest and a short scenario script (the recorded-action
//! format, docs/scenarios.md) that shows its point, kept as files in `examples/` and shared by
//! the page's Examples menu, the tests and the docs.

use std::fmt;
use std::str::FromStr;

use crate::model::runtime::Runtime;

/// The pod from Ian Lewis' "The Almighty Pause Container", as the seed posts run it: a
/// busybox that sleeps and an nginx, sharing the pause container's namespaces.
pub const DEMO: &str = include_str!("examples/demo.yaml");

/// One example of the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExampleId {
    Demo,
    AlpineNodeSelector,
    NginxSidecar,
    ZombiesReaped,
    ZombiesStay,
    Oom,
    PortConflict,
    InitSidecar,
    CrashLoop,
    RollingUpdate,
    JobPi,
    RuntimeContainerd,
    RuntimeCriO,
    RuntimeDocker,
}

/// An example: what the menu shows and what it loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: ExampleId,
    pub title: &'static str,
    /// What it shows, in one line.
    pub point: &'static str,
    /// The runtime the world runs it under.
    pub runtime: Runtime,
    pub yaml: &'static str,
    /// The scenario script, played into the world built from `yaml`.
    pub script: &'static str,
}

impl ExampleId {
    /// Every example, in the menu's order.
    pub const ALL: [ExampleId; 14] = [
        ExampleId::Demo,
        ExampleId::AlpineNodeSelector,
        ExampleId::NginxSidecar,
        ExampleId::ZombiesReaped,
        ExampleId::ZombiesStay,
        ExampleId::Oom,
        ExampleId::PortConflict,
        ExampleId::InitSidecar,
        ExampleId::CrashLoop,
        ExampleId::RollingUpdate,
        ExampleId::JobPi,
        ExampleId::RuntimeContainerd,
        ExampleId::RuntimeCriO,
        ExampleId::RuntimeDocker,
    ];

    /// The name in ids and file names (`demo`, `oom`, `runtime-crio`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleId::Demo => "demo",
            ExampleId::AlpineNodeSelector => "alpine-node-selector",
            ExampleId::NginxSidecar => "nginx-sidecar",
            ExampleId::ZombiesReaped => "zombies-reaped",
            ExampleId::ZombiesStay => "zombies-stay",
            ExampleId::Oom => "oom",
            ExampleId::PortConflict => "port-conflict",
            ExampleId::InitSidecar => "init-sidecar",
            ExampleId::CrashLoop => "crashloop",
            ExampleId::RollingUpdate => "rolling-update",
            ExampleId::JobPi => "job-pi",
            ExampleId::RuntimeContainerd => "runtime-containerd",
            ExampleId::RuntimeCriO => "runtime-crio",
            ExampleId::RuntimeDocker => "runtime-docker",
        }
    }

    /// Whether it is one of the runtime examples, the demo pod under one runtime: the page
    /// shows it beside the other runtimes (`scenario::compare`).
    pub fn compares_runtimes(self) -> bool {
        matches!(
            self,
            ExampleId::RuntimeContainerd | ExampleId::RuntimeCriO | ExampleId::RuntimeDocker
        )
    }

    /// The example's table entry.
    pub fn get(self) -> Example {
        let example = |title, point, yaml, script| Example {
            id: self,
            title,
            point,
            runtime: Runtime::Containerd,
            yaml,
            script,
        };
        match self {
            ExampleId::Demo => example(
                "The pause container (demo pod)",
                "busybox and nginx share pause's network: kill nginx, it restarts with the same IP",
                DEMO,
                include_str!("examples/demo.script"),
            ),
            ExampleId::AlpineNodeSelector => example(
                "nodeSelector, requests and limits",
                "the alpine Deployment lands on the Node its nodeSelector names, Burstable",
                include_str!("examples/alpine-node-selector.yaml"),
                include_str!("examples/alpine-node-selector.script"),
            ),
            ExampleId::NginxSidecar => example(
                "Log sidecar, ConfigMap and Service",
                "nginx serves a ConfigMap page; a sidecar reads its log from a shared emptyDir",
                include_str!("examples/nginx-sidecar.yaml"),
                include_str!("examples/nginx-sidecar.script"),
            ),
            ExampleId::ZombiesReaped => example(
                "Zombies reaped (shareProcessNamespace)",
                "with one PID namespace, /pause is PID 1 and reaps orphaned processes",
                include_str!("examples/zombies-reaped.yaml"),
                include_str!("examples/zombies-reaped.script"),
            ),
            ExampleId::ZombiesStay => example(
                "Zombies stay (no shared PID namespace)",
                "without it, the container's own PID 1 never waits: the zombie stays",
                include_str!("examples/zombies-stay.yaml"),
                include_str!("examples/zombies-stay.script"),
            ),
            ExampleId::Oom => example(
                "OOMKilled",
                "250M under a 100Mi limit: the OOM killer ends it (exit 137), then back-off",
                include_str!("examples/oom.yaml"),
                include_str!("examples/oom.script"),
            ),
            ExampleId::PortConflict => example(
                "Port conflict",
                "two nginx in one network namespace: the second cannot bind port 80",
                include_str!("examples/port-conflict.yaml"),
                include_str!("examples/port-conflict.script"),
            ),
            ExampleId::InitSidecar => example(
                "Init container and native sidecar",
                "setup runs to completion, then the restartPolicy: Always sidecar, then web",
                include_str!("examples/init-sidecar.yaml"),
                include_str!("examples/init-sidecar.script"),
            ),
            ExampleId::CrashLoop => example(
                "CrashLoopBackOff",
                "a container that exits at once is restarted after 10s, 20s, 40s, … of back-off",
                include_str!("examples/crashloop.yaml"),
                include_str!("examples/crashloop.script"),
            ),
            ExampleId::RollingUpdate => example(
                "Rolling update",
                "kubectl apply of a new image: a new ReplicaSet replaces the pods one by one",
                include_str!("examples/rolling-update.yaml"),
                include_str!("examples/rolling-update.script"),
            ),
            ExampleId::JobPi => example(
                "Job (pi)",
                "the docs' pi Job: one pod computes π, completes, and keeps its output",
                include_str!("examples/job-pi.yaml"),
                include_str!("examples/job-pi.script"),
            ),
            ExampleId::RuntimeContainerd => example(
                "Runtime: containerd",
                "the demo pod under containerd: a pause sandbox, one shim for the whole pod",
                DEMO,
                include_str!("examples/runtime-containerd.script"),
            ),
            ExampleId::RuntimeCriO => Example {
                runtime: Runtime::CriO,
                ..example(
                    "Runtime: CRI-O",
                    "the demo pod under CRI-O: no pause process (drop_infra_ctr), conmon",
                    DEMO,
                    include_str!("examples/runtime-crio.script"),
                )
            },
            ExampleId::RuntimeDocker => Example {
                runtime: Runtime::Docker,
                ..example(
                    "Runtime: Docker (cri-dockerd)",
                    "the demo pod under Docker: k8s_POD_ sandbox, each container its own UTS",
                    DEMO,
                    include_str!("examples/runtime-docker.script"),
                )
            },
        }
    }
}

impl fmt::Display for ExampleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error `ExampleId::from_str` gives for a name that is no example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownExample(pub String);

impl fmt::Display for UnknownExample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no example named {:?}", self.0)
    }
}

impl std::error::Error for UnknownExample {}

impl FromStr for ExampleId {
    type Err = UnknownExample;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExampleId::ALL
            .into_iter()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownExample(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_example_names_itself_and_parses_back() {
        for id in ExampleId::ALL {
            assert_eq!(id.get().id, id);
            assert_eq!(id.as_str().parse::<ExampleId>(), Ok(id));
        }
        assert_eq!(
            "nope".parse::<ExampleId>(),
            Err(UnknownExample("nope".into()))
        );
    }

    #[test]
    fn every_example_is_a_tour_of_two_to_five_stops() {
        for id in ExampleId::ALL {
            let script: crate::scenario::script::Scenario =
                id.get().script.parse().expect("an example's script parses");
            let stops = script.stops().len();
            assert!((2..=5).contains(&stops), "{id}: {stops} stops");
        }
    }
}
