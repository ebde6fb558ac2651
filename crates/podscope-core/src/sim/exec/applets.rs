//! The programs podscope simulates, as a container's shell runs them: busybox applets in
//! busybox and alpine, coreutils/util-linux/procps in the Debian-based images. Which image has
//! which program, and which of them run here, is the table in `programs`. Each prints what the
//! real one prints; long-running ones become processes.

use crate::model::sort::CompactSort;
use std::fmt::Write as _;

use super::programs::{self, Found, Package, Runs, Simulated as S};
use super::{Applet, Ctx, Started};
use crate::model::linux_ns::NsKind;
use crate::model::signal::Signal;
use crate::sim::image::{self, ImageKind};
use crate::sim::node::{Owner, Process};
use crate::sim::process::Program;
use crate::sim::world::World;
use podscope_shell::{Env, Io};

fn image_of(w: &World, ctx: Ctx) -> ImageKind {
    w.pods
        .get(ctx.pod)
        .and_then(|pod| pod.container(ctx.slot))
        .map_or(ImageKind::Other, |c| ImageKind::of(&c.spec.image))
}

/// The program `argv0` in the container's image (`programs::PROGRAMS`), if it has it.
fn find(w: &World, ctx: Ctx, argv0: &str) -> Option<Found> {
    programs::find(image_of(w, ctx), super::apt::installed(w, ctx), argv0)
}

/// Whether the container's `sh` is dash (Debian-based images) rather than busybox's ash.
pub(crate) fn sh_is_dash(w: &World, ctx: Ctx) -> bool {
    programs::sh_is_dash(image_of(w, ctx))
}

/// Whether the container's image has `argv0`.
pub(crate) fn exists(w: &World, ctx: Ctx, argv0: &str) -> bool {
    find(w, ctx, argv0).is_some()
}

