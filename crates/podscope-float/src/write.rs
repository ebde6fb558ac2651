//! Floats to decimal text exactly as `format!` writes them: `{}` and `{:?}` (the shortest
//! digits that read back as the same float), `{:e}`, and with a precision `{:.N}` and
//! `{:.Ne}` (the exact value rounded, ties to even). core's own formatting (Grisu with a
//! Dragon4 fallback, `flt2dec`) is 18 KB of code and a 1.3 KB table in the wasm; here one
//! exact decimal expansion (big integers, as the parser's exact path) serves every mode, and
//! the wasm crates format few floats.

use std::cmp::Ordering;

use crate::big::Big;

/// A finite value's magnitude in decimal: `0.d₁d₂…dₙ × 10^point`, each digit 0–9, the first
/// and the last not zero; no digits for zero.
#[derive(Clone)]
struct Digits {
    digits: Vec<u8>,
    point: i32,
}

impl Digits {
    const ZERO: Digits = Digits {
        digits: Vec::new(),
        point: 0,
    };

    /// `mant × 2^exp`, every digit of it (an `f64` has at most 767 significant ones).
    fn exact(mant: u64, exp: i32) -> Digits {
        // mant / 2^k = mant × 5^k / 10^k.
        let shift = exp.min(0);
        let k = exp.unsigned_abs();
        // The diagram's coordinates and most values people write fit in 128 bits this way:
        // no big integer to allocate on the page's render path.
        let small = if exp >= 0 {
            1u128
                .checked_shl(k)
                .and_then(|p| u128::from(mant).checked_mul(p))
        } else {
            5u128
                .checked_pow(k)
                .and_then(|p| u128::from(mant).checked_mul(p))
        };
        let mut digits = match small {
            Some(n) => small_digits(n),
            None => {
                let mut n = Big::from_u64(mant);
                if exp >= 0 {
                    n.shl(u64::from(k));
                } else {
                    n.mul_pow5(u64::from(k));
                }
                n.digits()
            }
        };
        let point = digits.len() as i32 + shift;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Digits { digits, point }
    }

