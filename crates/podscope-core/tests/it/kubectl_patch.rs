//! `kubectl patch` of Deployments on the node: the three `--type`s, `--patch-file`, the API
//! server's errors, and a patched template rolling out as `kubectl apply` of the same
//! change does.

use podscope_core::scenario::script::Scenario;
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// The kubectl patch page's `retainkeys-demo` (k8s.io/examples/application/deployment-retainkeys.yaml).
const RETAINKEYS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: retainkeys-demo\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  strategy:\n    rollingUpdate:\n      maxSurge: 30%\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: retainkeys-demo-ctr\n        image: nginx\n";

/// `script` played on an empty cluster, the node's files `files` (path, text).
fn transcript(script: &str, files: &[(&str, &str)]) -> String {
    let mut world = World::from_loaded(
        &load("", podscope_core::DEFAULT_SEED),
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let mut script: Scenario = script.parse().expect("a valid script");
    script.read_files(|f| {
        files
            .iter()
            .find(|(path, _)| *path == f)
            .map(|(_, text)| (*text).to_owned())
    });
    script.run(&mut world).to_string()
}

fn with_manifest(manifest: &str, rest: &str) -> String {
    format!("at 0s apply <<EOF\n{manifest}EOF\n{rest}")
}

#[test]
fn a_strategic_patch_with_retain_keys_switches_the_strategy_to_recreate() {
    let text = transcript(
        &with_manifest(
            RETAINKEYS,
            "at 30s node -- kubectl patch deployment retainkeys-demo --type strategic --patch-file patch-file-no-retainkeys.yaml\n\
             at 31s node -- kubectl patch deployment retainkeys-demo --type strategic --patch-file patch-file-retainkeys.yaml\n\
             at 32s node -- kubectl patch deployment retainkeys-demo --patch-file patch-file-retainkeys.yaml\n\
             at 33s node -- kubectl get deployment retainkeys-demo -o jsonpath='{.spec.strategy}'\n\
             at 34s node -- kubectl patch deployment retainkeys-demo --patch-file missing.yaml\n",
        ),
        &[
            (
                "patch-file-no-retainkeys.yaml",
                "spec:\n  strategy:\n    type: Recreate\n",
            ),
            (
                "patch-file-retainkeys.yaml",
                "spec:\n  strategy:\n    $retainKeys:\n    - type\n    type: Recreate\n",
            ),
        ],
    );
    assert!(
        text.contains("patch-file-no-retainkeys.yaml\nThe Deployment \"retainkeys-demo\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'\n"),
        "{text}"
    );
    assert!(
        text.contains("--type strategic --patch-file patch-file-retainkeys.yaml\ndeployment.apps/retainkeys-demo patched\n"),
        "{text}"
    );
    assert!(
        text.contains("--patch-file patch-file-retainkeys.yaml\ndeployment.apps/retainkeys-demo patched (no change)\n"),
        "{text}"
    );
    assert!(
        text.contains("{.spec.strategy}'\n{\"type\":\"Recreate\"}"),
        "{text}"
    );
    assert!(
        text.contains(
            "error: unable to read patch file: open missing.yaml: no such file or directory\n"
        ),
        "{text}"
    );
}

#[test]
fn a_merge_patch_keeps_retain_keys_as_an_unknown_field_and_fails() {
    let text = transcript(
        &with_manifest(
            RETAINKEYS,
            "at 30s node -- kubectl patch deployment retainkeys-demo --type merge -p '{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}'\n\
             at 31s node -- kubectl patch deployment retainkeys-demo --type merge -p '{\"spec\":{\"strategy\":{\"rollingUpdate\":null,\"type\":\"Recreate\"}}}'\n\
             at 32s node -- kubectl get deployment retainkeys-demo -o jsonpath='{.spec.strategy}'\n\
             at 33s node -- kubectl patch deployment retainkeys-demo --type json -p '[{\"op\":\"add\",\"path\":\"/spec/strategy/rollingUpdate\",\"value\":{\"maxSurge\":1}}]'\n\
             at 34s node -- kubectl patch deployment retainkeys-demo --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/strategy\",\"value\":{\"type\":\"RollingUpdate\"}},{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]'\n\
             at 35s node -- kubectl get deployment retainkeys-demo -o jsonpath='{.spec.replicas} {.spec.strategy.type}'\n",
        ),
        &[],
    );
    // A JSON patch: the result validated as any update is.
    assert!(
        text.contains("rollingUpdate\",\"value\":{\"maxSurge\":1}}]'\nThe Deployment \"retainkeys-demo\" is invalid: spec.strategy.rollingUpdate: Forbidden"),
        "{text}"
    );
    assert!(
        text.contains("{.spec.strategy.type}'\n2 RollingUpdate"),
        "{text}"
    );
    assert!(
        text.contains("Warning: unknown field \"spec.strategy.$retainKeys\"\nThe Deployment \"retainkeys-demo\" is invalid: spec.strategy.rollingUpdate: Forbidden"),
        "{text}"
    );
    // `null` deletes in a JSON merge patch.
    assert!(
        text.contains("deployment.apps/retainkeys-demo patched\n"),
        "{text}"
    );
    assert!(
        text.contains("{.spec.strategy}'\n{\"type\":\"Recreate\"}"),
        "{text}"
    );
}

/// The kubectl patch page's `patch-demo` with `containers` as given.
fn patch_demo(containers: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: patch-demo\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n{containers}"
    )
}

