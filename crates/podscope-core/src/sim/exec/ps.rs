//! `ps` in a container: busybox's (procps/ps.c: `-o` with its column table, the default
//! `pid,user,time,args`; `aux`, `-ef` and the other POSIX options are accepted and change
//! nothing) and procps-ng's (`ps`, `ps aux`, `ps ax`, `ps -ef`, `ps -o`), over the
//! processes of the caller's PID namespace.

use crate::model::sort::CompactSort;
use std::fmt::Write as _;

use super::Ctx;
use super::ident::Accounts;
use crate::model::humanize::hh_mm;
use crate::model::ids::Pid;
use crate::model::linux_ns::NsKind;
use crate::sim::node::Process;
use crate::sim::process::Program;
use crate::sim::world::World;

/// The `ps` process itself when a shell forked it (`Own::Child`): it is in its own listing.
/// A `ps` the runtime or `sh -c`'s last command exec'd is the caller's process (`Own::Caller`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Own {
    Caller,
    /// The PID the child got in the caller's namespace.
    Child(u32),
}

/// The host PID podscope gives the listing's own `ps` child (it lives only while listing).
const OWN_PID: Pid = Pid(u32::MAX);

/// The processes a process in the container can see: those in its PID namespace, with the
/// `ps` child itself (`argv`, running: procps `R`, `R+` in a terminal's foreground).
fn visible(w: &World, ctx: Ctx, own: Own, argv: &str) -> Vec<Process> {
    let Some(me) = w.node.process(ctx.pid) else {
        return Vec::new();
    };
    let ns = me.ns.get(NsKind::Pid);
    let mut v: Vec<Process> = w.node.processes_in_pid_ns(ns).cloned().collect();
    if let Own::Child(ns_pid) = own {
        let mut child = me.clone();
        child.pid = OWN_PID;
        child.ppid = me.pid;
        child.ns_pid = ns_pid;
        child.cmdline = argv.to_owned();
        child.program = Program::Plain;
        child.started_at = w.now;
        v.push(child);
    }
    v.sort_compact_by_key(|q| q.ns_pid);
    v
}

/// The process name (`comm`): the first word's base name, at most 15 characters.
pub(super) fn comm(cmdline: &str) -> String {
    let first = cmdline.split_whitespace().next().unwrap_or("");
    let first = first.rsplit('/').next().unwrap_or(first);
    let first = first.trim_end_matches(':');
    first.chars().take(15).collect()
}

/// The parent's PID as the namespace sees it (0 for a parent outside it: the runtime).
fn ns_ppid(w: &World, q: &Process) -> u32 {
    w.node
        .process(q.ppid)
        .filter(|p| p.ns.get(NsKind::Pid) == q.ns.get(NsKind::Pid))
        .map_or(0, |p| p.ns_pid)
}

/// procps' STAT: `Z` for a zombie, `S` sleeping, `s` for a session leader (every process
/// the runtime starts, a container's main process or an exec: runc's nsexec stage-2 calls
/// `setsid`; its parent is then outside the namespace), `l` for a multi-threaded one.
/// The running `ps` is `R` (the one a shell forked, or the exec'd caller itself, which is
/// also a session leader), with `+` in a terminal's foreground process group.
fn procps_stat(w: &World, me: Pid, q: &Process, tty: bool) -> String {
    if q.is_zombie() {
        return "Z".to_owned();
    }
    let running = q.pid == me;
    let mut s = String::from(if running { "R" } else { "S" });
    if q.pid != OWN_PID && (q.ns_pid == 1 || ns_ppid(w, q) == 0) {
        s.push('s');
    }
    // redis-server starts its background I/O threads (src/bio.c `bioInit`), as the docs'
    // configure-volume-storage page's `Ssl` shows.
    // node runs libuv's thread pool (the security-context page's `Sl`).
    if matches!(q.program, Program::Server { .. })
        && (q.cmdline.contains("python")
            || q.cmdline.starts_with("redis-server")
            || q.cmdline.starts_with("node "))
    {
        s.push('l');
    }
    if running && tty {
        s.push('+');
    }
    s
}

/// What a plain `ps` in the container lists.
pub(super) fn ps(
    w: &World,
    ctx: Ctx,
    busybox: bool,
    args: &[&str],
    own: Own,
    err: &mut String,
) -> (String, i32) {
    let argv = std::iter::once("ps")
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let procs = visible(w, ctx, own, &argv);
    if busybox {
        busybox_ps(w, ctx, &procs, args, err)
    } else {
        (procps(w, ctx, &procs, args), 0)
    }
}

