//! Running one probe or hook handler (exec, httpGet, tcpSocket, grpc) against a container,
//! with the outputs the kubelet's probers report.
//!
//! Models pkg/probe/exec (`Probe`: exit 0 succeeds, else the command's output), pkg/probe/http
//! (`DoHTTPProbe`: 200–399 succeed, else "HTTP probe failed with statuscode: N"; a dial error
//! is the Go client's error text), pkg/probe/tcp (`DoTCPProbe`: the dial error), pkg/probe/grpc
//! (`Probe`: "timeout: failed to connect service …"), and the CRI exec error containerd returns
//! for a missing binary.

use std::net::Ipv4Addr;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::ids::{PodId, RuntimeId};
use crate::sim::exec::ExecLine;
use crate::sim::world::{ContainerState, Slot, World};
use podscope_shell::VarTable;

/// The User-Agent the kubelet's HTTP prober sends (pkg/probe/http `NewRequestForHTTPGetAction`:
/// `kube-probe/<major>.<minor>`).
pub const PROBE_USER_AGENT: &str = "kube-probe/1.35";

/// A port as a probe names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRef {
    Number(i32),
    Name(String),
}

impl PortRef {
    fn from_api(p: &IntOrString) -> Self {
        match p {
            IntOrString::Int(n) => PortRef::Number(*n),
            IntOrString::String(s) => match s.parse() {
                Ok(n) => PortRef::Number(n),
                Err(_) => PortRef::Name(s.clone()),
            },
        }
    }
}

/// What a probe or hook does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handler {
    Exec(Vec<String>),
    HttpGet {
        host: Option<String>,
        port: PortRef,
        path: String,
    },
    TcpSocket {
        host: Option<String>,
        port: PortRef,
    },
    Grpc {
        port: i32,
    },
    /// A lifecycle `sleep` action (or nothing the model knows): always succeeds.
    Nothing,
}

impl Handler {
    pub fn from_probe(p: &api::Probe) -> Self {
        if let Some(e) = &p.exec {
            return Handler::Exec(e.command.clone().unwrap_or_default());
        }
        if let Some(h) = &p.http_get {
            return http(h);
        }
        if let Some(t) = &p.tcp_socket {
            return Handler::TcpSocket {
                host: t.host.clone(),
                port: PortRef::from_api(&t.port),
            };
        }
        if let Some(g) = &p.grpc {
            return Handler::Grpc { port: g.port };
        }
        Handler::Nothing
    }

    pub fn from_lifecycle(h: &api::LifecycleHandler) -> Self {
        if let Some(e) = &h.exec {
            return Handler::Exec(e.command.clone().unwrap_or_default());
        }
        if let Some(g) = &h.http_get {
            return http(g);
        }
        if let Some(t) = &h.tcp_socket {
            return Handler::TcpSocket {
                host: t.host.clone(),
                port: PortRef::from_api(&t.port),
            };
        }
        Handler::Nothing
    }
}

fn http(h: &api::HTTPGetAction) -> Handler {
    let path = h.path.clone().unwrap_or_default();
    Handler::HttpGet {
        host: h.host.clone(),
        port: PortRef::from_api(&h.port),
        // pkg/probe/http `formatURL`: an empty path is `/`.
        path: if path.is_empty() {
            "/".to_owned()
        } else {
            path
        },
    }
}

/// How a handler went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Success,
    /// Failed, with the prober's output (the event's text after "probe failed: ").
    Failure(String),
    /// The prober could not run it (`probe errored`), with the error's text.
    Error(String),
}

/// The shell line an exec handler's argv runs as (`None` for an empty argv). The argv runs as
/// written (no shell of the kubelet's): `sh -c SCRIPT` is the model's shell running SCRIPT;
/// anything else is each word single-quoted for the shell, which then execs the program.
pub(crate) fn exec_line(argv: &[String]) -> Option<String> {
    let argv0 = argv.first()?;
    let shell = argv0
        .rsplit('/')
        .next()
        .is_some_and(|b| matches!(b, "sh" | "ash" | "bash" | "dash"));
    Some(match argv {
        [_, c, script, ..] if shell && c == "-c" => script.clone(),
        _ => argv
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" "),
    })
}

