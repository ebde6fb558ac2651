//! `kubectl patch (-f FILENAME | TYPE NAME) -p PATCH [--type strategic|merge|json]`: kubectl
//! pkg/cmd/patch/patch.go (`NewCmdPatch`'s flags, `Complete`, `Validate`: its errors, and the
//! patch read as YAML or JSON with `yaml.ToJSON`).

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT};

/// `kubectl patch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patch {
    pub namespace: String,
    pub targets: Targets,
    /// The patch document as JSON text (`yaml.ToJSON` of what was typed).
    pub patch: String,
}

impl Patch {
    /// The patch document.
    pub fn document(&self) -> serde_json::Value {
        serde_json::from_str(&self.patch).unwrap_or_default()
    }
}

const FLAGS: &[Flag] = &[
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record"),
    Flag::string("patch").short('p').modelled(),
    Flag::string("patch-file"),
    // Only the default, `strategic`, is modelled.
    Flag::string("type"),
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
    if text.is_empty() && !p.changed("patch-file") {
        return Err(KubectlError::message(
            "must specify --patch or --patch-file containing the contents of the patch",
        ));
    }
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // `Run`: `yaml.ToJSON` of the patch (JSON is YAML).
    let patch: serde_json::Value = serde_yaml::from_str(text).map_err(|e| {
        KubectlError::message(format!(
            "unable to parse {}: {e}",
            crate::model::humanize::go_quote(text)
        ))
    })?;
    Ok(Kubectl::Patch(Patch {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&p.args)?,
        patch: patch.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
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
        assert_eq!(
            k("kubectl patch deploy/web").err().unwrap_or_default(),
            "error: must specify --patch or --patch-file containing the contents of the patch\n"
        );
        assert!(matches!(
            k("kubectl patch deploy/web --type merge -p '{}'"),
            Ok(Kubectl::NotModelled(_))
        ));
    }
}
