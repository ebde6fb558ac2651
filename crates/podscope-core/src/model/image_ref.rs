//! Image references, read once by the grammar the kubelet and the runtime use: docker/distribution's `reference` grammar
//! (regexp.go), its normalisation of short names (normalize.go `ParseNormalizedNamed`,
//! `splitDockerDomain`) and its error texts (reference.go).

use std::fmt;

use crate::model::go_case;

/// A reference that parsed, normalised the way containerd names what it pulls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    /// `docker.io`, `registry.k8s.io`, `localhost:5000`.
    pub domain: String,
    /// The repository path below the domain (`library/nginx`).
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl Normalized {
    /// `docker.io/library/nginx:latest`: the name with the default tag applied when the
    /// reference has neither tag nor digest (what the runtime resolves and stores).
    pub fn full(&self) -> String {
        let mut s = format!("{}/{}", self.domain, self.path);
        match (&self.tag, &self.digest) {
            (Some(t), Some(d)) => s.push_str(&format!(":{t}@{d}")),
            (Some(t), None) => s.push_str(&format!(":{t}")),
            (None, Some(d)) => s.push_str(&format!("@{d}")),
            (None, None) => s.push_str(":latest"),
        }
        s
    }
}

/// Why a reference does not parse; `Display` gives distribution/reference's error text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// `ErrReferenceInvalidFormat`.
    InvalidFormat,
    /// normalize.go `ParseNormalizedNamed`: the repository (`library/FAILED_IMAGE`) has an
    /// upper-case letter.
    Uppercase(String),
    /// `ErrNameContainsUppercase`: reference.go `Parse`'s own check.
    NameUppercase,
    /// `ErrNameEmpty`.
    NameEmpty,
    /// `ErrNameTooLong` (`NameTotalLengthMax = 255`).
    NameTooLong,
    /// A 64-hex-digit name (`anchoredIdentifierRegexp`), which would look like an image ID.
    Identifier(String),
    /// opencontainers/go-digest `ErrDigestInvalidLength`.
    DigestLength,
    /// opencontainers/go-digest `ErrDigestUnsupported`.
    DigestUnsupported,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let RefError::Identifier(name) = self {
            return write!(
                f,
                "invalid repository name ({name}), cannot specify 64-byte hexadecimal strings"
            );
        }
        if let RefError::Uppercase(remote) = self {
            return write!(
                f,
                "invalid reference format: repository name ({remote}) must be lowercase"
            );
        }
        f.write_str(match self {
            RefError::InvalidFormat => "invalid reference format",
            RefError::Uppercase(_) | RefError::NameUppercase => "repository name must be lowercase",
            RefError::NameEmpty => "repository name must have at least one component",
            RefError::NameTooLong => "repository name must not be more than 255 characters",
            RefError::Identifier(_) => "cannot specify 64-byte hexadecimal strings",
            RefError::DigestLength => "invalid checksum digest length",
            RefError::DigestUnsupported => "unsupported digest algorithm",
        })
    }
}

/// A container's image reference such as `nginx:1.21` or `registry.k8s.io/pause:3.10.1`,
/// read by the one reference grammar (`parse_normalized`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// What the user wrote.
    pub raw: String,
    /// The last path component without tag or digest (`nginx`, `pause`); the whole text when
    /// the reference does not parse.
    pub short_name: String,
    /// The tag, if one was written (`1.21`); `None` means `latest` unless a digest is given.
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// Why the reference does not parse (the kubelet's `InvalidImageName`), if it does not.
    pub error: Option<RefError>,
}

impl ImageRef {
    pub fn parse(raw: &str) -> Self {
        match parse_normalized(raw) {
            Ok(n) => ImageRef {
                raw: raw.to_owned(),
                short_name: n.path.rsplit('/').next().unwrap_or(&n.path).to_owned(),
                tag: n.tag,
                digest: n.digest,
                error: None,
            },
            Err(e) => ImageRef {
                raw: raw.to_owned(),
                short_name: raw.to_owned(),
                tag: None,
                digest: None,
                error: Some(e),
            },
        }
    }

    /// The reference with the tag made explicit, as `crictl ps` and `docker ps` show it for a
    /// tag reference (`nginx:1.21`, `busybox:latest`).
    pub fn with_tag(&self) -> String {
        if self.tag.is_some() || self.digest.is_some() {
            self.raw.clone()
        } else {
            format!("{}:latest", self.raw)
        }
    }
}

