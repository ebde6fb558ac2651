//! Parser tests: what parses, and the exact syntax errors busybox ash prints.

use crate::ast::{Node, Part, RedirKind};
use crate::{MAX_SCRIPT_BYTES, parse};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn err(text: &str) -> String {
    match parse(text).error {
        Some(e) => e.render("sh", false),
        None => "no error".into(),
    }
}

#[test]
fn ash_syntax_error_texts() {
    // shell/ash.c `raise_error_unexpected_syntax` + `tokname`: keywords and operators quoted,
    // "end of file", "newline", "word", "redirection" bare.
    let cases = [
        ("done", r#"sh: syntax error: unexpected "done""#),
        (
            "while true; do echo",
            r#"sh: syntax error: unexpected end of file (expecting "done")"#,
        ),
        ("echo 'abc", "sh: syntax error: unterminated quoted string"),
        ("echo \"abc", "sh: syntax error: unterminated quoted string"),
        (
            "if true; then echo; fi fi",
            r#"sh: syntax error: unexpected "fi""#,
        ),
        ("echo )", r#"sh: syntax error: unexpected ")""#),
        (
            "if true; echo; fi",
            r#"sh: syntax error: unexpected "fi" (expecting "then")"#,
        ),
        (
            "for 1 in a; do :; done",
            "sh: syntax error: bad for loop variable",
        ),
        ("echo ${x", "sh: syntax error: missing '}'"),
        ("echo ${x!}", "sh: syntax error: bad substitution"),
        ("echo $((1+2", "sh: syntax error: missing '))'"),
        (
            "echo $(echo",
            r#"sh: syntax error: unexpected end of file (expecting ")")"#,
        ),
        (
            "echo `echo",
            "sh: syntax error: EOF in backquote substitution",
        ),
        ("echo >\n", "sh: syntax error: unexpected newline"),
        ("echo >", "sh: syntax error: unexpected end of file"),
        ("| cat", r#"sh: syntax error: unexpected "|""#),
        ("true &&", "sh: syntax error: unexpected end of file"),
        (
            "( echo",
            r#"sh: syntax error: unexpected end of file (expecting ")")"#,
        ),
        (
            "{ echo; ",
            r#"sh: syntax error: unexpected end of file (expecting "}")"#,
        ),
        (";", r#"sh: syntax error: unexpected ";""#),
        (
            "while true; do done",
            r#"sh: syntax error: unexpected "done""#,
        ),
        (
            "case x in a) echo;; b) echo",
            r#"sh: syntax error: unexpected end of file (expecting ";;")"#,
        ),
        ("echo a > > b", "sh: syntax error: unexpected redirection"),
    ];
    for (text, want) in cases {
        assert_eq!(err(text), want, "for {text:?}");
    }
}

#[test]
fn lines_before_an_error_are_kept_and_the_line_is_counted() {
    let s = parse("echo a\necho b\nfi\necho c");
    assert_eq!(s.commands.len(), 2);
    let e = s.error.expect("error");
    assert_eq!(e.line, 3);
    // With a $0 argument ash names the script and the line (`ash_vmsg`).
    assert_eq!(
        e.render("myscript", true),
        r#"myscript: line 3: syntax error: unexpected "fi""#
    );
}

#[test]
fn good_scripts_parse() {
    for text in [
        "while true; do cat /var/log/nginx/access.log; sleep 30; done",
        "for x in a b c; do echo $x; done",
        "for x\ndo echo $x\ndone",
        "if a; then b; elif c; then d; else e; fi",
        "until false; do :; done",
        "(sleep 1 &); exec sleep 3600",
        "{ echo a; echo b; } > /tmp/x 2>&1",
        "a && b || c; d & e",
        "x=1 y=\"2 3\" env",
        "echo ${A:-default} ${#B} ${C:+alt} ${D%%.*} $? $$ $! $# $@ $1",
        "echo $(echo $(echo nested)) `echo old`",
        "case $1 in start|run) echo go;; *) echo no;; esac",
        "f() { echo hi; }; f",
        "echo a \\\n b",
        "cat <<EOF\nhello\nEOF\necho after",
        "# only a comment",
        "",
        "! true | false",
        "echo hi &> /dev/null",
    ] {
        let s = parse(text);
        assert_eq!(s.error, None, "for {text:?}");
    }
}

#[test]
fn words_quotes_and_redirections() {
    let s = parse("echo 'a b' \"c $X\" d\\ e 2>&1 >>/tmp/log");
    let Some(node) = s.commands.first() else {
        panic!("no command");
    };
    let Node::Simple(cmd) = &**node else {
        panic!("not simple: {node:?}");
    };
    assert_eq!(cmd.words.len(), 4);
    assert_eq!(
        cmd.words.get(1).map(|w| w.parts.clone()),
        Some(vec![Part::Quoted("a b".into())])
    );
    assert_eq!(cmd.redirs.len(), 2);
    assert_eq!(
        cmd.redirs.first().map(|r| (r.fd, r.kind)),
        Some((2, RedirKind::DupOut))
    );
    assert_eq!(
        cmd.redirs.get(1).map(|r| (r.fd, r.kind)),
        Some((1, RedirKind::Append))
    );
}

#[test]
fn keywords_only_in_command_position() {
    // `echo done` is a word; `do` after `for x in` is a word too (ash reads the list with
    // keyword checking off).
    assert_eq!(parse("echo done fi").error, None);
    assert_eq!(
        err("for x in a do; do echo; done"),
        "no error",
        "`do` in the word list is a word"
    );
}

#[test]
fn hostile_input_fails_cleanly_and_fast() {
    let parens = "(".repeat(10_000);
    let e = parse(&parens).error.expect("error");
    assert!(
        e.message.contains("nested more than 100 levels"),
        "{}",
        e.message
    );

    let subs = "$(".repeat(10_000);
    assert!(parse(&format!("echo {subs}")).error.is_some());
    let braces = "${x:-".repeat(10_000);
    assert!(parse(&format!("echo {braces}")).error.is_some());
    let ifs = "if true; then ".repeat(5_000);
    assert!(parse(&ifs).error.is_some());

    // A megabyte of commands parses (linearly); more than the limit is refused.
    let big = "echo hello world; ".repeat(55_000);
    assert!(big.len() < MAX_SCRIPT_BYTES);
    let s = parse(&big);
    assert_eq!(s.error, None);
    let huge = "x".repeat(MAX_SCRIPT_BYTES + 1);
    let e = parse(&huge).error.expect("error");
    assert!(
        e.message.contains("podscope reads at most"),
        "{}",
        e.message
    );
}
