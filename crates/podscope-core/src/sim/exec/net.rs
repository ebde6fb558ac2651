//! The pod network from inside a container: `ip addr`, and `wget`/`curl` reaching a listener
//! in the same network namespace (localhost), another pod by IP, or a Service's ready
//! endpoints, with the simulated servers answering (nginx serves its html directory and logs
//! the request).

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::{Applet, Ctx};
use crate::model::cluster::{ClusterIp, TargetPort};
use crate::model::humanize;
use crate::model::ids::{Pid, PodId};
use crate::model::linux_ns::NsKind;
use crate::sim::image::ImageKind;
use crate::sim::node::Owner;
use crate::sim::process::Program;
use crate::sim::world::World;
use podscope_shell::Io;

use super::outside::{self, Site};

/// `ip addr` in the container's network namespace: loopback and the CNI veth, or the node's
/// interfaces with hostNetwork.
pub(crate) fn ip_addr(w: &World, ctx: Ctx) -> String {
    let Some(pod) = w.pods.get(ctx.pod) else {
        return String::new();
    };
    let mut out = String::from(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n",
    );
    let (ip, peer) = match (pod.spec.ns.host_network, pod.ip) {
        // The host end's index grows with every pod the node wired up, as a kernel's
        // `dev_new_index` never reuses a freed one soon: the pod's creation order stands in.
        (false, Some(ip)) => (ip, 4 + ctx.pod.get()),
        _ => (node_ip(w, ctx), 0),
    };
    let o = ip.octets();
    if peer == 0 {
        let _ = write!(
            out,
            "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq qlen 1000\n    link/ether 02:42:0a:00:00:0b brd ff:ff:ff:ff:ff:ff\n    inet {ip}/24 brd {}.{}.{}.255 scope global eth0\n       valid_lft forever preferred_lft forever\n",
            o[0], o[1], o[2]
        );
    } else {
        // The CNI bridge plugin derives the MAC from the IP (`0a:58:` + the address) and the
        // interface is one end of a veth pair whose host end has index `peer`.
        let _ = write!(
            out,
            "2: eth0@if{peer}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether 0a:58:{:02x}:{:02x}:{:02x}:{:02x} brd ff:ff:ff:ff:ff:ff\n    inet {ip}/24 brd {}.{}.{}.255 scope global eth0\n       valid_lft forever preferred_lft forever\n",
            o[0], o[1], o[2], o[3], o[0], o[1], o[2]
        );
    }
    out
}

/// A parsed `http://host:port/path`.
struct Url {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(s: &str) -> Option<Url> {
    let rest = s.strip_prefix("http://").unwrap_or(s);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_owned()),
        None => (rest, "/".to_owned()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (hostport, 80),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url {
        host: host.to_owned(),
        port,
        path,
    })
}

