//! `kubectl create configmap` and `create secret generic` on the node, from the files the
//! reader wrote in the node's shell (a directory, a file, `KEY=FILE`, env files) and from
//! literals, with kubectl's errors; and the ConfigMaps as `get -o yaml` and `describe`
//! print them.

use podscope_core::model::time::SimTime;
use podscope_core::scenario::script::Scenario;
use podscope_core::{World, WorldOptions, load};

/// The transcript of `script` on an empty cluster.
fn transcript(script: &str) -> String {
    let mut world = World::from_loaded(
        &load("", podscope_core::DEFAULT_SEED),
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    world.advance_to(SimTime::ZERO);
    let script: Scenario = script.parse().expect("a valid script");
    script.run(&mut world).to_string()
}

/// The reader's files: a directory of two files (one without a final newline) and an env
/// file with a comment, a blank line, leading blanks, quotes and a name without a value.
const FILES: &str = "at 0s node -it -- mkdir -p conf/sub\n\
     at 0s node -it -- printf 'a=1\\nb=2' > conf/a.properties\n\
     at 0s node -it -- echo 'c=3' > conf/c.properties\n\
     at 0s node -it -- printf '# vars\\n\\n  lives=3\\nallowed=\"true\"\\nFROM_ENV\\n' > game.env\n\
     at 0s node -it -- export FROM_ENV=exported\n";

#[test]
fn each_source_form_of_create_configmap() {
    let text = transcript(&format!(
        "{FILES}\
         at 1s node -it -- kubectl create configmap dir --from-file=conf/\n\
         at 1s node -it -- kubectl create configmap keyed --from-file=k=conf/a.properties --from-file=/root/conf/c.properties\n\
         at 1s node -it -- kubectl create configmap env --from-env-file=game.env --from-env-file=conf/c.properties\n\
         at 1s node -it -- cd conf && kubectl create cm lit --from-literal=x=1 --from-literal=y= --from-file=a.properties\n\
         at 2s node -- kubectl get configmaps dir env -o yaml\n\
         at 2s node -- kubectl describe configmaps/keyed\n\
         at 2s node -- kubectl get configmap lit -o jsonpath={{.data}}\n"
    ));
    insta::assert_snapshot!(text);
    // The directory's regular files, each under its name; `sub/` is skipped (in the list
    // of two, under `items:`).
    assert!(
        text.contains(
            "    a.properties: |-\n      a=1\n      b=2\n    c.properties: |\n      c=3\n"
        ),
        "{text}"
    );
    // Env files: leading blanks trimmed, quotes kept, a bare name read from kubectl's
    // environment (the session exported it), both files' keys.
    assert!(
        text.contains(
            "    FROM_ENV: exported\n    allowed: '\"true\"'\n    c: \"3\"\n    lives: \"3\"\n"
        ),
        "{text}"
    );
    // describe: keys sorted; a value ending in a newline leaves two blank lines.
    assert!(
        text.contains("c.properties:\n----\nc=3\n\n\nk:\n----\na=1\nb=2\n\n\nBinaryData"),
        "{text}"
    );
    // Relative paths from the session's working directory.
    assert!(
        text.contains("{\"a.properties\":\"a=1\\nb=2\",\"x\":\"1\",\"y\":\"\"}"),
        "{text}"
    );
}

#[test]
fn create_configmap_errors_are_kubectls() {
    let text = transcript(&format!(
        "{FILES}\
         at 1s node -- kubectl create configmap twice --from-literal=a=1\n\
         at 1s node -- kubectl create configmap twice --from-literal=a=1\n\
         at 1s node -- kubectl create configmap mixed --from-env-file=game.env --from-literal=a=1\n\
         at 1s node -- kubectl create configmap nofile --from-file=missing.txt\n\
         at 1s node -- kubectl create configmap dirkey --from-file=k=conf\n\
         at 1s node -- kubectl create configmap envdir --from-env-file=conf\n\
         at 1s node -- kubectl create configmap dup --from-file=conf --from-literal=c.properties=x\n\
         at 1s node -it -- echo 'bad key=1' > bad.env\n\
         at 1s node -- kubectl create configmap badenv --from-env-file=bad.env\n\
         at 1s node -- kubectl create secret generic dupsecret --from-literal=a=1 --from-literal=a=2\n"
    ));
    insta::assert_snapshot!(text);
    for line in [
        "error: failed to create configmap: configmaps \"twice\" already exists\n",
        "error: from-env-file cannot be combined with from-file or from-literal\n",
        "error: error reading missing.txt: no such file or directory\n",
        "error: cannot give a key name for a directory path\n",
        "error: env config file cannot be a directory\n",
        "error: cannot add key \"c.properties\", another key by that name already exists in Data for ConfigMap \"dup\"\n",
        "error: \"bad key\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        "error: cannot add key a, another key by that name already exists\n",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
}

#[test]
fn create_f_prints_what_it_created_before_the_objects_it_could_not() {
    let mut world = World::from_loaded(
        &load("", podscope_core::DEFAULT_SEED),
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let one = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: special-config\n";
    let two = format!("{one}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env-config\n");
    let first = world.create_manifest(&load(one, podscope_core::DEFAULT_SEED), Some("one.yaml"));
    assert_eq!(first.text, "configmap/special-config created\n");
    // create.go `RunCreate`: the visitor goes on, and the error comes after.
    let out = world.create_manifest(&load(&two, podscope_core::DEFAULT_SEED), Some("two.yaml"));
    assert_eq!(
        out.text,
        "configmap/env-config created\nError from server (AlreadyExists): error when creating \"two.yaml\": configmaps \"special-config\" already exists\n"
    );
    assert_eq!(out.status, 1);
}

#[test]
fn apply_k_generates_hashed_config_maps_from_a_kustomization() {
    let text = transcript(
        "at 0s node -it -- mkdir -p site other\n\
         at 0s node -it -- printf 'configMapGenerator:\\n- name: special-config-2\\n  literals:\\n  - special.how=very\\n  - special.type=charm\\n' > site/kustomization.yaml\n\
         at 0s node -it -- printf 'resources:\\n- pod.yaml\\n' > other/kustomization.yaml\n\
         at 1s node -it -- cd site && kubectl apply -k .\n\
         at 1s node -it -- kubectl apply -k .\n\
         at 2s node -- kubectl apply -k other\n\
         at 2s node -- kubectl get configmaps special-config-2-c92b5mmcf2 -o jsonpath={.data}\n",
    );
    assert!(
        text.contains("kubectl apply -k .\nconfigmap/special-config-2-c92b5mmcf2 created\n"),
        "{text}"
    );
    assert!(
        text.contains("kubectl apply -k .\nconfigmap/special-config-2-c92b5mmcf2 unchanged\n"),
        "{text}"
    );
    assert!(
        text.contains("podscope: kubectl apply -k with resources is not modelled"),
        "{text}"
    );
    assert!(
        text.contains("{\"special.how\":\"very\",\"special.type\":\"charm\"}"),
        "{text}"
    );
}

#[test]
fn create_f_reads_a_manifest_the_reader_wrote_on_the_node() {
    let text = transcript(
        "at 0s node -- kubectl create configmap special-config --from-literal=special.how=very\n\
         at 1s node -it -- mkdir cms && cd cms\n\
         at 1s node -it -- printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: special-config\\n---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: env-config\\n' > two.yaml\n\
         at 1s node -it -- kubectl create -f two.yaml\n\
         at 2s node -- kubectl delete -f cms/two.yaml\n\
         at 2s node -- kubectl apply -f cms\n",
    );
    assert!(
        text.contains("kubectl create -f two.yaml\nconfigmap/env-config created\nError from server (AlreadyExists): error when creating \"two.yaml\": configmaps \"special-config\" already exists\n"),
        "{text}"
    );
    assert!(
        text.contains("configmap \"env-config\" deleted from default namespace"),
        "{text}"
    );
    assert!(
        text.contains("podscope: kubectl apply -f DIRECTORY is not modelled"),
        "{text}"
    );
}
