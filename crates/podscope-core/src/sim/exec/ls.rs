//! `ls` as busybox (coreutils/ls.c) and GNU coreutils (src/ls.c) print it: names relative
//! to the working directory, `-a`/`-A` (dot files, `.` and `..`), `-d`, `-R`, `-1`, `-C`,
//! and the long listing `-l`/`-n` (mode, links, owner and group by name where the image's
//! account files have one, size, date, `name -> target` for links) with its `total` line.

use crate::model::sort::CompactSort;
use std::fmt::Write as _;

use super::ident::Accounts;
use super::stat::{FileInfo, Kind};
use super::{Applet, Ctx};
use crate::model::humanize::{civil_of_unix, names, unix_secs};
use crate::sim::world::World;
use podscope_shell::{Dest, Io};

/// The options `ls` was given.
#[derive(Clone, Copy, Debug, Default)]
struct Opts {
    all: bool,
    almost_all: bool,
    long: bool,
    numeric: bool,
    dir_itself: bool,
    recursive: bool,
    one: bool,
    columns: bool,
}

/// One name to print and what it is.
struct Entry {
    name: String,
    path: String,
    info: FileInfo,
}

pub(crate) fn run(w: &World, ctx: Ctx, busybox: bool, args: &[&str], io: &mut Io<'_>) -> Applet {
    let mut o = Opts::default();
    let mut operands: Vec<&str> = Vec::new();
    let mut dashdash = false;
    for a in args {
        if dashdash || !a.starts_with('-') || *a == "-" {
            operands.push(a);
            continue;
        }
        if *a == "--" {
            dashdash = true;
            continue;
        }
        if a.starts_with("--") {
            continue;
        }
        for ch in a.chars().skip(1) {
            match ch {
                'a' => o.all = true,
                'A' => o.almost_all = true,
                'l' => o.long = true,
                'n' => {
                    o.long = true;
                    o.numeric = true;
                }
                'd' => o.dir_itself = true,
                'R' => o.recursive = true,
                '1' => o.one = true,
                'C' => o.columns = true,
                _ => {}
            }
        }
    }
    let tty = ctx.tty.filter(|_| io.stdout_to == Dest::Inherit(1));
    // Both list in columns to a terminal or with `-C` (busybox ls.c `ls_main`, coreutils
    // ls.c `decode_switches`: `format = many_per_line` when `isatty (STDOUT_FILENO)`).
    let columns = !o.one && !o.long && (tty.is_some() || o.columns);
    let width = tty.unwrap_or(80);
    let accounts = Accounts::read(w, ctx);
    let now = unix_secs(w.now);
    let show_dirname = operands.len() > 1 || o.recursive;
    if operands.is_empty() {
        operands.push(".");
    }
    let mut status = 0;
    let mut files: Vec<Entry> = Vec::new();
    let mut dirs: Vec<Entry> = Vec::new();
    for op in &operands {
        let mut path = podscope_shell::resolve_path(io.cwd, op);
        // A link named on the command line is followed unless it is listed itself (`-l`,
        // `-d`): coreutils ls.c `gobble_file` with `command_line_arg`, busybox `ls_main`.
        if !o.long && !o.dir_itself {
            for _ in 0..8 {
                match w.file_info(ctx, &path) {
                    Ok(FileInfo {
                        kind: Kind::Link(target),
                        ..
                    }) => {
                        let dir = path.rsplit_once('/').map_or("/", |(d, _)| d).to_owned();
                        path = podscope_shell::resolve_path(&dir, &target);
                    }
                    _ => break,
                }
            }
        }
        match w.file_info(ctx, &path) {
            Ok(info) => {
                let e = Entry {
                    name: (*op).to_owned(),
                    path,
                    info,
                };
                if e.info.kind == Kind::Dir && !o.dir_itself {
                    dirs.push(e);
                } else {
                    files.push(e);
                }
            }
            Err(e) => {
                status = if busybox { 1 } else { 2 };
                if busybox {
                    let _ = writeln!(io.stderr, "ls: {op}: {}", e.strerror());
                } else {
                    let _ = writeln!(io.stderr, "ls: cannot access '{op}': {}", e.strerror());
                }
            }
        }
    }
    let out = &mut io.stdout;
    let mut first = true;
    if !files.is_empty() {
        files.sort_compact_by(|a, b| a.name.cmp(&b.name));
        print_entries(out, &files, o, busybox, columns, width, &accounts, now);
        first = false;
    }
    dirs.sort_compact_by(|a, b| a.name.cmp(&b.name));
    let mut queue: Vec<Entry> = dirs;
    let mut listed = 0usize;
    while !queue.is_empty() && listed < 10_000 {
        let d = queue.remove(0);
        listed += 1;
        if show_dirname {
            if !first {
                out.push('\n');
            }
            let _ = writeln!(out, "{}:", d.name);
        }
        first = false;
        let mut entries = list(w, ctx, &d, o);
        if o.long {
            let total: u64 = entries.iter().map(|e| e.info.blocks_k()).sum();
            let _ = writeln!(out, "total {total}");
        }
        print_entries(out, &entries, o, busybox, columns, width, &accounts, now);
        if o.recursive {
            let subdirs: Vec<Entry> = entries
                .drain(..)
                .filter(|e| e.info.kind == Kind::Dir && e.name != "." && e.name != "..")
                .map(|e| Entry {
                    name: if d.name.ends_with('/') {
                        format!("{}{}", d.name, e.name)
                    } else {
                        format!("{}/{}", d.name, e.name)
                    },
                    ..e
                })
                .collect();
            // Depth first, as both walk the tree.
            for (i, s) in subdirs.into_iter().enumerate() {
                queue.insert(i, s);
            }
        }
    }
    Applet::Done(status)
}

