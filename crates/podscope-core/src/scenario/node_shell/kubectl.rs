//! `kubectl` on the node: the words parsed once (`model::kubectl::parse`) and the typed
//! command handed to what carries it out: the views for `get`, `describe` and `logs`, the
//! world for `delete`, `scale` and `rollout`, and the same paths as the `exec` and `debug`
//! actions for `kubectl exec` and `kubectl debug`.

use super::local::{NodeLocal, Place};
use crate::admission::namespace_param::NamespaceParam;
use crate::model::ids::{ContainerName, ObjectKey};
use crate::model::kubectl::create_data::{Local, LocalPath};
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::ObjectRef;
use crate::model::kubectl::words::join_words;
use crate::model::kubectl::{
    self, ATTACH_BANNER, Apply, AttachTo, Debug, Exec, Kubectl, RolloutAction,
};
use crate::model::refs::{ContainerRef, PodRef};
use crate::scenario::command::Command;
use crate::scenario::script::Entry;
use crate::sim::outcome::Output;
use crate::sim::refusals::{self, Refusal};
use crate::sim::status::{self, Phase};
use crate::sim::world::World;
use crate::views::kubectl as view;

/// The node a kubectl command runs on and where: the files `-f` names are the scenario's,
/// then the node's.
type At<'a> = (usize, &'a Place);

