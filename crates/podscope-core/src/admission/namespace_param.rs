//! kubectl's `--namespace` for the objects of `-f FILE`: an object without a namespace goes
//! to it; with `--namespace` given, an object naming another namespace is refused before
//! anything is sent (cli-runtime pkg/resource/visitor.go `SetNamespace`, `RequireNamespace`;
//! builder.go `FilenameParam(enforceNamespace, …)`).

use crate::admission::manifest::Manifest;

/// The namespace `-f`'s objects go to, and whether it was given (`--namespace`/`-n`), which
/// makes kubectl refuse an object whose own namespace differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamespaceParam<'a> {
    pub namespace: &'a str,
    pub enforce: bool,
}

/// Sets the namespace of each namespaced object that has none; with `enforce`, takes out the
/// objects that name another one and returns kubectl's error for each (visitor.go
/// `RequireNamespace`).
pub fn require_namespace(manifest: &mut Manifest, param: NamespaceParam<'_>) -> Vec<String> {
    let mut refused = Vec::new();
    manifest.objects.retain_mut(|d| {
        let Some(meta) = d.object.namespaced_meta_mut() else {
            return true;
        };
        match meta.namespace.as_deref() {
            None | Some("") => {
                meta.namespace = Some(param.namespace.to_owned());
                true
            }
            Some(own) if param.enforce && own != param.namespace => {
                refused.push(format!(
                    "the namespace from the provided object \"{own}\" does not match the namespace \"{}\". You must pass '--namespace={own}' to perform this operation.",
                    param.namespace
                ));
                false
            }
            Some(_) => true,
        }
    });
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admission::manifest::parse;

    const TWO: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: nginx\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: other\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n";

    fn namespaces(m: &Manifest) -> Vec<Option<String>> {
        m.objects
            .iter()
            .map(|d| d.object.namespaced_meta().and_then(|m| m.namespace.clone()))
            .collect()
    }

    #[test]
    fn objects_without_a_namespace_take_the_flags_and_others_keep_theirs() {
        let mut m = parse(TWO);
        let param = NamespaceParam {
            namespace: "x",
            enforce: false,
        };
        assert!(require_namespace(&mut m, param).is_empty());
        assert_eq!(
            namespaces(&m),
            [Some("x".to_owned()), Some("other".to_owned()), None]
        );
    }

    #[test]
    fn a_given_namespace_refuses_an_object_naming_another() {
        let mut m = parse(TWO);
        let param = NamespaceParam {
            namespace: "x",
            enforce: true,
        };
        assert_eq!(
            require_namespace(&mut m, param),
            [
                "the namespace from the provided object \"other\" does not match the namespace \"x\". You must pass '--namespace=other' to perform this operation."
            ]
        );
        assert_eq!(namespaces(&m), [Some("x".to_owned()), None]);
    }
}
