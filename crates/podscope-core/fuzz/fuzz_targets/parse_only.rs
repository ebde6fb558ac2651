//! Fuzz target `parse_only`: any bytes, read as text, through `podscope_core::parse` alone
//! (document splitting, YAML, kinds, decoding, field locations), the bundle reader, and the
//! share-link reader (as a fragment, and as the compressed data of one). Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope_core::link;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podscope_core::parse(&text);
    let _ = podscope_core::Bundle::parse(&text);
    let _ = link::decode(&text);
    let _ = link::decode(&format!("#v1:{}", link::base64url::encode(data)));
});
