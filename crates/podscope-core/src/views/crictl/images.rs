//! `crictl images [NAME] [-q]`: cri-tools v1.35.0 cmd/crictl/image.go (`listImageCommand`):
//! the runtime's images sorted by their first repo tag (`imageByRef`), one row per tag with
//! the ID cut to 13 characters after `sha256:` and go-units' size; `-q` prints the full IDs.

use super::args::{self, Flag};
use crate::model::humanize::units_size;
use crate::model::image_ref::parse_normalized;
use crate::model::runtime::Runtime;
use crate::model::sort::CompactSort;
use crate::model::stand_in::stand_in;
use crate::sim::outcome::Output;
use crate::sim::pull::store::image_size;
use crate::sim::world::World;
use crate::views::tabwriter::{CRICTL, table};

const FLAGS: &[Flag] = &[
    Flag::bool("verbose").short('v'),
    Flag::bool("quiet").short('q'),
    Flag::value("filter").short('f'),
    Flag::value("output").short('o'),
    Flag::bool("digests"),
    Flag::bool("no-trunc"),
    Flag::bool("pinned"),
];

/// The image ID the runtime gives the image stored as `full` (`docker.io/library/nginx:latest`):
/// the digest of its config blob, `sha256:` and 64 hex digits. A stand-in derived from the
/// name (the model has no image content); it differs from the repo digest that `kubectl
/// describe`'s `Image ID:` shows, as the config digest differs from the manifest's.
pub fn image_id(full: &str) -> String {
    format!(
        "sha256:{}",
        stand_in(&format!("{full}#config"), b"0123456789abcdef", 64)
    )
}

/// One image the runtime has.
struct Image {
    /// The repo tag, `docker.io/library/nginx:latest`, or the repo digest for an image pulled
    /// by digest only.
    full: String,
    id: String,
    size: u64,
}

/// The images on the node as the runtime lists them: the images the kubelet pulled and the
/// runtime's own sandbox image (the store also holds the other runtimes' pause images,
/// which a node of this runtime does not have).
fn images(world: &World) -> Vec<Image> {
    let runtime = world.runtime();
    let own_pause = parse_normalized(runtime.pause_image()).map(|n| n.full());
    let foreign: Vec<String> = Runtime::ALL
        .iter()
        .filter(|r| **r != runtime)
        .filter_map(|r| parse_normalized(r.pause_image()).ok().map(|n| n.full()))
        .filter(|f| Ok(f) != own_pause.as_ref())
        .collect();
    let mut out: Vec<Image> = world
        .images
        .present()
        .filter(|full| !foreign.iter().any(|f| f == full))
        .map(|full| Image {
            full: full.to_owned(),
            id: image_id(full),
            size: image_size(full, full),
        })
        .collect();
    // image.go `imageByRef`: by the first repo tag.
    out.sort_compact_by(|a, b| a.full.cmp(&b.full));
    out
}

/// image.go `normalizeRepoTagPair`: the repo tag split at its last `:`; an image pulled by
/// digest only has no tag and shows its repository with `<none>`.
fn repo_and_tag(full: &str) -> (String, String) {
    if let Some((repo, _)) = full.split_once('@') {
        let repo = repo
            .rsplit_once(':')
            .map_or(repo, |(r, t)| if t.contains('/') { repo } else { r });
        return (repo.to_owned(), "<none>".to_owned());
    }
    match full.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => (repo.to_owned(), tag.to_owned()),
        _ => (full.to_owned(), "<none>".to_owned()),
    }
}

/// Whether the image matches the NAME argument. containerd's CRI ignores the request's
/// filter and lists every image (containerd v2.2.0 internal/cri/server/images/image_list.go
/// `ListImages`: "TODO(random-liu): Add image list filters"; cri-tools#2008); CRI-O and
/// cri-dockerd list the images whose name matches (the reference normalised, the tag
/// `latest` when none is given).
fn matches(world: &World, filter: &str, full: &str) -> bool {
    if world.runtime() == Runtime::Containerd || filter.is_empty() {
        return true;
    }
    match parse_normalized(filter) {
        Ok(n) => n.full() == full,
        Err(_) => false,
    }
}

/// Runs `crictl images WORDS…`.
pub fn run(world: &World, words: &[String]) -> Output {
    let p = match args::parse(FLAGS, words) {
        Ok(p) => p,
        Err(e) => return super::incorrect_usage("images", &e),
    };
    if p.args.len() > 1 {
        return super::subcommand_help("images");
    }
    for unmodelled in ["verbose", "digests", "pinned"] {
        if p.has(unmodelled) {
            return super::unmodelled(&format!("crictl images --{unmodelled}"));
        }
    }
    if p.value("filter").is_some() || p.value("output").is_some() {
        return super::unmodelled("crictl images --filter/--output");
    }
    let filter = p.args.first().map_or("", String::as_str);
    let listed: Vec<Image> = images(world)
        .into_iter()
        .filter(|i| matches(world, filter, &i.full))
        .collect();
    if p.has("quiet") {
        let mut out = String::new();
        for i in &listed {
            out.push_str(&i.id);
            out.push('\n');
        }
        return Output::ok(out);
    }
    let no_trunc = p.has("no-trunc");
    let mut t = vec![
        ["IMAGE", "TAG", "IMAGE ID", "SIZE"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for i in listed {
        let (repo, tag) = repo_and_tag(&i.full);
        let id = if no_trunc {
            i.id.clone()
        } else {
            i.id.trim_start_matches("sha256:")
                .chars()
                .take(13)
                .collect()
        };
        t.push(vec![repo, tag, id, units_size(i.size)]);
    }
    Output::ok(table(CRICTL, &t))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn repo_tag_pairs() {
        assert_eq!(
            repo_and_tag("docker.io/library/nginx:latest"),
            ("docker.io/library/nginx".to_owned(), "latest".to_owned())
        );
        assert_eq!(
            repo_and_tag("localhost:5000/app:v1"),
            ("localhost:5000/app".to_owned(), "v1".to_owned())
        );
        assert_eq!(
            repo_and_tag("docker.io/library/nginx@sha256:abc"),
            ("docker.io/library/nginx".to_owned(), "<none>".to_owned())
        );
    }

    #[test]
    fn image_ids_are_stable_and_distinct() {
        let a = image_id("docker.io/library/nginx:latest");
        assert_eq!(a, image_id("docker.io/library/nginx:latest"));
        assert_ne!(a, image_id("docker.io/library/busybox:latest"));
        assert_eq!(a.len(), "sha256:".len() + 64);
    }
}
