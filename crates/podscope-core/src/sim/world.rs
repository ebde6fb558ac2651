//! The world: the nodes, the pods the scheduler placed on them with their sandboxes and
//! containers, the event log, and the virtual clock with its queue of pending wake-ups. The
//! kubelet's rules live in `kubelet`.

use podscope_collections::{Map, Set};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use crate::admission::load::Loaded;
use crate::admission::scheduler;
use crate::model::cluster::{Cluster, NodeSpec};
use crate::model::ids::{ContainerId, ContainerName, ObjectKey, Pid, PodId, PodUid, SandboxId};
use crate::model::linux_ns::NsSet;
use crate::model::resources::{self, NodeFacts, PodResources};
use crate::model::rng::SeededRng;
use crate::model::runtime::Runtime;
use crate::model::spec::{ContainerSpec, PodSpec};
use crate::model::time::{SimDuration, SimTime};
use crate::sim::event::{Event, EventKind};
use crate::sim::event::{recorder::Events, store::StoredEvent};
use crate::sim::node::{Node, NodeInfo};

/// The sandbox (pause) image containerd 2.2 runs by default
/// (containerd internal/cri/config/config.go `DefaultSandboxImage`); other runtimes:
/// `Runtime::pause_image`.
pub const PAUSE_IMAGE: &str = "registry.k8s.io/pause:3.10.1";

/// How the world is set up, beyond its pods and seed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorldOptions {
    /// The container runtime on the node (containerd unless chosen).
    pub runtime: Runtime,
    /// The kubelet's feature gates.
    pub gates: crate::model::gates::FeatureGates,
}

/// A pod of the cluster.
#[derive(Clone, Debug)]
pub struct Pod {
    pub spec: PodSpec,
    pub uid: PodUid,
    /// The node it was scheduled or bound to (an index into `World::nodes`); `None` while
    /// it is Pending without a node.
    pub node: Option<usize>,
    /// QoS class, `oom_score_adj` and cgroup values (None only if a quantity did not parse,
    /// which validation reports first).
    pub resources: Option<PodResources>,
    /// Why the scheduler could not place the pod, while it stays Pending.
    pub unschedulable: Option<String>,
    pub ip: Option<Ipv4Addr>,
    /// The current sandbox (Ready, or NotReady after its pause process died).
    pub sandbox: Option<Sandbox>,
    /// Sandboxes the kubelet replaced, oldest first, kept until garbage collection
    /// (`crictl pods` lists them NotReady).
    pub old_sandboxes: Vec<Sandbox>,
    /// `spec.initContainers`, in order: regular init containers and native sidecars
    /// (`restartPolicy: Always`, `ContainerSpec::sidecar`).
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    /// `spec.ephemeralContainers`: debug containers added to the running pod.
    pub ephemeral_containers: Vec<Container>,
    /// When the API server stored the pod (`metadata.creationTimestamp`).
    pub created_at: SimTime,
    /// When the scheduler bound it, if it did.
    pub scheduled_at: Option<SimTime>,
    /// The pod's volumes, set up by the kubelet's volume manager before the sandbox; an
    /// emptyDir lives as long as the pod.
    pub volumes: Map<String, crate::sim::fs::Volume>,
    /// Set once the pod is deleted (`metadata.deletionTimestamp`): the kubelet stops it.
    pub deletion: Option<crate::sim::delete::Deletion>,
    /// A static pod's manifest (the kubelet's file source); its mirror pod is what the
    /// API shows (`static_pods.rs`).
    pub static_source: Option<crate::sim::static_pods::StaticSource>,
}

/// The pod sandbox: the pause container and the namespaces it holds.
#[derive(Clone, Debug)]
pub struct Sandbox {
    pub id: SandboxId,
    pub attempt: u32,
    /// The pause process (host PID); `None` when the runtime runs no infra container (CRI-O's
    /// `drop_infra_ctr` without `shareProcessNamespace`).
    pub pid: Option<Pid>,
    /// The process that watches the infra container: containerd's shim for the whole pod,
    /// Docker's shim for the pause container, CRI-O's conmon; `None` without an infra container.
    pub shim_pid: Option<Pid>,
    /// The pod's namespaces: the pause process's, or those CRI-O pinned (kinds the pod has no
    /// namespace of hold the host's).
    pub ns: NsSet,
    pub created_at: SimTime,
    /// False once the pause process died (the runtime reports SANDBOX_NOTREADY).
    pub ready: bool,
    /// The kubelet has announced `SandboxChanged` and is tearing this sandbox down.
    pub replacing: bool,
    /// The pod IP the CNI plugin gave this sandbox (`None` with hostNetwork): a replaced
    /// sandbox keeps its old one, so the diagram can show the change.
    pub ip: Option<Ipv4Addr>,
}

