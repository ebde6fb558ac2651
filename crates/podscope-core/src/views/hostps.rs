//! The node's own `ps -ef` (procps-ng) and `lsns` (util-linux) over the node's process table.

use podscope_collections::Map;

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
fn lineage(world: &World, node: usize) -> Map<Pid, (Pid, SimTime)> {
    let mut m = Map::new();
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

/// procps' BSD STAT for a node process: `Z` zombie, else `S` with `s` for a session
/// leader (PID 1, the daemons systemd starts, a container's first process: runc makes it
/// one) and `l` for the multi-threaded Go daemons (containerd, the kubelet, the shims).
fn stat(p: &Process) -> String {
    if p.is_zombie() {
        return "Z".to_owned();
    }
    let first_word = p.cmdline.split_whitespace().next().unwrap_or("");
    let base = first_word.rsplit('/').next().unwrap_or(first_word);
    let go = matches!(
        base,
        "containerd" | "kubelet" | "containerd-shim-runc-v2" | "dockerd" | "cri-dockerd" | "crio"
    );
    let leader = p.owner == crate::sim::node::Owner::Host && !base.starts_with("containerd-shim")
        || p.ns_pid == 1;
    let mut s = String::from("S");
    if leader {
        s.push('s');
    }
    if go {
        s.push('l');
    }
    s
}

/// `ps aux` (procps-ng ps/output.c: USER 8 left, PID 7, %CPU and %MEM 4, VSZ 6, RSS 5,
/// TTY 8 left, STAT 4 left, START 5, TIME 6). CPU use is not modelled (0.0, 0:00); RSS is
/// the memory the model charges the process, VSZ that plus 2 MiB (podscope's stand-in);
/// %MEM against the node's memory.
pub fn ps_aux(world: &World, node: usize) -> String {
    let lin = lineage(world, node);
    let total_kb = world
        .nodes()
        .get(node)
        .map_or(0, |n| n.memory_bytes / 1024)
        .max(1);
    let mut out = String::from(
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n",
    );
    for p in world.node().processes_on(node) {
        let (_, start) = lin.get(&p.pid).copied().unwrap_or((Pid(1), SimTime::ZERO));
        let rss = if p.is_zombie() { 0 } else { p.mem_bytes / 1024 };
        let vsz = if p.is_zombie() { 0 } else { rss + 2048 };
        let mem = rss * 1000 / total_kb;
        let mut user = user(world, p);
        if user.len() > 8 {
            user.truncate(7);
            user.push('+');
        }
        out.push_str(&format!(
            "{:<8} {:>7} {:>4} {:>4} {:>6} {:>5} {:<8} {:<4} {:>5} {:>6} {}\n",
            user,
            p.pid.0,
            "0.0",
            format!("{}.{}", mem / 10, mem % 10),
            vsz,
            rss,
            "?",
            stat(p),
            hh_mm(start),
            "0:00",
            if p.is_zombie() {
                format!(
                    "[{}] <defunct>",
                    p.cmdline.split_whitespace().next().unwrap_or("")
                )
            } else {
                p.cmdline.clone()
            }
        ));
    }
    out
}

/// `lsns` with no arguments: every namespace a process is in, sorted by inode; NPROCS
/// counts its processes, PID/USER/COMMAND describe the lowest PID (util-linux lsns.c).
pub fn lsns(world: &World, node: usize) -> String {
    lsns_of(world, node, None)
}

/// `lsns [-t TYPE]`: the namespaces of one type only when `kind` is given.
fn lsns_of(world: &World, node: usize, kind: Option<crate::model::linux_ns::NsKind>) -> String {
    let mut by: Map<(u64, &'static str), Vec<&Process>> = Map::new();
    for p in world.node().processes_on(node) {
        for (k, inode) in p.ns.iter() {
            if kind.is_some_and(|want| want != k) {
                continue;
            }
            by.entry((inode.0, k.as_str())).or_default().push(p);
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
        ["aux"] | ["-aux"] | ["auxw"] | ["auxww"] => Output::ok(ps_aux(world, node)),
        _ => Output::failed(
            format!(
                "podscope: only `ps -ef` and `ps aux` are modelled on the node (asked: ps {})\n",
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
        // util-linux adds NETNSID and NSFS columns for `-t net` (lsns.c `is_net`), which
        // podscope does not model.
        ["-t", "net"] => {
            crate::views::kubectl::unmodelled("lsns -t net (its NETNSID and NSFS columns)")
        }
        ["-t", t] => match crate::model::linux_ns::NsKind::ALL
            .iter()
            .find(|k| k.as_str() == *t)
        {
            Some(k) => Output::ok(lsns_of(world, node, Some(*k))),
            None => Output::failed(format!("lsns: unknown namespace type: {t}\n"), 1),
        },
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
