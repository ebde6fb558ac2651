//! The node's kubeconfig as kubectl reads it: clusters, users, contexts and the current
//! context (client-go tools/clientcmd/api `Config`). podscope's cluster is kubeadm's, so
//! its kubeconfig is kubeadm's `admin.conf` (cmd/kubeadm/app/phases/kubeconfig: the cluster
//! `kubernetes`, the user `kubernetes-admin`, the context `kubernetes-admin@kubernetes`, the
//! API server at the control-plane node's address, port 6443). The current context's
//! namespace is every kubectl command's namespace unless `-n` names one.

use crate::model::sort::CompactSort;

/// One context: the cluster, the user and the namespace it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub cluster: String,
    pub user: String,
    /// Empty: `default`.
    pub namespace: String,
}

/// The kubeconfig: its contexts (sorted by name, as clientcmd writes them) and the current
/// one; the cluster and the user are kubeadm's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kubeconfig {
    /// The cluster's API server (`https://IP:6443`).
    pub server: String,
    pub contexts: Vec<Context>,
    /// Empty: none is set.
    pub current: String,
}

/// kubeadm's names (cmd/kubeadm/app/constants: `ClusterName` default `kubernetes`, the admin
/// client `kubernetes-admin`; the context is `CLIENT@CLUSTER`).
pub const CLUSTER: &str = "kubernetes";
pub const USER: &str = "kubernetes-admin";
pub const CONTEXT: &str = "kubernetes-admin@kubernetes";

/// The most contexts podscope keeps (its bound).
const MAX_CONTEXTS: usize = 100;

impl Kubeconfig {
    /// kubeadm's admin.conf for an API server at `address`.
    pub fn kubeadm(address: &str) -> Self {
        Kubeconfig {
            server: format!("https://{address}:6443"),
            contexts: vec![Context {
                name: CONTEXT.to_owned(),
                cluster: CLUSTER.to_owned(),
                user: USER.to_owned(),
                namespace: String::new(),
            }],
            current: CONTEXT.to_owned(),
        }
    }

    pub fn context(&self, name: &str) -> Option<&Context> {
        self.contexts.iter().find(|c| c.name == name)
    }

    /// The namespace of the current context (`default` when it names none).
    pub fn namespace(&self) -> &str {
        match self.context(&self.current) {
            Some(c) if !c.namespace.is_empty() => &c.namespace,
            _ => "default",
        }
    }

    /// kubectl config set-context: the context's fields given are set (a new context starts
    /// empty); whether it existed. `None` when podscope's bound is reached.
    pub fn set_context(
        &mut self,
        name: &str,
        cluster: Option<&str>,
        user: Option<&str>,
        namespace: Option<&str>,
    ) -> Option<bool> {
        let existed = self.context(name).is_some();
        if !existed {
            if self.contexts.len() >= MAX_CONTEXTS {
                return None;
            }
            self.contexts.push(Context {
                name: name.to_owned(),
                cluster: String::new(),
                user: String::new(),
                namespace: String::new(),
            });
            self.contexts.sort_compact_by(|a, b| a.name.cmp(&b.name));
        }
        let c = self.contexts.iter_mut().find(|c| c.name == name)?;
        if let Some(v) = cluster {
            c.cluster = v.to_owned();
        }
        if let Some(v) = user {
            c.user = v.to_owned();
        }
        if let Some(v) = namespace {
            c.namespace = v.to_owned();
        }
        Some(existed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn contexts_set_and_the_current_namespace() {
        let mut k = Kubeconfig::kubeadm("10.0.0.1");
        assert_eq!(k.namespace(), "default");
        assert_eq!(
            k.set_context("dev", Some("kubernetes"), None, Some("development")),
            Some(false)
        );
        assert_eq!(
            k.set_context("dev", None, Some("kubernetes-admin"), None),
            Some(true)
        );
        let names: Vec<&str> = k.contexts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["dev", CONTEXT]);
        k.current = "dev".into();
        assert_eq!(k.namespace(), "development");
        assert_eq!(k.context("dev").map(|c| c.user.as_str()), Some(USER));
    }
}
