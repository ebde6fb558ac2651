//! Runtime profiles: the demo pod on containerd, CRI-O and Docker (cri-dockerd).

use podscope_core::model::linux_ns::NsKind;
use podscope_core::model::runtime::{Runtime, runtime_container_name, runtime_sandbox_name};
use podscope_core::sim::node::Owner;
use podscope_core::sim::world::ContainerState;
use podscope_core::views::inspect::inspect;
use podscope_core::views::lsns::lsns_pid;
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::scenarios::{DEMO, run_on};

/// The demo pod with `shareProcessNamespace: true`.
fn demo_shared() -> String {
    DEMO.replace("spec:\n", "spec:\n  shareProcessNamespace: true\n")
}

/// The host processes owned by the demo pod's sandbox (pause processes).
fn pause_processes(world: &World) -> usize {
    world
        .node()
        .processes()
        .filter(|p| matches!(&p.owner, Owner::Sandbox(_)))
        .count()
}

#[test]
fn the_default_runtime_is_containerd() {
    let manifest = load(DEMO, podscope_core::DEFAULT_SEED);
    let a = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let containerd = WorldOptions {
        runtime: Runtime::Containerd,
        ..WorldOptions::default()
    };
    let b = World::from_loaded(&manifest, podscope_core::DEFAULT_SEED, containerd);
    assert_eq!(a.runtime(), Runtime::Containerd);
    assert_eq!(inspect(&a), inspect(&b));
}

#[test]
fn containerd_shares_uts() {
    let world = run_on(Runtime::Containerd, DEMO, &[], 5);
    let pod = world.pods().next().expect("a pod");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    for c in &pod.containers {
        let inst = c.instance.as_ref().expect("started");
        assert_eq!(inst.ns.get(NsKind::Uts), sandbox.ns.get(NsKind::Uts));
        assert_eq!(inst.hostname, "demo");
        assert_eq!(inst.monitor_pid, None, "containerd runs one shim per pod");
    }
    assert!(sandbox.pid.is_some() && sandbox.shim_pid.is_some());
}

#[test]
fn docker_gives_each_container_its_own_uts_but_the_pod_hostname() {
    let world = run_on(Runtime::Docker, DEMO, &[], 5);
    let pod = world.pods().next().expect("a pod");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    let pause = sandbox.pid.expect("a pause process");
    let (a, b) = (
        pod.containers[0]
            .instance
            .as_ref()
            .expect("busybox started"),
        pod.containers[1].instance.as_ref().expect("nginx started"),
    );
    let uts = [
        sandbox.ns.get(NsKind::Uts),
        a.ns.get(NsKind::Uts),
        b.ns.get(NsKind::Uts),
    ];
    assert!(
        uts[0] != uts[1] && uts[1] != uts[2] && uts[0] != uts[2],
        "{uts:?}"
    );
    assert_eq!((a.hostname.as_str(), b.hostname.as_str()), ("demo", "demo"));
    for inst in [a, b] {
        for kind in [NsKind::Net, NsKind::Ipc] {
            assert_eq!(inst.ns.get(kind), sandbox.ns.get(kind), "{kind}");
        }
        assert!(inst.monitor_pid.is_some(), "a shim per container");
    }
    // Seed 004: pause has its own cgroup namespace on Docker, unlike containerd's.
    assert_ne!(
        sandbox.ns.get(NsKind::Cgroup),
        world.node().host_ns.get(NsKind::Cgroup)
    );
    // lsns -p on nginx: uts is nginx's own row, net and ipc are pause's.
    let out = lsns_pid(world.node(), b.pids[0]).expect("nginx runs");
    let row = |kind: &str| {
        out.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(kind))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(row("uts").ends_with("nginx: master process nginx -g daemon off;"));
    assert!(row("net").contains(&format!(" {pause} 65535 /pause")));
    let shim = world
        .node()
        .process(sandbox.shim_pid.expect("a shim"))
        .expect("the shim runs");
    assert_eq!(
        shim.cmdline,
        format!(
            "/usr/bin/containerd-shim-runc-v2 -namespace moby -id {} -address /run/containerd/containerd.sock",
            sandbox.id
        )
    );
}

