//! `kubectl describe deployment|job NAME`: describe.go `describeDeployment` (replicas,
//! strategy, conditions, old and new ReplicaSets) and `describeJob` (parallelism, times, pod
//! statuses), each with `DescribePodTemplate` and the object's events.

use podscope_collections::Set;
use std::collections::BTreeMap;
use std::fmt::Write;

use k8s_openapi::api::core::v1 as api;

use super::{
    annotations, annotations_titled, command_and_args, env, multiline, ports, probe, resources,
    seccomp, toleration_text, volumes, with_events,
};
use crate::model::humanize::{self, rfc1123z};
use crate::model::spec::PodSpec;
use crate::sim::controllers::job::Job;
use crate::sim::controllers::{Deployment, Strategy};
use crate::sim::event::InvolvedKind;
use crate::sim::world::World;

fn labels_of(map: &BTreeMap<String, String>) -> Vec<String> {
    map.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

/// describe.go `DescribePodTemplate` with `describeContainers(…, "  ")`: the template's labels,
/// annotations, containers without status (the name one space further in), volumes,
/// node selectors and tolerations.
fn pod_template(out: &mut String, template: &PodSpec, extra_labels: &[(String, String)]) {
    out.push_str("Pod Template:\n");
    let meta = &template.api.metadata;
    let mut labels = meta.labels.clone().unwrap_or_default();
    labels.remove("pod-template-hash");
    for (k, v) in extra_labels {
        labels.insert(k.clone(), v.clone());
    }
    multiline(out, "  Labels", labels_of(&labels));
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations_titled(out, "  Annotations", meta.annotations.as_ref());
    }
    let spec = template.api.spec.clone().unwrap_or_default();
    if let Some(sa) = spec.service_account_name.as_ref().filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "  Service Account:\t{sa}");
    }
    let inits = spec.init_containers.clone().unwrap_or_default();
    if !inits.is_empty() {
        containers(out, "Init Containers", &inits);
    }
    containers(out, "Containers", &spec.containers);
    volumes::describe(out, "  ", spec.volumes.as_deref().unwrap_or_default(), None);
    if let Some(class) = spec.priority_class_name.as_ref().filter(|c| !c.is_empty()) {
        let _ = writeln!(out, "  Priority Class Name:\t{class}");
    }
    multiline(
        out,
        "  Node-Selectors",
        labels_of(&spec.node_selector.clone().unwrap_or_default()),
    );
    multiline(
        out,
        "  Tolerations",
        spec.tolerations
            .iter()
            .flatten()
            .map(toleration_text)
            .collect(),
    );
}

/// history.go `printTemplate`: a Deployment revision's template (its ReplicaSet's, the
/// `pod-template-hash` label included) with the revision's change-cause as an annotation.
pub(crate) fn revision_template(rs: &crate::sim::controllers::ReplicaSet) -> String {
    let mut template = rs.template.clone();
    if let Some(cause) = &rs.change_cause {
        template
            .api
            .metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert("kubernetes.io/change-cause".to_owned(), cause.clone());
    }
    let hash: Vec<(String, String)> = rs
        .hash
        .iter()
        .map(|h| ("pod-template-hash".to_owned(), h.clone()))
        .collect();
    let mut out = String::new();
    pod_template(&mut out, &template, &hash);
    out
}

/// `describeContainers` for a template: no IDs, state, readiness or restarts; resources as
/// written (templates are not defaulted like pods); no service account token mount.
fn containers(out: &mut String, label: &str, list: &[api::Container]) {
    let none = if list.is_empty() { " <none>" } else { "" };
    let _ = writeln!(out, "  {label}:{none}");
    for a in list {
        let _ = writeln!(out, "   {}:", a.name);
        let _ = writeln!(
            out,
            "    Image:\t{}",
            a.image.as_deref().unwrap_or_default()
        );
        ports(out, Some(a));
        seccomp(
            out,
            "    ",
            a.security_context
                .as_ref()
                .and_then(|s| s.seccomp_profile.as_ref()),
        );
        command_and_args(
            out,
            a.command.as_deref().unwrap_or_default(),
            a.args.as_deref().unwrap_or_default(),
        );
        let lists = resources::Lists::of(a, false);
        lists.describe(out);
        probe::describe_probes(out, a);
        env::env_from(out, a);
        // No pod to resolve `fieldRef`s against (describe passes no resolver).
        env::env_vars(out, "", "", a, &lists);
        let mounts = super::api_mounts(a);
        super::mounts_and_devices(out, mounts, a);
    }
}

