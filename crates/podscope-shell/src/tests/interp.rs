//! Interpreter tests against the fake host: control flow, statuses, expansion,
//! redirections, pipelines, waiting and resuming, exec, builtins and their error texts.

use super::fake::{Fake, drive, sh, sh_with};
use crate::{ChildPid, Dest, Env, Shell, Source, Yield, parse};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Runs a script to the end (waits jump the clock), returning stdout, stderr and the end.
fn out(text: &str) -> (String, String, Yield) {
    let (y, mut host, mut shell) = sh(text);
    let y = drive(&mut shell, &mut host, y, 1_000);
    (host.out, host.err, y)
}

fn stdout(text: &str) -> String {
    out(text).0
}

#[test]
fn echo_and_exit_status() {
    assert_eq!(
        out("echo hi"),
        ("hi\n".into(), String::new(), Yield::Exited(0))
    );
    assert_eq!(out("exit 3").2, Yield::Exited(3));
    assert_eq!(out("false").2, Yield::Exited(1));
    assert_eq!(out("exit 300").2, Yield::Exited(44));
    assert_eq!(stdout("false; echo $?; true; echo $?"), "1\n0\n");
}

#[test]
fn and_or_lists() {
    assert_eq!(stdout("false && echo no || echo yes"), "yes\n");
    assert_eq!(stdout("true && echo a && echo b"), "a\nb\n");
    assert_eq!(stdout("true || echo no; echo $?"), "0\n");
    assert_eq!(stdout("false || false; echo $?"), "1\n");
    assert_eq!(stdout("! true; echo $?; ! false; echo $?"), "1\n0\n");
}

#[test]
fn while_loop_with_sleep_appends_one_line_per_resume() {
    let (y, mut host, mut shell) = sh("while true; do echo hi >> /tmp/log; sleep 30; done");
    let Yield::WaitChild(pid) = y else {
        panic!("expected a wait, got {y:?}");
    };
    assert_eq!(host.files.get("/tmp/log").map(String::as_str), Some("hi\n"));
    assert_eq!(host.end_of(pid), Some(30));
    host.now = 30;
    let y = shell.resume(&mut host, 0);
    assert!(matches!(y, Yield::WaitChild(_)), "{y:?}");
    assert_eq!(
        host.files.get("/tmp/log").map(String::as_str),
        Some("hi\nhi\n")
    );
    host.now = 60;
    let _ = shell.resume(&mut host, 0);
    assert_eq!(
        host.files.get("/tmp/log").map(String::as_str),
        Some("hi\nhi\nhi\n")
    );
    // Calling run instead of resume keeps waiting for the same child.
    let y2 = shell.run(&mut host);
    assert!(matches!(y2, Yield::WaitChild(_)));
    assert_eq!(
        host.ran
            .iter()
            .filter(|a| a.first().is_some_and(|c| c == "sleep"))
            .count(),
        3
    );
}

#[test]
fn subshell_forks_then_exec_replaces_the_shell() {
    let (y, mut host, mut shell) = sh("(sleep 1 &); exec sleep 3600");
    let Yield::WaitChild(child_pid) = y else {
        panic!("expected to wait for the subshell, got {y:?}");
    };
    assert_eq!(host.forks.len(), 1);
    let (pid, mut child, background) = host.forks.remove(0);
    assert_eq!((pid, background), (child_pid, false));
    // The child starts `sleep 1` in the background and ends at once.
    let cy = child.run(&mut host);
    assert_eq!(cy, Yield::Exited(0));
    let sleep = host
        .procs
        .values()
        .find(|p| p.argv == ["sleep", "1"])
        .expect("sleep 1");
    assert!(sleep.background);
    let y = shell.resume(&mut host, 0);
    let Yield::Exec(image) = y else {
        panic!("expected exec, got {y:?}");
    };
    assert_eq!(image.argv, ["sleep", "3600"]);
    assert_eq!(image.stdout_to, Dest::Inherit(1));
    // Once replaced, the shell stays ended.
    assert_eq!(shell.run(&mut host), Yield::Exited(0));
}

