//! `kubectl label` and `kubectl annotate`: kubectl pkg/cmd/label/label.go (`Complete`,
//! `Validate`, `parseLabels`, `labelFunc`, `updateDataChangeMsg`) and
//! pkg/cmd/annotate/annotate.go (`Complete`, `validateAnnotations`), with cmdutil
//! `GetResourcesAndPairs` and `ParsePairs`.

use std::collections::BTreeMap;

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT, SELECTOR};

/// Which metadata map the command changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaField {
    Labels,
    Annotations,
}

impl MetaField {
    /// The word kubectl prints after the object (`pod/x labeled`).
    pub fn done(self) -> &'static str {
        match self {
            MetaField::Labels => "labeled",
            MetaField::Annotations => "annotated",
        }
    }
}

/// `kubectl label|annotate [--overwrite] (TYPE NAME | TYPE/NAME)… KEY=VALUE… KEY-…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub namespace: String,
    pub field: MetaField,
    pub targets: Targets,
    pub set: BTreeMap<String, String>,
    pub remove: Vec<String>,
    pub overwrite: bool,
}

const FLAGS: &[Flag] = &[
    Flag::bool("overwrite").modelled(),
    Flag::bool("list"),
    Flag::bool("local"),
    SELECTOR,
    Flag::string("field-selector"),
    Flag::bool("all"),
    Flag::bool("all-namespaces").short('A'),
    Flag::string("resource-version"),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    DRY_RUN,
    Flag::string("field-manager"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
];

pub(super) fn parse(
    path: &str,
    words: &[String],
    field: MetaField,
) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let kind = match field {
        MetaField::Labels => "label",
        MetaField::Annotations => "annotation",
    };
    let (resources, pairs) = resources_and_pairs(&p.args, kind).map_err(KubectlError::message)?;
    let (set, remove) = match field {
        MetaField::Labels => parse_labels(&pairs)?,
        MetaField::Annotations => {
            let parsed = super::pairs::parse(&pairs, kind, true).map_err(KubectlError::message)?;
            let both: Vec<&str> = parsed
                .remove
                .iter()
                .filter(|k| parsed.set.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !both.is_empty() {
                return Err(KubectlError::message(format!(
                    "can not both modify and remove the following annotation(s) in the same command: {}",
                    both.join(", ")
                )));
            }
            (parsed.set, parsed.remove)
        }
    };
    // `Validate`.
    if resources.is_empty() {
        return Err(KubectlError::message(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        ));
    }
    if set.is_empty() && remove.is_empty() {
        return Err(KubectlError::message(format!(
            "at least one {kind} update is required"
        )));
    }
    let targets = super::delete::named(&resources)?;
    Ok(Kubectl::Label(Label {
        namespace: super::namespace_of(&p),
        field,
        targets,
        set,
        remove,
        overwrite: p.bool("overwrite"),
    }))
}

/// helpers.go `GetResourcesAndPairs`: the resources, then the `KEY=VALUE`/`KEY-` words.
pub(super) fn resources_and_pairs(
    args: &[String],
    kind: &str,
) -> Result<(Vec<String>, Vec<String>), String> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for s in args {
        let pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        match (pairs.is_empty(), pair) {
            (_, true) => pairs.push(s.clone()),
            (true, false) => resources.push(s.clone()),
            (false, false) => {
                return Err(format!(
                    "all resources must be specified before {kind} changes: {s}"
                ));
            }
        }
    }
    Ok((resources, pairs))
}

/// label.go `parseLabels`.
fn parse_labels(spec: &[String]) -> Result<(BTreeMap<String, String>, Vec<String>), KubectlError> {
    let mut labels = BTreeMap::new();
    let mut remove = Vec::new();
    for s in spec {
        if s.contains('=') {
            let parts: Vec<&str> = s.split('=').collect();
            let [k, v] = parts.as_slice() else {
                return Err(KubectlError::message(format!("invalid label spec: {s}")));
            };
            let errs = crate::model::validate::formats::label_value(v);
            if !errs.is_empty() {
                return Err(KubectlError::message(format!(
                    "invalid label value: {}: {}",
                    crate::model::humanize::go_quote(s),
                    errs.join(";")
                )));
            }
            labels.insert((*k).to_owned(), (*v).to_owned());
        } else if let Some(key) = s.strip_suffix('-') {
            remove.push(key.to_owned());
        } else {
            return Err(KubectlError::message(format!("unknown label spec: {s}")));
        }
    }
    if remove.iter().any(|k| labels.contains_key(k)) {
        return Err(KubectlError::message(
            "can not both modify and remove a label in the same command",
        ));
    }
    Ok((labels, remove))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn label_and_annotate_forms() {
        let Ok(Kubectl::Label(l)) = k("kubectl label nodes node-1 disktype=ssd") else {
            panic!("label");
        };
        assert_eq!(l.field, MetaField::Labels);
        assert_eq!(l.set.get("disktype").map(String::as_str), Some("ssd"));
        assert!(!l.overwrite);
        let Ok(Kubectl::Label(l)) = k("kubectl label --overwrite pod/a pod/b c=d e-") else {
            panic!("label");
        };
        assert!(l.overwrite);
        assert_eq!(l.targets.objects().len(), 2);
        assert_eq!(l.remove, ["e"]);
        let Ok(Kubectl::Label(a)) = k("kubectl annotate pods a note='x=y'") else {
            panic!("annotate");
        };
        assert_eq!(a.field, MetaField::Annotations);
        assert_eq!(a.set.get("note").map(String::as_str), Some("x=y"));
    }

    #[test]
    fn label_gos_errors() {
        let err = |l: &str| k(l).err().unwrap_or_default();
        assert_eq!(
            err("kubectl label pods a b=c d"),
            "error: all resources must be specified before label changes: d\n"
        );
        assert_eq!(
            err("kubectl label pods a"),
            "error: at least one label update is required\n"
        );
        assert_eq!(
            err("kubectl label a=b"),
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
        );
        assert_eq!(
            err("kubectl label pods a b=c=d"),
            "error: invalid label spec: b=c=d\n"
        );
        assert_eq!(
            err("kubectl label pods a b=c b-"),
            "error: can not both modify and remove a label in the same command\n"
        );
        assert!(
            err("kubectl label pods a b=-x")
                .starts_with("error: invalid label value: \"b=-x\": a valid label must")
        );
        assert_eq!(
            err("kubectl annotate pods a b=c b-"),
            "error: can not both modify and remove the following annotation(s) in the same command: b\n"
        );
    }
}