/// reference.go `ReferenceRegexp.MatchString`, as `kubectl run` checks `--image` before it
/// builds the pod: `[DOMAIN/]COMPONENT[/COMPONENT…][:TAG][@DIGEST]`, with no normalisation
/// (so an upper-case name does not match).
pub fn matches_reference_regexp(s: &str) -> bool {
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let last_slash = name_tag.rfind('/').unwrap_or(0);
    let (name, tag) = match name_tag.rfind(':') {
        Some(i) if i > last_slash => (name_tag.get(..i), name_tag.get(i + 1..)),
        _ => (Some(name_tag), None),
    };
    let Some(name) = name else { return false };
    let parts: Vec<&str> = name.split('/').collect();
    let path_ok = |ps: &[&str]| !ps.is_empty() && ps.iter().all(|c| is_path_component(c));
    let name_ok = path_ok(&parts)
        || matches!(parts.split_first(), Some((first, rest)) if is_domain_and_port(first) && path_ok(rest));
    name_ok && tag.is_none_or(is_tag) && digest.is_none_or(is_digest_shape)
}

const DEFAULT_DOMAIN: &str = "docker.io";
const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// Parses and normalises `image` as `reference.ParseNormalizedNamed` does.
pub fn parse_normalized(image: &str) -> Result<Normalized, RefError> {
    if image.len() == 64
        && image
            .bytes()
            .all(|b| matches!(b, b'a'..=b'f' | b'0'..=b'9'))
    {
        return Err(RefError::Identifier(image.to_owned()));
    }
    let (domain, remainder) = split_docker_domain(image);
    let remote = remainder.split(':').next().unwrap_or(&remainder);
    if go_case::has_upper(remote) {
        return Err(RefError::Uppercase(remote.to_owned()));
    }
    let full = format!("{domain}/{remainder}");
    match parse(&full) {
        Err(RefError::InvalidFormat) if parse(&go_case::lower(&full)).is_ok() => {
            Err(RefError::NameUppercase)
        }
        other => other,
    }
}

/// normalize.go `splitDockerDomain`: the first component is a registry when it has a `.`
/// or `:`, is `localhost`, or has an upper-case letter; otherwise Docker Hub, with
/// `library/` for one-component names.
fn split_docker_domain(name: &str) -> (String, String) {
    let (mut domain, mut remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':']) || first == "localhost" || go_case::has_upper(first) =>
        {
            (first.to_owned(), rest.to_owned())
        }
        _ => (DEFAULT_DOMAIN.to_owned(), name.to_owned()),
    };
    if domain == "index.docker.io" {
        domain = DEFAULT_DOMAIN.to_owned();
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        remainder = format!("library/{remainder}");
    }
    (domain, remainder)
}

/// reference.go `Parse` on a name that has its domain: `ReferenceRegexp`, then the length
/// and digest checks.
fn parse(s: &str) -> Result<Normalized, RefError> {
    if s.is_empty() {
        return Err(RefError::NameEmpty);
    }
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let last_slash = name_tag.rfind('/').unwrap_or(0);
    let (name, tag) = match name_tag.rfind(':') {
        Some(i) if i > last_slash => (&name_tag[..i], Some(&name_tag[i + 1..])),
        _ => (name_tag, None),
    };
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty()
        || !(is_domain_and_port(first) || is_path_component(first))
        || !rest.iter().all(|c| is_path_component(c))
        || !tag.is_none_or(is_tag)
        || !digest.is_none_or(is_digest_shape)
    {
        return Err(RefError::InvalidFormat);
    }
    if name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(RefError::NameTooLong);
    }
    if let Some(d) = digest {
        check_digest(d)?;
    }
    Ok(Normalized {
        domain: first.to_owned(),
        path: rest.join("/"),
        tag: tag.map(str::to_owned),
        digest: digest.map(str::to_owned),
    })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
fn is_path_component(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && alnum(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == b.len() {
            return true;
        }
        let sep_start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &s[sep_start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|c| c == b'-');
        if !ok || i == b.len() {
            return false;
        }
    }
}

/// `domainName(:port)?`, a domain name being `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?`
/// components joined by dots (or a bracketed IPv6 address).
fn is_domain_and_port(s: &str) -> bool {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else {
            return false;
        };
        if v6.is_empty() || !v6.bytes().all(|c| c.is_ascii_hexdigit() || c == b':') {
            return false;
        }
        if after.is_empty() {
            (None, None)
        } else {
            match after.strip_prefix(':') {
                Some(p) => (None, Some(p)),
                None => return false,
            }
        }
    } else {
        match s.split_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(s), None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    let host_ok = host.is_none_or(|h| {
        !h.is_empty()
            && h.split('.').all(|c| {
                let b = c.as_bytes();
                !b.is_empty()
                    && b.iter().all(|x| x.is_ascii_alphanumeric() || *x == b'-')
                    && b.first().is_some_and(u8::is_ascii_alphanumeric)
                    && b.last().is_some_and(u8::is_ascii_alphanumeric)
            })
    });
    port_ok && host_ok
}