/// The entries of directory `d`, sorted by name (C locale: bytewise).
fn list(w: &World, ctx: Ctx, d: &Entry, o: Opts) -> Vec<Entry> {
    let names = w.list_dir(ctx.pod, ctx.slot, &d.path).unwrap_or_default();
    let mut out: Vec<Entry> = Vec::new();
    if o.all {
        let parent = podscope_shell::resolve_path(&d.path, "..");
        for (name, path) in [(".", d.path.clone()), ("..", parent)] {
            if let Ok(info) = w.file_info(ctx, &path) {
                out.push(Entry {
                    name: name.to_owned(),
                    path,
                    info,
                });
            }
        }
    }
    for n in names {
        if n.starts_with('.') && !o.all && !o.almost_all {
            continue;
        }
        let path = if d.path == "/" {
            format!("/{n}")
        } else {
            format!("{}/{n}", d.path)
        };
        if let Ok(info) = w.file_info(ctx, &path) {
            out.push(Entry {
                name: n,
                path,
                info,
            });
        }
    }
    out.sort_compact_by(|a, b| a.name.cmp(&b.name));
    out
}

#[allow(clippy::too_many_arguments)]
fn print_entries(
    out: &mut String,
    entries: &[Entry],
    o: Opts,
    busybox: bool,
    columns: bool,
    width: usize,
    accounts: &Accounts,
    now: i64,
) {
    if !o.long {
        let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
        if columns && busybox {
            out.push_str(&super::applets::busybox_columns(&names, width));
        } else if columns {
            out.push_str(&coreutils_columns(&names, width));
        } else {
            for n in names {
                let _ = writeln!(out, "{n}");
            }
        }
        return;
    }
    let owner = |e: &Entry| {
        if o.numeric {
            e.info.uid.to_string()
        } else {
            accounts.user(e.info.uid)
        }
    };
    let group = |e: &Entry| {
        if o.numeric {
            e.info.gid.to_string()
        } else {
            accounts.group(e.info.gid)
        }
    };
    let link = |e: &Entry| match &e.info.kind {
        Kind::Link(t) => format!(" -> {t}"),
        _ => String::new(),
    };
    // busybox `display_single`: "%-10s %4lu %-8s %-8s %9u " then the time; coreutils: each
    // column as wide as its widest entry in this listing (`gobble_file` / `print_long_format`).
    let widest = |f: &dyn Fn(&Entry) -> usize| entries.iter().map(f).max().unwrap_or(1);
    let (w_mode, w_links, w_owner, w_group, w_size) = if busybox {
        (10, 4, 8, 8, 9)
    } else {
        (
            0,
            widest(&|e| e.info.nlink.to_string().len()),
            widest(&|e| owner(e).len()),
            widest(&|e| group(e).len()),
            widest(&|e| e.info.size.to_string().len()),
        )
    };
    for e in entries {
        let _ = writeln!(
            out,
            "{:<w_mode$} {:>w_links$} {:<w_owner$} {:<w_group$} {:>w_size$} {} {}{}",
            e.info.mode_string(),
            e.info.nlink,
            owner(e),
            group(e),
            e.info.size,
            ls_time(e.info.mtime, now),
            e.name,
            link(e)
        );
    }
}