const NGINX: &str = "      - name: patch-demo-ctr\n        image: nginx\n";
const REDIS: &str = "      - name: patch-demo-ctr-2\n        image: redis\n";

#[test]
fn a_patched_template_rolls_out_as_applying_the_same_change_does() {
    let then = "at 90s node -- kubectl get rs\nat 90s node -- kubectl get pods\n";
    let patched = transcript(
        &with_manifest(
            &patch_demo(NGINX),
            &format!(
                "at 30s node -- kubectl patch deployment patch-demo -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"patch-demo-ctr-2\",\"image\":\"redis\"}}]}}}}}}}}'\n{then}"
            ),
        ),
        &[],
    );
    let applied = transcript(
        &with_manifest(
            &patch_demo(NGINX),
            &format!(
                "at 30s apply <<EOF\n{}EOF\n{then}",
                patch_demo(&format!("{REDIS}{NGINX}"))
            ),
        ),
        &[],
    );
    let tail = |t: &str| {
        t.split("[1m30s]")
            .skip(1)
            .collect::<Vec<_>>()
            .join("[1m30s]")
    };
    assert!(
        patched.contains("deployment.apps/patch-demo patched\n"),
        "{patched}"
    );
    assert!(!tail(&patched).is_empty());
    assert_eq!(tail(&patched), tail(&applied));
    assert!(tail(&patched).contains("2/2     Running"), "{patched}");
}

#[test]
fn scalars_replace_without_a_rollout_and_errors_are_the_api_servers() {
    let text = transcript(
        &with_manifest(
            &patch_demo(NGINX),
            "at 30s node -- kubectl patch deployment patch-demo -p '{\"spec\":{\"replicas\":3}}'\n\
             at 30s node -- kubectl patch deployment patch-demo -p '{\"spec\":{\"replicas\":3}}'\n\
             at 31s node -- kubectl patch deployment patch-demo -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"redis\"}]}}}}'\n\
             at 31s node -- kubectl patch deployment patch-demo -p '{\"spec\":{\"strategy\":{\"$retainKeys\":[\"rollingUpdate\"],\"type\":\"Recreate\"}}}'\n\
             at 31s node -- kubectl patch deployment nope -p '{\"spec\":{\"replicas\":1}}'\n\
             at 31s node -- kubectl patch deployment patch-demo --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/paused\",\"value\":true}]'\n\
             at 60s node -- kubectl get rs\n",
        ),
        &[],
    );
    assert!(
        text.contains("deployment.apps/patch-demo patched\n")
            && text.contains("deployment.apps/patch-demo patched (no change)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Error from server: map: map[image:redis] does not contain declared merge key: name\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Error from server (BadRequest): invalid patch format of retainKeys\n"),
        "{text}"
    );
    assert!(
        text.contains("Error from server (NotFound): deployments.apps \"nope\" not found\n"),
        "{text}"
    );
    // A JSON patch operation that does not apply: a 422 without details.
    assert!(
        text.contains("The request is invalid: the server rejected our request due to an error in our request\n"),
        "{text}"
    );
    // One ReplicaSet, scaled to three.
    let rs = text.split("get rs\n").nth(1).unwrap_or_default();
    assert_eq!(rs.lines().count(), 2, "{text}");
    assert!(rs.contains("   3         3         3       "), "{text}");
}

#[test]
fn kubectl_in_the_node_s_shell_reads_the_node_s_files() {
    let text = transcript(
        &with_manifest(
            RETAINKEYS,
            "at 30s node -it -- mkdir -p /tmp/p && cd /tmp/p\n\
             at 30s node -it -- cat <<'EOF' > retain.yaml\n\
             at 30s node -it -- spec:\n\
             at 30s node -it --   strategy:\n\
             at 30s node -it --     $retainKeys: [type]\n\
             at 30s node -it --     type: Recreate\n\
             at 30s node -it -- EOF\n\
             at 31s node -it -- kubectl patch deployment retainkeys-demo --patch-file retain.yaml\n\
             at 32s node -it -- cd / && kubectl patch deployment retainkeys-demo --patch-file retain.yaml\n\
             at 33s node -- kubectl patch deployment retainkeys-demo --patch-file retain.yaml\n",
        ),
        &[],
    );
    assert!(
        text.contains("--patch-file retain.yaml\ndeployment.apps/retainkeys-demo patched\n"),
        "{text}"
    );
    // Relative to the shell's directory; and the reader's files are not the node's.
    assert_eq!(
        text.matches(
            "error: unable to read patch file: open retain.yaml: no such file or directory\n"
        )
        .count(),
        2,
        "{text}"
    );
}
