//! Container images: the catalog of what well-known images run (references are
//! `model::image_ref`).
//!
//! The catalog follows the images' Dockerfiles (docker-library) and real `ps` outputs; see
//! docs/fidelity.md. Images it does not know run their `command` + `args` as written.

pub mod files;
pub mod perl;
pub mod tags;

use crate::model::ids::Uid;
pub use crate::model::image_ref::ImageRef;
use crate::model::signal::Signal;
use crate::model::time::SimDuration;
use crate::sim::process::Program;

/// Which behaviour the catalog gives an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Nginx,
    Busybox,
    Alpine,
    Redis,
    Httpd,
    Postgres,
    Python,
    /// polinux/stress, the Kubernetes docs' memory and CPU examples (ENTRYPOINT `stress`).
    Stress,
    Pause,
    /// registry.k8s.io/e2e-test-images/agnhost (and the older k8s.gcr.io/liveness, whose
    /// `/server` is the same liveness server): the docs' probe examples.
    Agnhost,
    /// k8s.gcr.io/goproxy, the docs' tcpSocket probe example (an HTTP proxy on 8080).
    Goproxy,
    /// k8s.gcr.io/serve_hostname, the debug-service page's backend: a Go server on 9376
    /// answering every HTTP request with the pod's hostname (kubernetes/kubernetes
    /// contrib/for-demos/serve_hostname/serve_hostname.go: `fmt.Fprintf(w, "%s", hostname)`,
    /// no newline, nothing logged).
    ServeHostname,
    /// debian (bookworm): the docs' `printenv` and `sleep` examples (CMD `bash`).
    Debian,
    /// gcr.io/google-samples/node-hello:1.0, the docs' security-context example: `FROM
    /// node:4.4` (buildpack-deps:jessie, so Debian's tools with procps and curl) and the
    /// shell-form `CMD node server.js`, which the runtime runs as `/bin/sh -c node server.js`;
    /// jessie's dash forks node rather than exec it (the page's `ps aux`: PID 1 is the shell).
    NodeHello,
    Other,
}

impl ImageKind {
    /// The image config's `WorkingDir` (the Dockerfile's last `WORKDIR`): docker-library/redis
    /// `WORKDIR /data`, docker-library/httpd `WORKDIR $HTTPD_PREFIX` (`/usr/local/apache2`);
    /// the catalog's other images set none, so `/`.
    pub fn workdir(self) -> &'static str {
        match self {
            ImageKind::Redis => "/data",
            ImageKind::Httpd => "/usr/local/apache2",
            _ => "/",
        }
    }

    pub fn of(image: &ImageRef) -> Self {
        match image.short_name.as_str() {
            "nginx" => ImageKind::Nginx,
            "busybox" => ImageKind::Busybox,
            "alpine" => ImageKind::Alpine,
            "redis" => ImageKind::Redis,
            "httpd" => ImageKind::Httpd,
            "postgres" => ImageKind::Postgres,
            "python" => ImageKind::Python,
            "stress" => ImageKind::Stress,
            "pause" => ImageKind::Pause,
            "agnhost" | "liveness" => ImageKind::Agnhost,
            "goproxy" => ImageKind::Goproxy,
            "serve_hostname" | "serve-hostname" => ImageKind::ServeHostname,
            "debian" => ImageKind::Debian,
            "node-hello" => ImageKind::NodeHello,
            _ => ImageKind::Other,
        }
    }

    /// The image's `STOPSIGNAL`, which the runtime sends on `StopContainer` before SIGKILL
    /// (nginx: SIGQUIT, docker-library/nginx Dockerfile; httpd: SIGWINCH, graceful stop in
    /// docker-library/httpd); SIGTERM otherwise.
    pub fn stop_signal(self) -> Signal {
        match self {
            ImageKind::Nginx => Signal::QUIT,
            ImageKind::Httpd => Signal::WINCH,
            _ => Signal::TERM,
        }
    }
}

/// One process a container starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessTemplate {
    /// The command line as `/proc/PID/cmdline` shows it (arguments joined by spaces).
    pub cmdline: String,
    pub uid: Uid,
    pub program: Program,
    /// Resident memory once started.
    pub mem_bytes: u64,
}

