//! Go's `time.Parse(time.RFC3339, value)`: src/time/format.go `parse` walked over the one
//! layout `metav1.Time.UnmarshalJSON` uses, with `skip`, `getnum`, `atoi`,
//! `parseNanoseconds`, `quote` and `ParseError.Error`. (`Parse` tries the strict
//! `parseRFC3339` first; it accepts a subset of what `parse` accepts, with the same result.)

use crate::civil::{days_from_civil, days_in};
use crate::{Error, Timestamp};

/// `time.RFC3339`.
const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// The layout's elements, as `nextStdChunk` splits it.
#[derive(Clone, Copy)]
enum Std {
    LongYear,
    ZeroMonth,
    ZeroDay,
    Hour,
    ZeroMinute,
    ZeroSecond,
    Iso8601ColonTz,
}

/// (literal prefix, element, the element's text in the layout).
const CHUNKS: [(&str, Std, &str); 7] = [
    ("", Std::LongYear, "2006"),
    ("-", Std::ZeroMonth, "01"),
    ("-", Std::ZeroDay, "02"),
    ("T", Std::Hour, "15"),
    (":", Std::ZeroMinute, "04"),
    (":", Std::ZeroSecond, "05"),
    ("", Std::Iso8601ColonTz, "Z07:00"),
];

/// What one element read, or why not.
enum Fail {
    /// `errBad`: "cannot parse <hold> as <element>".
    Bad,
    /// A number out of its range: "<what> out of range".
    Range(&'static str),
}

pub(crate) fn rfc3339(input: &str) -> Result<Timestamp, Error> {
    let whole = input.as_bytes();
    let mut value = whole;
    let mut t = Fields::default();
    for (prefix, std, text) in CHUNKS {
        value = match skip(value, prefix) {
            Ok(rest) => rest,
            Err(rest) => return Err(cannot_parse(whole, rest, prefix)),
        };
        let hold = value;
        match element(std, value, &mut t) {
            Ok(rest) => value = rest,
            Err(Fail::Range(what)) => {
                return Err(message(whole, &format!(": {what} out of range")));
            }
            Err(Fail::Bad) => return Err(cannot_parse(whole, hold, text)),
        }
    }
    if !value.is_empty() {
        return Err(message(whole, &format!(": extra text: {}", quote(value))));
    }
    if t.day < 1 || t.day > days_in(t.month, t.year) {
        return Err(message(whole, ": day out of range"));
    }
    let days = days_from_civil(t.year, t.month, t.day);
    Ok(Timestamp {
        second: days * 86_400 + t.hour * 3600 + t.minute * 60 + t.second - t.offset,
        nanosecond: t.nanosecond,
    })
}

/// The fields read so far (`parse`'s locals).
#[derive(Default)]
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanosecond: i32,
    /// East of UTC, in seconds.
    offset: i64,
}