#[test]
fn last_command_of_sh_c_is_execed() {
    // shell/ash.c `evalstring` passes EV_EXIT for the last command: no fork.
    let (y, host, _) = sh("echo start; sleep 3600");
    assert_eq!(host.out, "start\n");
    let Yield::Exec(image) = y else {
        panic!("expected exec, got {y:?}");
    };
    assert_eq!(image.argv, ["sleep", "3600"]);
    // Not the last command, or in a loop: a child to wait for.
    let (y, ..) = sh("sleep 10; echo done");
    assert!(matches!(y, Yield::WaitChild(_)), "{y:?}");
    // With a trap set, ash keeps the shell (`may_have_traps`).
    let (y, ..) = sh("trap 'echo bye' TERM; sleep 3600");
    assert!(matches!(y, Yield::WaitChild(_)), "{y:?}");
    // A missing program is reported, not exec'ed.
    let (o, e, y) = out("nosuch");
    assert_eq!(
        (o.as_str(), e.as_str(), y),
        ("", "sh: nosuch: not found\n", Yield::Exited(127))
    );
}

#[test]
fn not_found_and_not_executable() {
    let (o, e, _) = out("nosuch arg; echo $?; /bin/noexec; echo $?");
    assert_eq!(o, "127\n126\n");
    assert_eq!(
        e,
        "sh: nosuch: not found\nsh: /bin/noexec: Permission denied\n"
    );
    // The message goes to the command's stderr: silenced by 2>/dev/null.
    assert_eq!(
        out("nosuch 2>/dev/null; echo $?"),
        ("127\n".into(), String::new(), Yield::Exited(0))
    );
    // With a $0 argument, ash names it and the line.
    let (y, mut host, mut shell) = sh_with("\nnosuch", Env::new(), vec!["myname".into()]);
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(host.err, "myname: line 2: nosuch: not found\n");
}

#[test]
fn redirections_to_files_null_and_dup() {
    let (y, mut host, mut shell) =
        sh("{ echo a; echo b >&2; } > /tmp/f 2>&1; echo x > /tmp/g; echo y >> /tmp/g");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(host.files.get("/tmp/f").map(String::as_str), Some("a\nb\n"));
    assert_eq!(host.files.get("/tmp/g").map(String::as_str), Some("x\ny\n"));
    assert_eq!(host.err, "");
    // Order matters: `2>&1 >/dev/null` sends stderr where stdout was.
    let (o, e, _) = out("fail 2>&1 >/dev/null; echo ok >/dev/null");
    assert_eq!((o.as_str(), e.as_str()), ("failing\n", ""));
    // `>` truncates even when nothing is written.
    let (y, mut host, mut shell) = sh("echo old > /tmp/t; true > /tmp/t");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(host.files.get("/tmp/t").map(String::as_str), Some(""));
    // Input from a file and from a here-document.
    assert_eq!(stdout("cat < /etc/hostname"), "web-0\n");
    assert_eq!(
        stdout("X=you; cat <<EOF\nhello $X\nEOF\ncat <<'E'\n$X\nE"),
        "hello you\n$X\n"
    );
    // Errors carry ash's texts (shell/ash.c `openhere`/`openredirect`).
    let (o, e, _) = out("echo x > /nope/f; echo $?; cat < /nope; echo $?");
    assert_eq!(o, "2\n2\n");
    assert_eq!(
        e,
        "sh: can't create /nope/f: nonexistent directory\nsh: can't open /nope: no such file\n"
    );
    // /dev/stdout and /dev/stderr follow the current descriptors.
    assert_eq!(
        out("echo oops > /dev/stderr"),
        (String::new(), "oops\n".into(), Yield::Exited(0))
    );
    assert_eq!(out("fail 2>/dev/stdout").0, "failing\n");
    // &> (ash's bash-compatible redirection).
    let (y, mut host, mut shell) = sh("fail &> /tmp/both");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(
        host.files.get("/tmp/both").map(String::as_str),
        Some("failing\n")
    );
}

#[test]
fn the_host_sees_where_streams_go() {
    let (y, mut host, mut shell) = sh("where > /tmp/w 2>/dev/null; echo in | where");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(
        host.files.get("/tmp/w").map(String::as_str),
        Some("File(\"/tmp/w\") Null Inherit\n")
    );
    assert_eq!(host.out, "Inherit(1) Inherit(2) Data\n");
    let _ = (Dest::Pipe, Source::Null);
}

