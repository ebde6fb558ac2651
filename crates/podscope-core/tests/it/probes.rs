//! Probe properties over many seeds: a pod failing its readiness probe is never ready (and so
//! never a Service endpoint: exec/net.rs `connect` only picks pods whose containers are all
//! ready), and restart counts never go down.

use podscope_core::model::time::SimDuration;
use podscope_core::{Command, World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// nginx whose readiness probe asks for a page nginx does not have (404), behind a Service,
/// and a busybox client.
const NOT_READY: &str = "apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports: [{containerPort: 80}]
    readinessProbe:
      httpGet: {path: /ready, port: 80}
      periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [sleep, infinity]
";

#[test]
fn a_pod_failing_readiness_is_never_an_endpoint() {
    // The Service has no ready endpoint, so kube-proxy rejects the connection.
    let wget: Command = "exec client/c -- wget -q -O - web"
        .parse()
        .expect("a well-formed exec");
    for seed in 0..8 {
        let loaded = load(NOT_READY, seed);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut world = World::from_loaded(
            &loaded,
            seed,
            podscope_core::sim::world::WorldOptions::default(),
        );
        // A fresh node pulls the images first.
        world.settle_pulls();
        for _ in 0..40 {
            world.run_for(SimDuration::from_millis(1500));
            let web = world.pods().find(|p| p.spec.key.name == "web");
            let web = web.expect("the web pod");
            assert!(web.containers.iter().all(|c| !c.ready), "seed {seed}");
            let out = podscope_core::apply(&mut world, &wget).expect("the client runs");
            assert_ne!(out.status, 0, "seed {seed}: {}", out.text);
            assert!(
                out.text.contains("Connection refused"),
                "seed {seed}: {}",
                out.text
            );
        }
        let unhealthy = world
            .event_log()
            .filter(|e| e.reason() == "Unhealthy")
            .count();
        assert!(unhealthy > 0, "seed {seed}");
        assert!(
            world
                .event_log()
                .any(|e| e.message()
                    == "Readiness probe failed: HTTP probe failed with statuscode: 404"),
            "seed {seed}"
        );
    }
}

const LIVENESS: &str = "apiVersion: v1
kind: Pod
metadata: {name: live}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
      initialDelaySeconds: 3
      periodSeconds: 3
    readinessProbe:
      tcpSocket: {port: 8080}
      periodSeconds: 1
";

#[test]
fn restart_counts_never_decrease() {
    for seed in 0..6 {
        let loaded = load(LIVENESS, seed);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let mut world = World::from_loaded(&loaded, seed, WorldOptions::default());
        let mut last = 0;
        for step in 0..900 {
            world.run_for(SimDuration::from_millis(700 + (seed * 37 + step) % 900));
            let count = world.pods().next().expect("a pod").containers[0].restart_count;
            assert!(count >= last, "seed {seed}: {count} < {last}");
            last = count;
        }
        assert!(last >= 3, "seed {seed}: only {last} restarts");
    }
}
