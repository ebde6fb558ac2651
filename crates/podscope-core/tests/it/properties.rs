//! Properties over seeded random action sequences: whatever the user kills and whenever, the
//! pod IP stays while the sandbox lives, restart counts never go down, back-off delays are
//! the kubelet's, and two servers never listen on one port of one network namespace.

use podscope_core::model::refs::ContainerRef;
use podscope_core::model::rng::SeededRng;
use podscope_core::model::signal::Signal;
use podscope_core::model::time::SimDuration;
use podscope_core::sim::world::{ContainerState, WaitingReason};
use podscope_core::{Command, World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const PODS: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: demo}
spec:
  containers:
  - {name: busybox, image: 'busybox:1.36', command: [sleep, 3650d]}
  - {name: nginx, image: 'nginx:1.21'}
---
apiVersion: v1
kind: Pod
metadata: {name: twins}
spec:
  containers:
  - {name: first, image: 'nginx:1.21'}
  - {name: second, image: 'nginx:1.21'}
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
  - {name: bb, image: 'busybox:1.36'}
";

/// CrashLoopBackOff delays as the kubelet prints them: 10 s doubling to the 300 s cap
/// (pkg/kubelet/kubelet.go `initialCrashLoopBackOff`, `MaxCrashLoopBackOff`).
const DELAYS: [&str; 6] = ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"];

#[test]
fn random_kills_keep_ips_counts_back_off_and_ports_sane() {
    for seed in 0..12u64 {
        let loaded = load(PODS, seed);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut world = World::from_loaded(&loaded, seed, WorldOptions::default());
        world.settle_pulls();
        let mut rng = SeededRng::new(seed ^ 0xC0FFEE);
        let ips: Vec<_> = world.pods().map(|p| p.ip).collect();
        let mut counts: Vec<Vec<u32>> = world
            .pods()
            .map(|p| p.containers.iter().map(|c| c.restart_count).collect())
            .collect();
        for _ in 0..60 {
            world.run_for(SimDuration::from_millis(rng.below(40_000)));
            let pods = world.pods().cloned().collect::<Vec<_>>();
            let pod = &pods[rng.below(pods.len() as u64) as usize];
            let c = &pod.containers[rng.below(pod.containers.len() as u64) as usize];
            let signal = if rng.below(2) == 0 {
                Signal::KILL
            } else {
                Signal::TERM
            };
            let _ = podscope_core::apply(
                &mut world,
                &Command::Kill {
                    target: ContainerRef::new(&pod.spec.key, &c.spec.name),
                    signal,
                },
            );
            for (i, p) in world.pods().enumerate() {
                assert_eq!(p.ip, ips[i], "seed {seed}: {}'s IP moved", p.spec.key);
                let mut nginx_up = 0;
                for (j, c) in p.containers.iter().enumerate() {
                    assert!(
                        c.restart_count >= counts[i][j],
                        "seed {seed}: {} restart count went down",
                        c.spec.name
                    );
                    counts[i][j] = c.restart_count;
                    if let ContainerState::Waiting {
                        reason: WaitingReason::CrashLoopBackOff,
                        message: Some(m),
                    } = &c.state
                    {
                        let delay = m.split_whitespace().nth(1).unwrap_or("");
                        assert!(DELAYS.contains(&delay), "seed {seed}: {m}");
                    }
                    // A second nginx in the pod exits within 2.5 s of starting, so two
                    // masters never both run past their bind().
                    if let (ContainerState::Running { started_at }, true) =
                        (&c.state, c.spec.image.short_name == "nginx")
                        && world.now().since(*started_at) > SimDuration::from_secs(3)
                    {
                        nginx_up += 1;
                    }
                }
                assert!(
                    nginx_up <= 1,
                    "seed {seed}: two nginx listen on :80 in {}",
                    p.spec.key
                );
            }
        }
    }
}
