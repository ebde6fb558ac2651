//! Fuzz target `parse_only`: any bytes, read as text, through `podscope_core::parse` alone
//! (document splitting, YAML, kinds, decoding, field locations). Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = podscope_core::parse(&text);
});
