//! `kubectl create -f FILE` and the generators the docs use: `create namespace NAME`,
//! `create deployment NAME --image=IMG`, `create configmap NAME` and `create secret generic
//! NAME` from literals, files, directories and env files (their data: `create_data`).
//! kubectl pkg/cmd/create/ (create.go `RunCreate`, create_namespace.go, create_deployment.go
//! `createDeployment`, `buildPodSpec`, create_configmap.go and create_secret.go `Validate`),
//! with their flags and error texts.

use crate::model::sort::CollectMap;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, ContainerPort, Namespace, PodSpec, PodTemplateSpec, Secret,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::create_data::{self, ENV_FILE_COMBINED, Local, Sources};
use super::{DRY_RUN, FILENAME, Flag, Kind, Kubectl, KubectlError, PRINT, SELECTOR};

/// `kubectl create …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Create {
    pub namespace: String,
    /// `--namespace` given: `-f`'s objects must not name another.
    pub enforce_namespace: bool,
    pub what: CreateWhat,
}

/// What `kubectl create` makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateWhat {
    /// `-f FILE…`: the manifests' objects.
    Files(Vec<String>),
    Namespace(String),
    Deployment {
        name: String,
        images: Vec<String>,
        replicas: i32,
        port: Option<i32>,
        command: Vec<String>,
    },
    /// `configmap` or `secret generic`: data from literals, files and env files.
    Data {
        secret: bool,
        name: String,
        sources: Sources,
    },
    /// `secret docker-registry` (`create_docker`).
    DockerRegistry(super::create_docker::DockerRegistry),
}

/// create.go's own flags (`-f` and the rest) for `kubectl create -f`.
const FILE_FLAGS: &[Flag] = &[
    Flag::list("filename").short('f').modelled(),
    FILENAME[1],
    FILENAME[2],
    SELECTOR,
    Flag::bool("edit"),
    Flag::bool("windows-line-endings"),
    Flag::string("raw"),
    Flag::bool("record"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::new("validate", Kind::String(Some("strict"))),
    Flag::bool("save-config"),
    DRY_RUN,
    Flag::string("field-manager"),
];

/// The generators' common flags: print flags, `--save-config`, `--validate`, `--dry-run`,
/// `--field-manager`.
const GENERATOR: [Flag; 8] = [
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("save-config"),
    Flag::new("validate", Kind::String(Some("strict"))),
    DRY_RUN,
    Flag::string("field-manager"),
];

const NAMESPACE: &[Flag] = &GENERATOR;

const DEPLOYMENT: &[Flag] = &[
    GENERATOR[0],
    GENERATOR[1],
    GENERATOR[2],
    GENERATOR[3],
    GENERATOR[4],
    GENERATOR[5],
    GENERATOR[6],
    GENERATOR[7],
    Flag::list("image").modelled(),
    Flag::int("port").modelled(),
    Flag::int("replicas").short('r').modelled(),
];

const DATA: &[Flag] = &[
    GENERATOR[0],
    GENERATOR[1],
    GENERATOR[2],
    GENERATOR[3],
    GENERATOR[4],
    GENERATOR[5],
    GENERATOR[6],
    GENERATOR[7],
    Flag::list("from-file").modelled(),
    Flag::list("from-literal").modelled(),
    Flag::list("from-env-file").modelled(),
    Flag::bool("append-hash"),
    Flag::string("type"),
];

/// `kubectl create`'s subcommands (create.go `AddCommand`s) and their aliases.
const SUBCOMMANDS: &[&str] = &[
    "clusterrole",
    "clusterrolebinding",
    "configmap",
    "cm",
    "cronjob",
    "cj",
    "deployment",
    "deploy",
    "ingress",
    "ing",
    "job",
    "namespace",
    "ns",
    "poddisruptionbudget",
    "pdb",
    "priorityclass",
    "pc",
    "quota",
    "resourcequota",
    "role",
    "rolebinding",
    "secret",
    "service",
    "svc",
    "serviceaccount",
    "sa",
    "token",
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let sub = super::command_at(words)
        .and_then(|i| words.get(i).map(|w| (i, w.as_str())))
        .filter(|(_, w)| SUBCOMMANDS.contains(w));
    let Some((at, sub)) = sub else {
        return files(path, words);
    };
    let rest = super::without(words, at);
    match sub {
        "namespace" | "ns" => namespace(&format!("{path} namespace"), &rest),
        "deployment" | "deploy" => deployment(&format!("{path} deployment"), &rest),
        "configmap" | "cm" => data(&format!("{path} configmap"), &rest, false),
        "secret" => {
            let generic =
                super::command_at(&rest).filter(|&i| rest.get(i).is_some_and(|w| w == "generic"));
            match generic {
                Some(i) => data(
                    &format!("{path} secret generic"),
                    &super::without(&rest, i),
                    true,
                ),
                None => match super::command_at(&rest)
                    .filter(|&i| rest.get(i).is_some_and(|w| w == "docker-registry"))
                {
                    Some(i) => super::create_docker::parse(
                        &format!("{path} secret docker-registry"),
                        &super::without(&rest, i),
                        &GENERATOR,
                    ),
                    None => Ok(Kubectl::NotModelled(format!("{path} secret"))),
                },
            }
        }
        other => Ok(Kubectl::NotModelled(format!("{path} {other}"))),
    }
}

/// create.go: `-f` is required (`RequireFilenameOrKustomize`), no arguments.
fn files(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FILE_FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let files = p.list("filename");
    if files.is_empty() {
        return Err(KubectlError::message("must specify one of -f and -k"));
    }
    if !p.args.is_empty() {
        return Err(KubectlError::usage(
            path,
            format!("Unexpected args: [{}]", p.args.join(" ")),
        ));
    }
    Ok(Kubectl::Create(Create {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        what: CreateWhat::Files(files),
    }))
}

/// create.go `NameFromCommandArgs`: exactly one name (before `--`).
pub(super) fn name_of(path: &str, p: &super::flags::Parsed) -> Result<String, KubectlError> {
    let before = p.dash.unwrap_or(p.args.len());
    match p.args.get(..before).unwrap_or_default() {
        [] => Err(KubectlError::usage(path, "NAME is required")),
        [one] => Ok(one.clone()),
        more => Err(KubectlError::usage(
            path,
            format!("exactly one NAME is required, got {}", more.len()),
        )),
    }
}

fn namespace(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, NAMESPACE, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let name = name_of(path, &p)?;
    Ok(Kubectl::Create(Create {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        what: CreateWhat::Namespace(name),
    }))
}

fn deployment(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, DEPLOYMENT, words)?;
    if !p.changed("image") {
        return Err(KubectlError::message("required flag(s) \"image\" not set"));
    }
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let name = name_of(path, &p)?;
    let command: Vec<String> = p.args.get(1..).unwrap_or_default().to_vec();
    let images = p.list("image");
    if images.len() > 1 && !command.is_empty() {
        return Err(KubectlError::message(
            "cannot specify multiple --image options and command",
        ));
    }
    let int32 = |n: Option<i64>, default: i32| n.map_or(Ok(default), i32::try_from);
    let (Ok(replicas), Ok(port)) = (int32(p.int("replicas"), 1), int32(p.int("port"), -1)) else {
        return Err(KubectlError::message(
            "value out of range for an int32 flag",
        ));
    };
    Ok(Kubectl::Create(Create {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        what: CreateWhat::Deployment {
            name,
            images,
            replicas,
            port: (port >= 0).then_some(port),
            command,
        },
    }))
}