/// coreutils ls.c `print_many_per_line` with `calculate_columns (true)`: the most columns
/// (filled down first) whose line, each column as wide as its widest name plus two spaces but
/// the last, stays shorter than the terminal's width.
fn coreutils_columns(names: &[String], line_length: usize) -> String {
    let n = names.len();
    if n == 0 {
        return String::new();
    }
    let len = |i: usize| names.get(i).map_or(0, |s| s.chars().count());
    // MIN_COLUMN_WIDTH: every column starts 3 wide, an empty one too.
    let max_cols = (line_length / 3).clamp(1, n);
    let mut best: Vec<usize> = vec![(0..n).map(len).max().unwrap_or(0).max(3)];
    for cols in 2..=max_cols {
        let rows = n.div_ceil(cols);
        let mut widths = vec![3usize; cols];
        for i in 0..n {
            let idx = i / rows;
            let w = len(i) + if idx + 1 == cols { 0 } else { 2 };
            if let Some(c) = widths.get_mut(idx) {
                *c = (*c).max(w);
            }
        }
        if widths.iter().sum::<usize>() < line_length {
            best = widths;
        }
    }
    let rows = n.div_ceil(best.len());
    let mut out = String::new();
    for row in 0..rows {
        let mut i = row;
        let mut col = 0;
        while let Some(name) = names.get(i) {
            out.push_str(name);
            let width = best.get(col).copied().unwrap_or(0);
            col += 1;
            i += rows;
            if i >= n {
                break;
            }
            out.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(len(i - rows)),
            ));
        }
        out.push('\n');
    }
    out
}

/// `Jun  6 20:08` for a time less than six months old (and not more than 15 minutes
/// ahead: busybox), else `Jun  6  2025` (busybox ls.c `display_single`; coreutils
/// `long_time_format`, `%b %e %H:%M` / `%b %e  %Y`).
fn ls_time(mtime: i64, now: i64) -> String {
    let c = civil_of_unix(mtime);
    let (_, month) = names(&c);
    let age = now - mtime;
    if age < 3600 * 24 * 365 / 2 && age > -15 * 60 {
        format!("{month} {:>2} {:02}:{:02}", c.day, c.hour, c.minute)
    } else {
        format!("{month} {:>2}  {}", c.day, c.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coreutils_fills_columns_down_within_the_width() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            coreutils_columns(&names(&["password", "username"]), 80),
            "password  username\n"
        );
        // Too wide for one line: two rows, filled down, columns as wide as their names.
        let long = names(&[
            "a",
            "bb",
            "ccc",
            "dddddddddddddddddddddddddddddddddddddddd",
            "e",
        ]);
        assert_eq!(
            coreutils_columns(&long, 40),
            "a\nbb\nccc\ndddddddddddddddddddddddddddddddddddddddd\ne\n"
        );
        assert_eq!(
            coreutils_columns(&long, 50),
            "a   ccc                                       e\nbb  dddddddddddddddddddddddddddddddddddddddd\n"
        );
    }

    #[test]
    fn recent_times_show_the_clock_and_old_ones_the_year() {
        let now = 1_780_308_000; // 2026-06-01 10:00 UTC
        assert_eq!(ls_time(now - 60, now), "Jun  1 09:59");
        assert_eq!(ls_time(now - 200 * 86_400, now), "Nov 13  2025");
    }
}