/// One busybox `-o` column: its name, header and width (ps.c `out_spec`).
const BUSYBOX_COLUMNS: [(&str, &str, usize); 16] = [
    ("user", "USER", 8),
    ("group", "GROUP", 8),
    ("comm", "COMMAND", 16),
    ("args", "COMMAND", 0),
    ("pid", "PID", 5),
    ("ppid", "PPID", 5),
    ("pgid", "PGID", 5),
    ("etime", "ELAPSED", 7),
    ("nice", "NI", 5),
    ("rgroup", "RGROUP", 8),
    ("ruser", "RUSER", 8),
    ("time", "TIME", 5),
    ("tty", "TT", 6),
    ("vsz", "VSZ", 4),
    ("sid", "SID", 5),
    ("stat", "STAT", 4),
];

fn busybox_ps(
    w: &World,
    ctx: Ctx,
    procs: &[Process],
    args: &[&str],
    err: &mut String,
) -> (String, i32) {
    let mut spec = String::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(rest) = a.strip_prefix("-o") {
            let v = if rest.is_empty() {
                it.next().copied().unwrap_or("")
            } else {
                rest
            };
            if !spec.is_empty() {
                spec.push(',');
            }
            spec.push_str(v);
        }
    }
    if spec.is_empty() {
        spec = "pid,user,time,args".to_owned();
    }
    // parse_o: comma-separated names, each may end in `=HEADER` (the header's width then).
    let mut cols: Vec<(&str, String, usize)> = Vec::new();
    for part in spec.split(',') {
        let (name, header) = match part.split_once('=') {
            Some((n, h)) => (n, Some(h)),
            None => (part, None),
        };
        let found = BUSYBOX_COLUMNS
            .iter()
            .chain([("rss", "RSS", 4)].iter())
            .find(|(n, _, _)| {
                name.get(..name.len().min(6)) == Some(&n[..n.len().min(6)]) && !name.is_empty()
            });
        let Some((n, h, width)) = found else {
            let names: Vec<&str> = BUSYBOX_COLUMNS.iter().map(|c| c.0).chain(["rss"]).collect();
            let _ = writeln!(
                err,
                "ps: bad -o argument '{name}', supported arguments: {}",
                names.join(",")
            );
            return (String::new(), 1);
        };
        let (header, width) = match header {
            Some(h) if !h.is_empty() => (h.to_owned(), h.len()),
            Some(_) => (String::new(), *width),
            None => ((*h).to_owned(), *width),
        };
        cols.push((n, header, width));
    }
    let acc = Accounts::read(w, ctx);
    let id = super::ident::ident(w, ctx);
    let mut out = String::new();
    let line = |cells: Vec<String>, out: &mut String| {
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, (cell, (_, _, width))) in cells.iter().zip(&cols).enumerate() {
            s.push_str(cell);
            if i < last {
                let pad = (width + 1).saturating_sub(cell.len()).max(1);
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(&s);
        out.push('\n');
    };
    if cols.iter().any(|c| !c.1.is_empty()) {
        let cells: Vec<String> = cols.iter().map(|c| c.1.clone()).collect();
        line(cells, &mut out);
    }
    for q in procs {
        let started = w.now.as_millis().saturating_sub(q.started_at.as_millis()) / 1000;
        let cells: Vec<String> = cols
            .iter()
            .map(|(n, _, width)| {
                let user = || {
                    let mut u = acc.user(q.uid.0);
                    u.truncate(*width);
                    u
                };
                match *n {
                    "user" | "ruser" => user(),
                    "group" | "rgroup" => acc.group(if q.uid.0 == id.uid { id.gid } else { 0 }),
                    "comm" => comm(&q.cmdline),
                    "args" => {
                        if q.is_zombie() {
                            format!("[{}]", comm(&q.cmdline))
                        } else {
                            q.cmdline.clone()
                        }
                    }
                    "pid" => format!("{:>5}", q.ns_pid),
                    "ppid" => format!("{:>5}", ns_ppid(w, q)),
                    "pgid" | "sid" => format!("{:>5}", q.ns_pid),
                    "etime" => busybox_time(started),
                    "nice" => format!("{:>5}", 0),
                    "time" => busybox_time(0),
                    "tty" => "?".to_owned(),
                    "vsz" | "rss" => {
                        let kb = if q.is_zombie() { 0 } else { q.mem_bytes / 1024 };
                        busybox_kb(kb)
                    }
                    "stat" => if q.is_zombie() { "Z" } else { "S" }.to_owned(),
                    _ => "-".to_owned(),
                }
            })
            .collect();
        line(cells, &mut out);
    }
    (out, 0)
}

/// ps.c `format_time`: `mm:ss` under an hour, then `hhHmm`, `ddDhh`.
fn busybox_time(secs: u64) -> String {
    let (m, s) = (secs / 60, secs % 60);
    if m < 60 {
        return format!("{m:>2}:{s:02}");
    }
    let (h, m) = (m / 60, m % 60);
    if h < 24 {
        return format!("{h:>2}h{m:02}");
    }
    format!("{:>2}d{:02}", h / 24, h % 24)
}

/// `put_lu` → `smart_ulltoa4`: at most four characters, `m`/`g` suffixes past 9999.
fn busybox_kb(kb: u64) -> String {
    match kb {
        0..=9999 => kb.to_string(),
        10_000..=9_999_999 => format!("{}m", kb / 1024),
        _ => format!("{}g", kb / (1024 * 1024)),
    }
}