impl World {
    /// Runs `handler` against container `slot` of pod `p` from the node, as the kubelet's
    /// prober does.
    pub(crate) fn run_handler(
        &mut self,
        p: PodId,
        slot: Slot,
        handler: &Handler,
        timeout_secs: u64,
    ) -> Outcome {
        self.run_handler_with(p, slot, handler, timeout_secs, None)
    }

    /// `run_handler`, with an exec handler's line already parsed and the container's
    /// environment already built (a probe worker keeps both across its ticks).
    pub(crate) fn run_handler_with(
        &mut self,
        p: PodId,
        slot: Slot,
        handler: &Handler,
        timeout_secs: u64,
        prepared: Option<(&ExecLine, &VarTable)>,
    ) -> Outcome {
        match handler {
            Handler::Nothing => Outcome::Success,
            Handler::Exec(argv) => self.exec_handler(p, slot, argv, prepared),
            Handler::HttpGet { host, port, path } => {
                let (ip, port) = match self.target(p, slot, host.as_deref(), port) {
                    Ok(t) => t,
                    Err(e) => return Outcome::Error(e),
                };
                // Only failures quote the URL: it is built for them alone.
                let url = || format!("http://{ip}:{port}{path}");
                let Some(pid) = self.listener_at(p, ip, port) else {
                    return Outcome::Failure(format!(
                        "Get \"{}\": dial tcp {ip}:{port}: connect: connection refused",
                        url()
                    ));
                };
                let client = self.probe_client(p);
                match crate::sim::exec::http_status(self, pid, path, client, PROBE_USER_AGENT) {
                    Some(code) if (200..400).contains(&code) => Outcome::Success,
                    Some(code) => {
                        Outcome::Failure(format!("HTTP probe failed with statuscode: {code}"))
                    }
                    // A server that speaks no HTTP the model knows closes the connection.
                    None => Outcome::Failure(format!("Get \"{}\": EOF", url())),
                }
            }
            Handler::TcpSocket { host, port } => {
                let (ip, port) = match self.target(p, slot, host.as_deref(), port) {
                    Ok(t) => t,
                    Err(e) => return Outcome::Error(e),
                };
                match self.listener_at(p, ip, port) {
                    Some(_) => Outcome::Success,
                    None => Outcome::Failure(format!(
                        "dial tcp {ip}:{port}: connect: connection refused"
                    )),
                }
            }
            Handler::Grpc { port } => {
                let ip = self.pod_ip(p);
                // No image in the catalog serves grpc.health.v1.Health: the blocking dial
                // runs into the probe's timeout whether or not something listens.
                Outcome::Failure(format!(
                    "timeout: failed to connect service \"{ip}:{port}\" within {timeout_secs}s: context deadline exceeded"
                ))
            }
        }
    }

    /// An exec probe or hook: the runtime's ExecSync of `argv` in the container. A missing
    /// binary is the runtime's error (containerd's "failed to exec in container" wrapping
    /// runc's "executable file not found in $PATH").
    fn exec_handler(
        &mut self,
        p: PodId,
        slot: Slot,
        argv: &[String],
        prepared: Option<(&ExecLine, &VarTable)>,
    ) -> Outcome {
        match self.exec_sync(p, slot, argv, prepared) {
            Ok((0, _)) => Outcome::Success,
            Ok((_, output)) => Outcome::Failure(output),
            Err(e) => Outcome::Error(e),
        }
    }

