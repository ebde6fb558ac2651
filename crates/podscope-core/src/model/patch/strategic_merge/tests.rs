//! The strategic merge rules, each on the Deployment of the kubectl patch page
//! (kubernetes/website update-api-object-kubectl-patch.md) or apimachinery's
//! strategicpatch testdata shapes.

use serde_json::{Value, json};

use super::apply;
use crate::model::patch::PatchError;
use crate::model::patch::schema::Schema;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// The page's `patch-demo` Deployment as stored.
fn patch_demo() -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "patch-demo", "namespace": "default"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "nginx"}},
            "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
            "template": {
                "metadata": {"labels": {"app": "nginx"}},
                "spec": {
                    "containers": [{"name": "patch-demo-ctr", "image": "nginx"}],
                    "tolerations": [{"effect": "NoSchedule", "key": "dedicated", "value": "test-team"}]
                }
            }
        }
    })
}

fn patched(patch: Value) -> Result<Value, PatchError> {
    apply(&patch_demo(), &patch, Schema::Deployment)
}

fn pod_spec(v: &Value) -> &Value {
    &v["spec"]["template"]["spec"]
}

#[test]
fn containers_merge_by_name_the_patch_s_new_item_first() {
    let out = patched(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "patch-demo-ctr-2", "image": "redis"}
    ]}}}}))
    .unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["containers"],
        json!([
            {"name": "patch-demo-ctr-2", "image": "redis"},
            {"name": "patch-demo-ctr", "image": "nginx"}
        ])
    );
    // An item of an existing name merges into it, in place.
    let out = patched(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "patch-demo-ctr", "image": "nginx:1.27", "env": [{"name": "A", "value": "1"}]}
    ]}}}}))
    .unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["containers"],
        json!([{"name": "patch-demo-ctr", "image": "nginx:1.27", "env": [{"name": "A", "value": "1"}]}])
    );
}

#[test]
fn tolerations_have_no_strategy_and_are_replaced() {
    let out = patched(json!({"spec": {"template": {"spec": {"tolerations": [
        {"effect": "NoSchedule", "key": "disktype", "value": "ssd"}
    ]}}}}))
    .unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["tolerations"],
        json!([{"effect": "NoSchedule", "key": "disktype", "value": "ssd"}])
    );
}

#[test]
fn env_merges_by_name_and_ports_by_container_port() {
    let original = json!({"spec": {"template": {"spec": {"containers": [{
        "name": "c", "image": "i",
        "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
        "ports": [{"containerPort": 80, "protocol": "TCP"}]
    }]}}}});
    let patch = json!({"spec": {"template": {"spec": {"containers": [{
        "name": "c",
        "env": [{"name": "B", "value": "3"}],
        "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}]
    }]}}}});
    let out = apply(&original, &patch, Schema::Deployment).unwrap_or_default();
    let c = &pod_spec(&out)["containers"][0];
    // The patch's items in its order, the others where the live list had them.
    assert_eq!(
        c["env"],
        json!([{"name": "A", "value": "1"}, {"name": "B", "value": "3"}])
    );
    assert_eq!(
        c["ports"],
        json!([{"containerPort": 80, "name": "http", "protocol": "TCP"}, {"containerPort": 443}])
    );
}

