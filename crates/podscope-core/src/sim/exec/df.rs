//! `df` in a container over its mount table (`mounts::table`) and the filesystems' sizes
//! (`statfs`), as busybox 1.37 (coreutils/df.c `df_main`) and GNU coreutils 9.1
//! (src/df.c) print it.

use std::fmt::Write as _;

use super::mounts::{self, FsType, MountEntry};
use super::statfs::{BLOCK, StatFs, statfs};
use super::usage::{Arg, Getopt, OptError, report};
use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

const BUSYBOX_USAGE: &str = "Usage: df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n\n\t-P\tPOSIX output format\n\t-k\t1024-byte blocks (default)\n\t-m\t1M-byte blocks\n\t-h\tHuman readable (e.g. 1K 243M 2G)\n\t-T\tPrint filesystem type\n\t-t TYPE\tPrint only mounts of this type\n\t-a\tShow all filesystems\n\t-i\tInodes\n\t-B SIZE\tBlocksize\n";

/// How sizes are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Units {
    Kilo,
    Mega,
    Human,
}

/// The options both implementations share.
#[derive(Debug)]
struct Opts<'a> {
    units: Units,
    posix: bool,
    print_type: bool,
    all: bool,
    only: Vec<&'a str>,
    exclude: Vec<&'a str>,
    operands: Vec<&'a str>,
}

/// Parses `args`; `Err` is the message for a bad option.
fn parse<'a>(args: &[&'a str], busybox: bool) -> Result<Opts<'a>, OptError> {
    let mut o = Opts {
        units: Units::Kilo,
        posix: false,
        print_type: false,
        all: false,
        only: Vec::new(),
        exclude: Vec::new(),
        operands: Vec::new(),
    };
    let mut g = Getopt::new("df", args);
    while let Some(arg) = g.next_arg() {
        match arg {
            Arg::Operand(a) => o.operands.push(a),
            // busybox's getopt32 takes no long options.
            Arg::Long(name, _) if busybox => return Err(g.unrecognized(name)),
            Arg::Long(name, value) => match name {
                "human-readable" => o.units = Units::Human,
                "portability" => o.posix = true,
                "print-type" => o.print_type = true,
                "all" => o.all = true,
                "type" => o.only.push(g.long_value(name, value)?),
                "exclude-type" => o.exclude.push(g.long_value(name, value)?),
                _ => return Err(g.unrecognized(name)),
            },
            Arg::Short(ch) => match ch {
                'k' => o.units = Units::Kilo,
                'm' => o.units = Units::Mega,
                'h' | 'H' => o.units = Units::Human,
                'P' => o.posix = true,
                'T' => o.print_type = true,
                'a' => o.all = true,
                't' => o.only.push(g.value(ch)?),
                'x' if !busybox => o.exclude.push(g.value(ch)?),
                'i' => return Err(OptError::NotSimulated("-i")),
                'B' => return Err(OptError::NotSimulated("-B")),
                other => return Err(g.invalid(other)),
            },
        }
    }
    Ok(o)
}

pub(crate) fn run(w: &World, ctx: Ctx, busybox: bool, args: &[&str], io: &mut Io<'_>) -> Applet {
    let o = match parse(args, busybox) {
        Ok(o) => o,
        Err(e) => return report(io, &e, "df", busybox, BUSYBOX_USAGE),
    };
    let table = mounts::table(w, ctx.pod, ctx.slot);
    let mut rows: Vec<(&MountEntry, StatFs)> = Vec::new();
    let mut status = 0;
    if o.operands.is_empty() {
        let listed = if busybox {
            table.iter().collect()
        } else {
            gnu_filter(&table, o.all)
        };
        for m in listed {
            if !selected(&o, m.fstype) {
                continue;
            }
            let s = statfs(w, ctx.pod, &m.fs);
            if s.blocks > 0 || o.all {
                rows.push((m, s));
            }
        }
    } else {
        for f in &o.operands {
            let path = podscope_shell::resolve_path(io.cwd, f);
            // A mount point exists even where podscope's trees have no directory for it
            // (`/dev/shm`, `/proc/acpi`).
            let exists = w.stat(ctx.pod, ctx.slot, &path).is_some()
                || table.iter().any(|m| m.target == path);
            let found = exists.then(|| mount_of(&table, &path, busybox)).flatten();
            match found {
                Some(m) if selected(&o, m.fstype) => rows.push((m, statfs(w, ctx.pod, &m.fs))),
                Some(_) => {}
                None => {
                    status = 1;
                    if busybox {
                        let _ = writeln!(io.stderr, "df: {f}: can't find mount point");
                    } else {
                        let _ = writeln!(io.stderr, "df: {f}: No such file or directory");
                    }
                }
            }
        }
    }
    if busybox {
        busybox_print(&o, &rows, &mut io.stdout);
    } else if !rows.is_empty() || o.operands.is_empty() {
        gnu_print(&o, &rows, &mut io.stdout);
    }
    if !busybox && rows.is_empty() && o.operands.is_empty() && status == 0 {
        io.stderr.push_str("df: no file systems processed\n");
        status = 1;
    }
    Applet::Done(status)
}

