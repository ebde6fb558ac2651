//! `cp`, `mv` and `rm` on the container's files, as busybox (libbb/copy_file.c,
//! remove_file.c, coreutils/mv.c) and GNU coreutils (src/copy.c, remove.c, mv.c) word them.

use std::fmt::Write as _;

use super::files::{FsError, Stat};
use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

/// The usage busybox prints for a missing operand (`bb_show_usage`, the applet's
/// `//usage:` text in busybox 1.37.0).
const BUSYBOX_BANNER: &str = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n";
const CP_USAGE: &str = "Usage: cp [-arPLHpfinlsTu] SOURCE DEST\nor: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }\n\nCopy SOURCEs to DEST\n\n\t-a\tSame as -dpR\n\t-R,-r\tRecurse\n\t-d,-P\tPreserve symlinks (default if -R)\n\t-L\tFollow all symlinks\n\t-H\tFollow symlinks on command line\n\t-p\tPreserve file attributes if possible\n\t-f\tOverwrite\n\t-i\tPrompt before overwrite\n\t-n\tDon't overwrite\n\t-l,-s\tCreate (sym)links\n\t-T\tRefuse to copy if DEST is a directory\n\t-t DIR\tCopy all SOURCEs into DIR\n\t-u\tCopy only newer files\n";
const MV_USAGE: &str = "Usage: mv [-finT] SOURCE DEST\nor: mv [-fin] SOURCE... { -t DIRECTORY | DIRECTORY }\n\nRename SOURCE to DEST, or move SOURCEs to DIRECTORY\n\n\t-f\tDon't prompt before overwriting\n\t-i\tInteractive, prompt before overwrite\n\t-n\tDon't overwrite an existing file\n\t-T\tRefuse to move if DEST is a directory\n\t-t DIR\tMove all SOURCEs into DIR\n";
const RM_USAGE: &str = "Usage: rm [-irf] FILE...\n\nRemove (unlink) FILEs\n\n\t-i\tAlways prompt before removing\n\t-f\tNever prompt\n\t-R,-r\tRecurse\n";

/// Which of the two implementations runs, for its wording.
#[derive(Clone, Copy)]
struct Tool {
    name: &'static str,
    busybox: bool,
}

impl Tool {
    /// busybox's `can't`, coreutils' `cannot`.
    fn cant(self) -> &'static str {
        if self.busybox { "can't" } else { "cannot" }
    }

    fn fail(self, io: &mut Io<'_>, msg: std::fmt::Arguments<'_>) {
        let _ = writeln!(io.stderr, "{}: {msg}", self.name);
    }

    /// A missing operand: busybox's usage, coreutils' message and hint.
    fn missing(self, io: &mut Io<'_>, usage: &str, after: Option<&str>) -> Applet {
        if self.busybox {
            io.stderr.push_str(BUSYBOX_BANNER);
            io.stderr.push_str(usage);
        } else {
            match after {
                Some(a) => self.fail(
                    io,
                    format_args!("missing destination file operand after '{a}'"),
                ),
                None if self.name == "rm" => self.fail(io, format_args!("missing operand")),
                None => self.fail(io, format_args!("missing file operand")),
            }
            let _ = writeln!(
                io.stderr,
                "Try '{} --help' for more information.",
                self.name
            );
        }
        Applet::Done(1)
    }
}

/// The flag letters and the operands of an argument list (`--` ends the flags).
fn split<'a>(args: &[&'a str]) -> (String, Vec<&'a str>) {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut options = true;
    for a in args {
        if options && *a == "--" {
            options = false;
        } else if options && a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            flags.extend(a.chars().skip(1));
        } else if !(options && a.starts_with("--")) {
            operands.push(*a);
        }
    }
    (flags, operands)
}

/// `SOURCE… DEST` of cp and mv: the flags, the destination and the sources, or the
/// missing-operand failure.
fn sources_and_dest<'a>(
    tool: Tool,
    args: &[&'a str],
    io: &mut Io<'_>,
    usage: &str,
) -> Result<(String, &'a str, Vec<&'a str>), Applet> {
    let (flags, ops) = split(args);
    match ops.split_last() {
        Some((d, s)) if !s.is_empty() => Ok((flags, *d, s.to_vec())),
        Some((d, _)) => Err(tool.missing(io, usage, Some(d))),
        None => Err(tool.missing(io, usage, None)),
    }
}

fn last_component(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    p.rsplit('/').next().unwrap_or(p)
}

/// Where `src` lands: inside `dest` when it is a directory, else `dest` itself.
fn target(w: &World, ctx: Ctx, cwd: &str, src: &str, dest: &str) -> String {
    let d = podscope_shell::resolve_path(cwd, dest);
    if w.stat(ctx.pod, ctx.slot, &d) == Some(Stat::Dir) {
        format!("{}/{}", d.trim_end_matches('/'), last_component(src))
    } else {
        d
    }
}

/// Copies `from` to `to` (both absolute), a directory with everything under it.
fn copy_tree(w: &mut World, ctx: Ctx, from: &str, to: &str) -> Result<(), (String, FsError)> {
    match w.stat(ctx.pod, ctx.slot, from) {
        Some(Stat::Dir) => {
            w.make_dir(ctx.pod, ctx.slot, to)
                .map_err(|e| (to.to_owned(), e))?;
            let names = w
                .list_dir(ctx.pod, ctx.slot, from)
                .map_err(|e| (from.to_owned(), e))?;
            for n in names {
                copy_tree(w, ctx, &format!("{from}/{n}"), &format!("{to}/{n}"))?;
            }
            Ok(())
        }
        _ => {
            let data = w
                .read_file(ctx.pod, ctx.slot, from)
                .map_err(|e| (from.to_owned(), e))?;
            w.write_file(ctx.pod, ctx.slot, to, &data, false)
                .map_err(|e| (to.to_owned(), e))
        }
    }
}

