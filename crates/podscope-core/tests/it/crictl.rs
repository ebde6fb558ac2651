//! crictl's forms on the node (cri-tools v1.35.0 on containerd v2.2.0): `pods` and its
//! filters, `images`, `ps -q`, `exec` with and without a TTY, `logs --tail`, `pull`, and the
//! errors each gives for an ID the runtime does not know.
// Snapshots are native-only (insta does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::scenario::examples::DEMO;
use podscope_core::scenario::node_shell;

use crate::scenarios::run;

/// The demo pod (busybox sleeping, nginx) and a pod whose busybox exits at once, restarted.
const TWO_PODS: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: crash, namespace: kube-system, labels: {app: crash}}
spec:
  containers:
    - {name: busybox, image: busybox}
";

fn sh(world: &mut podscope_core::World, line: &str) -> (String, i32) {
    let o = node_shell::run(world, line);
    (o.text, o.status)
}

fn world() -> podscope_core::World {
    run(&format!("{DEMO}---\n{TWO_PODS}"), &[], 120)
}

/// The full ID of the running container named `name` (`crictl ps -q --name`).
fn id_of(world: &mut podscope_core::World, name: &str) -> String {
    let (out, status) = sh(world, &format!("crictl ps -q --name ^{name}$"));
    assert_eq!(status, 0, "{out}");
    let ids: Vec<&str> = out.lines().collect();
    assert_eq!(ids.len(), 1, "{out}");
    assert_eq!(ids[0].len(), 64, "{out}");
    ids[0].to_owned()
}

#[test]
fn pods_filter_by_name_namespace_label_and_state() {
    let mut w = world();
    let (all, _) = sh(&mut w, "crictl pods");
    assert_eq!(all.lines().count(), 3, "{all}");
    let (by_name, _) = sh(&mut w, "crictl pods --name dem");
    assert!(
        by_name.contains(" demo ") && !by_name.contains("crash"),
        "{by_name}"
    );
    let (anchored, _) = sh(&mut w, "crictl pods --name ^emo");
    assert_eq!(anchored.lines().count(), 1, "{anchored}");
    let (by_ns, _) = sh(&mut w, "crictl pods --namespace kube");
    assert!(
        by_ns.contains("crash") && !by_ns.contains(" demo "),
        "{by_ns}"
    );
    let (by_label, _) = sh(&mut w, "crictl pods --label app=demo");
    assert!(
        by_label.contains(" demo ") && !by_label.contains("crash"),
        "{by_label}"
    );
    // The kubelet's own labels are the sandbox's too.
    let (kubelet_label, _) = sh(&mut w, "crictl pods --label io.kubernetes.pod.name=crash");
    assert!(kubelet_label.contains("crash"), "{kubelet_label}");
    let (both, _) = sh(&mut w, "crictl pods --label app=demo --label app=crash");
    assert_eq!(both.lines().count(), 1, "{both}");
    let (quiet, _) = sh(&mut w, "crictl pods -q");
    assert_eq!(quiet.lines().count(), 2, "{quiet}");
    assert!(quiet.lines().all(|l| l.len() == 64), "{quiet}");
    assert_eq!(
        sh(&mut w, "crictl pods --state bogus"),
        (
            format!(
                "FATA[0000] {:<44} \n",
                "--state should be ready or notready"
            ),
            1
        )
    );
    assert_eq!(sh(&mut w, "crictl pods --label a").1, 1);
}

#[test]
fn exec_takes_an_id_prefix_and_a_tty_lays_ls_out_in_columns() {
    let mut w = world();
    let id = id_of(&mut w, "busybox");
    let prefix = &id[..5];
    let (plain, status) = sh(&mut w, &format!("crictl exec {prefix} ls /"));
    assert_eq!(status, 0, "{plain}");
    assert!(plain.starts_with("bin\ndev\n"), "{plain}");
    let (tty, _) = sh(&mut w, &format!("crictl exec -it {prefix} ls /"));
    assert!(tty.starts_with("bin   dev   etc"), "{tty}");
    assert_eq!(tty.lines().count(), 1, "{tty}");
    let (_, status) = sh(&mut w, &format!("crictl exec -t {id} ls"));
    assert_eq!(status, 1);
    let (failed, status) = sh(&mut w, &format!("crictl exec {prefix} sh -c 'exit 3'"));
    assert_eq!(status, 1);
    assert!(
        failed.contains("execing command in container ")
            && failed.contains(": command terminated with exit code 3"),
        "{failed}"
    );
}

#[test]
fn logs_tail_and_the_errors_for_unknown_ids() {
    let mut w = world();
    let id = id_of(&mut w, "nginx");
    let (full, _) = sh(&mut w, &format!("crictl logs {id}"));
    assert!(!full.is_empty());
    let (last, _) = sh(&mut w, &format!("crictl logs --tail=1 {}", &id[..13]));
    assert_eq!(Some(last.trim_end()), full.lines().last());
    // After the ID, `--tail` is an argument (Go's flag parsing stops there): the help.
    let (help, status) = sh(&mut w, &format!("crictl logs {id} --tail=1"));
    assert_eq!(status, 0);
    assert!(help.starts_with("NAME:"), "{help}");
    insta::assert_snapshot!(
        [
            "crictl logs 0000000000000",
            "crictl exec -it 0000000000000 ls",
            "crictl logs --tail=x 0000000000000",
            "crictl images --bogus",
            "crictl frobnicate",
            "crictl runp pod-config.json",
        ]
        .iter()
        .map(|l| {
            let (t, s) = sh(&mut w, l);
            format!("$ {l}\n{t}[exit {s}]\n")
        })
        .collect::<String>()
    );
}

#[test]
fn exec_into_an_exited_instance_is_refused() {
    let mut w = world();
    let (all, _) = sh(
        &mut w,
        "crictl ps -a -q --name busybox --namespace kube-system",
    );
    let running: Vec<String> = sh(&mut w, "crictl ps -q")
        .0
        .lines()
        .map(str::to_owned)
        .collect();
    let exited = all
        .lines()
        .find(|id| !running.iter().any(|r| r == id))
        .map(str::to_owned);
    let Some(exited) = exited else {
        panic!("the crash pod has an exited instance: {all}");
    };
    let (out, status) = sh(&mut w, &format!("crictl exec {exited} ls"));
    assert_eq!(status, 1);
    assert!(
        out.contains("container is in CONTAINER_EXITED state"),
        "{out}"
    );
}

#[test]
fn images_list_the_pulled_images_and_the_sandbox_image_with_ps_agreeing() {
    let mut w = world();
    let (images, _) = sh(&mut w, "crictl images");
    insta::assert_snapshot!(images);
    // containerd ignores the name filter: the same list.
    assert_eq!(sh(&mut w, "crictl images nginx").0, images);
    let (ids, _) = sh(&mut w, "crictl images -q");
    assert_eq!(ids.lines().count(), images.lines().count() - 1);
    // `crictl ps`'s IMAGE is the image ID `crictl images` shows.
    let (ps, _) = sh(&mut w, "crictl ps");
    for row in ps.lines().skip(1) {
        let image = row.split_whitespace().nth(1).unwrap_or_default();
        assert!(images.contains(image), "{image} not in\n{images}");
    }
    let (pulled, status) = sh(&mut w, "crictl pull busybox");
    assert_eq!(status, 0);
    let busybox_id = ids.lines().next().unwrap_or_default();
    assert_eq!(pulled, format!("Image is up to date for {busybox_id}\n"));
}