/// One app container: its current state and history across restarts.
#[derive(Clone, Debug)]
pub struct Container {
    pub spec: ContainerSpec,
    pub state: ContainerState,
    /// The running instance, or the most recent one after it exited.
    pub instance: Option<Instance>,
    pub restart_count: u32,
    /// The previous termination (`lastState.terminated`).
    pub last_state: Option<Terminated>,
    /// The newest exited instance before the current one, which the kubelet's container
    /// garbage collector keeps (`crictl ps -a`, `kubectl logs --previous`).
    pub dead: Option<Instance>,
    /// `status.containerStatuses[].ready`: running and, when it has a readiness probe,
    /// passing it.
    pub ready: bool,
    /// The kubelet asked the runtime to stop it (a `Killing` event) and it has not exited yet.
    pub stopping: bool,
    /// It was stopped because its spec changed (a new image applied): it starts again with
    /// the new spec whatever the restart policy, without back-off (the back-off key holds the
    /// spec's hash).
    pub redefined: bool,
    /// The kubelet's reason cache holds `CrashLoopBackOff` for it: a sync found it in
    /// back-off (kubelet.go `SyncPod` → `reasonCache.Update`). The status a later sync
    /// generates shows it Waiting; a successful start clears it.
    pub backoff_cached: bool,
}

impl Container {
    pub(crate) fn new(spec: ContainerSpec, reason: WaitingReason) -> Self {
        Container {
            spec,
            state: ContainerState::Waiting {
                reason,
                message: None,
            },
            instance: None,
            restart_count: 0,
            last_state: None,
            dead: None,
            ready: false,
            stopping: false,
            redefined: false,
            backoff_cached: false,
        }
    }
}

/// One run of a container: what the runtime created for one attempt.
#[derive(Clone, Debug)]
pub struct Instance {
    pub id: ContainerId,
    /// The CRI attempt number (the restart count when it was started).
    pub attempt: u32,
    /// Its processes; the first is PID 1 of the container.
    pub pids: Vec<Pid>,
    pub ns: NsSet,
    pub started_at: SimTime,
    /// What the kubelet passed as `OomScoreAdj` (pkg/kubelet/qos/policy.go).
    pub oom_score_adj: i32,
    /// The container's cgroup directory.
    pub cgroup_path: String,
    /// The runtime's monitor for this container alone (Docker's shim, CRI-O's conmon); it
    /// exits with the container.
    pub monitor_pid: Option<Pid>,
    /// What `hostname` prints in the container.
    pub hostname: String,
    /// What the container wrote to stdout and stderr (`kubectl logs`, `crictl logs`).
    pub log: String,
    /// The attempt of the sandbox it ran in.
    pub sandbox_attempt: u32,
    /// The instance's writable layer over its image (gone when the instance is).
    pub rootfs: crate::sim::fs::Tree,
    /// Its `volumeMounts`, innermost first.
    pub mounts: Vec<crate::sim::fs::Mount>,
    /// Its process environment, in the runtime's order (`env.rs`).
    pub env: Vec<(String, String)>,
    /// What `apt-get` fetched and installed in its writable layer.
    pub apt: crate::sim::exec::apt::AptState,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Waiting {
        reason: WaitingReason,
        message: Option<String>,
    },
    Running {
        started_at: SimTime,
    },
    Terminated(Terminated),
}

/// `state.waiting.reason` values the model produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitingReason {
    ContainerCreating,
    /// App containers while init containers run (kubelet_pods.go `defaultWaitingState`).
    PodInitializing,
    CrashLoopBackOff,
    /// The kubelet could not build the container's config (a missing ConfigMap, Secret or
    /// key: `env.rs`).
    CreateContainerConfigError,
    /// The image reference does not parse (pkg/kubelet/images/types.go `ErrInvalidImageName`).
    InvalidImageName,
    /// `imagePullPolicy: Never` and the image is not on the node.
    ErrImageNeverPull,
    /// The last pull failed.
    ErrImagePull,
    /// The kubelet waits out the image pull back-off.
    ImagePullBackOff,
    /// The runtime could not start the container (kuberuntime_container.go
    /// `startContainer` → `kubecontainer.ErrRunContainer`), until the next start.
    RunContainerError,
}