    fn digit(&self, i: i32) -> u8 {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.digits.get(i).copied())
            .unwrap_or(0)
    }

    /// The first `keep` digits (at least one), the rest dropped.
    fn truncate(&self, keep: usize) -> Digits {
        let mut digits = self.digits[..keep.min(self.digits.len())].to_vec();
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Digits {
            digits,
            point: self.point,
        }
    }

    /// The truncation to `keep` digits plus one unit in its last place.
    fn up(&self, keep: usize) -> Digits {
        let mut digits = self.digits[..keep.min(self.digits.len())].to_vec();
        digits.resize(keep, 0);
        while digits.last() == Some(&9) {
            digits.pop();
        }
        match digits.last_mut() {
            Some(d) => {
                *d += 1;
                Digits {
                    digits,
                    point: self.point,
                }
            }
            None => Digits {
                digits: vec![1],
                point: self.point + 1,
            },
        }
    }

    /// How the digits after the first `keep` compare with half a unit of the last kept.
    fn rest(&self, keep: usize) -> Ordering {
        self.digits.get(keep..).unwrap_or_default().cmp(&[5][..])
    }

    /// Rounded to its first `keep` digits, ties to even (core's `format_exact`, which `{:.N}`
    /// and `{:.Ne}` use). With `keep` zero the value is below one unit of the place kept and
    /// rounds to that unit or to zero; below zero it is under half a unit: zero.
    fn round(&self, keep: i32) -> Digits {
        let Ok(k) = usize::try_from(keep) else {
            return Digits::ZERO;
        };
        if k >= self.digits.len() {
            return self.clone();
        }
        let odd = k > 0 && self.digits[k - 1] % 2 == 1;
        match self.rest(k) {
            Ordering::Greater => self.up(k),
            Ordering::Equal if odd => self.up(k),
            _ if k == 0 => Digits::ZERO,
            _ => self.truncate(k),
        }
    }

    /// Both non-zero.
    fn cmp_value(&self, other: &Digits) -> Ordering {
        self.point
            .cmp(&other.point)
            .then_with(|| self.digits.cmp(&other.digits))
    }

    /// `self`, the exact `mant × 2^exp` (mant > 0), in the fewest digits that read back as
    /// it, the nearest such when two do (the one above at a tie): the numbers strictly between
    /// the neighbours' midpoints, or up to them when `mant` is even, since a tie reads as the
    /// even one (core's `format_shortest`).
    fn shortest(self, mant: u64, exp: i32, closer_below: bool) -> Digits {
        let v = self;
        let high = Digits::exact(4 * mant + 2, exp - 2);
        let low = Digits::exact(4 * mant - if closer_below { 1 } else { 2 }, exp - 2);
        let even = mant.is_multiple_of(2);
        let reads_back = |c: &Digits| {
            let (lo, hi) = (c.cmp_value(&low), c.cmp_value(&high));
            (lo == Ordering::Greater || even && lo == Ordering::Equal)
                && (hi == Ordering::Less || even && hi == Ordering::Equal)
        };
        for keep in 1..v.digits.len() {
            let (down, up) = (v.truncate(keep), v.up(keep));
            // Halfway between two that read back (`…717.25` at 17 digits), core takes the
            // one above.
            let nearer_first = if v.rest(keep) == Ordering::Less {
                [down, up]
            } else {
                [up, down]
            };
            if let Some(c) = nearer_first.into_iter().find(|c| reads_back(c)) {
                return c;
            }
        }
        v
    }

    /// Plain notation with `frac` digits after the point (none: no point).
    fn plain(&self, frac: usize) -> String {
        let mut s = String::new();
        if self.point <= 0 {
            s.push('0');
        }
        for i in 0..self.point {
            s.push(char::from(b'0' + self.digit(i)));
        }
        if frac > 0 {
            s.push('.');
            for i in 0..frac as i32 {
                s.push(char::from(b'0' + self.digit(self.point + i)));
            }
        }
        s
    }

    /// Scientific notation, `frac` digits after the first (`d.ddde-7`, `de0` for none).
    fn scientific(&self, frac: usize) -> String {
        let mut s = String::new();
        s.push(char::from(b'0' + self.digit(0)));
        if frac > 0 {
            s.push('.');
            for i in 1..=frac as i32 {
                s.push(char::from(b'0' + self.digit(i)));
            }
        }
        s.push('e');
        let exp = if self.digits.is_empty() {
            0
        } else {
            self.point - 1
        };
        s.push_str(&exp.to_string());
        s
    }

    /// The number of digits after the point that plain notation needs.
    fn fraction_len(&self) -> usize {
        usize::try_from(self.digits.len() as i32 - self.point).unwrap_or(0)
    }
}

/// The decimal digits of `n`, most significant first; none for zero. Three 128-bit divisions
/// by 10^19, the digits from 64-bit words (a 128-bit division is a call in the wasm).
fn small_digits(mut n: u128) -> Vec<u8> {
    const CHUNK: u128 = 10_000_000_000_000_000_000;
    let mut words = [0u64; 3];
    for w in &mut words {
        *w = (n % CHUNK) as u64;
        n /= CHUNK;
    }
    let top = words.iter().rposition(|&w| w != 0).unwrap_or(0);
    let mut out = Vec::with_capacity(19 * (top + 1));
    for (i, &word) in words.iter().enumerate().take(top + 1) {
        let mut w = word;
        // Lower words are 19 digits with their leading zeros; the top one has none.
        while w > 0 || (i < top && out.len() < 19 * (i + 1)) {
            out.push((w % 10) as u8);
            w /= 10;
        }
    }
    out.reverse();
    out
}

/// A finite float's magnitude: `mant × 2^exp`.
#[derive(Clone, Copy)]
struct Finite {
    mant: u64,
    exp: i32,
    /// The next float down is half as far as the next up (a power of two above the least
    /// normal).
    closer_below: bool,
    /// A value whose exact digits are no more than these is its own shortest form: one unit
    /// in its last digit is at least `v × 10^-n`, more than the half `ulp` (at most
    /// `v × 2^-(p+1)` for `p` fraction bits) within which another decimal would read back.
    /// 15 for a normal `f64`, 7 for a normal `f32`, none for a subnormal.
    exact_is_shortest: usize,
}

impl Finite {
    /// The fewest digits that read back as it (`{}`, `{:?}`, `{:e}`).
    fn shortest(self) -> Digits {
        if self.mant == 0 {
            return Digits::ZERO;
        }
        let v = Digits::exact(self.mant, self.exp);
        if v.digits.len() <= self.exact_is_shortest {
            return v;
        }
        v.shortest(self.mant, self.exp, self.closer_below)
    }