#[test]
fn pipelines_buffer_each_stage() {
    assert_eq!(stdout("echo hello | tr el ip"), "hippo\n");
    assert_eq!(
        stdout("printf 'a\\nb\\n' | while read l; do echo \"<$l>\"; done"),
        "<a>\n<b>\n"
    );
    assert_eq!(stdout("printf 'x\\ny\\nz\\n' | cat | wc"), "3\n");
    // Each stage is a subshell: its assignments do not last.
    assert_eq!(stdout("x=1; echo 2 | read x; echo $x"), "1\n");
    assert_eq!(
        stdout("echo a | false; echo $?; false | true; echo $?"),
        "1\n0\n"
    );
}

#[test]
fn expansion_parameters_and_splitting() {
    let env: Env = [("HOME".to_string(), "/root".to_string())].into();
    let (y, mut host, mut shell) = sh_with(
        "echo $# \"$1\" \"$2\" $0; for a in \"$@\"; do echo \"<$a>\"; done; for a in $@; do echo \"[$a]\"; done; echo ${HOME} ${NOPE:-dflt} ${HOME:+set} ${#HOME}",
        env,
        vec!["me".into(), "a".into(), "b c".into()],
    );
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(
        host.out,
        "2 a b c me\n<a>\n<b c>\n[a]\n[b]\n[c]\n/root dflt set 5\n"
    );
    assert_eq!(stdout("x='a   b'; echo $x; echo \"$x\""), "a b\na   b\n");
    assert_eq!(
        stdout("IFS=:; x=a:b::c; for f in $x; do echo \"<$f>\"; done"),
        "<a>\n<b>\n<>\n<c>\n"
    );
    assert_eq!(
        stdout("e=''; for f in $e \"\" x; do echo \"<$f>\"; done"),
        "<>\n<x>\n"
    );
    assert_eq!(
        stdout("f=/usr/lib/x.tar.gz; echo ${f##*/} ${f%%.*} ${f%.*}"),
        "x.tar.gz /usr/lib/x /usr/lib/x.tar\n"
    );
    assert_eq!(stdout("echo $$ '$HOME' \\$HOME"), "1 $HOME $HOME\n");
    assert_eq!(stdout("unset A; echo ${A=set}; echo $A"), "set\nset\n");
    assert_eq!(
        stdout("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i $((2*(3+4)))"),
        "3 14\n"
    );
    // Pathname expansion, in the working directory (`/`).
    assert_eq!(stdout("echo *"), "etc tmp var\n");
}

#[test]
fn expansion_errors_end_the_shell() {
    let (o, e, y) = out("echo ${X:?}; echo after");
    assert_eq!(
        (o.as_str(), e.as_str(), y),
        ("", "sh: X: parameter not set or null\n", Yield::Exited(2))
    );
    let (_, e, _) = out("echo ${X?custom message}");
    assert_eq!(e, "sh: X: custom message\n");
    let (_, e, y) = out("echo $((1/0))");
    assert_eq!((e.as_str(), y), ("sh: divide by zero\n", Yield::Exited(2)));
}

#[test]
fn command_substitution() {
    assert_eq!(stdout("x=$(echo hi); echo \"[$x]\""), "[hi]\n");
    assert_eq!(
        stdout("echo $(echo a   b) \"$(printf 'x\\n\\n')\""),
        "a b x\n"
    );
    assert_eq!(
        stdout("echo `echo old style` $(echo $(echo nested))"),
        "old style nested\n"
    );
    assert_eq!(stdout("x=$(false); echo $?"), "1\n");
    assert_eq!(
        stdout("x=$(exit 4); echo $?; echo $(echo in; exit 1; echo no) after"),
        "4\nin after\n"
    );
    assert_eq!(stdout("h=$(cat /etc/hostname); echo $h"), "web-0\n");
}

