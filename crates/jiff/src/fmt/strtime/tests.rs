//! The two patterns k8s-openapi prints with give what Go's `Format(time.RFC3339)` and
//! apimachinery's `RFC3339Micro` give.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

fn at(s: &str) -> Timestamp {
    s.parse().expect("a valid time")
}

#[test]
fn time_and_micro_time_print_in_utc() {
    let t = at("2024-02-29T14:34:56.1234567+02:00");
    assert_eq!(
        format("%Y-%m-%dT%H:%M:%SZ", t).as_deref(),
        Ok("2024-02-29T12:34:56Z")
    );
    assert_eq!(
        format("%Y-%m-%dT%H:%M:%S%.6fZ", t).as_deref(),
        Ok("2024-02-29T12:34:56.123456Z")
    );
    assert_eq!(
        format("%Y-%m-%dT%H:%M:%S%.6fZ", at("1970-01-01T00:00:00Z")).as_deref(),
        Ok("1970-01-01T00:00:00.000000Z")
    );
    assert_eq!(t.to_string(), "2024-02-29T12:34:56.1234567Z");
    assert_eq!(
        at("0001-01-01T00:00:00Z").to_string(),
        "0001-01-01T00:00:00Z"
    );
}

#[test]
fn an_unknown_directive_is_an_error() {
    let t = at("2024-02-29T12:34:56Z");
    assert!(format("%Y %Z", t).is_err());
    assert!(format("%", t).is_err());
    assert_eq!(format("100%% %d", t).as_deref(), Ok("100% 29"));
}