/// Runs `kubectl WORDS…` (the words after `kubectl`) on node `node` from `place`.
pub(super) fn run(world: &mut World, node: usize, place: &Place, words: &[String]) -> Output {
    let at: At<'_> = (node, place);
    let namespace = world.kubeconfig.namespace().to_owned();
    let cmd = match kubectl::parse_in(words, &namespace) {
        Ok(c) => c,
        Err(e) => return view::refused(&e),
    };
    match cmd {
        // kubectl with no arguments prints its help; the model keeps to one line of it.
        Kubectl::Help => Output::ok("kubectl controls the Kubernetes cluster manager.\n"),
        Kubectl::Get(g) => {
            let g = if g.files.is_empty() {
                g
            } else {
                match file_targets(world, at, &g.files, "get") {
                    Ok((namespace, targets)) => kubectl::Get {
                        namespace: namespace.unwrap_or(g.namespace.clone()),
                        targets,
                        files: Vec::new(),
                        ..g
                    },
                    Err(out) => return out,
                }
            };
            match g.watch {
                kubectl::Watch::No => view::get::run(world, &g),
                _ => super::watch::run(world, &g),
            }
        }
        Kubectl::Describe(d) if !d.files.is_empty() => {
            match file_targets(world, at, &d.files, "describe") {
                Ok((namespace, targets)) => view::describe::run(
                    world,
                    &kubectl::Describe {
                        namespace: namespace.unwrap_or(d.namespace.clone()),
                        targets,
                        files: Vec::new(),
                        ..d
                    },
                ),
                Err(out) => out,
            }
        }
        Kubectl::Describe(d) => view::describe::run(world, &d),
        Kubectl::Logs(l) => view::logs::run(world, &l),
        Kubectl::Delete(d) if !d.files.is_empty() => delete_files(world, at, &d),
        Kubectl::Delete(d) => world.kubectl_delete(&d),
        Kubectl::Scale(s) => world.kubectl_scale(&s),
        Kubectl::Rollout(r) if matches!(r.action, RolloutAction::History { revision } if revision > 0) => {
            view::history::run(world, &r)
        }
        Kubectl::Rollout(r) => world.kubectl_rollout(&r),
        Kubectl::Apply(a) => apply(world, node, place, &a),
        Kubectl::Exec(e) => exec(world, &e),
        Kubectl::Attach(a) => attach(world, &a),
        Kubectl::Debug(d) => debug(world, &d),
        Kubectl::Run(r) => world.kubectl_run(&r),
        Kubectl::Expose(e) => world.kubectl_expose(&e),
        Kubectl::Create(c) => create(world, node, place, &c),
        Kubectl::Label(l) => world.kubectl_label(&l),
        Kubectl::SetImage(s) => world.kubectl_set_image(&s),
        Kubectl::SetResources(s) => world.kubectl_set_resources(&s),
        Kubectl::Patch(p) => {
            let file = match &p.source {
                kubectl::PatchSource::File(path) => local_file(world, at, path),
                kubectl::PatchSource::Inline(_) => None,
            };
            world.kubectl_patch(&p, file.as_deref())
        }
        Kubectl::Autoscale(a) => world.kubectl_autoscale(&a),
        Kubectl::Config(c) => super::config::run(world, &c),
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

/// `kubectl attach POD [-c C] -it`: kubectl v1.35 pkg/cmd/attach/attach.go `Run`: no attach
/// to a finished pod, the container named (or the default one, with its notice), a TTY only
/// if the container has one, then the two lines before the session. With `-i` what is typed
/// next goes to the container's stdin: its shell, if it runs one (`sim::exec::attach`).
fn attach(world: &mut World, a: &AttachTo) -> Output {
    let pod = match pod_ref(&a.namespace, &a.object, "attach") {
        Ok(p) => p,
        Err(out) => return out,
    };
    let Some((id, p)) = world
        .resolve_pod(&pod)
        .ok()
        .and_then(|id| world.pod(id).map(|p| (id, p)))
    else {
        return view::not_found(a.object.resource, &a.object.name);
    };
    let phase = status::phase(p);
    if matches!(phase, Phase::Succeeded | Phase::Failed) {
        return Output::failed(
            format!(
                "error: cannot attach a container in a completed pod; current phase is {}\n",
                phase.as_str()
            ),
            1,
        );
    }
    let mut text = String::new();
    let name = match &a.container {
        Some(c) => c.clone(),
        None => match view::default_container(p) {
            Some((name, line)) => {
                if !a.quiet {
                    text.push_str(&line);
                }
                name
            }
            None => String::new(),
        },
    };
    let Some(slot) = p.slot_of(&ContainerName(name.clone())) else {
        // podcmd.go `FindOrDefaultContainerByName`.
        return Output::failed(
            format!(
                "error: cannot attach to the container: container {name} not found in pod {}\n",
                p.spec.key.name
            ),
            1,
        );
    };
    let has_tty = crate::sim::probes::api_container(p, slot).is_some_and(|c| c.tty == Some(true));
    if a.tty && !has_tty && !a.quiet {
        text.push_str(&format!(
            "error: Unable to use a TTY - container {name} did not allocate one\n"
        ));
    }
    if !a.quiet {
        text.push_str(ATTACH_BANNER);
    }
    if a.stdin {
        world.attach_terminal(id, slot);
    }
    Output::ok(text)
}

/// `kubectl debug POD --image=IMAGE`: an ephemeral container, as the `debug` action adds it
/// (kubectl v1.35 pkg/cmd/debug/debug.go). `Validate` prints the targeting notice and, for
/// the default `--profile=legacy`, its deprecation (on stderr, even with `-q`); `Run` names
/// the container; `-i` attaches (`handleAttachPod`), whose attach prints two lines
/// (pkg/cmd/attach/attach.go `Run`, the first since 1.34). The model does not attach a
/// terminal: the container's shell keeps running.
fn debug(world: &mut World, d: &Debug) -> Output {
    let mut all = Output::ok("");
    if let Some(t) = &d.target
        && !d.quiet
    {
        all.text.push_str(&format!(
            "Targeting container \"{t}\". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n"
        ));
    }
    all.text.push_str(PROFILE_LEGACY_DEPRECATED);
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
            command: d.command.clone(),
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
            continue;
        }
        if d.stdin && !d.quiet {
            all.text.push_str(ATTACH_BANNER);
        }
    }
    all
}

/// kubectl v1.35 debug.go `Validate`, for the default profile.
const PROFILE_LEGACY_DEPRECATED: &str = "--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n";