impl WaitingReason {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitingReason::ContainerCreating => "ContainerCreating",
            WaitingReason::PodInitializing => "PodInitializing",
            WaitingReason::CrashLoopBackOff => "CrashLoopBackOff",
            WaitingReason::CreateContainerConfigError => "CreateContainerConfigError",
            WaitingReason::InvalidImageName => "InvalidImageName",
            WaitingReason::ErrImageNeverPull => "ErrImageNeverPull",
            WaitingReason::ErrImagePull => "ErrImagePull",
            WaitingReason::ImagePullBackOff => "ImagePullBackOff",
            WaitingReason::RunContainerError => "RunContainerError",
        }
    }
}

/// `state.terminated`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terminated {
    pub exit_code: i32,
    pub reason: TerminatedReason,
    pub started_at: SimTime,
    pub finished_at: SimTime,
    pub container_id: ContainerId,
    /// `message`: the container's termination message (`termination.rs`), if any.
    pub message: Option<String>,
}

/// `state.terminated.reason`, as the runtime reports it (containerd
/// internal/cri/server/helpers.go `completeExitReason`, `errorExitReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminatedReason {
    Completed,
    Error,
    /// The kernel's OOM killer ended it (containerd `oomExitReason`).
    OOMKilled,
    /// The runtime could not start it (containerd `errorStartReason`, exit code 128).
    StartError,
}

impl TerminatedReason {
    pub fn for_exit_code(code: i32) -> Self {
        if code == 0 {
            TerminatedReason::Completed
        } else {
            TerminatedReason::Error
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TerminatedReason::Completed => "Completed",
            TerminatedReason::Error => "Error",
            TerminatedReason::OOMKilled => "OOMKilled",
            TerminatedReason::StartError => "StartError",
        }
    }
}

impl ContainerState {
    /// The short word the diagram and `crictl` show.
    pub fn label(&self) -> &'static str {
        match self {
            ContainerState::Waiting { reason, .. } => reason.as_str(),
            ContainerState::Running { .. } => "Running",
            ContainerState::Terminated(t) => t.reason.as_str(),
        }
    }
}

/// Where a container sits in its pod: `spec.initContainers[i]` or `spec.containers[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Init(usize),
    App(usize),
    /// `spec.ephemeralContainers[i]`: a debug container (`kubectl debug`), never restarted.
    Ephemeral(usize),
}

impl Pod {
    pub fn container(&self, slot: Slot) -> Option<&Container> {
        match slot {
            Slot::Init(i) => self.init_containers.get(i),
            Slot::App(i) => self.containers.get(i),
            Slot::Ephemeral(i) => self.ephemeral_containers.get(i),
        }
    }

    pub(crate) fn container_mut(&mut self, slot: Slot) -> Option<&mut Container> {
        match slot {
            Slot::Init(i) => self.init_containers.get_mut(i),
            Slot::App(i) => self.containers.get_mut(i),
            Slot::Ephemeral(i) => self.ephemeral_containers.get_mut(i),
        }
    }

    /// The slot of the container called `name` (names are unique across the pod).
    pub fn slot_of(&self, name: &ContainerName) -> Option<Slot> {
        if let Some(i) = self.containers.iter().position(|c| &c.spec.name == name) {
            return Some(Slot::App(i));
        }
        if let Some(i) = self
            .init_containers
            .iter()
            .position(|c| &c.spec.name == name)
        {
            return Some(Slot::Init(i));
        }
        self.ephemeral_containers
            .iter()
            .position(|c| &c.spec.name == name)
            .map(Slot::Ephemeral)
    }

    /// Every container with its slot: init containers first, in order, then app containers.
    pub fn all_containers(&self) -> impl Iterator<Item = (Slot, &Container)> {
        let init = self
            .init_containers
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::Init(i), c));
        let app = self
            .containers
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::App(i), c));
        let ephemeral = self
            .ephemeral_containers
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::Ephemeral(i), c));
        init.chain(app).chain(ephemeral)
    }
}

