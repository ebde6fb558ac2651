//! POSIX signals by their Linux numbers and names: what `kill`, a runtime's stop and the
//! kernel deliver to a process.

use std::fmt;
use std::str::FromStr;

/// A POSIX signal, by its Linux number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signal(pub i32);

impl Signal {
    pub const HUP: Signal = Signal(1);
    pub const INT: Signal = Signal(2);
    pub const QUIT: Signal = Signal(3);
    pub const KILL: Signal = Signal(9);
    pub const USR1: Signal = Signal(10);
    pub const SEGV: Signal = Signal(11);
    pub const USR2: Signal = Signal(12);
    pub const PIPE: Signal = Signal(13);
    pub const ALRM: Signal = Signal(14);
    pub const TERM: Signal = Signal(15);
    pub const CHLD: Signal = Signal(17);
    pub const CONT: Signal = Signal(18);
    pub const STOP: Signal = Signal(19);
    pub const WINCH: Signal = Signal(28);

    /// Linux x86-64 signal names (include/uapi/asm-generic/signal.h), without `SIG`.
    const NAMES: [(&'static str, i32); 14] = [
        ("HUP", 1),
        ("INT", 2),
        ("QUIT", 3),
        ("KILL", 9),
        ("USR1", 10),
        ("SEGV", 11),
        ("USR2", 12),
        ("PIPE", 13),
        ("ALRM", 14),
        ("TERM", 15),
        ("CHLD", 17),
        ("CONT", 18),
        ("STOP", 19),
        ("WINCH", 28),
    ];

    /// The name without `SIG` (`KILL`), or the number for signals without a name here.
    pub fn name(self) -> String {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == self.0)
            .map_or_else(|| self.0.to_string(), |(s, _)| (*s).to_owned())
    }

    /// The exit status a process killed by this signal reports: 128 + the signal number
    /// (SIGKILL → 137, SIGTERM → 143), as shells and the runtimes' shims report it.
    pub fn exit_code(self) -> i32 {
        128 + self.0
    }
}

impl FromStr for Signal {
    type Err = String;

    /// `KILL`, `SIGKILL`, `kill` or `9`.
    fn from_str(s: &str) -> Result<Self, String> {
        if let Ok(n) = s.parse::<i32>() {
            return if (1..=64).contains(&n) {
                Ok(Signal(n))
            } else {
                Err(format!("invalid signal number {n}"))
            };
        }
        let upper = s.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Self::NAMES
            .iter()
            .find(|(name, _)| *name == bare)
            .map(|(_, n)| Signal(*n))
            .ok_or_else(|| format!("unknown signal {s:?}"))
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}
