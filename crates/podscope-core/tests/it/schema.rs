//! The schema table (`admission::decode::check`) against its oracle, k8s-openapi's own
//! `Deserialize` through the same deserializer (`schema_oracle.rs`, generated with the
//! table): the documents of the examples, the fixtures and the corpus of a kind the table
//! checks, documents of any kind relabeled as each kind the table checks, and seeded
//! mutations of each give the same first error at the same path and the same unknown fields
//! in the same order.
#![cfg(not(target_arch = "wasm32"))]

use podscope_core::admission::decode::check;
use podscope_core::model::kinds::BUILT_IN;
use podscope_core::model::rng::SeededRng;
use podscope_core::model::yaml::Value;

use crate::readers::{cases, mutated, no_difference, summary, texts};
use crate::schema_oracle::decode_as;

/// The kinds podscope simulates (decoded by the readers, not checked by the table).
const SIMULATED: &[(&str, &str)] = &[
    ("v1", "Pod"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "ReplicaSet"),
    ("v1", "ReplicationController"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "Service"),
    ("v1", "Namespace"),
    ("v1", "Node"),
    ("batch/v1", "Job"),
    ("v1", "LimitRange"),
    ("v1", "ResourceQuota"),
    ("v1", "PersistentVolume"),
    ("v1", "ServiceAccount"),
    ("v1", "PersistentVolumeClaim"),
];

/// The kinds the table checks: every served kind but those simulated.
fn table_kinds() -> Vec<(&'static str, &'static str)> {
    BUILT_IN
        .iter()
        .copied()
        .filter(|k| !SIMULATED.contains(k))
        .collect()
}

/// Relabeled documents tried per kind (each with a quarter of the mutations).
const RELABELED: u64 = 12;

fn compare(api_version: &str, kind: &str, value: &Value) -> Result<(), String> {
    let (Some(ours), Some(theirs)) = (
        check(value, api_version, kind),
        decode_as(api_version, kind, value),
    ) else {
        return Err(format!(
            "{api_version} {kind}: not in the table or its oracle"
        ));
    };
    let (ours, theirs) = (summary(ours), summary(theirs));
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("checked:\n{ours}\ndecoded:\n{theirs}"))
    }
}

/// `value` with its `apiVersion` and `kind` set (a mapping's own keys replaced in place).
fn relabel(value: &Value, api_version: &str, kind: &str) -> Value {
    let mut value = value.clone();
    if let Value::Mapping(map) = &mut value {
        for (key, v) in map.iter_mut() {
            match key.as_str() {
                Some("apiVersion") => *v = Value::String(api_version.to_owned()),
                Some("kind") => *v = Value::String(kind.to_owned()),
                _ => {}
            }
        }
    }
    value
}

/// Compares `value` and `mutations` mutations of it; the differences found.
fn compare_mutated(
    (api_version, kind): (&str, &str),
    name: &str,
    value: &Value,
    mutations: u64,
    rng: &mut SeededRng,
    differ: &mut Vec<String>,
) -> u64 {
    if let Err(e) = compare(api_version, kind, value) {
        differ.push(format!("{name} as {kind}:\n{e}"));
    }
    for case in 0..mutations {
        let mutated = mutated(value, rng);
        if let Err(e) = compare(api_version, kind, &mutated) {
            differ.push(format!("{name} as {kind}, mutation {case}:\n{e}"));
        }
    }
    1 + mutations
}

#[test]
fn the_schema_table_agrees_with_k8s_openapi_s_deserialize() {
    let mut rng = SeededRng::new(35);
    let kinds = table_kinds();
    let (mut own, mut compared, mut differ) = (0, 0, Vec::new());
    let mut all = Vec::new();
    for (name, text) in texts() {
        for doc in text.split("\n---") {
            let Ok(value) = podscope_core::model::yaml::from_str(doc) else {
                continue;
            };
            let label = (
                value.get("apiVersion").and_then(Value::as_str),
                value.get("kind").and_then(Value::as_str),
            );
            if let (Some(api_version), Some(kind)) = label
                && let Some(&entry) = kinds.iter().find(|(a, k)| *a == api_version && *k == kind)
            {
                own += 1;
                compared += compare_mutated(entry, &name, &value, cases(), &mut rng, &mut differ);
            }
            if value.is_mapping() {
                all.push((name.clone(), value));
            }
        }
    }
    for &entry in &kinds {
        for _ in 0..RELABELED {
            let (name, value) = &all[rng.below(all.len() as u64) as usize];
            let value = relabel(value, entry.0, entry.1);
            compared += compare_mutated(entry, name, &value, cases() / 4, &mut rng, &mut differ);
        }
    }
    eprintln!(
        "{own} documents of {} kinds, {compared} comparisons",
        kinds.len()
    );
    assert!(own > 20, "only {own} documents of the table's kinds");
    no_difference(&differ, compared);
}

