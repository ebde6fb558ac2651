//! `kubectl run NAME --image=IMAGE [flags] [-- ARGS…]`: kubectl pkg/cmd/run/run.go
//! (`addRunFlags`, `Complete`, `Run`'s checks in their order, `getRestartPolicy`,
//! `verifyImagePullPolicy`) and the Pod it creates, pkg/generate/versioned/run.go
//! (`BasicPod.Generate`, `getLabels`, `parseEnvs`, `updatePodContainers`, `updatePodPorts`).
//! Since 1.18 `run` creates only a Pod. Attached (`-it`, `--attach`, `--rm`), the Pod's
//! container gets `stdin`/`stdinOnce`/`tty` and kubectl attaches to it (the world prints the
//! attach banner; the terminal's later lines type into the container's shell).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, ContainerPort, EnvVar, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::{DRY_RUN, FILENAME, Flag, Kind, Kubectl, KubectlError, PRINT};

/// `kubectl run`: the Pod it creates.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub namespace: String,
    /// Boxed: a k8s-openapi Pod is over 2 KB, the other commands a few hundred bytes.
    pub pod: Box<Pod>,
    /// `-i`/`--attach`: kubectl attaches to the container once it runs.
    pub attach: Option<Attach>,
}

/// How `kubectl run` attaches (run.go `Run`, `o.Attach`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attach {
    /// `--rm`: the pod is deleted when the attached session ends (`removeCreatedObjects`).
    pub remove: bool,
    /// `-q`: no prompt messages (attach.go `Run`).
    pub quiet: bool,
    /// `-t`: a terminal (the banner is printed only with a raw terminal).
    pub tty: bool,
}

/// What attach.go `Run` prints to stderr before it attaches (kubectl 1.35: the recording
/// warning was added in kubernetes/kubectl 81562142d, 2024), unless `--quiet`.
pub const ATTACH_BANNER: &str = "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n";

impl Eq for Run {}

