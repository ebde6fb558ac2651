//! `kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [--type
//! json|merge|strategic]`: kubectl pkg/cmd/patch/patch.go (`NewCmdPatch`'s flags,
//! `Validate`: its errors, and `RunPatch`: the patch read as YAML or JSON with
//! `yaml.ToJSON`, from `--patch` here or from `--patch-file` when run).

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT};
use crate::model::patch::PatchType;

/// `kubectl patch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    pub namespace: String,
    pub targets: Targets,
    /// `--type` (`strategic` unless given).
    pub patch_type: PatchType,
    pub source: PatchSource,
}

/// Where the patch comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchSource {
    /// `--patch`/`-p`: the document as JSON (`yaml.ToJSON` of what was typed).
    Inline(serde_json::Value),
    /// `--patch-file FILE`, read when the command runs.
    File(String),
}

impl Patch {
    /// The `--patch` document (`null` for a `--patch-file`, which the command reads).
    pub fn document(&self) -> serde_json::Value {
        match &self.source {
            PatchSource::Inline(json) => json.clone(),
            PatchSource::File(_) => serde_json::Value::Null,
        }
    }
}

/// sigs.k8s.io/yaml `ToJSON` of a patch's text, or kubectl's `unable to parse` error, which
/// quotes `--patch` (`typed`: empty when the text came from `--patch-file`).
pub fn to_json(text: &str, typed: &str) -> Result<serde_json::Value, String> {
    let unable = |e: &dyn std::fmt::Display| {
        format!(
            "unable to parse {}: {}",
            crate::model::humanize::go_quote(typed),
            go_yaml_error(&e.to_string())
        )
    };
    crate::model::yaml::to_json(text).map_err(|e| unable(&e))
}

/// A YAML error as go-yaml v2 words it (`yaml: line N: PROBLEM`, which sigs.k8s.io/yaml
/// passes on), from the parser's `PROBLEM at line N column M`.
fn go_yaml_error(message: &str) -> String {
    if let Some((problem, at)) = message.rsplit_once(" at line ")
        && let Some((line, _)) = at.split_once(" column ")
    {
        return format!("yaml: line {line}: {problem}");
    }
    format!("yaml: {message}")
}

const FLAGS: &[Flag] = &[
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record"),
    Flag::string("patch").short('p').modelled(),
    Flag::string("patch-file").modelled(),
    Flag::string("type").modelled(),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::bool("local"),
    DRY_RUN,
    Flag::string("field-manager"),
    Flag::string("subresource"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    // `Validate`, before anything is looked up.
    let text = p.string("patch").unwrap_or_default();
    let file = p.string("patch-file").unwrap_or_default();
    if !text.is_empty() && !file.is_empty() {
        return Err(KubectlError::message(
            "cannot specify --patch and --patch-file together",
        ));
    }
    if text.is_empty() && file.is_empty() {
        return Err(KubectlError::message(
            "must specify --patch or --patch-file containing the contents of the patch",
        ));
    }
    let patch_type = match p.string("type").filter(|t| !t.is_empty()) {
        None => PatchType::Strategic,
        Some(t) => PatchType::parse(t).ok_or_else(|| {
            KubectlError::message(format!(
                "--type must be one of [{}], not {}",
                PatchType::NAMES.join(" "),
                crate::model::humanize::go_quote(t)
            ))
        })?,
    };
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // `RunPatch`: `yaml.ToJSON` of the patch (JSON is YAML).
    let source = if file.is_empty() {
        PatchSource::Inline(to_json(text, text).map_err(KubectlError::message)?)
    } else {
        PatchSource::File(file.to_owned())
    };
    Ok(Kubectl::Patch(Patch {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&p.args)?,
        patch_type,
        source,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn patch_forms_and_errors() {
        let Ok(Kubectl::Patch(p)) = k(
            r#"kubectl patch deployment.v1.apps/nginx-deployment -p '{"spec":{"progressDeadlineSeconds":600}}'"#,
        ) else {
            panic!("patch");
        };
        assert_eq!(
            p.document(),
            serde_json::json!({"spec": {"progressDeadlineSeconds": 600}})
        );
        assert_eq!(p.targets.objects().len(), 1);
        assert_eq!(p.patch_type, PatchType::Strategic);
        assert_eq!(
            k("kubectl patch deploy/web").err().unwrap_or_default(),
            "error: must specify --patch or --patch-file containing the contents of the patch\n"
        );
        assert_eq!(
            k("kubectl patch deploy/web -p x --patch-file f")
                .err()
                .unwrap_or_default(),
            "error: cannot specify --patch and --patch-file together\n"
        );
        assert_eq!(
            k("kubectl patch deploy/web --type apply -p '{}'")
                .err()
                .unwrap_or_default(),
            "error: --type must be one of [json merge strategic], not \"apply\"\n"
        );
    }

    #[test]
    fn the_type_any_case_yaml_patches_and_patch_files() {
        let Ok(Kubectl::Patch(p)) =
            k("kubectl patch deployment d --type MERGE --patch 'spec:\n  replicas: 3'")
        else {
            panic!("patch");
        };
        assert_eq!(p.patch_type, PatchType::Merge);
        assert_eq!(p.document(), serde_json::json!({"spec": {"replicas": 3}}));
        let Ok(Kubectl::Patch(p)) = k("kubectl patch deployment d --patch-file patch.yaml") else {
            panic!("patch");
        };
        assert_eq!(p.source, PatchSource::File("patch.yaml".to_owned()));
        // A single-quoted `\n` is two characters: the YAML is one line, and go-yaml refuses it.
        assert_eq!(
            k(r"kubectl patch deployment d --patch 'spec:\n replicas: 3\n x: y'")
                .err()
                .unwrap_or_default(),
            "error: unable to parse \"spec:\\\\n replicas: 3\\\\n x: y\": yaml: line 1: mapping values are not allowed in this context\n"
        );
    }
}