/// `describeDeployment`.
pub(super) fn describe_deployment(world: &World, d: &Deployment) -> String {
    let mut out = String::new();
    let c = world.controllers();
    let sets = c.replica_sets_of(d);
    let new = sets
        .iter()
        .find(|r| r.hash.as_deref() == Some(d.hash.as_str()));
    let (counts, updated) = world.deployment_counts(d);
    let _ = writeln!(out, "Name:\t{}", d.key.name);
    let _ = writeln!(out, "Namespace:\t{}", d.key.namespace);
    let _ = writeln!(out, "CreationTimestamp:\t{}", rfc1123z(d.created_at));
    multiline(&mut out, "Labels", labels_of(&d.labels));
    // The controller keeps `deployment.kubernetes.io/revision` on the Deployment.
    let mut shown: BTreeMap<String, String> = new
        .map(|r| {
            [(
                "deployment.kubernetes.io/revision".to_owned(),
                r.revision.to_string(),
            )]
            .into()
        })
        .unwrap_or_default();
    // `--record`'s change-cause is an annotation of the Deployment too.
    if let Some(cause) = &d.change_cause {
        shown.insert("kubernetes.io/change-cause".to_owned(), cause.clone());
    }
    annotations(&mut out, Some(&shown));
    let selector = if d.selector.is_empty() {
        let mut l = d.template.labels.clone();
        l.remove("pod-template-hash");
        labels_of(&l).join(",")
    } else {
        d.selector.clone()
    };
    let _ = writeln!(out, "Selector:\t{selector}");
    // sync.go `calculateStatus`: the ReplicaSets' `spec.replicas` summed, less the
    // available pods, never below zero.
    let total: i32 = sets.iter().map(|r| r.replicas).sum();
    let unavailable = (total - counts.available).max(0);
    let _ = writeln!(
        out,
        "Replicas:\t{} desired | {updated} updated | {} total | {} available | {unavailable} unavailable",
        d.replicas, counts.replicas, counts.available
    );
    let _ = writeln!(out, "StrategyType:\t{}", d.strategy.type_name());
    let _ = writeln!(out, "MinReadySeconds:\t{}", d.min_ready_seconds);
    if let Strategy::RollingUpdate {
        max_surge,
        max_unavailable,
    } = d.strategy
    {
        let _ = writeln!(
            out,
            "RollingUpdateStrategy:\t{max_unavailable} max unavailable, {max_surge} max surge"
        );
    }
    pod_template(&mut out, &d.template, &[]);
    // Conditions as deployment/util sets them: Available while at least
    // `replicas - maxUnavailable` pods are available (`MinimumReplicasAvailable`), Progressing
    // with `NewReplicaSetAvailable` once complete, `ReplicaSetUpdated` while rolling.
    let min_available = d.replicas - d.strategy.max_unavailable(d.replicas);
    let (available, available_reason) = if counts.available >= min_available {
        ("True", "MinimumReplicasAvailable")
    } else {
        ("False", "MinimumReplicasUnavailable")
    };
    let complete =
        updated == d.replicas && counts.replicas == d.replicas && counts.available == d.replicas;
    let progressing = if complete {
        "NewReplicaSetAvailable"
    } else {
        "ReplicaSetUpdated"
    };
    let _ = writeln!(out, "Conditions:\n  Type\tStatus\tReason");
    out.push_str("  ----\t------\t------\n");
    let _ = writeln!(out, "  Available \t{available}\t{available_reason}");
    let _ = writeln!(out, "  Progressing \tTrue\t{progressing}");
    // printReplicaSetsByLabels: old ones with replicas left, then the new one.
    let show = |rs: &&crate::sim::controllers::ReplicaSet| {
        format!(
            "{} ({}/{} replicas created)",
            rs.key.name,
            world.replica_set_counts(rs).replicas,
            rs.replicas
        )
    };
    let old: Vec<String> = sets
        .iter()
        .filter(|r| r.hash.as_deref() != Some(d.hash.as_str()))
        .filter(|r| r.replicas > 0 || world.replica_set_counts(r).replicas > 0)
        .map(show)
        .collect();
    let old = if old.is_empty() {
        "<none>".to_owned()
    } else {
        old.join(", ")
    };
    let _ = writeln!(out, "OldReplicaSets:\t{old}");
    let _ = writeln!(
        out,
        "NewReplicaSet:\t{}",
        new.map_or_else(|| "<none>".to_owned(), show)
    );
    with_events(world, out, InvolvedKind::Deployment, &d.key, None)
}

