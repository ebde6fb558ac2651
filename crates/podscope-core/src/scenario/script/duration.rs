//! Durations as Go and kubectl write them (`500ms`, `90s`, `1m30s`, `2h`): Go's
//! `time.ParseDuration` rules, on podscope's millisecond clock.
//!
//! Models golang/go src/time/format.go `ParseDuration` (with `leadingInt`, `leadingFraction`
//! and `quote`); the printed form is `SimDuration`'s `Display`, Go's `Duration.String()`.

use std::fmt;

use crate::model::time::SimDuration;

const NANOS_PER_MILLI: u64 = 1_000_000;

/// The units Go accepts and their length in nanoseconds (format.go `unitMap`).
const UNITS: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("\u{00b5}s", 1_000), // U+00B5 micro sign
    ("\u{03bc}s", 1_000), // U+03BC Greek small letter mu
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Why a duration did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Go: `time: invalid duration "…"` (no digits, a stray character, or overflow).
    Invalid { text: String },
    /// Go: `time: missing unit in duration "…"`.
    MissingUnit { text: String },
    /// Go: `time: unknown unit "…" in duration "…"`.
    UnknownUnit { unit: String, text: String },
    /// Valid in Go, but before the moment the manifest is applied.
    Negative { text: String },
    /// Valid in Go, but finer than podscope's clock, which counts whole milliseconds.
    SubMillisecond { text: String },
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Invalid { text } => {
                write!(f, "time: invalid duration {}", go_quote(text))
            }
            DurationError::MissingUnit { text } => {
                write!(f, "time: missing unit in duration {}", go_quote(text))
            }
            DurationError::UnknownUnit { unit, text } => write!(
                f,
                "time: unknown unit {} in duration {}",
                go_quote(unit),
                go_quote(text)
            ),
            DurationError::Negative { text } => write!(
                f,
                "duration {} is negative; times count from the moment the manifest is applied",
                go_quote(text)
            ),
            DurationError::SubMillisecond { text } => write!(
                f,
                "duration {} is not a whole number of milliseconds; the simulated clock counts milliseconds",
                go_quote(text)
            ),
        }
    }
}

impl std::error::Error for DurationError {}

/// Parses a Go duration (`[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`) into simulated time.
/// Negative durations and fractions of a millisecond are refused.
pub fn parse(text: &str) -> Result<SimDuration, DurationError> {
    let invalid = || DurationError::Invalid {
        text: text.to_owned(),
    };
    let mut s = text.as_bytes();
    let mut negative = false;
    if let Some((&c, rest)) = s.split_first()
        && (c == b'-' || c == b'+')
    {
        negative = c == b'-';
        s = rest;
    }
    // Special case: all that is left is "0".
    if s == b"0" {
        return Ok(SimDuration::ZERO);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        // The next character must be [0-9.].
        if !s.first().is_some_and(|c| *c == b'.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let (whole, rest) = leading_int(s).ok_or_else(invalid)?;
        let had_whole = rest.len() != s.len();
        s = rest;
        let (mut frac, mut scale, mut had_frac) = (0u64, 1f64, false);
        if let Some((b'.', rest)) = s.split_first() {
            let (f, sc, rest2) = leading_fraction(rest);
            had_frac = rest2.len() != rest.len();
            (frac, scale, s) = (f, sc, rest2);
        }
        if !had_whole && !had_frac {
            // No digits (e.g. ".s").
            return Err(invalid());
        }
        let unit_len = s
            .iter()
            .position(|c| *c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(DurationError::MissingUnit {
                text: text.to_owned(),
            });
        }
        let (unit, rest) = s.split_at(unit_len);
        s = rest;
        let Some(&(_, nanos)) = UNITS.iter().find(|(u, _)| u.as_bytes() == unit) else {
            return Err(DurationError::UnknownUnit {
                unit: String::from_utf8_lossy(unit).into_owned(),
                text: text.to_owned(),
            });
        };
        const LIMIT: u64 = 1 << 63;
        if whole > LIMIT / nanos {
            return Err(invalid());
        }
        let mut v = whole * nanos;
        if frac > 0 {
            // Go computes the fraction in float64, which is exact for the fractions the
            // millisecond clock prints (at most three digits).
            let part = (frac as f64 * (nanos as f64 / scale)) as u64;
            v = v.checked_add(part).ok_or_else(invalid)?;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total = total.checked_add(v).ok_or_else(invalid)?;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        if total == 0 {
            return Ok(SimDuration::ZERO);
        }
        return Err(DurationError::Negative {
            text: text.to_owned(),
        });
    }
    if total > LIMIT_POSITIVE {
        return Err(invalid());
    }
    if !total.is_multiple_of(NANOS_PER_MILLI) {
        return Err(DurationError::SubMillisecond {
            text: text.to_owned(),
        });
    }
    Ok(SimDuration::from_millis(total / NANOS_PER_MILLI))
}

/// The largest positive Go duration, 1<<63 - 1 nanoseconds.
const LIMIT_POSITIVE: u64 = (1 << 63) - 1;

/// Consumes the leading `[0-9]*`; `None` on overflow (format.go `leadingInt`).
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while let Some(c) = s.get(i).filter(|c| c.is_ascii_digit()) {
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(c - b'0');
        if x > 1 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, s.get(i..).unwrap_or_default()))
}

