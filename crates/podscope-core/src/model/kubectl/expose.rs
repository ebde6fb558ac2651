//! `kubectl expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--type] [--name] …`:
//! kubectl pkg/cmd/expose/expose.go (`AddFlags`, `RunExpose`, `createService`). The world
//! derives what the flags leave out from the exposed object (`sim::kubectl_expose`).

use super::targets::{ObjectRef, Targets};
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT};

/// `kubectl expose`: the object and the Service's settings the flags give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expose {
    pub namespace: String,
    pub object: ObjectRef,
    /// `--port` (a number, or several joined by commas when derived).
    pub port: Option<String>,
    /// `--target-port`: a number or a container port's name.
    pub target_port: Option<String>,
    /// `--type`: ClusterIP, NodePort, LoadBalancer or ExternalName.
    pub type_: Option<String>,
    /// `--name`: the Service's name (else the object's).
    pub name: Option<String>,
    /// `--protocol`.
    pub protocol: Option<String>,
    /// `--selector` (`k=v,…`), else the object's.
    pub selector: Option<String>,
    /// `-l`/`--labels`, else the object's.
    pub labels: Option<String>,
}

const FLAGS: &[Flag] = &[
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::bool("record"),
    Flag::string("protocol").modelled(),
    Flag::string("port").modelled(),
    Flag::string("type").modelled(),
    Flag::string("load-balancer-ip"),
    Flag::string("selector").modelled(),
    Flag::string("labels").short('l').modelled(),
    Flag::string("target-port").modelled(),
    Flag::string("external-ip"),
    Flag::string("name").modelled(),
    Flag::string("session-affinity"),
    Flag::string("cluster-ip"),
    Flag::string("field-manager"),
    Flag::string("overrides"),
    Flag::string("override-type"),
    DRY_RUN,
    Flag::bool("save-config"),
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // The resource builder's errors (`ResourceTypeOrNameArgs(false, …)`).
    let targets =
        super::targets::parse(&p.args).map_err(|e| KubectlError::message(e.to_string()))?;
    let mut objects = match targets {
        Targets::None => {
            // builder.go `Do` without arguments or files.
            return Err(KubectlError::message(
                "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            ));
        }
        Targets::Types(_) => {
            return Ok(Kubectl::NotModelled(format!(
                "{path} of every object of a type"
            )));
        }
        t => t.objects(),
    };
    if objects.len() != 1 {
        return Ok(Kubectl::NotModelled(format!("{path} of several objects")));
    }
    let Some(object) = objects.pop() else {
        return Ok(Kubectl::NotModelled(path.to_owned()));
    };
    let text = |f: &str| p.string(f).filter(|s| !s.is_empty()).map(str::to_owned);
    Ok(Kubectl::Expose(Expose {
        namespace: super::namespace_of(&p),
        object,
        port: text("port"),
        target_port: text("target-port"),
        type_: text("type"),
        name: text("name"),
        protocol: text("protocol"),
        selector: text("selector"),
        labels: text("labels"),
    }))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::super::Kubectl;
    use super::super::resource::Resource;
    use super::super::tests::k;

    #[test]
    fn the_flags_the_docs_pass() {
        let Ok(Kubectl::Expose(e)) =
            k("kubectl expose deployment hostnames --port=80 --target-port=9376")
        else {
            panic!("not an expose");
        };
        assert_eq!(e.object.resource, Resource::Deployments);
        assert_eq!(e.object.name, "hostnames");
        assert_eq!(e.port.as_deref(), Some("80"));
        assert_eq!(e.target_port.as_deref(), Some("9376"));
        assert_eq!((e.type_, e.name), (None, None));
        let Ok(Kubectl::Expose(e)) =
            k("kubectl expose deploy/hello-world --type=NodePort --name=example-service -n web")
        else {
            panic!("not an expose");
        };
        assert_eq!(e.object.name, "hello-world");
        assert_eq!(e.type_.as_deref(), Some("NodePort"));
        assert_eq!(e.name.as_deref(), Some("example-service"));
        assert_eq!(e.port, None);
        assert_eq!(e.namespace, "web");
        assert!(matches!(
            k("kubectl expose pod x --port=80 --cluster-ip=None"),
            Ok(Kubectl::NotModelled(_))
        ));
        assert!(k("kubectl expose").is_err());
    }
}
