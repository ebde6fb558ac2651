//! `lsns -p PID` as util-linux prints it: one row per namespace of the process.

use crate::model::ids::Pid;
use crate::model::sort::CompactSort;
use crate::sim::node::Node;

/// Renders `lsns -p PID` on the node, or `None` if there is no such process.
///
/// Columns `NS TYPE NPROCS PID USER COMMAND` (util-linux sys-utils/lsns.c defaults): rows
/// sorted by inode; `NPROCS` counts the processes in that namespace; `PID`, `USER` and
/// `COMMAND` describe the lowest PID in it. Widths follow the data, one space apart, numbers
/// right-aligned, as the seeds' real outputs show.
///
/// A namespace held only by a bind mount (CRI-O's `pinns`) has no process of its own, so its
/// row names the lowest PID of the app processes that joined it (k8s-facts §1.2: inferred
/// from how `lsns` picks its `PID` column, not checked on a real node).
pub fn lsns_pid(node: &Node, pid: Pid) -> Option<String> {
    lsns_pid_on(node, node.process(pid)?.node, pid)
}

/// `lsns -p PID` run on node `on`: only that node's processes count (host namespaces have
/// the same inodes on every node, but each node has its own processes in them).
pub fn lsns_pid_on(node: &Node, on: usize, pid: Pid) -> Option<String> {
    let target = node.process_on(on, pid)?;
    let mut rows: Vec<[String; 6]> = target
        .ns
        .iter()
        .map(|(kind, inode)| {
            let members: Vec<_> = node
                .processes_on(on)
                .filter(|p| p.ns.get(kind) == inode)
                .collect();
            // Processes iterate in PID order, so the first member has the lowest PID.
            let first = members.first().copied().unwrap_or(target);
            let user = match node.user_name(first.uid) {
                Some(name) => name.to_owned(),
                None => first.uid.0.to_string(),
            };
            [
                inode.to_string(),
                kind.as_str().to_owned(),
                members.len().to_string(),
                first.pid.to_string(),
                user,
                first.cmdline.clone(),
            ]
        })
        .collect();
    rows.sort_compact_by(|a, b| a[0].len().cmp(&b[0].len()).then_with(|| a[0].cmp(&b[0])));
    let header = ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"];
    let right = [true, false, true, true, false, false];
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            if i == 5 {
                s.push_str(cell);
            } else if right[i] {
                s.push_str(&format!("{cell:>w$}", w = widths[i]));
            } else {
                s.push_str(&format!("{cell:<w$}", w = widths[i]));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(header);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]);
    }
    Some(out)
}