fn selected(o: &Opts<'_>, t: FsType) -> bool {
    (o.only.is_empty() || o.only.contains(&t.as_str())) && !o.exclude.contains(&t.as_str())
}

/// The mount a path is on: busybox libbb/find_mount.c `find_mount_point` takes the first
/// entry whose directory is the path or whose filesystem is the path's; GNU df's
/// `get_point` the innermost mount holding it.
fn mount_of<'t>(table: &'t [MountEntry], path: &str, busybox: bool) -> Option<&'t MountEntry> {
    let holds = |m: &MountEntry| {
        m.target == "/"
            || path == m.target
            || path
                .strip_prefix(m.target.as_str())
                .is_some_and(|r| r.starts_with('/'))
    };
    let inner = table
        .iter()
        .filter(|m| holds(m))
        .max_by_key(|m| m.target.len())?;
    if !busybox {
        return Some(inner);
    }
    table.iter().find(|m| m.target == path || m.fs == inner.fs)
}

/// coreutils df.c `filter_mount_list`: dummy filesystems (gnulib mountlist.c `ME_DUMMY`:
/// proc, sysfs, devpts, mqueue…) go unless `-a`, and of the mounts of one filesystem (one
/// `st_dev`) one stays: a device name with `/` over one without, else the one nearer the
/// root of the device, else the first.
fn gnu_filter(table: &[MountEntry], all: bool) -> Vec<&MountEntry> {
    if all {
        return table.iter().collect();
    }
    let mut kept: Vec<&MountEntry> = Vec::new();
    for me in table {
        if matches!(
            me.fstype,
            FsType::Proc | FsType::Sysfs | FsType::Devpts | FsType::Mqueue
        ) {
            continue;
        }
        match kept.iter_mut().find(|k| k.fs == me.fs) {
            Some(seen) => {
                let target_nearer_root = seen.target.len() > me.target.len();
                let source_below_root = seen.root.len() < me.root.len();
                if (me.source.contains('/') && !seen.source.contains('/'))
                    || (target_nearer_root && !source_below_root)
                    || (seen.source != me.source && seen.target == me.target)
                {
                    *seen = me;
                }
            }
            None => kept.push(me),
        }
    }
    kept
}

/// busybox df.c's percentage: rounded to nearest, of used over used plus available.
fn busybox_percent(s: &StatFs) -> u64 {
    let mut used = s.blocks - s.bfree.min(s.blocks);
    let mut total = used + s.bavail;
    if total == 0 {
        return 0;
    }
    while total >= (i32::MAX as u64) / 101 {
        total >>= 1;
        used >>= 1;
    }
    (used * 100 + total / 2) / total
}

fn busybox_print(o: &Opts<'_>, rows: &[(&MountEntry, StatFs)], out: &mut String) {
    let unit: u64 = match o.units {
        Units::Kilo => 1024,
        Units::Mega => 1 << 20,
        Units::Human => 0,
    };
    let units_hdr = if unit == 0 {
        "     Size".to_owned()
    } else {
        format!(
            "{}-blocks",
            super::human::busybox(unit, 0, u64::from(o.posix))
        )
    };
    let _ = writeln!(
        out,
        "Filesystem           {}{units_hdr:<15}Used Available {} Mounted on",
        if o.print_type { "Type       " } else { "" },
        if o.posix { "Capacity" } else { "Use%" }
    );
    let hr = |n: u64| super::human::busybox(n, BLOCK, unit);
    for (m, s) in rows {
        let _ = write!(out, "{:<20}", m.source);
        if m.source.chars().count() > 20 && !o.posix {
            let _ = write!(out, "\n{:20}", "");
        }
        if o.print_type {
            let _ = write!(out, " {:<10}", m.fstype.as_str());
            if m.fstype.as_str().len() > 10 && !o.posix {
                let _ = write!(out, "\n{:30}", "");
            }
        }
        let _ = writeln!(
            out,
            " {:>9} {:>9} {:>9} {:>3}% {}",
            hr(s.blocks),
            hr(s.blocks - s.bfree.min(s.blocks)),
            hr(s.bavail),
            busybox_percent(s),
            m.target
        );
    }
}

/// GNU df's `Use%`: used over used plus available, rounded up; `-` when both are 0.
fn gnu_percent(s: &StatFs) -> String {
    let used = s.blocks - s.bfree.min(s.blocks);
    let total = used + s.bavail;
    if total == 0 {
        return "-".to_owned();
    }
    format!("{}%", (used * 100).div_ceil(total))
}

