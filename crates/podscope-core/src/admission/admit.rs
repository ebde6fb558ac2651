//! Admission: from decoded objects to the pods the node will run. Validates with the API
//! server's rules and messages, and names pods the way the controllers do
//! (Deployment → ReplicaSet `<deployment>-<pod-template-hash>` → Pod `<replicaset>-<xxxxx>`).
//! The other kinds become the typed objects of [`Cluster`].

use crate::model::sort::CompactSort;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as api;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::admission::manifest::{Decoded, Manifest, Object, Origin};
use crate::model::cluster::{self, Cluster, NamespaceOrigin, NamespaceSpec};
use crate::model::diag::Diagnostic;
use crate::model::ids::ObjectKey;
use crate::model::rng::SeededRng;
use crate::model::spec::{self, PodSpec};
use crate::model::validate::{self, FieldError, ports};
pub use crate::model::workload::{Workload, WorkloadKind};

/// The most pods one manifest may ask podscope for, counting every Pod and every replica;
/// more are left out with a warning, so neither `replicas: 1000000000` nor twenty large
/// Deployments can hang the page.
pub const MAX_PODS: usize = 1000;

/// A Deployment's fields beyond its selector, template and replicas.
#[derive(Clone, Copy, Debug, Default)]
struct Tuning<'a> {
    strategy: Option<&'a k8s_openapi::api::apps::v1::DeploymentStrategy>,
    min_ready_seconds: Option<i32>,
    revision_history_limit: Option<i32>,
}

/// The kinds of object admission keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKind {
    Namespace,
    Node,
    Pod,
    Deployment,
    ReplicaSet,
    ReplicationController,
    ConfigMap,
    Secret,
    Service,
    Job,
    LimitRange,
    ResourceQuota,
    PersistentVolume,
    PersistentVolumeClaim,
    ServiceAccount,
}

impl ApiKind {
    /// The `resource.group` kubectl prints before an object's name (`deployment.apps/web`).
    pub fn resource(self) -> &'static str {
        match self {
            ApiKind::Namespace => "namespace",
            ApiKind::Node => "node",
            ApiKind::Pod => "pod",
            ApiKind::Deployment => "deployment.apps",
            ApiKind::ReplicaSet => "replicaset.apps",
            ApiKind::ReplicationController => "replicationcontroller",
            ApiKind::ConfigMap => "configmap",
            ApiKind::Secret => "secret",
            ApiKind::Service => "service",
            ApiKind::Job => "job.batch",
            ApiKind::LimitRange => "limitrange",
            ApiKind::ResourceQuota => "resourcequota",
            ApiKind::PersistentVolume => "persistentvolume",
            ApiKind::PersistentVolumeClaim => "persistentvolumeclaim",
            ApiKind::ServiceAccount => "serviceaccount",
        }
    }

    /// The kind as the API server names it in messages (`The Pod "x" is invalid`).
    pub fn kind(self) -> &'static str {
        match self {
            ApiKind::Namespace => "Namespace",
            ApiKind::Node => "Node",
            ApiKind::Pod => "Pod",
            ApiKind::Deployment => "Deployment",
            ApiKind::ReplicaSet => "ReplicaSet",
            ApiKind::ReplicationController => "ReplicationController",
            ApiKind::ConfigMap => "ConfigMap",
            ApiKind::Secret => "Secret",
            ApiKind::Service => "Service",
            ApiKind::Job => "Job",
            ApiKind::LimitRange => "LimitRange",
            ApiKind::ResourceQuota => "ResourceQuota",
            ApiKind::PersistentVolume => "PersistentVolume",
            ApiKind::PersistentVolumeClaim => "PersistentVolumeClaim",
            ApiKind::ServiceAccount => "ServiceAccount",
        }
    }
}

/// One object admission accepted: its kind and key (cluster-scoped objects have an empty
/// namespace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admitted {
    pub kind: ApiKind,
    pub key: ObjectKey,
}

