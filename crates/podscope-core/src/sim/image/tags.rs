//! Which tags the registry has, for the Docker Hub library images the catalog models: a tag
//! that names no release (`nginx:1.161`, a typo of 1.16.1; `nginx:sometag`) is not found,
//! and the pull fails as containerd reports it (`pull/store.rs`).
//!
//! The library images tag each release as `MAJOR[.MINOR[.PATCH]]`, optionally followed by
//! `-VARIANT` (docker-library's `generate-stackbrew-library.sh` of each image: `1.29.3`,
//! `1.29`, `1`, `1.29.3-alpine`, `stable-perl`), plus named tags (`latest`, `stable`,
//! `alpine`…). The newest release line of each image as of Kubernetes 1.35 (December 2025)
//! bounds the versions: nginx 1.29 (mainline), busybox 1.37, alpine 3.23, redis 8, httpd
//! 2.4, postgres 18, python 3.14. Older lines are accepted even where Docker Hub no longer
//! lists them (podscope fails a pull only when no such release ever existed). Images outside
//! the catalog, digests and other registries are always found.

use crate::model::image_ref::Normalized;

/// One library image's tag scheme.
struct Scheme {
    /// `library/NAME`.
    path: &'static str,
    /// Tags that are a name alone, and the words a variant suffix starts with.
    names: &'static [&'static str],
    /// The newest release line: (major, newest minor of it), and the oldest major.
    newest: (u32, u32),
    oldest_major: u32,
}

const DEBIAN: [&str; 5] = ["bookworm", "bullseye", "buster", "trixie", "stretch"];

const SCHEMES: &[Scheme] = &[
    Scheme {
        path: "library/nginx",
        names: &[
            "latest", "stable", "mainline", "alpine", "perl", "otel", "slim",
        ],
        newest: (1, 29),
        oldest_major: 1,
    },
    Scheme {
        path: "library/busybox",
        names: &["latest", "stable", "unstable", "musl", "glibc", "uclibc"],
        newest: (1, 37),
        oldest_major: 1,
    },
    Scheme {
        path: "library/alpine",
        names: &["latest", "edge"],
        newest: (3, 23),
        oldest_major: 2,
    },
    Scheme {
        path: "library/redis",
        names: &["latest", "alpine"],
        newest: (8, u32::MAX),
        oldest_major: 2,
    },
    Scheme {
        path: "library/httpd",
        names: &["latest", "alpine"],
        newest: (2, 4),
        oldest_major: 2,
    },
    Scheme {
        path: "library/postgres",
        names: &["latest", "alpine"],
        newest: (18, u32::MAX),
        oldest_major: 8,
    },
    Scheme {
        path: "library/python",
        names: &[
            "latest",
            "alpine",
            "slim",
            "windowsservercore",
            "nanoserver",
        ],
        newest: (3, 14),
        oldest_major: 2,
    },
];

/// Whether a word may start a variant (or be a named tag) of this image.
fn variant_word(scheme: &Scheme, word: &str) -> bool {
    // `alpine3.22`, `bookworm`: the word before any digits.
    let stem = word.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    scheme.names.contains(&stem) || DEBIAN.contains(&stem)
}

/// Whether `X[.Y[.Z]]` names a release line up to the newest.
fn version_known(scheme: &Scheme, version: &str) -> bool {
    let parts: Option<Vec<u32>> = version.split('.').map(|p| p.parse().ok()).collect();
    let Some(parts) = parts else { return false };
    let (newest_major, newest_minor) = scheme.newest;
    match parts.as_slice() {
        [major, rest @ ..] if rest.len() <= 2 => {
            let in_range = (scheme.oldest_major..=newest_major).contains(major);
            let minor_ok = match rest.first() {
                Some(minor) if *major == newest_major => *minor <= newest_minor,
                _ => true,
            };
            in_range && minor_ok
        }
        _ => false,
    }
}

/// Whether the registry has this reference (always, for what the catalog does not model).
pub fn registry_has(reference: &Normalized) -> bool {
    if reference.domain != "docker.io" || reference.digest.is_some() {
        return true;
    }
    let Some(scheme) = SCHEMES.iter().find(|s| s.path == reference.path) else {
        return true;
    };
    let Some(tag) = reference.tag.as_deref() else {
        return true;
    };
    let (head, variant) = match tag.split_once('-') {
        Some((h, v)) => (h, Some(v)),
        None => (tag, None),
    };
    let head_ok = if head.starts_with(|c: char| c.is_ascii_digit()) {
        version_known(scheme, head)
    } else {
        variant_word(scheme, head)
    };
    let variant_ok =
        variant.is_none_or(|v| v.split('-').next().is_some_and(|w| variant_word(scheme, w)));
    head_ok && variant_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::image_ref::parse_normalized;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn has(image: &str) -> bool {
        parse_normalized(image).is_ok_and(|n| registry_has(&n))
    }

    #[test]
    fn real_tags_are_found_and_typos_are_not() {
        for found in [
            "nginx",
            "nginx:1.14.2",
            "nginx:1.16.1",
            "nginx:1.29",
            "nginx:1",
            "nginx:stable-alpine",
            "nginx:1.27-alpine-slim",
            "nginx:1.25-bookworm",
            "busybox:1.28",
            "busybox:1.36-musl",
            "alpine:3.20",
            "redis:7.2-alpine",
            "python:3.12-slim-bookworm",
            "registry.k8s.io/pause:3.1",
            "myorg/app:anything",
        ] {
            assert!(has(found), "{found}");
        }
        for missing in [
            "nginx:1.161",
            "nginx:sometag",
            "nginx:2.0",
            "busybox:1.99",
            "alpine:4",
            "nginx:1.16.1-wrong",
        ] {
            assert!(!has(missing), "{missing}");
        }
    }
}
