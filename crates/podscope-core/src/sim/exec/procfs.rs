//! `/proc/PID/…` as a container's process reads it (procfs of the container's PID
//! namespace): `status` (fs/proc/array.c `proc_pid_status`), `cmdline` (NUL-separated
//! arguments) and `root/…` (the process's root: another container's files when the PID
//! namespace is shared, as on the share-process-namespace page).

use std::fmt::Write as _;

use super::{Ctx, FsError};
use crate::model::ids::PodId;
use crate::model::linux_ns::NsKind;
use crate::sim::node::Owner;
use crate::sim::node::Process;
use crate::sim::world::{Slot, World};

/// The process `/proc/N` names for a reader in `ctx`'s PID namespace (`self`: the reader).
fn target(w: &World, ctx: Ctx, n: &str) -> Option<Process> {
    if n == "self" || n == "thread-self" {
        return w.node.process(ctx.pid).cloned();
    }
    let n: i32 = n.parse().ok()?;
    let host = w.host_pid(ctx.pid, n)?;
    w.node.process(host).cloned()
}

impl World {
    /// Where `/proc/N/root[/PATH]` leads for a reader in `ctx`: the container process N
    /// runs in and PATH inside it (the kernel's `proc_root_link`), if N is visible and in
    /// a container.
    pub(crate) fn proc_root(&self, ctx: Ctx, path: &str) -> Option<(PodId, Slot, String)> {
        let rest = path.strip_prefix("/proc/")?;
        let (n, file) = rest.split_once('/')?;
        if !(n == "self" || n == "thread-self" || n.chars().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let sub = file
            .strip_prefix("root")
            .filter(|s| s.is_empty() || s.starts_with('/'))?;
        let q = target(self, ctx, n)?;
        let Owner::Container(p, name) = &q.owner else {
            return None;
        };
        let slot = self.pods.get(*p)?.slot_of(name)?;
        let inner = if sub.is_empty() { "/" } else { sub };
        Some((*p, slot, inner.to_owned()))
    }

    /// `/proc/N/status`, `/proc/N/cmdline`, `/proc/N/root/PATH`; `None` for other paths.
    pub(crate) fn proc_file(&self, ctx: Ctx, path: &str) -> Option<Result<String, FsError>> {
        let rest = path.strip_prefix("/proc/")?;
        let (n, file) = rest.split_once('/')?;
        if !(n == "self" || n == "thread-self" || n.chars().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let (file, sub) = match file.split_once('/') {
            Some((f, s)) => (f, Some(s)),
            None => (file, None),
        };
        if !matches!(file, "status" | "cmdline" | "root") {
            return None;
        }
        let Some(q) = target(self, ctx, n) else {
            return Some(Err(FsError::NoEntry));
        };
        Some(match (file, sub) {
            ("status", None) => Ok(self.proc_status(ctx, &q, n == "self" || n == "thread-self")),
            ("cmdline", None) => {
                if q.is_zombie() {
                    return Some(Ok(String::new()));
                }
                let mut s: String = q.cmdline.split(' ').collect::<Vec<_>>().join("\0");
                s.push('\0');
                Ok(s)
            }
            ("root", sub) => {
                let Owner::Container(p, name) = &q.owner else {
                    return Some(Err(FsError::NoEntry));
                };
                let Some(slot) = self.pods.get(*p).and_then(|pod| pod.slot_of(name)) else {
                    return Some(Err(FsError::NoEntry));
                };
                let inner = format!("/{}", sub.unwrap_or(""));
                self.read_file(*p, slot, &inner)
            }
            _ => Err(FsError::NoEntry),
        })
    }

    fn proc_status(&self, ctx: Ctx, q: &Process, reader: bool) -> String {
        let own = match &q.owner {
            Owner::Container(p, name) => {
                self.pods
                    .get(*p)
                    .and_then(|pod| pod.slot_of(name))
                    .map(|slot| Ctx {
                        pod: *p,
                        slot,
                        pid: q.pid,
                        tty: None,
                    })
            }
            _ => None,
        }
        .unwrap_or(ctx);
        // One computation of who the process is: the credentials the runtime gave it
        // (`Process::creds`, security.rs), which `id` reads too.
        let id = super::ident::ident(self, own);
        let uid = q.uid.0;
        let caps = q.creds.caps;
        let no_new_privs = q.creds.no_new_privs;
        let ppid = self
            .node
            .process(q.ppid)
            .filter(|p| p.ns.get(NsKind::Pid) == q.ns.get(NsKind::Pid))
            .map_or(0, |p| p.ns_pid);
        let state = if q.is_zombie() {
            "Z (zombie)"
        } else if reader {
            "R (running)"
        } else {
            "S (sleeping)"
        };
        let groups: Vec<String> = id.groups.iter().map(u32::to_string).collect();
        let mut s = String::new();
        let _ = writeln!(s, "Name:\t{}", super::ps::comm(&q.cmdline));
        let _ = writeln!(s, "Umask:\t0022");
        let _ = writeln!(s, "State:\t{state}");
        let _ = writeln!(s, "Tgid:\t{}", q.ns_pid);
        let _ = writeln!(s, "Ngid:\t0");
        let _ = writeln!(s, "Pid:\t{}", q.ns_pid);
        let _ = writeln!(s, "PPid:\t{ppid}");
        let _ = writeln!(s, "TracerPid:\t0");
        let _ = writeln!(s, "Uid:\t{uid}\t{uid}\t{uid}\t{uid}");
        let _ = writeln!(s, "Gid:\t{0}\t{0}\t{0}\t{0}", id.gid);
        let _ = writeln!(s, "FDSize:\t64");
        // array.c `task_state`: each group followed by a space.
        let _ = writeln!(
            s,
            "Groups:\t{}",
            groups.iter().map(|g| format!("{g} ")).collect::<String>()
        );
        let _ = writeln!(s, "NStgid:\t{}", q.ns_pid);
        let _ = writeln!(s, "NSpid:\t{}", q.ns_pid);
        let _ = writeln!(s, "NSpgid:\t{}", q.ns_pid);
        let _ = writeln!(s, "NSsid:\t{}", q.ns_pid);
        if !q.is_zombie() {
            let _ = writeln!(s, "VmRSS:\t{:>8} kB", q.mem_bytes / 1024);
        }
        let _ = writeln!(s, "Threads:\t1");
        for sig in ["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"] {
            let _ = writeln!(s, "{sig}:\t0000000000000000");
        }
        let _ = writeln!(s, "CapInh:\t{:016x}", caps.inheritable);
        let _ = writeln!(s, "CapPrm:\t{:016x}", caps.permitted);
        let _ = writeln!(s, "CapEff:\t{:016x}", caps.effective);
        let _ = writeln!(s, "CapBnd:\t{:016x}", caps.bounding);
        let _ = writeln!(s, "CapAmb:\t{:016x}", caps.ambient);
        let _ = writeln!(s, "NoNewPrivs:\t{}", u8::from(no_new_privs));
        let _ = writeln!(s, "Seccomp:\t0");
        let _ = writeln!(s, "Seccomp_filters:\t0");
        s
    }
}
