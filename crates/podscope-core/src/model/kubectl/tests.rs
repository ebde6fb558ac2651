//! The kubectl parser at its boundary: command lines in, typed commands or kubectl's exact
//! error texts out.

use super::output::OutputFormat;
use super::resource::Resource;
use super::targets::{ObjectRef, Targets};
use super::words::split_words;
use super::*;
use crate::model::rng::SeededRng;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Parses a line that starts with `kubectl`; errors as kubectl prints them. Shared by the
/// commands' own test modules.
pub(super) fn k(line: &str) -> Result<Kubectl, String> {
    let words = split_words(line).map_err(|e| format!("shell: {e}"))?;
    assert_eq!(words.first().map(String::as_str), Some("kubectl"), "{line}");
    parse(words.get(1..).unwrap_or_default()).map_err(|e| e.to_string())
}

fn get(line: &str) -> Get {
    match k(line) {
        Ok(Kubectl::Get(g)) => g,
        other => panic!("{line}: {other:?}"),
    }
}

fn obj(resource: Resource, name: &str) -> ObjectRef {
    ObjectRef {
        resource,
        name: name.to_owned(),
    }
}

#[test]
fn namespace_in_every_position_and_spelling() {
    for line in [
        "kubectl -n web get pods",
        "kubectl get -n web pods",
        "kubectl get pods -n web",
        "kubectl get pods -nweb",
        "kubectl get pods -n=web",
        "kubectl get pods --namespace web",
        "kubectl --namespace web get pods",
        "kubectl get pods --namespace=web",
        "kubectl --namespace=web get pods",
    ] {
        assert_eq!(get(line).namespace, "web", "{line}");
    }
    assert_eq!(get("kubectl get pods").namespace, "default");
    assert_eq!(get("kubectl get pods -n ''").namespace, "default");
    // The same `-n` reaches the commands that change the world.
    for line in [
        "kubectl -n web delete pod a",
        "kubectl delete pod a -n web",
        "kubectl scale -n web deploy/a --replicas 1",
        "kubectl rollout -n web status deploy/a",
        "kubectl rollout status -n web deploy/a",
        "kubectl logs a --namespace=web",
        "kubectl exec -n web a -- ls",
    ] {
        let ns = match k(line).unwrap() {
            Kubectl::Delete(d) => d.namespace,
            Kubectl::Scale(s) => s.namespace,
            Kubectl::Rollout(r) => r.namespace,
            Kubectl::Logs(l) => l.namespace,
            Kubectl::Exec(e) => e.namespace,
            other => panic!("{other:?}"),
        };
        assert_eq!(ns, "web", "{line}");
    }
}

