//! The node's own `ps -ef` (procps-ng) and `lsns` (util-linux) over the node's process table.

use std::collections::BTreeMap;

use crate::model::humanize::hh_mm;
use crate::model::ids::Pid;
use crate::model::time::SimTime;
use crate::sim::node::Process;
use crate::sim::outcome::Output;
use crate::sim::world::World;

fn user(world: &World, p: &Process) -> String {
    // procps prints the number when /etc/passwd has no entry (pause's 65535, nginx's 101).
    world
        .node()
        .user_name(p.uid)
        .map_or_else(|| p.uid.0.to_string(), str::to_owned)
}

/// Each process's parent and start time, from what started it: host daemons and runtime
/// shims are children of PID 1 (shims daemonize), pause and a container's first process of
/// their monitor (containerd: the pod's shim), other container processes of that first one.
/// Host processes started when the node booted, taken to be simulated time zero. What an
/// exec started (`kubectl exec -it … -- sh` and its children) keeps the parent the process
/// table gives it: the runtime's shim starts an exec'd process (containerd's
/// `runc exec`, whose parent is the shim, a child subreaper), and its children are its own.
fn lineage(world: &World, node: usize) -> BTreeMap<Pid, (Pid, SimTime)> {
    let mut m = BTreeMap::new();
    for p in world.node().processes_on(node) {
        let parent = if p.pid.0 == 1 {
            Pid(0)
        } else if p.owner != crate::sim::node::Owner::Host && p.ppid.0 != 0 {
            p.ppid
        } else {
            Pid(1)
        };
        let start = if p.owner == crate::sim::node::Owner::Host {
            SimTime::ZERO
        } else {
            p.started_at
        };
        m.insert(p.pid, (parent, start));
    }
    for pod in world.pods().filter(|p| p.node == Some(node)) {
        let Some(s) = &pod.sandbox else { continue };
        if let (Some(pid), Some(shim)) = (s.pid, s.shim_pid) {
            m.insert(pid, (shim, s.created_at));
            m.insert(shim, (Pid(1), s.created_at));
        }
        for c in pod.init_containers.iter().chain(&pod.containers) {
            let Some(i) = &c.instance else { continue };
            let monitor = i.monitor_pid.or(s.shim_pid).unwrap_or(Pid(1));
            if let Some(mon) = i.monitor_pid {
                m.insert(mon, (Pid(1), i.started_at));
            }
            let mut first = None;
            for pid in &i.pids {
                let parent = first.unwrap_or(monitor);
                m.insert(*pid, (parent, i.started_at));
                first.get_or_insert(*pid);
            }
        }
    }
    m
}

/// `ps -ef`: `UID PID PPID C STIME TTY TIME CMD` (procps-ng ps/output.c widths: UID 8 left,
/// PID and PPID 7 right, C 2, STIME 5, TTY 8 left, TIME 8). CPU use is not modelled: C is 0
/// and TIME 00:00:00; TTY is `?` for daemons.
pub fn ps_ef(world: &World, node: usize) -> String {
    let lin = lineage(world, node);
    let mut out = String::from("UID          PID    PPID  C STIME TTY          TIME CMD\n");
    for p in world.node().processes_on(node) {
        let (ppid, start) = lin.get(&p.pid).copied().unwrap_or((Pid(1), SimTime::ZERO));
        out.push_str(&format!(
            "{:<8} {:>7} {:>7} {:>2} {:<5} {:<8} {:>8} {}\n",
            user(world, p),
            p.pid.0,
            ppid.0,
            0,
            hh_mm(start),
            "?",
            "00:00:00",
            p.cmdline
        ));
    }
    out
}

/// `lsns` with no arguments: every namespace a process is in, sorted by inode; NPROCS
/// counts its processes, PID/USER/COMMAND describe the lowest PID (util-linux lsns.c).
pub fn lsns(world: &World, node: usize) -> String {
    let mut by: BTreeMap<(u64, &'static str), Vec<&Process>> = BTreeMap::new();
    for p in world.node().processes_on(node) {
        for (kind, inode) in p.ns.iter() {
            by.entry((inode.0, kind.as_str())).or_default().push(p);
        }
    }
    let mut rows = vec![["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"].map(str::to_owned)];
    for ((inode, kind), procs) in &by {
        let Some(first) = procs.first() else { continue };
        rows.push([
            inode.to_string(),
            (*kind).to_owned(),
            procs.len().to_string(),
            first.pid.0.to_string(),
            user(world, first),
            first.cmdline.clone(),
        ]);
    }
    let right = [true, false, true, true, false, false];
    let widths: Vec<usize> = (0..6)
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i > 0 {
                line.push(' ');
            }
            match (i, right.get(i)) {
                (5, _) => line.push_str(cell),
                (_, Some(true)) => line.push_str(&format!("{cell:>w$}")),
                _ => line.push_str(&format!("{cell:<w$}")),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Runs `ps ARGS…` on node `node`.
pub fn run_ps(world: &World, node: usize, words: &[String]) -> Output {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["-ef"] | ["-e", "-f"] | ["-f", "-e"] | ["-aef"] | ["-eF"] => {
            Output::ok(ps_ef(world, node))
        }
        _ => Output::failed(
            format!(
                "podscope: only `ps -ef` is modelled on the node (asked: ps {})\n",
                args.join(" ")
            ),
            1,
        ),
    }
}

/// Runs `lsns [-p PID]` on node `node`.
pub fn run_lsns(world: &World, node: usize, words: &[String]) -> Output {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Output::ok(lsns(world, node)),
        ["-p", pid] => match pid.parse::<u32>() {
            Ok(n) => match crate::views::lsns::lsns_pid_on(world.node(), node, Pid(n)) {
                Some(t) => Output::ok(t),
                // util-linux prints nothing and fails when the PID does not exist.
                None => Output::failed("", 1),
            },
            Err(_) => Output::failed(format!("lsns: invalid PID argument: '{pid}'\n"), 1),
        },
        _ => Output::failed(
            format!("lsns: unsupported arguments: {}\n", args.join(" ")),
            1,
        ),
    }
}
