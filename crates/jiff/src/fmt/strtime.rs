//! `jiff::fmt::strtime::format` for the directives k8s-openapi prints times with
//! (`%Y-%m-%dT%H:%M:%SZ` for `Time`, `%Y-%m-%dT%H:%M:%S%.6fZ` for `MicroTime`), in UTC.

use crate::civil::{Civil, year};
use crate::{Error, Timestamp};

/// `time` in UTC by `format`'s directives: `%Y %m %d %H %M %S`, `%.Nf` (a point and N
/// digits of the fraction, truncated), `%%`. Any other directive is an error, as an unknown
/// one is in jiff.
pub fn format(format: impl AsRef<[u8]>, time: Timestamp) -> Result<String, Error> {
    let c = Civil::of(time);
    let mut out = String::new();
    let mut rest = format.as_ref();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b != b'%' {
            out.push(char::from(b));
            continue;
        }
        let (directive, tail) = match rest {
            [b'.', n @ b'1'..=b'9', b'f', tail @ ..] => (Directive::Fraction(n - b'0'), tail),
            [d, tail @ ..] => (Directive::Plain(*d), tail),
            [] => return Err(Error::new("strftime: format ends with `%`".to_owned())),
        };
        rest = tail;
        match directive {
            Directive::Plain(b'Y') => out.push_str(&year(c.year)),
            Directive::Plain(b'm') => out.push_str(&format!("{:02}", c.month)),
            Directive::Plain(b'd') => out.push_str(&format!("{:02}", c.day)),
            Directive::Plain(b'H') => out.push_str(&format!("{:02}", c.hour)),
            Directive::Plain(b'M') => out.push_str(&format!("{:02}", c.minute)),
            Directive::Plain(b'S') => out.push_str(&format!("{:02}", c.second)),
            Directive::Plain(b'%') => out.push('%'),
            Directive::Fraction(width) => {
                let digits = format!("{:09}", time.subsec_nanosecond());
                out.push('.');
                out.push_str(digits.get(..usize::from(width)).unwrap_or(&digits));
            }
            Directive::Plain(other) => {
                return Err(Error::new(format!(
                    "strftime: the directive `%{}` is not supported",
                    char::from(other)
                )));
            }
        }
    }
    Ok(out)
}

enum Directive {
    Plain(u8),
    /// `%.Nf`.
    Fraction(u8),
}

#[cfg(test)]
mod tests;
