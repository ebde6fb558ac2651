//! Decimal text to `f64` exactly as `str::parse::<f64>` reads it: the same grammar, the same
//! correctly rounded value. core's own parser carries the Eisel-Lemire table
//! (`POWER_OF_FIVE_128`, 10 KB that gzip cannot shrink) into the wasm for every caller; here
//! Clinger's fast path takes short numbers and exact big-integer arithmetic the rest, which
//! in podscope (YAML scalars, printf, jsonpath) are rare. The other way, floats to text as
//! `format!` writes them, is `write`'s.

mod big;
mod write;

use big::Big;
pub use write::{debug, display, display_f32, fixed, lower_exp, lower_exp_fixed};

/// At most this many significant digits are kept; any non-zero digit dropped beyond them is
/// a `1` after them. An `f64` halfway point has at most 767 significant digits, so rounding
/// never sees the difference.
const MAX_DIGITS: usize = 800;

/// `s.parse::<f64>().ok()`: `[+-]` then `inf`, `infinity` or `nan` in any case, or digits
/// with an optional `.` and fraction (at least one digit in all) and an optional exponent
/// (`e` or `E`, a sign, digits). No spaces, no `_`.
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let value = match special(rest) {
        Some(v) => v,
        None => number(rest)?,
    };
    Some(if negative { -value } else { value })
}

fn special(b: &[u8]) -> Option<f64> {
    if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        Some(f64::INFINITY)
    } else if b.eq_ignore_ascii_case(b"nan") {
        Some(f64::NAN)
    } else {
        None
    }
}

/// A decimal number read: `digits × 10^exp`, the digits without leading or trailing zeros.
struct Decimal {
    digits: Vec<u8>,
    exp: i64,
    /// Non-zero digits were dropped after `MAX_DIGITS`.
    truncated: bool,
}

impl Decimal {
    fn push(&mut self, d: u8, fraction: bool) {
        if self.digits.is_empty() && d == 0 {
            if fraction {
                self.exp -= 1;
            }
            return;
        }
        if self.digits.len() < MAX_DIGITS {
            self.digits.push(d);
            if fraction {
                self.exp -= 1;
            }
            return;
        }
        self.truncated |= d != 0;
        if !fraction {
            self.exp += 1;
        }
    }
}

fn number(b: &[u8]) -> Option<f64> {
    let mut dec = Decimal {
        digits: Vec::new(),
        exp: 0,
        truncated: false,
    };
    let mut i = 0;
    let mut seen = false;
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        dec.push(c - b'0', false);
        seen = true;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            dec.push(c - b'0', true);
            seen = true;
            i += 1;
        }
    }
    if !seen {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        dec.exp += if negative { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    Some(value(dec))
}

/// The `f64` nearest `dec` (ties to even).
fn value(mut dec: Decimal) -> f64 {
    if dec.truncated {
        dec.digits.push(1);
        dec.exp -= 1;
    }
    while dec.digits.last() == Some(&0) {
        dec.digits.pop();
        dec.exp += 1;
    }
    if dec.digits.is_empty() {
        return 0.0;
    }
    let n = dec.digits.len() as i64;
    // value < 10^(n + exp); below 1e-326 is under half the least subnormal, and at or above
    // 1e309 is over the greatest finite value.
    if n + dec.exp < -326 {
        return 0.0;
    }
    if n + dec.exp > 310 {
        return f64::INFINITY;
    }
    if let Some(v) = fast(&dec) {
        return v;
    }
    let m = Big::from_digits(&dec.digits);
    if dec.exp >= 0 {
        let mut whole = m;
        whole.mul_pow10(dec.exp.unsigned_abs());
        return round(&whole, false, 0);
    }
    // m / 10^-exp: a quotient of 55 or 56 bits and whether a remainder is left.
    let mut den = Big::from_digits(&[1]);
    den.mul_pow10(dec.exp.unsigned_abs());
    let shift = 55 - (m.bits() as i64 - den.bits() as i64);
    let mut num = m;
    if shift >= 0 {
        num.shl(shift.unsigned_abs());
    } else {
        den.shl(shift.unsigned_abs());
    }
    let mut q = 0u64;
    for bit in (0..58).rev() {
        let mut d = den.clone();
        d.shl(bit);
        if num.sub_if_ge(&d) {
            q |= 1 << bit;
        }
    }
    round(&Big::from_u64(q), !num.is_zero(), -shift)
}

/// Clinger's fast path: up to 15 digits times or over a power of ten up to 10^22, both exact
/// in an `f64`, so one correctly rounded operation.
fn fast(dec: &Decimal) -> Option<f64> {
    if dec.digits.len() > 15 || dec.exp.abs() > 22 {
        return None;
    }
    let m = dec.digits.iter().fold(0u64, |a, &d| a * 10 + u64::from(d)) as f64;
    let p = (0..dec.exp.abs()).fold(1.0f64, |a, _| a * 10.0);
    Some(if dec.exp >= 0 { m * p } else { m / p })
}

/// `n × 2^x`, plus a little more when `sticky` (less than `2^x`, and `n` has at least 55 bits
/// then), rounded to the nearest `f64`, ties to even.
fn round(n: &Big, sticky: bool, x: i64) -> f64 {
    let len = n.bits() as i64;
    let mut e = len - 1 + x;
    if e > 1023 {
        return f64::INFINITY;
    }
    let normal = e >= -1022;
    let drop = if normal { len - 53 } else { -1074 - x };
    let mut m = if drop <= 0 {
        n.low_u64() << drop.unsigned_abs()
    } else {
        let kept = n.shr_u64(drop.unsigned_abs());
        let half = n.bit(drop.unsigned_abs() - 1);
        let below = sticky || n.any_below(drop.unsigned_abs() - 1);
        kept + u64::from(half && (below || kept & 1 == 1))
    };
    if !normal {
        // m ≤ 2^52: a subnormal's bits, or the least normal's when rounding reached it.
        return f64::from_bits(m);
    }
    if m == 1 << 53 {
        m >>= 1;
        e += 1;
        if e > 1023 {
            return f64::INFINITY;
        }
    }
    f64::from_bits(((e + 1023) as u64) << 52 | (m & ((1 << 52) - 1)))
}

#[cfg(test)]
mod tests;
