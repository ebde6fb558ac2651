//! What a command's arguments name: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`, read as
//! cli-runtime's resource builder reads them (pkg/resource/builder.go
//! `ResourceTypeOrNameArgs`, `normalizeMultipleResourcesArgs`, `hasCombinedTypeArgs`,
//! `splitResourceTypeName`, `ResourceNames`), with its error texts.

use std::fmt;

use super::resource::{Resource, UnknownResource};

/// One object by type and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    pub resource: Resource,
    pub name: String,
}

/// The objects a command's arguments name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Targets {
    /// No arguments.
    #[default]
    None,
    /// `TYPE[,TYPE…]`: every object of these types (in the order given, repeats dropped).
    Types(Vec<Resource>),
    /// `TYPE NAME…`: these objects of one type.
    Names(Resource, Vec<String>),
    /// `TYPE/NAME…`, or `TYPE,TYPE NAME…` (each type with each name).
    Objects(Vec<ObjectRef>),
}

impl Targets {
    /// The named objects, each with its type (empty for `None` and `Types`).
    pub fn objects(&self) -> Vec<ObjectRef> {
        match self {
            Targets::None | Targets::Types(_) => Vec::new(),
            Targets::Names(resource, names) => names
                .iter()
                .map(|n| ObjectRef {
                    resource: *resource,
                    name: n.clone(),
                })
                .collect(),
            Targets::Objects(o) => o.clone(),
        }
    }
}

/// Why the arguments name no objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// `TYPE TYPE/NAME`: a bare type mixed with `TYPE/NAME` arguments.
    Mixed,
    TooManySlashes,
    NotResourceAndName,
    Unknown(UnknownResource),
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // builder.go builds the example from os.Args[0] and leaves its parenthesis open.
            TargetError::Mixed => f.write_str(
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ),
            TargetError::TooManySlashes => {
                f.write_str("arguments in resource/name form may not have more than one slash")
            }
            TargetError::NotResourceAndName => {
                f.write_str("arguments in resource/name form must have a single resource and name")
            }
            TargetError::Unknown(u) => u.fmt(f),
        }
    }
}

impl From<UnknownResource> for TargetError {
    fn from(u: UnknownResource) -> Self {
        TargetError::Unknown(u)
    }
}

/// `SplitResourceArgument`: a comma-separated list of types, repeats dropped.
fn split_types(arg: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in arg.split(',') {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The `all` category as discovery expands it (the resources whose `categories` list
/// `all`, in discovery order): pods, replicationcontrollers, services, daemonsets,
/// deployments, replicasets, statefulsets, horizontalpodautoscalers, cronjobs, jobs.
const ALL: &[&str] = &[
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets.apps",
    "deployments.apps",
    "replicasets.apps",
    "statefulsets.apps",
    "horizontalpodautoscalers.autoscaling",
    "cronjobs.batch",
    "jobs.batch",
];

/// Each resource type of a comma-separated list, resolved (`all` expanded).
fn resources(arg: &str) -> Result<Vec<Resource>, TargetError> {
    let mut out: Vec<Resource> = Vec::new();
    for t in split_types(arg) {
        let expanded: Vec<Resource> = if t.eq_ignore_ascii_case("all") {
            ALL.iter().filter_map(|a| Resource::parse(a).ok()).collect()
        } else {
            vec![Resource::parse(t)?]
        };
        for r in expanded {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    Ok(out)
}

/// `splitResourceTypeName`: `TYPE/NAME` as an object, `None` without a slash.
pub fn split_type_name(arg: &str) -> Result<Option<ObjectRef>, TargetError> {
    let Some((resource, name)) = arg.split_once('/') else {
        return Ok(None);
    };
    if name.contains('/') {
        return Err(TargetError::TooManySlashes);
    }
    if resource.is_empty() || name.is_empty() || split_types(resource).len() != 1 {
        return Err(TargetError::NotResourceAndName);
    }
    Ok(Some(ObjectRef {
        resource: Resource::parse(resource)?,
        name: name.to_owned(),
    }))
}

/// `ResourceNames("pods", arg)`: `TYPE/NAME`, or a pod's name.
pub fn pod_or_object(arg: &str) -> Result<ObjectRef, TargetError> {
    Ok(split_type_name(arg)?.unwrap_or_else(|| ObjectRef {
        resource: Resource::Pods,
        name: arg.to_owned(),
    }))
}

/// `ResourceTypeOrNameArgs`: the arguments of `get`, `describe`, `delete`, `scale`,
/// `rollout`.
pub fn parse(args: &[String]) -> Result<Targets, TargetError> {
    let slashes = args.iter().filter(|a| a.contains('/')).count();
    if slashes > 0 {
        if slashes != args.len() {
            return Err(TargetError::Mixed);
        }
        let mut objects = Vec::new();
        for a in args {
            if let Some(o) = split_type_name(a)? {
                objects.push(o);
            }
        }
        return Ok(Targets::Objects(objects));
    }
    match args {
        [] => Ok(Targets::None),
        [types] => Ok(Targets::Types(resources(types)?)),
        [types, names @ ..] => {
            let rs = resources(types)?;
            match rs.as_slice() {
                [one] if split_types(types).len() == 1 => Ok(Targets::Names(*one, names.to_vec())),
                _ => Ok(Targets::Objects(
                    rs.iter()
                        .flat_map(|r| {
                            names.iter().map(|n| ObjectRef {
                                resource: *r,
                                name: n.clone(),
                            })
                        })
                        .collect(),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn p(line: &str) -> Result<Targets, String> {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&words).map_err(|e| e.to_string())
    }

    fn obj(resource: Resource, name: &str) -> ObjectRef {
        ObjectRef {
            resource,
            name: name.to_owned(),
        }
    }

    #[test]
    fn types_names_and_type_slash_name() {
        assert_eq!(p(""), Ok(Targets::None));
        assert_eq!(p("po"), Ok(Targets::Types(vec![Resource::Pods])));
        assert_eq!(
            p("deploy,pods,deployments"),
            Ok(Targets::Types(vec![Resource::Deployments, Resource::Pods]))
        );
        assert_eq!(
            p("pod a b"),
            Ok(Targets::Names(Resource::Pods, vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            p("pod/a deployment.v1.apps/web"),
            Ok(Targets::Objects(vec![
                obj(Resource::Pods, "a"),
                obj(Resource::Deployments, "web")
            ]))
        );
        assert_eq!(
            p("po,svc x"),
            Ok(Targets::Objects(vec![
                obj(Resource::Pods, "x"),
                obj(Resource::Services, "x")
            ]))
        );
        assert_eq!(pod_or_object("demo"), Ok(obj(Resource::Pods, "demo")));
        assert_eq!(
            pod_or_object("deploy/web"),
            Ok(obj(Resource::Deployments, "web"))
        );
    }

    #[test]
    fn the_builders_errors() {
        assert!(
            p("pod pod/a")
                .unwrap_err()
                .starts_with("there is no need to specify")
        );
        assert_eq!(
            p("pod/a/b").unwrap_err(),
            "arguments in resource/name form may not have more than one slash"
        );
        for bad in ["pod/", "/a", "po,svc/a"] {
            assert_eq!(
                p(bad).unwrap_err(),
                "arguments in resource/name form must have a single resource and name",
                "{bad}"
            );
        }
        assert_eq!(
            p("podz a").unwrap_err(),
            "the server doesn't have a resource type \"podz\""
        );
        assert_eq!(
            p("pods,").unwrap_err(),
            "the server doesn't have a resource type \"\""
        );
    }
}
