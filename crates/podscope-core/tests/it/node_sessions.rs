//! The node's terminal as one shell session (`node -it -- LINE`) and job control in a
//! container's session (`jobs`, the `Done` lines before a prompt).

use podscope_core::model::time::SimTime;
use podscope_core::scenario::node_shell::session;
use podscope_core::scenario::script::Scenario;
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::scenarios::DEMO;

/// The transcript of `script` over the demo pod, and the world after it.
fn transcript(script: &str) -> (String, World) {
    let manifest = load(DEMO, podscope_core::DEFAULT_SEED);
    let mut world = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    world.advance_to(SimTime::ZERO);
    let script: Scenario = script.parse().expect("a valid script");
    let text = script.run(&mut world).to_string();
    (text, world)
}

#[test]
fn the_node_session_keeps_its_shell_until_exit() {
    let (text, world) = transcript(
        "at 6s node -it -- cd /tmp\n\
         at 6s node -it -- pwd\n\
         at 6s node -it -- export POD=demo; N=2\n\
         at 6s node -it -- pods() { kubectl get pods \"$@\"; }\n\
         at 7s node -it -- pods $POD; echo $N\n\
         at 7s node -it -- sudo crictl ps >/dev/null; echo status $?\n\
         at 7s node -it -- cd /nope; cat /etc/hostname\n\
         at 8s node -it -- exit 3\n\
         at 9s node -it -- pwd; echo \"[$POD]\"\n\
         at 9s node -- pwd\n",
    );
    insta::assert_snapshot!(text);
    assert!(
        text.contains("root@node-1:/tmp# pwd\n/tmp\n"),
        "the prompt names the node and the directory: {text}"
    );
    assert!(text.contains("root@node-1:~# pwd; echo \"[$POD]\"\n/root\n[]\n"));
    assert_eq!(
        session::ended(&world, 0),
        None,
        "the last line opened a new one"
    );
    assert_eq!(session::prompt(&world, 0), "root@node-1:~# ");
}

#[test]
fn jobs_in_a_container_session() {
    let (text, _) = transcript(
        "at 6s exec -it demo/busybox -- sleep 100 &\n\
         at 6s exec -it demo/busybox -- sleep 2 > /dev/null &\n\
         at 6s exec -it demo/busybox -- jobs\n\
         at 10s exec -it demo/busybox -- kill $!; jobs\n\
         at 11s exec -it demo/busybox -- kill %3; echo $?\n\
         at 11s exec -it demo/busybox -- sleep 3 & wait %+; echo $?\n\
         at 15s exec -it demo/busybox -- jobs\n",
    );
    insta::assert_snapshot!(text);
    assert!(
        text.contains("[1]-  Running                    sleep 100\n"),
        "{text}"
    );
}

#[test]
fn the_nodes_files_outlast_its_sessions() {
    let (text, _) = transcript(
        "at 6s node -it -- sudo mkdir /mnt/data\n\
         at 6s node -it -- sudo sh -c \"echo 'Hello from Kubernetes storage' > /mnt/data/index.html\"\n\
         at 6s node -it -- exit\n\
         at 7s node -it -- cat /mnt/data/index.html\n\
         at 7s node -it -- rmdir /mnt/data\n\
         at 7s node -it -- rm /mnt/data/index.html; rmdir /mnt/data; cat /mnt/data/index.html\n",
    );
    assert!(
        text.contains("cat /mnt/data/index.html\nHello from Kubernetes storage\n"),
        "{text}"
    );
    assert!(
        text.contains("rmdir: failed to remove ‘/mnt/data’: Directory not empty\n"),
        "{text}"
    );
    assert!(
        text.ends_with("cat: /mnt/data/index.html: No such file or directory\n"),
        "{text}"
    );
}