fn data(path: &str, words: &[String], secret: bool) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, DATA, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let name = name_of(path, &p)?;
    let sources = Sources {
        literals: p.all("from-literal"),
        files: p.list("from-file"),
        env_files: p.list("from-env-file"),
    };
    let others = !sources.files.is_empty() || !sources.literals.is_empty();
    if !sources.env_files.is_empty() && others {
        return Err(KubectlError::message(ENV_FILE_COMBINED));
    }
    Ok(Kubectl::Create(Create {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        what: CreateWhat::Data {
            secret,
            name,
            sources,
        },
    }))
}

impl Create {
    /// The object a generator makes, as a manifest, `local` giving the files and the
    /// environment its sources read; the error is kubectl's (without `error: `).
    ///
    /// `suffix` gives the 5 random characters of apimachinery's `rand.String(5)` that
    /// create_deployment.go `sanitizeAndUniquify` appends to a container name holding `.` or
    /// `_`.
    pub fn manifest(
        &self,
        local: &impl Local,
        mut suffix: impl FnMut() -> String,
    ) -> Result<String, String> {
        let meta = |name: &str, namespaced: bool| ObjectMeta {
            name: Some(name.to_owned()),
            namespace: namespaced.then(|| self.namespace.clone()),
            ..ObjectMeta::default()
        };
        let yaml = match &self.what {
            CreateWhat::Files(_) => return Err("no generator for -f".to_owned()),
            CreateWhat::DockerRegistry(d) => crate::model::json::text(&d.secret(&self.namespace)),
            CreateWhat::Namespace(name) => crate::model::json::text(&Namespace {
                metadata: meta(name, false),
                ..Namespace::default()
            }),
            CreateWhat::Deployment {
                name,
                images,
                replicas,
                port,
                command,
            } => {
                let labels = BTreeMap::from([("app".to_owned(), name.clone())]);
                let mut containers: Vec<Container> = images
                    .iter()
                    .map(|image| Container {
                        name: sanitize_and_uniquify(container_name(image), &mut suffix),
                        image: Some(image.clone()),
                        command: (!command.is_empty()).then(|| command.clone()),
                        ..Container::default()
                    })
                    .collect();
                if let (Some(port), Some(first)) = (port, containers.first_mut()) {
                    first.ports = Some(vec![ContainerPort {
                        container_port: *port,
                        ..ContainerPort::default()
                    }]);
                }
                crate::model::json::text(&Deployment {
                    metadata: ObjectMeta {
                        labels: Some(labels.clone()),
                        ..meta(name, true)
                    },
                    spec: Some(DeploymentSpec {
                        replicas: Some(*replicas),
                        selector: LabelSelector {
                            match_labels: Some(labels.clone()),
                            ..LabelSelector::default()
                        },
                        template: PodTemplateSpec {
                            metadata: Some(ObjectMeta {
                                labels: Some(labels),
                                ..ObjectMeta::default()
                            }),
                            spec: Some(PodSpec {
                                containers,
                                ..PodSpec::default()
                            }),
                        },
                        ..DeploymentSpec::default()
                    }),
                    status: None,
                })
            }
            CreateWhat::Data {
                secret,
                name,
                sources,
            } => {
                let data = create_data::data_of(name, *secret, sources, local)?;
                if *secret {
                    crate::model::json::text(&Secret {
                        metadata: meta(name, true),
                        data: Some(
                            data.into_iter()
                                .map(|(k, v)| (k, k8s_openapi::ByteString(v.into_bytes())))
                                .collect_map(),
                        ),
                        type_: Some("Opaque".to_owned()),
                        ..Secret::default()
                    })
                } else {
                    crate::model::json::text(&ConfigMap {
                        metadata: meta(name, true),
                        data: Some(data),
                        ..ConfigMap::default()
                    })
                }
            }
        };
        yaml.map_err(|e| e.to_string())
    }
}

