//! Interactive exec sessions (`exec -it POD/C -- LINE`): what persists from line to line, how
//! a session ends (`exit`, or with its container), and `ls` laid out for a terminal.

use podscope_core::model::refs::parse_container_ref;
use podscope_core::model::time::SimTime;
use podscope_core::scenario::script::Scenario;
use podscope_core::sim::exec::session::MAX_SESSIONS;
use podscope_core::{Command, World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::scenarios::DEMO;

fn demo_at(secs: u64) -> World {
    let manifest = load(DEMO, podscope_core::DEFAULT_SEED);
    let mut world = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    world.advance_to(SimTime::from_millis(secs * 1000));
    world
}

/// The transcript of `script` over the demo pod.
fn transcript(script: &str) -> (String, World) {
    let mut world = demo_at(0);
    let script: Scenario = script.parse().expect("a valid script");
    let text = script.run(&mut world).to_string();
    (text, world)
}

#[test]
fn a_session_keeps_its_shell_until_exit() {
    let (text, world) = transcript(
        "at 6s exec -it demo/busybox -- cd /etc\n\
         at 6s exec -it demo/busybox -- pwd\n\
         at 6s exec -it demo/busybox -- export GREETING=hi; N=2\n\
         at 6s exec -it demo/busybox -- twice() { echo $1$1; }\n\
         at 7s exec -it demo/busybox -- twice $GREETING; echo $N\n\
         at 7s exec -it demo/busybox -- sleep 100 &\n\
         at 8s exec -it demo/busybox -- echo $!; ps\n\
         at 9s exec -it demo/busybox -- exit\n\
         at 9s exec -it demo/busybox -- pwd; echo \"[$GREETING]\"\n",
    );
    insta::assert_snapshot!(text);
    let target = parse_container_ref("demo/busybox").unwrap();
    let info = world.session_for(&target).expect("a session");
    assert_eq!(info.ended, None, "the last line opened a new one");
    assert_eq!(info.prompt, "/ # ");
    assert!(info.id.get() == 1, "the second session: {info:?}");
    let first = world.session(podscope_core::model::ids::SessionId::FIRST);
    assert_eq!(
        first.and_then(|s| s.ended),
        Some(0),
        "`exit` ends with $? = 0"
    );
}

#[test]
fn a_session_ends_with_its_container() {
    let nginx = parse_container_ref("demo/nginx").unwrap();
    let mut world = demo_at(6);
    let line = |l: &str| Command::Session {
        target: nginx.clone(),
        shell: None,
        line: l.to_owned(),
    };
    let out = podscope_core::apply(&mut world, &line("cd /usr/share/nginx/html; X=5")).unwrap();
    assert_eq!(out.text, "");
    let out = podscope_core::apply(&mut world, &line("pwd")).unwrap();
    assert_eq!(out.text, "/usr/share/nginx/html\n");
    let before = world.session_for(&nginx).unwrap();
    assert_eq!(
        (before.prompt.as_str(), before.ended),
        ("# ", None),
        "nginx's sh is Debian's dash: PS1 is `# ` for root"
    );
    podscope_core::apply(&mut world, &"kill demo/nginx".parse().unwrap()).unwrap();
    let killed = world.session_for(&nginx).unwrap();
    assert_eq!(killed.id, before.id);
    assert_eq!(
        killed.ended,
        Some(137),
        "the kernel SIGKILLs the exec'd shell with the namespace's init"
    );
    world.advance_to(SimTime::from_millis(10_000));
    let script: Scenario = "at 10s exec -it demo/nginx -- pwd; echo \"[$X]\"\n"
        .parse()
        .unwrap();
    let text = script.run(&mut world).to_string();
    let after = world.session_for(&nginx).unwrap();
    assert_ne!(
        after.id, before.id,
        "a new session in the restarted container"
    );
    insta::assert_snapshot!(format!(
        "before the kill: {before:?}\nafter the kill: {killed:?}\n{text}"
    ));
}

#[test]
fn ls_fills_columns_on_a_terminal_and_one_per_line_in_a_pipe() {
    let (text, _) = transcript(
        "at 6s exec -it demo/busybox -- ls /\n\
         at 6s exec -it demo/busybox -- ls / | cat\n\
         at 6s exec -it demo/busybox -- ls -1 /etc\n\
         at 6s exec -it demo/busybox -- ls /etc > /tmp/l; cat /tmp/l\n\
         at 6s exec demo/busybox -- ls /\n\
         at 7s exec -it demo/busybox -- cd /tmp; for f in alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa; do touch $f-notes.txt; done\n\
         at 7s exec -it demo/busybox -- ls\n",
    );
    insta::assert_snapshot!(text);
}

#[test]
fn lines_typed_while_a_command_runs_wait_for_the_prompt() {
    let (text, _) = transcript(
        "at 6s exec -it demo/busybox -- sleep 5; echo slept\n\
         at 7s exec -it demo/busybox -- echo typed ahead\n\
         at 12s exec -it demo/busybox -- echo later\n",
    );
    insta::assert_snapshot!(text);
}

#[test]
fn errors_at_the_prompt_do_not_end_the_session() {
    let (text, world) = transcript(
        "at 6s exec -it demo/busybox -- export 1x=2\n\
         at 6s exec -it demo/busybox -- if then\n\
         at 6s exec -it demo/busybox -- echo ${x:?unset}\n\
         at 6s exec -it demo/busybox -- echo still here $?\n",
    );
    insta::assert_snapshot!(text);
    let target = parse_container_ref("demo/busybox").unwrap();
    assert_eq!(world.session_for(&target).unwrap().ended, None);
}

#[test]
fn the_number_of_sessions_is_bounded() {
    let mut world = demo_at(6);
    let busybox = parse_container_ref("demo/busybox").unwrap();
    let mut statuses = Vec::new();
    // Each `exec -it … -- exit` opens a session and ends it: ended ones make room.
    for _ in 0..MAX_SESSIONS + 5 {
        let out = podscope_core::apply(
            &mut world,
            &Command::Session {
                target: busybox.clone(),
                shell: None,
                line: "exit 0".into(),
            },
        );
        statuses.push(out.map(|o| o.status));
    }
    assert!(statuses.iter().all(|s| *s == Ok(0)), "{statuses:?}");
    assert_eq!(
        world.session_for(&busybox).map(|s| s.id.get()),
        Some(u32::try_from(MAX_SESSIONS + 4).unwrap())
    );
}

#[test]
fn a_bash_session_starts_in_the_workdir_with_debians_prompt() {
    let manifest = load(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: redis\nspec:\n  containers:\n  - name: redis\n    image: redis\n  - name: app\n    image: busybox:1.36\n    command: [sleep, '3600']\n    workingDir: /tmp\n",
        podscope_core::DEFAULT_SEED,
    );
    let mut world = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let script: Scenario = "at 20s exec -it redis/redis /bin/bash -- pwd; ls\n\
         at 21s exec -it redis/app -- pwd\n\
         at 21s exec -it redis/app -- exit\n\
         at 22s exec -it redis/app bash -- pwd\n\
         at 23s exec redis/app -- pwd\n"
        .parse()
        .expect("a valid script");
    let text = script.run(&mut world).to_string();
    // redis's WORKDIR is /data; bash's prompt is Debian's bash.bashrc `\u@\h:\w\$ `.
    assert!(
        text.contains("redis/redis root@redis:/data# pwd; ls\n/data\n"),
        "{text}"
    );
    // The container's workingDir wins over the image's; busybox has no bash, so the exec
    // fails as the runtime reports it.
    assert!(text.contains("redis/app /tmp # pwd\n/tmp\n"), "{text}");
    assert!(
        text.contains("exec: \"bash\": executable file not found in $PATH"),
        "{text}"
    );
    assert!(text.contains("redis/app$ pwd\n/tmp\n"), "{text}");
    let target = parse_container_ref("redis/redis").unwrap();
    assert_eq!(
        world.session_for(&target).map(|s| s.prompt),
        Some("root@redis:/data# ".to_owned())
    );
}
