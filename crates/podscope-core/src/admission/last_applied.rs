//! The `kubectl.kubernetes.io/last-applied-configuration` annotation `kubectl apply` writes on
//! each object of a manifest: kubectl pkg/util/apply.go `GetModifiedConfiguration` (the object
//! as read, its own last-applied annotation removed, so `annotations` is at least `{}`,
//! encoded by the unstructured JSON encoder: `json.Marshal` of maps, keys sorted, then the
//! encoder's newline), with the namespace the resource builder sets on a namespaced object
//! (the namespace of `-n` or of the context, `default`, when the file names none).

use podscope_collections::Map;

use serde_json::Value;

use crate::model::ids::ObjectKey;

/// The annotation's key.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The kinds without a namespace among those podscope reads.
const CLUSTER_SCOPED: [&str; 2] = ["Namespace", "Node"];

/// The annotation's value for each object of `text`, by its kind and key; `namespace` for
/// the objects that name none.
pub fn annotations(text: &str, namespace: &str) -> Map<(String, ObjectKey), String> {
    let mut out = Map::new();
    for doc in crate::model::yaml::json_documents(text) {
        // The documents end at the first error (the loader reports it).
        let mut object = match doc {
            Ok(Value::Object(object)) => object,
            Ok(_) => continue,
            Err(_) => break,
        };
        let kind = object
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(Value::Object(meta)) = object.get_mut("metadata") else {
            continue;
        };
        let Some(name) = meta.get("name").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let mut annotations = match meta.remove("annotations") {
            Some(Value::Object(a)) => a,
            _ => serde_json::Map::new(),
        };
        annotations.remove(LAST_APPLIED);
        meta.insert("annotations".into(), Value::Object(annotations));
        let namespaced = !CLUSTER_SCOPED.contains(&kind.as_str());
        let namespace = match meta.get("namespace").and_then(Value::as_str) {
            Some(ns) if !ns.is_empty() => ns.to_owned(),
            _ => namespace.to_owned(),
        };
        if namespaced {
            meta.insert("namespace".into(), Value::String(namespace.clone()));
        }
        let key = ObjectKey::new(if namespaced { &namespace } else { "" }, &name);
        let mut json = Value::Object(object).to_string();
        json.push('\n');
        out.insert((kind, key), json);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn malformed_yaml_ends_the_documents_rather_than_looping() {
        assert!(annotations("kind: [\n", "default").is_empty());
        let two = "kind: Pod\nmetadata:\n  name: a\n---\nkind: [\n";
        assert_eq!(annotations(two, "default").len(), 1);
    }

    #[test]
    fn the_manifest_as_sorted_json_with_its_namespace() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\nspec:\n  selector:\n    matchLabels:\n      app: nginx\n  minReadySeconds: 5\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n        ports:\n        - containerPort: 80\n";
        let all = annotations(text, "default");
        let web = annotations(text, "web");
        assert!(web.contains_key(&(
            "Deployment".to_owned(),
            ObjectKey::new("web", "nginx-deployment")
        )));
        let key = (
            "Deployment".to_owned(),
            ObjectKey::new("default", "nginx-deployment"),
        );
        assert_eq!(
            all.get(&key).map(String::as_str),
            Some(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"nginx-deployment\",\"namespace\":\"default\"},\"spec\":{\"minReadySeconds\":5,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}}}\n"
            )
        );
    }
}
