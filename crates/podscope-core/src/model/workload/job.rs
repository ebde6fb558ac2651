//! A Job as admission reads it: defaulted and validated as the API server does, with the pod
//! template the Job controller will stamp its pods from.

use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as api;

use crate::model::ids::ObjectKey;
use crate::model::spec::{self, PodSpec};
use crate::model::validate::{self, FieldError};

/// `spec.completionMode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompletionMode {
    #[default]
    NonIndexed,
    Indexed,
}

/// A validated Job.
#[derive(Clone, Debug, PartialEq)]
pub struct JobSpec {
    pub key: ObjectKey,
    /// `spec.completions`: `None` is a work-queue Job (done when any pod succeeds).
    pub completions: Option<i32>,
    pub parallelism: i32,
    pub backoff_limit: i32,
    pub active_deadline_seconds: Option<i64>,
    pub mode: CompletionMode,
    /// The Job's own `metadata.labels`.
    pub labels: std::collections::BTreeMap<String, String>,
    /// The pod template as a pod (named per pod).
    pub template: PodSpec,
}

/// Reads a Job with apps/batch v1 `SetDefaults_Job` (completions and parallelism 1 when both
/// are unset, parallelism 1, backoffLimit 6) and pkg/apis/batch/validation/validation.go
/// `ValidateJob` / `validateJobSpec` (template restartPolicy OnFailure or Never, non-negative
/// counts, a positive activeDeadlineSeconds, completionMode, Indexed needs completions).
pub fn job_from_api(job: &batch::Job) -> Result<JobSpec, Vec<FieldError>> {
    let (name, namespace, mut errs) = validate::object_meta(&job.metadata);
    let spec = job.spec.as_ref();
    let completions_set = spec.and_then(|s| s.completions);
    let parallelism_set = spec.and_then(|s| s.parallelism);
    let (completions, parallelism) = match (completions_set, parallelism_set) {
        (None, None) => (Some(1), 1),
        (c, p) => (c, p.unwrap_or(1)),
    };
    let backoff_limit = spec.and_then(|s| s.backoff_limit).unwrap_or(6);
    let non_negative = |path: &str, v: Option<i64>, errs: &mut Vec<FieldError>| {
        if let Some(v) = v.filter(|v| *v < 0) {
            errs.push(FieldError::invalid_raw(
                path,
                v.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    };
    non_negative("spec.parallelism", Some(i64::from(parallelism)), &mut errs);
    non_negative("spec.completions", completions.map(i64::from), &mut errs);
    non_negative(
        "spec.backoffLimit",
        Some(i64::from(backoff_limit)),
        &mut errs,
    );
    let deadline = spec.and_then(|s| s.active_deadline_seconds);
    if let Some(d) = deadline.filter(|d| *d < 1) {
        errs.push(FieldError::invalid_raw(
            "spec.activeDeadlineSeconds",
            d.to_string(),
            "must be greater than or equal to 1",
        ));
    }
    let mode = match spec.and_then(|s| s.completion_mode.as_deref()) {
        None | Some("NonIndexed") => CompletionMode::NonIndexed,
        Some("Indexed") => {
            if completions_set.is_none() {
                errs.push(FieldError::required_because(
                    "spec.completions",
                    "when completion mode is Indexed",
                ));
            }
            CompletionMode::Indexed
        }
        Some(other) => {
            errs.push(FieldError::unsupported(
                "spec.completionMode",
                other,
                &["NonIndexed", "Indexed"],
            ));
            CompletionMode::NonIndexed
        }
    };
    let Some(template) = spec.map(|s| &s.template) else {
        errs.push(FieldError::required("spec.template"));
        return Err(errs);
    };
    // The template's restartPolicy defaults to Always, which a Job may not use.
    let policy = template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("Always");
    if !matches!(policy, "OnFailure" | "Never") {
        errs.push(FieldError::unsupported(
            "spec.template.spec.restartPolicy",
            policy,
            &["OnFailure", "Never"],
        ));
    }
    let labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    let as_pod = api::Pod {
        metadata: template.metadata.clone().unwrap_or_default(),
        spec: template.spec.clone(),
        status: None,
    };
    let key = ObjectKey {
        namespace,
        name: name.clone(),
    };
    match spec::pod_from_template(key.clone(), labels, &as_pod, "spec.template.spec") {
        Ok(template) if errs.is_empty() => Ok(JobSpec {
            key,
            completions,
            parallelism,
            backoff_limit,
            active_deadline_seconds: deadline,
            mode,
            labels: job.metadata.labels.clone().unwrap_or_default(),
            template,
        }),
        Ok(_) => Err(errs),
        Err(more) => {
            errs.extend(more);
            Err(errs)
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn read(yaml: &str) -> Result<JobSpec, Vec<String>> {
        let job: batch::Job = serde_yaml::from_str(yaml).expect("a Job");
        job_from_api(&job).map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn defaults_and_the_restart_policy_rule() {
        let ok = read(
            "metadata: {name: pi}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: pi, image: perl}]\n",
        )
        .expect("valid");
        assert_eq!(
            (ok.completions, ok.parallelism, ok.backoff_limit),
            (Some(1), 1, 6)
        );
        let queue = read(
            "metadata: {name: q}\nspec:\n  parallelism: 3\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: c, image: busybox}]\n",
        )
        .expect("valid");
        assert_eq!((queue.completions, queue.parallelism), (None, 3));
        assert_eq!(
            read("metadata: {name: a}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox}]\n"),
            Err(vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"".to_owned()
            ])
        );
        assert_eq!(
            read(
                "metadata: {name: i}\nspec:\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n"
            ),
            Err(vec![
                "spec.completions: Required value: when completion mode is Indexed".to_owned()
            ])
        );
    }
}