/// Something scheduled to happen at a simulated time.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Wakeup {
    /// The kubelet syncs the pod (after a PLEG relist saw a change, or a back-off expired).
    SyncPod { pod: PodId },
    /// A process exits by itself (its program finished) with `code`.
    Exit { pid: Pid, code: i32 },
    /// A stop's grace period ran out: the runtime SIGKILLs the container's init process.
    GraceExpired { pid: Pid },
    /// A probe worker's tick (or, `manual`, the status manager's one-off trigger).
    Probe {
        pod: PodId,
        slot: Slot,
        kind: crate::sim::probes::ProbeKind,
        manual: bool,
    },
    /// The controllers look again (a pod will have been ready for `minReadySeconds`).
    Controllers,
    /// The pod's periodic sync rewrites its configMap, secret, downwardAPI and projected
    /// volumes after an object they read changed (`volumes.rs`).
    RefreshVolumes { pod: PodId },
}

/// The whole simulated node and its pods.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) runtime: Runtime,
    pub(crate) gates: crate::model::gates::FeatureGates,
    pub(crate) now: SimTime,
    pub(crate) rng: SeededRng,
    pub(crate) node: Node,
    /// The pods by their stable id, oldest first.
    pub(crate) pods: crate::sim::pods::Pods,
    /// Reported events: the journal, the correlators and the API server's Event objects.
    pub(crate) events: Events,
    /// Pending wake-ups by time, then the order they were queued. A std `BTreeSet`, not the
    /// core's `Set`: it takes from its front and inserts anywhere, thousands deep for a large
    /// Deployment with probes (podscope_collections explains the trade).
    pub(crate) queue: std::collections::BTreeSet<(SimTime, u64, Wakeup)>,
    seq: u64,
    pub(crate) backoff: crate::sim::kubelet::BackOff,
    /// Shell processes, by host PID (their continuation and what they wait for).
    pub(crate) shells: Map<Pid, crate::sim::exec::ShellProc>,
    /// Exit statuses of shells' children that ended before their parent waited.
    pub(crate) exited: Map<Pid, i32>,
    /// Children of shells that ran to their end before their parent got their PID back (a
    /// `( … )` or `sh -c` that never waits): (parent host PID, child's PID in its
    /// namespace) → exit status, for the parent's `wait`.
    pub(crate) finished: Map<(Pid, i32), i32>,
    /// Shells whose fork already hit the container's process limit (they fail at once).
    pub(crate) fork_failed: Set<Pid>,
    /// What the `exec` being run printed, and its status.
    pub(crate) exec_buf: String,
    pub(crate) exec_status: Option<i32>,
    /// The terminal width of the `exec` being run when it has a TTY (`crictl exec -t`), so
    /// its programs see one (`isatty(1)`: `ls` lists in columns).
    pub(crate) exec_tty: Option<usize>,
    /// Interactive `kubectl exec -it` sessions (`exec::session`).
    pub(crate) sessions: crate::sim::exec::session::Sessions,
    /// Each node's kubelet flags (`systemctl restart kubelet`).
    pub(crate) kubelets: crate::sim::static_pods::Kubelets,
    /// The manifest's ConfigMaps, Secrets, Services and nodes.
    pub(crate) cluster: crate::model::cluster::Cluster,
    /// TCP listeners: (network namespace, port) → the listening process.
    pub(crate) listeners: crate::sim::listeners::Listeners,
    /// The nodes as the scheduler sees them (`Cluster::nodes`).
    specs: Vec<NodeSpec>,
    /// What the pods on each node request of it.
    pub(crate) used: Vec<scheduler::Used>,
    /// The node's images, pulls in flight and the image pull back-off.
    pub(crate) images: crate::sim::pull::Images,
    /// The prober's workers, one per (pod, container, probe).
    pub(crate) probes:
        Map<(PodId, Slot, crate::sim::probes::ProbeKind), crate::sim::probes::Worker>,
    /// SyncPod wake-ups queued, by (time, pod).
    pub(crate) pending_syncs: Set<(SimTime, PodId)>,
    /// Deployments and ReplicaSets.
    pub(crate) controllers: crate::sim::controllers::Controllers,
    /// The files the user has on the node (`kubectl apply -f FILE`), as the scenario
    /// provides them (`user_files.rs`).
    pub(crate) files: BTreeMap<String, String>,
    /// When the reader stops a command that watches (Ctrl-C before their next command): a
    /// scenario's next step; `None` runs such a command at one instant.
    pub(crate) interrupt_at: Option<SimTime>,
    /// The node's kubeconfig (`kubectl config`): its current context's namespace is
    /// kubectl's.
    pub kubeconfig: crate::model::kubeconfig::Kubeconfig,
}

