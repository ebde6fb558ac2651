//! What the node's tools print (kubectl, crictl, docker, ps, lsns) for the demo pod, a
//! Deployment, a crash loop and each runtime.
// Snapshots are native-only (insta does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::Runtime;
use podscope_core::scenario::examples::DEMO;
use podscope_core::scenario::node_shell;

use crate::scenarios::{run, run_on};

const DEPLOY: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: nginx, image: \"nginx:1.27\", ports: [{containerPort: 80}]}
";

const CRASH: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
    - {name: busybox, image: busybox}
";

fn shell(world: &mut podscope_core::World, lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let o = node_shell::run(world, line);
        out.push_str(&format!("$ {line}\n{}[exit {}]\n", o.text, o.status));
    }
    out
}

#[test]
fn demo_pod_on_containerd() {
    let mut world = run(DEMO, &[], 40);
    insta::assert_snapshot!(shell(
        &mut world,
        &[
            "kubectl get pods",
            "kubectl get po demo -o wide",
            "kubectl describe pod demo",
            "kubectl logs demo",
            "kubectl logs demo -c nope",
            "kubectl logs demo -c nginx --previous",
            "kubectl get events",
            "kubectl get svc",
            "crictl ps",
            "crictl pods",
            "docker ps",
            "kubectl get podz",
            "kubectl get pods nope",
            "kubectl get pods --bogus",
            "kubectl get deploy",
            "frobnicate",
        ]
    ));
}

#[test]
fn deployment_of_three() {
    let mut world = run(DEPLOY, &[], 200);
    insta::assert_snapshot!(shell(
        &mut world,
        &[
            "kubectl get pods -o wide",
            "kubectl get deployments",
            "kubectl get rs",
            "kubectl logs deploy/web",
            "kubectl get pods -A",
        ]
    ));
}

#[test]
fn crash_loop() {
    let mut world = run(CRASH, &[], 300);
    insta::assert_snapshot!(shell(
        &mut world,
        &[
            "kubectl get pods",
            "kubectl describe pod crash",
            "kubectl logs crash",
            "kubectl logs crash --previous",
            "crictl ps -a",
            "kubectl get events",
        ]
    ));
}

#[test]
fn demo_on_docker_and_cri_o() {
    let mut world = run_on(Runtime::Docker, DEMO, &[(5, "kill demo/nginx")], 70);
    let docker = shell(
        &mut world,
        &[
            "docker ps",
            "docker ps -a",
            "kubectl get pods",
            "crictl ps -a",
        ],
    );
    insta::assert_snapshot!("docker", docker);
    let mut world = run_on(Runtime::CriO, DEMO, &[], 10);
    insta::assert_snapshot!(
        "cri_o",
        shell(&mut world, &["crictl pods", "docker ps", "ps -ef", "lsns"])
    );
}

#[test]
fn containerd_host_ps_and_lsns() {
    let mut world = run(DEMO, &[], 10);
    insta::assert_snapshot!(shell(&mut world, &["ps -ef", "lsns"]));
}
