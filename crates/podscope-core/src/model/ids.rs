//! Typed identifiers: pod UIDs, container and sandbox IDs, PIDs, namespace inodes, names.

use std::fmt;

use crate::model::rng::SeededRng;

/// A pod's identity in the world: handed out in creation order and never reused, so removing
/// a pod renumbers nothing and ordering by id is ordering by creation. Not an API field: the
/// API names a pod by [`ObjectKey`] and [`PodUid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodId(u64);

impl PodId {
    /// The first pod's id.
    pub const FIRST: PodId = PodId(0);

    /// The id after this one.
    pub fn next(self) -> PodId {
        PodId(self.0.saturating_add(1))
    }

    /// The id as a number (for digests and debugging output).
    pub fn get(self) -> u64 {
        self.0
    }
}

/// An interactive `kubectl exec -it` session's identity in the world: handed out in opening
/// order and never reused (`sim::exec::session`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId(u32);

impl SessionId {
    /// The first session's id.
    pub const FIRST: SessionId = SessionId(0);

    /// The id after this one.
    pub fn next(self) -> SessionId {
        SessionId(self.0.saturating_add(1))
    }

    /// The id as a number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A pod's `metadata.uid`, a version-4 UUID as the API server generates it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodUid(String);

impl PodUid {
    pub fn generate(rng: &mut SeededRng) -> Self {
        let mut b: [u8; 16] = rng.bytes();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h = hex(&b);
        PodUid(format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PodUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 64-hex-character ID as containerd, CRI-O and Docker give containers and sandboxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuntimeId([u8; 32]);

impl RuntimeId {
    pub fn generate(rng: &mut SeededRng) -> Self {
        RuntimeId(rng.bytes())
    }

    /// The full 64-character lowercase hex form.
    pub fn full(&self) -> String {
        hex(&self.0)
    }

    /// The first 13 characters, as `crictl` prints IDs
    /// (kubernetes-sigs/cri-tools cmd/crictl/util.go `getTruncatedID`, `truncatedIDLen = 13`).
    pub fn crictl(&self) -> String {
        self.full()[..13].to_owned()
    }
}

impl fmt::Display for RuntimeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

/// A container's runtime ID.
pub type ContainerId = RuntimeId;
/// A pod sandbox's runtime ID (the pause container's ID under containerd).
pub type SandboxId = RuntimeId;

/// A process ID as the node (the host PID namespace) sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pid(pub u32);

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A Linux user ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uid(pub u32);

/// The inode number of a namespace (what `lsns` prints in its `NS` column and
/// `readlink /proc/PID/ns/net` shows as `net:[4026532201]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NsInode(pub u64);

impl fmt::Display for NsInode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A container's name within its pod (`spec.containers[].name`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContainerName(pub String);

impl fmt::Display for ContainerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An object's identity in the API: namespace and name (pods, Deployments, ReplicaSets, Jobs,
/// Services, ConfigMaps, Secrets; an event names its object by it).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(namespace: &str, name: &str) -> Self {
        ObjectKey {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn uuid_shape() {
        let uid = PodUid::generate(&mut SeededRng::new(1));
        let s = uid.as_str();
        assert_eq!(s.len(), 36);
        assert_eq!(&s[14..15], "4", "version nibble in {s}");
        assert!(
            matches!(&s[19..20], "8" | "9" | "a" | "b"),
            "variant in {s}"
        );
    }

    #[test]
    fn runtime_id_forms() {
        let id = RuntimeId::generate(&mut SeededRng::new(1));
        assert_eq!(id.full().len(), 64);
        assert!(id.full().starts_with(&id.crictl()));
        assert_eq!(id.crictl().len(), 13);
    }
}