/// Runs one program in the container.
pub(crate) fn run(w: &mut World, ctx: Ctx, argv: &[String], env: &Env, io: &mut Io<'_>) -> Applet {
    let Some(argv0) = argv.first() else {
        return Applet::Done(0);
    };
    let Some(found) = find(w, ctx, argv0) else {
        return Applet::NotFound;
    };
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    let program = match found.runs {
        Runs::Sim(program) => program,
        Runs::NotSimulated => {
            let _ = writeln!(io.stderr, "{name}: not simulated by podscope");
            return Applet::Done(1);
        }
    };
    // busybox's applets word their errors their own way; coreutils and procps theirs.
    let busybox = found.package == Package::Busybox;
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    let out = &mut io.stdout;
    let err = &mut io.stderr;
    match program {
        S::Shell => super::shells::run(w, ctx, argv, io),
        S::Grep => super::text::grep(w, ctx, &args, io, busybox),
        S::Wc => super::text::wc(w, ctx, &args, io, busybox),
        S::Cut => super::text::cut(w, ctx, &args, io, busybox),
        S::Tee => super::text::tee(w, ctx, &args, io),
        S::Base64 => super::text::base64(w, ctx, &args, io, busybox),
        S::AptGet => super::apt::apt_get(w, ctx, &args, io),
        S::Df => super::df::run(w, ctx, busybox, &args, io),
        S::Du => super::du::run(w, ctx, busybox, &args, io),
        S::Free => super::free::run(w, ctx, busybox, &args, io),
        S::Mount => super::mounts::mount(w, ctx, &args, io),
        S::True => Applet::Done(0),
        S::False => Applet::Done(1),
        S::Hostname => super::sysinfo::hostname(w, ctx, &args, io),
        S::Echo => {
            let _ = writeln!(out, "{}", args.join(" "));
            Applet::Done(0)
        }
        S::Pwd => {
            let _ = writeln!(out, "{}", io.cwd);
            Applet::Done(0)
        }
        S::Cat => {
            if args.is_empty() {
                out.push_str(io.stdin);
                return Applet::Done(0);
            }
            let mut status = 0;
            for f in &args {
                if *f == "/dev/zero" || *f == "/dev/urandom" {
                    return hog(format!("cat {f}"));
                }
                let path = podscope_shell::resolve_path(io.cwd, f);
                match w.read_file(ctx.pod, ctx.slot, &path) {
                    Ok(t) => out.push_str(&t),
                    Err(e) => {
                        status = 1;
                        // busybox: `cat: can't open 'x': No such file or directory`;
                        // coreutils: `cat: x: No such file or directory`.
                        if busybox {
                            let _ = writeln!(err, "cat: can't open '{f}': {}", e.strerror());
                        } else {
                            let _ = writeln!(err, "cat: {f}: {}", e.strerror());
                        }
                    }
                }
            }
            Applet::Done(status)
        }
        S::HeadTail => {
            if args.contains(&"/dev/zero") {
                // `tail /dev/zero` buffers an endless line: it grows until the OOM killer.
                return hog(format!("{name} {}", args.join(" ")));
            }
            if name == "tail" && args.contains(&"-f") {
                return Applet::Start(Started {
                    cmdline: argv.join(" "),
                    program: Program::Plain,
                    mem_bytes: 1 << 20,
                    exits: None,
                });
            }
            // `-n N`, `-nN`, or the historical `-N` both busybox and coreutils accept.
            let n = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| match a.strip_prefix('-') {
                    Some("n") => args.get(i + 1).and_then(|v| v.parse::<usize>().ok()),
                    Some(rest) => rest.strip_prefix('n').unwrap_or(rest).parse::<usize>().ok(),
                    None => None,
                })
                .unwrap_or(10);
            let files: Vec<&str> = args
                .iter()
                .copied()
                .filter(|a| !a.starts_with('-') && a.parse::<usize>().is_err())
                .collect();
            let text = match files.first() {
                Some(f) => {
                    match w.read_file(ctx.pod, ctx.slot, &podscope_shell::resolve_path(io.cwd, f)) {
                        Ok(t) => t,
                        Err(e) => {
                            let _ = writeln!(err, "{name}: can't open '{f}': {}", e.strerror());
                            return Applet::Done(1);
                        }
                    }
                }
                None => io.stdin.to_owned(),
            };
            let lines: Vec<&str> = text.lines().collect();
            let pick: &[&str] = if name == "head" {
                &lines[..n.min(lines.len())]
            } else {
                &lines[lines.len().saturating_sub(n)..]
            };
            for l in pick {
                let _ = writeln!(out, "{l}");
            }
            Applet::Done(0)
        }
        S::Ls => super::ls::run(w, ctx, busybox, &args, io),
        S::TouchMkdir => {
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                let path = podscope_shell::resolve_path(io.cwd, f);
                let r = if name == "touch" {
                    w.write_file(ctx.pod, ctx.slot, &path, "", true)
                } else {
                    w.make_dir(ctx.pod, ctx.slot, &path)
                };
                if let Err(e) = r {
                    let _ = writeln!(err, "{name}: {f}: {}", e.strerror());
                    return Applet::Done(1);
                }
            }
            Applet::Done(0)
        }
        S::Rm => super::fileops::rm(w, ctx, &args, io, busybox),
        S::Cp => super::fileops::cp(w, ctx, &args, io, busybox),
        S::Mv => super::fileops::mv(w, ctx, &args, io, busybox),
        S::Env => {
            match args.first() {
                // printenv NAME…: each value set, status 1 if any is not.
                Some(_) if name == "printenv" => {
                    let mut status = 0;
                    for var in &args {
                        match env.get(*var) {
                            Some(v) => {
                                let _ = writeln!(out, "{v}");
                            }
                            None => status = 1,
                        }
                    }
                    return Applet::Done(status);
                }
                _ => {
                    // The shell's hash-table order (env.rs `shell_environ`).
                    let environ = w.container_environ(ctx.pod, ctx.slot);
                    for (k, v) in crate::sim::env::shell_environ(env, &environ) {
                        let _ = writeln!(out, "{k}={v}");
                    }
                }
            }
            Applet::Done(0)
        }
        S::Id => {
            // busybox coreutils/id.c and coreutils src/id.c: `uid=N(name) gid=N(name)
            // groups=…`; busybox lists getgroups() (the kernel keeps it sorted), coreutils
            // the primary group first, then the others (`print_group_list`).
            let id = super::ident::ident(w, ctx);
            let acc = super::ident::Accounts::read(w, ctx);
            if name == "whoami" {
                let _ = writeln!(out, "{}", acc.user(id.uid));
                return Applet::Done(0);
            }
            let groups: Vec<u32> = if busybox {
                id.groups.clone()
            } else {
                std::iter::once(id.gid)
                    .chain(id.groups.iter().copied().filter(|g| *g != id.gid))
                    .collect()
            };
            let list: Vec<String> = groups.iter().map(|g| acc.id_group(*g)).collect();
            let _ = writeln!(
                out,
                "uid={} gid={} groups={}",
                acc.id_user(id.uid),
                acc.id_group(id.gid),
                list.join(",")
            );
            Applet::Done(0)
        }
        S::Uname => super::sysinfo::uname(w, ctx, &args, io),
        S::Sleep => {
            let Some(d) = args.first() else {
                let _ = writeln!(err, "sleep: missing operand");
                return Applet::Done(1);
            };
            let exits = if *d == "infinity" {
                None
            } else {
                match image::parse_sleep(d) {
                    Some(after) => Some((after, 0)),
                    None => {
                        let _ = writeln!(err, "sleep: invalid number '{d}'");
                        return Applet::Done(1);
                    }
                }
            };
            Applet::Start(Started {
                cmdline: argv.join(" "),
                program: Program::Plain,
                mem_bytes: 1 << 20,
                exits,
            })
        }
        S::Yes => hog("yes".to_owned()),
        S::Stress => stress(argv, err),
        S::Ps => {
            // A shell that forked `ps` has a child in the listing; a process that became
            // `ps` (the runtime's exec, `sh -c`'s last command) is listed as it is.
            let caller = w.node.process(ctx.pid).cloned();
            let own = match caller {
                Some(q) if q.cmdline != argv.join(" ") && q.owner != Owner::Host => {
                    let ns = q.ns.get(NsKind::Pid);
                    super::ps::Own::Child(w.node.alloc_ns_pid(ns, q.pid))
                }
                _ => super::ps::Own::Caller,
            };
            let (text, status) = super::ps::ps(w, ctx, busybox, &args, own, err);
            out.push_str(&text);
            Applet::Done(status)
        }
        S::Lsns => {
            out.push_str(&lsns(w, ctx));
            Applet::Done(0)
        }
        S::Ip => {
            if matches!(args.first().copied(), Some("a" | "addr" | "address")) {
                out.push_str(&super::net::ip_addr(w, ctx));
                Applet::Done(0)
            } else {
                let _ = writeln!(err, "BusyBox: ip: only `ip addr` is simulated");
                Applet::Done(1)
            }
        }
        S::Wget => super::net::wget(w, ctx, &args, io),
        S::Nslookup => super::dns::nslookup(w, ctx, &args, io),
        S::Curl => super::net::curl(w, ctx, &args, io),
        S::Kill => {
            let mut sig = Signal::TERM;
            let mut status = 0;
            for a in &args {
                if let Some(s) = a.strip_prefix('-') {
                    match s.parse::<Signal>() {
                        Ok(x) => sig = x,
                        Err(_) => {
                            let _ = writeln!(err, "kill: bad signal name '{s}'");
                            return Applet::Done(1);
                        }
                    }
                    continue;
                }
                let target = a.parse::<i32>().ok().and_then(|n| w.host_pid(ctx.pid, n));
                match target {
                    Some(t) => w.signal_process(t, sig),
                    None => {
                        let _ = writeln!(err, "kill: can't kill pid {a}: No such process");
                        status = 1;
                    }
                }
            }
            Applet::Done(status)
        }
        S::Nsenter => nsenter(w, ctx, &args, env, io),
        S::Ipcs => {
            out.push_str("\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n\n------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n\n------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n\n");
            Applet::Done(0)
        }
        S::Date => super::sysinfo::date(w, &args, io),
        // `nginx -s quit|stop|reload|reopen` signals the running master (src/core/nginx.c
        // `ngx_signal_process`: QUIT, TERM, HUP, USR1) through its pid file.
        S::Nginx if args.first() == Some(&"-s") => {
            let sig = match args.get(1).copied() {
                Some("quit") => Signal::QUIT,
                Some("stop") => Signal::TERM,
                Some("reload") => Signal::HUP,
                Some("reopen") => Signal::USR1,
                other => {
                    let _ = writeln!(
                        err,
                        "nginx: invalid option: \"-s {}\"",
                        other.unwrap_or_default()
                    );
                    return Applet::Done(1);
                }
            };
            let master = w.node.process(ctx.pid).and_then(|me| {
                w.node
                    .processes_in_pid_ns(me.ns.get(NsKind::Pid))
                    .find(|q| q.program == Program::NginxMaster)
                    .map(|q| q.pid)
            });
            match master {
                Some(pid) => {
                    w.signal_process(pid, sig);
                    Applet::Done(0)
                }
                None => {
                    let _ = writeln!(
                        err,
                        "nginx: [error] open() \"/run/nginx.pid\" failed (2: No such file or directory)"
                    );
                    Applet::Done(1)
                }
            }
        }
        S::Nginx | S::Server => {
            let c = w
                .pods
                .get(ctx.pod)
                .and_then(|pod| pod.container(ctx.slot))
                .map(|c| c.spec.image.clone());
            let Some(img) = c else {
                return Applet::Done(1);
            };
            let argv_owned: Vec<String> = argv.to_vec();
            let cpus = w
                .pods
                .get(ctx.pod)
                .and_then(|pod| w.node_of(pod))
                .map_or(1, |n| n.cpus);
            let plan = image::run_plan(&img, &argv_owned, &[], &[], cpus);
            let main = plan.processes.first();
            Applet::Start(Started {
                cmdline: main.map_or_else(|| argv.join(" "), |p| p.cmdline.clone()),
                program: main.map_or(Program::Plain, |p| p.program.clone()),
                mem_bytes: main.map_or(1 << 20, |p| p.mem_bytes),
                exits: None,
            })
        }
    }
}

