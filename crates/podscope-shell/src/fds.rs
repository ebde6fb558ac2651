//! The shell's descriptors and buffers: where fds 0–9 point, writing and reading through
//! them, the snapshots a subshell restores, and dropping buffers nothing refers to.

use podscope_collections::Map;

use super::host::{Dest, Host, Source};
use super::interp::{Frame, MAX_BUFFER_BYTES, Saved, Shell};

/// Where a descriptor of the shell points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Route {
    Inherit(u32),
    Null,
    File(String),
    /// A buffer the shell holds (pipe, command substitution, file contents, here-document).
    Buf(u32),
    Closed,
}

/// The descriptors 0–9.
pub(super) type Fds = Map<u32, Route>;

pub(super) fn default_fds() -> Fds {
    (0..3).map(|fd| (fd, Route::Inherit(fd))).collect()
}

/// A buffer and how much of it has been read.
#[derive(Clone, Debug, Default)]
pub(super) struct Buf {
    pub data: String,
    pub pos: usize,
}

impl Shell {
    pub(super) fn new_buf(&mut self, data: String) -> u32 {
        let id = self.next_buf;
        self.next_buf = self.next_buf.wrapping_add(1);
        self.bufs.insert(id, Buf { data, pos: 0 });
        id
    }

    /// Writes to one of the shell's descriptors.
    pub(super) fn write_fd(&mut self, host: &mut dyn Host, fd: u32, data: &str) {
        if data.is_empty() {
            return;
        }
        match self.fds.get(&fd).cloned() {
            Some(Route::Inherit(n)) => host.output(n, data),
            Some(Route::File(path)) => {
                let _ = host.write_file(&path, data, true);
            }
            Some(Route::Buf(id)) => {
                if let Some(b) = self.bufs.get_mut(&id) {
                    let room = MAX_BUFFER_BYTES.saturating_sub(b.data.len());
                    let mut cut = data.len().min(room);
                    while !data.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    b.data.push_str(data.get(..cut).unwrap_or_default());
                }
            }
            Some(Route::Null | Route::Closed) | None => {}
        }
    }

    /// Everything left on stdin (consumed).
    pub(super) fn take_stdin(&mut self) -> String {
        if let Some(Route::Buf(id)) = self.fds.get(&0)
            && let Some(b) = self.bufs.get_mut(id)
        {
            let rest = b.data.get(b.pos..).unwrap_or_default().to_string();
            b.pos = b.data.len();
            return rest;
        }
        String::new()
    }

    /// One line from stdin for `read` (without the newline); `None` at end of input.
    pub(super) fn read_stdin_line(&mut self, host: &mut dyn Host) -> Option<(String, bool)> {
        match self.fds.get(&0) {
            Some(Route::Buf(id)) => {
                let b = self.bufs.get_mut(id)?;
                let rest = b.data.get(b.pos..)?;
                if rest.is_empty() {
                    return None;
                }
                match rest.find('\n') {
                    Some(i) => {
                        let line = rest.get(..i).unwrap_or_default().to_string();
                        b.pos += i + 1;
                        Some((line, true))
                    }
                    None => {
                        let line = rest.to_string();
                        b.pos = b.data.len();
                        Some((line, false))
                    }
                }
            }
            Some(Route::Inherit(0)) => host.read_line().map(|l| (l, true)),
            _ => None,
        }
    }

    pub(super) fn dest(&self, fd: u32) -> Dest {
        match self.fds.get(&fd) {
            Some(Route::Inherit(n)) => Dest::Inherit(*n),
            Some(Route::Null) => Dest::Null,
            Some(Route::File(p)) => Dest::File(p.clone()),
            Some(Route::Buf(_)) => Dest::Pipe,
            Some(Route::Closed) | None => Dest::Closed,
        }
    }

    pub(super) fn source(&self) -> Source {
        match self.fds.get(&0) {
            Some(Route::Inherit(_)) => Source::Inherit,
            Some(Route::Buf(_)) => Source::Data,
            _ => Source::Null,
        }
    }

    /// Whether output or input goes through the shell's own buffers: then a subshell must
    /// run in-process so that the shell can collect what it writes.
    pub(super) fn uses_buffers(&self) -> bool {
        self.fds.values().any(|r| matches!(r, Route::Buf(_)))
    }

    pub(super) fn saved(&self) -> Box<Saved> {
        Box::new(Saved {
            vars: self.vars.clone(),
            args: self.args.clone(),
            cwd: self.cwd.clone(),
            funcs: self.funcs.clone(),
            fds: self.fds.clone(),
        })
    }

    pub(super) fn restore(&mut self, saved: Saved) {
        self.vars = saved.vars;
        self.args = saved.args;
        self.cwd = saved.cwd;
        self.funcs = saved.funcs;
        self.set_fds(saved.fds);
    }

    /// Replaces the descriptors and drops buffers nothing refers to any more.
    pub(super) fn set_fds(&mut self, fds: Fds) {
        self.fds = fds;
        self.gc_bufs();
    }

    pub(super) fn gc_bufs(&mut self) {
        if self.bufs.is_empty() {
            return;
        }
        fn mark(live: &mut podscope_collections::Set<u32>, fds: &Fds) {
            for r in fds.values() {
                if let Route::Buf(id) = r {
                    live.insert(*id);
                }
            }
        }
        let mut live = podscope_collections::Set::new();
        mark(&mut live, &self.fds);
        for f in &self.stack {
            match f {
                Frame::RestoreFds(fds) => mark(&mut live, fds),
                Frame::Subshell(s) => mark(&mut live, &s.fds),
                Frame::Capture { buf, saved } => {
                    live.insert(*buf);
                    mark(&mut live, &saved.fds);
                }
                Frame::Pipeline {
                    prev, cur, outer, ..
                } => {
                    live.extend(prev.iter().copied());
                    live.extend(cur.iter().copied());
                    mark(&mut live, outer);
                }
                _ => {}
            }
        }
        self.bufs.retain(|id, _| live.contains(id));
    }
}