/// A file kubectl reads by name (`--patch-file`): the scenario's, else the node's, relative
/// to the working directory, as `-f` reads them (`manifests`).
fn local_file(world: &World, at: At<'_>, path: &str) -> Option<String> {
    let (node, place) = at;
    world.user_file(path).map(str::to_owned).or_else(|| {
        match (NodeLocal { world, node, place }).path(path) {
            Some(LocalPath::File(text)) => Some(text),
            _ => None,
        }
    })
}

/// The manifests `-f FILE…` names, read from the files the scenario gave the node (a
/// `https://k8s.io/examples/…` URL is the docs' example), else the node's own (a path from
/// the shell's working directory; a directory is not modelled). cli-runtime resource/builder.go:
/// `the path "F" does not exist` for each missing path (one error alone after `error: `);
/// the node's terminal has no standard input for `-f -`; other URLs are not fetched.
fn manifests(
    world: &World,
    at: At<'_>,
    files: &[String],
    verb: &str,
) -> Result<Vec<(String, String)>, Output> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let (node, place) = at;
    let local = NodeLocal { world, node, place };
    for f in files {
        let on_node = || match f.as_str() {
            "-" => None,
            _ if f.starts_with("http://") || f.starts_with("https://") => None,
            _ => local.path(f),
        };
        match world
            .user_file(f)
            .map(|t| LocalPath::File(t.to_owned()))
            .or_else(on_node)
        {
            Some(LocalPath::File(text)) => found.push((f.clone(), text)),
            // cli-runtime visits a directory's .json, .yaml and .yml files: not modelled.
            Some(LocalPath::Dir(_)) => {
                return Err(view::unmodelled(&format!("kubectl {verb} -f DIRECTORY")));
            }
            None if f.starts_with("http://") || f.starts_with("https://") => {
                return Err(view::unmodelled(&format!("kubectl {verb} -f {f}")));
            }
            None if f == "-" => {}
            None => missing.push(format!(
                "the path {} does not exist",
                crate::model::humanize::go_quote(f)
            )),
        }
    }
    let text = match missing.as_slice() {
        [] if found.is_empty() => format!("error: no objects passed to {verb}\n"),
        [] => return Ok(found),
        [one] => format!("error: {one}\n"),
        many => many.iter().map(|m| format!("{m}\n")).collect(),
    };
    Err(Output::failed(text, 1))
}

/// The objects `-f FILE…` names, as `TYPE/NAME` targets (cli-runtime's builder visits the
/// manifests' objects), and their namespace when the manifests name one; objects in
/// several namespaces are not modelled.
fn file_targets(
    world: &World,
    at: At<'_>,
    files: &[String],
    verb: &str,
) -> Result<(Option<String>, kubectl::targets::Targets), Output> {
    let mut objects = Vec::new();
    let mut namespaces = std::collections::BTreeSet::new();
    for (_, text) in manifests(world, at, files, verb)? {
        let loaded = crate::admission::load::load(&text, crate::model::rng::DEFAULT_SEED);
        for o in &loaded.objects {
            let Ok(resource) = Resource::parse(o.kind.resource()) else {
                continue;
            };
            if resource.api().namespaced {
                namespaces.insert(o.key.namespace.clone());
            }
            objects.push(ObjectRef {
                resource,
                name: o.key.name.clone(),
            });
        }
    }
    if namespaces.len() > 1 {
        return Err(view::unmodelled(&format!(
            "kubectl {verb} -f with objects in several namespaces"
        )));
    }
    Ok((
        namespaces.into_iter().next(),
        kubectl::targets::Targets::Objects(objects),
    ))
}

