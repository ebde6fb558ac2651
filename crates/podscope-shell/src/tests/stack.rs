//! Deep inputs on a 1 MiB stack (wasm's default): parser, arithmetic and `test` recursion
//! stay within it in a debug build.

use super::fake::{Fake, drive};
use crate::{Env, Shell, parse};

fn on_small_stack(text: String) -> bool {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let script = parse(&text);
            let mut host = Fake::new();
            let mut shell = Shell::new(&script, Env::new(), Vec::new());
            let y = shell.run(&mut host);
            let _ = drive(&mut shell, &mut host, y, 10);
        })
        .map(|h| h.join().is_ok())
        .unwrap_or(false)
}

#[test]
fn deep_inputs_fit_in_a_small_stack() {
    let units = [
        "(",
        "{ ",
        "if true; then ",
        "while :; do ",
        "echo ${x:-",
        "echo $(",
        "echo `echo \\\\`",
        "echo $((",
        "echo $((1+(",
        "[ ( ",
        "[ ! ",
        "! ",
        "case x in x) ",
        "f() ",
        "a | ",
        "a && ",
    ];
    for unit in units {
        for n in [99usize, 101, 10_000] {
            let text = unit.repeat(n);
            assert!(on_small_stack(text), "{unit:?} x {n}");
        }
    }
    let elifs = format!("if a; then b; {}fi", "elif a; then b; ".repeat(10_000));
    assert!(on_small_stack(elifs));
    // Deep but valid: evaluated to the end.
    let arith = format!("echo $(({}1{}))", "(".repeat(90), ")".repeat(90));
    assert!(on_small_stack(arith));

    let test = format!("[ {} x {} ]", "( ".repeat(90), ") ".repeat(90));
    assert!(on_small_stack(test));
}