    /// The CRI's ExecSync: the exit status and combined output, or the runtime's error.
    pub(super) fn exec_sync(
        &mut self,
        p: PodId,
        slot: Slot,
        argv: &[String],
        prepared: Option<(&ExecLine, &VarTable)>,
    ) -> Result<(i32, String), String> {
        let Some(argv0) = argv.first() else {
            return Err("rpc error: code = Unknown desc = failed to exec in container: command must not be empty".to_owned());
        };
        let running = self
            .pods
            .get(p)
            .and_then(|pod| pod.container(slot))
            .is_some_and(|c| matches!(c.state, ContainerState::Running { .. }));
        if !running {
            return Err(
                "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state".to_owned(),
            );
        }
        if !self.has_program(p, slot, argv0) {
            let exec_id = RuntimeId::generate(&mut self.rng);
            let why = if argv0.contains('/') {
                format!("stat {argv0}: no such file or directory")
            } else {
                "executable file not found in $PATH".to_owned()
            };
            return Err(format!(
                "rpc error: code = Unknown desc = failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{argv0}\": {why}: unknown"
            ));
        }
        let out = match prepared {
            Some((line, vars)) => self.exec_line(p, slot, line, Some(vars)),
            None => self.exec_in(p, slot, &exec_line(argv).unwrap_or_default()),
        };
        out.map(|out| (out.status, out.text))
            .map_err(|e| e.to_string())
    }

    /// The address a probe dials: its `host` or the pod's IP, and its port (a named port is
    /// looked up in the container's ports; an unknown name is prober.go's `Atoi` error).
    fn target(
        &self,
        p: PodId,
        slot: Slot,
        host: Option<&str>,
        port: &PortRef,
    ) -> Result<(Ipv4Addr, u16), String> {
        let port = match port {
            PortRef::Number(n) => *n,
            PortRef::Name(name) => self
                .pods
                .get(p)
                .and_then(|pod| super::api_container(pod, slot))
                .and_then(|c| {
                    c.ports
                        .iter()
                        .flatten()
                        .find(|cp| cp.name.as_deref() == Some(name.as_str()))
                })
                .map(|cp| cp.container_port)
                .ok_or_else(|| format!("strconv.Atoi: parsing \"{name}\": invalid syntax"))?,
        };
        let port = u16::try_from(port).map_err(|_| format!("invalid port number: {port}"))?;
        let ip = match host.map(str::parse::<Ipv4Addr>) {
            Some(Ok(ip)) => ip,
            _ => self.pod_ip(p),
        };
        Ok((ip, port))
    }

    fn pod_ip(&self, p: PodId) -> Ipv4Addr {
        self.pods
            .get(p)
            .and_then(|pod| pod.ip)
            .unwrap_or_else(|| self.node_ip_of(p))
    }

    /// The listener behind `ip:port`: the pod's own, or another pod's at that IP.
    fn listener_at(&self, p: PodId, ip: Ipv4Addr, port: u16) -> Option<crate::model::ids::Pid> {
        let target = if ip == self.pod_ip(p) {
            p
        } else {
            self.pods.iter().find(|(_, q)| q.ip == Some(ip))?.0
        };
        crate::sim::exec::pod_listener(self, target, port)
    }

    /// Where the kubelet's probes come from: the node's end of the pod network (the CNI
    /// bridge's gateway, `.1` of the node's pod CIDR), or the node's IP for a hostNetwork pod.
    fn probe_client(&self, p: PodId) -> Ipv4Addr {
        let pod = self.pods.get(p);
        match pod.and_then(|pod| pod.ip) {
            Some(ip) if !pod.is_some_and(|pod| pod.spec.ns.host_network) => {
                let [a, b, c, _] = ip.octets();
                Ipv4Addr::new(a, b, c, 1)
            }
            _ => self.node_ip_of(p),
        }
    }

    /// The IPv4 InternalIP of the node pod `p` runs on.
    fn node_ip_of(&self, p: PodId) -> Ipv4Addr {
        match self
            .pods
            .get(p)
            .and_then(|pod| self.node_of(pod))
            .map(|n| n.internal_ip)
        {
            Some(std::net::IpAddr::V4(ip)) => ip,
            _ => Ipv4Addr::UNSPECIFIED,
        }
    }
}