const FLAGS: &[Flag] = &[
    // DeleteFlags (used by `--rm`), PrintFlags, RecordFlags.
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::new("cascade", Kind::String(Some("background"))),
    Flag::int("grace-period"),
    Flag::bool("force"),
    Flag::text("timeout"),
    Flag::bool("wait"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record"),
    // addRunFlags.
    DRY_RUN,
    Flag::list("annotations").modelled(),
    Flag::string("image").modelled(),
    Flag::string("image-pull-policy").modelled(),
    Flag::bool("rm").modelled(),
    Flag::list("env").modelled(),
    Flag::string("port").modelled(),
    Flag::string("labels").short('l').modelled(),
    Flag::bool("stdin").short('i').modelled(),
    Flag::bool("tty").short('t').modelled(),
    Flag::bool("attach").modelled(),
    Flag::bool("leave-stdin-open"),
    Flag::string("restart").modelled(),
    Flag::bool("command").modelled(),
    Flag::bool("expose"),
    Flag::bool("quiet").short('q').modelled(),
    Flag::bool("privileged").modelled(),
    Flag::string("field-manager"),
    Flag::string("overrides"),
    Flag::string("override-type"),
    // cmdutil AddApplyAnnotationFlags, AddPodRunningTimeoutFlag.
    Flag::bool("save-config"),
    Flag::text("pod-running-timeout"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    // cobra's `ValidateRequiredFlags` (`MarkFlagRequired("image")`) runs first.
    if !p.changed("image") {
        return Err(KubectlError::message("required flag(s) \"image\" not set"));
    }
    // run.go `Run`, in its order.
    let name = match (p.args.first(), p.dash) {
        (Some(n), dash) if dash != Some(0) => n.clone(),
        _ => return Err(KubectlError::usage(path, "NAME is required for run")),
    };
    let image = p.string("image").unwrap_or_default().to_owned();
    if image.is_empty() {
        return Err(KubectlError::message("--image is required"));
    }
    if !crate::model::image_ref::matches_reference_regexp(&image) {
        return Err(KubectlError::message(format!(
            "Invalid image name {}: invalid reference format",
            crate::model::humanize::go_quote(&image)
        )));
    }
    let (stdin, tty) = (p.bool("stdin"), p.bool("tty"));
    if tty && !stdin {
        return Err(KubectlError::usage(
            path,
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    if p.bool("expose") && p.string("port").is_none_or(str::is_empty) {
        return Err(KubectlError::usage(
            path,
            "--port must be set when exposing a service",
        ));
    }
    let restart = p.string("restart").unwrap_or("Always");
    let restart = match restart {
        "" if stdin => "OnFailure",
        "" => "Always",
        "Always" | "OnFailure" | "Never" => restart,
        other => {
            return Err(KubectlError::usage(
                path,
                format!("invalid restart policy: {other}"),
            ));
        }
    };
    let attach = if p.changed("attach") {
        p.bool("attach")
    } else {
        stdin
    };
    if !attach && p.bool("rm") {
        return Err(KubectlError::usage(
            path,
            "--rm should only be used for attached containers",
        ));
    }
    let pull = p.string("image-pull-policy").unwrap_or_default();
    if !matches!(pull, "" | "Always" | "IfNotPresent" | "Never") {
        return Err(KubectlError::usage(
            path,
            format!("invalid image pull policy: {pull}"),
        ));
    }
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let args: Vec<String> = p.args.get(1..).unwrap_or_default().to_vec();
    let mut pod = pod(&p, &name, &image, restart, pull, args).map_err(KubectlError::message)?;
    // generate/versioned/run.go `BasicPod.Generate`: Stdin, StdinOnce (without
    // `--leave-stdin-open`), TTY.
    if let Some(c) = pod.spec.as_mut().and_then(|s| s.containers.first_mut()) {
        c.stdin = stdin.then_some(true);
        c.stdin_once = stdin.then_some(true);
        c.tty = tty.then_some(true);
    }
    Ok(Kubectl::Run(Run {
        namespace: super::namespace_of(&p),
        pod: Box::new(pod),
        attach: attach.then_some(Attach {
            remove: p.bool("rm"),
            quiet: p.bool("quiet"),
            tty,
        }),
    }))
}

/// generate/versioned/run.go `BasicPod.Generate`.
fn pod(
    p: &super::flags::Parsed,
    name: &str,
    image: &str,
    restart: &str,
    pull: &str,
    args: Vec<String>,
) -> Result<Pod, String> {
    let labels = match p.string("labels").filter(|l| !l.is_empty()) {
        Some(spec) => parse_labels(spec)?,
        None => BTreeMap::from([("run".to_owned(), name.to_owned())]),
    };
    let annotations = p.all("annotations");
    let annotations = if annotations.is_empty() {
        None
    } else {
        Some(super::pairs::parse(&annotations, "annotations", false)?.set)
    };
    let env = p
        .all("env")
        .iter()
        .map(|e| parse_env(e))
        .collect::<Result<Vec<_>, _>>()?;
    let mut container = Container {
        name: name.to_owned(),
        image: Some(image.to_owned()),
        ..Container::default()
    };
    if p.bool("privileged") {
        container.security_context = Some(k8s_openapi::api::core::v1::SecurityContext {
            privileged: Some(true),
            ..Default::default()
        });
    }
    if !args.is_empty() {
        if p.bool("command") {
            container.command = Some(args);
        } else {
            container.args = Some(args);
        }
    }
    if !env.is_empty() {
        container.env = Some(env);
    }
    if !pull.is_empty() {
        container.image_pull_policy = Some(pull.to_owned());
    }
    if let Some(port) = p.string("port").filter(|s| !s.is_empty()) {
        // strconv.Atoi's error.
        let n: i32 = port.parse().map_err(|_| {
            format!(
                "strconv.Atoi: parsing {}: invalid syntax",
                crate::model::humanize::go_quote(port)
            )
        })?;
        container.ports = Some(vec![ContainerPort {
            container_port: n,
            ..ContainerPort::default()
        }]);
    }
    Ok(Pod {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            labels: Some(labels),
            annotations,
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            containers: vec![container],
            dns_policy: Some("ClusterFirst".to_owned()),
            restart_policy: Some(restart.to_owned()),
            ..PodSpec::default()
        }),
        status: None,
    })
}

/// generate.go `ParseLabels`: `k=v,k2=v2`.
pub(crate) fn parse_labels(spec: &str) -> Result<BTreeMap<String, String>, String> {
    let mut labels = BTreeMap::new();
    for one in spec.split(',') {
        let parts: Vec<&str> = one.split('=').collect();
        let [k, v] = parts.as_slice() else {
            return Err(format!("unexpected label spec: {one}"));
        };
        if k.is_empty() {
            return Err("unexpected empty label key".to_owned());
        }
        labels.insert((*k).to_owned(), (*v).to_owned());
    }
    Ok(labels)
}

/// run.go `parseEnvs`: `NAME=VALUE`, NAME an env var name (validation `IsEnvVarName`:
/// `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.`, `..` or `..`-prefixed).
fn parse_env(e: &str) -> Result<EnvVar, String> {
    let invalid = || format!("invalid env: {e}");
    let (name, value) = e.split_once('=').ok_or_else(invalid)?;
    if !crate::model::validate::formats::env_var_name(name).is_empty() {
        return Err(invalid());
    }
    Ok(EnvVar {
        name: name.to_owned(),
        value: Some(value.to_owned()),
        value_from: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    use super::{Attach, Run};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn run(line: &str) -> Run {
        match k(line) {
            Ok(Kubectl::Run(r)) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn the_pod_kubectl_run_generates() {
        let r = run("kubectl run myapp --image=busybox --restart=Never -- sleep 1d");
        let spec = r.pod.spec.clone().unwrap_or_default();
        let c = spec.containers.first().cloned().unwrap_or_default();
        assert_eq!(r.pod.metadata.name.as_deref(), Some("myapp"));
        assert_eq!(
            r.pod.metadata.labels.clone().unwrap_or_default().get("run"),
            Some(&"myapp".to_owned())
        );
        assert_eq!(c.name, "myapp");
        assert_eq!(c.image.as_deref(), Some("busybox"));
        assert_eq!(c.args, Some(vec!["sleep".to_owned(), "1d".to_owned()]));
        assert_eq!(c.command, None);
        assert_eq!(spec.restart_policy.as_deref(), Some("Never"));
        assert_eq!(spec.dns_policy.as_deref(), Some("ClusterFirst"));

        // The name may come after the flags; `--command` makes the words the command.
        let r = run(
            "kubectl run --image=busybox -l app=a,tier=b --env=A=1,2 --port 80 --command x -- sh -c 'echo hi'",
        );
        let spec = r.pod.spec.clone().unwrap_or_default();
        let c = spec.containers.first().cloned().unwrap_or_default();
        assert_eq!(r.pod.metadata.name.as_deref(), Some("x"));
        let labels = r.pod.metadata.labels.clone().unwrap_or_default();
        assert_eq!(labels.len(), 2);
        assert_eq!(labels.get("tier"), Some(&"b".to_owned()));
        assert_eq!(c.command.map(|v| v.len()), Some(3));
        // `--env` is a StringArray: its commas stay.
        assert_eq!(
            c.env.and_then(|e| e.first().and_then(|v| v.value.clone())),
            Some("1,2".to_owned())
        );
        assert_eq!(c.ports.map(|p| p.len()), Some(1));
        assert_eq!(spec.restart_policy.as_deref(), Some("Always"));
        assert_eq!(run("kubectl run a --image=nginx -n web").namespace, "web");
    }

    #[test]
    fn run_gos_checks_in_their_order() {
        let err = |l: &str| k(l).err().unwrap_or_default();
        assert_eq!(
            err("kubectl run x"),
            "error: required flag(s) \"image\" not set\n"
        );
        assert_eq!(
            err("kubectl run --image=nginx"),
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            err("kubectl run --image=nginx -- x"),
            "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            err("kubectl run x --image=FAILED_IMAGE"),
            "error: Invalid image name \"FAILED_IMAGE\": invalid reference format\n"
        );
        assert_eq!(
            err("kubectl run x --image=nginx -t"),
            "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            err("kubectl run x --image=nginx --restart=Sometimes"),
            "error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            err("kubectl run x --image=nginx --rm"),
            "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n"
        );
        assert_eq!(
            err("kubectl run x --image=nginx --env=1A=b"),
            "error: invalid env: 1A=b\n"
        );
        assert_eq!(
            err("kubectl run x --image=nginx -l a"),
            "error: unexpected label spec: a\n"
        );
        // A flag podscope does not act on is answered "not modelled".
        assert!(matches!(
            k("kubectl run -it --leave-stdin-open x --image=busybox -- sh"),
            Ok(Kubectl::NotModelled(_))
        ));
        assert!(matches!(
            k("kubectl run x --image=busybox --expose --port=80"),
            Ok(Kubectl::NotModelled(_))
        ));
    }

    #[test]
    fn attached_runs_give_the_container_stdin_and_a_tty() {
        let Ok(Kubectl::Run(r)) =
            k("kubectl run -it --rm --restart=Never busybox --image=busybox sh")
        else {
            panic!("not a run");
        };
        assert_eq!(
            r.attach,
            Some(Attach {
                remove: true,
                quiet: false,
                tty: true
            })
        );
        let spec = r.pod.spec.clone().unwrap_or_default();
        let c = spec.containers.first().cloned().unwrap_or_default();
        assert_eq!(
            (c.stdin, c.stdin_once, c.tty),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(c.args, Some(vec!["sh".to_owned()]));
        assert_eq!(spec.restart_policy.as_deref(), Some("Never"));
        // `-i` alone attaches without a terminal; without `-i` nothing attaches.
        let Ok(Kubectl::Run(r)) = k("kubectl run -i -q x --image=busybox") else {
            panic!("not a run");
        };
        assert_eq!(r.attach.map(|a| (a.tty, a.quiet)), Some((false, true)));
        let Ok(Kubectl::Run(r)) = k("kubectl run x --image=busybox") else {
            panic!("not a run");
        };
        assert_eq!(r.attach, None);
    }
}
