//! What the reading kubectl commands print: `get`, `describe` and `logs`, each from the typed
//! command `model::kubectl` parsed, with kubectl's texts for what it did not find. The
//! commands that change the world are the world's (`sim`).

pub mod describe;
mod found;
pub mod get;
pub mod gojson;
pub mod gotemplate;
pub mod history;
pub mod jsonpath;
pub mod logs;
pub mod object;
pub mod printers;
mod storage_tables;
pub mod tables;
pub mod yaml;

use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::targets::Targets;
use crate::model::kubectl::{KubectlError, not_modelled};
use crate::sim::outcome::Output;
use crate::sim::world::Pod;

/// What kubectl prints for an error it found before asking the server (status 1).
pub fn refused(e: &KubectlError) -> Output {
    Output::failed(e.to_string(), 1)
}

/// `podscope: WHAT is not modelled` (status 1): a real kubectl form podscope does not show.
pub fn unmodelled(what: &str) -> Output {
    Output::failed(not_modelled(what), 1)
}

/// `Error from server (NotFound): pods "x" not found`.
pub fn not_found(resource: Resource, name: &str) -> Output {
    Output::failed(resource.not_found(name), 1)
}

/// `No resources found in default namespace.` / `No resources found` for `-A`
/// (kubectl pkg/cmd/get/get.go).
pub fn no_resources(all_namespaces: bool, namespace: &str) -> Output {
    if all_namespaces {
        Output::ok("No resources found\n")
    } else {
        Output::ok(format!("No resources found in {namespace} namespace.\n"))
    }
}

/// The one resource type `get` and `describe` show and the names asked for (none: all of
/// them). Several types at once, and types podscope does not show, are "not modelled".
pub fn one_type(verb: &str, targets: &Targets) -> Result<(Resource, Vec<String>), Output> {
    let several = |rs: &[Resource]| {
        let names: Vec<&str> = rs.iter().map(|r| r.api().plural).collect();
        unmodelled(&format!("kubectl {verb} {}", names.join(",")))
    };
    let (resource, names) = match targets {
        Targets::None => return Err(several(&[])),
        Targets::Types(rs) => match rs.as_slice() {
            [one] => (*one, Vec::new()),
            _ => return Err(several(rs)),
        },
        Targets::Names(r, names) => (*r, names.clone()),
        Targets::Objects(objects) => {
            let mut rs: Vec<Resource> = Vec::new();
            for o in objects {
                if !rs.contains(&o.resource) {
                    rs.push(o.resource);
                }
            }
            match rs.as_slice() {
                [one] => (*one, objects.iter().map(|o| o.name.clone()).collect()),
                _ => return Err(several(&rs)),
            }
        }
    };
    // The core Secrets and ConfigMaps are described; other kinds without a variant are not.
    if let Resource::Other(api) = resource
        && !(api.group.is_empty() && matches!(api.plural, "secrets" | "configmaps"))
    {
        return Err(unmodelled(&format!("kubectl {verb} {}", api.plural)));
    }
    Ok((resource, names))
}

/// podcmd `AllContainerNames`: app containers, then ephemeral ones marked `(ephem)`, then
/// init containers marked `(init)`.
pub fn all_container_names(pod: &Pod) -> String {
    pod.containers
        .iter()
        .map(|c| c.spec.name.0.clone())
        .chain(
            pod.ephemeral_containers
                .iter()
                .map(|c| format!("{} (ephem)", c.spec.name)),
        )
        .chain(
            pod.init_containers
                .iter()
                .map(|c| format!("{} (init)", c.spec.name)),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

/// The container kubectl picks when none is named (kubectl pkg/cmd/util/podcmd
/// `FindOrDefaultContainerByName`): the `kubectl.kubernetes.io/default-container`
/// annotation's if the pod has it, else the first, with the line kubectl writes to stderr
/// when the pod has others (`Defaulted container "nginx" out of: nginx, busybox`). `None` for
/// a pod without containers.
pub fn default_container(pod: &Pod) -> Option<(String, String)> {
    let annotated = pod
        .spec
        .api
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubectl.kubernetes.io/default-container"))
        .filter(|name| pod.all_containers().any(|(_, c)| &c.spec.name.0 == *name));
    if let Some(name) = annotated {
        return Some((name.clone(), String::new()));
    }
    let first = pod.containers.first()?;
    let notice = if pod.containers.len() > 1
        || !pod.init_containers.is_empty()
        || !pod.ephemeral_containers.is_empty()
    {
        format!(
            "Defaulted container \"{}\" out of: {}\n",
            first.spec.name,
            all_container_names(pod)
        )
    } else {
        String::new()
    };
    Some((first.spec.name.0.clone(), notice))
}