impl World {
    /// The world of a loaded manifest (`load`): its pods and cluster objects (nodes,
    /// namespaces, Services, ConfigMaps, Secrets, Deployments, ReplicaSets, Jobs) on its
    /// nodes, every node running `options.runtime`; the scheduler places each pod in the
    /// manifest's order and the kubelet starts them at time zero. The one way to make a world.
    pub fn from_loaded(loaded: &Loaded, seed: u64, options: WorldOptions) -> Self {
        Self::with_cluster(loaded.pods.clone(), seed, options, &loaded.cluster)
    }

    /// `from_loaded`'s work, on the pods and cluster it names.
    fn with_cluster(
        pods: Vec<PodSpec>,
        seed: u64,
        options: WorldOptions,
        cluster: &Cluster,
    ) -> Self {
        let mut rng = SeededRng::new(seed);
        let specs = cluster.nodes().to_vec();
        let node = Node::for_cluster(&mut rng, options.runtime, &specs);
        let specs = if specs.is_empty() {
            vec![NodeSpec::default_node()]
        } else {
            specs
        };
        let used = vec![scheduler::Used::default(); specs.len()];
        let mut world = World {
            runtime: options.runtime,
            gates: options.gates,
            now: SimTime::ZERO,
            rng,
            node,
            pods: crate::sim::pods::Pods::default(),
            events: Events::default(),
            queue: std::collections::BTreeSet::new(),
            seq: 0,
            backoff: crate::sim::kubelet::BackOff::kubelet_default(),
            listeners: crate::sim::listeners::Listeners::default(),
            cluster: cluster.clone(),
            shells: Map::new(),
            exited: Map::new(),
            finished: Map::new(),
            fork_failed: Set::new(),
            exec_buf: String::new(),
            exec_status: None,
            exec_tty: None,
            sessions: Default::default(),
            kubelets: Default::default(),
            specs,
            used,
            images: crate::sim::pull::Images::new(seed),
            probes: Map::new(),
            pending_syncs: Set::new(),
            controllers: crate::sim::controllers::Controllers::default(),
            files: BTreeMap::new(),
            interrupt_at: None,
            kubeconfig: crate::model::kubeconfig::Kubeconfig::kubeadm(
                &crate::model::cluster::default_internal_ip(0),
            ),
        };
        world.register_workloads(&cluster.workloads, &pods);
        world.bind_claims();
        for spec in pods {
            world.admit(spec);
        }
        for job in &cluster.jobs {
            world.add_job(job.clone());
        }
        world.reconcile(true);
        world.advance_to(SimTime::ZERO);
        world
    }

    /// The node called `name` gets these labels, in the API and in the scheduler's view;
    /// false when there is no such node.
    pub(crate) fn set_node_labels(
        &mut self,
        name: &str,
        labels: &BTreeMap<String, String>,
    ) -> bool {
        let mut found = false;
        for n in self
            .cluster
            .nodes_mut()
            .iter_mut()
            .chain(self.specs.iter_mut())
            .filter(|n| n.name == name)
        {
            n.labels = labels.clone();
            found = true;
        }
        // The running node's copy, which `get nodes` and the scheduler's views read.
        self.node.set_labels(name, labels) || found
    }

