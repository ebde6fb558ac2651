//! User intents as data: the commands a scenario line, a CLI flag or a UI button becomes, their
//! text form (the scenario format's actions), and what carrying one out prints.
//!
//! How the world carries each one out lives with the rule it follows (`kubelet`, `exec`).

use std::fmt;
use std::str::FromStr;

use crate::model::ids::ContainerName;
pub use crate::model::refs::{ContainerRef, PodRef, parse_container_ref, parse_pod_ref};
use crate::model::signal::Signal;
use crate::sim::outcome::CommandError;

/// Something the user does to the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `kill POD/CONTAINER [--signal SIG]`: signal the container's main process (SIGKILL
    /// unless another signal is given), as `kill -SIG <pid>` on the node would.
    Kill {
        target: ContainerRef,
        signal: Signal,
    },
    /// `kill-sandbox POD`: SIGKILL the pod's pause (infra) process.
    KillSandbox { pod: PodRef },
    /// `exec POD/CONTAINER -- LINE`: run a shell line in the container, as
    /// `kubectl exec POD -c CONTAINER -- sh -c LINE` does.
    Exec { target: ContainerRef, line: String },
    /// `exec -it POD/CONTAINER -- LINE`: a line typed into the container's interactive shell,
    /// as `kubectl exec -it POD -c CONTAINER -- sh` gives one: the first such line opens the
    /// session, later ones go to the same shell (working directory, variables, functions and
    /// background jobs persist) until `exit` ends it or the container stops; the next line
    /// then opens a new one. `exec -it POD/CONTAINER SHELL -- LINE` names the shell kubectl
    /// execs (`kubectl exec -it POD -- /bin/bash`: `sh`, `ash`, `dash` or `bash`, by name or
    /// path); it matters to the line that opens the session (what `ps` and the prompt show).
    Session {
        target: ContainerRef,
        shell: Option<String>,
        line: String,
    },
    /// `node [NAME] -- LINE`: run a command on a node (the first unless named): `kubectl`,
    /// `crictl`, `docker`, `ps`, `lsns`.
    Node { node: Option<String>, line: String },
    /// `node -it [NAME] -- LINE`: a line typed into the node's own shell session (a root
    /// login shell on the node): the first such line opens it, later ones go to the same
    /// shell (working directory, variables and functions persist) until `exit` ends it; the
    /// next line then opens a new one. Its programs are those of `node -- LINE`.
    NodeSession { node: Option<String>, line: String },
    /// `debug POD --image IMAGE [--target CONTAINER] [--name NAME]`: add an ephemeral debug
    /// container, as `kubectl debug POD --image=IMAGE --target=CONTAINER` does.
    Debug {
        pod: PodRef,
        image: String,
        target: Option<ContainerName>,
        name: Option<String>,
        /// After `--`: the debug container's command (none: the image's default).
        command: Vec<String>,
    },
    /// `delete POD [--grace-period N]`: delete the pod as `kubectl delete pod` does
    /// (graceful; a ReplicaSet replaces it).
    Delete { pod: PodRef, grace: Option<u64> },
    /// `apply FILE`: `kubectl apply -f FILE` of a manifest to the running world (new
    /// objects created, changed ones configured: a Deployment with a new template rolls
    /// out). In a scenario text the manifest may also follow inline as a heredoc
    /// (`apply <<EOF` … `EOF`).
    Apply(ApplySource),
}

/// Where an `apply` gets its manifest: a file named in the scenario (whose text the runner
/// reads and attaches, `Scenario::read_files`), or text written inline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplySource {
    /// The file's path as written, relative to the scenario; `None` for inline text.
    pub file: Option<String>,
    /// The manifest text, once read (always, for inline text).
    pub text: Option<String>,
}

impl ApplySource {
    /// A manifest written inline.
    pub fn inline(text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        ApplySource {
            file: None,
            text: Some(text),
        }
    }

    /// The heredoc delimiter for inline text: `EOF`, or `EOF1`, `EOF2`… if the text has a
    /// line that reads `EOF`.
    pub fn delimiter(&self) -> String {
        let text = self.text.as_deref().unwrap_or_default();
        let mut d = "EOF".to_owned();
        let mut n = 0;
        while text.lines().any(|l| l.trim() == d) {
            n += 1;
            d = format!("EOF{n}");
        }
        d
    }
}

const USAGE: &str = "expected `kill POD/CONTAINER [--signal SIG]`, `kill-sandbox POD`, \
                     `exec [-it] POD/CONTAINER -- LINE`, `node [-it] [NODE] -- LINE` or \
                     `delete POD [--grace-period N]`, `apply FILE`";

