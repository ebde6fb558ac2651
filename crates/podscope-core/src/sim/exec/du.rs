//! `du` over the container's files, as busybox 1.37 (coreutils/du.c `du`, `print`) and GNU
//! coreutils 9.1 (src/du.c) count them: each path's `st_blocks` (whole 4 KiB blocks for a
//! file on the node's ext4 or a tmpfs, 4 KiB for an ext4 directory, nothing for a tmpfs
//! directory or a symbolic link: `stat::FileInfo::blocks_k`), directories with what is
//! under them, symbolic links not followed. Names under a directory come in podscope's
//! sorted order; the kernel's `readdir` order (ext4's hash order, tmpfs's newest first)
//! is not modelled.

use std::fmt::Write as _;

use super::stat::Kind;
use super::usage::{Arg, Getopt, OptError, report};
use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

const BUSYBOX_USAGE: &str = "Usage: du [-aHLdclsxhmk] [FILE]...\n\nSummarize disk space used for FILEs (or directories)\n\n\t-a\tShow file sizes too\n\t-b\tApparent size (including holes)\n\t-L\tFollow all symlinks\n\t-H\tFollow symlinks on command line\n\t-d N\tLimit output to directories (and files with -a) of depth < N\n\t-c\tShow grand total\n\t-l\tCount sizes many times if hard linked\n\t-s\tDisplay only a total for each argument\n\t-x\tSkip directories on different filesystems\n\t-h\tSizes in human readable format (e.g., 1K 243M 2G)\n\t-m\tSizes in megabytes\n\t-k\tSizes in kilobytes (default)\n";

/// The deepest directory `du` walks into, and the most paths it visits: podscope's own
/// bounds (a container's tree is small; these keep a pathological one cheap).
const MAX_DEPTH: usize = 64;
const MAX_PATHS: usize = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Units {
    Kilo,
    Mega,
    Human,
}

struct Opts<'a> {
    all: bool,
    total: bool,
    max_depth: Option<usize>,
    units: Units,
    operands: Vec<&'a str>,
}

fn parse<'a>(args: &[&'a str], busybox: bool) -> Result<Opts<'a>, OptError> {
    let mut o = Opts {
        all: false,
        total: false,
        max_depth: None,
        units: Units::Kilo,
        operands: Vec::new(),
    };
    let depth = |v: &str| {
        v.parse::<usize>()
            .map_err(|_| OptError::Bad(format!("du: invalid maximum depth '{v}'\n")))
    };
    let mut g = Getopt::new("du", args);
    while let Some(arg) = g.next_arg() {
        match arg {
            Arg::Operand(a) => o.operands.push(a),
            Arg::Long(name, _) if busybox => return Err(g.unrecognized(name)),
            Arg::Long(name, value) => match name {
                "all" => o.all = true,
                "summarize" => o.max_depth = Some(0),
                "total" => o.total = true,
                "human-readable" => o.units = Units::Human,
                "max-depth" => o.max_depth = Some(depth(g.long_value(name, value)?)?),
                _ => return Err(g.unrecognized(name)),
            },
            Arg::Short(ch) => match ch {
                'a' => o.all = true,
                's' => o.max_depth = Some(0),
                'c' => o.total = true,
                'h' => o.units = Units::Human,
                'm' => o.units = Units::Mega,
                'k' => o.units = Units::Kilo,
                // Symbolic links, hard links and filesystems: podscope's trees have no
                // hard links, and du here never follows a link.
                'H' | 'L' | 'l' | 'x' | 'P' => {}
                'd' => o.max_depth = Some(depth(g.value(ch)?)?),
                'b' => return Err(OptError::NotSimulated("-b")),
                other => return Err(g.invalid(other)),
            },
        }
    }
    if o.operands.is_empty() {
        o.operands.push(".");
    }
    Ok(o)
}

/// One walk: the options, what was printed, how many paths were visited.
struct Walk<'o, 'a> {
    o: &'o Opts<'a>,
    busybox: bool,
    out: String,
    visited: usize,
}

impl Walk<'_, '_> {
    /// busybox du.c `print` (a size in KiB here): `-k` as is, `-m` rounded up to whole
    /// MiB ("coreutils' du rounds sizes up"), `-h` one tenth rounded to nearest; GNU:
    /// rounded up, `-h` autoscaled.
    fn size(&self, kib: u64) -> String {
        if self.busybox {
            let blocks512 = kib * 2;
            match self.o.units {
                Units::Kilo => super::human::busybox(blocks512, 512, 1024),
                Units::Mega => {
                    let unit = 1u64 << 20;
                    super::human::busybox(blocks512 + (unit - 1) / 1024, 512, unit)
                }
                Units::Human => super::human::busybox(blocks512, 512, 0),
            }
        } else {
            match self.o.units {
                Units::Kilo => super::human::gnu_blocks(kib, 1024, 1024),
                Units::Mega => super::human::gnu_blocks(kib, 1024, 1 << 20),
                Units::Human => super::human::gnu_human(kib.saturating_mul(1024)),
            }
        }
    }

