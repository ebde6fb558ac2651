//! The shells as programs (`sh`, `bash`, `ash`, `dash` run by name: `sh -c 'SCRIPT'`, `bash
//! script.sh`, `sh` reading its standard input): a new shell process runs the script, as
//! execve of the shell would. The script is run by podscope's ash model (docs/shell.md);
//! bash's and dash's own wordings are not modelled; dash's `echo` is (`Dialect::Dash`).

use std::fmt::Write as _;

use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::{Dialect, Io};

/// A shell to start: its command line (as `ps` shows it), the script and `$0 $1 …`.
pub(crate) struct ShellRun {
    pub cmdline: String,
    pub script: String,
    pub args: Vec<String>,
    /// dash for a Debian image's `sh`, else busybox ash's builtins (bash's `echo` expands
    /// escapes only with `-e`, as ash's does).
    pub dialect: Dialect,
}

/// Which shell `argv0` starts in the container: Debian's `/bin/sh` is dash.
pub(crate) fn dialect_of(w: &World, ctx: Ctx, argv0: &str) -> Dialect {
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    let dash = name == "dash" || (name == "sh" && super::applets::sh_is_dash(w, ctx));
    if dash { Dialect::Dash } else { Dialect::Ash }
}

/// Reads a shell's command line (busybox shell/ash.c `procargs`, dash `options`): `-c
/// SCRIPT [NAME [ARGS…]]` runs SCRIPT with `$0` = NAME; `FILE [ARGS…]` runs the file;
/// nothing (or `-s`) reads the script from standard input. Options before them (`-e`, `-x`,
/// `-l`, `-i`) are accepted and not modelled.
pub(crate) fn run(w: &World, ctx: Ctx, argv: &[String], io: &mut Io<'_>) -> Applet {
    let Some(argv0) = argv.first() else {
        return Applet::Done(0);
    };
    let name = argv0.rsplit('/').next().unwrap_or(argv0).to_owned();
    let mut rest = argv.iter().skip(1).peekable();
    let mut command = false;
    while let Some(a) = rest.peek() {
        if a.as_str() == "--" {
            rest.next();
            break;
        }
        if !a.starts_with('-') && !a.starts_with('+') || a.len() < 2 {
            break;
        }
        if a.starts_with('-') && a.contains('c') {
            command = true;
        }
        rest.next();
    }
    let rest: Vec<String> = rest.cloned().collect();
    let cmdline = argv.join(" ");
    let dialect = dialect_of(w, ctx, argv0);
    if command {
        let Some((script, more)) = rest.split_first() else {
            // ash: `sh: -c requires an argument` (shell/ash.c `procargs`), exit 2.
            let _ = writeln!(io.stderr, "{name}: -c requires an argument");
            return Applet::Done(2);
        };
        let args = if more.is_empty() {
            vec![argv0.clone()]
        } else {
            more.to_vec()
        };
        return Applet::Shell(ShellRun {
            cmdline,
            script: script.clone(),
            args,
            dialect,
        });
    }
    match rest.split_first() {
        Some((file, more)) => {
            let path = podscope_shell::resolve_path(io.cwd, file);
            match w.read_file(ctx.pod, ctx.slot, &path) {
                Ok(script) => {
                    let mut args = vec![file.clone()];
                    args.extend(more.iter().cloned());
                    Applet::Shell(ShellRun {
                        cmdline,
                        script,
                        args,
                        dialect,
                    })
                }
                Err(e) => {
                    // ash `procargs` → `setinputfile`: `sh: can't open 'F': …`, exit 2;
                    // dash and bash exit 127 (`sh: 0: cannot open F: No such file`).
                    let _ = writeln!(io.stderr, "{name}: can't open '{file}': {}", e.strerror());
                    Applet::Done(if super::applets::sh_is_dash(w, ctx) {
                        127
                    } else {
                        2
                    })
                }
            }
        }
        // The script is what stdin holds (none in a container without `stdin: true`).
        None => Applet::Shell(ShellRun {
            cmdline,
            script: io.stdin.to_owned(),
            args: vec![argv0.clone()],
            dialect,
        }),
    }
}
