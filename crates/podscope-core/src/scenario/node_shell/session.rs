//! The node's terminal as one shell session (`node -it -- LINE`): the working directory,
//! variables and functions last from line to line, as in a root login shell on the node,
//! until `exit` ends it; the next line opens a new one. Its programs are the node's tools
//! (`kubectl`, `crictl`, `docker`, `ps`, `lsns`, `sudo TOOL`), run as `node -- LINE` runs
//! them. The shell is podscope's ash model (crates/podscope-shell) named `bash`; see
//! docs/shell.md "The node's shell" for where bash would differ.

use podscope_collections::Map;
use std::sync::Arc;

use podscope_shell::{
    ChildPid, ChildState, Env, Errno, FileKind, Host, Io, Lookup, Run, Shell, VarTable, Yield,
};

use super::local::Place;
use crate::model::ids::Pid;
use crate::model::signal::Signal;
use crate::sim::exec::node_session::{NodeFiles, NodeSession};
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// Root's prompt on a Debian/Ubuntu node: `/root/.bashrc` (from /etc/skel/.bashrc, package
/// base-files/bash) sets `PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '`; outside a
/// chroot the first part is empty, so bash prints `root@node-1:~# ` (bash parse.y
/// `decode_prompt_string`: `\u` user, `\h` host name to the first dot, `\w` with `~`).
const PS1: &str = "\\u@\\h:\\w\\$ ";

/// How many times a line may come back busy (100,000 shell steps each) before podscope
/// ends the session: the node runs no processes of the session's own to keep looping in.
const MAX_BUSY_ROUNDS: usize = 100;

/// How deep `( … )` subshells may nest on the node (podscope's bound; each runs at once).
const MAX_FORK_DEPTH: usize = 32;

/// Runs `line` in node `node`'s session, opening one if it has none open, and returns what
/// it printed; the status is the shell's exit status if the line ended it (`exit 3`).
pub fn run_line(world: &mut World, node: usize, line: &str) -> Output {
    let mut session = match world.sessions.nodes.by_node.remove(&node) {
        Some(s) if s.ended.is_none() => s,
        _ => fresh(),
    };
    let text = if session.pending.is_empty() {
        line.to_owned()
    } else {
        format!("{}\n{line}", session.pending)
    };
    if podscope_shell::needs_more_input(&text) {
        session.pending = text;
        world.sessions.nodes.by_node.insert(node, session);
        return Output::default();
    }
    session.pending.clear();
    let Some(mut shell) = session.shell.take() else {
        return Output::default();
    };
    shell.feed(Arc::new(podscope_shell::parse(&text)));
    let mut host = NodeHost {
        world,
        node,
        out: String::new(),
        forked: Map::new(),
        depth: 0,
    };
    let y = shell.run(&mut host);
    let end = host.drive(&mut shell, y);
    let out = std::mem::take(&mut host.out);
    match end {
        None => session.shell = Some(shell),
        Some(code) => session.ended = Some(code),
    }
    let status = session.ended.unwrap_or(0);
    world.sessions.nodes.by_node.insert(node, session);
    // The kubelet's file source watches its static pod path (inotify): what the line
    // wrote there is seen at once.
    world.sync_static_pods(node);
    Output::failed(out, status)
}

/// The prompt node `node`'s terminal shows: its open session's, or the one a new session
/// prints (`root@node-1:~# `).
pub fn prompt(world: &World, node: usize) -> String {
    let host = world.nodes().get(node).map_or("", |n| n.name.as_str());
    let session = world.sessions.nodes.by_node.get(&node);
    // bash's PS2 (`> `, variables.c `PS2` default "> ") while the input goes on.
    if session.is_some_and(|s| s.ended.is_none() && !s.pending.is_empty()) {
        return "> ".to_owned();
    }
    let shell = session.and_then(|s| s.shell.as_ref());
    match shell {
        Some(sh) => sh.prompt_as(true, "root", host),
        None => new_shell().prompt_as(true, "root", host),
    }
}