#[test]
fn quoting_is_the_shells() {
    let g = get(r#"kubectl get pods "my pod" -l 'app in (a, b)'"#);
    assert_eq!(
        g.targets,
        Targets::Names(Resource::Pods, vec!["my pod".into()])
    );
    assert_eq!(g.selector.unwrap().text, "app in (a, b)");
    match k(r#"kubectl exec demo -c nginx -- sh -c 'echo "a  b"'"#).unwrap() {
        Kubectl::Exec(e) => {
            assert_eq!(e.command, ["sh", "-c", "echo \"a  b\""]);
            assert_eq!(e.container.as_deref(), Some("nginx"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn short_names_groups_and_type_slash_name() {
    assert_eq!(
        get("kubectl get po demo").targets,
        Targets::Names(Resource::Pods, vec!["demo".into()])
    );
    assert_eq!(
        get("kubectl get deployment.v1.apps/nginx-deployment").targets,
        Targets::Objects(vec![obj(Resource::Deployments, "nginx-deployment")])
    );
    assert_eq!(
        get("kubectl get deployments,pods").targets,
        Targets::Types(vec![Resource::Deployments, Resource::Pods])
    );
    assert_eq!(
        get("kubectl get rs,svc").targets,
        Targets::Types(vec![Resource::ReplicaSets, Resource::Services])
    );
    let nodes = get("kubectl get no").targets;
    assert!(matches!(nodes, Targets::Types(ref t) if t[0].api().plural == "nodes"));
    match k("kubectl delete pods/a po/b").unwrap() {
        Kubectl::Delete(d) => assert_eq!(
            d.targets.objects(),
            [obj(Resource::Pods, "a"), obj(Resource::Pods, "b")]
        ),
        other => panic!("{other:?}"),
    }
    match k("kubectl logs deploy/web -c nginx").unwrap() {
        Kubectl::Logs(l) => {
            assert_eq!(l.object, obj(Resource::Deployments, "web"));
            assert_eq!(l.container.as_deref(), Some("nginx"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_next_forms_parse_into_the_enum() {
    let g = get(
        "kubectl get pods -A -o jsonpath='{.items[*].metadata.name}' -l app=web --field-selector status.phase=Running",
    );
    assert!(g.all_namespaces);
    assert_eq!(
        g.output,
        OutputFormat::JsonPath("{.items[*].metadata.name}".into())
    );
    assert_eq!(g.field_selector.as_deref(), Some("status.phase=Running"));
    assert!(get("kubectl get pods --show-labels").show_labels);
    assert_eq!(get("kubectl get pods -o yaml").output, OutputFormat::Yaml);
    assert_eq!(get("kubectl get pods -owide").output, OutputFormat::Wide);
    assert_eq!(
        get("kubectl get pods -o custom-columns=NAME:.metadata.name").output,
        OutputFormat::CustomColumns("NAME:.metadata.name".into())
    );
    match k("kubectl logs demo --tail=5 -p").unwrap() {
        Kubectl::Logs(l) => assert_eq!((l.tail, l.previous), (Some(5), true)),
        other => panic!("{other:?}"),
    }
    match k("kubectl rollout undo deployment/web --to-revision=2").unwrap() {
        Kubectl::Rollout(r) => assert_eq!(r.action, RolloutAction::Undo { to_revision: 2 }),
        other => panic!("{other:?}"),
    }
    for (line, what) in [
        ("kubectl set env deploy/web A=1", "kubectl set env"),
        (
            "kubectl create service clusterip web --tcp=80",
            "kubectl create service",
        ),
        ("kubectl get pods -w -o yaml", "kubectl get --watch -o yaml"),
        ("kubectl logs -f demo", "kubectl logs --follow"),
        ("kubectl delete pod demo --force", "kubectl delete --force"),
        ("kubectl --context prod get pods", "kubectl get --context"),
        ("kubectl get pods -h", "kubectl get --help"),
        ("kubectl rollout history deploy/web", ""),
    ] {
        match k(line) {
            Ok(Kubectl::NotModelled(w)) => assert_eq!(w, what, "{line}"),
            Ok(Kubectl::Rollout(r)) if what.is_empty() => {
                assert_eq!(r.action, RolloutAction::History { revision: 0 });
            }
            other => panic!("{line}: {other:?}"),
        }
    }
}

#[test]
fn get_reads_its_watch_flags() {
    use crate::model::kubectl::Watch;
    assert_eq!(get("kubectl get pods").watch, Watch::No);
    assert_eq!(get("kubectl get pods --watch").watch, Watch::After);
    assert_eq!(get("kubectl get --watch pod web").watch, Watch::After);
    assert_eq!(get("kubectl get pods -w -o wide").watch, Watch::After);
    assert_eq!(get("kubectl get pods --watch-only").watch, Watch::Only);
    assert!(get("kubectl get pods -w --output-watch-events").output_watch_events);
    // get.go `Validate`.
    assert_eq!(
        k("kubectl get pods --output-watch-events")
            .unwrap_err()
            .to_string(),
        "error: --output-watch-events option can only be used with --watch or --watch-only\n"
    );
}

#[test]
fn writes_read_their_flags() {
    let delete = |line: &str| match k(line) {
        Ok(Kubectl::Delete(d)) => Ok(d.grace),
        Ok(other) => panic!("{other:?}"),
        Err(e) => Err(e),
    };
    assert_eq!(delete("kubectl delete pod demo"), Ok(None));
    assert_eq!(delete("kubectl delete pod demo --now"), Ok(Some(1)));
    assert_eq!(
        delete("kubectl delete pod demo --grace-period=0"),
        Ok(Some(1))
    );
    assert_eq!(
        delete("kubectl delete pod demo --grace-period 5"),
        Ok(Some(5))
    );
    assert_eq!(
        delete("kubectl delete pod demo --grace-period=-3"),
        Ok(None)
    );
    assert_eq!(delete("kubectl delete pod demo --wait=false"), Ok(None));
    assert_eq!(
        delete("kubectl delete pod demo --now --grace-period=3"),
        Err("error: --now and --grace-period cannot be specified together\n".into())
    );
    match k("kubectl scale --replicas 2 rs/web").unwrap() {
        Kubectl::Scale(s) => {
            assert_eq!(s.replicas, 2);
            assert_eq!(s.targets.objects(), [obj(Resource::ReplicaSets, "web")]);
        }
        other => panic!("{other:?}"),
    }
    match k("kubectl scale deployment web --replicas=0x10").unwrap() {
        Kubectl::Scale(s) => assert_eq!(s.replicas, 16),
        other => panic!("{other:?}"),
    }
    for (line, action) in [
        (
            "kubectl rollout status deploy/web -w=false",
            RolloutAction::Status { watch: false },
        ),
        (
            "kubectl rollout status deploy/web",
            RolloutAction::Status { watch: true },
        ),
        (
            "kubectl rollout undo deployment web",
            RolloutAction::Undo { to_revision: 0 },
        ),
        (
            "kubectl rollout restart deployment/web",
            RolloutAction::Restart,
        ),
        ("kubectl rollout pause deployment/web", RolloutAction::Pause),
    ] {
        match k(line).unwrap() {
            Kubectl::Rollout(r) => {
                assert_eq!(r.action, action, "{line}");
                assert_eq!(r.targets.objects(), [obj(Resource::Deployments, "web")]);
            }
            other => panic!("{line}: {other:?}"),
        }
    }
    match k("kubectl debug -it demo --image=busybox --target nginx -c dbg").unwrap() {
        Kubectl::Debug(d) => {
            assert_eq!(d.objects, [obj(Resource::Pods, "demo")]);
            assert_eq!(
                (
                    d.image.as_str(),
                    d.target.as_deref(),
                    d.container.as_deref()
                ),
                ("busybox", Some("nginx"), Some("dbg"))
            );
            assert!(d.stdin && d.tty);
        }
        other => panic!("{other:?}"),
    }
    match k("kubectl apply -f a.yaml -f b.yaml,c.yaml").unwrap() {
        Kubectl::Apply(a) => assert_eq!(a.files, ["a.yaml", "b.yaml", "c.yaml"]),
        other => panic!("{other:?}"),
    }
    assert!(k("kubectl delete pod demo").unwrap().changes_world());
    assert!(!k("kubectl get pods").unwrap().changes_world());
}

#[test]
fn errors_are_kubectls() {
    for (line, text) in [
        (
            "kubectl get podz",
            "error: the server doesn't have a resource type \"podz\"\n",
        ),
        (
            "kubectl get pods --bogus",
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
        ),
        (
            "kubectl get pods -x",
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n",
        ),
        (
            "kubectl get pods -n",
            "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n",
        ),
        (
            "kubectl rollout status deploy/web --revision=x",
            "error: invalid argument \"x\" for \"--revision\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl rollout status --help' for usage.\n",
        ),
        (
            "kubectl scale deployment web",
            "error: required flag(s) \"replicas\" not set\n",
        ),
        (
            "kubectl scale deployment web --replicas=-1",
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
        ),
        (
            "kubectl scale deployment --replicas=1",
            "error: resource(s) were provided, but no name was specified\n",
        ),
        (
            "kubectl delete",
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
        ),
        (
            "kubectl get pod pod/a",
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
        ),
        (
            "kubectl get pod/a/b",
            "error: arguments in resource/name form may not have more than one slash\n",
        ),
        (
            "kubectl get pods -o table",
            "error: unable to match a printer suitable for the output format \"table\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,wide,yaml\n",
        ),
        (
            "kubectl get pods -o yaml --show-labels",
            "error: --show-labels option cannot be used with yaml printer\n",
        ),
        (
            "kubectl logs",
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
        ),
        (
            "kubectl logs demo nginx -c nginx",
            "error: only one of -c or an inline [CONTAINER] arg is allowed\n",
        ),
        (
            "kubectl describe",
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
        ),
        (
            "kubectl rollout status",
            "error: required resource not specified\n",
        ),
        (
            "kubectl rollout frob deploy/web",
            "error: unknown command \"frob deploy/web\"\nSee 'kubectl rollout -h' for help and examples\n",
        ),
        (
            "kubectl exec demo ls",
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
        ),
        (
            "kubectl exec demo",
            "error: you must specify at least one command for the container\n",
        ),
        (
            "kubectl exec -- ls",
            "error: pod, type/name or --filename must be specified\n",
        ),
        (
            "kubectl debug demo",
            "error: you must specify --image when not using --copy-to.\n",
        ),
        (
            "kubectl debug demo --image=busybox -t",
            "error: -i/--stdin is required for containers with -t/--tty=true\n",
        ),
        ("kubectl apply", "error: must specify one of -f and -k\n"),
        (
            "kubectl apply x.yaml",
            "error: Unexpected args: [x.yaml]\nSee 'kubectl apply -h' for help and examples\n",
        ),
        (
            "kubectl frobnicate",
            "error: unknown command \"frobnicate\" for \"kubectl\"\n",
        ),
        (
            "kubectl log demo",
            // cobra lists every command within two edits, in the order kubectl adds them.
            "error: unknown command \"log\" for \"kubectl\"\n\nDid you mean this?\n\ttop\n\tlogs\n",
        ),
        (
            "kubectl ps",
            "error: unknown command \"ps\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\tcp\n\twait\n",
        ),
    ] {
        assert_eq!(k(line).unwrap_err(), text, "{line}");
    }
    assert_eq!(k("kubectl").unwrap(), Kubectl::Help);
    assert_eq!(k("kubectl -h").unwrap(), Kubectl::Help);
}

/// Words from the parser's own vocabulary, mixed with quoting and junk.
const VOCABULARY: &[&str] = &[
    "kubectl",
    "get",
    "describe",
    "logs",
    "delete",
    "scale",
    "rollout",
    "status",
    "undo",
    "restart",
    "apply",
    "exec",
    "debug",
    "pods",
    "po",
    "deploy",
    "rs",
    "svc",
    "no",
    "pod/a",
    "deployment.v1.apps/web",
    "a,b",
    "-n",
    "--namespace",
    "-n=x",
    "-o",
    "wide",
    "yaml",
    "jsonpath={.a}",
    "-A",
    "-l",
    "app=web",
    "--replicas",
    "--replicas=3",
    "--replicas=x",
    "-c",
    "-p",
    "--tail=-2",
    "--",
    "-",
    "-it",
    "--image",
    "busybox",
    "--target",
    "-f",
    "--now",
    "--grace-period",
    "-0",
    "0x",
    "'",
    "\"",
    "\\",
    "=",
    "/",
    "//",
    ",",
    "--=",
    "---",
    "-\u{e9}",
    "\u{1F600}",
    "",
    " ",
    "-h",
    "--help",
    "--to-revision=1",
];

#[test]
fn random_lines_never_panic() {
    let mut rng = SeededRng::new(0x6b75_6265);
    for _ in 0..20_000 {
        let n = rng.below(9);
        let mut line = String::from("kubectl");
        for _ in 0..n {
            line.push(' ');
            let i = rng.below(VOCABULARY.len() as u64) as usize;
            line.push_str(VOCABULARY.get(i).copied().unwrap_or_default());
        }
        if let Ok(words) = split_words(&line) {
            let result = parse(words.get(1..).unwrap_or_default());
            if let Err(e) = result {
                let text = e.to_string();
                assert!(text.ends_with('\n'), "{line:?} → {text:?}");
            }
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = SeededRng::new(42);
    for _ in 0..5_000 {
        let len = rng.below(40) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.below(128) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let words: Vec<String> = text.split(' ').map(str::to_owned).collect();
        let _ = parse(&words);
        let _ = split_words(&text);
    }
}
