//! ServiceAccounts: every namespace's `default` account, applied accounts with their own
//! age, `kubectl delete serviceaccount`, and a docker-registry Secret in `get secrets`.

use podscope_core::scenario::script::Scenario;
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn transcript(script: &str) -> String {
    let manifest = load(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n",
        podscope_core::DEFAULT_SEED,
    );
    let mut world = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let script: Scenario = script.parse().expect("a valid script");
    script.run(&mut world).to_string()
}

#[test]
fn each_namespace_has_its_default_account_and_applied_ones_join_it() {
    let text = transcript(
        "at 10s apply <<EOF\n\
{apiVersion: v1, kind: ServiceAccount, metadata: {name: build-robot, namespace: team}}\n\
EOF\n\
         at 70s node -- kubectl get sa -A\n\
         at 70s node -- kubectl delete serviceaccount build-robot -n team\n\
         at 70s node -- kubectl get serviceaccounts -n team\n\
         at 80s node -- kubectl create secret docker-registry key --docker-username=u --docker-password=p\n\
         at 80s node -- kubectl get secrets\n",
    );
    assert!(
        text.contains(
            "NAMESPACE         NAME          SECRETS   AGE\n\
             default           default       0         70s\n\
             kube-node-lease   default       0         70s\n\
             kube-public       default       0         70s\n\
             kube-system       default       0         70s\n\
             team              build-robot   0         60s\n\
             team              default       0         70s\n"
        ),
        "{text}"
    );
    assert!(text.contains("serviceaccount \"build-robot\" deleted from team namespace\n"));
    assert!(
        text.contains(
            "get serviceaccounts -n team\nNAME      SECRETS   AGE\ndefault   0         70s\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("key    kubernetes.io/dockerconfigjson   1      "),
        "{text}"
    );
}

#[test]
fn a_patched_accounts_image_pull_secrets_reach_its_new_pods() {
    let text = transcript(
        "at 1s node -- kubectl patch serviceaccount default -p '{\"imagePullSecrets\": [{\"name\": \"key\"}]}'\n\
         at 1s node -- kubectl patch serviceaccount default -p '{\"imagePullSecrets\": [{\"name\": \"key\"}]}'\n\
         at 1s node -- kubectl patch serviceaccount nobody -p '{\"imagePullSecrets\": [{\"name\": \"key\"}]}'\n\
         at 2s node -- kubectl run nginx --image=nginx --restart=Never\n\
         at 2s node -- kubectl run other -n team --image=nginx --restart=Never\n\
         at 3s node -- kubectl get pod nginx -o=jsonpath='{.spec.imagePullSecrets[0].name}'\n\
         at 3s node -- kubectl get pod other -n team -o=jsonpath='[{.spec.imagePullSecrets}]'\n",
    );
    assert!(text.contains("patch serviceaccount default -p '{\"imagePullSecrets\": [{\"name\": \"key\"}]}'\nserviceaccount/default patched\n"), "{text}");
    assert!(
        text.contains("serviceaccount/default patched (no change)\n"),
        "{text}"
    );
    assert!(
        text.contains("Error from server (NotFound): serviceaccounts \"nobody\" not found\n"),
        "{text}"
    );
    assert!(text.contains("imagePullSecrets[0].name}'\nkey"), "{text}");
    assert!(text.contains("{.spec.imagePullSecrets}]'\n[]"), "{text}");
}
