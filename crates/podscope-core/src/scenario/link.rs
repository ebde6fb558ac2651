//! Share links: a bundle as the fragment of a URL, `#v1:` + base64url(raw deflate(bundle
//! text)) (docs/scenarios.md, "Links"). The page's Share button, the embed's iframes,
//! `embed.js` (the browser's `CompressionStream("deflate-raw")` writes the same format) and
//! `podscope link` all write it; whatever a link holds, reading it ends in a bundle or a
//! `LinkError`, never a panic and never more than `MAX_INPUT_BYTES` of memory for its text.

pub mod base64url;

use std::fmt;

use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};

use crate::admission::load::MAX_INPUT_BYTES;
use crate::scenario::bundle::{Bundle, BundleError};

/// The link format this podscope writes and reads.
pub const VERSION: u32 = 1;

/// What starts the fragment (after `#`): the format's version, then a colon.
pub const PREFIX: &str = "v1:";

/// The longest fragment a link may have, in characters: the base64url length of the largest
/// raw deflate stream of a `MAX_INPUT_BYTES` text (zlib `deflate.c` `deflateBound` for the
/// default window and memory level: `n + (n >> 12) + (n >> 14) + (n >> 25) + 7` with no
/// wrapper), plus `#` and the prefix. Anything longer is refused before it is decoded.
pub const MAX_FRAGMENT_CHARS: usize = {
    let n = MAX_INPUT_BYTES;
    let deflated = n + (n >> 12) + (n >> 14) + (n >> 25) + 7;
    (deflated * 4).div_ceil(3) + 1 + PREFIX.len()
};

/// Why a fragment did not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment does not start with `v` and a version number and a colon.
    NotALink,
    /// `vN:` with N above `VERSION`: a newer podscope made the link.
    NewerVersion { version: String },
    /// Longer than `MAX_FRAGMENT_CHARS`.
    TooLong { chars: usize },
    /// A character outside base64url, at this 1-based position of the data.
    BadBase64 { at: usize },
    /// The compressed data ends before its last block: the link was cut.
    Truncated,
    /// The data is not a raw deflate stream.
    Corrupt,
    /// The data unpacks to more than `MAX_INPUT_BYTES` (a zip bomb stops here).
    TooLarge,
    /// The unpacked bytes are not UTF-8: the first bad byte's 1-based offset.
    NotUtf8 { at: usize },
    /// The text is not a bundle.
    Bundle(BundleError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(
                f,
                "the link's fragment is not a podscope state: it should start with #{PREFIX}"
            ),
            LinkError::NewerVersion { version } => write!(
                f,
                "the link was made by a newer podscope (format {version}); this podscope opens v{VERSION} links"
            ),
            LinkError::TooLong { chars } => write!(
                f,
                "the link's fragment is {chars} characters long; a podscope link holds at most {MAX_FRAGMENT_CHARS} (a {} MiB manifest)",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            LinkError::BadBase64 { at } => write!(
                f,
                "the link is damaged: character {at} after #{PREFIX} is not base64url (A-Z a-z 0-9 - _)"
            ),
            LinkError::Truncated => write!(
                f,
                "the link is cut short: its compressed data ends early (copy the whole link)"
            ),
            LinkError::Corrupt => write!(
                f,
                "the link is damaged: its data is not deflate-compressed text"
            ),
            LinkError::TooLarge => write!(
                f,
                "the link unpacks to more than {MAX_INPUT_BYTES} bytes, the most podscope reads"
            ),
            LinkError::NotUtf8 { at } => {
                write!(f, "the link's text is not UTF-8 (byte {at} is invalid)")
            }
            LinkError::Bundle(e) => write!(f, "the link's text, {e}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment for `bundle`, without the `#`: `v1:` and its compressed text.
pub fn encode(bundle: &Bundle) -> String {
    from_deflated(&deflate(&bundle.to_text()))
}

/// A bundle's text (`Bundle::to_text`) as raw deflate, miniz's best compression.
pub fn deflate(text: &str) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9)
}

/// The fragment for a bundle's text already raw-deflated: the page deflates with the
/// browser's `CompressionStream("deflate-raw")` (as `embed.js` does), so that its wasm carries
/// no deflate of its own; any raw deflate stream reads back the same.
pub fn from_deflated(deflated: &[u8]) -> String {
    format!("{PREFIX}{}", base64url::encode(deflated))
}

/// `base` (a page's address; any fragment it has is dropped) with `bundle` as its fragment.
pub fn link_to(base: &str, bundle: &Bundle) -> String {
    at(base, &encode(bundle))
}

/// `base` (any fragment it has dropped) with `fragment` (from `encode` or `from_deflated`).
pub fn at(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Whether `fragment` (with or without its `#`) looks like a podscope link of any version:
/// `v`, digits, `:`. Anything else in a fragment (an anchor) is not ours to read.
pub fn is_link(fragment: &str) -> bool {
    version_of(fragment).is_some()
}

/// The bundle a fragment (with or without its `#`) holds.
pub fn decode(fragment: &str) -> Result<Bundle, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let chars = fragment.chars().count() + 1;
    if chars > MAX_FRAGMENT_CHARS {
        return Err(LinkError::TooLong { chars });
    }
    let (version, data) = version_of(fragment).ok_or(LinkError::NotALink)?;
    if version != "1" {
        return Err(LinkError::NewerVersion {
            version: format!("v{version}"),
        });
    }
    let deflated = base64url::decode(data).map_err(|at| LinkError::BadBase64 { at })?;
    let bytes =
        decompress_to_vec_with_limit(&deflated, MAX_INPUT_BYTES).map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                LinkError::Truncated
            }
            _ => LinkError::Corrupt,
        })?;
    let text = String::from_utf8(bytes).map_err(|e| LinkError::NotUtf8 {
        at: e.utf8_error().valid_up_to() + 1,
    })?;
    Bundle::parse(&text).map_err(LinkError::Bundle)
}

/// The version digits and the data of `vN:DATA`. Version 0 and leading zeros are not
/// versions; a version above 1 is returned so that it can be named.
fn version_of(fragment: &str) -> Option<(&str, &str)> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let rest = fragment.strip_prefix('v')?;
    let (digits, data) = rest.split_once(':')?;
    let valid = !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then_some((digits, data))
}

#[cfg(test)]
mod tests;
