//! `kubectl apply -k DIR` for the subset the docs use: a `kustomization.yaml` whose only
//! field is `configMapGenerator`, each entry a `name` with `files` (`PATH` or `KEY=PATH`,
//! relative to DIR) and `literals` (`KEY=VALUE`). Each ConfigMap is named `NAME-HASH`,
//! kustomize's content hash (kubectl pkg/util/hash/hash.go `ConfigMapHash`: sha256 of the
//! JSON of `{"data","kind","name"}`, its first 10 hex digits with `0 1 3 a e` turned into
//! `g h k m t`, `encodeHash`). Anything else in a kustomization is "not modelled".

use std::collections::BTreeMap;

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::model::kubectl::create_data::{self, Local, LocalPath, Sources};

/// The kustomization file names kustomize looks for, in its order (api/konfig
/// `RecognizedKustomizationFileNames`).
const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The ConfigMaps DIR's kustomization generates, as a manifest; `Err` names what is not
/// modelled.
pub fn build(local: &impl Local, dir: &str) -> Result<String, String> {
    let dir = dir.trim_end_matches('/');
    let dir = if dir.is_empty() { "/" } else { dir };
    let text = FILE_NAMES
        .iter()
        .find_map(|f| match local.path(&format!("{dir}/{f}")) {
            Some(LocalPath::File(t)) => Some(t),
            _ => None,
        })
        .ok_or_else(|| "kubectl apply -k without a kustomization file".to_owned())?;
    let doc = crate::model::yaml::from_str(&text)
        .map_err(|_| "kubectl apply -k of malformed YAML".to_owned())?;
    let top = doc
        .as_mapping()
        .ok_or_else(|| "kubectl apply -k of a kustomization that is not a map".to_owned())?;
    let mut out = String::new();
    for (key, value) in top {
        match key.as_str() {
            Some("configMapGenerator") => {}
            Some(other) => return Err(format!("kubectl apply -k with {other}")),
            None => return Err("kubectl apply -k with a non-string key".to_owned()),
        }
        for entry in value.as_sequence().into_iter().flatten() {
            out.push_str("---\n");
            out.push_str(&config_map(local, dir, entry)?);
        }
    }
    Ok(out)
}

/// One `configMapGenerator` entry as a ConfigMap manifest.
fn config_map(
    local: &impl Local,
    dir: &str,
    entry: &crate::model::yaml::Value,
) -> Result<String, String> {
    let map = entry
        .as_mapping()
        .ok_or_else(|| "kubectl apply -k with a generator that is not a map".to_owned())?;
    let mut name = None;
    let mut sources = Sources::default();
    let strings = |v: &crate::model::yaml::Value| -> Result<Vec<String>, String> {
        v.as_sequence()
            .into_iter()
            .flatten()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "kubectl apply -k with a non-string source".to_owned())
            })
            .collect()
    };
    for (key, value) in map {
        match key.as_str() {
            Some("name") => name = value.as_str().map(str::to_owned),
            Some("files") => {
                for f in strings(value)? {
                    // The path is the kustomization's directory's; the key stays as written.
                    let (key, path) = create_data::parse_file_source(&f)
                        .map_err(|e| format!("kubectl apply -k with a file source error: {e}"))?;
                    let path = if path.starts_with('/') {
                        path.to_owned()
                    } else {
                        format!("{dir}/{path}")
                    };
                    sources.files.push(format!("{key}={path}"));
                }
            }
            Some("literals") => {
                let literals = strings(value)?;
                // How kustomize's own literal parsing (api/kv) treats quotes is not
                // checked: quoted literals are not modelled.
                if literals.iter().any(|l| l.contains(['"', '\''])) {
                    return Err("kubectl apply -k with quoted literals".to_owned());
                }
                sources.literals = literals;
            }
            Some(other) => return Err(format!("kubectl apply -k with a generator's {other}")),
            None => return Err("kubectl apply -k with a non-string key".to_owned()),
        }
    }
    let name = name.ok_or_else(|| "kubectl apply -k with a generator without a name".to_owned())?;
    let data = create_data::data_of(&name, false, &sources, local)
        .map_err(|e| format!("kubectl apply -k whose generator fails: {e}"))?;
    let hashed = format!("{name}-{}", config_map_hash(&name, &data));
    let object = json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": hashed},
        "data": data,
    });
    // JSON is YAML: the manifest the apply reads.
    Ok(format!("{object}\n"))
}

/// hash.go `ConfigMapHash` of a ConfigMap without binaryData or `immutable`.
pub fn config_map_hash(name: &str, data: &BTreeMap<String, String>) -> String {
    let encoded = crate::views::kubectl::gojson::compact(&json!({
        "data": data,
        "kind": "ConfigMap",
        "name": name,
    }));
    let digest = Sha256::digest(encoded.as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0x0f])
        .take(10)
        .map(|nibble| match nibble {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            10 => 'm',
            14 => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('g'),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn value_of(data: &[(&str, &str)]) -> BTreeMap<String, String> {
        data.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const GAME: &str = "enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30";

    #[test]
    fn the_docs_pages_generated_names() {
        // configure-pod-configmap: `game-config-4-m9dm2f92bt`, `game-config-5-m67dt67794`,
        // `special-config-2-c92b5mmcf2`.
        assert_eq!(
            config_map_hash("game-config-4", &value_of(&[("game.properties", GAME)])),
            "m9dm2f92bt"
        );
        assert_eq!(
            config_map_hash("game-config-5", &value_of(&[("game-special-key", GAME)])),
            "m67dt67794"
        );
        assert_eq!(
            config_map_hash(
                "special-config-2",
                &value_of(&[("special.how", "very"), ("special.type", "charm")])
            ),
            "c92b5mmcf2"
        );
    }

    struct Dir;

    impl Local for Dir {
        fn path(&self, path: &str) -> Option<LocalPath> {
            match path {
                "/root/kustomization.yaml" => Some(LocalPath::File(
                    "configMapGenerator:\n- name: game-config-4\n  files:\n  - conf/game.properties\n- name: l\n  literals:\n  - a=b\n"
                        .to_owned(),
                )),
                "/root/conf/game.properties" => Some(LocalPath::File(GAME.to_owned())),
                "/x/kustomization.yaml" => Some(LocalPath::File("resources:\n- pod.yaml\n".to_owned())),
                _ => None,
            }
        }
        fn env(&self, _: &str) -> String {
            String::new()
        }
    }

    #[test]
    fn generators_become_hashed_config_maps_and_the_rest_is_not_modelled() {
        let m = build(&Dir, "/root/").unwrap_or_default();
        // Each ConfigMap as JSON (which is YAML), after a `---`.
        assert!(m.contains(r#""name":"game-config-4-m9dm2f92bt""#), "{m}");
        assert!(m.contains(r#""game.properties":"enemies=aliens\n"#), "{m}");
        assert!(m.contains(r#""name":"l-"#), "{m}");
        assert_eq!(
            build(&Dir, "/x"),
            Err("kubectl apply -k with resources".to_owned())
        );
        assert!(build(&Dir, "/nope").is_err());
    }
}
