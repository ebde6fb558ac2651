//! The pod-level switches that decide which namespaces a pod shares with the host and among
//! its containers. A leaf of the model: `linux_ns` (the runtimes' namespace tables) and
//! `runtime` (whether a pod gets an infra container) both read it, neither through the other.

/// The pod-level switches that decide namespace sharing (`spec.hostNetwork` and friends).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NsOptions {
    pub host_network: bool,
    pub host_pid: bool,
    pub host_ipc: bool,
    pub share_process_namespace: bool,
    /// `hostUsers: false`: the pod gets a user namespace of its own (KEP-127).
    pub user_namespace: bool,
}