#[test]
fn control_flow() {
    assert_eq!(
        stdout("if false; then echo a; elif true; then echo b; else echo c; fi"),
        "b\n"
    );
    assert_eq!(
        stdout(
            "for i in 1 2 3; do [ $i = 2 ] && continue; [ $i = 3 ] && break; echo $i; done; echo end"
        ),
        "1\nend\n"
    );
    assert_eq!(
        stdout("until [ \"$x\" = aaa ]; do x=a$x; done; echo $x"),
        "aaa\n"
    );
    assert_eq!(stdout("break; echo after"), "after\n");
    assert_eq!(
        stdout("for i in 1 2; do for j in a b; do break 5; done; echo no; done; echo out"),
        "out\n"
    );
    assert_eq!(
        stdout("for i in 1 2; do for j in a b; do echo $i$j; continue 2; done; done"),
        "1a\n2a\n"
    );
    assert_eq!(
        stdout("case web-0 in db*) echo db;; web-[0-9]|api) echo web;; *) echo other;; esac"),
        "web\n"
    );
    assert_eq!(
        stdout("f() { echo \"f:$1:$#\"; return 3; }; f x y; echo $?"),
        "f:x:2\n3\n"
    );
    // A subshell whose output the shell reads runs in-process, still isolated.
    assert_eq!(stdout("x=1; (x=2; echo $x) | cat; echo $x"), "2\n1\n");
    assert_eq!(stdout("echo $( (exit 5); echo $?)"), "5\n");
    assert_eq!(stdout("x=1; { x=2; }; echo $x"), "2\n");
    assert_eq!(stdout("eval 'echo one; echo two'"), "one\ntwo\n");
}

#[test]
fn subshell_in_the_foreground_is_a_forked_child() {
    let (y, mut host, mut shell) = sh("x=1; (x=2; echo $x); echo $x $?");
    let Yield::WaitChild(pid) = y else {
        panic!("{y:?}");
    };
    let (_, mut child, _) = host.forks.remove(0);
    assert_eq!(child.run(&mut host), Yield::Exited(0));
    assert_eq!(host.out, "2\n");
    let _ = pid;
    assert_eq!(shell.resume(&mut host, 7), Yield::Exited(0));
    assert_eq!(host.out, "2\n1 7\n");
}

#[test]
fn busy_loops_yield_busy() {
    let (y, mut host, mut shell) = sh("while true; do :; done");
    assert_eq!(y, Yield::Busy);
    assert_eq!(shell.run(&mut host), Yield::Busy);
    let (y, ..) = sh("while :; do echo x > /dev/null; done");
    assert_eq!(y, Yield::Busy);
}

#[test]
fn background_jobs_kill_and_wait() {
    let (y, mut host, mut shell) =
        sh("sleep 100 & echo $!; kill -9 $!; echo $?; kill -s TERM $!; kill 999; echo $?");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(host.out, "101\n0\n1\n");
    assert_eq!(host.kills, vec![(101, 9), (101, 15)]);
    assert_eq!(host.err, "sh: can't kill pid 999: No such process\n");

    let (y, mut host, mut shell) = sh("sleep 5 & wait $!; echo waited $?; wait; echo all $?");
    let Yield::WaitChild(ChildPid(101)) = y else {
        panic!("{y:?}");
    };
    host.now = 5;
    assert_eq!(shell.resume(&mut host, 0), Yield::Exited(0));
    assert_eq!(host.out, "waited 0\nall 0\n");

    assert_eq!(
        stdout("kill -l 9; kill -l TERM; kill -l 137"),
        "KILL\n15\nKILL\n"
    );
    assert!(stdout("kill -l").starts_with(" 1) HUP\n"));
    let (_, e, _) = out("kill -BOGUS 1; kill");
    assert_eq!(
        e,
        "sh: bad signal name 'BOGUS'\nsh: you need to specify whom to kill\n"
    );
    // A builtin or compound in the background is a forked child.
    let (_, host, _) = sh("{ echo x; } & echo $!");
    assert_eq!(host.forks.len(), 1);
    assert!(host.forks.first().is_some_and(|f| f.2));
}

