//! `/proc/PID/…` as a container's process reads it (procfs of the container's PID
//! namespace): `status` (fs/proc/array.c `proc_pid_status`), `cmdline` (NUL-separated
//! arguments) and `root/…` (the process's root: another container's files when the PID
//! namespace is shared, as on the share-process-namespace page).

use std::fmt::Write as _;

use super::{Ctx, FsError};
use crate::model::linux_ns::NsKind;
use crate::sim::node::Owner;
use crate::sim::node::Process;
use crate::sim::world::World;

/// containerd's default capability set (pkg/oci/spec.go `defaultUnixCaps`: CHOWN,
/// DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP,
/// NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE), the same 14 as Docker's.
pub(crate) const DEFAULT_CAPS: u64 = 0xa804_25fb;

/// Every capability of a 5.9+ kernel (`CAP_LAST_CAP` = 40, CHECKPOINT_RESTORE): what a
/// privileged container gets.
const ALL_CAPS: u64 = (1 << 41) - 1;

/// Capability names in bit order (include/uapi/linux/capability.h).
const CAP_NAMES: [&str; 41] = [
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
];

fn cap_bit(name: &str) -> Option<u64> {
    let name = name
        .strip_prefix("CAP_")
        .unwrap_or(name)
        .to_ascii_uppercase();
    CAP_NAMES.iter().position(|n| *n == name).map(|i| 1u64 << i)
}

/// The bounding set of a container: containerd's defaults with the securityContext's
/// `capabilities.add` and `drop` (`ALL` drops every one), or every capability when
/// privileged (internal/cri/server/container_create_linux.go, pkg/cri/util `WithCapabilities`).
pub(crate) fn capabilities(w: &World, ctx: Ctx) -> u64 {
    let Some(pod) = w.pods.get(ctx.pod) else {
        return DEFAULT_CAPS;
    };
    let privileged = pod.container(ctx.slot).is_some_and(|c| c.spec.privileged);
    if privileged {
        return ALL_CAPS;
    }
    let caps = crate::sim::probes::api_container(pod, ctx.slot)
        .and_then(|c| c.security_context.as_ref())
        .and_then(|s| s.capabilities.as_ref());
    let mut set = DEFAULT_CAPS;
    if let Some(c) = caps {
        for a in c.add.iter().flatten() {
            if a.eq_ignore_ascii_case("ALL") {
                set = ALL_CAPS;
            } else if let Some(b) = cap_bit(a) {
                set |= b;
            }
        }
        for d in c.drop.iter().flatten() {
            if d.eq_ignore_ascii_case("ALL") {
                set = 0;
            } else if let Some(b) = cap_bit(d) {
                set &= !b;
            }
        }
    }
    set
}

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
        let id = super::ident::ident(self, own);
        let uid = q.uid.0.max(if q.uid.0 == 0 { id.uid } else { 0 });
        let bnd = capabilities(self, own);
        // A non-root process keeps no permitted or effective capabilities across execve
        // (no file capabilities, no ambient set).
        let eff = if uid == 0 { bnd } else { 0 };
        let no_new_privs = self
            .pods
            .get(own.pod)
            .and_then(|pod| crate::sim::probes::api_container(pod, own.slot))
            .and_then(|c| c.security_context.as_ref())
            .and_then(|s| s.allow_privilege_escalation)
            == Some(false);
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
        let _ = writeln!(s, "CapInh:\t0000000000000000");
        let _ = writeln!(s, "CapPrm:\t{eff:016x}");
        let _ = writeln!(s, "CapEff:\t{eff:016x}");
        let _ = writeln!(s, "CapBnd:\t{bnd:016x}");
        let _ = writeln!(s, "CapAmb:\t0000000000000000");
        let _ = writeln!(s, "NoNewPrivs:\t{}", u8::from(no_new_privs));
        let _ = writeln!(s, "Seccomp:\t0");
        let _ = writeln!(s, "Seccomp_filters:\t0");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_masks_come_out() {
        assert_eq!(format!("{DEFAULT_CAPS:016x}"), "00000000a80425fb");
        let added = DEFAULT_CAPS | cap_bit("NET_ADMIN").unwrap() | cap_bit("SYS_TIME").unwrap();
        assert_eq!(format!("{added:016x}"), "00000000aa0435fb");
        assert_eq!(cap_bit("CAP_kill"), Some(1 << 5));
        assert_eq!(format!("{ALL_CAPS:016x}"), "000001ffffffffff");
    }
}