impl FromStr for Command {
    type Err = CommandError;

    /// Parses one action of the scenario format (without its `at TIME`).
    fn from_str(s: &str) -> Result<Self, CommandError> {
        let s = s.trim();
        // Everything after ` -- ` is the command line, verbatim; a line typed into a
        // session (`-it`) keeps its leading blanks, as a terminal sends them (a
        // here-document's indented YAML).
        let (head, line) = match s.split_once(" -- ") {
            Some((h, l)) if h.split_whitespace().any(|w| w == "-it" || w == "-ti") => {
                (h, Some(l.trim_end()))
            }
            Some((h, l)) => (h, Some(l.trim())),
            None => (s.strip_suffix(" --").unwrap_or(s), None),
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        match (words.as_slice(), line) {
            (["kill", target, rest @ ..], None) => {
                let signal = match rest {
                    [] => Signal::KILL,
                    ["--signal" | "-s", sig] => sig.parse().map_err(CommandError::Parse)?,
                    [flag] if flag.starts_with("--signal=") => {
                        flag.trim_start_matches("--signal=").parse().map_err(CommandError::Parse)?
                    }
                    _ => return Err(CommandError::Parse(format!("bad kill options: {USAGE}"))),
                };
                Ok(Command::Kill {
                    target: parse_container_ref(target).map_err(CommandError::Parse)?,
                    signal,
                })
            }
            (["kill-sandbox", pod], None) => Ok(Command::KillSandbox {
                pod: parse_pod_ref(pod).map_err(CommandError::Parse)?,
            }),
            (["debug", pod, rest @ ..], line) => {
                let command: Vec<String> = line
                    .into_iter()
                    .flat_map(str::split_whitespace)
                    .map(str::to_owned)
                    .collect();
                parse_debug(pod, rest, command)
            }
            (["apply", file], None) if !file.starts_with("<<") => {
                Ok(Command::Apply(ApplySource {
                    file: Some((*file).to_owned()),
                    text: None,
                }))
            }
            (["apply", ..], None) => Err(CommandError::Parse(
                "apply takes one file (`apply v2.yaml`), or a manifest inline in a scenario (`apply <<EOF`)"
                    .to_owned(),
            )),
            (["delete", pod, rest @ ..], None) => {
                let grace = match rest {
                    [] => None,
                    ["--grace-period", n] => Some(
                        n.parse()
                            .map_err(|_| CommandError::Parse(format!("bad grace period {n:?}")))?,
                    ),
                    _ => return Err(CommandError::Parse(format!("bad delete options: {USAGE}"))),
                };
                Ok(Command::Delete {
                    pod: parse_pod_ref(pod).map_err(CommandError::Parse)?,
                    grace,
                })
            }
            (["exec", target], Some(line)) if !line.is_empty() => Ok(Command::Exec {
                target: parse_container_ref(target).map_err(CommandError::Parse)?,
                line: line.to_owned(),
            }),
            (["exec", "-it" | "-ti", target], Some(line)) if !line.is_empty() => {
                Ok(Command::Session {
                    target: parse_container_ref(target).map_err(CommandError::Parse)?,
                    shell: None,
                    line: line.to_owned(),
                })
            }
            (["exec", "-it" | "-ti", target, shell], Some(line)) if !line.is_empty() => {
                if !is_session_shell(shell) {
                    return Err(CommandError::Parse(format!(
                        "a session runs a shell (sh, ash, dash or bash, by name or path), not {shell:?}"
                    )));
                }
                Ok(Command::Session {
                    target: parse_container_ref(target).map_err(CommandError::Parse)?,
                    shell: Some((*shell).to_owned()),
                    line: line.to_owned(),
                })
            }
            (["node", "-it" | "-ti"], Some(line)) if !line.is_empty() => {
                Ok(Command::NodeSession {
                    node: None,
                    line: line.to_owned(),
                })
            }
            (["node", "-it" | "-ti", name], Some(line)) if !line.is_empty() => {
                Ok(Command::NodeSession {
                    node: Some((*name).to_owned()),
                    line: line.to_owned(),
                })
            }
            (["node", flag, ..], _) if flag.starts_with('-') => Err(CommandError::Parse(format!(
                "bad node option {flag}: {USAGE}"
            ))),
            (["node"], Some(line)) if !line.is_empty() => Ok(Command::Node {
                node: None,
                line: line.to_owned(),
            }),
            (["node", name], Some(line)) if !line.is_empty() => Ok(Command::Node {
                node: Some((*name).to_owned()),
                line: line.to_owned(),
            }),
            ([], _) => Err(CommandError::Parse("empty command".to_owned())),
            ([verb, ..], _) => Err(CommandError::Parse(format!(
                "cannot read {verb:?} action: {USAGE}"
            ))),
        }
    }
}

/// Whether `program` names a shell a session can run (`sh`, `/bin/bash`, …).
fn is_session_shell(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(name, "sh" | "ash" | "dash" | "bash")
        && (!program.contains('/') || program.starts_with('/'))
}

/// `debug POD --image IMAGE [--target C] [--name NAME] [-- COMMAND…]` (`=` forms accepted).
fn parse_debug(pod: &str, rest: &[&str], command: Vec<String>) -> Result<Command, CommandError> {
    let (mut image, mut target, mut name) = (None, None, None);
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let (key, inline) = match flag.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (*flag, None),
        };
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .copied()
                .ok_or_else(|| CommandError::Parse(format!("{key} needs a value")))?,
        };
        if value.is_empty() || value.chars().any(char::is_whitespace) {
            return Err(CommandError::Parse(format!("bad value for {key}")));
        }
        match key {
            "--image" => image = Some(value.to_owned()),
            "--target" => target = Some(ContainerName(value.to_owned())),
            "--name" | "-c" | "--container" => name = Some(value.to_owned()),
            other => {
                return Err(CommandError::Parse(format!(
                    "unknown debug option {other}: expected --image, --target, --name"
                )));
            }
        }
    }
    let image = image.ok_or_else(|| {
        CommandError::Parse("debug needs --image IMAGE (kubectl debug --image=busybox)".into())
    })?;
    Ok(Command::Debug {
        pod: parse_pod_ref(pod).map_err(CommandError::Parse)?,
        image,
        target,
        name,
        command,
    })
}