    fn exact(self) -> Digits {
        Digits::exact(self.mant, self.exp)
    }
}

/// A float taken apart: its sign and what it is.
enum Kind {
    Nan,
    Infinite,
    Finite(Finite),
}

/// An IEEE 754 binary float's bits: `frac` fraction bits under `exp` exponent bits.
fn decode(bits: u64, frac: u32, exp: u32) -> (bool, Kind) {
    let (e, f) = (
        (bits >> frac & ((1 << exp) - 1)) as i32,
        bits & ((1 << frac) - 1),
    );
    let (max, bias) = ((1 << exp) - 1, (1 << (exp - 1)) - 1 + frac as i32);
    // floor((frac + 1) × log10(2)).
    let sure = (frac as usize + 1) * 30_103 / 100_000;
    let kind = match e {
        _ if e == max && f == 0 => Kind::Infinite,
        _ if e == max => Kind::Nan,
        0 => Kind::Finite(Finite {
            mant: f,
            exp: 1 - bias,
            closer_below: false,
            exact_is_shortest: 0,
        }),
        _ => Kind::Finite(Finite {
            mant: f | 1 << frac,
            exp: e - bias,
            closer_below: f == 0 && e > 1,
            exact_is_shortest: sure,
        }),
    };
    (bits >> (frac + exp) & 1 == 1, kind)
}

fn decode64(v: f64) -> (bool, Kind) {
    decode(v.to_bits(), 52, 11)
}

fn decode32(v: f32) -> (bool, Kind) {
    decode(u64::from(v.to_bits()), 23, 8)
}

/// core's sign and special values around the digits `finite` writes.
fn write((negative, kind): (bool, Kind), finite: impl FnOnce(Finite) -> String) -> String {
    let body = match kind {
        Kind::Nan => return "NaN".to_owned(),
        Kind::Infinite => "inf".to_owned(),
        Kind::Finite(f) => finite(f),
    };
    if negative { format!("-{body}") } else { body }
}

/// Plain notation with every fraction digit the shortest form has (`{}`).
fn plain_shortest(f: Finite) -> String {
    let d = f.shortest();
    d.plain(d.fraction_len())
}

/// `format!("{v}")`: the shortest digits in plain notation (`0.0000001`, `1e21` as 22 digits).
pub fn display(v: f64) -> String {
    write(decode64(v), plain_shortest)
}

/// `format!("{v}")` of an `f32`: the shortest digits that read back as the same `f32`.
pub fn display_f32(v: f32) -> String {
    write(decode32(v), plain_shortest)
}

/// `format!("{v:?}")`: as `{}` with at least one fraction digit (`1.0`), or as `{:e}` below
/// 1e-4 and from 1e16 on (core's `float_to_general_debug`).
pub fn debug(v: f64) -> String {
    let a = v.abs();
    if a.is_finite() && (a != 0.0 && a < 1e-4 || a >= 1e16) {
        return lower_exp(v);
    }
    write(decode64(v), |f| {
        let d = f.shortest();
        d.plain(d.fraction_len().max(1))
    })
}

/// `format!("{v:e}")`: the shortest digits in scientific notation (`1.5e6`, `1e-7`, `0e0`).
pub fn lower_exp(v: f64) -> String {
    write(decode64(v), |f| {
        let d = f.shortest();
        d.scientific(d.digits.len().saturating_sub(1))
    })
}

/// `format!("{v:.frac$}")`: the exact value rounded to `frac` fraction digits, ties to even.
/// An `f32` widened to `f64` has the same exact value, so this is its `{:.N}` too.
pub fn fixed(v: f64, frac: usize) -> String {
    write(decode64(v), |f| {
        let d = f.exact();
        d.round(d.point + frac as i32).plain(frac)
    })
}

/// `format!("{v:.frac$e}")`: the exact value rounded to `frac + 1` significant digits, ties to
/// even, in scientific notation.
pub fn lower_exp_fixed(v: f64, frac: usize) -> String {
    write(decode64(v), |f| {
        f.exact().round(frac as i32 + 1).scientific(frac)
    })
}

#[cfg(test)]
mod tests;
