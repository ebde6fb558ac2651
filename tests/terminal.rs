//! The terminal's story: a container's terminal is a shell session (`kubectl exec -it … --
//! sh`) whose working directory and variables last from line to line, and that ends when
//! its container is killed.

use std::time::Duration;

use podscope_e2e::webdriver::{Browser, by_testid};

const ENTER: &str = "\u{E007}";

fn open() -> Browser {
    podscope_e2e::open_site()
}

/// Types `line` and Enter into the terminal, then waits until the screen has `entries`
/// entries; returns the last one's text.
fn run(b: &Browser, line: &str, entries: usize) -> String {
    let input = b
        .find(&by_testid("term-input"))
        .expect("the page answers")
        .expect("the terminal's input");
    b.type_text(&input, &format!("{line}{ENTER}"))
        .expect("the line is typed");
    b.wait_for(
        &format!("{entries} terminal entries after {line:?}"),
        Duration::from_secs(20),
        |b| {
            let found =
                b.find_all("[data-testid=\"term-entry\"], [data-testid=\"term-session-ended\"]")?;
            if found.len() < entries {
                return Ok(None);
            }
            match found.last() {
                Some(last) => b.text(last).map(Some),
                None => Ok(None),
            }
        },
    )
    .expect("the line's output shows")
}

#[test]
fn nginx_terminal_keeps_its_shell_until_the_container_is_killed() {
    let b = open();
    let timeout = Duration::from_secs(30);
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .unwrap();
    // Let the images pull at 60x, then pause so that nothing moves under the story.
    b.click(&b.find(&by_testid("speed-60")).unwrap().expect("60x"))
        .unwrap();
    b.wait_for("nginx running", timeout, |b| {
        Ok((b.testid_text("state-nginx")?.as_deref() == Some("Running")).then_some(()))
    })
    .unwrap();
    b.click(&b.find(&by_testid("play-pause")).unwrap().expect("pause"))
        .unwrap();

    // Open nginx's terminal: select it in the target box.
    b.execute(
        "const s = document.querySelector('[data-testid=\"term-target\"]'); \
         const o = [...s.options].find(o => o.text.endsWith('/nginx')); \
         s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .unwrap();
    b.wait_for("nginx's prompt", timeout, |b| {
        Ok((b.testid_text("term-prompt")?.as_deref() == Some("#")).then_some(()))
    })
    .unwrap();

    assert_eq!(run(&b, "cd /etc", 1), "demo/nginx # cd /etc");
    assert_eq!(run(&b, "pwd", 2), "demo/nginx # pwd\n/etc");
    assert_eq!(run(&b, "X=5", 3), "demo/nginx # X=5");
    assert_eq!(run(&b, "echo $X", 4), "demo/nginx # echo $X\n5");
    b.prefer_color_scheme("light").unwrap();
    b.screenshot("terminal-session-light").unwrap();
    b.prefer_color_scheme("dark").unwrap();
    b.screenshot("terminal-session-dark").unwrap();

    // Kill nginx's main process as `kill -KILL PID` on the node does (the terminal's `kill`
    // action): the kernel kills the exec'd shell with its PID namespace's init.
    run(&b, "kill demo/nginx", 5);
    let entries = b.find_all(&by_testid("term-entry")).unwrap();
    let kill = b.text(entries.last().expect("the kill's entry")).unwrap();
    assert_eq!(kill, "kill demo/nginx");
    let ended = b
        .wait_for("the session's end", timeout, |b| {
            b.testid_text("term-session-ended")
        })
        .unwrap();
    assert_eq!(
        ended,
        "command terminated with exit code 137\nsession ended: the next line opens a new one"
    );
    b.prefer_color_scheme("light").unwrap();
    b.screenshot("terminal-ended-light").unwrap();
    b.prefer_color_scheme("dark").unwrap();
    b.screenshot("terminal-ended-dark").unwrap();
}

#[test]
fn the_node_terminal_is_one_shell_session() {
    let b = open();
    let timeout = Duration::from_secs(30);
    b.wait_for("the demo pod", timeout, |b| {
        b.find(&by_testid("container-nginx"))
    })
    .unwrap();
    // Pause at once: nothing here depends on the clock.
    b.click(&b.find(&by_testid("play-pause")).unwrap().expect("pause"))
        .unwrap();
    b.execute(
        "const s = document.querySelector('[data-testid=\"term-target\"]'); \
         const o = [...s.options].find(o => o.text === 'the node'); \
         s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .unwrap();
    // Ubuntu root's PS1 `\u@\h:\w\$ `: the node's name and the home directory as `~`.
    b.wait_for("the node's prompt", timeout, |b| {
        Ok((b.testid_text("term-prompt")?.as_deref() == Some("root@node-1:~#")).then_some(()))
    })
    .unwrap();
    assert_eq!(run(&b, "cd /tmp", 1), "root@node-1:~# cd /tmp");
    assert_eq!(run(&b, "pwd", 2), "root@node-1:/tmp# pwd\n/tmp");
    assert_eq!(
        run(&b, "P=demo; echo $P", 3),
        "root@node-1:/tmp# P=demo; echo $P\ndemo"
    );
    assert_eq!(
        b.testid_text("term-prompt").unwrap().as_deref(),
        Some("root@node-1:/tmp#")
    );
    b.prefer_color_scheme("light").unwrap();
    b.screenshot("nodeshell-session-light").unwrap();
    b.prefer_color_scheme("dark").unwrap();
    b.screenshot("nodeshell-session-dark").unwrap();
    // `exit` ends it; the next line opens a new one, back in root's home.
    run(&b, "exit", 4);
    assert_eq!(
        run(&b, "pwd; echo [$P]", 5),
        "root@node-1:~# pwd; echo [$P]\n/root\n[]"
    );
}
