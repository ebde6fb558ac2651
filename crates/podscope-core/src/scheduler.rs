//! The scheduler's verdict for one pod on the node: node selector, pod count and resource
//! fit, with the `FailedScheduling` message the default scheduler writes.

use std::collections::BTreeMap;

use crate::node::Node;
use crate::resources::Resources;

/// What the pods already on the node ask for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Used {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub pods: u32,
}

impl Used {
    pub fn add(&mut self, r: &Resources) {
        self.cpu_milli = self.cpu_milli.saturating_add(r.cpu_milli.unwrap_or(0));
        self.memory_bytes = self
            .memory_bytes
            .saturating_add(r.memory_bytes.unwrap_or(0));
        self.pods += 1;
    }
}

/// Whether the pod fits; the `FailedScheduling` message when it does not.
///
/// Models pkg/scheduler/framework/plugins: nodeaffinity (`ErrReasonPod` = "node(s) didn't
/// match Pod's node affinity/selector"), noderesources/fit.go (`Too many pods`,
/// `Insufficient cpu`, `Insufficient memory`), and `FitError.Error()` assembling
/// `0/N nodes are available: <reasons>.` with the preemption summary. With one node and
/// pods of equal priority, preemption can never help a selector mismatch and finds no
/// victims otherwise.
pub fn fit(
    node: &Node,
    used: &Used,
    request: &Resources,
    node_selector: &BTreeMap<String, String>,
) -> Result<(), String> {
    let selector_ok = node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v));
    if !selector_ok {
        return Err(message(
            &["node(s) didn't match Pod's node affinity/selector"],
            false,
        ));
    }
    let mut reasons = Vec::new();
    if used.pods + 1 > node.allocatable.pods {
        reasons.push("Too many pods");
    }
    let cpu = request.cpu_milli.unwrap_or(0);
    if cpu > 0 && used.cpu_milli.saturating_add(cpu) > node.allocatable.cpu_milli {
        reasons.push("Insufficient cpu");
    }
    let mem = request.memory_bytes.unwrap_or(0);
    if mem > 0 && used.memory_bytes.saturating_add(mem) > node.allocatable.memory_bytes {
        reasons.push("Insufficient memory");
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(message(&reasons, true))
    }
}

fn message(reasons: &[&str], preemption_may_help: bool) -> String {
    // One node: each reason counts 1; reasons are sorted as FitError.Error() sorts them.
    let mut parts: Vec<String> = reasons.iter().map(|r| format!("1 {r}")).collect();
    parts.sort();
    let preemption = if preemption_may_help {
        "1 No preemption victims found for incoming pod."
    } else {
        "1 Preemption is not helpful for scheduling."
    };
    format!(
        "0/1 nodes are available: {}. preemption: 0/1 nodes are available: {preemption}",
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::rng::SeededRng;

    #[test]
    fn messages_match_the_scheduler() {
        let node = Node::default_node(&mut SeededRng::new(1));
        let big = Resources {
            cpu_milli: Some(500),
            memory_bytes: Some(64 << 30),
        };
        assert_eq!(
            fit(&node, &Used::default(), &big, &BTreeMap::new()),
            Err("0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.".to_owned())
        );
        let sel = [("disktype".to_owned(), "ssd".to_owned())].into();
        assert_eq!(
            fit(&node, &Used::default(), &Resources::default(), &sel),
            Err("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.".to_owned())
        );
        let host = [("kubernetes.io/hostname".to_owned(), "node-1".to_owned())].into();
        assert_eq!(
            fit(&node, &Used::default(), &Resources::default(), &host),
            Ok(())
        );
        let full = Used {
            cpu_milli: 1900,
            memory_bytes: 0,
            pods: 110,
        };
        let cpu = Resources {
            cpu_milli: Some(200),
            memory_bytes: None,
        };
        assert_eq!(
            fit(&node, &full, &cpu, &BTreeMap::new()),
            Err("0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.".to_owned())
        );
    }
}