/// How long a container's main process runs before it exits by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// Runs until something kills it (a server, `sleep infinity`).
    Forever,
    /// Exits with `code` after `after` (a `sleep 30`, a shell with no input).
    Exits { after: SimDuration, code: i32 },
}

/// What a container of this image runs: its processes (the first is PID 1 of the container,
/// the rest its children), how long the main one lives, the TCP port it listens on, and what
/// it writes to its log as it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunPlan {
    pub processes: Vec<ProcessTemplate>,
    pub lifetime: Lifetime,
    pub listens: Option<u16>,
    pub log: String,
}

const ROOT: Uid = Uid(0);
/// The pause image runs as 65535 since pause 3.5 (kubernetes/kubernetes build/pause/CHANGELOG.md).
pub const PAUSE_UID: Uid = Uid(65535);
/// nginx workers run as user `nginx` (uid 101) in the official image.
const NGINX_UID: Uid = Uid(101);
/// redis and postgres drop to their own users (uid 999) in the docker-library entrypoints.
const SERVICE_UID: Uid = Uid(999);
/// httpd's children run as `www-data` (uid 33).
const WWW_DATA: Uid = Uid(33);

const MIB: u64 = 1024 * 1024;

/// The processes a container starts and how long they live, from its image, `command`,
/// `args`, its environment (postgres reads `POSTGRES_PASSWORD`) and the node's CPU count
/// (nginx's `worker_processes auto` starts one worker per CPU).
pub fn run_plan(
    image: &ImageRef,
    command: &[String],
    args: &[String],
    env: &[(String, String)],
    node_cpus: u32,
) -> RunPlan {
    let kind = ImageKind::of(image);
    if command.is_empty() && args.is_empty() {
        return default_plan(kind, image, env, node_cpus);
    }
    if let Some(plan) = liveness_server(kind, command, args) {
        return plan;
    }
    // `args` alone replace the image's CMD; for the images the catalog knows, the entrypoint
    // then runs them. Without an entrypoint they are the command.
    // polinux/stress's ENTRYPOINT is `stress`.
    let entrypoint: &[&str] = if kind == ImageKind::Stress && command.is_empty() {
        &["stress"]
    } else {
        &[]
    };
    let argv: Vec<&str> = entrypoint
        .iter()
        .copied()
        .chain(command.iter().chain(args).map(String::as_str))
        .collect();
    let lifetime = match argv.as_slice() {
        ["sleep" | "/bin/sleep", "infinity"] => Lifetime::Forever,
        // An unparsable duration makes sleep print `sleep: invalid number` and exit 1.
        ["sleep" | "/bin/sleep", d] => match parse_sleep(d) {
            Some(after) => Lifetime::Exits { after, code: 0 },
            None => Lifetime::Exits {
                after: SimDuration::ZERO,
                code: 1,
            },
        },
        // `true`, `false`, `echo …`, `exit N` finish at once.
        ["true" | "/bin/true"] => exits_now(0),
        ["false" | "/bin/false"] => exits_now(1),
        ["echo" | "/bin/echo", ..] => exits_now(0),
        _ => Lifetime::Forever,
    };
    let uid = if kind == ImageKind::Pause {
        PAUSE_UID
    } else {
        ROOT
    };
    // `stress --vm N --vm-bytes SIZE` (polinux/stress, the Kubernetes docs' memory
    // examples): N workers each holding SIZE, at once.
    if argv
        .first()
        .is_some_and(|a| a.rsplit('/').next() == Some("stress"))
    {
        let flag = |f: &str| argv.windows(2).find(|w| w[0] == f).map(|w| w[1]);
        let workers: u64 = flag("--vm").and_then(|v| v.parse().ok()).unwrap_or(0);
        let bytes = flag("--vm-bytes").and_then(parse_size).unwrap_or(256 * MIB);
        return RunPlan {
            processes: vec![ProcessTemplate {
                cmdline: argv.join(" "),
                uid,
                program: Program::Hog,
                mem_bytes: workers.saturating_mul(bytes).max(MIB),
            }],
            lifetime,
            listens: None,
            log: format!("stress: info: [1] dispatching hogs: 0 cpu, 0 io, {workers} vm, 0 hdd\n"),
        };
    }
    // The Jobs concept page's `perl -Mbignum=bpi -wle "print bpi(2000)"`: π, then exit 0
    // after the docs' "around 10s". (The digits are logged when it starts, not when it
    // prints them at the end.)
    if let Some(n) = perl::bpi_digits(&argv) {
        return RunPlan {
            processes: vec![ProcessTemplate {
                cmdline: argv.join(" "),
                uid,
                program: Program::Plain,
                mem_bytes: 20 * MIB,
            }],
            lifetime: Lifetime::Exits {
                after: perl::BPI_RUN_TIME,
                code: 0,
            },
            listens: None,
            log: format!("{}\n", perl::pi(n)),
        };
    }
    // `python -m http.server [PORT]` (CPython Lib/http/server.py `test`): serves the working
    // directory on 0.0.0.0:8000 by default. Its "Serving HTTP on …" line goes to a block-
    // buffered stdout without a TTY, so `kubectl logs` does not show it; the request lines
    // go to stderr.
    if let [py, "-m", "http.server", rest @ ..] = argv.as_slice()
        && py
            .rsplit('/')
            .next()
            .is_some_and(|b| b.starts_with("python"))
    {
        let port = rest
            .iter()
            .find_map(|a| a.parse::<u16>().ok())
            .unwrap_or(8000);
        return RunPlan {
            processes: vec![ProcessTemplate {
                cmdline: argv.join(" "),
                uid,
                program: Program::Plain,
                mem_bytes: 12 * MIB,
            }],
            lifetime,
            listens: Some(port),
            log: String::new(),
        };
    }
    let program = match argv.first().copied().unwrap_or("") {
        "sh" | "/bin/sh" | "bash" | "/bin/bash" => Program::Shell,
        "nginx" if kind == ImageKind::Nginx => Program::NginxMaster,
        _ => Program::Plain,
    };
    let log = match argv.as_slice() {
        ["echo" | "/bin/echo", rest @ ..] => format!("{}\n", rest.join(" ")),
        _ => String::new(),
    };
    RunPlan {
        processes: vec![ProcessTemplate {
            cmdline: argv.join(" "),
            uid,
            program,
            mem_bytes: MIB,
        }],
        lifetime,
        listens: None,
        log,
    }
}