/// A process that allocates until its cgroup's limit stops it.
/// busybox coreutils/ls.c `display_files`: names down columns as wide as the longest name
/// plus two, as many columns as fit in the terminal's width less one (`ls_main`: "go one
/// less"), the last name of each row unpadded.
pub(super) fn busybox_columns(names: &[String], terminal_width: usize) -> String {
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    let ncols = (terminal_width.saturating_sub(1) / width).max(1);
    let nrows = names.len().div_ceil(ncols);
    let mut out = String::new();
    for row in 0..nrows {
        let mut column = 0;
        let mut nexttab = 0;
        for nc in 0..ncols {
            let Some(name) = names.get(nc * nrows + row) else {
                continue;
            };
            if column > 0 {
                let pad = nexttab - column;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
            }
            nexttab = column + width;
            out.push_str(name);
            column += name.chars().count();
        }
        out.push('\n');
    }
    out
}

fn hog(cmdline: String) -> Applet {
    Applet::Start(Started {
        cmdline,
        program: Program::Hog,
        // It grows without bound: the OOM killer or the node's memory stops it.
        mem_bytes: u64::MAX / 4,
        exits: None,
    })
}

/// `stress --vm N --vm-bytes SIZE`: N workers each holding SIZE.
fn stress(argv: &[String], err: &mut String) -> Applet {
    let get = |flag: &str| argv.windows(2).find(|w| w[0] == flag).map(|w| w[1].clone());
    let workers: u64 = get("--vm").and_then(|v| v.parse().ok()).unwrap_or(1);
    let bytes = get("--vm-bytes")
        .and_then(|v| image::parse_size(&v))
        .unwrap_or(256 << 20);
    if !argv.iter().any(|a| a == "--vm") {
        let _ = writeln!(err, "stress: FAIL: [1] (244) no tests specified");
        return Applet::Done(1);
    }
    Applet::Start(Started {
        cmdline: argv.join(" "),
        program: Program::Hog,
        mem_bytes: workers.saturating_mul(bytes),
        exits: None,
    })
}