/// `describeReplicaSet`: name, selector, labels, annotations, its controller, replicas,
/// the pods its selector matches by phase (`getPodStatusForController`), the template and
/// the ReplicaSet's events.
pub(super) fn describe_replica_set(
    world: &World,
    rs: &crate::sim::controllers::ReplicaSet,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Name:\t{}", rs.key.name);
    let _ = writeln!(out, "Namespace:\t{}", rs.key.namespace);
    let _ = writeln!(out, "Selector:\t{}", rs.selector);
    multiline(&mut out, "Labels", labels_of(&rs.labels));
    let mut shown = BTreeMap::new();
    if rs.deployment.is_some() {
        shown.insert(
            "deployment.kubernetes.io/desired-replicas".to_owned(),
            rs.desired_annotation.to_string(),
        );
        shown.insert(
            "deployment.kubernetes.io/max-replicas".to_owned(),
            rs.max_annotation.to_string(),
        );
        shown.insert(
            "deployment.kubernetes.io/revision".to_owned(),
            rs.revision.to_string(),
        );
    }
    annotations(&mut out, Some(&shown));
    // `describeReplicationController` is `describeReplicaSet` without `Controlled By` and
    // with the selector map's `labels.FormatLabels` (the same text for a map).
    if let Some(d) = &rs.deployment {
        let _ = writeln!(out, "Controlled By:\tDeployment/{d}");
    }
    let _ = writeln!(
        out,
        "Replicas:\t{} current / {} desired",
        world.replica_set_counts(rs).replicas,
        rs.replicas
    );
    let selector = crate::model::kubectl::selector::Selector::parse(&rs.selector);
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in world
        .pods()
        .filter(|p| p.spec.key.namespace == rs.key.namespace && selector.matches(&p.spec.labels))
    {
        match crate::sim::status::phase(p) {
            crate::sim::status::Phase::Running => running += 1,
            crate::sim::status::Phase::Pending => waiting += 1,
            crate::sim::status::Phase::Succeeded => succeeded += 1,
            crate::sim::status::Phase::Failed => failed += 1,
        }
    }
    let _ = writeln!(
        out,
        "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"
    );
    let hash: Vec<(String, String)> = rs
        .hash
        .iter()
        .map(|h| ("pod-template-hash".to_owned(), h.clone()))
        .collect();
    pod_template(&mut out, &rs.template, &hash);
    with_events(world, out, InvolvedKind::of_set(rs.kind), &rs.key, None)
}

/// `describeJob`.
pub(super) fn describe_job(world: &World, job: &Job) -> String {
    let mut out = String::new();
    let uid = job.uid.to_string();
    let name = &job.spec.key.name;
    // The API server's Job strategy labels the Job and its template with its UID and name.
    let added = [
        ("batch.kubernetes.io/controller-uid".to_owned(), uid.clone()),
        ("batch.kubernetes.io/job-name".to_owned(), name.clone()),
        ("controller-uid".to_owned(), uid.clone()),
        ("job-name".to_owned(), name.clone()),
    ];
    let _ = writeln!(out, "Name:\t{name}");
    let _ = writeln!(out, "Namespace:\t{}", job.spec.key.namespace);
    let _ = writeln!(out, "Selector:\tbatch.kubernetes.io/controller-uid={uid}");
    let mut labels = job.spec.labels.clone();
    for (k, v) in &added {
        labels.insert(k.clone(), v.clone());
    }
    multiline(&mut out, "Labels", labels_of(&labels));
    annotations(&mut out, None);
    let _ = writeln!(out, "Parallelism:\t{}", job.spec.parallelism);
    match job.spec.completions {
        Some(c) => {
            let _ = writeln!(out, "Completions:\t{c}");
        }
        None => out.push_str("Completions:\t<unset>\n"),
    }
    let mode = match job.spec.mode {
        crate::model::workload::job::CompletionMode::NonIndexed => "NonIndexed",
        crate::model::workload::job::CompletionMode::Indexed => "Indexed",
    };
    let _ = writeln!(out, "Completion Mode:\t{mode}");
    out.push_str("Suspend:\tfalse\n");
    let _ = writeln!(out, "Backoff Limit:\t{}", job.spec.backoff_limit);
    if let Some(s) = job.start_time {
        let _ = writeln!(out, "Start Time:\t{}", rfc1123z(s));
    }
    if let Some(c) = job.completion_time {
        let _ = writeln!(out, "Completed At:\t{}", rfc1123z(c));
    }
    if let (Some(s), Some(c)) = (job.start_time, job.completion_time) {
        let _ = writeln!(out, "Duration:\t{}", humanize::k8s_duration(c.since(s)));
    }
    if let Some(d) = job.spec.active_deadline_seconds {
        let _ = writeln!(out, "Active Deadline Seconds:\t{d}s");
    }
    let (active, ready) = world.job_active(job);
    let _ = writeln!(
        out,
        "Pods Statuses:\t{active} Active ({ready} Ready) / {} Succeeded / {} Failed",
        job.succeeded, job.failed
    );
    if job.spec.mode == crate::model::workload::job::CompletionMode::Indexed {
        let text = if job.succeeded_indexes.is_empty() {
            "<none>".to_owned()
        } else {
            compress_intervals(&job.succeeded_indexes)
        };
        let _ = writeln!(out, "Completed Indexes:\t{text}");
    }
    pod_template(&mut out, &job.spec.template, &added);
    with_events(world, out, InvolvedKind::Job, &job.spec.key, None)
}

/// `status.completedIndexes`' interval form: `0-2,4`.
fn compress_intervals(set: &Set<i32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = set.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn completed_indexes_as_intervals() {
        let set: Set<i32> = [0, 1, 2, 4, 6, 7].into();
        assert_eq!(compress_intervals(&set), "0-2,4,6-7");
    }
}