#[test]
fn builtins_and_their_errors() {
    let (o, e, y) = out("exit foo");
    assert_eq!(
        (o.as_str(), e.as_str(), y),
        (
            "",
            "sh: exit: line 1: Illegal number: foo\n",
            Yield::Exited(2)
        )
    );
    let (o, e, _) = out("cd /nope; echo $?; cd /tmp; pwd; cd ..; pwd");
    assert_eq!(o, "2\n/tmp\n/\n");
    assert_eq!(
        e,
        "sh: cd: line 1: can't cd to /nope: No such file or directory\n"
    );
    assert_eq!(
        stdout("[ -f /etc/hostname ] && echo f; [ -d /tmp ] && echo d; test -e /nope || echo no"),
        "f\nd\nno\n"
    );
    assert_eq!(
        stdout("[ 3 -gt 2 -a abc != x ]; echo $?; [ -z \"\" ]; echo $?; [ ! -n x ]; echo $?"),
        "0\n0\n1\n"
    );
    let (o, e, _) = out("[ 1 = 1; echo $?; [ x -eq 1 ]; echo $?");
    assert_eq!(
        (o.as_str(), e.as_str()),
        ("2\n2\n", "sh: missing ]\nsh: x: bad number\n")
    );
    assert_eq!(
        stdout("echo -n a; echo -e 'b\\tc'; printf '%s-%03d\\n' x 7"),
        "ab\tc\nx-007\n"
    );
    assert_eq!(stdout("set -- p q; echo $# $2; shift; echo $1"), "2 q\nq\n");
    assert_eq!(stdout("export A=1; export | grep A"), "");
    assert_eq!(
        stdout("export A='it'\"'\"'s'; export"),
        "export A='it'\"'\"'s'\n"
    );
    let (_, host, _) = sh("A=1 B=2 env; C=3 env");
    assert_eq!(host.envs.first().map(|e| e.len()), Some(2));
    assert_eq!(host.envs.get(1).map(|e| e.contains_key("A")), Some(false));
    assert_eq!(
        stdout("printf 'a b\\n' | { read x y; echo \"$y$x\"; }"),
        "ba\n"
    );
    assert_eq!(stdout("read x < /etc/hostname; echo $x"), "web-0\n");
    assert_eq!(
        stdout("trap 'echo bye' TERM; trap"),
        "trap -- 'echo bye' TERM\n"
    );
    let (o, e, _) = out("umask; echo $?");
    assert_eq!(o, "2\n");
    assert_eq!(e, "sh: umask: this builtin is not simulated by podscope\n");
    // `jobs` is: a shell that is not interactive has no job table (`doing_jobctl` is 0).
    assert_eq!(out("sleep 1 & jobs; echo $?").0, "0\n");
}

#[test]
fn exec_with_redirections_only_keeps_them() {
    let (y, mut host, mut shell) = sh("exec > /tmp/all 2>&1; echo one; fail; echo two");
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(
        host.files.get("/tmp/all").map(String::as_str),
        Some("one\nfailing\ntwo\n")
    );
    assert_eq!(host.out, "");
    let (o, e, y) = out("exec nosuch");
    assert_eq!(
        (o.as_str(), e.as_str(), y),
        (
            "",
            "sh: exec: line 1: nosuch: not found\n",
            Yield::Exited(127)
        )
    );
}

#[test]
fn syntax_error_after_good_lines() {
    let (o, e, y) = out("echo a\nfi\necho b");
    assert_eq!(
        (o.as_str(), e.as_str(), y),
        (
            "a\n",
            "sh: syntax error: unexpected \"fi\"\n",
            Yield::Exited(2)
        )
    );
}

#[test]
fn runaway_expansion_and_recursion_end_cleanly() {
    let (_, e, y) = out("x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done");
    assert_eq!((e.as_str(), y), ("sh: out of memory\n", Yield::Exited(2)));
    let (y, mut host, mut shell) = sh("f() { f; }; f");
    let mut y = y;
    for _ in 0..10 {
        if y != Yield::Busy {
            break;
        }
        y = shell.run(&mut host);
    }
    assert_eq!(y, Yield::Exited(2));
    assert!(host.err.contains("nested too deeply"), "{}", host.err);
}

#[test]
fn a_shell_can_be_built_from_parsed_text_and_cloned() {
    let script = parse("echo a; sleep 1; echo b");
    let mut host = Fake::new();
    let mut shell = Shell::new(&script, Env::new(), Vec::new());
    let y = shell.run(&mut host);
    let snapshot = shell.clone();
    let _ = drive(&mut shell, &mut host, y, 10);
    assert_eq!(host.out, "a\nb\n");
    assert_eq!(snapshot.status(), 0);
}

