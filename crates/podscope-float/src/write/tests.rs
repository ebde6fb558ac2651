//! The writers against `format!`, their model: the same text for every mode on edge cases,
//! ties, seeded random bit patterns and short decimals (`PODSCOPE_FLOAT_CASES=N` for more).

use super::{debug, display, display_f32, fixed, lower_exp, lower_exp_fixed};
use crate::tests::Rng;

/// A tenth of the parser's cases: each is five modes of three values.
fn cases() -> u64 {
    crate::tests::cases() / 10
}

/// Every mode of `v` as core writes it against ours; the first difference.
fn same64(v: f64, frac: usize) -> Result<(), String> {
    let pairs = [
        ("{}", format!("{v}"), display(v)),
        ("{:?}", format!("{v:?}"), debug(v)),
        ("{:e}", format!("{v:e}"), lower_exp(v)),
        ("{:.N}", format!("{v:.frac$}"), fixed(v, frac)),
        ("{:.Ne}", format!("{v:.frac$e}"), lower_exp_fixed(v, frac)),
    ];
    match pairs.into_iter().find(|(_, std, ours)| std != ours) {
        None => Ok(()),
        Some((mode, std, ours)) => Err(format!(
            "{:#018x} {mode} N={frac}: std {std}, ours {ours}",
            v.to_bits()
        )),
    }
}

fn same32(v: f32, frac: usize) -> Result<(), String> {
    let (std, ours) = (format!("{v}"), display_f32(v));
    let (std_fixed, ours_fixed) = (format!("{v:.frac$}"), fixed(f64::from(v), frac));
    if std == ours && std_fixed == ours_fixed {
        Ok(())
    } else {
        Err(format!(
            "{:#010x} N={frac}: std {std} {std_fixed}, ours {ours} {ours_fixed}",
            v.to_bits()
        ))
    }
}

fn check(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} differ, the first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

#[test]
fn edge_cases_write_as_core_writes_them() {
    let mut values = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.5,
        1.5,
        2.5,
        0.05,
        0.25,
        0.125,
        9.95,
        99.5,
        0.999_999_9,
        123_456.789,
        1e-4,
        9.999e-5,
        1e-7,
        1.5e-7,
        1e15,
        1e16,
        9_007_199_254_740_993.0,
        1e21,
        1e22,
        1e23,
        1.7976931348623157e308,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        5e-324,
        2.225_073_858_507_201e-308,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for e in -1074..=1023 {
        values.push(2f64.powi(e));
    }
    for e in -320..=308 {
        values.push(format!("1e{e}").parse().unwrap_or(0.0));
    }
    let mut failures = Vec::new();
    for &v in &values {
        for frac in [0, 1, 2, 3, 6, 17, 20] {
            failures.extend(same64(v, frac).err());
        }
    }
    for v in [
        0.0f32,
        -0.0,
        0.1,
        16.0,
        30.5,
        93.6,
        1e-45,
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::EPSILON,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ] {
        for frac in [0, 1, 2, 9] {
            failures.extend(same32(v, frac).err());
        }
    }
    check(failures);
}

/// Values whose exact decimal ends in a 5 at the rounding place: `{:.N}` rounds them to even.
#[test]
fn ties_round_to_even_as_core_rounds_them() {
    let mut failures = Vec::new();
    for k in 0..4096u32 {
        let v = f64::from(k) / 64.0;
        for frac in 0..7 {
            failures.extend(same64(v, frac).err());
            failures.extend(same64(-v, frac).err());
        }
    }
    check(failures);
}

#[test]
fn random_bit_patterns_write_as_core_writes_them() {
    let mut rng = Rng(0x5EED_F10A_7000_0001);
    let mut failures = Vec::new();
    for _ in 0..cases() {
        let frac = rng.below(12) as usize;
        failures.extend(same64(f64::from_bits(rng.next()), frac).err());
        // Moderate exponents, where the shortest digits and the exact rounding meet the
        // precisions pages use.
        let bits = rng.next() & !(0x7ff << 52) | (1003 + rng.below(80)) << 52;
        failures.extend(same64(f64::from_bits(bits), frac).err());
        failures.extend(same32(f32::from_bits(rng.next() as u32), frac).err());
    }
    check(failures);
}

/// Short decimal texts read as floats (`0.3`, `72.45`, `1.005e-3`): the values people write,
/// near their own digits, where shortest and exact modes are most often asked.
#[test]
fn short_decimals_write_as_core_writes_them() {
    let mut rng = Rng(0x5EED_F10A_7000_0002);
    let mut failures = Vec::new();
    for _ in 0..cases() {
        let len = 1 + rng.below(9) as u32;
        let digits = rng.below(10u64.pow(len));
        let exp = rng.below(30) as i32 - 15;
        let frac = rng.below(8) as usize;
        let v: f64 = format!("{digits}e{exp}").parse().unwrap_or(0.0);
        failures.extend(same64(v, frac).err());
        failures.extend(same32(v as f32, frac).err());
    }
    check(failures);
}