/// The exit status of node `node`'s last session if it ended (`exit`) and no line opened a
/// new one since.
pub fn ended(world: &World, node: usize) -> Option<i32> {
    world
        .sessions
        .nodes
        .by_node
        .get(&node)
        .and_then(|s| s.ended)
}

fn new_shell() -> Shell {
    let environ: Vec<(String, String)> = super::local::login_env().into_iter().collect();
    let mut vars = VarTable::from_environ(&environ);
    vars.insert(
        "PS1".to_owned(),
        podscope_shell::expand::Var {
            value: PS1.to_owned(),
            exported: false,
        },
    );
    Shell::interactive(vars).named("bash")
}

fn fresh() -> NodeSession {
    NodeSession {
        shell: Some(new_shell()),
        ended: None,
        pending: String::new(),
    }
}

/// The node as the session's shell sees it.
struct NodeHost<'a> {
    world: &'a mut World,
    node: usize,
    out: String,
    /// The statuses of the subshells it forked (run to their end at once), by the number
    /// it gave them.
    forked: Map<i32, i32>,
    depth: usize,
}

impl NodeHost<'_> {
    /// The node's files.
    fn files(&mut self) -> &mut NodeFiles {
        let name = self
            .world
            .nodes()
            .get(self.node)
            .map_or_else(String::new, |n| n.name.clone());
        self.world
            .sessions
            .nodes
            .files
            .entry(self.node)
            .or_insert_with(|| NodeFiles::of_host(&name))
    }

    /// Runs the shell to its next prompt; `Some(status)` if it ended instead.
    fn drive(&mut self, shell: &mut Shell, mut y: Yield) -> Option<i32> {
        let mut busy = 0;
        loop {
            y = match y {
                Yield::Prompt => return None,
                Yield::Exited(code) => return Some(code),
                Yield::WaitChild(pid) => {
                    let status = self.forked.get(&pid.0).copied().unwrap_or(0);
                    shell.resume(self, status)
                }
                Yield::Busy if busy < MAX_BUSY_ROUNDS => {
                    busy += 1;
                    shell.run(self)
                }
                Yield::Busy => {
                    self.out
                        .push_str("podscope: the line loops without end; the session ends\n");
                    return Some(130);
                }
                // `exec TOOL`: the tool replaces the shell, and the session ends with it.
                Yield::Exec(image) => {
                    let place = Place {
                        cwd: image.cwd.clone(),
                        env: (*image.env).clone(),
                    };
                    let (status, text) = self.tool(&image.argv, &place);
                    self.out.push_str(&text);
                    return Some(status);
                }
            };
        }
    }

    /// A tool's status and output (`sudo` stripped); bash's `command not found` otherwise.
    fn tool(&mut self, argv: &[String], place: &Place) -> (i32, String) {
        let argv = match argv.first().map(String::as_str) {
            Some("sudo") => argv.get(1..).unwrap_or_default(),
            _ => argv,
        };
        let Some(program) = argv.first() else {
            return (0, String::new());
        };
        let rest = argv.get(1..).unwrap_or_default();
        let out = super::tool(self.world, self.node, place, program, rest)
            .unwrap_or_else(|| super::not_found(program));
        (out.status, out.text)
    }
}