/// The liveness server of the docs' http-liveness.yaml: `agnhost liveness`
/// (test/images/agnhost/liveness/server.go `Main`, which logs "starting server with port
/// 8080") or the older k8s.gcr.io/liveness image's `/server` (test/images/liveness, silent).
/// It listens on 8080; `exec/net.rs` answers its `/healthz`.
fn liveness_server(kind: ImageKind, command: &[String], args: &[String]) -> Option<RunPlan> {
    if kind != ImageKind::Agnhost {
        return None;
    }
    let argv: Vec<&str> = command.iter().chain(args).map(String::as_str).collect();
    let (cmdline, log) = match argv.as_slice() {
        ["liveness"] | ["/agnhost" | "agnhost", "liveness"] => (
            "/agnhost liveness",
            "2026/06/01 10:00:00 starting server with port 8080\n",
        ),
        ["/server"] => ("/server", ""),
        _ => return None,
    };
    Some(RunPlan {
        processes: vec![ProcessTemplate {
            cmdline: cmdline.to_owned(),
            uid: ROOT,
            program: Program::Server { term_exit: 2 },
            mem_bytes: 6 * MIB,
        }],
        lifetime: Lifetime::Forever,
        listens: Some(8080),
        log: log.to_owned(),
    })
}

fn exits_now(code: i32) -> Lifetime {
    Lifetime::Exits {
        after: SimDuration::ZERO,
        code,
    }
}

