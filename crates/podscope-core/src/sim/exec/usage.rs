//! Bad command lines of the applets that parse their own options (`df`, `du`): getopt's
//! messages, then busybox's usage (`bb_show_usage`) or coreutils' `Try 'X --help'` hint.

use super::Applet;
use podscope_shell::Io;

/// Why an applet's options were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OptError {
    /// The tool itself refuses them: this message, then the usage or the hint.
    Bad(String),
    /// The tool accepts them but podscope does not model what they do.
    NotSimulated(&'static str),
}

impl From<String> for OptError {
    fn from(msg: String) -> Self {
        OptError::Bad(msg)
    }
}

/// One word of a command line as getopt sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arg<'a> {
    /// `--name` or `--name=value`.
    Long(&'a str, Option<&'a str>),
    /// One letter of `-abc`.
    Short(char),
    Operand(&'a str),
}

/// getopt over `args`: clustered short options (`-sh`), an option's argument joined or
/// next (`-d1`, `-d 1`), long options, `--` ending the options.
pub(crate) struct Getopt<'a, 'b> {
    name: &'static str,
    args: std::slice::Iter<'b, &'a str>,
    /// The rest of a cluster of short options.
    cluster: &'a str,
    operands_only: bool,
}

impl<'a, 'b> Getopt<'a, 'b> {
    pub(crate) fn new(name: &'static str, args: &'b [&'a str]) -> Self {
        Getopt {
            name,
            args: args.iter(),
            cluster: "",
            operands_only: false,
        }
    }

    /// The next word, or `None` at the end.
    pub(crate) fn next_arg(&mut self) -> Option<Arg<'a>> {
        if let Some(ch) = self.cluster.chars().next() {
            self.cluster = self.cluster.get(ch.len_utf8()..).unwrap_or("");
            return Some(Arg::Short(ch));
        }
        let a: &'a str = self.args.next()?;
        if self.operands_only {
            return Some(Arg::Operand(a));
        }
        if a == "--" {
            self.operands_only = true;
            return self.next_arg();
        }
        if let Some(long) = a.strip_prefix("--") {
            return Some(match long.split_once('=') {
                Some((n, v)) => Arg::Long(n, Some(v)),
                None => Arg::Long(long, None),
            });
        }
        match a.strip_prefix('-').filter(|f| !f.is_empty()) {
            Some(flags) => {
                self.cluster = flags;
                self.next_arg()
            }
            None => Some(Arg::Operand(a)),
        }
    }

    /// The argument of short option `ch`: the rest of its cluster, else the next word.
    pub(crate) fn value(&mut self, ch: char) -> Result<&'a str, OptError> {
        if !self.cluster.is_empty() {
            return Ok(std::mem::take(&mut self.cluster));
        }
        self.args.next().copied().ok_or_else(|| {
            OptError::Bad(format!(
                "{}: option requires an argument -- '{ch}'\n",
                self.name
            ))
        })
    }

    /// The argument of long option `name`: its `=value`, else the next word.
    pub(crate) fn long_value(
        &mut self,
        name: &str,
        value: Option<&'a str>,
    ) -> Result<&'a str, OptError> {
        value.or_else(|| self.args.next().copied()).ok_or_else(|| {
            OptError::Bad(format!(
                "{}: option '--{name}' requires an argument\n",
                self.name
            ))
        })
    }

    pub(crate) fn invalid(&self, ch: char) -> OptError {
        OptError::Bad(format!("{}: invalid option -- '{ch}'\n", self.name))
    }

    pub(crate) fn unrecognized(&self, name: &str) -> OptError {
        OptError::Bad(format!("{}: unrecognized option '--{name}'\n", self.name))
    }
}

/// Reports `err` as tool `name` does, with busybox's `usage` text; status 1.
pub(crate) fn report(
    io: &mut Io<'_>,
    err: &OptError,
    name: &str,
    busybox: bool,
    usage: &str,
) -> Applet {
    match err {
        OptError::NotSimulated(flag) => {
            io.stderr
                .push_str(&format!("{name}: {flag} is not simulated by podscope\n"));
        }
        OptError::Bad(msg) => {
            io.stderr.push_str(msg);
            if busybox {
                io.stderr
                    .push_str("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\n");
                io.stderr.push_str(usage);
            } else {
                io.stderr
                    .push_str(&format!("Try '{name} --help' for more information.\n"));
            }
        }
    }
    Applet::Done(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn getopt_splits_clusters_values_and_long_options() {
        let args = [
            "-sh",
            "-d1",
            "-t",
            "tmpfs",
            "--max-depth=2",
            "x",
            "--",
            "-a",
        ];
        let mut g = Getopt::new("du", &args);
        let mut seen = Vec::new();
        while let Some(a) = g.next_arg() {
            match a {
                Arg::Short(c @ ('d' | 't')) => {
                    seen.push(format!("{c}={}", g.value(c).expect("value")))
                }
                other => seen.push(format!("{other:?}")),
            }
        }
        assert_eq!(
            seen,
            [
                "Short('s')",
                "Short('h')",
                "d=1",
                "t=tmpfs",
                "Long(\"max-depth\", Some(\"2\"))",
                "Operand(\"x\")",
                "Operand(\"-a\")"
            ]
        );
        let args = ["-t"];
        let mut g = Getopt::new("df", &args);
        assert_eq!(g.next_arg(), Some(Arg::Short('t')));
        assert_eq!(
            g.value('t'),
            Err(OptError::Bad(
                "df: option requires an argument -- 't'\n".to_owned()
            ))
        );
    }
}
