//! Deployments and ReplicaSets as the API server returns them: the apps/v1 and
//! batch/v1 defaults (pkg/apis/apps/v1/defaults.go `SetDefaults_Deployment`,
//! `SetDefaults_ReplicaSet`), the pod
//! template with the core defaults (`SetDefaults_PodSpec` and the containers'; templates get
//! no admission plugins), and the status the controllers write. A template's empty
//! `creationTimestamp` is left out (apimachinery `ObjectMeta.CreationTimestamp` is
//! `omitzero`).

use crate::model::sort::CollectMap;
use serde_json::{Map, Value, json};

use super::{Meta, object, stand_in_uid, string_map, time};
use crate::model::spec::PodSpec;
use crate::model::workload::strategy::Strategy;
use crate::sim::controllers::{Deployment, ReplicaSet};
use crate::sim::world::World;

/// `spec.template`: labels (and annotations) and the defaulted pod spec.
pub fn template(t: &PodSpec) -> Value {
    let mut meta = Map::new();
    if let Some(a) = t.api.metadata.annotations.as_ref().and_then(string_map) {
        meta.insert("annotations".into(), a);
    }
    if let Some(l) = string_map(&t.labels) {
        meta.insert("labels".into(), l);
    }
    json!({"metadata": meta, "spec": super::pod::template_spec(t)})
}

/// `matchLabels` from the selector kubectl prints (`k=v,k2=v2`).
fn match_labels(selector: &str) -> Value {
    let m: Map<String, Value> = selector
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect_object();
    json!({"matchLabels": m})
}

/// A Deployment.
pub fn deployment(world: &World, d: &Deployment) -> Value {
    let revision = world
        .controllers()
        .replica_sets_of(d)
        .iter()
        .map(|r| r.revision)
        .max()
        .unwrap_or(1);
    let mut annotations = d.annotations.clone();
    annotations.insert(
        "deployment.kubernetes.io/revision".to_owned(),
        revision.to_string(),
    );
    if let Some(cause) = &d.change_cause {
        annotations.insert("kubernetes.io/change-cause".to_owned(), cause.clone());
    }
    let key = format!("{}/{}", d.key.namespace, d.key.name);
    let mut o = object(
        "apps/v1",
        "Deployment",
        Meta {
            name: &d.key.name,
            namespace: Some(&d.key.namespace),
            uid: stand_in_uid(&key),
            created: d.created_at,
            labels: Some(&d.labels),
            annotations: Some(&annotations),
            generation: Some(1),
        }
        .to_value(),
    );
    let strategy = d.strategy.api_value();
    let mut spec = Map::new();
    if d.min_ready_seconds > 0 {
        spec.insert("minReadySeconds".into(), json!(d.min_ready_seconds));
    }
    if d.paused {
        spec.insert("paused".into(), json!(true));
    }
    spec.insert(
        "progressDeadlineSeconds".into(),
        json!(d.progress_deadline_seconds),
    );
    spec.insert("replicas".into(), json!(d.replicas));
    spec.insert(
        "revisionHistoryLimit".into(),
        json!(d.revision_history_limit),
    );
    spec.insert("selector".into(), match_labels(&d.selector));
    spec.insert("strategy".into(), strategy);
    let mut t = d.template.clone();
    t.labels.remove("pod-template-hash");
    spec.insert("template".into(), template(&t));
    o.insert("spec".into(), Value::Object(spec));
    let (counts, updated) = world.deployment_counts(d);
    let mut status = Map::new();
    // deployment/util `NewDeploymentCondition`s the controller keeps: Available
    // (MinimumReplicas…) and Progressing (NewReplicaSetAvailable once the new set is
    // complete, ReplicaSetUpdated before). Their times are the Deployment's creation (the
    // model keeps no condition history).
    let max_unavailable = match d.strategy {
        Strategy::RollingUpdate {
            max_unavailable, ..
        } => max_unavailable.scaled(d.replicas, false),
        Strategy::Recreate => 0,
    };
    let available = counts.available >= d.replicas - max_unavailable;
    let new_rs = format!("{}-{}", d.key.name, d.hash);
    let complete =
        updated == d.replicas && counts.available == d.replicas && counts.replicas == d.replicas;
    let at = time(d.created_at);
    let condition = |ty: &str, ok: bool, reason: &str, message: String| {
        json!({"lastTransitionTime": at, "lastUpdateTime": at, "message": message,
               "reason": reason, "status": if ok { "True" } else { "False" }, "type": ty})
    };
    status.insert(
        "conditions".into(),
        json!([
            if available {
                condition(
                    "Available",
                    true,
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability.".to_owned(),
                )
            } else {
                condition(
                    "Available",
                    false,
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.".to_owned(),
                )
            },
            if complete {
                condition(
                    "Progressing",
                    true,
                    "NewReplicaSetAvailable",
                    format!("ReplicaSet \"{new_rs}\" has successfully progressed."),
                )
            } else {
                condition(
                    "Progressing",
                    true,
                    "ReplicaSetUpdated",
                    format!("ReplicaSet \"{new_rs}\" is progressing."),
                )
            },
        ]),
    );
    // progress.go `getReplicaFailures`: a ReplicaSet's ReplicaFailure, copied.
    if let Some(f) = world.controllers().replica_failures.iter().find(|f| {
        f.replica_set.namespace == d.key.namespace
            && world
                .controllers()
                .replica_set(&f.replica_set)
                .is_some_and(|r| r.deployment.as_deref() == Some(d.key.name.as_str()))
    }) && let Some(Value::Array(list)) = status.get_mut("conditions")
    {
        let since = time(f.since);
        list.push(json!({"lastTransitionTime": since, "lastUpdateTime": since,
            "message": f.message, "reason": "FailedCreate", "status": "True",
            "type": "ReplicaFailure"}));
    }
    if counts.available > 0 {
        status.insert("availableReplicas".into(), json!(counts.available));
    }
    status.insert("observedGeneration".into(), json!(1));
    if counts.ready > 0 {
        status.insert("readyReplicas".into(), json!(counts.ready));
    }
    if counts.replicas > 0 {
        status.insert("replicas".into(), json!(counts.replicas));
    }
    let unavailable = counts.replicas.max(d.replicas) - counts.available;
    if unavailable > 0 {
        status.insert("unavailableReplicas".into(), json!(unavailable));
    }
    if updated > 0 {
        status.insert("updatedReplicas".into(), json!(updated));
    }
    o.insert("status".into(), Value::Object(status));
    Value::Object(o)
}

