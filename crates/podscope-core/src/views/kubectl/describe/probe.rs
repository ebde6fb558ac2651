//! One probe as `kubectl describe pod` prints it: kubernetes/kubectl pkg/describe/describe.go
//! `DescribeProbe` (kubectl 1.35: `#success=`/`#failure=`), after the API server's defaults
//! (pkg/apis/core/v1/defaults.go `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`, and the
//! `+default=""` of `GRPCAction.Service`).

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// A timing field after `SetDefaults_Probe`: a zero (or absent) value becomes the default.
fn defaulted(v: Option<i32>, default: i32) -> i32 {
    match v {
        None | Some(0) => default,
        Some(n) => n,
    }
}

/// describeContainerProbe: a container's `Liveness:`, `Readiness:` and `Startup:` lines.
pub(super) fn describe_probes(out: &mut String, a: &k8s_openapi::api::core::v1::Container) {
    for (title, p) in [
        ("Liveness", &a.liveness_probe),
        ("Readiness", &a.readiness_probe),
        ("Startup", &a.startup_probe),
    ] {
        if let Some(p) = p {
            let _ = std::fmt::Write::write_fmt(
                out,
                format_args!("    {title}:\t{}\n", describe_probe(p)),
            );
        }
    }
}

/// `DescribeProbe`: the handler, then `delay= timeout= period= #success= #failure=`.
pub(super) fn describe_probe(p: &api::Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        defaulted(p.timeout_seconds, 1),
        defaulted(p.period_seconds, 10),
        defaulted(p.success_threshold, 1),
        defaulted(p.failure_threshold, 3),
    );
    if let Some(e) = &p.exec {
        // Go's `%v` of a []string: `[a b c]`.
        let argv = e.command.as_deref().unwrap_or_default().join(" ");
        return format!("exec [{argv}] {attrs}");
    }
    if let Some(h) = &p.http_get {
        return format!("http-get {} {attrs}", http_url(h));
    }
    if let Some(t) = &p.tcp_socket {
        let host = t.host.as_deref().unwrap_or("");
        return format!("tcp-socket {host}:{} {attrs}", port_string(&t.port));
    }
    if let Some(g) = &p.grpc {
        let service = g.service.as_deref().unwrap_or("");
        return format!("grpc <pod>:{} {service} {attrs}", g.port);
    }
    format!("unknown {attrs}")
}

/// `IntOrString.String()`.
fn port_string(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// The `url.URL{Scheme, Host, Path}.String()` that `DescribeProbe` builds: the scheme lower
/// case (default `HTTP`), `net.JoinHostPort(host, port)` (brackets around a host with a
/// colon), the path (default `/`) escaped as Go's `EscapedPath` does.
fn http_url(h: &api::HTTPGetAction) -> String {
    let scheme = h
        .scheme
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("HTTP")
        .to_ascii_lowercase();
    let host = h.host.as_deref().unwrap_or("");
    let port = port_string(&h.port);
    let host = if port.is_empty() {
        host.to_owned()
    } else if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let path = h.path.as_deref().filter(|p| !p.is_empty()).unwrap_or("/");
    // net/url `URL.String`: `scheme:`, `//` before a host or a path, the escaped host, a `/`
    // between a host and a path that lacks one.
    let mut out = format!("{scheme}:");
    if !host.is_empty() || !path.is_empty() {
        out.push_str("//");
    }
    out.push_str(&escape(&host, Mode::Host));
    let path = if path == "*" {
        path.to_owned()
    } else {
        escape(path, Mode::Path)
    };
    if !path.starts_with('/') && !host.is_empty() {
        out.push('/');
    }
    out.push_str(&path);
    out
}

/// The two net/url `encoding` modes `URL.String` uses here.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Host,
    Path,
}

/// net/url `shouldEscape` for `encodeHost` and `encodePath`.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if mode == Mode::Host
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => false,
        // Reserved characters: a path keeps all but `?`; a host escapes `/`, `?` and `@`.
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => c == b'?',
            Mode::Host => true,
        },
        _ => true,
    }
}

