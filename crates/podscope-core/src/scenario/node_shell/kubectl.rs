//! `kubectl` on the node: the words parsed once (`model::kubectl::parse`) and the typed
//! command handed to what carries it out: the views for `get`, `describe` and `logs`, the
//! world for `delete`, `scale` and `rollout`, and the same paths as the `exec` and `debug`
//! actions for `kubectl exec` and `kubectl debug`.

use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::ObjectRef;
use crate::model::kubectl::words::join_words;
use crate::model::kubectl::{self, Apply, Debug, Exec, Kubectl};
use crate::model::refs::{ContainerRef, PodRef};
use crate::scenario::command::Command;
use crate::scenario::script::Entry;
use crate::sim::outcome::Output;
use crate::sim::status::{self, Phase};
use crate::sim::world::World;
use crate::views::kubectl as view;

/// Runs `kubectl WORDS…` (the words after `kubectl`).
pub(super) fn run(world: &mut World, words: &[String]) -> Output {
    let cmd = match kubectl::parse(words) {
        Ok(c) => c,
        Err(e) => return view::refused(&e),
    };
    match cmd {
        // kubectl with no arguments prints its help; the model keeps to one line of it.
        Kubectl::Help => Output::ok("kubectl controls the Kubernetes cluster manager.\n"),
        Kubectl::Get(g) => view::get::run(world, &g),
        Kubectl::Describe(d) => view::describe::run(world, &d),
        Kubectl::Logs(l) => view::logs::run(world, &l),
        Kubectl::Delete(d) => world.kubectl_delete(&d),
        Kubectl::Scale(s) => world.kubectl_scale(&s),
        Kubectl::Rollout(r) => world.kubectl_rollout(&r),
        Kubectl::Apply(a) => apply(&a),
        Kubectl::Exec(e) => exec(world, &e),
        Kubectl::Debug(d) => debug(world, &d),
        Kubectl::Run(r) => world.kubectl_run(&r),
        Kubectl::NotModelled(what) => view::unmodelled(&what),
    }
}

/// The pod a `POD` or `TYPE/NAME` argument of `exec` or `debug` means, as the actions name
/// it; other types are not modelled.
fn pod_ref(namespace: &str, object: &ObjectRef, verb: &str) -> Result<PodRef, Output> {
    match object.resource {
        Resource::Pods => Ok(PodRef::Pod(ObjectKey::new(namespace, &object.name))),
        Resource::Deployments => Ok(PodRef::Deployment {
            namespace: namespace.to_owned(),
            name: object.name.clone(),
        }),
        other => Err(view::unmodelled(&format!(
            "kubectl {verb} {}/NAME",
            other.api().plural
        ))),
    }
}

/// What carrying out an action printed, errors worded as kubectl words them (the transcript's
/// texts: `Error from server (NotFound): …`, `command terminated with exit code N`).
fn as_kubectl(world: &mut World, command: Command) -> Output {
    let result = crate::scenario::dispatch::apply(world, &command);
    let status = match &result {
        Ok(o) => o.status,
        Err(_) => 1,
    };
    let entry = Entry {
        at: world.now(),
        command,
        result,
        ps1: None,
    };
    Output {
        text: entry.body(),
        status,
    }
}