impl fmt::Display for Command {
    /// The scenario format's text; parsing it gives the same command back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Kill { target, signal } if *signal == Signal::KILL => {
                write!(f, "kill {target}")
            }
            Command::Kill { target, signal } => write!(f, "kill {target} --signal {signal}"),
            Command::KillSandbox { pod } => write!(f, "kill-sandbox {pod}"),
            Command::Exec { target, line } => write!(f, "exec {target} -- {line}"),
            Command::Session {
                target,
                shell: None,
                line,
            } => write!(f, "exec -it {target} -- {line}"),
            Command::Session {
                target,
                shell: Some(shell),
                line,
            } => write!(f, "exec -it {target} {shell} -- {line}"),
            Command::Node { node: None, line } => write!(f, "node -- {line}"),
            Command::Node {
                node: Some(name),
                line,
            } => write!(f, "node {name} -- {line}"),
            Command::NodeSession { node: None, line } => write!(f, "node -it -- {line}"),
            Command::NodeSession {
                node: Some(name),
                line,
            } => write!(f, "node -it {name} -- {line}"),
            Command::Debug {
                pod,
                image,
                target,
                name,
                command,
            } => {
                write!(f, "debug {pod} --image {image}")?;
                if let Some(t) = target {
                    write!(f, " --target {t}")?;
                }
                if let Some(n) = name {
                    write!(f, " --name {n}")?;
                }
                if !command.is_empty() {
                    write!(f, " -- {}", command.join(" "))?;
                }
                Ok(())
            }
            Command::Delete { pod, grace: None } => write!(f, "delete {pod}"),
            Command::Delete {
                pod,
                grace: Some(g),
            } => write!(f, "delete {pod} --grace-period {g}"),
            Command::Apply(ApplySource {
                file: Some(file), ..
            }) => write!(f, "apply {file}"),
            Command::Apply(source) => {
                let d = source.delimiter();
                let text = source.text.as_deref().unwrap_or_default();
                write!(f, "apply <<{d}\n{text}{d}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn round_trip(s: &str) -> String {
        s.parse::<Command>().unwrap().to_string()
    }

    #[test]
    fn parses_and_prints_every_action() {
        assert_eq!(round_trip("kill demo/nginx"), "kill demo/nginx");
        assert_eq!(round_trip("kill  web/demo/nginx "), "kill web/demo/nginx");
        assert_eq!(
            round_trip("kill demo/nginx --signal SIGTERM"),
            "kill demo/nginx --signal TERM"
        );
        assert_eq!(round_trip("kill demo/nginx -s 9"), "kill demo/nginx");
        assert_eq!(round_trip("kill-sandbox demo"), "kill-sandbox demo");
        assert_eq!(
            round_trip("exec demo/busybox -- wget -q -S -O /dev/null localhost"),
            "exec demo/busybox -- wget -q -S -O /dev/null localhost"
        );
        assert_eq!(
            round_trip("exec deployment/web/nginx -- ls -- /"),
            "exec deployment/web/nginx -- ls -- /"
        );
        // A session line keeps its leading blanks (a here-document's indentation).
        assert_eq!(
            round_trip("exec -it demo/busybox --  cd /etc "),
            "exec -it demo/busybox --  cd /etc"
        );
        assert_eq!(
            round_trip("exec -ti web/demo/nginx -- X=5; echo $X"),
            "exec -it web/demo/nginx -- X=5; echo $X"
        );
        assert_eq!(
            "exec -it demo/nginx -- pwd".parse::<Command>().unwrap(),
            Command::Session {
                target: parse_container_ref("demo/nginx").unwrap(),
                shell: None,
                line: "pwd".to_owned()
            }
        );
        assert_eq!(
            round_trip("exec -it redis/redis /bin/bash -- cd /data"),
            "exec -it redis/redis /bin/bash -- cd /data"
        );
        assert!(
            "exec -it redis/redis python -- print(1)"
                .parse::<Command>()
                .is_err()
        );
        assert_eq!(
            round_trip("node -- kubectl get pods -o wide"),
            "node -- kubectl get pods -o wide"
        );
        assert_eq!(
            round_trip("node  worker-2 --  crictl ps -a"),
            "node worker-2 -- crictl ps -a"
        );
        assert_eq!(round_trip("node -it --  cd /tmp "), "node -it --  cd /tmp");
        assert_eq!(round_trip("node --  ls "), "node -- ls");
        assert_eq!(
            round_trip("node -ti worker-2 -- X=5; echo $X"),
            "node -it worker-2 -- X=5; echo $X"
        );
        assert_eq!(
            "node -it -- pwd".parse::<Command>().unwrap(),
            Command::NodeSession {
                node: None,
                line: "pwd".to_owned()
            }
        );
        assert_eq!(
            "node worker-2 -- ps -ef".parse::<Command>().unwrap(),
            Command::Node {
                node: Some("worker-2".to_owned()),
                line: "ps -ef".to_owned()
            }
        );
        assert_eq!(
            "node -- ps -ef".parse::<Command>().unwrap(),
            Command::Node {
                node: None,
                line: "ps -ef".to_owned()
            }
        );
        assert_eq!(
            round_trip("debug demo --image=busybox --target=nginx"),
            "debug demo --image busybox --target nginx"
        );
        assert_eq!(
            round_trip("debug demo --image busybox:1.36 --name dbg"),
            "debug demo --image busybox:1.36 --name dbg"
        );
        assert_eq!(
            round_trip("debug demo --image busybox -- sleep 1d"),
            "debug demo --image busybox -- sleep 1d"
        );
        assert!("debug demo".parse::<Command>().is_err());
        assert!("debug demo --image".parse::<Command>().is_err());
        assert!("debug demo --image x --bogus y".parse::<Command>().is_err());
        assert_eq!(round_trip("delete demo"), "delete demo");
        assert_eq!(round_trip("delete web/demo"), "delete web/demo");
        assert_eq!(
            round_trip("delete deploy/web --grace-period 5"),
            "delete deployment/web --grace-period 5"
        );
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        for bad in [
            "kill demo",
            "stop demo/x",
            "kill /x",
            "kill demo/",
            "kill demo/x --signal NOPE",
            "kill demo/x --signal 99",
            "exec demo/x",
            "exec demo/x --",
            "exec -it demo/x --",
            "exec -it demo/x",
            "exec -i demo/x -- ls",
            "exec -it -- ls",
            "node --",
            "node a --",
            "node a b -- ps",
            "node -it --",
            "node -it",
            "node -i -- ls",
            "node -it a b -- ls",
            "kill-sandbox a/b/c",
            "delete",
            "delete demo --grace-period x",
            "delete demo --force",
            "",
        ] {
            assert!(bad.parse::<Command>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn signals_have_names_numbers_and_exit_codes() {
        assert_eq!("term".parse::<Signal>().unwrap(), Signal::TERM);
        assert_eq!(Signal::KILL.exit_code(), 137);
        assert_eq!(Signal::TERM.exit_code(), 143);
        assert_eq!(Signal(40).name(), "40");
    }
}