/// `cp [-rRa…] SOURCE… DEST`.
pub(super) fn cp(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let tool = Tool {
        name: "cp",
        busybox,
    };
    let (flags, dest, sources) = match sources_and_dest(tool, args, io, CP_USAGE) {
        Ok(parsed) => parsed,
        Err(failed) => return failed,
    };
    let recursive = flags.contains(['r', 'R', 'a']);
    let mut status = 0;
    for src in sources {
        let from = podscope_shell::resolve_path(io.cwd, src);
        match w.stat(ctx.pod, ctx.slot, &from) {
            None => {
                tool.fail(
                    io,
                    format_args!(
                        "{} stat '{src}': {}",
                        tool.cant(),
                        FsError::NoEntry.strerror()
                    ),
                );
                status = 1;
                continue;
            }
            Some(Stat::Dir) if !recursive => {
                if busybox {
                    tool.fail(io, format_args!("omitting directory '{src}'"));
                } else {
                    tool.fail(
                        io,
                        format_args!("-r not specified; omitting directory '{src}'"),
                    );
                }
                status = 1;
                continue;
            }
            Some(_) => {}
        }
        let to = target(w, ctx, io.cwd, src, dest);
        if let Err((path, e)) = copy_tree(w, ctx, &from, &to) {
            let what = if busybox {
                "create"
            } else {
                "create regular file"
            };
            tool.fail(
                io,
                format_args!("{} {what} '{path}': {}", tool.cant(), e.strerror()),
            );
            status = 1;
        }
    }
    Applet::Done(status)
}

/// `mv SOURCE… DEST`: a rename within the container's files.
pub(super) fn mv(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let tool = Tool {
        name: "mv",
        busybox,
    };
    let (_, dest, sources) = match sources_and_dest(tool, args, io, MV_USAGE) {
        Ok(parsed) => parsed,
        Err(failed) => return failed,
    };
    let mut status = 0;
    for src in sources {
        let from = podscope_shell::resolve_path(io.cwd, src);
        if w.stat(ctx.pod, ctx.slot, &from).is_none() {
            // busybox: rename(2) fails with ENOENT; coreutils stats the source first.
            let verb = if busybox { "rename" } else { "stat" };
            tool.fail(
                io,
                format_args!(
                    "{} {verb} '{src}': {}",
                    tool.cant(),
                    FsError::NoEntry.strerror()
                ),
            );
            status = 1;
            continue;
        }
        let to = target(w, ctx, io.cwd, src, dest);
        if to == from {
            continue;
        }
        // rename(2) fails before anything moves.
        let busy = if w.is_mount_point(ctx.pod, ctx.slot, &crate::sim::fs::normalize(&from)) {
            Err(FsError::Busy)
        } else {
            Ok(())
        };
        let moved = busy
            .and_then(|()| copy_tree(w, ctx, &from, &to).map_err(|(_, e)| e))
            .and_then(|()| w.remove_file(ctx.pod, ctx.slot, &from));
        if let Err(e) = moved {
            if busybox {
                tool.fail(io, format_args!("can't rename '{src}': {}", e.strerror()));
            } else {
                tool.fail(
                    io,
                    format_args!("cannot move '{src}' to '{dest}': {}", e.strerror()),
                );
            }
            status = 1;
        }
    }
    Applet::Done(status)
}

/// `rm [-rRf] FILE…`: `-f` ignores missing files; a directory needs `-r`.
pub(super) fn rm(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let tool = Tool {
        name: "rm",
        busybox,
    };
    let (flags, ops) = split(args);
    let force = flags.contains('f');
    let recursive = flags.contains(['r', 'R']);
    if ops.is_empty() {
        // Both accept `rm -f` with nothing to remove.
        return if force {
            Applet::Done(0)
        } else {
            tool.missing(io, RM_USAGE, None)
        };
    }
    let mut status = 0;
    for f in ops {
        let path = podscope_shell::resolve_path(io.cwd, f);
        let result = match w.stat(ctx.pod, ctx.slot, &path) {
            Some(Stat::Dir) if !recursive => Err(FsError::IsDir),
            _ => w.remove_file(ctx.pod, ctx.slot, &path),
        };
        match result {
            Ok(()) => {}
            Err(FsError::NoEntry) if force => {}
            Err(FsError::IsDir) if busybox => {
                tool.fail(io, format_args!("'{f}' is a directory"));
                status = 1;
            }
            Err(e) => {
                tool.fail(
                    io,
                    format_args!("{} remove '{f}': {}", tool.cant(), e.strerror()),
                );
                status = 1;
            }
        }
    }
    Applet::Done(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_operands_split_as_getopt_does() {
        assert_eq!(
            split(&["-rf", "a", "--", "-b"]),
            ("rf".to_owned(), vec!["a", "-b"])
        );
        assert_eq!(split(&["-", "x"]), (String::new(), vec!["-", "x"]));
        assert_eq!(last_component("/a/b/"), "b");
    }
}
