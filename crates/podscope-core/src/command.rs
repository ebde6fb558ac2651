//! User intents as data: the commands a scenario line, a CLI flag or a UI button becomes, their
//! text form (the scenario format's actions), and what carrying one out prints.
//!
//! How the world carries each one out lives with the rule it follows (`kubelet`, `exec`).

use std::fmt;
use std::str::FromStr;

use crate::ids::{ContainerName, PodKey};

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
    /// `node [NAME] -- LINE`: run a command on a node (the first unless named): `kubectl`,
    /// `crictl`, `docker`, `ps`, `lsns`.
    Node { node: Option<String>, line: String },
    /// `debug POD --image IMAGE [--target CONTAINER] [--name NAME]`: add an ephemeral debug
    /// container, as `kubectl debug POD --image=IMAGE --target=CONTAINER` does.
    Debug {
        pod: PodRef,
        image: String,
        target: Option<ContainerName>,
        name: Option<String>,
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

/// Which pod a command means: a pod by name, or the first pod of a Deployment (as
/// `kubectl exec deploy/NAME` picks one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PodRef {
    Pod(PodKey),
    Deployment { namespace: String, name: String },
}

/// A container of a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRef {
    pub pod: PodRef,
    pub container: ContainerName,
}

impl ContainerRef {
    /// `POD/CONTAINER` in the default namespace.
    pub fn new(pod: &PodKey, container: &ContainerName) -> Self {
        ContainerRef {
            pod: PodRef::Pod(pod.clone()),
            container: container.clone(),
        }
    }
}

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
    type Err = CommandError;

    /// `KILL`, `SIGKILL`, `kill` or `9`.
    fn from_str(s: &str) -> Result<Self, CommandError> {
        if let Ok(n) = s.parse::<i32>() {
            return if (1..=64).contains(&n) {
                Ok(Signal(n))
            } else {
                Err(CommandError::Parse(format!("invalid signal number {n}")))
            };
        }
        let upper = s.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Self::NAMES
            .iter()
            .find(|(name, _)| *name == bare)
            .map(|(_, n)| Signal(*n))
            .ok_or_else(|| CommandError::Parse(format!("unknown signal {s:?}")))
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// What a command printed, as a terminal shows it (stdout and stderr in the order written),
/// and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub status: i32,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Self {
        Output {
            text: text.into(),
            status: 0,
        }
    }

    pub fn failed(text: impl Into<String>, status: i32) -> Self {
        Output {
            text: text.into(),
            status,
        }
    }
}

/// Why a command could not be carried out. Not finding something is an error, never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    Parse(String),
    NoSuchPod(PodKey),
    NoSuchDeployment {
        namespace: String,
        name: String,
    },
    NoSuchContainer(PodKey, ContainerName),
    NotRunning(PodKey, ContainerName),
    /// The pod has no sandbox to kill (not scheduled, finished, or no infra process).
    NoSandbox(PodKey, &'static str),
    /// `node NAME -- …` names no node of the cluster.
    NoSuchNode(String),
    /// `apply FILE` whose file was not read (the runner found no such file).
    NotRead(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Parse(m) => f.write_str(m),
            // kubectl's NotFound texts (`pods "x" not found`, `deployments.apps "x" not found`).
            CommandError::NoSuchPod(p) => write!(f, "pods \"{}\" not found", p.name),
            CommandError::NoSuchDeployment { name, .. } => {
                write!(f, "deployments.apps \"{name}\" not found")
            }
            // kubectl exec's text for a container the pod does not have.
            CommandError::NoSuchContainer(p, c) => {
                write!(f, "container {c} is not valid for pod {}", p.name)
            }
            CommandError::NotRunning(p, c) => {
                write!(f, "container {c} in pod {} is not running", p.name)
            }
            CommandError::NoSandbox(p, why) => {
                write!(f, "pod {} has no pause process to kill: {why}", p.name)
            }
            // The API server's NotFound text for a node (`kubectl get node x`).
            CommandError::NoSuchNode(n) => write!(f, "nodes \"{n}\" not found"),
            // kubectl's text for a file it cannot open.
            CommandError::NotRead(file) => {
                write!(f, "the path \"{file}\" does not exist")
            }
        }
    }
}

impl std::error::Error for CommandError {}

/// SIGKILL's exit status: 128 + 9.
pub const SIGKILL_EXIT: i32 = 137;

const USAGE: &str = "expected `kill POD/CONTAINER [--signal SIG]`, `kill-sandbox POD`, \
                     `exec POD/CONTAINER -- LINE`, `node [NODE] -- LINE` or \
                     `delete POD [--grace-period N]`, `apply FILE`";

impl FromStr for Command {
    type Err = CommandError;

