//! The kubelet's atomic writer: a configMap, secret, projected or downwardAPI volume holds
//! its files in a hidden timestamped directory, `..data` links to that directory, and each
//! visible name links into `..data`, so one rename swaps a whole new version in.
//!
//! Ports pkg/volume/util/atomic_writer.go `AtomicWriter.Write` (steps 1–11) onto a
//! [`Tree`]: `newTimestampDir`, `writePayloadToDir`, `createUserVisibleFiles`,
//! `removeUserVisiblePaths`, `pathsToRemove`, `shouldWritePayload`.

use podscope_collections::{Map, Set};

use crate::model::humanize::civil;
use crate::model::rng::SeededRng;
use crate::model::time::SimTime;
use crate::sim::fs::Tree;

/// `dataDirName`: the link to the current timestamped directory.
pub const DATA_DIR: &str = "..data";

/// One file of a volume's payload (`volumeutil.FileProjection`): its bytes and mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProjection {
    pub data: String,
    pub mode: u32,
}

/// Path (relative, cleaned) → file.
pub type Payload = Map<String, FileProjection>;

/// The most files one volume's payload may hold: a bound on what a manifest can make the
/// core store (a ConfigMap holds at most 1 MiB in the API server, so few keys in practice).
pub const MAX_FILES: usize = 1024;