/// What admission produced.
#[derive(Clone, Debug, Default)]
pub struct Admission {
    pub pods: Vec<PodSpec>,
    /// Everything else, the controllers (`Cluster::workloads`) included.
    pub cluster: Cluster,
    /// The objects accepted, in the manifest's order (Namespaces first).
    pub objects: Vec<Admitted>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The namespace of a namespaced object (`default` when unset).
fn namespace_of(object: &Object) -> Option<&str> {
    let meta = object.namespaced_meta()?;
    Some(meta.namespace.as_deref().unwrap_or("default"))
}

/// Warns about a namespaced object in a namespace neither built in nor declared, and creates
/// that namespace. The API server would reject the object (`namespaces "x" not found`);
/// podscope warns instead, since documentation examples often name namespaces they assume.
fn check_namespace(out: &mut Admission, d: &Decoded) {
    let Some(ns) = namespace_of(&d.object) else {
        return;
    };
    let known = out
        .cluster
        .namespace(ns)
        .is_some_and(|n| n.origin != NamespaceOrigin::Created);
    if known {
        return;
    }
    let path = d.origin.path("metadata.namespace");
    out.diagnostics.push(
        Diagnostic::warning(d.origin.locate(&path), cluster::not_found_message(ns)).at_path(path),
    );
    out.cluster
        .add_namespace(NamespaceSpec::new(ns, NamespaceOrigin::Created));
}

/// The API server's warnings about a valid pod spec's ports (pkg/api/pod/warnings.go).
fn port_warnings(out: &mut Admission, origin: &Origin, spec: Option<&api::PodSpec>, path: &str) {
    for w in spec
        .map(|s| ports::port_warnings(s, path))
        .unwrap_or_default()
    {
        let p = origin.path(&w.path);
        out.diagnostics
            .push(Diagnostic::warning(origin.locate(&p), w.message).at_path(p));
    }
}

/// Validates every object, expands controllers into pods and builds the cluster's objects.
pub fn admit(manifest: &Manifest, rng: &mut SeededRng) -> Admission {
    let mut out = Admission::default();
    // Allocations draw from a generator of their own, so that pod names stay as they were.
    let mut alloc = cluster::Allocator::new(rng.clone().next_u64());
    // Namespaces first, so that objects before their Namespace document find it.
    for d in &manifest.objects {
        if let Object::Namespace(ns) = &d.object {
            match cluster::namespace_from_api(ns) {
                Ok(n) => {
                    out.objects.push(admitted(ApiKind::Namespace, "", &n.name));
                    out.cluster.add_namespace(n);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            }
        }
    }
    for d in &manifest.objects {
        check_namespace(&mut out, d);
        match &d.object {
            Object::Pod(pod) => match spec::pod_from_api(pod) {
                Ok(_) if out.pods.len() >= MAX_PODS => {
                    let at = d.origin.location();
                    let msg =
                        format!("podscope simulates at most {MAX_PODS} pods; this one is left out");
                    out.diagnostics.push(Diagnostic::warning(at, msg));
                }
                Ok(p) => {
                    let (ns, name) = (&p.key.namespace, &p.key.name);
                    out.objects.push(admitted(ApiKind::Pod, ns, name));
                    port_warnings(&mut out, &d.origin, pod.spec.as_ref(), "spec");
                    out.pods.push(p);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::Deployment(dep) => {
                let spec = dep.spec.as_ref();
                let selector = spec.map(|s| s.selector.clone());
                let template = spec.map(|s| &s.template);
                let replicas = spec.and_then(|s| s.replicas).unwrap_or(1);
                let tuning = Tuning {
                    strategy: spec.and_then(|s| s.strategy.as_ref()),
                    min_ready_seconds: spec.and_then(|s| s.min_ready_seconds),
                    revision_history_limit: spec.and_then(|s| s.revision_history_limit),
                };
                controller(
                    &mut out,
                    d,
                    &dep.metadata,
                    (selector, template, replicas),
                    tuning,
                    WorkloadKind::Deployment,
                    rng,
                );
            }
            Object::ReplicaSet(rs) => {
                let spec = rs.spec.as_ref();
                let selector = spec.map(|s| s.selector.clone());
                let template = spec.and_then(|s| s.template.as_ref());
                let replicas = spec.and_then(|s| s.replicas).unwrap_or(1);
                let tuning = Tuning {
                    min_ready_seconds: spec.and_then(|s| s.min_ready_seconds),
                    ..Tuning::default()
                };
                controller(
                    &mut out,
                    d,
                    &rs.metadata,
                    (selector, template, replicas),
                    tuning,
                    WorkloadKind::ReplicaSet,
                    rng,
                );
            }
            Object::ReplicationController(rc) => {
                let (meta, selector, replicas) = rc_defaults(rc);
                let spec = rc.spec.as_ref();
                let tuning = Tuning {
                    min_ready_seconds: spec.and_then(|s| s.min_ready_seconds),
                    ..Tuning::default()
                };
                controller(
                    &mut out,
                    d,
                    &meta,
                    (selector, spec.and_then(|s| s.template.as_ref()), replicas),
                    tuning,
                    WorkloadKind::ReplicationController,
                    rng,
                );
            }
            Object::Job(job) => match crate::model::workload::job::job_from_api(job) {
                Ok(j) => {
                    out.objects
                        .push(admitted(ApiKind::Job, &j.key.namespace, &j.key.name));
                    out.cluster.jobs.push(j);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::ConfigMap(cm) => match cluster::config_map_from_api(cm) {
                Ok(c) => {
                    out.objects
                        .push(admitted(ApiKind::ConfigMap, &c.key.namespace, &c.key.name));
                    out.cluster.config_maps.push(c);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::Secret(s) => match cluster::secret_from_api(s) {
                Ok(s) => {
                    out.objects
                        .push(admitted(ApiKind::Secret, &s.key.namespace, &s.key.name));
                    out.cluster.secrets.push(s);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::Service(s) => match cluster::service_from_api(s, &mut alloc) {
                Ok(s) => {
                    out.objects
                        .push(admitted(ApiKind::Service, &s.key.namespace, &s.key.name));
                    out.cluster.services.push(s);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::Node(n) => {
                match cluster::node_from_api(n, out.cluster.declared_node_count()) {
                    Ok(n) => {
                        out.objects.push(admitted(ApiKind::Node, "", &n.name));
                        out.cluster.add_node(n);
                    }
                    // ValidateNode reports taints under metadata.taints; they are written
                    // under spec.taints.
                    Err(errs) => report_at(&mut out, &d.origin, errs, |p| {
                        p.replacen("metadata.taints", "spec.taints", 1)
                    }),
                }
            }
            Object::LimitRange(lr) => match cluster::limit_range::limit_range_from_api(lr) {
                Ok(l) => {
                    out.objects
                        .push(admitted(ApiKind::LimitRange, &l.key.namespace, &l.key.name));
                    out.cluster.limit_ranges.push(l);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::ResourceQuota(rq) => {
                match cluster::resource_quota::resource_quota_from_api(rq) {
                    Ok(q) => {
                        out.objects.push(admitted(
                            ApiKind::ResourceQuota,
                            &q.key.namespace,
                            &q.key.name,
                        ));
                        out.cluster.resource_quotas.push(q);
                    }
                    Err(errs) => report(&mut out, &d.origin, errs),
                }
            }
            Object::PersistentVolume(pv) => match cluster::persistent_volume_from_api(pv) {
                Ok(v) => {
                    out.objects
                        .push(admitted(ApiKind::PersistentVolume, "", &v.name));
                    out.cluster.persistent_volumes.push(v);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::PersistentVolumeClaim(pvc) => {
                match cluster::persistent_volume_claim_from_api(pvc) {
                    Ok(c) => {
                        out.objects.push(admitted(
                            ApiKind::PersistentVolumeClaim,
                            &c.key.namespace,
                            &c.key.name,
                        ));
                        out.cluster.persistent_volume_claims.push(c);
                    }
                    Err(errs) => report(&mut out, &d.origin, errs),
                }
            }
            Object::ServiceAccount(sa) => match cluster::service_account_from_api(sa) {
                Ok(a) => {
                    out.objects.push(admitted(
                        ApiKind::ServiceAccount,
                        &a.key.namespace,
                        &a.key.name,
                    ));
                    out.cluster.service_accounts.push(a);
                }
                Err(errs) => report(&mut out, &d.origin, errs),
            },
            Object::Namespace(_) => {}
        }
    }
    if out.pods.is_empty()
        && out.cluster.jobs.is_empty()
        && !manifest.has_errors()
        && out.diagnostics.iter().all(|d| !d.is_error())
    {
        out.diagnostics.push(Diagnostic::notice(
            None,
            "no pods: add a Pod, Deployment, ReplicaSet or Job to see it on the node",
        ));
    }
    out
}

fn admitted(kind: ApiKind, namespace: &str, name: &str) -> Admitted {
    Admitted {
        kind,
        key: ObjectKey {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        },
    }
}

fn report(out: &mut Admission, origin: &Origin, errs: Vec<FieldError>) {
    report_at(out, origin, errs, str::to_owned);
}

/// Reports field errors, locating each at `locate(path)` in the text.
fn report_at(
    out: &mut Admission,
    origin: &Origin,
    errs: Vec<FieldError>,
    locate: impl Fn(&str) -> String,
) {
    for e in errs {
        if e.path.is_empty() {
            // An error about the whole object (`field.NewPath("")`).
            out.diagnostics
                .push(Diagnostic::error(origin.location(), e.body()));
            continue;
        }
        let path = origin.path(&e.path);
        let at = origin.locate(&origin.path(&locate(&e.path)));
        out.diagnostics
            .push(Diagnostic::error(at, e.body()).at_path(path));
    }
}

/// A Deployment or ReplicaSet: validate its spec, then create its pods.
///
/// Models pkg/apis/apps/validation/validation.go `ValidateDeploymentSpec` /
/// `ValidateReplicaSetSpec` (selector required and matching the template's labels, template
/// `restartPolicy: Always`, non-negative replicas) and pkg/controller/deployment/sync.go
/// (`pod-template-hash`, the ReplicaSet's name).
fn controller(
    out: &mut Admission,
    d: &Decoded,
    meta: &ObjectMeta,
    (selector, template, replicas): (Option<LabelSelector>, Option<&api::PodTemplateSpec>, i32),
    tuning: Tuning<'_>,
    kind: WorkloadKind,
    rng: &mut SeededRng,
) {
    let (name, namespace, mut errs) = validate::object_meta(meta);
    let non_negative = |path: &str, v: Option<i32>, errs: &mut Vec<FieldError>| {
        if let Some(v) = v.filter(|v| *v < 0) {
            errs.push(FieldError::invalid_raw(
                path,
                v.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    };
    non_negative("spec.replicas", Some(replicas), &mut errs);
    non_negative("spec.minReadySeconds", tuning.min_ready_seconds, &mut errs);
    non_negative(
        "spec.revisionHistoryLimit",
        tuning.revision_history_limit,
        &mut errs,
    );
    let strategy = match crate::model::workload::strategy::strategy_from_api(tuning.strategy) {
        Ok(s) => s,
        Err(more) => {
            errs.extend(more);
            crate::model::workload::Strategy::default()
        }
    };
    let labels = template
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    match &selector {
        Some(sel)
            if sel.match_labels.as_ref().is_some_and(|m| !m.is_empty())
                || sel
                    .match_expressions
                    .as_ref()
                    .is_some_and(|e| !e.is_empty()) =>
        {
            if !selector_matches(sel, &labels) {
                errs.push(FieldError::invalid_raw(
                    "spec.template.metadata.labels",
                    go_map(&labels),
                    "`selector` does not match template `labels`",
                ));
            }
        }
        _ => errs.push(FieldError::required("spec.selector")),
    }
    let Some(template) = template else {
        errs.push(FieldError::required("spec.template"));
        return report(out, &d.origin, errs);
    };
    let policy = template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref());
    if let Some(p) = policy.filter(|p| *p != "Always") {
        errs.push(FieldError::unsupported(
            "spec.template.spec.restartPolicy",
            p,
            &["Always"],
        ));
    }
    // Validate the template once, as the pod the controller would create.
    let probe_key = ObjectKey {
        namespace: namespace.clone(),
        name: name.clone(),
    };
    let as_pod = api::Pod {
        metadata: template.metadata.clone().unwrap_or_default(),
        spec: template.spec.clone(),
        status: None,
    };
    let checked = spec::pod_from_template(probe_key, labels.clone(), &as_pod, "spec.template.spec");
    let base = match checked {
        Ok(p) if errs.is_empty() => p,
        Ok(_) => return report(out, &d.origin, errs),
        Err(more) => {
            errs.extend(more);
            return report(out, &d.origin, errs);
        }
    };
    let room = MAX_PODS.saturating_sub(out.pods.len());
    let wanted = usize::try_from(replicas).unwrap_or(0);
    let count = wanted.min(room);
    if count < wanted {
        let path = d.origin.path("spec.replicas");
        let msg = format!(
            "podscope simulates at most {MAX_PODS} pods in all; creating {count} of {replicas}"
        );
        out.diagnostics
            .push(Diagnostic::warning(d.origin.locate(&path), msg).at_path(path));
    }
    port_warnings(out, &d.origin, template.spec.as_ref(), "spec.template.spec");
    let (replica_set, template_hash) = match kind {
        WorkloadKind::Deployment => {
            let hash = pod_template_hash(template);
            (format!("{name}-{hash}"), Some(hash))
        }
        WorkloadKind::ReplicaSet | WorkloadKind::ReplicationController => (name.clone(), None),
    };
    let mut base = base;
    base.owner = Some(spec::PodOwner {
        kind: kind.owner(),
        name: name.clone(),
        replica_set: replica_set.clone(),
    });
    if let Some(h) = &template_hash {
        base.labels
            .insert("pod-template-hash".to_owned(), h.clone());
    }
    for _ in 0..count {
        let mut pod = base.clone();
        pod.key = ObjectKey {
            namespace: namespace.clone(),
            name: generate_name(&replica_set, rng),
        };
        if pod.hostname == name {
            pod.hostname = pod.key.name.chars().take(63).collect();
        }
        out.pods.push(pod);
    }
    let api_kind = match kind {
        WorkloadKind::Deployment => ApiKind::Deployment,
        WorkloadKind::ReplicaSet => ApiKind::ReplicaSet,
        WorkloadKind::ReplicationController => ApiKind::ReplicationController,
    };
    out.objects.push(admitted(api_kind, &namespace, &name));
    out.cluster.workloads.push(Workload {
        kind,
        namespace,
        name,
        replica_set,
        template_hash,
        replicas,
        strategy,
        min_ready_seconds: tuning
            .min_ready_seconds
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0),
        revision_history_limit: tuning
            .revision_history_limit
            .unwrap_or(crate::model::workload::DEFAULT_REVISION_HISTORY_LIMIT),
        template: Box::new(base),
        labels: meta.labels.clone().unwrap_or_default(),
        selector: selector.as_ref().map(selector_string).unwrap_or_default(),
    });
}

/// A ReplicationController as the API server defaults it (pkg/apis/core/v1/defaults.go
/// `SetDefaults_ReplicationController`): an empty `spec.selector` and empty
/// `metadata.labels` take the template's labels, `spec.replicas` is 1. Returns the
/// metadata, the selector as a `LabelSelector` of `matchLabels` (an RC's selector is a
/// plain map, `ValidateNonEmptySelector` and `ValidatePodTemplateSpecForRC` check what
/// `controller` checks for a ReplicaSet) and the replicas.
fn rc_defaults(rc: &api::ReplicationController) -> (ObjectMeta, Option<LabelSelector>, i32) {
    let spec = rc.spec.as_ref();
    let template_labels = spec
        .and_then(|s| s.template.as_ref())
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone());
    let mut meta = rc.metadata.clone();
    let mut selector = spec.and_then(|s| s.selector.clone()).unwrap_or_default();
    if let Some(labels) = template_labels {
        if selector.is_empty() {
            selector = labels.clone();
        }
        if meta.labels.as_ref().is_none_or(|l| l.is_empty()) {
            meta.labels = Some(labels);
        }
    }
    let selector = (!selector.is_empty()).then_some(LabelSelector {
        match_labels: Some(selector),
        match_expressions: None,
    });
    (meta, selector, spec.and_then(|s| s.replicas).unwrap_or(1))
}

/// apimachinery `LabelSelectorAsSelector(…).String()`: requirements sorted by key, `k=v`,
/// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.
pub fn selector_string(sel: &LabelSelector) -> String {
    let mut reqs: Vec<(String, String)> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), format!("{k}={v}")))
        .collect();
    for e in sel.match_expressions.iter().flatten() {
        let mut values = e.values.clone().unwrap_or_default();
        values.sort_compact();
        let text = match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            _ => continue,
        };
        reqs.push((e.key.clone(), text));
    }
    reqs.sort_compact();
    reqs.into_iter().map(|r| r.1).collect::<Vec<_>>().join(",")
}

/// Whether a label selector selects these labels
/// (apimachinery pkg/apis/meta/v1/helpers.go `LabelSelectorAsSelector` semantics).
pub fn selector_matches(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let by_labels = sel
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let by_exprs = sel.match_expressions.iter().flatten().all(|e| {
        let values = e.values.as_deref().unwrap_or_default();
        let got = labels.get(&e.key);
        match e.operator.as_str() {
            "In" => got.is_some_and(|v| values.contains(v)),
            "NotIn" => got.is_none_or(|v| !values.contains(v)),
            "Exists" => got.is_some(),
            "DoesNotExist" => got.is_none(),
            _ => false,
        }
    });
    by_labels && by_exprs
}

/// Go's `%#v` of a `map[string]string`, keys sorted: `map[string]string{"app":"web"}`.
fn go_map(m: &BTreeMap<String, String>) -> String {
    let body: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

/// The alphabet of apimachinery's `rand.String` and `SafeEncodeString`
/// (staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go `alphanums`): no vowels.
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `<base>-<5 random characters>` as the API server's `SimpleNameGenerator` makes names
/// from `generateName` (apiserver pkg/storage/names/generate.go: base cut to 58 characters).
pub(crate) fn generate_name(base: &str, rng: &mut SeededRng) -> String {
    let mut name: String = format!("{base}-").chars().take(58).collect();
    name.push_str(&rand_string(rng, 5));
    name
}

/// apimachinery rand.go `String(n)`: `n` characters of its alphabet.
pub(crate) fn rand_string(rng: &mut SeededRng, n: usize) -> String {
    (0..n)
        .map(|_| ALPHANUMS[rng.below(ALPHANUMS.len() as u64) as usize] as char)
        .collect()
}

/// A deterministic `pod-template-hash` of the real shape. Upstream (pkg/controller/
/// controller_utils.go `ComputeHash`) writes the template with `dump.ForHash` (Go's spew, every
/// field of the Go structs) into an FNV-32a hash and encodes the decimal value with
/// `SafeEncodeString`; podscope writes the template as the API server stores it (its JSON, keys
/// sorted) into the same hash, so the characters and length match but the value differs from
/// a real cluster's (docs/fidelity.md).
pub fn pod_template_hash(template: &api::PodTemplateSpec) -> String {
    let json = crate::model::json::text(template).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    for b in json.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    safe_encode(&h.to_string())
}

/// apimachinery rand.go `SafeEncodeString`: each byte `b` → `alphanums[b % 27]`.
fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn safe_encoding_of_decimal_digits_uses_ten_characters() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn generated_names_have_the_real_shape() {
        let mut rng = SeededRng::new(3);
        let n = generate_name("nginx-6db489d4b7", &mut rng);
        assert_eq!(n.len(), "nginx-6db489d4b7-".len() + 5);
        assert!(n[17..].bytes().all(|b| ALPHANUMS.contains(&b)), "{n}");
        let long = generate_name(&"a".repeat(70), &mut rng);
        assert_eq!(long.len(), 63);
    }

    #[test]
    fn go_map_rendering() {
        let m: BTreeMap<String, String> =
            [("b".into(), "2".into()), ("a".into(), "1".into())].into();
        assert_eq!(go_map(&m), "map[string]string{\"a\":\"1\", \"b\":\"2\"}");
    }
}