#[test]
fn crio_has_no_pause_process_without_share_process_namespace() {
    let world = run_on(Runtime::CriO, DEMO, &[], 5);
    let pod = world.pods().next().expect("a pod");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    assert_eq!(sandbox.pid, None);
    assert_eq!(sandbox.shim_pid, None);
    assert_eq!(pause_processes(&world), 0);
    assert!(
        !world.node().processes().any(|p| p.cmdline == "/pause"),
        "no /pause anywhere"
    );
    let busybox = pod.containers[0].instance.as_ref().expect("started");
    let nginx = pod.containers[1].instance.as_ref().expect("started");
    for kind in [NsKind::Net, NsKind::Ipc, NsKind::Uts] {
        assert_eq!(busybox.ns.get(kind), sandbox.ns.get(kind), "{kind}");
        assert_eq!(nginx.ns.get(kind), sandbox.ns.get(kind), "{kind}");
        assert_ne!(sandbox.ns.get(kind), world.node().host_ns.get(kind));
    }
    // The pinned net namespace's lsns row names the lowest PID that joined it: busybox's.
    let out = lsns_pid(world.node(), nginx.pids[0]).expect("nginx runs");
    let net = out
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("net"))
        .unwrap_or_default();
    let fields: Vec<&str> = net.split_whitespace().collect();
    assert_eq!(fields[2], "4", "busybox + nginx master + 2 workers: {net}");
    assert_eq!(fields[3], busybox.pids[0].to_string(), "{net}");
    assert!(net.ends_with("sleep 3650d"), "{net}");
    // Each container has a conmon.
    let conmon = world
        .node()
        .process(nginx.monitor_pid.expect("conmon"))
        .expect("conmon runs");
    assert!(
        conmon.cmdline.starts_with(&format!(
            "/usr/bin/conmon -b /run/containers/storage/overlay-containers/{}/userdata -c {}",
            nginx.id, nginx.id
        )),
        "{}",
        conmon.cmdline
    );
    assert!(
        conmon
            .cmdline
            .contains(&format!(" -n k8s_nginx_demo_default_{}_0 ", pod.uid))
    );
    assert_eq!(busybox.hostname, "demo");
}

#[test]
fn crio_runs_pause_when_the_pod_shares_its_pid_namespace() {
    let world = run_on(Runtime::CriO, &demo_shared(), &[], 5);
    let pod = world.pods().next().expect("a pod");
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    let pause = sandbox.pid.expect("an infra container");
    assert_eq!(pause_processes(&world), 1);
    let p = world.node().process(pause).expect("pause runs");
    assert_eq!(p.cmdline, "/pause");
    for c in &pod.containers {
        let inst = c.instance.as_ref().expect("started");
        assert_eq!(inst.ns.get(NsKind::Pid), p.ns.get(NsKind::Pid));
    }
    // pinns made uts, ipc and net before the infra container made its mnt and pid.
    assert!(sandbox.ns.get(NsKind::Net) < sandbox.ns.get(NsKind::Mnt));
    assert!(sandbox.ns.get(NsKind::Uts) < sandbox.ns.get(NsKind::Ipc));
    assert!(
        world
            .node()
            .process(sandbox.shim_pid.expect("conmon"))
            .is_some_and(|c| c
                .cmdline
                .contains(&format!(" -n k8s_POD_demo_default_{}_0 ", pod.uid)))
    );
}

#[test]
fn docker_names_and_the_attempt_suffix() {
    let world = run_on(Runtime::Docker, DEMO, &[], 5);
    let pod = world.pods().next().expect("a pod");
    let uid = &pod.uid;
    let nginx = &pod.containers[1];
    let inst = nginx.instance.as_ref().expect("started");
    assert_eq!(
        runtime_container_name(
            Runtime::Docker,
            &pod.spec.key,
            uid,
            &nginx.spec.name,
            inst.attempt
        ),
        format!("k8s_nginx_demo_default_{uid}_0")
    );
    let sandbox = pod.sandbox.as_ref().expect("a sandbox");
    assert_eq!(
        runtime_sandbox_name(Runtime::Docker, &pod.spec.key, uid, sandbox.attempt),
        format!("k8s_POD_demo_default_{uid}_0")
    );
    let report = inspect(&world);
    assert!(report.contains(&format!(
        "name k8s_nginx_demo_default_{uid}_0  containerID docker://{}",
        inst.id
    )));
    assert!(report.contains(&format!("  name k8s_POD_demo_default_{uid}_0\n")));

    let old_shim = inst.monitor_pid.expect("a shim");
    let world = run_on(Runtime::Docker, DEMO, &[(5, "kill demo/nginx")], 10);
    let pod = world.pods().next().expect("a pod");
    let nginx = &pod.containers[1];
    assert!(matches!(nginx.state, ContainerState::Running { .. }));
    let inst = nginx.instance.as_ref().expect("restarted");
    assert_eq!(
        runtime_container_name(
            Runtime::Docker,
            &pod.spec.key,
            &pod.uid,
            &nginx.spec.name,
            inst.attempt
        ),
        format!("k8s_nginx_demo_default_{}_1", pod.uid)
    );
    assert!(
        world.node().process(old_shim).is_none(),
        "the old shim exited"
    );
    assert!(
        inst.monitor_pid
            .is_some_and(|p| world.node().process(p).is_some())
    );
    assert!(inspect(&world).contains(&format!(
        "name k8s_nginx_demo_default_{}_1  containerID docker://",
        pod.uid
    )));
}