/// procps-ng `ps`: the default (`PID TTY TIME CMD`), BSD `aux`/`ax`, `-ef`, `-o LIST`.
fn procps(w: &World, ctx: Ctx, procs: &[Process], args: &[&str]) -> String {
    let tty = ctx.tty.is_some();
    // The running ps: the child a shell forked, else the exec'd caller itself.
    let me = if procs.iter().any(|q| q.pid == OWN_PID) {
        OWN_PID
    } else {
        ctx.pid
    };
    let acc = Accounts::read(w, ctx);
    let mut out = String::new();
    let bsd = args.first().is_some_and(|a| !a.starts_with('-'));
    let flags: String = args.iter().map(|a| a.trim_start_matches('-')).collect();
    let cmd = |q: &Process| {
        if q.is_zombie() {
            format!("[{}] <defunct>", comm(&q.cmdline))
        } else {
            q.cmdline.clone()
        }
    };
    let user = |q: &Process| {
        let mut u = acc.user(q.uid.0);
        if u.len() > 8 {
            u.truncate(7);
            u.push('+');
        }
        u
    };
    if let Some(list) = args.windows(2).find(|p| p[0] == "-o").map(|p| p[1]) {
        let cols: Vec<&str> = list.split(',').collect();
        let header = |c: &str| match c {
            "pid" => format!("{:>7}", "PID"),
            "ppid" => format!("{:>7}", "PPID"),
            "user" => format!("{:<8}", "USER"),
            "uid" => format!("{:>5}", "UID"),
            "stat" => "STAT".to_owned(),
            "comm" => "COMMAND".to_owned(),
            "args" | "command" => "COMMAND".to_owned(),
            "cmd" => "CMD".to_owned(),
            "rss" => format!("{:>5}", "RSS"),
            other => other.to_ascii_uppercase(),
        };
        let hdr: Vec<String> = cols.iter().map(|c| header(c)).collect();
        let _ = writeln!(out, "{}", hdr.join(" ").trim_end());
        for q in procs {
            let cells: Vec<String> = cols
                .iter()
                .map(|c| match *c {
                    "pid" => format!("{:>7}", q.ns_pid),
                    "ppid" => format!("{:>7}", ns_ppid(w, q)),
                    "user" => format!("{:<8}", user(q)),
                    "uid" => format!("{:>5}", q.uid.0),
                    "stat" => format!("{:<4}", procps_stat(w, me, q, tty)),
                    "comm" => comm(&q.cmdline),
                    "args" | "command" | "cmd" => cmd(q),
                    "rss" => format!("{:>5}", q.mem_bytes / 1024),
                    _ => "-".to_owned(),
                })
                .collect();
            let _ = writeln!(out, "{}", cells.join(" ").trim_end());
        }
        return out;
    }
    if bsd && flags.contains('u') {
        out.push_str(
            "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n",
        );
        for q in procs {
            let rss = q.mem_bytes / 1024;
            let _ = writeln!(
                out,
                "{:<8} {:>7}  0.0  0.0 {:>6} {:>5} ?        {:<4} {:>5}   0:00 {}",
                user(q),
                q.ns_pid,
                if q.is_zombie() { 0 } else { rss + 2048 },
                rss,
                procps_stat(w, me, q, tty),
                hh_mm(q.started_at),
                cmd(q)
            );
        }
    } else if bsd {
        out.push_str("    PID TTY      STAT   TIME COMMAND\n");
        for q in procs {
            let _ = writeln!(
                out,
                "{:>7} ?        {:<4}   0:00 {}",
                q.ns_pid,
                procps_stat(w, me, q, tty),
                cmd(q)
            );
        }
    } else if flags.contains('f') {
        out.push_str("UID          PID    PPID  C STIME TTY          TIME CMD\n");
        for q in procs {
            let _ = writeln!(
                out,
                "{:<8} {:>7} {:>7}  0 {:<5} ?        00:00:00 {}",
                user(q),
                q.ns_pid,
                ns_ppid(w, q),
                hh_mm(q.started_at),
                cmd(q)
            );
        }
    } else {
        out.push_str("    PID TTY          TIME CMD\n");
        for q in procs {
            let c = comm(&q.cmdline);
            let c = if q.is_zombie() {
                format!("{c} <defunct>")
            } else {
                c
            };
            let _ = writeln!(out, "{:>7} ?        00:00:00 {c}", q.ns_pid);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_times_and_sizes_fit_their_columns() {
        assert_eq!(busybox_time(0), " 0:00");
        assert_eq!(busybox_time(3725), " 1h02");
        assert_eq!(busybox_kb(764), "764");
        assert_eq!(busybox_kb(22_604), "22m");
        assert_eq!(comm("/usr/sbin/nginx -g daemon off;"), "nginx");
    }
}
