//! A small fake world for the shell tests: files, a virtual clock, `sleep` and a few
//! applets, with every process, fork and signal recorded.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    ChildPid, ChildState, Env, Errno, FileKind, Host, Io, Lookup, Run, Shell, Yield, parse,
};

#[derive(Debug)]
pub struct Proc {
    pub argv: Vec<String>,
    pub ends_at: Option<u64>,
    pub background: bool,
}

#[derive(Default)]
pub struct Fake {
    pub now: u64,
    pub files: BTreeMap<String, String>,
    pub dirs: BTreeSet<String>,
    pub out: String,
    pub err: String,
    pub procs: BTreeMap<i32, Proc>,
    pub forks: Vec<(ChildPid, Shell, bool)>,
    pub kills: Vec<(i32, i32)>,
    pub ran: Vec<Vec<String>>,
    pub envs: Vec<Env>,
    next_pid: i32,
}

impl Fake {
    pub fn new() -> Fake {
        let mut f = Fake {
            next_pid: 100,
            ..Fake::default()
        };
        for d in ["/", "/tmp", "/var", "/var/log", "/etc"] {
            f.dirs.insert(d.to_string());
        }
        f.files.insert("/etc/hostname".into(), "web-0\n".into());
        f
    }

    fn spawn(&mut self, argv: &[String], ends_at: Option<u64>, background: bool) -> ChildPid {
        self.next_pid += 1;
        self.procs.insert(
            self.next_pid,
            Proc {
                argv: argv.to_vec(),
                ends_at,
                background,
            },
        );
        ChildPid(self.next_pid)
    }

    /// When a process ends (a long-running one never does).
    pub fn end_of(&self, pid: ChildPid) -> Option<u64> {
        self.procs.get(&pid.0).and_then(|p| p.ends_at)
    }
}

impl Host for Fake {
    fn run(&mut self, argv: &[String], env: &Env, io: &mut Io<'_>, background: bool) -> Run {
        self.ran.push(argv.to_vec());
        self.envs.push(env.clone());
        let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        match argv.first().map(String::as_str).unwrap_or_default() {
            "sleep" => {
                let secs = args
                    .first()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or(0);
                Run::Started(self.spawn(argv, Some(self.now + secs), background))
            }
            "nginx" => Run::Started(self.spawn(argv, None, background)),
            "cat" => {
                if args.is_empty() {
                    io.stdout.push_str(io.stdin);
                    return Run::Done(0);
                }
                let mut status = 0;
                for a in args {
                    match self.files.get(a) {
                        Some(t) => io.stdout.push_str(t),
                        None => {
                            io.stderr.push_str(&format!(
                                "cat: can't open '{a}': No such file or directory\n"
                            ));
                            status = 1;
                        }
                    }
                }
                Run::Done(status)
            }
            "tr" => {
                let (from, to) = (
                    args.first().copied().unwrap_or(""),
                    args.get(1).copied().unwrap_or(""),
                );
                let mapped: String = io
                    .stdin
                    .chars()
                    .map(|c| match from.find(c) {
                        Some(i) => to.chars().nth(i).unwrap_or(c),
                        None => c,
                    })
                    .collect();
                io.stdout.push_str(&mapped);
                Run::Done(0)
            }
            "wc" => {
                io.stdout
                    .push_str(&format!("{}\n", io.stdin.lines().count()));
                Run::Done(0)
            }
            "env" => {
                for (k, v) in env {
                    io.stdout.push_str(&format!("{k}={v}\n"));
                }
                Run::Done(0)
            }
            "where" => {
                io.stdout.push_str(&format!(
                    "{:?} {:?} {:?}\n",
                    io.stdout_to, io.stderr_to, io.stdin_from
                ));
                Run::Done(0)
            }
            "fail" => {
                io.stderr.push_str("failing\n");
                Run::Done(1)
            }
            "/bin/noexec" => Run::NotExecutable,
            _ => Run::NotFound,
        }
    }

    fn fork(&mut self, child: Shell, background: bool) -> ChildPid {
        let pid = self.spawn(&["sh".to_string()], None, background);
        self.forks.push((pid, child, background));
        pid
    }

    fn output(&mut self, fd: u32, data: &str) {
        if fd == 2 {
            self.err.push_str(data);
        } else {
            self.out.push_str(data);
        }
    }

    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), Errno> {
        let parent = match path.rsplit_once('/') {
            Some(("", _)) => "/".to_string(),
            Some((p, _)) => p.to_string(),
            None => "/".to_string(),
        };
        if !self.dirs.contains(&parent) {
            return Err(Errno::NoEntry);
        }
        if self.dirs.contains(path) {
            return Err(Errno::IsDir);
        }
        let f = self.files.entry(path.to_string()).or_default();
        if !append {
            f.clear();
        }
        f.push_str(data);
        Ok(())
    }

    fn read_file(&mut self, path: &str) -> Result<String, Errno> {
        self.files.get(path).cloned().ok_or(Errno::NoEntry)
    }

    fn stat(&mut self, path: &str) -> Option<FileKind> {
        if self.dirs.contains(path) {
            Some(FileKind::Dir)
        } else if self.files.contains_key(path) {
            Some(FileKind::File)
        } else {
            None
        }
    }

    fn list_dir(&mut self, path: &str) -> Option<Vec<String>> {
        if !self.dirs.contains(path) {
            return None;
        }
        let prefix = if path == "/" {
            "/".to_owned()
        } else {
            format!("{path}/")
        };
        let mut names: Vec<String> = self
            .files
            .keys()
            .chain(self.dirs.iter())
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(str::to_owned)
            .collect();
        names.sort();
        Some(names)
    }

    fn kill(&mut self, pid: i32, signal: i32) -> Result<(), Errno> {
        if !self.procs.contains_key(&pid) {
            return Err(Errno::NoSuchProcess);
        }
        self.kills.push((pid, signal));
        Ok(())
    }

    fn child_state(&mut self, pid: ChildPid) -> ChildState {
        match self.procs.get(&pid.0) {
            None => ChildState::Unknown,
            Some(p) => match p.ends_at {
                Some(t) if t <= self.now => ChildState::Exited(0),
                _ => ChildState::Running,
            },
        }
    }

    fn pid(&mut self) -> i32 {
        1
    }

    fn lookup(&mut self, argv0: &str, _env: &Env) -> Lookup {
        match argv0 {
            "sleep" | "nginx" | "cat" => Lookup::Found,
            "/bin/noexec" => Lookup::NotExecutable,
            _ => Lookup::NotFound,
        }
    }
}

/// Runs `text` as `sh -c text` until its first yield.
pub fn sh(text: &str) -> (Yield, Fake, Shell) {
    sh_with(text, Env::new(), Vec::new())
}

pub fn sh_with(text: &str, env: Env, args: Vec<String>) -> (Yield, Fake, Shell) {
    let mut host = Fake::new();
    let mut shell = Shell::new(&parse(text), env, args);
    let y = shell.run(&mut host);
    (y, host, shell)
}

/// Keeps a shell going: each wait jumps the clock to the child's end and resumes with 0,
/// until it exits, execs, is busy, or waits for a child that never ends.
pub fn drive(shell: &mut Shell, host: &mut Fake, mut y: Yield, max: usize) -> Yield {
    for _ in 0..max {
        match y {
            Yield::WaitChild(pid) => match host.end_of(pid) {
                Some(t) => {
                    host.now = host.now.max(t);
                    y = shell.resume(host, 0);
                }
                None => return y,
            },
            other => return other,
        }
    }
    y
}