#[test]
fn layout_says_when_there_is_no_infra_container() {
    let world = run_on(Runtime::CriO, DEMO, &[], 5);
    let d = podscope_core::views::layout::diagram(&world);
    let sandbox = d.pods[0].sandbox.as_ref().expect("a sandbox box");
    assert_eq!(sandbox.image, "no infra container (CRI-O drop_infra_ctr)");
    assert_eq!(sandbox.pid, "—");
    // Containers still link to the pinned net, ipc and uts.
    assert_eq!(d.pods[0].links.len(), 6);
    let docker = podscope_core::views::layout::diagram(&run_on(Runtime::Docker, DEMO, &[], 5));
    let sandbox = docker.pods[0].sandbox.as_ref().expect("a sandbox box");
    assert_eq!(sandbox.image, "registry.k8s.io/pause:3.10");
    // Docker links net and ipc only: uts is each container's own.
    assert_eq!(docker.pods[0].links.len(), 4);
}

#[test]
fn inspect_per_runtime() {
    for (name, runtime, yaml) in [
        ("containerd", Runtime::Containerd, DEMO.to_owned()),
        ("docker", Runtime::Docker, DEMO.to_owned()),
        ("cri-o", Runtime::CriO, DEMO.to_owned()),
        ("cri-o-shared-pid", Runtime::CriO, demo_shared()),
    ] {
        let out = inspect(&run_on(runtime, &yaml, &[], 5));
        #[cfg(not(target_arch = "wasm32"))]
        insta::assert_snapshot!(format!("demo-{name}"), out);
        #[cfg(target_arch = "wasm32")]
        assert_eq!(out.trim_end(), snapshot(name).trim_end(), "{name}");
    }
}

/// The native snapshot of `inspect_per_runtime` for `name`, minus insta's header.
#[cfg(target_arch = "wasm32")]
fn snapshot(name: &str) -> &'static str {
    let text = match name {
        "containerd" => include_str!("snapshots/it__runtimes__demo-containerd.snap"),
        "docker" => include_str!("snapshots/it__runtimes__demo-docker.snap"),
        "cri-o" => include_str!("snapshots/it__runtimes__demo-cri-o.snap"),
        _ => include_str!("snapshots/it__runtimes__demo-cri-o-shared-pid.snap"),
    };
    text.splitn(3, "---\n").nth(2).unwrap_or(text)
}

#[test]
fn host_users_false_gives_the_pod_one_user_namespace_on_containerd_and_cri_o() {
    let yaml = DEMO.replace("spec:\n", "spec:\n  hostUsers: false\n");
    for runtime in [Runtime::Containerd, Runtime::CriO] {
        let world = run_on(runtime, &yaml, &[], 5);
        let host_user = world.node().host_ns.get(NsKind::User);
        let pod = world.pods().next().expect("a pod");
        let sandbox = pod.sandbox.as_ref().expect("a sandbox");
        let user = sandbox.ns.get(NsKind::User);
        assert_ne!(
            user, host_user,
            "{runtime:?}: the pod has its own user namespace"
        );
        for c in &pod.containers {
            let inst = c.instance.as_ref().expect("started");
            assert_eq!(
                inst.ns.get(NsKind::User),
                user,
                "{runtime:?}: containers join it"
            );
        }
    }
    // Without it, everything stays in the host's user namespace.
    let world = run_on(Runtime::Containerd, DEMO, &[], 5);
    let host_user = world.node().host_ns.get(NsKind::User);
    let inst = world.pods().next().expect("a pod").containers[0]
        .instance
        .as_ref()
        .expect("started");
    assert_eq!(inst.ns.get(NsKind::User), host_user);
}