/// Consumes the leading `[0-9]*` after a period; past 63 bits it stops accumulating precision
/// instead of failing (format.go `leadingFraction`).
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    let mut i = 0;
    while let Some(c) = s.get(i).filter(|c| c.is_ascii_digit()) {
        i += 1;
        if overflow {
            continue;
        }
        if x > ((1 << 63) - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > 1 << 63 {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, s.get(i..).unwrap_or_default())
}

/// Quotes like format.go `quote`: bytes of non-ASCII or control characters as `\xNN`, `"` and
/// `\` escaped.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if !c.is_ascii() || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ms(s: &str) -> u64 {
        parse(s).unwrap().as_millis()
    }

    #[test]
    fn go_forms() {
        assert_eq!(ms("0"), 0);
        assert_eq!(ms("+0"), 0);
        assert_eq!(ms("-0"), 0);
        assert_eq!(ms("0s"), 0);
        assert_eq!(ms("500ms"), 500);
        assert_eq!(ms("90s"), 90_000);
        assert_eq!(ms("1m"), 60_000);
        assert_eq!(ms("1m30s"), 90_000);
        assert_eq!(ms("2h"), 7_200_000);
        assert_eq!(ms("1h2m3.5s"), 3_723_500);
        assert_eq!(ms("1.5h"), 5_400_000);
        assert_eq!(ms(".5s"), 500);
        assert_eq!(ms("5.s"), 5_000);
        assert_eq!(ms("+5s"), 5_000);
        assert_eq!(ms("1s1s"), 2_000);
        assert_eq!(ms("1000000us"), 1_000);
        assert_eq!(ms("2000\u{00b5}s"), 2);
        assert_eq!(ms("3000000ns"), 3);
        assert_eq!(ms("0.001s"), 1);
    }

    #[test]
    fn go_errors_and_their_texts() {
        let err = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(err(""), r#"time: invalid duration """#);
        assert_eq!(err("s"), r#"time: invalid duration "s""#);
        assert_eq!(err(".s"), r#"time: invalid duration ".s""#);
        assert_eq!(err("1"), r#"time: missing unit in duration "1""#);
        assert_eq!(err("1m2"), r#"time: missing unit in duration "1m2""#);
        assert_eq!(err("3d"), r#"time: unknown unit "d" in duration "3d""#);
        assert_eq!(
            err("1é"),
            r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#
        );
        assert_eq!(
            err("9999999999999999999h"),
            r#"time: invalid duration "9999999999999999999h""#
        );
        assert_eq!(err("3000000h"), r#"time: invalid duration "3000000h""#);
        assert!(err("-5s").contains("negative"));
        assert!(err("1500us").contains("whole number of milliseconds"));
    }

    #[test]
    fn prints_back_in_go_form() {
        for (text, printed) in [
            ("90s", "1m30s"),
            ("500ms", "500ms"),
            ("2h", "2h0m0s"),
            ("1h2m3.5s", "1h2m3.5s"),
            ("0", "0s"),
            ("1.25s", "1.25s"),
        ] {
            let d = parse(text).unwrap();
            assert_eq!(d.to_string(), printed);
            assert_eq!(parse(printed).unwrap(), d);
        }
    }
}
