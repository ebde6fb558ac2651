//! What `ls -l` and `readlink` read besides contents: a path's symbolic link target and its
//! permission bits, where the model knows them (the kubelet's volumes: `..data` and the key
//! links of the atomic writer, the files' `defaultMode`/`mode`).

use crate::model::ids::PodId;
use crate::sim::fs;
use crate::sim::world::{Slot, World};

// For `ls -l` and `readlink` in the shell's applets (issue 14's shell work); the tests
// below read them today.
#[allow(dead_code)]
impl World {
    /// The volume a path is in, and the path inside it.
    fn volume_path(&self, p: PodId, slot: Slot, path: &str) -> Option<(&fs::Tree, String)> {
        let path = fs::normalize(path);
        let pod = self.pods.get(p)?;
        let inst = pod.container(slot)?.instance.as_ref()?;
        let (m, rel) = fs::mount_for(&inst.mounts, &path)?;
        Some((&pod.volumes.get(&m.volume)?.tree, rel))
    }

    /// `readlink PATH`: the target of the symbolic link at `path` (its last component is not
    /// followed), as stored: `..data/labels`, `..2026_06_01_10_00_00.123`.
    pub(crate) fn read_link(&self, p: PodId, slot: Slot, path: &str) -> Option<String> {
        let (tree, rel) = self.volume_path(p, slot, path)?;
        tree.read_link(&rel).map(str::to_owned)
    }

    /// The permission bits of what `path` names (links followed), when the model set them:
    /// `0o644` for a configMap key by default, `0o755` for the timestamped directory, `0o777`
    /// for the volume's own directory.
    pub(crate) fn file_mode(&self, p: PodId, slot: Slot, path: &str) -> Option<u32> {
        let (tree, rel) = self.volume_path(p, slot, path)?;
        let rel = tree.resolve(&rel)?;
        tree.modes.get(&rel).copied()
    }
}

#[cfg(test)]
mod tests {
    use crate::admission::load::load;
    use crate::model::ids::ObjectKey;
    use crate::model::time::SimTime;
    use crate::sim::world::{Slot, World};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A configMap volume with one key at mode 0400 and the default mode for the other.
    #[test]
    fn links_and_modes_of_a_config_map_volume() {
        let yaml = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: one, b: two}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: busybox
      command: [sleep, 3650d]
      volumeMounts: [{name: v, mountPath: /etc/cfg}]
  volumes:
    - name: v
      configMap:
        name: cfg
        items: [{key: a, path: a, mode: 0400}, {key: b, path: dir/b}]
";
        let loaded = load(yaml, 1);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let mut w = World::from_loaded(&loaded, 1, Default::default());
        w.advance_to(SimTime::from_millis(5_000));
        let p = w.pod_id(&ObjectKey::new("default", "p")).unwrap();
        let s = Slot::App(0);
        let ts = w.read_link(p, s, "/etc/cfg/..data").unwrap();
        assert!(ts.starts_with("..2026_06_01_10_00_00."), "{ts}");
        assert_eq!(w.read_link(p, s, "/etc/cfg/a").as_deref(), Some("..data/a"));
        assert_eq!(
            w.read_link(p, s, "/etc/cfg/dir").as_deref(),
            Some("..data/dir")
        );
        assert_eq!(w.read_link(p, s, "/etc/cfg/dir/b"), None, "b is a file");
        assert_eq!(w.file_mode(p, s, "/etc/cfg/a"), Some(0o400));
        assert_eq!(w.file_mode(p, s, "/etc/cfg/dir/b"), Some(0o644));
        assert_eq!(w.file_mode(p, s, "/etc/cfg/..data"), Some(0o755));
        assert_eq!(w.file_mode(p, s, "/etc/cfg"), Some(0o777));
        assert_eq!(w.read_file(p, s, "/etc/cfg/dir/b").as_deref(), Ok("two"));
        assert_eq!(w.read_link(p, s, "/etc/hostname"), None, "not in a volume");
    }
}
