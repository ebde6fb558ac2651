//! Container images: reference parsing, and the catalog of what well-known images run.
//!
//! The catalog follows the images' Dockerfiles (docker-library) and real `ps` outputs; see
//! docs/fidelity.md. Images it does not know run their `command` + `args` as written.

use crate::ids::Uid;
use crate::time::SimDuration;

/// A parsed image reference such as `nginx:1.21` or `registry.k8s.io/pause:3.10.1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// What the user wrote.
    pub raw: String,
    /// The last path component without tag or digest (`nginx`, `pause`).
    pub short_name: String,
    /// The tag, if one was written (`1.21`); `None` means `latest` unless a digest is given.
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(raw: &str) -> Self {
        let (rest, digest) = match raw.split_once('@') {
            Some((r, d)) => (r, Some(d.to_owned())),
            None => (raw, None),
        };
        let last = rest.rsplit('/').next().unwrap_or(rest);
        let (short_name, tag) = match last.split_once(':') {
            Some((n, t)) => (n.to_owned(), Some(t.to_owned())),
            None => (last.to_owned(), None),
        };
        ImageRef {
            raw: raw.to_owned(),
            short_name,
            tag,
            digest,
        }
    }

    /// The reference with the tag made explicit, as `crictl ps` and `docker ps` show it for a
    /// tag reference (`nginx:1.21`, `busybox:latest`).
    pub fn with_tag(&self) -> String {
        if self.tag.is_some() || self.digest.is_some() {
            self.raw.clone()
        } else {
            format!("{}:latest", self.raw)
        }
    }
}

/// Which behaviour the catalog gives an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Nginx,
    Busybox,
    Alpine,
    Pause,
    Other,
}

impl ImageKind {
    pub fn of(image: &ImageRef) -> Self {
        match image.short_name.as_str() {
            "nginx" => ImageKind::Nginx,
            "busybox" => ImageKind::Busybox,
            "alpine" => ImageKind::Alpine,
            "pause" => ImageKind::Pause,
            _ => ImageKind::Other,
        }
    }
}

/// One process a container starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessTemplate {
    /// The command line as `/proc/PID/cmdline` shows it (arguments joined by spaces).
    pub cmdline: String,
    pub uid: Uid,
}

/// How long a container's main process runs before it exits by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    /// Runs until something kills it (a server, `sleep infinity`).
    Forever,
    /// Exits with `code` after `after` (a `sleep 30`, a shell with no input).
    Exits { after: SimDuration, code: i32 },
}

/// What a container of this image runs: its processes (the first is PID 1 of the container)
/// and how long the main one lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunPlan {
    pub processes: Vec<ProcessTemplate>,
    pub lifetime: Lifetime,
}

const ROOT: Uid = Uid(0);
/// The pause image runs as 65535 since pause 3.5 (kubernetes/kubernetes build/pause/CHANGELOG.md).
pub const PAUSE_UID: Uid = Uid(65535);
/// nginx workers run as user `nginx` (uid 101) in the official image.
const NGINX_UID: Uid = Uid(101);

/// The processes a container starts and how long they live, from its image, `command`,
/// `args` and the node's CPU count (nginx's `worker_processes auto` starts one worker per CPU).
pub fn run_plan(image: &ImageRef, command: &[String], args: &[String], node_cpus: u32) -> RunPlan {
    let kind = ImageKind::of(image);
    if command.is_empty() && args.is_empty() {
        match kind {
            ImageKind::Nginx => {
                let mut processes = vec![ProcessTemplate {
                    cmdline: "nginx: master process nginx -g daemon off;".to_owned(),
                    uid: ROOT,
                }];
                processes.extend((0..node_cpus.max(1)).map(|_| ProcessTemplate {
                    cmdline: "nginx: worker process".to_owned(),
                    uid: NGINX_UID,
                }));
                return RunPlan {
                    processes,
                    lifetime: Lifetime::Forever,
                };
            }
            // CMD ["sh"] / ["/bin/sh"]: with no stdin the shell reads EOF and exits 0 at once.
            ImageKind::Busybox | ImageKind::Alpine => {
                let sh = if kind == ImageKind::Busybox {
                    "sh"
                } else {
                    "/bin/sh"
                };
                return single(
                    sh.to_owned(),
                    ROOT,
                    Lifetime::Exits {
                        after: SimDuration::ZERO,
                        code: 0,
                    },
                );
            }
            ImageKind::Pause => return single("/pause".to_owned(), PAUSE_UID, Lifetime::Forever),
            ImageKind::Other => return single(image.short_name.clone(), ROOT, Lifetime::Forever),
        }
    }
    // `args` alone replace the image's CMD; for the images the catalog knows, the entrypoint
    // then runs them. Without an entrypoint they are the command.
    let argv: Vec<&str> = command.iter().chain(args).map(String::as_str).collect();
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
        _ => Lifetime::Forever,
    };
    let uid = if kind == ImageKind::Pause {
        PAUSE_UID
    } else {
        ROOT
    };
    single(argv.join(" "), uid, lifetime)
}

fn single(cmdline: String, uid: Uid, lifetime: Lifetime) -> RunPlan {
    RunPlan {
        processes: vec![ProcessTemplate { cmdline, uid }],
        lifetime,
    }
}

/// busybox and coreutils `sleep` durations: a number with an optional `s`, `m`, `h` or `d`
/// suffix (`3650d`, `30`, `1.5m`).
fn parse_sleep(arg: &str) -> Option<SimDuration> {
    let (num, unit_ms) = match arg.char_indices().last()? {
        (i, 's') => (&arg[..i], 1_000.0),
        (i, 'm') => (&arg[..i], 60_000.0),
        (i, 'h') => (&arg[..i], 3_600_000.0),
        (i, 'd') => (&arg[..i], 86_400_000.0),
        _ => (arg, 1_000.0),
    };
    let n: f64 = num.parse().ok()?;
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
        let r = ImageRef::parse("localhost:5000/team/app@sha256:abc");
        assert_eq!(r.short_name, "app");
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(ImageRef::parse("busybox").with_tag(), "busybox:latest");
    }

    #[test]
    fn nginx_starts_a_master_and_one_worker_per_cpu() {
        let plan = run_plan(&ImageRef::parse("nginx:1.21"), &[], &[], 4);
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
        let plan = run_plan(&ImageRef::parse("busybox"), &[], &[], 2);
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