/// create_deployment.go `buildPodSpec`: the image's last path component without tag or
/// digest.
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(':').next().unwrap_or(last);
    name.split('@').next().unwrap_or(name).to_owned()
}

/// create_deployment.go `sanitizeAndUniquify`: a name holding `_` or `.` gets `-` for them
/// and `-` plus five random characters (`serve_hostname` → `serve-hostname-x7k2p`).
fn sanitize_and_uniquify(name: String, suffix: &mut impl FnMut() -> String) -> String {
    if !name.contains(['_', '.']) {
        return name;
    }
    format!("{}-{}", name.replace(['_', '.'], "-"), suffix())
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::super::Kubectl;
    use super::super::tests::k;

    fn manifest(line: &str) -> String {
        let Ok(Kubectl::Create(c)) = k(line) else {
            return String::new();
        };
        c.manifest(&super::super::create_data::Nothing, || "x7k2p".to_owned())
            .unwrap_or_default()
    }

    #[test]
    fn container_names_are_sanitized_and_uniquified_as_create_deployment_does() {
        let m = manifest("kubectl create deployment hostnames --image=k8s.gcr.io/serve_hostname");
        // The manifest is JSON (which is YAML): what the generator hands to the API.
        assert!(m.contains(r#""name":"serve-hostname-x7k2p""#), "{m}");
        assert!(m.contains(r#""image":"k8s.gcr.io/serve_hostname""#), "{m}");
        let m = manifest("kubectl create deployment web --image=registry.k8s.io/nginx.v2:1.0");
        assert!(m.contains(r#""name":"nginx-v2-x7k2p""#), "{m}");
        // A plain name stays as it is, without a suffix.
        let m = manifest("kubectl create deployment web --image=nginx:1.27");
        assert!(m.contains(r#""name":"nginx""#), "{m}");
        assert!(!m.contains("x7k2p"), "{m}");
    }

    #[test]
    fn env_files_are_not_combined_with_files_or_literals() {
        let err = k("kubectl create configmap c --from-env-file=a.env --from-literal=k=v");
        assert!(
            err.as_ref().is_err_and(|e| e
                .to_string()
                .contains("from-env-file cannot be combined with from-file or from-literal")),
            "{err:?}"
        );
        let Ok(Kubectl::Create(c)) = k("kubectl create cm c --from-env-file=a.env,b.env") else {
            panic!("create cm parses");
        };
        let super::CreateWhat::Data { sources, .. } = c.what else {
            panic!("data");
        };
        assert_eq!(sources.env_files, ["a.env", "b.env"]);
    }
}
