//! `kubectl attach`: kubectl pkg/cmd/attach/attach.go (`NewCmdAttach`'s flags, `Complete`,
//! `Validate`).

use super::targets::{self, ObjectRef};
use super::{Flag, Kubectl, KubectlError};

/// `kubectl attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] [-q]` (`run::Attach` is how
/// `kubectl run -i` attaches).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachTo {
    pub namespace: String,
    pub object: ObjectRef,
    /// `-c`; kubectl picks the default container without it.
    pub container: Option<String>,
    pub stdin: bool,
    pub tty: bool,
    /// `-q`: only the session's own output.
    pub quiet: bool,
}

const FLAGS: &[Flag] = &[
    Flag::text("pod-running-timeout"),
    Flag::string("container").short('c').modelled(),
    Flag::bool("stdin").short('i').modelled(),
    Flag::bool("tty").short('t').modelled(),
    Flag::bool("quiet").short('q').modelled(),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    // attach.go `Validate`: one or two resource words (`TYPE NAME` is not modelled).
    let pod = match p.args.as_slice() {
        [] => {
            return Err(KubectlError::message(
                "at least 1 argument is required for attach",
            ));
        }
        [one] => one,
        [_, _] => return Ok(Kubectl::NotModelled("kubectl attach TYPE NAME".to_owned())),
        many => {
            return Err(KubectlError::message(format!(
                "expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]",
                many.len(),
                many.join(" ")
            )));
        }
    };
    let object = targets::pod_or_object(pod).map_err(|e| KubectlError::message(e.to_string()))?;
    Ok(Kubectl::Attach(AttachTo {
        namespace: super::namespace_of(&p),
        object,
        container: p.string("container").map(str::to_owned),
        stdin: p.bool("stdin"),
        tty: p.bool("tty"),
        quiet: p.bool("quiet"),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_the_share_process_namespace_page_s_attach() {
        let Ok(Kubectl::Attach(a)) = k("kubectl attach -it nginx -c shell") else {
            panic!("not an attach");
        };
        assert_eq!(a.object.name, "nginx");
        assert_eq!(a.container.as_deref(), Some("shell"));
        assert!(a.stdin && a.tty && !a.quiet);
        assert_eq!(
            k("kubectl attach"),
            Err("error: at least 1 argument is required for attach\n".to_owned())
        );
        assert!(k("kubectl attach a b c").is_err_and(|e| e.starts_with(
            "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3"
        )));
    }
}