/// A ReplicaSet: a Deployment's carries its revision annotations and controller reference.
/// A ReplicationController is the same object in `v1`, its selector a plain map
/// (core/v1 `ReplicationControllerSpec`, `ReplicationControllerStatus`).
pub fn replica_set(world: &World, r: &ReplicaSet) -> Value {
    let rc = r.kind == crate::model::workload::SetKind::ReplicationController;
    let mut annotations = std::collections::BTreeMap::new();
    if r.deployment.is_some() {
        annotations.insert(
            "deployment.kubernetes.io/desired-replicas".to_owned(),
            r.desired_annotation.to_string(),
        );
        annotations.insert(
            "deployment.kubernetes.io/max-replicas".to_owned(),
            r.max_annotation.to_string(),
        );
        annotations.insert(
            "deployment.kubernetes.io/revision".to_owned(),
            r.revision.to_string(),
        );
    }
    // An RC's UID stand-in is the one its pods' ownerReferences name (`object/pod.rs`).
    let key = if rc {
        format!("rc/{}/{}", r.key.namespace, r.key.name)
    } else {
        format!("{}/{}", r.key.namespace, r.key.name)
    };
    let mut meta = Meta {
        name: &r.key.name,
        namespace: Some(&r.key.namespace),
        uid: stand_in_uid(&key),
        created: r.created_at,
        labels: Some(&r.labels),
        annotations: Some(&annotations),
        generation: Some(1),
    }
    .to_value();
    if let Some(d) = &r.deployment {
        meta.insert(
            "ownerReferences".into(),
            json!([{
                "apiVersion": "apps/v1",
                "blockOwnerDeletion": true,
                "controller": true,
                "kind": "Deployment",
                "name": d,
                "uid": stand_in_uid(&format!("{}/{d}", r.key.namespace)),
            }]),
        );
    }
    let mut o = if rc {
        object("v1", "ReplicationController", meta)
    } else {
        object("apps/v1", "ReplicaSet", meta)
    };
    let selector: Vec<String> = r
        .template
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let mut spec = Map::new();
    if r.min_ready_seconds > 0 {
        spec.insert("minReadySeconds".into(), json!(r.min_ready_seconds));
    }
    spec.insert("replicas".into(), json!(r.replicas));
    let selector = if rc {
        match match_labels(&r.selector) {
            Value::Object(mut m) => m.remove("matchLabels").unwrap_or_default(),
            other => other,
        }
    } else {
        match_labels(&selector.join(","))
    };
    spec.insert("selector".into(), selector);
    spec.insert("template".into(), template(&r.template));
    o.insert("spec".into(), Value::Object(spec));
    let counts = world.replica_set_counts(r);
    let mut status = Map::new();
    if counts.available > 0 {
        status.insert("availableReplicas".into(), json!(counts.available));
    }
    status.insert("fullyLabeledReplicas".into(), json!(counts.replicas));
    status.insert("observedGeneration".into(), json!(1));
    if counts.ready > 0 {
        status.insert("readyReplicas".into(), json!(counts.ready));
    }
    status.insert("replicas".into(), json!(counts.replicas));
    if counts.replicas == 0 {
        status.remove("fullyLabeledReplicas");
    }
    o.insert("status".into(), Value::Object(status));
    Value::Object(o)
}