impl Host for NodeHost<'_> {
    fn run(&mut self, argv: &[String], env: &Env, io: &mut Io<'_>, _background: bool) -> Run {
        let argv = match argv.first().map(String::as_str) {
            Some("sudo") => argv.get(1..).unwrap_or_default(),
            _ => argv,
        };
        let program = argv.first().map_or("", String::as_str);
        let rest = argv.get(1..).unwrap_or_default();
        if super::coreutils::is_tool(program) {
            let (status, out, err) =
                super::coreutils::run(self.files(), io.cwd, program, rest, io.stdin);
            io.stdout.push_str(&out);
            io.stderr.push_str(&err);
            if program == "systemctl" && rest.iter().map(String::as_str).eq(["restart", "kubelet"])
            {
                self.world.restart_kubelet(self.node);
            }
            return Run::Done(status);
        }
        // `sh -c SCRIPT` (Debian's dash; podscope's ash model runs it) in the same session.
        if matches!(program, "sh" | "bash")
            && let (Some(flag), Some(script)) = (rest.first(), rest.get(1))
            && flag == "-c"
        {
            let mut env = env.clone();
            env.insert("PWD".to_owned(), io.cwd.to_owned());
            let mut child = Shell::new(
                &podscope_shell::parse(script),
                env,
                vec![program.to_owned()],
            );
            let status = if self.depth >= MAX_FORK_DEPTH {
                2
            } else {
                self.depth += 1;
                let y = child.run(self);
                let status = self.drive(&mut child, y).unwrap_or(0);
                self.depth -= 1;
                status
            };
            return Run::Done(status);
        }
        let place = Place {
            cwd: io.cwd.to_owned(),
            env: env.clone(),
        };
        let (status, text) = self.tool(argv, &place);
        if status == 127 {
            io.stderr.push_str(&text);
        } else {
            io.stdout.push_str(&text);
        }
        Run::Done(status)
    }

    fn fork(&mut self, mut child: Shell, _background: bool) -> ChildPid {
        let id = i32::try_from(self.forked.len()).unwrap_or(i32::MAX);
        let status = if self.depth >= MAX_FORK_DEPTH {
            self.out
                .push_str("podscope: subshells nest too deeply on the node\n");
            2
        } else {
            self.depth += 1;
            let y = child.run(self);
            let status = self.drive(&mut child, y).unwrap_or(0);
            self.depth -= 1;
            status
        };
        self.forked.insert(id, status);
        ChildPid(id)
    }

    fn output(&mut self, _fd: u32, data: &str) {
        self.out.push_str(data);
    }

    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), Errno> {
        self.files().write(path, data, append)
    }

    fn read_file(&mut self, path: &str) -> Result<String, Errno> {
        self.files().read(path).map(str::to_owned)
    }

    fn stat(&mut self, path: &str) -> Option<FileKind> {
        let files = self.files();
        if files.is_dir(path) {
            Some(FileKind::Dir)
        } else {
            files.files.contains_key(path).then_some(FileKind::File)
        }
    }

    fn list_dir(&mut self, path: &str) -> Option<Vec<String>> {
        let files = self.files();
        files.is_dir(path).then(|| files.entries(path))
    }

    /// `kill PID` from the node's shell signals any process on the node, as root may.
    fn kill(&mut self, pid: i32, signal: i32) -> Result<(), Errno> {
        let target = Pid(u32::try_from(pid).map_err(|_| Errno::NoSuchProcess)?);
        let on_node = self
            .world
            .node()
            .process(target)
            .is_some_and(|p| p.node == self.node && !p.is_zombie());
        if !on_node {
            return Err(Errno::NoSuchProcess);
        }
        if signal != 0 {
            self.world.signal_process(target, Signal(signal));
        }
        Ok(())
    }

    fn child_state(&mut self, pid: ChildPid) -> ChildState {
        self.forked
            .get(&pid.0)
            .map_or(ChildState::Unknown, |s| ChildState::Exited(*s))
    }

    /// The node's shell is not a process podscope models.
    fn pid(&mut self) -> i32 {
        0
    }

    fn lookup(&mut self, argv0: &str, _env: &Env) -> Lookup {
        match argv0 {
            "kubectl" | "crictl" | "docker" | "ps" | "lsns" | "sudo" | "sh" | "bash" => {
                Lookup::Found
            }
            p if super::coreutils::is_tool(p) => Lookup::Found,
            _ => Lookup::NotFound,
        }
    }
}