/// What an image runs with no `command` or `args`: its ENTRYPOINT + CMD.
fn default_plan(kind: ImageKind, image: &ImageRef, env: &[(String, String)], cpus: u32) -> RunPlan {
    let proc_ = |cmdline: &str, uid: Uid, program: Program, mem: u64| ProcessTemplate {
        cmdline: cmdline.to_owned(),
        uid,
        program,
        mem_bytes: mem * MIB,
    };
    let server = Program::Server { term_exit: 0 };
    let plan = |processes, listens, log: &str| RunPlan {
        processes,
        lifetime: Lifetime::Forever,
        listens,
        log: log.to_owned(),
    };
    match kind {
        ImageKind::Nginx => {
            let mut ps = vec![proc_(
                "nginx: master process nginx -g daemon off;",
                ROOT,
                Program::NginxMaster,
                6,
            )];
            ps.extend(
                (0..cpus.max(1))
                    .map(|_| proc_("nginx: worker process", NGINX_UID, Program::NginxWorker, 3)),
            );
            // docker-library/nginx docker-entrypoint.sh's last line before exec.
            plan(
                ps,
                Some(80),
                "/docker-entrypoint.sh: Configuration complete; ready for start up\n",
            )
        }
        // CMD ["sh"] / ["/bin/sh"]: with no stdin the shell reads EOF and exits 0 at once.
        ImageKind::Busybox | ImageKind::Alpine => {
            let sh = if kind == ImageKind::Busybox {
                "sh"
            } else {
                "/bin/sh"
            };
            RunPlan {
                processes: vec![proc_(sh, ROOT, Program::Shell, 1)],
                lifetime: exits_now(0),
                listens: None,
                log: String::new(),
            }
        }
        // debian's CMD is `bash` (docker-library/debian): with no stdin it reads EOF and
        // exits 0 at once, as busybox's `sh` does.
        ImageKind::Debian => RunPlan {
            processes: vec![proc_("bash", ROOT, Program::Shell, 1)],
            lifetime: exits_now(0),
            listens: None,
            log: String::new(),
        },
        // python's CMD is the REPL: without a TTY it reads EOF and exits 0 as well.
        ImageKind::Python => RunPlan {
            processes: vec![proc_("python3", ROOT, Program::Plain, 9)],
            lifetime: exits_now(0),
            listens: None,
            log: String::new(),
        },
        ImageKind::Redis => plan(
            vec![proc_("redis-server *:6379", SERVICE_UID, server, 4)],
            Some(6379),
            "1:M 01 Jun 2026 10:00:00.000 * Ready to accept connections tcp\n",
        ),
        ImageKind::Httpd => {
            let mut ps = vec![proc_("httpd -DFOREGROUND", ROOT, server, 4)];
            ps.extend((0..3).map(|_| proc_("httpd -DFOREGROUND", WWW_DATA, Program::Plain, 3)));
            plan(ps, Some(80), "")
        }
        ImageKind::Postgres => {
            let has_password = env.iter().any(|(k, v)| {
                (k == "POSTGRES_PASSWORD" && !v.is_empty()) || k == "POSTGRES_HOST_AUTH_METHOD"
            });
            if has_password {
                plan(
                    vec![proc_("postgres", SERVICE_UID, server, 20)],
                    Some(5432),
                    "",
                )
            } else {
                // docker-library/postgres docker-entrypoint.sh `docker_verify_minimum_env`.
                RunPlan {
                    processes: vec![proc_("postgres", ROOT, Program::Plain, 2)],
                    lifetime: exits_now(1),
                    listens: None,
                    log: POSTGRES_NO_PASSWORD.to_owned(),
                }
            }
        }
        // agnhost's ENTRYPOINT is `/agnhost` with no CMD: it prints its usage and exits 0
        // without a subcommand (test/images/agnhost/agnhost.go, cobra's help).
        ImageKind::Agnhost => RunPlan {
            processes: vec![proc_("/agnhost", ROOT, Program::Plain, 8)],
            lifetime: exits_now(0),
            listens: None,
            log: String::new(),
        },
        // goproxy's image runs its proxy on 8080 (kubernetes test/images/goproxy, the docs'
        // tcp-liveness-readiness.yaml).
        ImageKind::Goproxy => plan(vec![proc_("/goproxy", ROOT, server, 6)], Some(8080), ""),
        // The shell-form CMD: dash waits for its child, node (multi-threaded: libuv's pool).
        ImageKind::NodeHello => plan(
            vec![
                proc_("/bin/sh -c node server.js", ROOT, Program::Plain, 1),
                proc_("node server.js", ROOT, server, 22),
            ],
            None,
            "",
        ),
        ImageKind::ServeHostname => plan(
            vec![proc_("/serve_hostname", ROOT, server, 4)],
            Some(9376),
            "",
        ),
        ImageKind::Pause => RunPlan {
            processes: vec![proc_("/pause", PAUSE_UID, Program::Pause, 0)],
            lifetime: Lifetime::Forever,
            listens: None,
            log: String::new(),
        },
        // stress without arguments prints its usage and exits 1.
        ImageKind::Stress => RunPlan {
            processes: vec![proc_("stress", ROOT, Program::Plain, 1)],
            lifetime: exits_now(1),
            listens: None,
            log: "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n".to_owned(),
        },
        ImageKind::Other => RunPlan {
            processes: vec![proc_(&image.short_name, ROOT, Program::Plain, 8)],
            lifetime: Lifetime::Forever,
            listens: None,
            log: String::new(),
        },
    }
}

