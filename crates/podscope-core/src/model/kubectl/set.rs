//! `kubectl set image (TYPE NAME | TYPE/NAME)… CONTAINER=IMAGE…`: kubectl
//! pkg/cmd/set/set_image.go (`NewCmdImage`'s flags, `Complete` with
//! `getResourcesAndImages`, `Validate`); `set resources` is `set_resources.rs`. The other
//! `set` subcommands are not modelled.

use std::collections::BTreeMap;

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT, SELECTOR};

/// `kubectl set image`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetImage {
    pub namespace: String,
    pub targets: Targets,
    /// Container name (or `*`) → image.
    pub images: BTreeMap<String, String>,
    /// `--record`: pflag's deprecation notice, printed first (record_flags.go
    /// `MarkDeprecated("record", "--record will be removed in the future")`).
    pub record: bool,
    /// What `--record=true` writes into `kubernetes.io/change-cause`: record_flags.go
    /// `parseCommandArguments` (`kubectl`, the arguments, then each flag as
    /// `--NAME=VALUE` in the order given).
    pub change_cause: Option<String>,
}

/// The notice pflag prints when a deprecated flag is used (flag.go `Set`:
/// `Flag --%s has been deprecated, %s`).
pub const RECORD_DEPRECATED: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";

const FLAGS: &[Flag] = &[
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record").modelled(),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::bool("all"),
    SELECTOR,
    Flag::bool("local"),
    DRY_RUN,
    Flag::string("field-manager"),
];

const SUBCOMMANDS: [&str; 6] = [
    "image",
    "resources",
    "selector",
    "subject",
    "serviceaccount",
    "env",
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let Some(at) = super::command_at(words) else {
        return Ok(Kubectl::NotModelled(format!("{path}'s help")));
    };
    let sub = words.get(at).map(String::as_str).unwrap_or_default();
    match sub {
        "image" => {}
        "resources" => {
            let path = format!("{path} resources");
            return super::set_resources::parse(&path, &super::without(words, at));
        }
        // set.go's aliases: `sa` for serviceaccount.
        s if SUBCOMMANDS.contains(&s) || s == "sa" => {
            return Ok(Kubectl::NotModelled(format!("{path} {s}")));
        }
        other => {
            return Err(KubectlError::usage(
                path,
                format!(
                    "unknown command {}",
                    crate::model::humanize::go_quote(other)
                ),
            ));
        }
    }
    let path = format!("{path} image");
    let p = super::parse_flags(&path, FLAGS, &super::without(words, at))?;
    if let Some(not) = super::unmodelled(&path, &p) {
        return Ok(not);
    }
    let (resources, pairs) =
        super::label::resources_and_pairs(&p.args, "image").map_err(KubectlError::message)?;
    let images = super::pairs::parse(&pairs, "image", false)
        .map_err(KubectlError::message)?
        .set;
    // `Validate`: its errors, aggregated.
    let mut errors = Vec::new();
    if resources.is_empty() {
        errors.push(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }
    if images.is_empty() {
        errors.push("at least one image update is required");
    } else if images.len() > 1 && images.contains_key("*") {
        errors.push("all containers are already specified by *, but saw more than one container_name=container_image pairs");
    }
    match errors.as_slice() {
        [] => {}
        [one] => return Err(KubectlError::message(*one)),
        many => return Err(KubectlError::message(format!("[{}]", many.join(", ")))),
    }
    Ok(Kubectl::SetImage(SetImage {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&resources)?,
        images,
        record: p.changed("record"),
        change_cause: p.bool("record").then(|| change_cause(words, at)),
    }))
}

/// record_flags.go `parseCommandArguments` over `kubectl set image …`: the non-flag words,
/// then the flags as `--NAME=VALUE` (only `--record` and `-n` reach here: the others are not
/// modelled).
fn change_cause(words: &[String], at: usize) -> String {
    let mut args = vec!["set".to_owned()];
    let mut flags = String::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        i += 1;
        if i - 1 == at {
            args.push(w.clone());
            continue;
        }
        if let Some(v) = w.strip_prefix("--record") {
            let v = v.strip_prefix('=').unwrap_or("true");
            flags.push_str(&format!(" --record={v}"));
        } else if w == "-n" || w == "--namespace" {
            let v = words.get(i).cloned().unwrap_or_default();
            i += 1;
            flags.push_str(&format!(" --namespace={v}"));
        } else if let Some(v) = w
            .strip_prefix("--namespace=")
            .or_else(|| w.strip_prefix("-n"))
        {
            flags.push_str(&format!(
                " --namespace={}",
                v.strip_prefix('=').unwrap_or(v)
            ));
        } else {
            args.push(w.clone());
        }
    }
    format!("kubectl {}{flags}", args.join(" "))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn set_image_forms_and_errors() {
        let Ok(Kubectl::SetImage(s)) = k(
            "kubectl set image deployment.v1.apps/nginx-deployment nginx=nginx:1.161 --record=true",
        ) else {
            panic!("set image");
        };
        assert!(s.record);
        assert_eq!(
            s.change_cause.as_deref(),
            Some(
                "kubectl set image deployment.v1.apps/nginx-deployment nginx=nginx:1.161 --record=true"
            )
        );
        assert_eq!(
            s.images.get("nginx").map(String::as_str),
            Some("nginx:1.161")
        );
        assert_eq!(s.targets.objects().len(), 1);
        assert_eq!(
            k("kubectl set image deploy/web").err().unwrap_or_default(),
            "error: at least one image update is required\n"
        );
        assert_eq!(
            k("kubectl set image deploy/web nginx=a x")
                .err()
                .unwrap_or_default(),
            "error: all resources must be specified before image changes: x\n"
        );
        assert!(matches!(
            k("kubectl set env deploy/web A=b"),
            Ok(Kubectl::NotModelled(_))
        ));
    }
}