/// One element of the layout at the start of `value`; the rest of the value after it.
fn element<'a>(std: Std, value: &'a [u8], t: &mut Fields) -> Result<&'a [u8], Fail> {
    match std {
        Std::LongYear => {
            if value.len() < 4 || !is_digit(value, 0) {
                return Err(Fail::Bad);
            }
            let (p, rest) = value.split_at(4);
            t.year = atoi(p).ok_or(Fail::Bad)?;
            Ok(rest)
        }
        Std::ZeroMonth => {
            let (month, rest) = getnum(value, true).ok_or(Fail::Bad)?;
            if !(1..=12).contains(&month) {
                return Err(Fail::Range("month"));
            }
            t.month = month;
            Ok(rest)
        }
        // Any one- or two-digit day; checked against the month at the end.
        Std::ZeroDay => {
            let (day, rest) = getnum(value, true).ok_or(Fail::Bad)?;
            t.day = day;
            Ok(rest)
        }
        Std::Hour => {
            let (hour, rest) = getnum(value, false).ok_or(Fail::Bad)?;
            if hour >= 24 {
                return Err(Fail::Range("hour"));
            }
            t.hour = hour;
            Ok(rest)
        }
        Std::ZeroMinute => {
            let (minute, rest) = getnum(value, true).ok_or(Fail::Bad)?;
            if minute >= 60 {
                return Err(Fail::Range("minute"));
            }
            t.minute = minute;
            Ok(rest)
        }
        Std::ZeroSecond => {
            let (second, mut rest) = getnum(value, true).ok_or(Fail::Bad)?;
            if second >= 60 {
                return Err(Fail::Range("second"));
            }
            t.second = second;
            // A fractional second the layout does not have: a comma or a period, then a
            // maximal run of digits, truncated to nanoseconds.
            if rest.len() >= 2 && matches!(rest.first(), Some(b'.' | b',')) && is_digit(rest, 1) {
                let mut n = 2;
                while n < rest.len() && is_digit(rest, n) {
                    n += 1;
                }
                t.nanosecond = nanoseconds(rest.get(1..n.min(10)).unwrap_or_default());
                rest = rest.get(n..).unwrap_or_default();
            }
            Ok(rest)
        }
        Std::Iso8601ColonTz => {
            if let Some(rest) = value.strip_prefix(b"Z") {
                t.offset = 0;
                return Ok(rest);
            }
            if value.len() < 6 || value.get(3) != Some(&b':') {
                return Err(Fail::Bad);
            }
            let (sign, hour, minute, rest) = (value[0], &value[1..3], &value[4..6], &value[6..]);
            let hr = getnum(hour, true).map(|(n, _)| n);
            let mm = hr.and_then(|_| getnum(minute, true).map(|(n, _)| n));
            // `>` rather than `>=`: some write offsets of 24 hours or 60 minutes.
            if mm.unwrap_or(0) > 60 {
                return Err(Fail::Range("time zone offset minute"));
            }
            if hr.unwrap_or(0) > 24 {
                return Err(Fail::Range("time zone offset hour"));
            }
            let (Some(hr), Some(mm)) = (hr, mm) else {
                return Err(Fail::Bad);
            };
            t.offset = match sign {
                b'+' => (hr * 60 + mm) * 60,
                b'-' => -(hr * 60 + mm) * 60,
                _ => return Err(Fail::Bad),
            };
            Ok(rest)
        }
    }
}

/// `skip`: the value after the literal `prefix`, or the value where it stopped matching
/// (the layout has no spaces, so Go's space folding does not arise).
fn skip<'a>(value: &'a [u8], prefix: &str) -> Result<&'a [u8], &'a [u8]> {
    value.strip_prefix(prefix.as_bytes()).ok_or(value)
}

/// `isDigit`.
fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// `getnum`: one or two digits (`fixed`: exactly two), and the rest.
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let first = i64::from(s.first().filter(|c| c.is_ascii_digit())? - b'0');
    match s.get(1).filter(|c| c.is_ascii_digit()) {
        Some(second) => Some((first * 10 + i64::from(second - b'0'), s.get(2..)?)),
        None if fixed => None,
        None => Some((first, s.get(1..)?)),
    }
}

/// `atoi` of four bytes that start with a digit: all of them must be digits.
fn atoi(s: &[u8]) -> Option<i64> {
    s.iter().try_fold(0i64, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })
}

/// `parseNanoseconds` of at most nine digits (Go keeps the first nine after the point).
fn nanoseconds(digits: &[u8]) -> i32 {
    let mut ns = digits
        .iter()
        .fold(0i32, |n, c| n * 10 + i32::from(c - b'0'));
    for _ in digits.len()..9 {
        ns *= 10;
    }
    ns
}

/// `ParseError.Error()` without a message: the element that did not parse.
fn cannot_parse(value: &[u8], elem: &[u8], layout_elem: &str) -> Error {
    Error::new(format!(
        "parsing time {} as {}: cannot parse {} as {}",
        quote(value),
        quote(LAYOUT.as_bytes()),
        quote(elem),
        quote(layout_elem.as_bytes())
    ))
}

/// `ParseError.Error()` with a message.
fn message(value: &[u8], message: &str) -> Error {
    Error::new(format!("parsing time {}{message}", quote(value)))
}

/// time's `quote`: in double quotes, `"` and `\` escaped, every byte of a non-ASCII or
/// control character as `\xhh`.
fn quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        if !(b' '..0x80).contains(&b) {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            if b == b'"' || b == b'\\' {
                out.push('\\');
            }
            out.push(char::from(b));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
