//! `kubectl set resources (-f FILENAME | TYPE NAME) [-c=CONTAINER] [--limits=…]
//! [--requests=…]`: kubectl pkg/cmd/set/set_resources.go (`NewCmdResources`' flags,
//! `Complete`, `Validate`) and pkg/generate/versioned/run.go `populateResourceListV1`.

use std::collections::BTreeMap;

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT, SELECTOR};
use crate::model::resources::ParsedQuantity;

/// `kubectl set resources`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetResources {
    pub namespace: String,
    pub targets: Targets,
    /// `-c`: the containers' names, `*` (the default) for all (set_resources.go
    /// `selectContainers` with `path.Match`).
    pub containers: String,
    /// Resource name → the quantity's canonical text.
    pub limits: BTreeMap<String, String>,
    pub requests: BTreeMap<String, String>,
}

const FLAGS: &[Flag] = &[
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record"),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::bool("all"),
    SELECTOR,
    Flag::string("containers").short('c').modelled(),
    Flag::bool("local"),
    DRY_RUN,
    Flag::string("limits").modelled(),
    Flag::string("requests").modelled(),
    Flag::string("field-manager"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let limits = p.string("limits").unwrap_or_default();
    let requests = p.string("requests").unwrap_or_default();
    // `Validate`.
    if limits.is_empty() && requests.is_empty() {
        return Err(KubectlError::message(
            "you must specify an update to requests or limits (in the form of --requests/--limits)",
        ));
    }
    Ok(Kubectl::SetResources(SetResources {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&p.args)?,
        containers: p.string("containers").unwrap_or("*").to_owned(),
        limits: resource_list(limits)?,
        requests: resource_list(requests)?,
    }))
}

/// run.go `populateResourceListV1`: `NAME=QUANTITY[,…]`.
fn resource_list(spec: &str) -> Result<BTreeMap<String, String>, KubectlError> {
    let mut out = BTreeMap::new();
    if spec.is_empty() {
        return Ok(out);
    }
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        let [name, value] = parts.as_slice() else {
            return Err(KubectlError::message(format!(
                "Invalid argument syntax {statement}, expected <resource>=<value>"
            )));
        };
        let q = ParsedQuantity::parse(value)
            .map_err(|e| KubectlError::message(e.message().to_owned()))?;
        out.insert((*name).to_owned(), q.canonical());
    }
    Ok(out)
}

/// set_resources.go `selectContainers`: `path.Match(selector, name)` for the selectors the
/// pages use: a name, or `*` for all.
pub fn selects(selector: &str, name: &str) -> bool {
    selector == "*" || selector == name
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn set_resources_forms_and_errors() {
        let Ok(Kubectl::SetResources(s)) = k(
            "kubectl set resources deployment.v1.apps/nginx-deployment -c=nginx --limits=cpu=200m,memory=512Mi",
        ) else {
            panic!("set resources");
        };
        assert_eq!(s.containers, "nginx");
        assert_eq!(s.limits.get("cpu").map(String::as_str), Some("200m"));
        assert_eq!(s.limits.get("memory").map(String::as_str), Some("512Mi"));
        assert!(s.requests.is_empty());
        assert_eq!(
            k("kubectl set resources deploy/web")
                .err()
                .unwrap_or_default(),
            "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n"
        );
        assert_eq!(
            k("kubectl set resources deploy/web --limits=cpu")
                .err()
                .unwrap_or_default(),
            "error: Invalid argument syntax cpu, expected <resource>=<value>\n"
        );
    }
}
