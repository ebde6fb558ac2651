//! The parser against `str::parse::<f64>`, its model: the same value (bit for bit, the sign
//! of zero and of NaN included) or the same refusal, on edge cases and seeded random texts.

use super::parse;

fn same(s: &str) -> Result<(), String> {
    let theirs = s.parse::<f64>().ok();
    let ours = parse(s);
    let bits = |v: Option<f64>| {
        v.map(|f| {
            if f.is_nan() {
                u64::from(f.is_sign_negative())
            } else {
                f.to_bits()
            }
        })
    };
    if bits(ours) == bits(theirs) {
        Ok(())
    } else {
        Err(format!("{s:?}: ours {ours:?}, std {theirs:?}"))
    }
}

/// xorshift64*, seeded: the same texts on every run.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(crate) fn cases() -> u64 {
    std::env::var("PODSCOPE_FLOAT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000)
}

#[test]
fn edge_cases_read_as_std_reads_them() {
    let texts = [
        "0",
        "-0",
        "+0",
        "0.0",
        ".5",
        "5.",
        ".",
        "",
        "+",
        "-",
        "e5",
        "1e",
        "1e+",
        "1e-5",
        "1E5",
        "1.5e+3",
        "inf",
        "-inf",
        "+Infinity",
        "INFINITY",
        "infinit",
        "nan",
        "-nan",
        "NaN",
        "+nAn",
        " 1",
        "1 ",
        "1_000",
        "0x10",
        "1.2.3",
        "--1",
        "1e1e1",
        "00012.3400",
        "0.000001",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e309",
        "2.2250738585072014e-308",
        "2.2250738585072011e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e-400",
        "1e99999999999999999999",
        "0e99999999999",
        "9007199254740993",
        "9007199254740992.5",
        "123456789012345678901234567890",
        "0.1",
        "0.2",
        "0.3",
        "3.14159",
        "1e22",
        "1e23",
        "8.98846567431158e307",
        "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516529523908135087914149158913039621106870086438694594645527657207407820621743379988141063267329253552286881372149012981122451451889849057222307285255133155755015914397476397983411801999323962548289017107081850690630666655994938275772572015763062690663332647565300009245888316433037779791869612049497390377829704905051080609940730262937128958950003583799967207254304360284078895771796150945516748243471030702609144621572289880258182545180325707018860872113128079512233426288368622321503775666622503982534335974568884423900265498198385487948292206894721689831099698365846814022854243330660339850886445804001034933970427567186443383770486037861622771738545623065874679014086723327636718749999999999999999999999999999999999999e-308",
    ];
    for s in texts {
        same(s).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn random_decimals_read_as_std_reads_them() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut differ = Vec::new();
    for _ in 0..cases() {
        let mut s = String::new();
        match rng.below(3) {
            // An f64's own shortest or long form, cut and nudged.
            0 => {
                let f = f64::from_bits(rng.next());
                if !f.is_finite() {
                    continue;
                }
                let precision = rng.below(40) as usize;
                s = format!("{f:.precision$e}");
                if rng.below(2) == 0 {
                    s.insert(
                        s.find('e').unwrap_or(s.len()),
                        char::from(b'0' + rng.below(10) as u8),
                    );
                }
            }
            // Random digits, point and exponent.
            1 => {
                if rng.below(4) == 0 {
                    s.push('-');
                }
                for _ in 0..1 + rng.below(30) {
                    s.push(char::from(b'0' + rng.below(10) as u8));
                }
                if rng.below(2) == 0 {
                    s.insert(rng.below(s.len() as u64 + 1) as usize, '.');
                }
                if rng.below(2) == 0 {
                    s.push_str(&format!("e{}", rng.below(700) as i64 - 350));
                }
            }
            // Text from the grammar's alphabet.
            _ => {
                let alphabet = b"0123456789.eE+-infatyINFATY_ ";
                for _ in 0..rng.below(8) {
                    s.push(char::from(
                        alphabet[rng.below(alphabet.len() as u64) as usize],
                    ));
                }
            }
        }
        if let Err(e) = same(&s) {
            differ.push(e);
        }
    }
    assert!(
        differ.is_empty(),
        "{} differ; the first: {}",
        differ.len(),
        differ[0]
    );
}

/// `n × mul^times` in decimal, exactly (limbs of nine digits, least significant first).
fn decimal(n: u64, mul: u32, times: u64) -> String {
    let mut limbs: Vec<u64> = vec![
        n % 1_000_000_000,
        n / 1_000_000_000 % 1_000_000_000,
        n / 1_000_000_000_000_000_000,
    ];
    for _ in 0..times {
        let mut carry = 0;
        for l in &mut limbs {
            let v = *l * u64::from(mul) + carry;
            *l = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry != 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = limbs.last().map(u64::to_string).unwrap_or_default();
    for l in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{l:09}"));
    }
    out
}

/// The exact decimal midpoint between the positive finite `f` and the next double up, as
/// `DIGITSeEXP`: `(2m + 1) × 2^(e - 1)` for `f = m × 2^e`.
fn midpoint(f: f64) -> (String, i64) {
    let bits = f.to_bits();
    let (field, frac) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
    let (m, e) = if field == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, field - 1075)
    };
    let (n, k) = (2 * m + 1, e - 1);
    if k >= 0 {
        (decimal(n, 2, k as u64), 0)
    } else {
        (decimal(n, 5, k.unsigned_abs()), k)
    }
}

/// Exactly halfway between two neighbouring doubles (a tie, which goes to the even one), and
/// a hair above and below it.
#[test]
fn ties_and_near_ties_round_as_std_rounds_them() {
    let mut rng = Rng(42);
    for _ in 0..cases() / 50 {
        let f = f64::from_bits(rng.next() >> 1);
        if !f.is_finite() || f == f64::MAX {
            continue;
        }
        let (digits, exp) = midpoint(f);
        // `(2m + 1) × 5^j` is odd and ends in 5 (or, times 2^k, is exact and even: no "below").
        let below = match digits.strip_suffix('5') {
            Some(head) if exp < 0 => Some(format!("{head}49999999999e{}", exp - 10)),
            _ => None,
        };
        let above = format!("{digits}00000000001e{}", exp - 11);
        for s in [Some(format!("{digits}e{exp}")), Some(above), below]
            .into_iter()
            .flatten()
        {
            same(&s).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