    /// Admits one pod: computes its resources, asks the scheduler, and if it fits, lets the
    /// kubelet sync it now.
    pub(crate) fn admit(&mut self, mut spec: PodSpec) {
        self.add_image_pull_secrets(&mut spec);
        let uid = PodUid::generate(&mut self.rng);
        // kubelet_pods.go `convertToAPIContainerStatuses`: every container's default waiting
        // reason is PodInitializing when the pod has init containers (init containers too, so
        // kubectl shows `Init:0/N`), else ContainerCreating.
        let app_waiting = if spec.init_containers.is_empty() {
            WaitingReason::ContainerCreating
        } else {
            WaitingReason::PodInitializing
        };
        let init_containers = spec
            .init_containers
            .iter()
            .map(|c| Container::new(c.clone(), WaitingReason::PodInitializing))
            .collect();
        let containers = spec
            .containers
            .iter()
            .map(|c| Container::new(c.clone(), app_waiting))
            .collect();
        let ephemeral_containers = spec
            .ephemeral_containers
            .iter()
            .map(|c| Container::new(c.clone(), WaitingReason::ContainerCreating))
            .collect();
        // Requests do not depend on the node; the cgroup values computed from its memory do,
        // so they are computed again for the node the pod lands on.
        let gates = self.gates.resource_options();
        let resources_on = |info: Option<&NodeInfo>| {
            let facts = info.map(|n| NodeFacts {
                memory_capacity: n.memory_bytes,
                memory_allocatable: n.allocatable.memory_bytes,
            });
            resources::pod_resources(&spec.api, &facts?, &gates).ok()
        };
        let request = resources_on(self.node.info(0))
            .map(|r| r.requests)
            .unwrap_or_default();
        let placing = scheduler::PodRequest::from_pod(&spec.api, request);
        let placement = scheduler::schedule(&self.specs, &self.used, &placing);
        let node = match placement {
            scheduler::Placement::Scheduled(i) | scheduler::Placement::Bound(i) => Some(i),
            _ => None,
        };
        let resources = resources_on(self.node.info(node.unwrap_or(0)));
        let key = spec.key.clone();
        let unschedulable = match &placement {
            scheduler::Placement::Unschedulable(m) => Some(m.clone()),
            _ => None,
        };
        let id = self.pods.insert(Pod {
            spec,
            uid,
            node,
            resources,
            unschedulable,
            ip: None,
            sandbox: None,
            old_sandboxes: Vec::new(),
            init_containers,
            containers,
            ephemeral_containers,
            created_at: self.now,
            scheduled_at: None,
            volumes: Map::new(),
            deletion: None,
            static_source: None,
        });
        match placement {
            scheduler::Placement::Scheduled(i) | scheduler::Placement::Bound(i) => {
                if let Some(u) = self.used.get_mut(i) {
                    u.add(&request);
                    u.add_extended(&placing.extended);
                }
                if let Some(pod) = self.pods.get_mut(id) {
                    pod.scheduled_at = Some(self.now);
                }
                // The scheduler's binding cycle writes `Scheduled`; a pod created with
                // `spec.nodeName` never passes through the scheduler and gets no event.
                if matches!(placement, scheduler::Placement::Scheduled(_)) {
                    let name = self
                        .node
                        .info(i)
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    self.record(key, None, EventKind::Scheduled { node: name });
                }
                self.schedule(self.now, Wakeup::SyncPod { pod: id });
            }
            scheduler::Placement::Unschedulable(message) => {
                self.record(key, None, EventKind::FailedScheduling { message })
            }
            // No kubelet has the node and no scheduler looks at the pod: Pending, silently.
            scheduler::Placement::NodeNotFound(_) => {}
        }
    }

    /// The node's container runtime.
    pub fn runtime(&self) -> Runtime {
        self.runtime
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The nodes' process table and host namespaces (with one node, that node; filter
    /// processes by `Process::node` or use `Node::processes_on` with several).
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Every node, in the manifest's order (never empty).
    pub fn nodes(&self) -> &[NodeInfo] {
        self.node.nodes()
    }

    /// The node a pod runs on, if it was scheduled or bound.
    pub fn node_of(&self, pod: &Pod) -> Option<&NodeInfo> {
        self.node.info(pod.node?)
    }

    /// The index of the node called `name`.
    pub fn node_index(&self, name: &str) -> Option<usize> {
        self.nodes().iter().position(|n| n.name == name)
    }

    /// Every pod, oldest first.
    pub fn pods(&self) -> impl ExactSizeIterator<Item = &Pod> + DoubleEndedIterator + Clone {
        self.pods.values()
    }

    /// Every pod with its id, oldest first.
    pub fn pods_with_ids(&self) -> impl DoubleEndedIterator<Item = (PodId, &Pod)> + Clone {
        self.pods.iter()
    }

    /// The Event objects the API server holds now (`kubectl get events`), in name order:
    /// repeats folded into one object with a count, expired ones gone.
    pub fn events(&self) -> impl Iterator<Item = &StoredEvent> {
        self.events.live(self.now)
    }

    /// The most recent event occurrences as the components reported them, oldest first (at
    /// most `event::journal::JOURNAL_CAP`).
    pub fn event_log(&self) -> impl DoubleEndedIterator<Item = &Event> {
        self.events.journal()
    }

    /// How many event occurrences were reported since the world began.
    pub fn events_reported(&self) -> u64 {
        self.events.reported()
    }

    /// The pod `id`, unless it has left the API.
    pub fn pod(&self, id: PodId) -> Option<&Pod> {
        self.pods.get(id)
    }

    /// The pod `id`, to change (the controllers look at it again after this wake-up).
    pub(crate) fn pod_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        self.pods.get_mut(id)
    }