/// `kubectl exec`: the command runs in the container (kubectl pkg/cmd/exec/exec.go `Run`:
/// the default container when none is named, with kubectl's notice; no exec into a pod that
/// has finished). The model runs the words as a shell line, as the `exec` action does (`sh
/// -c SCRIPT` runs SCRIPT).
fn exec(world: &mut World, e: &Exec) -> Output {
    let pod = match pod_ref(&e.namespace, &e.object, "exec") {
        Ok(p) => p,
        Err(out) => return out,
    };
    let found = world.resolve_pod(&pod).ok().and_then(|p| world.pod(p));
    let mut notice = String::new();
    let container = match (&e.container, found) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => {
            let phase = status::phase(p);
            if matches!(phase, Phase::Succeeded | Phase::Failed) {
                return Output::failed(
                    format!(
                        "error: cannot exec into a container in a completed pod; current phase is {}\n",
                        phase.as_str()
                    ),
                    1,
                );
            }
            match view::default_container(p) {
                Some((name, line)) => {
                    if !e.quiet {
                        notice = line;
                    }
                    name
                }
                None => String::new(),
            }
        }
        // The action reports the missing pod.
        (None, None) => String::new(),
    };
    let target = ContainerRef {
        pod,
        container: ContainerName(container),
    };
    // The runtime looks the program up before it runs anything (`sim::exec::runtime_exec`).
    if let Ok((p, slot, _)) = world.resolve_container(&target)
        && let Some(mut failed) = world.exec_start_error(p, slot, &e.command)
    {
        failed.text.insert_str(0, &notice);
        return failed;
    }
    // `sh -c SCRIPT` is what the action runs anyway: the script is the line.
    let line = match e.command.as_slice() {
        [sh, c, script]
            if matches!(sh.as_str(), "sh" | "/bin/sh" | "bash" | "/bin/bash") && c == "-c" =>
        {
            script.clone()
        }
        argv => join_words(argv),
    };
    let command = Command::Exec { target, line };
    let mut out = as_kubectl(world, command);
    out.text.insert_str(0, &notice);
    out
}

/// `kubectl debug POD --image=IMAGE`: an ephemeral container, as the `debug` action adds it
/// (debug.go `Validate` says which container it targets first). The model does not attach.
fn debug(world: &mut World, d: &Debug) -> Output {
    if !d.command.is_empty() {
        return view::unmodelled("kubectl debug -- COMMAND");
    }
    let mut all = Output::ok("");
    if let Some(t) = &d.target
        && !d.quiet
    {
        all.text.push_str(&format!(
            "Targeting container \"{t}\". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n"
        ));
    }
    for object in &d.objects {
        let pod = match pod_ref(&d.namespace, object, "debug") {
            Ok(p) => p,
            Err(out) => return out,
        };
        let command = Command::Debug {
            pod,
            image: d.image.clone(),
            target: d.target.clone().map(ContainerName),
            name: d.container.clone(),
        };
        let out = as_kubectl(world, command);
        let text = if d.quiet {
            // `-q` leaves out "Defaulting debug container name to …".
            out.text
                .lines()
                .filter(|l| !l.starts_with("Defaulting debug container name to "))
                .map(|l| format!("{l}\n"))
                .collect()
        } else {
            out.text
        };
        all.text.push_str(&text);
        if out.status != 0 {
            all.status = out.status;
        }
    }
    all
}

/// `kubectl apply -f FILE` typed on the node: the node has none of the scenario's files
/// (the `apply FILE` action is how a manifest reaches the world), and its terminal has no
/// standard input to read with `-f -`. cli-runtime resource/builder.go: `the path "F" does
/// not exist` for each missing path (one error alone after `error: `), apply.go `no objects
/// passed to apply` when nothing was read.
fn apply(a: &Apply) -> Output {
    if let Some(url) = a
        .files
        .iter()
        .find(|f| f.starts_with("http://") || f.starts_with("https://"))
    {
        return view::unmodelled(&format!("kubectl apply -f {url}"));
    }
    let missing: Vec<String> = a
        .files
        .iter()
        .filter(|f| f.as_str() != "-")
        .map(|f| {
            format!(
                "the path {} does not exist",
                crate::model::humanize::go_quote(f)
            )
        })
        .collect();
    let text = match missing.as_slice() {
        [] => "error: no objects passed to apply\n".to_owned(),
        [one] => format!("error: {one}\n"),
        many => many.iter().map(|m| format!("{m}\n")).collect(),
    };
    Output::failed(text, 1)
}