/// Every served kind is either simulated or checked by the table (with an oracle).
#[test]
fn every_served_kind_is_simulated_or_checked() {
    let empty = Value::Mapping(Default::default());
    for &(api_version, kind) in BUILT_IN {
        let simulated = SIMULATED.contains(&(api_version, kind));
        let checked = check(&empty, api_version, kind).is_some();
        assert!(simulated != checked, "{api_version} {kind}");
        assert_eq!(checked, decode_as(api_version, kind, &empty).is_some());
    }
    assert!(SIMULATED.iter().all(|k| BUILT_IN.contains(k)));
}

/// Hand-picked documents for what random mutations seldom reach: a required field missing,
/// maps of structs (a CRD's `properties`), the schema's either-or types, a resource's
/// apiVersion check, and what the checks say.
#[test]
fn what_the_table_says_about_hand_picked_documents() {
    let cases = [
        (
            "apiVersion: authentication.k8s.io/v1\nkind: TokenRequest\nspec: {audiences: [a]}\nstatus: {token: t}\n",
            "error at \"status\": missing field `expirationTimestamp`",
        ),
        (
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.b.c}\nspec:\n  group: b.c\n  names: {kind: A, plural: as}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            x-kubernetes-preserve-unknown-fields: true\n            properties:\n              size: {type: integer, minimum: 1, maxLength: x}\n",
            "error at \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.maxLength\": invalid type: string \"x\", expected i64",
        ),
        (
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n  - schema:\n      openAPIV3Schema:\n        properties:\n          a: {typo: 1, items: [{type: string, bogus: 2}], additionalProperties: false}\n",
            "()\nunknown: [\"spec.versions[0].schema.openAPIV3Schema.properties.a.typo\", \"spec.versions[0].schema.openAPIV3Schema.properties.a.items[0].bogus\"]",
        ),
        (
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: a}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: User, name: jane, namespce: x}\n",
            "()\nunknown: [\"subjects[0].namespce\"]",
        ),
        (
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend: {service: {name: s, port: {number: http}}}\n",
            "error at \"spec.rules[0].http.paths[0].backend.service.port.number\": invalid type: string \"http\", expected i32",
        ),
    ];
    for (yaml, want) in cases {
        let value = podscope_core::model::yaml::from_str(yaml).expect("YAML");
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let outcome = check(&value, api_version, kind).expect("a kind of the table");
        let said = summary(outcome);
        assert!(
            said.starts_with(want) || said == want,
            "{kind}:\n{said}\nwanted:\n{want}"
        );
        compare(api_version, kind, &value).unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
}

/// A CRD schema nested as deep as the parser allows is checked to its bottom, as serde's
/// decode reads it: the interpreter's recursion is bounded by the parser's 128 levels.
#[test]
fn a_schema_nested_to_the_parser_s_limit_is_checked_to_its_bottom() {
    let mut inner = "{type: object, bogus: 1}".to_owned();
    for _ in 0..55 {
        inner = format!("{{properties: {{a: {inner}}}}}");
    }
    let yaml = format!(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {{versions: [{{schema: {{openAPIV3Schema: {inner}}}}}]}}\n"
    );
    let value = podscope_core::model::yaml::from_str(&yaml).expect("within the parser's limit");
    let api = "apiextensions.k8s.io/v1";
    let outcome = check(&value, api, "CustomResourceDefinition").expect("a kind of the table");
    let deepest = outcome
        .unknown
        .last()
        .map(|u| u.path.clone())
        .unwrap_or_default();
    assert!(deepest.ends_with(".properties.a.bogus"), "{deepest}");
    assert_eq!(deepest.matches(".properties.a").count(), 55);
    compare(api, "CustomResourceDefinition", &value).unwrap_or_else(|e| panic!("{e}"));
}