/// `newTimestampDir`: `os.MkdirTemp(targetDir, time.Now().UTC().Format("..2006_01_02_15_04_05."))`,
/// whose random part is Go's `nextRandom`, a `uint32` in decimal.
pub fn timestamp_dir_name(now: SimTime, rng: &mut SeededRng) -> String {
    let c = civil(now);
    let random = rng.below(u64::from(u32::MAX) + 1);
    format!(
        "..{}_{:02}_{:02}_{:02}_{:02}_{:02}.{random}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `validatePath`: relative, no `..` element, not starting with `..`, names of at most 255
/// bytes, at most 4096 in all. Returns the cleaned path.
pub fn valid_path(path: &str) -> Option<String> {
    if path.is_empty() || path.starts_with('/') || path.len() > 4096 {
        return None;
    }
    let items: Vec<&str> = path.split('/').collect();
    if items.iter().any(|i| *i == ".." || i.len() > 255) {
        return None;
    }
    if items
        .first()
        .is_some_and(|f| f.starts_with("..") && f.len() > 2)
    {
        return None;
    }
    // filepath.Clean
    let clean: Vec<&str> = items
        .into_iter()
        .filter(|i| !i.is_empty() && *i != ".")
        .collect();
    if clean.is_empty() {
        return None;
    }
    Some(clean.join("/"))
}

/// Writes `payload` into `tree` as `AtomicWriter.Write` does. `ts_name` names the new
/// timestamped directory (called only when a write is needed). Returns whether anything
/// changed: a payload equal to what is on disk, with nothing to remove, writes nothing.
pub fn write(tree: &mut Tree, payload: &Payload, ts_name: impl FnOnce() -> String) -> bool {
    // (1) validatePayload: a payload with an invalid path is refused whole.
    let mut clean = Payload::new();
    for (path, file) in payload.iter().take(MAX_FILES) {
        match valid_path(path) {
            Some(p) => {
                clean.insert(p, file.clone());
            }
            None => return false,
        }
    }
    // (2) the current timestamped directory.
    let old_ts = tree.links.get(DATA_DIR).cloned();
    let mut to_remove = Set::new();
    if let Some(old) = &old_ts {
        // (3) pathsToRemove: what the old version has that the new one does not.
        let prefix = format!("{old}/");
        let mut old_paths: Set<String> = Set::new();
        for k in tree.files.keys().chain(tree.dirs.iter()) {
            if let Some(rel) = k.strip_prefix(&prefix) {
                let mut sub = rel;
                loop {
                    old_paths.insert(sub.to_owned());
                    match sub.rsplit_once('/') {
                        Some((parent, _)) => sub = parent,
                        None => break,
                    }
                }
            }
        }
        let mut new_paths = Set::new();
        for path in clean.keys() {
            let mut sub = path.as_str();
            loop {
                new_paths.insert(sub.to_owned());
                match sub.rsplit_once('/') {
                    Some((parent, _)) => sub = parent,
                    None => break,
                }
            }
        }
        to_remove = old_paths.difference(&new_paths).cloned().collect();
        // (4) shouldWritePayload: any file new or with other content.
        let should = clean
            .iter()
            .any(|(path, f)| tree.files.get(&format!("{old}/{path}")) != Some(&f.data));
        if !should && to_remove.is_empty() {
            return false;
        }
    }
    // (5) the new timestamped directory, mode 0755.
    let ts = ts_name();
    tree.dirs.push(ts.clone());
    tree.modes.insert(ts.clone(), 0o755);
    // (6) writePayloadToDir: parents made with os.ModePerm under the umask (0755).
    for (path, f) in &clean {
        let mut parent = path.as_str();
        while let Some((p, _)) = parent.rsplit_once('/') {
            let dir = format!("{ts}/{p}");
            if !tree.dirs.contains(&dir) {
                tree.dirs.push(dir.clone());
                tree.modes.insert(dir, 0o755);
            }
            parent = p;
        }
        let full = format!("{ts}/{path}");
        tree.files.insert(full.clone(), f.data.clone());
        tree.modes.insert(full, f.mode);
    }
    // (7) createUserVisibleFiles: `name -> ..data/name` for each first path element.
    for path in clean.keys() {
        let first = path.split('/').next().unwrap_or(path);
        if !tree.links.contains_key(first) {
            tree.links
                .insert(first.to_owned(), format!("{DATA_DIR}/{first}"));
        }
    }
    // (8, 9) `..data_tmp -> ts`, renamed over `..data`.
    tree.links.insert(DATA_DIR.to_owned(), ts);
    // (10) removeUserVisiblePaths: only links in the volume's root.
    for p in to_remove.iter().filter(|p| !p.contains('/')) {
        tree.links.remove(p);
    }
    // (11) the previous timestamped directory goes.
    if let Some(old) = old_ts {
        let prefix = format!("{old}/");
        let gone = |k: &String| *k == old || k.starts_with(&prefix);
        tree.files.retain(|k, _| !gone(k));
        tree.dirs.retain(|k| !gone(k));
        tree.modes.retain(|k, _| !gone(k));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn payload(files: &[(&str, &str)]) -> Payload {
        files
            .iter()
            .map(|(p, d)| {
                (
                    (*p).to_owned(),
                    FileProjection {
                        data: (*d).to_owned(),
                        mode: 0o644,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn the_first_write_makes_the_links_and_the_timestamped_directory() {
        let mut t = Tree::default();
        assert!(write(
            &mut t,
            &payload(&[("labels", "a=\"b\""), ("sub/x", "1")]),
            || "..ts1".into()
        ));
        assert_eq!(t.links.get("..data").map(String::as_str), Some("..ts1"));
        assert_eq!(
            t.links.get("labels").map(String::as_str),
            Some("..data/labels")
        );
        assert_eq!(t.links.get("sub").map(String::as_str), Some("..data/sub"));
        assert_eq!(
            t.files.get("..ts1/labels").map(String::as_str),
            Some("a=\"b\"")
        );
        assert_eq!(t.modes.get("..ts1"), Some(&0o755));
        assert_eq!(t.modes.get("..ts1/sub/x"), Some(&0o644));
        // The visible names resolve through two links.
        assert_eq!(t.resolve("labels").as_deref(), Some("..ts1/labels"));
        assert_eq!(t.resolve("sub/x").as_deref(), Some("..ts1/sub/x"));
        assert_eq!(t.list(""), ["..data", "..ts1", "labels", "sub"]);
        assert_eq!(t.list("sub"), ["x"]);
        assert!(t.is_dir("..data") && t.is_dir("sub") && !t.is_dir("labels"));
    }

    #[test]
    fn an_equal_payload_writes_nothing_and_a_changed_one_swaps_the_directory() {
        let mut t = Tree::default();
        write(&mut t, &payload(&[("a", "1"), ("b", "2")]), || {
            "..ts1".into()
        });
        assert!(!write(&mut t, &payload(&[("a", "1"), ("b", "2")]), || {
            panic!("no new directory")
        }));
        assert!(write(&mut t, &payload(&[("a", "9")]), || "..ts2".into()));
        assert_eq!(t.links.get("..data").map(String::as_str), Some("..ts2"));
        assert!(!t.links.contains_key("b"), "a removed key's link goes");
        assert!(t.files.keys().all(|k| k.starts_with("..ts2/")));
        assert!(!t.dirs.iter().any(|d| d == "..ts1"));
        assert_eq!(t.files.get("..ts2/a").map(String::as_str), Some("9"));
    }

    #[test]
    fn invalid_paths_refuse_the_payload() {
        for bad in ["", "/abs", "a/../b", "..x", "..", &"n".repeat(256)] {
            assert_eq!(valid_path(bad), None, "{bad:?}");
        }
        assert_eq!(valid_path("a//./b").as_deref(), Some("a/b"));
        assert_eq!(valid_path("..").as_deref(), None);
        let mut t = Tree::default();
        assert!(!write(
            &mut t,
            &payload(&[("ok", "1"), ("../x", "2")]),
            || { "..ts".into() }
        ));
        assert!(t.files.is_empty());
    }

    #[test]
    fn the_directory_name_follows_go_s_layout() {
        let mut rng = SeededRng::new(7);
        let name = timestamp_dir_name(SimTime::from_millis(61_000), &mut rng);
        let (stamp, random) = name.rsplit_once('.').unwrap();
        assert!(stamp.starts_with(".."));
        assert_eq!(stamp.len(), "..2006_01_02_15_04_05".len(), "{name}");
        assert!(stamp.ends_with("_01_01"), "{name}");
        assert!(random.parse::<u32>().is_ok(), "{name}");
    }
}