/// What docker-library/postgres's entrypoint prints without a password
/// (docker-entrypoint.sh `docker_verify_minimum_env`), first lines.
const POSTGRES_NO_PASSWORD: &str = "Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n";

/// busybox and coreutils `sleep` durations: a number with an optional `s`, `m`, `h` or `d`
/// suffix (`3650d`, `30`, `1.5m`).
/// `stress`-style sizes: `250M`, `1G`, `512k`, plain bytes.
pub fn parse_size(s: &str) -> Option<u64> {
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
}

pub fn parse_sleep(arg: &str) -> Option<SimDuration> {
    let (num, unit_ms) = match arg.char_indices().last()? {
        (i, 's') => (&arg[..i], 1_000.0),
        (i, 'm') => (&arg[..i], 60_000.0),
        (i, 'h') => (&arg[..i], 3_600_000.0),
        (i, 'd') => (&arg[..i], 86_400_000.0),
        _ => (arg, 1_000.0),
    };
    let n = podscope_float::parse(num)?;
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let ms = n * unit_ms;
    // Saturate: u64 milliseconds is half a billion years.
    Some(SimDuration::from_millis(if ms >= u64::MAX as f64 {
        u64::MAX
    } else {
        ms as u64
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn references() {
        let r = ImageRef::parse("registry.k8s.io/pause:3.10.1");
        assert_eq!(
            (r.short_name.as_str(), r.tag.as_deref()),
            ("pause", Some("3.10.1"))
        );
        let digest = format!("sha256:{}", "ab".repeat(32));
        let r = ImageRef::parse(&format!("localhost:5000/team/app@{digest}"));
        assert_eq!(r.short_name, "app");
        assert_eq!(r.digest.as_deref(), Some(digest.as_str()));
        // One grammar: a reference it rejects keeps its text and says why.
        let r = ImageRef::parse("app@sha256:abc");
        assert_eq!(r.short_name, "app@sha256:abc");
        assert!(r.error.is_some());
        assert_eq!(ImageRef::parse("busybox").with_tag(), "busybox:latest");
    }

    #[test]
    fn nginx_starts_a_master_and_one_worker_per_cpu() {
        let plan = run_plan(&ImageRef::parse("nginx:1.21"), &[], &[], &[], 4);
        assert_eq!(plan.processes.len(), 5);
        assert_eq!(
            plan.processes[0].cmdline,
            "nginx: master process nginx -g daemon off;"
        );
        assert_eq!(plan.processes[1].uid, Uid(101));
        assert_eq!(plan.lifetime, Lifetime::Forever);
    }

    #[test]
    fn bare_busybox_exits_at_once() {
        let plan = run_plan(&ImageRef::parse("busybox"), &[], &[], &[], 2);
        assert_eq!(
            plan.lifetime,
            Lifetime::Exits {
                after: SimDuration::ZERO,
                code: 0
            }
        );
    }

    #[test]
    fn sleep_lives_as_long_as_it_says() {
        let plan = run_plan(
            &ImageRef::parse("busybox"),
            &strings(&["sleep", "3650d"]),
            &[],
            &[],
            2,
        );
        assert_eq!(plan.processes[0].cmdline, "sleep 3650d");
        assert_eq!(
            plan.lifetime,
            Lifetime::Exits {
                after: SimDuration::from_secs(3650 * 86_400),
                code: 0
            }
        );
        assert_eq!(parse_sleep("1.5m"), Some(SimDuration::from_millis(90_000)));
        assert_eq!(parse_sleep("x"), None);
    }
}
