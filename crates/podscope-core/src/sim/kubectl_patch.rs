//! `kubectl patch` of Deployments (and ServiceAccounts, `sim::service_accounts`): the patch
//! read (`--patch`, or `--patch-file` from the reader's files), applied by the API server to
//! the stored object (a strategic merge, JSON merge or JSON patch, `model::patch`), the
//! result decoded and validated as a manifest is (`admission::load`: the API server's
//! unknown-field warnings and `The Deployment "x" is invalid` errors), and the Deployment
//! replaced: a changed template rolls out through its controller as `kubectl apply` of the
//! same change would. kubectl pkg/cmd/patch/patch.go `RunPatch` prints `patched`, or
//! `patched (no change)` when the object came back as it was.

mod stored;

use crate::model::diag::{Diagnostic, Severity};
use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Patch, PatchSource, not_modelled};
use crate::model::patch::schema::Schema;
use crate::model::patch::{PatchType, json_patch, merge_patch, strategic_merge};
use crate::sim::outcome::Output;
use crate::sim::world::World;

impl World {
    /// Runs a parsed `kubectl patch`; `file` is the text of its `--patch-file`, if kubectl
    /// could read it.
    pub fn kubectl_patch(&mut self, cmd: &Patch, file: Option<&str>) -> Output {
        // `RunPatch`: the file is read and converted before any object is looked up.
        let doc = match &cmd.source {
            PatchSource::Inline(_) => cmd.document(),
            PatchSource::File(path) => {
                let Some(text) = file else {
                    return Output::failed(
                        format!(
                            "error: unable to read patch file: open {path}: no such file or directory\n"
                        ),
                        1,
                    );
                };
                match crate::model::kubectl::patch::to_json(text, "") {
                    Ok(doc) => doc,
                    Err(e) => return Output::failed(format!("error: {e}\n"), 1),
                }
            }
        };
        let objects = cmd.targets.objects();
        if !objects.is_empty()
            && objects
                .iter()
                .all(|o| o.resource.api().plural == "serviceaccounts")
            && cmd.patch_type == PatchType::Strategic
        {
            return self.patch_service_accounts(cmd, &doc);
        }
        if let Some(o) = objects.iter().find(|o| o.resource != Resource::Deployments) {
            let what = format!("kubectl patch {}", o.resource.api().plural);
            return Output::failed(not_modelled(&what), 1);
        }
        let mut out = Output::ok("");
        for o in &objects {
            let key = ObjectKey::new(&cmd.namespace, &o.name);
            let done = self.patch_deployment(&key, cmd.patch_type, &doc);
            out.text.push_str(&done.text);
            if done.status != 0 {
                out.status = done.status;
            }
        }
        self.reconcile(true);
        out
    }

    /// One Deployment patched: its line, or the API server's error.
    fn patch_deployment(
        &mut self,
        key: &ObjectKey,
        patch_type: PatchType,
        doc: &serde_json::Value,
    ) -> Output {
        let Some(d) = self.controllers.deployment(key) else {
            return Output::failed(Resource::Deployments.not_found(&key.name), 1);
        };
        let Some(before) = stored::deployment(d) else {
            return Output::failed(
                not_modelled("kubectl patch of a Deployment whose selector has expressions"),
                1,
            );
        };
        let applied = match patch_type {
            PatchType::Merge => merge_patch::apply(&before, doc),
            PatchType::Json => json_patch::apply(&before, doc),
            PatchType::Strategic => strategic_merge::apply(&before, doc, Schema::Deployment),
        };
        let after = match applied {
            Ok(v) => v,
            Err(e) => return Output::failed(e.render(), 1),
        };
        let name = &key.name;
        if after == before {
            return Output::ok(format!("deployment.apps/{name} patched (no change)\n"));
        }
        for field in ["/metadata/name", "/metadata/namespace", "/spec/selector"] {
            if after.pointer(field) != before.pointer(field) {
                let what = format!(
                    "kubectl patch of a Deployment's {}",
                    field.trim_start_matches('/')
                );
                return Output::failed(not_modelled(&what), 1);
            }
        }
        // The API server decodes the result (unknown fields are dropped with a warning),
        // then validates it as it validates a new object's spec.
        let loaded =
            crate::admission::load::load(&after.to_string(), crate::model::rng::DEFAULT_SEED);
        let mut text = warnings(&loaded.diagnostics);
        let errors: Vec<&Diagnostic> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        let workload = loaded
            .cluster
            .workloads
            .iter()
            .find(|w| w.name == key.name && w.namespace == key.namespace);
        let (Some(w), true) = (workload, errors.is_empty()) else {
            text.push_str(&invalid(name, &errors));
            return Output::failed(text, 1);
        };
        let (paused, deadline) = stored::paused_and_deadline(&after);
        let mut annotations = stored::annotations(&after);
        let change_cause = annotations.remove(stored::CHANGE_CAUSE);
        let Some(d) = self.controllers.deployment_mut(key) else {
            return Output::failed(Resource::Deployments.not_found(name), 1);
        };
        // What `kubectl apply` replaces (`sim::kubectl_apply`); the selector is immutable.
        d.replicas = w.replicas;
        d.strategy = w.strategy;
        d.min_ready_seconds = w.min_ready_seconds;
        d.revision_history_limit = w.revision_history_limit;
        d.template = (*w.template).clone();
        d.hash = w.template_hash.clone().unwrap_or_default();
        d.labels = w.labels.clone();
        d.paused = paused;
        d.progress_deadline_seconds =
            deadline.unwrap_or(crate::sim::controllers::DEFAULT_PROGRESS_DEADLINE_SECONDS);
        d.annotations = annotations;
        d.change_cause = change_cause;
        text.push_str(&format!("deployment.apps/{name} patched\n"));
        Output::ok(text)
    }
}

/// The API server's warnings kubectl prints first (client-go's warning handler:
/// `Warning: TEXT`): the fields strict decoding found unknown (apiserver patch.go
/// `addStrictDecodingWarnings`, `unknown field "PATH"`).
fn warnings(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.message.starts_with("unknown field "))
        .filter_map(|d| d.path.as_ref())
        .map(|p| format!("Warning: unknown field \"{p}\"\n"))
        .collect()
}

/// kubectl pkg/cmd/util/helpers.go `checkErr` of an Invalid status: `The Deployment "x" is
/// invalid: CAUSE`, or the causes one a line after `* ` (`MultilineError`).
fn invalid(name: &str, errors: &[&Diagnostic]) -> String {
    let cause = |d: &Diagnostic| match &d.path {
        Some(p) => format!("{p}: {}", d.message),
        None => d.message.clone(),
    };
    let prefix = format!("The Deployment \"{name}\" is invalid: ");
    match errors {
        [] => format!("{prefix}podscope could not read the patched object\n"),
        [one] => format!("{prefix}{}\n", cause(one)),
        many => {
            let mut s = format!("{prefix}\n");
            for d in many {
                s.push_str(&format!("* {}\n", cause(d)));
            }
            s
        }
    }
}