/// The processes a process in the container can see: those in its PID namespace.
fn visible(w: &World, ctx: Ctx) -> Vec<Process> {
    let Some(me) = w.node.process(ctx.pid) else {
        return Vec::new();
    };
    let ns = me.ns.get(NsKind::Pid);
    let mut v: Vec<Process> = w.node.processes_in_pid_ns(ns).cloned().collect();
    v.sort_compact_by_key(|q| q.ns_pid);
    v
}

fn user_name(uid: u32) -> String {
    match uid {
        0 => "root".to_owned(),
        n => n.to_string(),
    }
}

/// What a plain `ps` in the container lists, read without running one (so without the `ps`
/// process itself): the image's `ps` (busybox or procps), or busybox's for an image without
/// one, as `kubectl debug --image=busybox --target=C` would show it.
pub(super) fn ps_listing(w: &World, ctx: Ctx) -> String {
    let busybox = find(w, ctx, "ps").is_none_or(|f| f.package == Package::Busybox);
    super::ps::ps(
        w,
        ctx,
        busybox,
        &[],
        super::ps::Own::Caller,
        &mut String::new(),
    )
    .0
}

/// util-linux `lsns` as a process in the container sees it: each namespace of the visible
/// processes, with the lowest visible PID in it.
fn lsns(w: &World, ctx: Ctx) -> String {
    let procs = visible(w, ctx);
    let mut rows: Vec<(u64, NsKind, usize, u32, String, String)> = Vec::new();
    for kind in NsKind::ALL {
        let mut seen: Vec<u64> = Vec::new();
        for q in &procs {
            let inode = q.ns.get(kind).0;
            if seen.contains(&inode) || q.is_zombie() {
                continue;
            }
            seen.push(inode);
            let members: Vec<&Process> =
                procs.iter().filter(|r| r.ns.get(kind).0 == inode).collect();
            let first = members
                .iter()
                .min_by_key(|r| r.ns_pid)
                .copied()
                .unwrap_or(q);
            rows.push((
                inode,
                kind,
                members.len(),
                first.ns_pid,
                user_name(first.uid.0),
                first.cmdline.clone(),
            ));
        }
    }
    rows.sort_compact_by_key(|r| r.0);
    let pid_w = rows
        .iter()
        .map(|r| r.3.to_string().len())
        .max()
        .unwrap_or(3)
        .max(3);
    let user_w = rows.iter().map(|r| r.4.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:>10} {:<6} {:>6} {:>pid_w$} {:<user_w$} COMMAND\n",
        "NS", "TYPE", "NPROCS", "PID", "USER"
    );
    for (inode, kind, n, pid, user, cmd) in rows {
        let _ = writeln!(
            out,
            "{inode:>10} {:<6} {n:>6} {pid:>pid_w$} {user:<user_w$} {cmd}",
            kind.as_str()
        );
    }
    out
}