/// Where a connection lands.
enum Reach {
    /// The listening process, and the address the client connected to.
    Listener(Pid, Ipv4Addr),
    /// A site outside the cluster (port 80).
    Outside(&'static Site),
    Refused(Ipv4Addr),
    /// An address no pod, Service or site holds: the SYNs go unanswered until the kernel
    /// gives up (`ETIMEDOUT` after `tcp_syn_retries`, 6 by default: 1+2+…+64 = 127 s;
    /// Documentation/networking/ip-sysctl.rst).
    TimedOut(Ipv4Addr),
    /// A name the cluster's DNS does not know.
    BadAddress,
}

/// Resolves `host:port` from the container's network namespace: localhost, a pod IP, a
/// Service's name or ClusterIP (kube-proxy sends it to a ready endpoint's targetPort).
fn connect(w: &World, ctx: Ctx, host: &str, port: u16) -> Reach {
    let Some(pod) = w.pods.get(ctx.pod) else {
        return Reach::BadAddress;
    };
    let Some(me) = w.node.process(ctx.pid) else {
        return Reach::BadAddress;
    };
    let net = me.ns.get(NsKind::Net);
    let listen = |net, ip| match w.listeners.get(net, port) {
        Some(pid) => Reach::Listener(pid, ip),
        None => Reach::Refused(ip),
    };
    if host == "localhost" || host == "127.0.0.1" || host == pod.spec.hostname {
        let ip = if host == pod.spec.hostname {
            pod.ip.unwrap_or(Ipv4Addr::LOCALHOST)
        } else {
            Ipv4Addr::LOCALHOST
        };
        return listen(net, ip);
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>()
        && let Some(target) = w.pods.values().find(|p| p.ip == Some(ip))
    {
        let Some(tnet) = target.sandbox.as_ref().map(|s| s.ns.get(NsKind::Net)) else {
            return Reach::Refused(ip);
        };
        return listen(tnet, ip);
    }
    // A Service: `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`, or its IP.
    let ns = &pod.spec.key.namespace;
    // Beyond the cluster: the few public sites the docs' pages fetch.
    if let Some(site) = outside::site(host).filter(|_| port == 80) {
        return Reach::Outside(site);
    }
    let svc = w.cluster.services.iter().find(|s| {
        let ClusterIp::Address(ip) = &s.cluster_ip else {
            return false;
        };
        let n = &s.key.name;
        let sns = &s.key.namespace;
        ip == host
            || (sns == ns && host == n)
            || host == format!("{n}.{sns}")
            || host == format!("{n}.{sns}.svc")
            || host == format!("{n}.{sns}.svc.cluster.local")
    });
    let Some(svc) = svc else {
        return match host.parse::<Ipv4Addr>() {
            Ok(ip) => Reach::TimedOut(ip),
            Err(_) => Reach::BadAddress,
        };
    };
    let svc_ip = match &svc.cluster_ip {
        ClusterIp::Address(a) => a.parse().unwrap_or(Ipv4Addr::UNSPECIFIED),
        _ => Ipv4Addr::UNSPECIFIED,
    };
    let Some(sp) = svc
        .ports
        .iter()
        .find(|p| i64::from(p.port) == i64::from(port))
    else {
        return Reach::Refused(svc_ip);
    };
    // The first ready endpoint (the EndpointSlice controller lists pods that match the
    // selector and are Ready; kube-proxy picks one).
    for target in w.pods.values() {
        if target.spec.key.namespace != svc.key.namespace
            || svc.selector.is_empty()
            || !svc
                .selector
                .iter()
                .all(|(k, v)| target.spec.labels.get(k) == Some(v))
            || !target.containers.iter().all(|c| c.ready)
        {
            continue;
        }
        let Some(tnet) = target.sandbox.as_ref().map(|s| s.ns.get(NsKind::Net)) else {
            continue;
        };
        let tport = match &sp.target_port {
            TargetPort::Number(n) => u16::try_from(*n).unwrap_or(0),
            TargetPort::Name(name) => named_port(target, name).unwrap_or(0),
        };
        if let Some(pid) = w.listeners.get(tnet, tport) {
            return Reach::Listener(pid, svc_ip);
        }
    }
    Reach::Refused(svc_ip)
}

fn named_port(pod: &crate::sim::world::Pod, name: &str) -> Option<u16> {
    pod.spec
        .api
        .spec
        .as_ref()?
        .containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten())
        .find(|p| p.name.as_deref() == Some(name))
        .and_then(|p| u16::try_from(p.container_port).ok())
}

/// An HTTP response from a simulated server.
struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(String, String)>,
    body: String,
    /// The server answers in HTTP/1.0 (Python's http.server) rather than 1.1.
    http10: bool,
}

impl Response {
    fn proto(&self) -> &'static str {
        if self.http10 { "HTTP/1.0" } else { "HTTP/1.1" }
    }
}

/// The nginx release an image tag runs, and its index page's Last-Modified time and ETag
/// (seed 004: nginx:1.21 was 1.21.3 with `Last-Modified: Tue, 07 Sep 2021 15:21:03 GMT`,
/// `ETag: "6137835f-267"`); other tags are documented assumptions in docs/fidelity.md.
fn nginx_release(tag: Option<&str>) -> (&'static str, &'static str, &'static str) {
    match tag {
        Some(t) if t.starts_with("1.21") => ("1.21.3", "Tue, 07 Sep 2021 15:21:03 GMT", "6137835f"),
        _ => ("1.29.3", "Tue, 28 Oct 2025 12:05:10 GMT", "6900b0d6"),
    }
}

