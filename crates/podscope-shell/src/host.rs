//! The contract between the shell and the world it runs in: the `Host` trait (programs,
//! processes, files, signals) and the plain types that cross it. The world owns processes and
//! time; the shell owns control flow, expansion and redirection plumbing.

use std::collections::BTreeMap;

use super::interp::Shell;

/// Exported variables, as a process environment.
pub type Env = BTreeMap<String, String>;

/// A process id in the simulated world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChildPid(pub i32);

/// Where one of a command's output streams goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dest {
    /// The shell process's own descriptor (1 or 2) as it inherited it: the host decides what
    /// that is (the container log, a `kubectl exec` terminal).
    Inherit(u32),
    /// `/dev/null`.
    Null,
    /// A file, already created or truncated by the shell: write by appending.
    File(String),
    /// A pipe or command substitution that the shell reads: only what an applet writes at
    /// once (into `Io::stdout`/`Io::stderr`) arrives; a program that keeps running writes
    /// into a pipe nobody reads.
    Pipe,
    /// Closed (`>&-`).
    Closed,
}

/// Where a command's standard input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The shell process's own stdin (usually nothing in a container).
    Inherit,
    /// `/dev/null` or closed.
    Null,
    /// Data the shell holds (a pipe, a file, a here-document): `Io::stdin`.
    Data,
}

/// What a command sees of its standard streams, and where an applet that finishes at once
/// leaves its output.
#[derive(Debug)]
pub struct Io<'a> {
    /// The input available on stdin (empty unless `stdin_from` is `Data`).
    pub stdin: &'a str,
    pub stdin_from: Source,
    pub stdout_to: Dest,
    pub stderr_to: Dest,
    /// The working directory (absolute).
    pub cwd: &'a str,
    /// What the command wrote to stdout; the shell routes it to `stdout_to`.
    pub stdout: String,
    /// What the command wrote to stderr; the shell routes it to `stderr_to`.
    pub stderr: String,
}

/// How a command started by `Host::run` went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// It finished at once with this status, its output in `Io`.
    Done(i32),
    /// It keeps running as this process; the shell waits for it (foreground) or not.
    Started(ChildPid),
    /// No such program: the shell prints `sh: NAME: not found` and sets 127.
    NotFound,
    /// Found but not executable: `sh: NAME: Permission denied`, 126.
    NotExecutable,
}

/// Whether a program exists, for `exec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found,
    NotFound,
    NotExecutable,
}

/// The state of a child for `wait`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildState {
    Running,
    Exited(i32),
    /// Not a child of this shell (or already reaped).
    Unknown,
}

/// What a path is, for `test -f/-d/-e` and `cd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    Other,
}

/// An errno the host reports; `strerror` gives glibc/musl's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Errno {
    /// ENOENT
    NoEntry,
    /// ENOTDIR
    NotDir,
    /// EISDIR
    IsDir,
    /// EACCES
    Access,
    /// EPERM
    NotPermitted,
    /// ESRCH
    NoSuchProcess,
    /// EROFS
    ReadOnly,
    /// Any other errno, with its text.
    Other(String),
}

impl Errno {
    pub fn strerror(&self) -> &str {
        match self {
            Errno::NoEntry => "No such file or directory",
            Errno::NotDir => "Not a directory",
            Errno::IsDir => "Is a directory",
            Errno::Access => "Permission denied",
            Errno::NotPermitted => "Operation not permitted",
            Errno::NoSuchProcess => "No such process",
            Errno::ReadOnly => "Read-only file system",
            Errno::Other(s) => s,
        }
    }

    /// shell/ash.c `errmsg`: ENOENT and ENOTDIR get the caller's own text.
    pub fn ash_text<'a>(&'a self, for_missing: &'a str) -> &'a str {
        match self {
            Errno::NoEntry | Errno::NotDir => for_missing,
            other => other.strerror(),
        }
    }
}

/// The process image that replaces the shell (`exec prog`, or ash's exec of the last
/// command of a `sh -c` script).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecImage {
    pub argv: Vec<String>,
    /// Shared with the shell's own exported variables while neither changes.
    pub env: std::sync::Arc<Env>,
    pub cwd: String,
    pub stdin_from: Source,
    pub stdout_to: Dest,
    pub stderr_to: Dest,
}

/// The world as the shell sees it.
pub trait Host {
    /// Runs one program (argv already expanded; `io` says where its streams go). An applet
    /// that finishes at once writes into `io.stdout`/`io.stderr` and returns `Done`; a
    /// program that keeps running returns `Started` and the shell waits for it unless
    /// `background`.
    fn run(&mut self, argv: &[String], env: &Env, io: &mut Io<'_>, background: bool) -> Run;

    /// Creates a child process running a forked copy of this shell (`( … )`, `{ …; } &`,
    /// a builtin with `&`). The host keeps `child`, calls `child.run` when it is scheduled
    /// and returns its pid; the parent waits for it unless `background`.
    fn fork(&mut self, child: Shell, background: bool) -> ChildPid;

    /// Writes the shell's own output (a builtin's, or an error message) to the shell
    /// process's inherited descriptor `fd` (1 or 2).
    fn output(&mut self, fd: u32, data: &str);

    /// Creates (`append` = false: truncates) or appends to a file.
    fn write_file(&mut self, path: &str, data: &str, append: bool) -> Result<(), Errno>;

    fn read_file(&mut self, path: &str) -> Result<String, Errno>;

    fn stat(&mut self, path: &str) -> Option<FileKind>;

    /// The names in directory `path` (without `.` and `..`), for pathname expansion;
    /// `None` when it cannot be read. A host that lists nothing gets no globbing.
    fn list_dir(&mut self, _path: &str) -> Option<Vec<String>> {
        None
    }

    /// The `kill` builtin.
    fn kill(&mut self, pid: i32, signal: i32) -> Result<(), Errno>;

    /// For `wait`: whether a child is still running.
    fn child_state(&mut self, pid: ChildPid) -> ChildState;

    /// The shell process's pid, for `$$`.
    fn pid(&mut self) -> i32;

    /// Whether `argv0` names a runnable program, checked before the shell replaces itself
    /// with it (`exec`). Defaults to found.
    fn lookup(&mut self, _argv0: &str, _env: &Env) -> Lookup {
        Lookup::Found
    }

    /// One line of the shell process's own stdin for `read` (without the newline), or
    /// `None` at end of input. Containers without `stdin: true` have none.
    fn read_line(&mut self) -> Option<String> {
        None
    }
}