/// net/url `escape`: every byte `should_escape` picks as `%XX` (upper-case hex).
fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if should_escape(b, mode) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(yaml: &str) -> api::Probe {
        serde_yaml::from_str(yaml).expect("probe yaml")
    }

    #[test]
    fn http_get_with_the_docs_example_and_defaults() {
        // The docs' http-liveness.yaml.
        let p = probe(
            "httpGet: {path: /healthz, port: 8080, httpHeaders: [{name: Custom-Header, value: Awesome}]}\ninitialDelaySeconds: 3\nperiodSeconds: 3\n",
        );
        assert_eq!(
            describe_probe(&p),
            "http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3"
        );
        // Path defaults to `/`, scheme to HTTP.
        let p = probe("httpGet: {port: 80}\n");
        assert_eq!(
            describe_probe(&p),
            "http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
    }

    #[test]
    fn http_get_named_port_host_and_https() {
        let p = probe(
            "httpGet: {path: /healthz, port: liveness-port, scheme: HTTPS, host: 10.0.0.7}\nfailureThreshold: 30\nperiodSeconds: 10\n",
        );
        assert_eq!(
            describe_probe(&p),
            "http-get https://10.0.0.7:liveness-port/healthz delay=0s timeout=1s period=10s #success=1 #failure=30"
        );
        // net.JoinHostPort brackets an IPv6 host.
        let p = probe("httpGet: {path: /, port: 8080, host: '::1'}\n");
        assert!(describe_probe(&p).starts_with("http-get http://[::1]:8080/ "));
    }

    #[test]
    fn http_path_is_escaped_like_go_url() {
        let p = probe("httpGet: {path: 'healthz?x=1 y', port: 8080}\n");
        assert!(
            describe_probe(&p).starts_with("http-get http://:8080/healthz%3Fx=1%20y "),
            "{}",
            describe_probe(&p)
        );
        let p = probe("httpGet: {path: '/a(b)!', port: 8080}\n");
        assert!(describe_probe(&p).starts_with("http-get http://:8080/a%28b%29%21 "));
    }

    #[test]
    fn exec_prints_the_argv_like_go_percent_v() {
        // The docs' exec-liveness.yaml.
        let p = probe(
            "exec: {command: [cat, /tmp/healthy]}\ninitialDelaySeconds: 5\nperiodSeconds: 5\n",
        );
        assert_eq!(
            describe_probe(&p),
            "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3"
        );
        let p = probe("exec: {}\n");
        assert!(describe_probe(&p).starts_with("exec [] delay=0s"));
    }

    #[test]
    fn tcp_socket_and_grpc() {
        // The docs' tcp-liveness-readiness.yaml.
        let p = probe("tcpSocket: {port: 8080}\ninitialDelaySeconds: 15\nperiodSeconds: 10\n");
        assert_eq!(
            describe_probe(&p),
            "tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3"
        );
        let p = probe("tcpSocket: {port: http, host: db}\n");
        assert!(describe_probe(&p).starts_with("tcp-socket db:http delay="));
        // The docs' grpc-liveness.yaml: `service` defaults to "", leaving two spaces.
        let p = probe("grpc: {port: 2379}\ninitialDelaySeconds: 10\n");
        assert_eq!(
            describe_probe(&p),
            "grpc <pod>:2379  delay=10s timeout=1s period=10s #success=1 #failure=3"
        );
        let p = probe("grpc: {port: 9090, service: health}\n");
        assert!(describe_probe(&p).starts_with("grpc <pod>:9090 health delay="));
    }

    #[test]
    fn zero_fields_take_the_defaults_and_no_handler_is_unknown() {
        let p = probe(
            "timeoutSeconds: 0\nperiodSeconds: 0\nsuccessThreshold: 0\nfailureThreshold: 0\n",
        );
        assert_eq!(
            describe_probe(&p),
            "unknown delay=0s timeout=1s period=10s #success=1 #failure=3"
        );
    }
}