/// How much of a response the caller needs: a probe only reads the status line, so the
/// headers (formatted dates, lengths, the ETag) are left out for it. The server's side
/// effects (nginx's access-log line, python's stderr line) happen either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Status,
    Full,
}

/// Who answers a connection: a process in the cluster, or a site outside it.
#[derive(Clone, Copy, Debug)]
enum Server {
    Process(Pid),
    Outside(&'static Site),
}

/// `GET path` from `client`, in full, to whichever server the connection reached.
fn respond(
    w: &mut World,
    server: Server,
    path: &str,
    client: Ipv4Addr,
    agent: &str,
) -> Option<Response> {
    match server {
        Server::Process(pid) => serve(w, pid, path, client, agent, Want::Full),
        Server::Outside(site) => outside_response(w, site, path),
    }
}

/// A site outside the cluster serves its recorded index page; podscope holds no other page
/// of it (another path is not modelled: no response).
fn outside_response(w: &World, site: &Site, path: &str) -> Option<Response> {
    if path != "/" && path != "/index.html" {
        return None;
    }
    let body = site.index.to_owned();
    let headers = vec![
        ("Date".to_owned(), humanize::http_date(w.now)),
        ("Server".to_owned(), site.server.to_owned()),
        ("Last-Modified".to_owned(), site.last_modified.to_owned()),
        ("ETag".to_owned(), site.etag.to_owned()),
        ("Accept-Ranges".to_owned(), "bytes".to_owned()),
        ("Content-Length".to_owned(), body.len().to_string()),
        ("Content-Type".to_owned(), "text/html".to_owned()),
    ];
    Some(Response {
        status: 200,
        reason: "OK",
        headers,
        body,
        http10: false,
    })
}

/// The server behind `pid` answers `GET path` from `client`; nginx logs it.
fn serve(
    w: &mut World,
    pid: Pid,
    path: &str,
    client: Ipv4Addr,
    agent: &str,
    want: Want,
) -> Option<Response> {
    // What the server's behaviour depends on, read without copying the process.
    let (p, slot, kind, started_at, python, nginx_master) = {
        let proc_ = w.node.process(pid)?;
        let Owner::Container(p, name) = &proc_.owner else {
            return None;
        };
        let p = *p;
        let pod = w.pods.get(p)?;
        let slot = pod.slot_of(name)?;
        let image = &pod.container(slot)?.spec.image;
        (
            p,
            slot,
            ImageKind::of(image),
            proc_.started_at,
            proc_.cmdline.contains("-m http.server"),
            proc_.program == Program::NginxMaster,
        )
    };
    let hostname = w.pods.get(p)?.spec.hostname.clone();
    if let Some(resp) = go_server(w, started_at, kind, (path, &hostname), want) {
        return Some(resp);
    }
    if python {
        let image = w.pods.get(p)?.container(slot)?.spec.image.clone();
        return Some(python_http_server(w, p, slot, &image, path, client));
    }
    if !nginx_master || kind != ImageKind::Nginx {
        return None;
    }
    let tag = w.pods.get(p)?.container(slot)?.spec.image.tag.as_deref();
    let (version, modified, mtime) = nginx_release(tag);
    let file = if path.ends_with('/') {
        format!("/usr/share/nginx/html{path}index.html")
    } else {
        format!("/usr/share/nginx/html{path}")
    };
    let now = w.now;
    let mut headers = Vec::new();
    if want == Want::Full {
        headers.push(("Server".to_owned(), format!("nginx/{version}")));
        headers.push(("Date".to_owned(), humanize::http_date(now)));
    }
    let resp = match w.read_file(p, slot, &file) {
        Ok(body) => {
            if want == Want::Full {
                headers.push(("Content-Type".into(), "text/html".into()));
                headers.push(("Content-Length".into(), body.len().to_string()));
                headers.push(("Last-Modified".into(), modified.into()));
                headers.push(("Connection".into(), "close".into()));
                headers.push(("ETag".into(), format!("\"{mtime}-{:x}\"", body.len())));
                headers.push(("Accept-Ranges".into(), "bytes".into()));
            }
            Response {
                status: 200,
                reason: "OK",
                headers,
                body,
                http10: false,
            }
        }
        Err(_) => {
            let body = format!(
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
            );
            if want == Want::Full {
                headers.push(("Content-Type".into(), "text/html".into()));
                headers.push(("Content-Length".into(), body.len().to_string()));
                headers.push(("Connection".into(), "close".into()));
            }
            Response {
                status: 404,
                reason: "Not Found",
                headers,
                body,
                http10: false,
            }
        }
    };
    // nginx's `main` log_format (the image's nginx.conf).
    let line = format!(
        "{client} - - [{}] \"GET {path} HTTP/1.1\" {} {} \"-\" \"{agent}\" \"-\"\n",
        humanize::nginx_time(now),
        resp.status,
        resp.body.len()
    );
    let _ = w.write_file(p, slot, "/var/log/nginx/access.log", &line, true);
    Some(resp)
}

/// CPython's `http.server` (Lib/http/server.py `SimpleHTTPRequestHandler`): HTTP/1.0, a
/// directory listing of the working directory (`/` in the python image) for `/`, files as
/// they are, 404 otherwise; each request is logged to stderr as
/// `client - - [dd/Mon/yyyy hh:mm:ss] "GET / HTTP/1.1" 200 -`. The Python version follows a
/// full `x.y.z` tag, else 3.14.0 (docs/fidelity.md).
fn python_http_server(
    w: &mut World,
    p: PodId,
    slot: crate::sim::world::Slot,
    image: &crate::model::image_ref::ImageRef,
    path: &str,
    client: Ipv4Addr,
) -> Response {
    let version = match image.tag.as_deref() {
        Some(t) if t.split('.').count() == 3 && t.split('.').all(|x| x.parse::<u32>().is_ok()) => {
            t.to_owned()
        }
        _ => "3.14.0".to_owned(),
    };
    let now = w.now;
    let mut headers = vec![
        (
            "Server".to_owned(),
            format!("SimpleHTTP/0.6 Python/{version}"),
        ),
        ("Date".to_owned(), humanize::http_date(now)),
    ];
    let (status, reason, body) = if path.ends_with('/') {
        match w.list_dir(p, slot, path) {
            Ok(names) => {
                let mut body = format!(
                    "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for {path}</title>\n</head>\n<body>\n<h1>Directory listing for {path}</h1>\n<hr>\n<ul>\n"
                );
                for n in names {
                    let full = format!("{path}{n}");
                    let slash = if w.list_dir(p, slot, &full).is_ok() {
                        "/"
                    } else {
                        ""
                    };
                    body.push_str(&format!("<li><a href=\"{n}{slash}\">{n}{slash}</a></li>\n"));
                }
                body.push_str("</ul>\n<hr>\n</body>\n</html>\n");
                headers.push(("Content-type".into(), "text/html; charset=utf-8".into()));
                (200, "OK", body)
            }
            Err(_) => (404, "File not found", String::new()),
        }
    } else {
        match w.read_file(p, slot, path) {
            Ok(body) => {
                headers.push(("Content-type".into(), "application/octet-stream".into()));
                (200, "OK", body)
            }
            Err(_) => (404, "File not found", String::new()),
        }
    };
    headers.push(("Content-Length".into(), body.len().to_string()));
    let c = humanize::civil(now);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(c.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    let line = format!(
        "{client} - - [{:02}/{month}/{} {:02}:{:02}:{:02}] \"GET {path} HTTP/1.1\" {status} -\n",
        c.day, c.year, c.hour, c.minute, c.second
    );
    if let Some(inst) = w
        .pods
        .get_mut(p)
        .and_then(|pod| pod.container_mut(slot))
        .and_then(|c| c.instance.as_mut())
    {
        crate::sim::exec::append_log(&mut inst.log, &line);
    }
    Response {
        status,
        reason,
        headers,
        body,
        http10: true,
    }
}

/// The catalog's Go test servers (net/http): agnhost's liveness server
/// (test/images/agnhost/liveness/server.go: `/healthz` answers 200 `ok` while the server is
/// at most 10 s old, then 500 `error: <seconds>`; `/started` its age; the default mux's 404
/// elsewhere) and goproxy, an HTTP proxy that refuses plain requests
/// (elazarl/goproxy `ServeHTTP`: 500 "This is a proxy server. Does not respond to non-proxy
/// requests."), and serve_hostname (its hostname, `ImageKind::ServeHostname`).
fn go_server(
    w: &World,
    started_at: crate::model::time::SimTime,
    kind: ImageKind,
    (path, hostname): (&str, &str),
    want: Want,
) -> Option<Response> {
    let (status, reason, body) = match kind {
        ImageKind::Agnhost => {
            let age = w.now.since(started_at);
            let secs = podscope_float::display(age.as_millis() as f64 / 1000.0);
            match path {
                "/healthz" if age.as_millis() > 10_000 => {
                    (500, "Internal Server Error", format!("error: {secs}"))
                }
                "/healthz" => (200, "OK", "ok".to_owned()),
                "/started" => (200, "OK", format!("{secs}s")),
                _ => (404, "Not Found", "404 page not found\n".to_owned()),
            }
        }
        ImageKind::Goproxy => (
            500,
            "Internal Server Error",
            "This is a proxy server. Does not respond to non-proxy requests.\n".to_owned(),
        ),
        ImageKind::ServeHostname => (200, "OK", hostname.to_owned()),
        _ => return None,
    };
    let headers = match want {
        Want::Status => Vec::new(),
        Want::Full => vec![
            (
                "Content-Type".to_owned(),
                "text/plain; charset=utf-8".to_owned(),
            ),
            ("Date".to_owned(), humanize::http_date(w.now)),
            ("Content-Length".to_owned(), body.len().to_string()),
        ],
    };
    Some(Response {
        status,
        reason,
        headers,
        body,
        http10: false,
    })
}

/// The process listening on `port` in pod `p`'s network namespace, as the kubelet's prober
/// reaches it at the pod's IP from the node.
pub(crate) fn pod_listener(w: &World, p: PodId, port: u16) -> Option<Pid> {
    let pod = w.pods.get(p)?;
    let net = if pod.spec.ns.host_network {
        w.node.host_ns.get(NsKind::Net)
    } else {
        pod.sandbox.as_ref()?.ns.get(NsKind::Net)
    };
    w.listeners.get(net, port)
}

/// The HTTP status the server behind `pid` answers `GET path` from `client` with, as the
/// prober's client sees it; `None` when the process speaks no HTTP podscope simulates.
pub(crate) fn http_status(
    w: &mut World,
    pid: Pid,
    path: &str,
    client: Ipv4Addr,
    agent: &str,
) -> Option<u16> {
    serve(w, pid, path, client, agent, Want::Status).map(|r| r.status)
}

/// The client address a server logs: 127.0.0.1 over loopback, else the client pod's IP.
fn client_ip(w: &World, ctx: Ctx, to: Ipv4Addr) -> Ipv4Addr {
    if to.is_loopback() {
        to
    } else {
        w.pods
            .get(ctx.pod)
            .and_then(|pod| pod.ip)
            .unwrap_or_else(|| node_ip(w, ctx))
    }
}

/// busybox `wget [-q] [-S] [-O FILE] URL` (networking/wget.c).
pub(crate) fn wget(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let mut quiet = false;
    let mut headers = false;
    let mut output: Option<String> = None;
    let mut url = None;
    let mut it = args.iter();
    // getopt32 with wget.c's short options (`cqSO:o:P:Y:U:T:`): flags combine (`-qO-`), an
    // option with an argument takes the rest of the word or the next word.
    while let Some(a) = it.next() {
        let Some(flags) = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !f.starts_with('-'))
        else {
            if !a.starts_with("--") {
                url = Some(*a);
            }
            continue;
        };
        for (i, c) in flags.char_indices() {
            match c {
                'q' => quiet = true,
                'S' => headers = true,
                'O' | 'o' | 'P' | 'Y' | 'U' | 'T' => {
                    let rest = &flags[i + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        it.next().map(|s| (*s).to_owned())
                    } else {
                        Some(rest.to_owned())
                    };
                    if c == 'O' {
                        output = value;
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    let Some(raw) = url else {
        io.stderr.push_str("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
        return Applet::Done(1);
    };
    let Some(u) = parse_url(raw) else {
        let _ = writeln!(io.stderr, "wget: bad address '{raw}'");
        return Applet::Done(1);
    };
    let reach = connect(w, ctx, &u.host, u.port);
    let (server, ip) = match reach {
        Reach::Listener(pid, ip) => (Server::Process(pid), ip),
        Reach::Outside(site) => (Server::Outside(site), site.ip),
        // libbb/xconnect.c `xconnect`: `bb_perror_msg_and_die("%s (%s)", "can't connect to
        // remote host", inet_ntoa(…))` with connect(2)'s errno; wget's own 900 s alarm
        // (`G.timeout_seconds`) comes after the kernel's 127 s.
        Reach::Refused(ip) | Reach::TimedOut(ip) => {
            if !quiet {
                let _ = writeln!(io.stderr, "Connecting to {} ({ip}:{})", u.host, u.port);
            }
            let errno = if matches!(reach, Reach::Refused(_)) {
                "Connection refused"
            } else {
                "Connection timed out"
            };
            let _ = writeln!(
                io.stderr,
                "wget: can't connect to remote host ({ip}): {errno}"
            );
            return Applet::Done(1);
        }
        Reach::BadAddress => {
            let _ = writeln!(io.stderr, "wget: bad address '{}'", u.host);
            return Applet::Done(1);
        }
    };
    if !quiet {
        let _ = writeln!(io.stderr, "Connecting to {} ({ip}:{})", u.host, u.port);
    }
    let client = client_ip(w, ctx, ip);
    let Some(resp) = respond(w, server, &u.path, client, "Wget") else {
        let _ = writeln!(
            io.stderr,
            "wget: error getting response: Connection reset by peer"
        );
        return Applet::Done(1);
    };
    if headers {
        let _ = writeln!(
            io.stderr,
            "  {} {} {}",
            resp.proto(),
            resp.status,
            resp.reason
        );
        for (k, v) in &resp.headers {
            let _ = writeln!(io.stderr, "  {k}: {v}");
        }
    }
    if resp.status >= 400 {
        let _ = writeln!(
            io.stderr,
            "wget: server returned error: {} {} {}",
            resp.proto(),
            resp.status,
            resp.reason
        );
        return Applet::Done(1);
    }
    let name = output.unwrap_or_else(|| {
        let last = u.path.rsplit('/').next().unwrap_or("");
        if last.is_empty() {
            "index.html".to_owned()
        } else {
            last.to_owned()
        }
    });
    match name.as_str() {
        "-" => io.stdout.push_str(&resp.body),
        "/dev/null" => {}
        file => {
            let path = podscope_shell::resolve_path(io.cwd, file);
            if !quiet {
                let _ = writeln!(io.stderr, "saving to '{file}'");
            }
            if let Err(e) = w.write_file(ctx.pod, ctx.slot, &path, &resp.body, false) {
                let _ = writeln!(io.stderr, "wget: can't open '{file}': {}", e.strerror());
                return Applet::Done(1);
            }
            if !quiet {
                let _ = writeln!(
                    io.stderr,
                    "{file:<20} 100% |********************************| {:>5}  0:00:00 ETA\n'{file}' saved",
                    resp.body.len()
                );
            }
        }
    }
    Applet::Done(0)
}

/// `curl [-s] [-I] [-o FILE] URL` (curl 7.88 as Debian bookworm ships it).
pub(crate) fn curl(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    // Short options combine as getopt's do (`-sI`, `-so FILE`); `-o`'s value is the rest of
    // its word or the next word (curl's src/tool_getparam.c).
    let mut head = false;
    let mut include = false;
    let mut output = None;
    let mut url = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--head" => head = true,
            "--include" => include = true,
            "--output" => output = it.next().map(|s| (*s).to_owned()),
            s if s.starts_with("--") => {}
            s if s.len() > 1 && s.starts_with('-') => {
                for (i, c) in s.char_indices().skip(1) {
                    match c {
                        'I' => head = true,
                        'i' => include = true,
                        'o' => {
                            let rest = &s[i + 1..];
                            output = if rest.is_empty() {
                                it.next().map(|v| (*v).to_owned())
                            } else {
                                Some(rest.to_owned())
                            };
                            break;
                        }
                        _ => {}
                    }
                }
            }
            s => url = Some(s),
        }
    }
    let Some(raw) = url else {
        io.stderr
            .push_str("curl: try 'curl --help' or 'curl --manual' for more information\n");
        return Applet::Done(2);
    };
    let Some(u) = parse_url(raw) else {
        let _ = writeln!(
            io.stderr,
            "curl: (3) URL using bad/illegal format or missing URL"
        );
        return Applet::Done(3);
    };
    let reach = connect(w, ctx, &u.host, u.port);
    let (server, ip) = match reach {
        Reach::Listener(pid, ip) => (Server::Process(pid), ip),
        Reach::Outside(site) => (Server::Outside(site), site.ip),
        // lib/connect.c: `Failed to connect to %s port %u after %ld ms: %s` with
        // CURLE_COULDNT_CONNECT's text: at once when refused; when unanswered, after the
        // kernel gives up (127 s; curl's own connect timeout, 300 s, comes later; the few
        // milliseconds of the kernel's timers are not modelled).
        Reach::Refused(_) | Reach::TimedOut(_) => {
            let ms = if matches!(reach, Reach::TimedOut(_)) {
                127_000
            } else {
                0
            };
            let _ = writeln!(
                io.stderr,
                "curl: (7) Failed to connect to {} port {} after {ms} ms: Couldn't connect to server",
                u.host, u.port
            );
            return Applet::Done(7);
        }
        Reach::BadAddress => {
            let _ = writeln!(io.stderr, "curl: (6) Could not resolve host: {}", u.host);
            return Applet::Done(6);
        }
    };
    let client = client_ip(w, ctx, ip);
    let Some(mut resp) = respond(w, server, &u.path, client, "curl/7.88.1") else {
        let _ = writeln!(
            io.stderr,
            "curl: (56) Recv failure: Connection reset by peer"
        );
        return Applet::Done(56);
    };
    // busybox wget asks `Connection: close` (networking/wget.c); curl's HTTP/1.1 request
    // asks nothing, so nginx keeps the connection (ngx_http_header_filter_module.c:
    // `Connection: keep-alive` when `r->keepalive`).
    if matches!(server, Server::Process(_)) {
        for (k, v) in &mut resp.headers {
            if k == "Connection" && v == "close" {
                "keep-alive".clone_into(v);
            }
        }
    }
    let mut text = String::new();
    if head || include {
        let _ = write!(text, "{} {} {}\r\n", resp.proto(), resp.status, resp.reason);
        for (k, v) in &resp.headers {
            let _ = write!(text, "{k}: {v}\r\n");
        }
        text.push_str("\r\n");
    }
    if !head {
        text.push_str(&resp.body);
    }
    match output {
        Some(f) if f != "-" => {
            let path = podscope_shell::resolve_path(io.cwd, &f);
            let _ = w.write_file(ctx.pod, ctx.slot, &path, &text, false);
        }
        _ => io.stdout.push_str(&text),
    }
    Applet::Done(0)
}

/// The InternalIP of the node the pod runs on.
fn node_ip(w: &World, ctx: Ctx) -> Ipv4Addr {
    w.pods
        .get(ctx.pod)
        .and_then(|pod| w.node_of(pod))
        .and_then(|n| match n.internal_ip {
            std::net::IpAddr::V4(ip) => Some(ip),
            std::net::IpAddr::V6(_) => None,
        })
        .unwrap_or(Ipv4Addr::UNSPECIFIED)
}