#[test]
fn double_brackets_are_busybox_test_with_a_closing_pair() {
    assert_eq!(stdout("[[ 1 -eq 1 ]] && echo ok"), "ok\n");
    assert_eq!(stdout("[[ a == b ]]; echo $?"), "1\n");
    assert_eq!(stdout("[[ -n x ]] && echo set"), "set\n");
    let (_, err, _) = out("[[ a == a; echo $?");
    assert_eq!(err, "sh: missing ]]\n");
}

#[test]
fn a_leading_tilde_is_home() {
    assert_eq!(
        stdout("HOME=/root; echo ~ ~/x a~ '~' \"~\""),
        "/root /root/x a~ ~ ~\n"
    );
    assert_eq!(stdout("HOME=/root; x=~/d; echo $x"), "/root/d\n");
    assert_eq!(stdout("unset HOME; echo ~"), "~\n");
}

#[test]
fn random_draws_fifteen_bit_numbers_from_a_seeded_generator() {
    let a = stdout("echo $RANDOM $RANDOM $RANDOM");
    assert_eq!(
        a,
        stdout("echo $RANDOM $RANDOM $RANDOM"),
        "the same PID, the same numbers"
    );
    let nums: Vec<u32> = a.split_whitespace().map(|n| n.parse().unwrap()).collect();
    assert_eq!(nums.len(), 3);
    assert!(nums.iter().all(|n| *n < 32_768));
    assert!(nums[0] != nums[1] || nums[1] != nums[2]);
    assert_eq!(stdout("RANDOM=7; echo $RANDOM"), "7\n");
}

#[test]
fn echo_escapes_are_dash_s_and_ash_s_own() {
    let dash = |text: &str| {
        let mut host = Fake::new();
        let mut shell =
            Shell::new(&parse(text), Env::new(), Vec::new()).dialect(crate::Dialect::Dash);
        let y = shell.run(&mut host);
        drive(&mut shell, &mut host, y, 1_000);
        host.out
    };
    // The secrets page's line: dash expands `\n`, busybox ash prints it.
    let line = r#"echo "username: u\npassword: p\n""#;
    assert_eq!(dash(line), "username: u\npassword: p\n\n");
    assert_eq!(stdout(line), "username: u\\npassword: p\\n\n");
    // dash reads only a first `-n`; `-e` is printed; `\c` ends the output.
    assert_eq!(dash(r"echo -n 'a\tb'"), "a\tb");
    assert_eq!(dash(r"echo -e 'a\c' b"), "-e a");
    assert_eq!(dash(r"echo 'a\0101'"), "aA\n");
    assert_eq!(stdout(r"echo -e 'a\tb'"), "a\tb\n");
}

#[test]
fn pathname_expansion_matches_names_as_expmeta_does() {
    // Sorted matches; a plain last component must exist; no match leaves the word.
    assert_eq!(stdout("echo /etc/*"), "/etc/hostname\n");
    assert_eq!(stdout("echo /*"), "/etc /tmp /var\n");
    assert_eq!(stdout("echo /v*/l*"), "/var/log\n");
    assert_eq!(
        stdout("echo /e*/hostname /e*/nope"),
        "/etc/hostname /e*/nope\n"
    );
    assert_eq!(stdout("echo /nope/*"), "/nope/*\n");
    // Quoted or escaped pattern characters are literal; so is a `*` from a quoted expansion.
    assert_eq!(
        stdout(r#"echo "/etc/*" '/etc/*' /etc/\*; X='/etc/*'; echo "$X" $X"#),
        "/etc/* /etc/* /etc/*\n/etc/* /etc/hostname\n"
    );
    // Relative to the working directory; dot files only for a leading `.`.
    assert_eq!(
        stdout(
            ": > /etc/.hidden; cd /etc; echo *; echo .h*; echo ?ostnam[a-f]; for f in h*; do echo \"[$f]\"; done"
        ),
        "hostname\n.hidden\nhostname\n[hostname]\n"
    );
}
