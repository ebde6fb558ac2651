//! `kubectl create secret docker-registry NAME --docker-username=U --docker-password=P
//! [--docker-server=S] [--docker-email=E]`: kubectl pkg/cmd/create/create_secret_docker.go
//! (`NewCmdCreateSecretDockerRegistry`'s flags, `Validate`'s error, `handleDockerCfgJSONContent`:
//! a `kubernetes.io/dockerconfigjson` Secret whose `.dockerconfigjson` is
//! `{"auths":{SERVER:{"username","password","email","auth"}}}`, empty fields left out, `auth`
//! the base64 of `USERNAME:PASSWORD`). `--from-file` is not modelled.

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::create::{Create, CreateWhat};
use super::{Flag, Kubectl, KubectlError};

/// The registry a docker-registry Secret names by default (`--docker-server`).
pub const DEFAULT_SERVER: &str = "https://index.docker.io/v1/";

/// What the generator takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerRegistry {
    pub name: String,
    pub server: String,
    pub username: String,
    pub password: String,
    pub email: String,
}

pub(super) fn parse(
    path: &str,
    words: &[String],
    generator: &[Flag],
) -> Result<Kubectl, KubectlError> {
    let mut flags: Vec<Flag> = generator.to_vec();
    flags.extend([
        Flag::string("docker-username").modelled(),
        Flag::string("docker-password").modelled(),
        Flag::string("docker-email").modelled(),
        Flag::string("docker-server").modelled(),
        Flag::list("from-file"),
        Flag::bool("append-hash"),
    ]);
    let p = super::parse_flags(path, &flags, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let name = super::create::name_of(path, &p)?;
    let flag = |f: &str| p.string(f).unwrap_or_default().to_owned();
    let server = p
        .string("docker-server")
        .unwrap_or(DEFAULT_SERVER)
        .to_owned();
    let (username, password) = (flag("docker-username"), flag("docker-password"));
    if username.is_empty() || password.is_empty() || server.is_empty() {
        return Err(KubectlError::message(
            "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
        ));
    }
    Ok(Kubectl::Create(Create {
        namespace: super::namespace_of(&p),
        enforce_namespace: super::namespace_given(&p),
        what: CreateWhat::DockerRegistry(DockerRegistry {
            name,
            server,
            username,
            password,
            email: flag("docker-email"),
        }),
    }))
}

impl DockerRegistry {
    /// `.dockerconfigjson`'s text (Go's `json.Marshal` of `DockerConfigJSON`: fields in
    /// declaration order, empty ones left out).
    pub fn config_json(&self) -> String {
        let auth = crate::model::base64::encode(
            format!("{}:{}", self.username, self.password).as_bytes(),
            crate::model::base64::STD,
            true,
        );
        let q = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
        let mut entry = Vec::new();
        for (k, v) in [
            ("username", self.username.as_str()),
            ("password", self.password.as_str()),
            ("email", self.email.as_str()),
            ("auth", auth.as_str()),
        ] {
            if !v.is_empty() {
                entry.push(format!("{}:{}", q(k), q(v)));
            }
        }
        format!(
            "{{\"auths\":{{{}:{{{}}}}}}}",
            q(&self.server),
            entry.join(",")
        )
    }

    /// The Secret it makes in `namespace`.
    pub fn secret(&self, namespace: &str) -> Secret {
        Secret {
            metadata: ObjectMeta {
                name: Some(self.name.clone()),
                namespace: Some(namespace.to_owned()),
                ..ObjectMeta::default()
            },
            data: Some(
                [(
                    ".dockerconfigjson".to_owned(),
                    k8s_openapi::ByteString(self.config_json().into_bytes()),
                )]
                .into(),
            ),
            type_: Some("kubernetes.io/dockerconfigjson".to_owned()),
            ..Secret::default()
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn parse_line(line: &str) -> Result<Kubectl, KubectlError> {
        let words: Vec<String> = line.split_whitespace().skip(1).map(str::to_owned).collect();
        crate::model::kubectl::parse(&words)
    }

    #[test]
    fn the_docs_command_makes_a_dockerconfigjson_secret() {
        let Ok(Kubectl::Create(c)) = parse_line(
            "kubectl create secret docker-registry myregistrykey --docker-server=DUMMY_SERVER --docker-username=DUMMY_USERNAME --docker-password=DUMMY_DOCKER_PASSWORD --docker-email=DUMMY_DOCKER_EMAIL",
        ) else {
            panic!("parses");
        };
        let CreateWhat::DockerRegistry(d) = &c.what else {
            panic!("a docker-registry secret");
        };
        assert_eq!(
            d.config_json(),
            r#"{"auths":{"DUMMY_SERVER":{"username":"DUMMY_USERNAME","password":"DUMMY_DOCKER_PASSWORD","email":"DUMMY_DOCKER_EMAIL","auth":"RFVNTVlfVVNFUk5BTUU6RFVNTVlfRE9DS0VSX1BBU1NXT1JE"}}}"#
        );
        assert_eq!(c.namespace, "default");
    }

    #[test]
    fn without_a_password_it_is_validates_error() {
        let err = parse_line("kubectl create secret docker-registry k --docker-username=u")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n"
        );
    }
}
