//! Go's own expectations for `time.Parse(time.RFC3339, …)` (src/time/format_test.go:
//! `parseErrorTests`, `TestQuote`, `TestParseFractionalSecondsLongerThanNineDigits`), and
//! the instants of valid times.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

fn error(value: &str) -> String {
    match rfc3339(value) {
        Ok(t) => panic!("{value:?} parsed as {t}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_read_as_go_prints_them() {
    // format_test.go `parseErrorTests`, the RFC3339 rows: each expectation must appear in
    // the error.
    for (value, expect) in [
        (
            "2006-01-02T15:04:05Z07:00",
            r#"parsing time "2006-01-02T15:04:05Z07:00": extra text: "07:00""#,
        ),
        (
            "2006-01-02T15:04_abc",
            r#"parsing time "2006-01-02T15:04_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as ":""#,
        ),
        (
            "2006-01-02T15:04:05_abc",
            r#"parsing time "2006-01-02T15:04:05_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as "Z07:00""#,
        ),
        (
            "2006-01-02T15:04:05Z_abc",
            r#"parsing time "2006-01-02T15:04:05Z_abc": extra text: "_abc""#,
        ),
        ("2010-02-04T21:00:67.012345678-08:00", "second out of range"),
        (
            "\"",
            r#"parsing time "\"" as "2006-01-02T15:04:05Z07:00": cannot parse "\"" as "2006""#,
        ),
    ] {
        let got = error(value);
        assert!(got.contains(expect), "{value:?}: {got}");
    }
}

#[test]
fn ranges_and_elements_follow_parse_step_by_step() {
    // Walked through format.go `parse` by hand: each range message names the element, a
    // bad element quotes the rest of the value from where it starts.
    for (value, expect) in [
        (
            "yesterday",
            r#"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#,
        ),
        (
            "2024-13-01T00:00:00Z",
            r#"parsing time "2024-13-01T00:00:00Z": month out of range"#,
        ),
        (
            "2024-00-01T00:00:00Z",
            r#"parsing time "2024-00-01T00:00:00Z": month out of range"#,
        ),
        (
            "2023-02-29T00:00:00Z",
            r#"parsing time "2023-02-29T00:00:00Z": day out of range"#,
        ),
        (
            "2024-04-31T00:00:00Z",
            r#"parsing time "2024-04-31T00:00:00Z": day out of range"#,
        ),
        (
            "2024-01-01T24:00:00Z",
            r#"parsing time "2024-01-01T24:00:00Z": hour out of range"#,
        ),
        (
            "2024-01-01T00:60:00Z",
            r#"parsing time "2024-01-01T00:60:00Z": minute out of range"#,
        ),
        (
            "2024-01-01",
            r#"parsing time "2024-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T""#,
        ),
        (
            "2024-1-01T00:00:00Z",
            r#"parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01""#,
        ),
        (
            "2024-01-01t00:00:00Z",
            r#"parsing time "2024-01-01t00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "t00:00:00Z" as "T""#,
        ),
        (
            "2024-01-01T00:00:00",
            r#"parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#,
        ),
        (
            "2024-01-01T00:00:00+25:00",
            r#"parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range"#,
        ),
        (
            "2024-01-01T00:00:00+01:61",
            r#"parsing time "2024-01-01T00:00:00+01:61": time zone offset minute out of range"#,
        ),
        (
            "2024-01-01T00:00:00*01:00",
            r#"parsing time "2024-01-01T00:00:00*01:00" as "2006-01-02T15:04:05Z07:00": cannot parse "*01:00" as "Z07:00""#,
        ),
        (
            "2024-01-01T00:00:00z",
            r#"parsing time "2024-01-01T00:00:00z" as "2006-01-02T15:04:05Z07:00": cannot parse "z" as "Z07:00""#,
        ),
        (
            "20x4-01-01T00:00:00Z",
            r#"parsing time "20x4-01-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "20x4-01-01T00:00:00Z" as "2006""#,
        ),
        (
            "\u{263a}",
            r#"parsing time "\xe2\x98\xba" as "2006-01-02T15:04:05Z07:00": cannot parse "\xe2\x98\xba" as "2006""#,
        ),
    ] {
        assert_eq!(error(value), expect, "{value:?}");
    }
}

#[test]
fn quote_escapes_as_go_does() {
    // format_test.go `TestQuote`.
    for (s, want) in [
        ("\"", r#""\"""#),
        ("abc\"xyz\"", r#""abc\"xyz\"""#),
        ("", r#""""#),
        ("abc", r#""abc""#),
        ("\u{263a}", r#""\xe2\x98\xba""#),
        (
            "\u{263a} hello \u{263a} hello",
            r#""\xe2\x98\xba hello \xe2\x98\xba hello""#,
        ),
        ("\x04", r#""\x04""#),
    ] {
        assert_eq!(quote(s.as_bytes()), want);
    }
}

#[test]
fn fractions_are_truncated_to_nanoseconds() {
    // format_test.go `TestParseFractionalSecondsLongerThanNineDigits`.
    for (s, want) in [
        ("2021-09-29T16:04:33.000000000Z", 0),
        ("2021-09-29T16:04:33.000000001Z", 1),
        ("2021-09-29T16:04:33.100000001Z", 100_000_001),
        ("2021-09-29T16:04:33.012345678Z", 12_345_678),
        ("2021-09-29T16:04:33.0000000001Z", 0),
        ("2021-09-29T16:04:33.1000000009Z", 100_000_000),
        ("2021-09-29T16:04:33.0123456789Z", 12_345_678),
        ("2021-09-29T16:04:33.00123456789Z", 1_234_567),
        ("2021-09-29T16:04:33.000123456789Z", 123_456),
        ("2021-09-29T16:04:33.9999999999999999Z", 999_999_999),
    ] {
        assert_eq!(
            rfc3339(s).map(Timestamp::subsec_nanosecond),
            Ok(want),
            "{s}"
        );
    }
}

#[test]
fn valid_times_are_the_instants_they_name() {
    for (s, second) in [
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T12:34:56Z", 1_709_210_096),
        ("2024-02-29T14:34:56+02:00", 1_709_210_096),
        ("2024-02-29T07:34:56-05:00", 1_709_210_096),
        // Go's `parse` takes a one-digit hour (only `parseStrictRFC3339` refuses it) and a
        // comma before the fraction.
        ("2024-02-29T9:00:00Z", 1_709_197_200),
        ("2024-02-29T09:00:00,5Z", 1_709_197_200),
        ("0000-01-01T00:00:00Z", -62_167_219_200),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("1969-12-31T23:59:59Z", -1),
    ] {
        assert_eq!(rfc3339(s).map(Timestamp::as_second), Ok(second), "{s}");
    }
}