/// Each manifest's output after the other's, failing if one did.
fn each_manifest(
    world: &mut World,
    at: At<'_>,
    files: &[String],
    verb: &str,
    param: NamespaceParam<'_>,
    mut write: impl FnMut(&mut World, &crate::admission::load::Loaded, &str) -> Output,
) -> Output {
    let found = match manifests(world, at, files, verb) {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut all = Output::ok("");
    for (source, text) in found {
        let loaded = if verb == "apply" {
            crate::admission::load::load_for_apply(
                &text,
                crate::model::rng::DEFAULT_SEED,
                Some(param),
            )
        } else {
            crate::admission::load::load_into(&text, crate::model::rng::DEFAULT_SEED, Some(param))
        };
        let out = write(world, &loaded, &source);
        all.text.push_str(&out.text);
        if out.status != 0 {
            all.status = out.status;
        }
    }
    all
}

/// `kubectl apply -f FILE` typed on the node, or `apply -k DIR` of a kustomization of
/// ConfigMap generators (`kustomize`).
fn apply(world: &mut World, node: usize, place: &Place, a: &Apply) -> Output {
    let param = NamespaceParam {
        namespace: &a.namespace,
        enforce: a.enforce_namespace,
    };
    if let Some(dir) = &a.kustomize {
        let built = super::kustomize::build(&NodeLocal { world, node, place }, dir);
        return match built {
            Ok(text) => {
                let loaded = crate::admission::load::load_for_apply(
                    &text,
                    crate::model::rng::DEFAULT_SEED,
                    Some(param),
                );
                world.apply_file(&loaded, dir)
            }
            Err(what) => view::unmodelled(&what),
        };
    }
    each_manifest(
        world,
        (node, place),
        &a.files,
        "apply",
        param,
        |w, loaded, source| w.apply_file(loaded, source),
    )
}

/// `kubectl delete -f FILE`: the manifests' objects (in their namespace).
fn delete_files(world: &mut World, at: At<'_>, d: &kubectl::Delete) -> Output {
    let param = NamespaceParam {
        namespace: &d.namespace,
        enforce: d.enforce_namespace,
    };
    each_manifest(world, at, &d.files, "delete", param, |w, loaded, _| {
        let objects: Vec<_> = loaded
            .objects
            .iter()
            .map(|o| (o.kind, o.key.clone()))
            .collect();
        let mut out = w.delete_objects(&objects, d.grace);
        if !loaded.refused.is_empty() {
            let refused: Vec<_> = loaded
                .refused
                .iter()
                .cloned()
                .map(Refusal::Client)
                .collect();
            out.text.push_str(&refusals::render(&refused));
            out.status = 1;
        }
        out
    })
}

/// `kubectl create -f FILE` or one of the generators (`namespace`, `deployment`,
/// `configmap`, `secret generic`), whose `--from-file` and `--from-env-file` files are
/// the node's (`NodeLocal`).
fn create(world: &mut World, node: usize, place: &Place, c: &kubectl::Create) -> Output {
    use crate::model::kubectl::CreateWhat;
    if let CreateWhat::Files(files) = &c.what {
        let param = NamespaceParam {
            namespace: &c.namespace,
            enforce: c.enforce_namespace,
        };
        return each_manifest(
            world,
            (node, place),
            files,
            "create",
            param,
            |w, loaded, source| w.create_manifest(loaded, Some(source)),
        );
    }
    let local = NodeLocal { world, node, place };
    // The generator's random suffixes come from the world's generator, after the files
    // are read.
    let mut rng = world.rng.clone();
    let text = c.manifest(&local, || crate::admission::admit::rand_string(&mut rng, 5));
    world.rng = rng;
    let text = match text {
        Ok(t) => t,
        Err(e) => return Output::failed(format!("error: {e}\n"), 1),
    };
    let loaded = crate::admission::load::load(&text, crate::model::rng::DEFAULT_SEED);
    // The generators wrap the API server's error in their own (create_deployment.go
    // `failed to create deployment: %v`, create_configmap.go `failed to create configmap:
    // %v`, create_secret.go `failed to create secret %v`); create_namespace.go returns it.
    let prefix = match &c.what {
        CreateWhat::Deployment { .. } => Some("failed to create deployment: "),
        CreateWhat::Data { secret: true, .. } | CreateWhat::DockerRegistry(_) => {
            Some("failed to create secret ")
        }
        CreateWhat::Data { secret: false, .. } => Some("failed to create configmap: "),
        _ => None,
    };
    world.create_generated(&loaded, prefix)
}