    fn print(&mut self, kib: u64, name: &str) {
        let s = self.size(kib);
        let _ = writeln!(self.out, "{s}\t{name}");
    }

    /// busybox du.c `du`: a path's own blocks, a directory's with everything under it,
    /// printed when no deeper than the limit (files only with `-a`).
    fn du(&mut self, w: &World, ctx: Ctx, path: &str, name: &str, depth: usize) -> u64 {
        self.visited += 1;
        let Ok(info) = w.file_info(ctx, path) else {
            return 0;
        };
        let mut sum = info.blocks_k();
        let is_dir = info.kind == Kind::Dir;
        if is_dir && depth < MAX_DEPTH {
            let names = w.list_dir(ctx.pod, ctx.slot, path).unwrap_or_default();
            for n in names {
                if self.visited >= MAX_PATHS {
                    break;
                }
                let child = if path == "/" {
                    format!("/{n}")
                } else {
                    format!("{path}/{n}")
                };
                let child_name = if name.ends_with('/') {
                    format!("{name}{n}")
                } else {
                    format!("{name}/{n}")
                };
                sum += self.du(w, ctx, &child, &child_name, depth + 1);
            }
        }
        if !is_dir && !self.o.all && depth != 0 {
            return sum;
        }
        if self.o.max_depth.is_none_or(|m| depth <= m) {
            self.print(sum, name);
        }
        sum
    }
}

pub(crate) fn run(w: &World, ctx: Ctx, busybox: bool, args: &[&str], io: &mut Io<'_>) -> Applet {
    let o = match parse(args, busybox) {
        Ok(o) => o,
        Err(e) => return report(io, &e, "du", busybox, BUSYBOX_USAGE),
    };
    let mut walk = Walk {
        o: &o,
        busybox,
        out: String::new(),
        visited: 0,
    };
    let mut status = 0;
    let mut total = 0;
    for f in &o.operands {
        let path = podscope_shell::resolve_path(io.cwd, f);
        if w.file_info(ctx, &path).is_err() {
            status = 1;
            // Flush what was printed before, as the two tools write as they go.
            io.stdout.push_str(&std::mem::take(&mut walk.out));
            if busybox {
                let _ = writeln!(io.stderr, "du: {f}: No such file or directory");
            } else {
                let _ = writeln!(
                    io.stderr,
                    "du: cannot access '{f}': No such file or directory"
                );
            }
            continue;
        }
        total += walk.du(w, ctx, &path, f, 0);
    }
    if o.total {
        walk.print(total, "total");
    }
    io.stdout.push_str(&walk.out);
    Applet::Done(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk<'o, 'a>(o: &'o Opts<'a>, busybox: bool) -> Walk<'o, 'a> {
        Walk {
            o,
            busybox,
            out: String::new(),
            visited: 0,
        }
    }

    #[test]
    fn sizes_round_as_each_tool_does() {
        let o = parse(&["-m"], true).expect("-m");
        // busybox -m rounds up: 1025 KiB is 2 MiB.
        assert_eq!(walk(&o, true).size(1025), "2");
        let o = parse(&["-sh"], true).expect("-sh");
        assert_eq!(walk(&o, true).size(12), "12.0K");
        assert_eq!(walk(&o, true).size(0), "0");
        let o = parse(&["-sh"], false).expect("-sh");
        assert_eq!(walk(&o, false).size(12), "12K");
        assert_eq!(walk(&o, false).size(4), "4.0K");
        let o = parse(&[], false).expect("none");
        assert_eq!(walk(&o, false).size(8), "8");
        assert_eq!(o.operands, ["."]);
    }

    #[test]
    fn options_parse_like_getopt() {
        let o = parse(&["-d", "1", "/data"], true).expect("-d 1");
        assert_eq!(
            (o.max_depth, o.operands.as_slice()),
            (Some(1), &["/data"][..])
        );
        let o = parse(&["--max-depth=2", "-a"], false).expect("long");
        assert_eq!((o.max_depth, o.all), (Some(2), true));
        assert_eq!(
            parse(&["-q"], false).err(),
            Some(OptError::Bad("du: invalid option -- 'q'\n".to_owned()))
        );
        assert_eq!(
            parse(&["-b"], true).err(),
            Some(OptError::NotSimulated("-b"))
        );
        assert!(parse(&["--max-depth"], false).is_err());
    }
}