/// coreutils df.c `get_header`, `get_dev` and `print_table`: every column as wide as its
/// widest cell (at least its minimum), names left-aligned, numbers right-aligned, one
/// space apart, the last column unpadded.
fn gnu_print(o: &Opts<'_>, rows: &[(&MountEntry, StatFs)], out: &mut String) {
    let size = |n: u64| match o.units {
        Units::Kilo => super::human::gnu_blocks(n, BLOCK, 1024),
        Units::Mega => super::human::gnu_blocks(n, BLOCK, 1 << 20),
        Units::Human => super::human::gnu_human(n.saturating_mul(BLOCK)),
    };
    let human = o.units == Units::Human;
    let size_hdr = match (human, o.posix, o.units) {
        (true, _, _) => "Size",
        (false, true, _) => "1024-blocks",
        (false, false, Units::Mega) => "1M-blocks",
        _ => "1K-blocks",
    };
    // (header, minimum width, left-aligned)
    let mut cols: Vec<(&str, usize, bool)> = vec![("Filesystem", 14, true)];
    if o.print_type {
        cols.push(("Type", 4, true));
    }
    cols.extend([
        (size_hdr, 5, false),
        ("Used", 5, false),
        (if human { "Avail" } else { "Available" }, 5, false),
        (if o.posix { "Capacity" } else { "Use%" }, 4, false),
        ("Mounted on", 0, true),
    ]);
    let mut table: Vec<Vec<String>> = vec![cols.iter().map(|c| c.0.to_owned()).collect()];
    for (m, s) in rows {
        let mut row = vec![m.source.clone()];
        if o.print_type {
            row.push(m.fstype.as_str().to_owned());
        }
        row.extend([
            size(s.blocks),
            size(s.blocks - s.bfree.min(s.blocks)),
            size(s.bavail),
            gnu_percent(s),
            m.target.clone(),
        ]);
        table.push(row);
    }
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            table
                .iter()
                .filter_map(|r| r.get(i))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
                .max(c.1)
        })
        .collect();
    let last = cols.len() - 1;
    for row in &table {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            let w = widths.get(i).copied().unwrap_or(0);
            let left = cols.get(i).is_some_and(|c| c.2);
            if i == last {
                line.push_str(cell);
            } else if left {
                let _ = write!(line, "{cell:<w$}");
            } else {
                let _ = write!(line, "{cell:>w$}");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::mounts::Fs;

    fn entry(source: &str, target: &str, t: FsType, fs: Fs, root: &str) -> MountEntry {
        MountEntry {
            source: source.into(),
            target: target.into(),
            fstype: t,
            options: String::new(),
            fs,
            root: root.into(),
        }
    }

    #[test]
    fn gnu_df_keeps_one_mount_per_filesystem() {
        let t = vec![
            entry("overlay", "/", FsType::Overlay, Fs::Overlay, "/"),
            entry(
                "proc",
                "/proc",
                FsType::Proc,
                Fs::Virtual(FsType::Proc),
                "/",
            ),
            entry("tmpfs", "/dev", FsType::Tmpfs, Fs::DevTmpfs, "/"),
            entry(
                "/dev/root",
                "/data",
                FsType::Ext4,
                Fs::NodeDisk,
                "/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/data",
            ),
            entry(
                "/dev/root",
                "/etc/hosts",
                FsType::Ext4,
                Fs::NodeDisk,
                "/var/lib/kubelet/pods/u/etc-hosts",
            ),
            entry("tmpfs", "/proc/kcore", FsType::Tmpfs, Fs::DevTmpfs, "/null"),
        ];
        let kept: Vec<&str> = gnu_filter(&t, false)
            .iter()
            .map(|m| m.target.as_str())
            .collect();
        assert_eq!(kept, ["/", "/dev", "/data"]);
        assert_eq!(gnu_filter(&t, true).len(), 6);
    }

    #[test]
    fn percentages_round_their_own_way() {
        let s = StatFs {
            blocks: 5_242_880,
            bfree: 4_194_304,
            bavail: 3_932_160,
        };
        // used 1048576 of 4980736: 21.05%.
        assert_eq!(busybox_percent(&s), 21);
        assert_eq!(gnu_percent(&s), "22%");
        let empty = StatFs {
            blocks: 0,
            bfree: 0,
            bavail: 0,
        };
        assert_eq!(
            (busybox_percent(&empty), gnu_percent(&empty).as_str()),
            (0, "-")
        );
    }

    #[test]
    fn both_headers_are_the_tools_own() {
        let o = parse(&[], true).expect("no options");
        let mut out = String::new();
        busybox_print(&o, &[], &mut out);
        assert_eq!(
            out,
            "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
        );
        let o = parse(&["-h"], true).expect("-h");
        let mut out = String::new();
        busybox_print(&o, &[], &mut out);
        assert_eq!(
            out,
            "Filesystem                Size      Used Available Use% Mounted on\n"
        );
        let o = parse(&["-h"], false).expect("-h");
        let mut out = String::new();
        gnu_print(&o, &[], &mut out);
        assert_eq!(out, "Filesystem      Size  Used Avail Use% Mounted on\n");
        let o = parse(&[], false).expect("none");
        let mut out = String::new();
        gnu_print(&o, &[], &mut out);
        assert_eq!(
            out,
            "Filesystem     1K-blocks  Used Available Use% Mounted on\n"
        );
        assert!(parse(&["-z"], false).is_err());
    }
}
