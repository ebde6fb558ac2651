//! The TCP listeners of every network namespace: which process holds (namespace, port), with
//! the reverse index so that a process's exit frees its ports without a walk of them all.

use podscope_collections::{Map, Set};

use crate::model::ids::{NsInode, Pid};

/// One port space per network namespace: (namespace, port) → the listening process.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listeners {
    by_port: Map<(NsInode, u16), Pid>,
    by_pid: Map<Pid, Set<(NsInode, u16)>>,
}

impl Listeners {
    /// The process listening on `port` in network namespace `net`.
    pub(crate) fn get(&self, net: NsInode, port: u16) -> Option<Pid> {
        self.by_port.get(&(net, port)).copied()
    }

    /// Every port listened on in network namespace `net`, lowest first, with its process.
    pub(crate) fn in_net(&self, net: NsInode) -> impl Iterator<Item = (u16, Pid)> + '_ {
        self.by_port
            .range((net, 0)..=(net, u16::MAX))
            .map(|(&(_, port), &pid)| (port, pid))
    }

    /// `bind()` + `listen()`: `pid` takes the port unless another process holds it (false).
    pub(crate) fn bind(&mut self, net: NsInode, port: u16, pid: Pid) -> bool {
        if self.by_port.contains_key(&(net, port)) {
            return false;
        }
        self.by_port.insert((net, port), pid);
        self.by_pid.entry(pid).or_default().insert((net, port));
        true
    }

    /// The process is gone: its ports are free.
    pub(crate) fn release_pid(&mut self, pid: Pid) {
        for key in self.by_pid.remove(&pid).into_iter().flatten() {
            self.by_port.remove(&key);
        }
    }

    /// The network namespace is gone: every port in it is free.
    pub(crate) fn release_net(&mut self, net: NsInode) {
        let keys: Vec<((NsInode, u16), Pid)> = self
            .by_port
            .range((net, 0)..=(net, u16::MAX))
            .map(|(k, p)| (*k, *p))
            .collect();
        for (key, pid) in keys {
            self.by_port.remove(&key);
            if let Some(set) = self.by_pid.get_mut(&pid) {
                set.remove(&key);
                if set.is_empty() {
                    self.by_pid.remove(&pid);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ports_are_per_namespace_and_freed_by_exit_or_teardown() {
        let mut l = Listeners::default();
        let (a, b) = (NsInode(1), NsInode(2));
        assert!(l.bind(a, 80, Pid(10)));
        assert!(!l.bind(a, 80, Pid(11)), "the port is taken in a");
        assert!(l.bind(b, 80, Pid(11)));
        assert!(l.bind(a, 8080, Pid(10)));
        l.release_pid(Pid(10));
        assert_eq!((l.get(a, 80), l.get(a, 8080)), (None, None));
        assert_eq!(l.get(b, 80), Some(Pid(11)));
        l.release_net(b);
        assert_eq!(l.get(b, 80), None);
        assert!(
            l.bind(b, 80, Pid(12)),
            "free again after the namespace went"
        );
        l.release_pid(Pid(11));
        assert_eq!(l.get(b, 80), Some(Pid(12)), "a stale pid frees nothing");
    }
}