    /// Parses one action of the scenario format (without its `at TIME`).
    fn from_str(s: &str) -> Result<Self, CommandError> {
        let s = s.trim();
        // Everything after ` -- ` is the command line, verbatim.
        let (head, line) = match s.split_once(" -- ") {
            Some((h, l)) => (h, Some(l.trim())),
            None => (s.strip_suffix(" --").unwrap_or(s), None),
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        match (words.as_slice(), line) {
            (["kill", target, rest @ ..], None) => {
                let signal = match rest {
                    [] => Signal::KILL,
                    ["--signal" | "-s", sig] => sig.parse()?,
                    [flag] if flag.starts_with("--signal=") => {
                        flag.trim_start_matches("--signal=").parse()?
                    }
                    _ => return Err(CommandError::Parse(format!("bad kill options: {USAGE}"))),
                };
                Ok(Command::Kill {
                    target: parse_container_ref(target)?,
                    signal,
                })
            }
            (["kill-sandbox", pod], None) => Ok(Command::KillSandbox {
                pod: parse_pod_ref(pod)?,
            }),
            (["debug", pod, rest @ ..], None) => parse_debug(pod, rest),
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
                    pod: parse_pod_ref(pod)?,
                    grace,
                })
            }
            (["exec", target], Some(line)) if !line.is_empty() => Ok(Command::Exec {
                target: parse_container_ref(target)?,
                line: line.to_owned(),
            }),
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

/// `debug POD --image IMAGE [--target C] [--name NAME]` (`=` forms accepted).
fn parse_debug(pod: &str, rest: &[&str]) -> Result<Command, CommandError> {
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
        pod: parse_pod_ref(pod)?,
        image,
        target,
        name,
    })
}

/// `deployment/NAME`, `deploy/NAME`, `POD` or `NAMESPACE/POD`.
pub fn parse_pod_ref(t: &str) -> Result<PodRef, CommandError> {
    let parts: Vec<&str> = t.split('/').collect();
    let bad = || {
        CommandError::Parse(format!(
            "bad pod {t:?}: expected POD, NAMESPACE/POD or deployment/NAME"
        ))
    };
    let r = match parts.as_slice() {
        ["deployment" | "deploy" | "deployments", name] => PodRef::Deployment {
            namespace: "default".to_owned(),
            name: (*name).to_owned(),
        },
        [pod] => PodRef::Pod(PodKey::new("default", pod)),
        [ns, pod] => PodRef::Pod(PodKey::new(ns, pod)),
        _ => return Err(bad()),
    };
    match &r {
        PodRef::Pod(k) if k.name.is_empty() || k.namespace.is_empty() => Err(bad()),
        PodRef::Deployment { name, .. } if name.is_empty() => Err(bad()),
        _ => Ok(r),
    }
}

/// `POD/CONTAINER`, `NAMESPACE/POD/CONTAINER` or `deployment/NAME/CONTAINER`.
pub fn parse_container_ref(t: &str) -> Result<ContainerRef, CommandError> {
    let bad = || {
        CommandError::Parse(format!(
            "bad target {t:?}: expected POD/CONTAINER, NAMESPACE/POD/CONTAINER or deployment/NAME/CONTAINER"
        ))
    };
    let (pod, container) = t.rsplit_once('/').ok_or_else(bad)?;
    if container.is_empty() {
        return Err(bad());
    }
    let pod = parse_pod_ref(pod).map_err(|_| bad())?;
    Ok(ContainerRef {
        pod,
        container: ContainerName(container.to_owned()),
    })
}

impl fmt::Display for PodRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PodRef::Pod(k) if k.namespace == "default" => f.write_str(&k.name),
            PodRef::Pod(k) => write!(f, "{}/{}", k.namespace, k.name),
            PodRef::Deployment { name, .. } => write!(f, "deployment/{name}"),
        }
    }
}

impl fmt::Display for ContainerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.pod, self.container)
    }
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
            Command::Node { node: None, line } => write!(f, "node -- {line}"),
            Command::Node {
                node: Some(name),
                line,
            } => write!(f, "node {name} -- {line}"),
            Command::Debug {
                pod,
                image,
                target,
                name,
            } => {
                write!(f, "debug {pod} --image {image}")?;
                if let Some(t) = target {
                    write!(f, " --target {t}")?;
                }
                if let Some(n) = name {
                    write!(f, " --name {n}")?;
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
        assert_eq!(
            round_trip("node -- kubectl get pods -o wide"),
            "node -- kubectl get pods -o wide"
        );
        assert_eq!(
            round_trip("node  worker-2 --  crictl ps -a"),
            "node worker-2 -- crictl ps -a"
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
            "node --",
            "node a --",
            "node a b -- ps",
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