#[test]
fn retain_keys_clears_the_keys_it_does_not_list() {
    let out = patched(json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}))
        .unwrap_or_default();
    assert_eq!(out["spec"]["strategy"], json!({"type": "Recreate"}));
    // Without the directive the map merges: `rollingUpdate` stays (the API server's
    // validation then refuses it).
    let out = patched(json!({"spec": {"strategy": {"type": "Recreate"}}})).unwrap_or_default();
    assert_eq!(
        out["spec"]["strategy"],
        json!({"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "Recreate"})
    );
    // Every key the patch sets must be listed.
    assert_eq!(
        patched(
            json!({"spec": {"strategy": {"$retainKeys": ["rollingUpdate"], "type": "Recreate"}}})
        ),
        Err(PatchError::BadRequest(
            "invalid patch format of retainKeys".to_owned()
        ))
    );
}

#[test]
fn null_deletes_and_directives_delete_or_replace() {
    let out =
        patched(json!({"spec": {"strategy": null, "template": {"spec": {"tolerations": null}}}}))
            .unwrap_or_default();
    assert!(out["spec"].get("strategy").is_none());
    assert!(pod_spec(&out).get("tolerations").is_none());
    // `$patch: delete` in a list item removes the item of its key.
    let out = patched(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "patch-demo-ctr", "$patch": "delete"},
        {"name": "other", "image": "busybox"}
    ]}}}}))
    .unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["containers"],
        json!([{"name": "other", "image": "busybox"}])
    );
    // `$patch: replace` in a list makes the others the list; in a map, the map.
    let out = patched(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "only", "image": "redis"},
        {"$patch": "replace"}
    ]}}}}))
    .unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["containers"],
        json!([{"name": "only", "image": "redis"}])
    );
    let out =
        patched(json!({"spec": {"selector": {"$patch": "replace", "matchLabels": {"x": "y"}}}}))
            .unwrap_or_default();
    assert_eq!(out["spec"]["selector"], json!({"matchLabels": {"x": "y"}}));
    let out = patched(json!({"spec": {"template": {"$patch": "delete"}}})).unwrap_or_default();
    assert_eq!(out["spec"]["template"], json!({}));
}

#[test]
fn a_merged_item_needs_its_merge_key() {
    assert_eq!(
        patched(json!({"spec": {"template": {"spec": {"containers": [{"image": "redis"}]}}}})),
        Err(PatchError::Plain(
            "map: map[image:redis] does not contain declared merge key: name".to_owned()
        ))
    );
    assert_eq!(
        patched(json!({"spec": {"template": {"$patch": "nope"}}})),
        Err(PatchError::Plain(
            "unknown patch type: nope in map: map[$patch:nope]".to_owned()
        ))
    );
}

#[test]
fn merged_lists_of_strings_dedupe_and_delete_from_a_parallel_list() {
    let original = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
    let out = apply(
        &original,
        &json!({"metadata": {"finalizers": ["d", "b"]}}),
        Schema::Deployment,
    )
    .unwrap_or_default();
    assert_eq!(out["metadata"]["finalizers"], json!(["d", "a", "b", "c"]));
    let out = apply(
        &original,
        &json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"]}}),
        Schema::Deployment,
    )
    .unwrap_or_default();
    assert_eq!(out["metadata"]["finalizers"], json!(["a", "c"]));
}

#[test]
fn set_element_order_orders_the_merged_list() {
    let original = json!({"spec": {"template": {"spec": {"containers": [
        {"name": "a", "image": "1"}, {"name": "b", "image": "2"}
    ]}}}});
    let patch = json!({"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
        "containers": [{"name": "a", "image": "3"}]
    }}}});
    let out = apply(&original, &patch, Schema::Deployment).unwrap_or_default();
    assert_eq!(
        pod_spec(&out)["containers"],
        json!([{"name": "b", "image": "2"}, {"name": "a", "image": "3"}])
    );
}

#[test]
fn a_patch_that_is_not_an_object_is_a_bad_request() {
    assert_eq!(
        patched(json!([1])),
        Err(PatchError::BadRequest(
            "json: cannot unmarshal array into Go value of type map[string]interface {}".to_owned()
        ))
    );
    assert_eq!(patched(Value::Null), Ok(patch_demo()));
}

#[test]
fn a_list_of_lists_is_refused_without_detail() {
    // Go looks at the first element: a list there is `ErrNoListOfLists`.
    let original = json!({"metadata": {"finalizers": []}});
    assert_eq!(
        apply(
            &original,
            &json!({"metadata": {"finalizers": [["b"]]}}),
            Schema::Deployment
        ),
        Err(PatchError::Invalid(
            crate::model::patch::UNPROCESSABLE.to_owned()
        ))
    );
    // Elements of another type after the first are `list element types are not identical`.
    assert_eq!(
        apply(
            &json!({"metadata": {"finalizers": ["a"]}}),
            &json!({"metadata": {"finalizers": [["b"]]}}),
            Schema::Deployment
        ),
        Err(PatchError::Plain(
            "list element types are not identical: [[a] [[b]]]".to_owned()
        ))
    );
}