    /// The pod called `key` (namespace/name).
    pub fn pod_by_key(&self, key: &ObjectKey) -> Option<&Pod> {
        self.pods.get(self.pods.id_of(key)?)
    }

    /// The id of the pod called `key`.
    pub fn pod_id(&self, key: &ObjectKey) -> Option<PodId> {
        self.pods.id_of(key)
    }

    /// Runs every wake-up due up to `t`, then sets the clock to `t` (never backwards).
    pub fn advance_to(&mut self, t: SimTime) {
        while let Some(first) = self.queue.first() {
            if first.0 > t {
                break;
            }
            let Some((at, _, wakeup)) = self.queue.pop_first() else {
                break;
            };
            self.now = self.now.max(at);
            if let Wakeup::SyncPod { pod } = wakeup {
                self.pending_syncs.remove(&(at, pod));
            }
            let force = wakeup == Wakeup::Controllers;
            self.handle(wakeup);
            self.reconcile(force);
        }
        self.now = self.now.max(t);
    }

    /// Sets when the reader interrupts a watching command (`kubectl rollout status`): it
    /// runs the clock up to then at most. `None`: it prints what it sees now and returns.
    pub fn set_interrupt_at(&mut self, at: Option<SimTime>) {
        self.interrupt_at = at;
    }

    /// Advances the clock by `d`.
    pub fn run_for(&mut self, d: SimDuration) {
        self.advance_to(self.now + d);
    }

    /// The time of the next pending wake-up, if any.
    pub fn next_wakeup(&self) -> Option<SimTime> {
        self.queue.first().map(|(t, _, _)| *t)
    }

    pub(crate) fn schedule(&mut self, at: SimTime, wakeup: Wakeup) {
        // The pod workers coalesce syncs (pkg/kubelet/pod_workers.go `UpdatePod`): one sync
        // of a pod per instant is enough, and duplicates used to multiply under back-off.
        if let Wakeup::SyncPod { pod } = wakeup
            && !self.pending_syncs.insert((at, pod))
        {
            return;
        }
        self.seq += 1;
        self.queue.insert((at, self.seq, wakeup));
    }

    pub(crate) fn record(
        &mut self,
        pod: ObjectKey,
        container: Option<ContainerName>,
        kind: EventKind,
    ) {
        let event = Event {
            seq: 0,
            at: self.now,
            object: crate::sim::event::InvolvedKind::Pod,
            pod,
            container,
            kind,
        };
        self.events.record(event, self.now);
    }

    /// Records an event about container `slot` of pod `p` (without a container name if the
    /// slot is empty), unless the pod is gone.
    pub(crate) fn record_for(&mut self, p: PodId, slot: Slot, kind: EventKind) {
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let key = pod.spec.key.clone();
        let name = pod.container(slot).map(|c| c.spec.name.clone());
        self.record(key, name, kind);
    }

    /// Records an event about a controller object.
    pub(crate) fn record_on(
        &mut self,
        object: crate::sim::event::InvolvedKind,
        key: ObjectKey,
        kind: EventKind,
    ) {
        let event = Event {
            seq: 0,
            at: self.now,
            object,
            pod: key,
            container: None,
            kind,
        };
        self.events.record(event, self.now);
    }

    fn handle(&mut self, wakeup: Wakeup) {
        match wakeup {
            Wakeup::SyncPod { pod } => self.sync_pod(pod),
            Wakeup::Exit { pid, code } => {
                self.exit_process(pid, code, TerminatedReason::for_exit_code(code));
            }
            Wakeup::GraceExpired { pid } => {
                self.signal_process(pid, crate::model::signal::Signal::KILL)
            }
            Wakeup::Probe {
                pod,
                slot,
                kind,
                manual,
            } => self.probe_tick(pod, slot, kind, manual),
            // `advance_to` runs the controllers after every wake-up.
            Wakeup::Controllers => {}
            Wakeup::RefreshVolumes { pod } => self.refresh_volumes(pod),
        }
    }
}
