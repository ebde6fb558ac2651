//! podscope's stand-in for jiff: the `Timestamp` k8s-openapi's `Time` and `MicroTime` wrap.
//!
//! k8s-openapi 0.29 parses and prints `metav1.Time` with jiff, whose parsers (RFC 3339,
//! RFC 9557 time-zone annotations, ISO 8601, `strptime`) and messages were about 130 KB of
//! the page's wasm (issue 15: no date-parsing library in the wasm unless it pays for itself).
//! The root `Cargo.toml` patches the registry's jiff with this crate, which has only what
//! k8s-openapi calls: [`Timestamp`], its serde `Deserialize`, and [`fmt::strtime::format`]
//! for the two patterns k8s-openapi prints with. Parsing follows what the API server does
//! with a `metav1.Time`: Go's `time.Parse(time.RFC3339, s)` (apimachinery
//! pkg/apis/meta/v1/time.go `UnmarshalJSON`), with Go's error texts (src/time/format.go).

mod civil;
pub mod fmt;
mod parse;
#[cfg(feature = "serde")]
mod serde;

use std::str::FromStr;

/// An instant: seconds and nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    second: i64,
    /// 0..1_000_000_000.
    nanosecond: i32,
}

impl Timestamp {
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        second: 0,
        nanosecond: 0,
    };

    /// The instant `second` seconds after the epoch.
    pub const fn from_second(second: i64) -> Timestamp {
        Timestamp {
            second,
            nanosecond: 0,
        }
    }

    pub const fn as_second(self) -> i64 {
        self.second
    }

    pub const fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }
}

impl FromStr for Timestamp {
    type Err = Error;

    /// Go's `time.Parse(time.RFC3339, s)`.
    fn from_str(s: &str) -> Result<Timestamp, Error> {
        parse::rfc3339(s)
    }
}

/// RFC 3339 in UTC, as jiff prints a `Timestamp`: the fraction only when there is one.
impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = civil::Civil::of(*self);
        write!(
            f,
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}",
            civil::year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second
        )?;
        if self.nanosecond != 0 {
            let digits = format!("{:09}", self.nanosecond);
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl std::fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Why a time did not parse or print: Go's `*time.ParseError` text for a parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    fn new(message: String) -> Error {
        Error { message }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