/// `nsenter -t PID [-m] [-u] [-i] [-n] [-p] [-C] [-U] [--] [COMMAND…]` from inside a
/// container. `setns(2)` needs CAP_SYS_ADMIN, which an unprivileged container lacks, so it
/// fails on the first namespace util-linux enters (sys-utils/nsenter.c `do_setns`:
/// `reassociate to namespace 'ns/…' failed`, in `namespace_files` order: user, cgroup, ipc,
/// uts, net, pid, mnt, time). A privileged container runs the command among the target
/// process's container, which is where the requested namespaces lead.
fn nsenter(w: &mut World, ctx: Ctx, args: &[&str], env: &Env, io: &mut Io<'_>) -> Applet {
    const ORDER: [(&str, &str, &str); 8] = [
        ("-U", "--user", "ns/user"),
        ("-C", "--cgroup", "ns/cgroup"),
        ("-i", "--ipc", "ns/ipc"),
        ("-u", "--uts", "ns/uts"),
        ("-n", "--net", "ns/net"),
        ("-p", "--pid", "ns/pid"),
        ("-m", "--mount", "ns/mnt"),
        ("-T", "--time", "ns/time"),
    ];
    let mut target: Option<&str> = None;
    let mut wanted: Vec<&str> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-t" | "--target" => target = it.next().copied(),
            "-a" | "--all" => wanted.extend(ORDER.iter().map(|(s, _, _)| *s)),
            "--" => {
                rest = it.map(|s| (*s).to_owned()).collect();
                break;
            }
            flag if flag.starts_with('-') && flag.len() > 2 && !flag.starts_with("--") => {
                // Bundled short flags (`-mnu`), or `-tPID`.
                if let Some(pid) = flag.strip_prefix("-t") {
                    target = Some(pid);
                    continue;
                }
                for ch in flag.chars().skip(1) {
                    if let Some((short, _, _)) = ORDER.iter().find(|(s, _, _)| s.ends_with(ch)) {
                        wanted.push(short);
                    }
                }
            }
            flag if flag.starts_with('-') => {
                if let Some((short, _, _)) = ORDER.iter().find(|(s, l, _)| s == &flag || l == &flag)
                {
                    wanted.push(short);
                }
            }
            other => {
                rest.push(other.to_owned());
                rest.extend(it.map(|s| (*s).to_owned()));
                break;
            }
        }
    }
    let Some(pid) = target.and_then(|t| t.parse::<i32>().ok()) else {
        let _ = writeln!(
            io.stderr,
            "nsenter: neither filename nor target pid supplied for ns/net"
        );
        return Applet::Done(1);
    };
    let Some(host) = w.host_pid(ctx.pid, pid) else {
        let _ = writeln!(
            io.stderr,
            "nsenter: cannot open /proc/{pid}/ns/ipc: No such file or directory"
        );
        return Applet::Done(1);
    };
    let privileged = w
        .pods
        .get(ctx.pod)
        .and_then(|pod| pod.container(ctx.slot))
        .is_some_and(|c| c.spec.privileged);
    if !privileged && let Some((_, _, file)) = ORDER.iter().find(|(s, _, _)| wanted.contains(s)) {
        let _ = writeln!(
            io.stderr,
            "nsenter: reassociate to namespace '{file}' failed: Operation not permitted"
        );
        return Applet::Done(1);
    }
    if rest.is_empty() {
        rest.push("sh".to_owned());
    }
    // Privileged: run the command among the target's container.
    let inner = match w.node.process(host).map(|q| q.owner.clone()) {
        Some(crate::sim::node::Owner::Container(p, name)) => w
            .pods
            .get(p)
            .and_then(|pod| pod.slot_of(&name))
            .map(|slot| Ctx {
                pod: p,
                slot,
                pid: host,
                tty: ctx.tty,
            }),
        _ => None,
    };
    match inner {
        Some(c) => run(w, c, &rest, env, io),
        None => {
            let _ = writeln!(
                io.stderr,
                "nsenter: entering the node's namespaces is not simulated by podscope"
            );
            Applet::Done(1)
        }
    }
}
