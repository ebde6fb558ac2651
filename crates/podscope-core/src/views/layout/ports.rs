//! The ports listened on in a pod's one network namespace (its localhost), with the
//! container whose process holds each: what the sandbox box lists.

use crate::model::linux_ns::NsKind;
use crate::sim::node::Owner;
use crate::sim::world::{Pod, World};

/// One listening port and who holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub port: u16,
    /// The container whose process listens (empty if the process is no container's).
    pub container: String,
}

/// The ports listened on in `pod`'s network namespace, lowest first. A hostNetwork pod's
/// namespace is the node's: its list is the node's, so it gets none here.
pub(super) fn ports(world: &World, pod: &Pod) -> Vec<Port> {
    let Some(sandbox) = &pod.sandbox else {
        return Vec::new();
    };
    if pod.spec.ns.host_network {
        return Vec::new();
    }
    let net = sandbox.ns.get(NsKind::Net);
    world
        .listeners
        .in_net(net)
        .map(|(port, pid)| Port {
            port,
            container: match world.node().process(pid).map(|p| &p.owner) {
                Some(Owner::Container(_, name)) => name.0.clone(),
                _ => String::new(),
            },
        })
        .collect()
}

/// `localhost: 80 (nginx), 6379 (cache)`, or `localhost: nothing listens`.
pub(super) fn ports_text(ports: &[Port]) -> String {
    if ports.is_empty() {
        return "localhost: nothing listens".to_owned();
    }
    let list: Vec<String> = ports
        .iter()
        .map(|p| {
            if p.container.is_empty() {
                p.port.to_string()
            } else {
                format!("{} ({})", p.port, p.container)
            }
        })
        .collect();
    format!("localhost: {}", list.join(", "))
}
