//! Share links: every example survives the trip through a link, and every way a fragment can
//! be broken (cut, corrupted, oversized, a zip bomb, not UTF-8, from a newer podscope) gives
//! its own error, never a panic.

use super::*;
use crate::scenario::examples::ExampleId;
use crate::scenario::script::Scenario;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn example_bundle(id: ExampleId) -> Bundle {
    let example = id.get();
    Bundle {
        manifest: example.yaml.to_owned(),
        script: example.script.parse().expect("an example's script parses"),
        runtime: Some(example.runtime),
    }
}

/// A fragment holding exactly these bytes, compressed.
fn fragment_of(bytes: &[u8]) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(bytes, 9);
    format!("{PREFIX}{}", base64url::encode(&deflated))
}

#[test]
fn every_example_opens_from_its_link() {
    for id in ExampleId::ALL {
        let bundle = example_bundle(id);
        let fragment = encode(&bundle);
        assert!(fragment.starts_with("v1:"), "{id}");
        assert!(
            is_link(&fragment) && is_link(&format!("#{fragment}")),
            "{id}"
        );
        assert_eq!(decode(&fragment), Ok(bundle.clone()), "{id}");
        assert_eq!(decode(&format!("#{fragment}")), Ok(bundle), "{id}");
    }
}

#[test]
fn a_link_is_much_shorter_than_its_text() {
    let bundle = example_bundle(ExampleId::ALL[0]);
    let text = bundle.to_text();
    let fragment = encode(&bundle);
    assert!(
        fragment.len() * 10 < text.len() * 9,
        "{} chars for {} bytes",
        fragment.len(),
        text.len()
    );
}

#[test]
fn link_to_replaces_the_pages_fragment() {
    let bundle = example_bundle(ExampleId::ALL[0]);
    let link = link_to("https://example.com/podscope/#v1:old", &bundle);
    assert_eq!(
        link,
        format!("https://example.com/podscope/#{}", encode(&bundle))
    );
}

#[test]
fn anchors_and_other_fragments_are_not_links() {
    for f in [
        "",
        "#",
        "#top",
        "#v",
        "#v:abc",
        "#v0:abc",
        "#v01:abc",
        "#vx:abc",
        "#version:1",
    ] {
        assert!(!is_link(f), "{f:?}");
        assert_eq!(decode(f), Err(LinkError::NotALink), "{f:?}");
    }
}

#[test]
fn a_newer_version_is_named() {
    let err = decode("#v2:AAAA").unwrap_err();
    assert_eq!(
        err,
        LinkError::NewerVersion {
            version: "v2".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "the link was made by a newer podscope (format v2); this podscope opens v1 links"
    );
}

#[test]
fn a_cut_link_says_so() {
    let fragment = encode(&example_bundle(ExampleId::ALL[0]));
    for keep in [fragment.len() / 2, fragment.len() - 8, PREFIX.len() + 4] {
        let cut = fragment.get(..keep).expect("ascii");
        let err = decode(cut).unwrap_err();
        assert!(
            matches!(err, LinkError::Truncated | LinkError::BadBase64 { .. }),
            "{keep}: {err:?}"
        );
    }
}

#[test]
fn corrupted_data_is_an_error_not_a_panic() {
    let fragment = encode(&example_bundle(ExampleId::ALL[0]));
    let bytes = fragment.as_bytes();
    // Flip one character at a time to another of the alphabet: each ends in some error or,
    // rarely, another valid text, never a panic.
    for at in PREFIX.len()..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).expect("ascii");
        let _ = decode(&changed);
    }
    assert_eq!(decode("v1:_____w"), Err(LinkError::Corrupt));
}

#[test]
fn a_character_outside_the_alphabet_is_pointed_at() {
    let err = decode("#v1:ab+d").unwrap_err();
    assert_eq!(err, LinkError::BadBase64 { at: 3 });
    assert!(err.to_string().contains("character 3"), "{err}");
    assert_eq!(
        decode("#v1:ab%3Cscript%3E"),
        Err(LinkError::BadBase64 { at: 3 })
    );
}

#[test]
fn a_zip_bomb_stops_at_the_input_limit() {
    // 16 MiB of zeros compress to about 16 KB of link; unpacking stops at 3 MiB.
    let zeros = vec![0u8; 16 * 1024 * 1024];
    let fragment = fragment_of(&zeros);
    assert!(fragment.len() < 100_000, "{}", fragment.len());
    assert_eq!(decode(&fragment), Err(LinkError::TooLarge));
    // Exactly at the limit is still read (and then is a bundle or not on its own merits).
    let at_limit = format!("#{}", "x".repeat(MAX_INPUT_BYTES - 1));
    assert!(!matches!(
        decode(&fragment_of(at_limit.as_bytes())),
        Err(LinkError::TooLarge)
    ));
}

#[test]
fn an_oversized_fragment_is_refused_before_decoding() {
    let huge = format!("v1:{}", "A".repeat(10 * 1024 * 1024));
    let err = decode(&huge).unwrap_err();
    assert_eq!(
        err,
        LinkError::TooLong {
            chars: huge.len() + 1
        }
    );
    // The largest possible link of a 3 MiB text fits under the cap.
    // (xorshift64 bytes: deflate cannot shrink them, so its stored blocks are the worst case.)
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let incompressible: Vec<u8> = (0..MAX_INPUT_BYTES)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    let fragment = fragment_of(&incompressible);
    assert!(
        fragment.len() > MAX_INPUT_BYTES * 4 / 3,
        "{}",
        fragment.len()
    );
    assert!(fragment.len() < MAX_FRAGMENT_CHARS, "{}", fragment.len());
}

#[test]
fn invalid_utf8_is_pointed_at() {
    let err = decode(&fragment_of(b"apiVersion: v1\n\xff\xfe")).unwrap_err();
    assert_eq!(err, LinkError::NotUtf8 { at: 16 });
}

#[test]
fn a_bad_bundle_keeps_its_line() {
    let err = decode(&fragment_of(b"#podscope v1 runtime=rkt\nkind: Pod\n")).unwrap_err();
    let LinkError::Bundle(inner) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(inner.line, 1);
    assert!(
        err.to_string().starts_with("the link's text, line 1"),
        "{err}"
    );
}

#[test]
fn hostile_text_comes_back_as_text() {
    let bundle = Bundle {
        manifest: "metadata:\n  name: \"<script>alert(1)</script>\"\n".into(),
        script: Scenario::new(),
        runtime: None,
    };
    assert_eq!(decode(&encode(&bundle)), Ok(bundle));
}
