//! The chaos workload of issue 5: pods of three containers each (nginx, busybox running
//! `sleep 3600`, redis), and a SIGKILL of a running container at a fixed simulated interval,
//! round-robin over every container, for 24 simulated hours. It drives the world only through
//! the public API (`load`, `World::from_loaded`, `World::apply(&Command::Kill)`, `World::advance_to`),
//! so it keeps working while the engine grows.

use std::fmt::Write;

use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::{Command, DEFAULT_SEED, Loaded, World, WorldOptions, load};

/// 24 simulated hours.
pub const DAY: SimDuration = SimDuration::from_millis(24 * 60 * 60 * 1000);

/// The containers of every chaos pod, in manifest order.
pub const CONTAINERS: [&str; 3] = ["web", "shell", "cache"];

/// The pod counts of the scaling check (`chaos_scaling/N`).
pub const SCALING_PODS: [usize; 4] = [5, 10, 20, 40];

/// The figure: 10 pods, a kill every simulated minute.
pub const PODS: usize = 10;
pub const KILL_EVERY: SimDuration = SimDuration::from_secs(60);

/// `pods` Pods `chaos-0` … in the default namespace, each with nginx, busybox sleeping an hour
/// (it exits 0 every hour and the kubelet restarts it: `restartPolicy: Always`) and redis.
pub fn manifest(pods: usize) -> String {
    let mut out = String::new();
    for i in 0..pods {
        if i > 0 {
            out.push_str("---\n");
        }
        let r = write!(
            out,
            "apiVersion: v1
kind: Pod
metadata:
  name: chaos-{i}
  labels: {{app: chaos}}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{{containerPort: 80}}]
  - name: shell
    image: busybox:1.36
    command: [sleep, \"3600\"]
  - name: cache
    image: redis:7.4
    ports: [{{containerPort: 6379}}]
"
        );
        r.expect("writing to a String cannot fail");
    }
    out
}

/// The probes variant (issue 6): the same pods with a liveness and a readiness probe on every
/// container, every 10 s (httpGet on nginx, exec `cat /etc/hostname` on busybox, tcpSocket
/// on redis).
pub fn manifest_with_probes(pods: usize) -> String {
    let probes = |indent: &str, handler: &str| {
        format!(
            "{indent}livenessProbe: {{{handler}, periodSeconds: 10}}\n{indent}readinessProbe: {{{handler}, periodSeconds: 10}}\n"
        )
    };
    let mut out = String::new();
    for (i, doc) in manifest(pods).split("---\n").enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        for line in doc.lines() {
            out.push_str(line);
            out.push('\n');
            let handler = match line.trim() {
                "image: nginx:1.27" => "httpGet: {path: /, port: 80}",
                "command: [sleep, \"3600\"]" => "exec: {command: [cat, /etc/hostname]}",
                "ports: [{containerPort: 6379}]" => "tcpSocket: {port: 6379}",
                _ => continue,
            };
            out.push_str(&probes("    ", handler));
        }
    }
    out
}

/// One chaos run, set up and ready to go: the manifest (loaded once, outside any timing)
/// and the kill commands, one per container, in round-robin order.
#[derive(Clone, Debug)]
pub struct Chaos {
    pub loaded: Loaded,
    pub targets: Vec<Command>,
    pub kill_every: SimDuration,
}

/// What a run did: kills that hit a running container, and attempts that found the target
/// not running (restarting, or in back-off) and moved on to the next container.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub kills: u64,
    pub skipped: u64,
    /// Event occurrences reported during the run.
    pub events: u64,
    /// Of those, failed probes (`Unhealthy`).
    pub unhealthy: u64,
}

impl Chaos {
    /// `pods` pods with a kill every `kill_every`.
    pub fn new(pods: usize, kill_every: SimDuration) -> Self {
        Self::from_manifest(&manifest(pods), pods, kill_every)
    }

    /// The same with liveness and readiness probes on every container (issue 6).
    pub fn with_probes(pods: usize, kill_every: SimDuration) -> Self {
        Self::from_manifest(&manifest_with_probes(pods), pods, kill_every)
    }

    fn from_manifest(text: &str, pods: usize, kill_every: SimDuration) -> Self {
        let loaded = load(text, DEFAULT_SEED);
        assert!(
            !loaded.has_errors(),
            "the chaos manifest must load cleanly: {:?}",
            loaded.diagnostics.iter().find(|d| d.is_error())
        );
        let targets = (0..pods)
            .flat_map(|i| {
                CONTAINERS.iter().map(move |c| {
                    format!("kill chaos-{i}/{c}")
                        .parse::<Command>()
                        .expect("a well-formed kill command")
                })
            })
            .collect();
        Chaos {
            loaded,
            targets,
            kill_every,
        }
    }

    /// The scaling variant: `pods` pods with kills as frequent per container as in the
    /// 10-pod run (one a minute per ten pods), so events grow with pods and the time per pod
    /// should stay flat if the cost is linear.
    pub fn scaled(pods: usize) -> Self {
        let every = KILL_EVERY.as_millis() * PODS as u64 / pods.max(1) as u64;
        Chaos::new(pods, SimDuration::from_millis(every))
    }

    /// Creates the world and runs 24 simulated hours of chaos: at every `kill_every` the next
    /// running container in round-robin order gets SIGKILL.
    pub fn run(&self) -> (World, Outcome) {
        let mut world = World::from_loaded(&self.loaded, DEFAULT_SEED, WorldOptions::default());
        let outcome = self.run_on(&mut world);
        (world, outcome)
    }

    /// The chaos alone, on a world already created from `self.loaded`.
    pub fn run_on(&self, world: &mut World) -> Outcome {
        let mut outcome = Outcome::default();
        let step = self.kill_every.as_millis().max(1);
        let end = DAY.as_millis();
        let mut next = 0;
        let mut t = step;
        let mut seen = world.events_reported();
        while t <= end {
            world.advance_to(SimTime::from_millis(t));
            // The journal keeps the latest occurrences: read this step's before they go.
            outcome.unhealthy += world
                .event_log()
                .rev()
                .take_while(|e| e.seq >= seen)
                .filter(|e| e.reason() == "Unhealthy")
                .count() as u64;
            seen = world.events_reported();
            // Round-robin from where the last kill left off, skipping containers that are not
            // running (the kill is refused with `NotRunning`), at most once around.
            for _ in 0..self.targets.len() {
                let Some(target) = self.targets.get(next) else {
                    break;
                };
                next = (next + 1) % self.targets.len();
                if podscope_core::apply(world, target).is_ok() {
                    outcome.kills += 1;
                    break;
                }
                outcome.skipped += 1;
            }
            t += step;
        }
        world.advance_to(SimTime::from_millis(end));
        outcome.events = world.events_reported();
        outcome
    }
}
