//! The interactive shell (`kubectl exec -it … -- sh`): lines fed one by one, state kept
//! between them, errors that abandon a line, `exit`, and the prompt.

use std::sync::Arc;

use super::fake::{Fake, drive};
use crate::{Shell, VarTable, Yield, parse};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn env(pairs: &[(&str, &str)]) -> VarTable {
    let environ: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    VarTable::from_environ(&environ)
}

/// Feeds `line` and runs it to the next prompt (or the end).
fn line(shell: &mut Shell, host: &mut Fake, text: &str) -> Yield {
    shell.feed(Arc::new(parse(text)));
    let y = shell.run(host);
    drive(shell, host, y, 1_000)
}

#[test]
fn state_lasts_from_line_to_line() {
    let mut host = Fake::new();
    let mut shell = Shell::interactive(env(&[("HOME", "/root")]));
    assert_eq!(shell.run(&mut host), Yield::Prompt, "nothing to run yet");
    assert!(shell.at_prompt());
    assert_eq!(shell.prompt(true), "/ # ");
    assert_eq!(line(&mut shell, &mut host, "cd /etc"), Yield::Prompt);
    assert_eq!(shell.prompt(true), "/etc # ");
    assert_eq!(shell.prompt(false), "/etc $ ");
    line(&mut shell, &mut host, "X=5; f() { echo f$1; }");
    line(
        &mut shell,
        &mut host,
        "pwd; echo $X; f 1; sleep 1; echo slept",
    );
    assert_eq!(host.out, "/etc\n5\nf1\nslept\n");
    line(&mut shell, &mut host, "cd /tmp/..");
    line(&mut shell, &mut host, "HOME=/etc; cd /etc");
    assert_eq!(shell.prompt(true), "~ # ", "$HOME shows as ~");
    line(&mut shell, &mut host, "PS1='[\\W]\\$ \\q'");
    // lineedit takes `\\W` from the `~`-shortened directory: `~` has no `/` left.
    assert_eq!(shell.prompt(true), "[~]# \\q");
}

#[test]
fn errors_abandon_the_line_and_exit_ends_the_shell() {
    let mut host = Fake::new();
    let mut shell = Shell::interactive(env(&[]));
    assert_eq!(
        line(
            &mut shell,
            &mut host,
            "echo a; export 1x=2; echo not reached"
        ),
        Yield::Prompt
    );
    assert_eq!(line(&mut shell, &mut host, "echo $?"), Yield::Prompt);
    assert_eq!(line(&mut shell, &mut host, "if then"), Yield::Prompt);
    assert_eq!(line(&mut shell, &mut host, "cd /nope"), Yield::Prompt);
    assert_eq!(host.out, "a\n2\n");
    assert_eq!(
        host.err,
        "sh: export: 1x: bad variable name\n\
         sh: syntax error: unexpected \"then\"\n\
         sh: cd: can't cd to /nope: No such file or directory\n"
    );
    // A substitution's error ends only the substitution.
    assert_eq!(
        line(&mut shell, &mut host, "echo [$(echo ${u:?}; echo no)]"),
        Yield::Prompt
    );
    assert!(host.out.ends_with("[]\n"), "{}", host.out);
    assert_eq!(line(&mut shell, &mut host, "exit 3"), Yield::Exited(3));
    assert!(!shell.at_prompt());
    shell.feed(Arc::new(parse("echo after")));
    assert_eq!(
        shell.run(&mut host),
        Yield::Exited(3),
        "an ended shell reads nothing"
    );
}

#[test]
fn jobs_lists_background_jobs_as_ash_does() {
    let mut host = Fake::new();
    let mut shell = Shell::interactive(env(&[]));
    line(&mut shell, &mut host, "sleep 100 &");
    line(
        &mut shell,
        &mut host,
        "sleep 5 >/dev/null & nginx -g 'daemon off;' &",
    );
    assert_eq!(host.err, "", "busybox ash prints nothing when a job starts");
    line(&mut shell, &mut host, "jobs");
    // shell/ash.c `showjob`: `[N]` and the mark, the status, the command from column 33;
    // newest first.
    assert_eq!(
        host.out,
        "[3]+  Running                    nginx -g \"daemon off;\"\n\
         [2]-  Running                    sleep 5 1>/dev/null\n\
         [1]   Running                    sleep 100\n"
    );
    host.out.clear();
    // Job 2 ends: the next prompt reports it on stderr, once, and frees its number.
    host.now = 10;
    line(&mut shell, &mut host, ":");
    assert_eq!(
        host.err,
        "[2]-  Done                       sleep 5 1>/dev/null\n"
    );
    line(&mut shell, &mut host, "sleep 1 &");
    line(&mut shell, &mut host, "jobs");
    assert_eq!(
        host.out,
        "[2]+  Running                    sleep 1\n\
         [3]-  Running                    nginx -g \"daemon off;\"\n\
         [1]   Running                    sleep 100\n",
        "the lowest free number, and the newest job is current"
    );
    // shell/ash.c `cmdtxt`/`cmdputs`: no assignments, `${…}`, `$(...)`, numbered redirections.
    assert_eq!(
        crate::jobs::text_of(&parse("A=1 f $X \"${Y:-z}\" $(date) 2>&1")),
        "f ${X} \"${Y:-z}\" $(...) 2>&1"
    );
}

/// An interactive shell reads on (PS2) until a here-document's delimiter line, a closing
/// quote or the end of a compound command comes; a complete line runs at once.
#[test]
fn incomplete_input_asks_for_more_lines() {
    use crate::needs_more_input;
    for text in [
        "cat <<EOF >/etc/x.yaml",
        "cat <<EOF >/etc/x.yaml\napiVersion: v1\n",
        "cat <<-'END'\n\tkind: Pod\n",
        "echo 'open",
        "if true; then",
        "for i in 1 2; do\necho $i\n",
    ] {
        assert!(needs_more_input(text), "{text:?}");
    }
    for text in [
        "echo hi",
        "cat <<EOF >/etc/x.yaml\napiVersion: v1\nEOF\n",
        "cat <<EOF\nEOF",
        "cat <<-'END'\n\tkind: Pod\n\tEND\n",
        "if true; then echo y; fi",
        "echo )",
        "",
    ] {
        assert!(!needs_more_input(text), "{text:?}");
    }
}