/// `[\w][\w.-]{0,127}`.
fn is_tag(t: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    b.first().is_some_and(|c| word(*c))
        && b.len() <= 128
        && b.iter().all(|c| word(*c) || *c == b'.' || *c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`.
fn is_digest_shape(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = alg.split(['-', '_', '+', '.']).all(|part| {
        let b = part.as_bytes();
        b.first().is_some_and(u8::is_ascii_alphabetic) && b.iter().all(u8::is_ascii_alphanumeric)
    });
    alg_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

/// go-digest `Digest.Validate`: a known algorithm and its hex length.
fn check_digest(d: &str) -> Result<(), RefError> {
    let (alg, hex) = d.split_once(':').unwrap_or((d, ""));
    let want = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(RefError::DigestUnsupported),
    };
    if hex.len() != want {
        return Err(RefError::DigestLength);
    }
    if hex.bytes().any(|c| c.is_ascii_uppercase()) {
        return Err(RefError::InvalidFormat);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn short_names_normalise_to_docker_hub() {
        let full = |s: &str| parse_normalized(s).map(|n| n.full());
        assert_eq!(full("nginx"), Ok("docker.io/library/nginx:latest".into()));
        assert_eq!(
            full("nginx:1.21"),
            Ok("docker.io/library/nginx:1.21".into())
        );
        assert_eq!(
            full("bitnami/redis"),
            Ok("docker.io/bitnami/redis:latest".into())
        );
        assert_eq!(
            full("registry.k8s.io/pause:3.10.1"),
            Ok("registry.k8s.io/pause:3.10.1".into())
        );
        assert_eq!(
            full("localhost:5000/app:v1"),
            Ok("localhost:5000/app:v1".into())
        );
        assert_eq!(
            full("index.docker.io/library/busybox:1.36"),
            Ok("docker.io/library/busybox:1.36".into())
        );
        let d = format!("busybox@sha256:{}", "a".repeat(64));
        assert!(full(&d).is_ok_and(|f| f.ends_with(&"a".repeat(64))));
    }

    #[test]
    fn bad_references_get_distributions_errors() {
        let err = |s: &str| parse_normalized(s).err().map(|e| e.to_string());
        let invalid = Some("invalid reference format".to_owned());
        assert_eq!(err("nginx::1"), invalid);
        assert_eq!(err("nginx:"), invalid);
        assert_eq!(err("ngi nx"), invalid);
        assert_eq!(err("-nginx"), invalid);
        assert_eq!(err("nginx/"), invalid);
        assert_eq!(err("nginx:-tag"), invalid);
        assert_eq!(err("busybox@sha256:abc"), invalid);
        assert_eq!(
            err("Nginx"),
            Some(
                "invalid reference format: repository name (library/Nginx) must be lowercase"
                    .into()
            )
        );
        assert_eq!(
            err("docker.io/library/NGINX:1.0"),
            Some(
                "invalid reference format: repository name (library/NGINX) must be lowercase"
                    .into()
            )
        );
        assert_eq!(
            err("FAILED_IMAGE"),
            Some(
                "invalid reference format: repository name (library/FAILED_IMAGE) must be lowercase"
                    .into()
            )
        );
        assert_eq!(
            err(&format!("busybox@sha256:{}", "a".repeat(40))),
            Some("invalid checksum digest length".into())
        );
        assert_eq!(
            err(&format!("busybox@md5:{}", "a".repeat(40))),
            Some("unsupported digest algorithm".into())
        );
        assert!(err(&format!("a/{}", "b".repeat(260))).is_some());
        // kubectl run's check: the regexp alone.
        for good in [
            "nginx",
            "busybox:1.28",
            "registry.k8s.io/pause:3.1",
            "localhost:5000/a/b",
        ] {
            assert!(matches_reference_regexp(good), "{good}");
        }
        for bad in ["FAILED_IMAGE", "nginx:", "Nginx", "a//b", ""] {
            assert!(!matches_reference_regexp(bad), "{bad}");
        }
        // Upper case is fine in a registry host and a tag.
        assert_eq!(err("Registry.Example.com/app:V1"), None);
    }
}
