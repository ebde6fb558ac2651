//! Resource quantities (`100m`, `128Mi`, `1e3`) parsed, rounded and printed as apimachinery does.
//!
//! Models kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go
//! (`parseQuantityString`, `ParseQuantity`, `CanonicalizeBytes`, `MilliValue`, `Value`) and
//! suffix.go (`interpret`). Values are kept exactly, in nano-units, the precision apimachinery
//! rounds every parsed quantity up to; magnitudes beyond 10^28 units saturate (apimachinery
//! keeps them as arbitrary-precision decimals, far past what any node has).

use std::cmp::Ordering;
use std::fmt;

/// `ErrFormatWrong`'s text (quantity.go `splitREString`).
pub const QUANTITY_FORMAT_MESSAGE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANOS_PER_UNIT: i128 = 1_000_000_000;
const NANOS_PER_MILLI: i128 = 1_000_000;
/// Saturation bound of the magnitude in nano-units (10^28 units).
const NANO_CAP: u128 = 10_000_000_000_000_000_000_000_000_000_000_000_000;
/// quantity.go `maxInt64Factors`.
const MAX_INT64_FACTORS: i64 = 18;

/// A parse failure, with apimachinery's error texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// `ErrFormatWrong`: the text is not a number followed by a suffix.
    FormatWrong,
    /// `ErrNumeric`: the number does not parse.
    Numeric,
    /// `ErrSuffix`: the suffix is not one of the known ones.
    Suffix,
}

impl QuantityError {
    pub fn message(self) -> &'static str {
        match self {
            QuantityError::FormatWrong => QUANTITY_FORMAT_MESSAGE,
            QuantityError::Numeric => "unable to parse numeric part of quantity",
            QuantityError::Suffix => "unable to parse quantity's suffix",
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for QuantityError {}

/// How a quantity was written; it decides the canonical form (apimachinery `Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityFormat {
    /// `12e6`.
    DecimalExponent,
    /// `12Mi` (12 * 2^20).
    BinarySi,
    /// `12M` (12 * 10^6), `100m`, plain numbers.
    DecimalSi,
}

/// A parsed quantity. Equality and order compare values, as `Quantity.Cmp` does.
#[derive(Clone, Debug)]
pub struct ParsedQuantity {
    /// The value times 10^9, rounded away from zero (apimachinery rounds to nano precision).
    nanos: i128,
    format: QuantityFormat,
    /// The input text when apimachinery keeps it as the quantity's `String()`.
    text: Option<String>,
}

impl PartialEq for ParsedQuantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for ParsedQuantity {}

impl PartialOrd for ParsedQuantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ParsedQuantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl fmt::Display for ParsedQuantity {
    /// `Quantity.String()`: the input when it was already canonical, else the canonical form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => f.write_str(t),
            None => f.write_str(&self.canonical()),
        }
    }
}

impl ParsedQuantity {
    /// Zero, as `resource.Quantity{}`.
    pub const ZERO: ParsedQuantity = ParsedQuantity {
        nanos: 0,
        format: QuantityFormat::DecimalSi,
        text: None,
    };

    /// Parses a quantity exactly as apimachinery's `ParseQuantity` (no whitespace trimming; see
    /// [`ParsedQuantity::parse_json`] for what decoding a manifest accepts).
    pub fn parse(s: &str) -> Result<ParsedQuantity, QuantityError> {
        parse_quantity(s)
    }

    /// Parses a quantity as decoding an object does: `Quantity.UnmarshalJSON` trims white
    /// space first (quantity.go).
    pub fn parse_json(s: &str) -> Result<ParsedQuantity, QuantityError> {
        parse_quantity(s.trim())
    }

    /// The value in nano-units (exact up to the saturation bound).
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    pub fn is_negative(&self) -> bool {
        self.nanos < 0
    }

    /// `Quantity.Value()`: whole units, rounded up (away from zero), saturated to `i64`.
    pub fn value(&self) -> i64 {
        scaled(self.nanos, NANOS_PER_UNIT)
    }

    /// `Quantity.MilliValue()`: thousandths, rounded up (away from zero), saturated to `i64`.
    pub fn milli_value(&self) -> i64 {
        scaled(self.nanos, NANOS_PER_MILLI)
    }

    /// `Value()` clamped at zero, for byte counts of valid (non-negative) quantities.
    pub fn bytes(&self) -> u64 {
        u64::try_from(self.value()).unwrap_or(0)
    }

    /// `MilliValue()` clamped at zero, for milli-CPU of valid (non-negative) quantities.
    pub fn milli(&self) -> u64 {
        u64::try_from(self.milli_value()).unwrap_or(0)
    }

    /// A quantity built from a nano-unit value (sums of quantities), printed canonically.
    pub(crate) fn from_nanos(nanos: i128, format: QuantityFormat) -> ParsedQuantity {
        ParsedQuantity {
            nanos,
            format,
            text: None,
        }
    }

    /// The canonical form (quantity.go `CanonicalizeBytes`): `1.5` → `1500m`, `1.5Gi` →
    /// `1536Mi`, `1000m` → `1`.
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".to_owned();
        }
        let mut format = self.format;
        if format == QuantityFormat::BinarySi {
            // Values strictly between -1024 and 1024, and fractional ones, print as DecimalSI.
            if self.nanos.unsigned_abs() < 1024 * NANOS_PER_UNIT.unsigned_abs()
                || self.nanos % NANOS_PER_UNIT != 0
            {
                format = QuantityFormat::DecimalSi;
            }
        }
        match format {
            QuantityFormat::BinarySi => {
                // int64Amount.AsCanonicalBase1024Bytes: move factors of 1024 into the suffix.
                let mut amount = self.nanos / NANOS_PER_UNIT;
                let mut exponent = 0usize;
                while amount % 1024 == 0 && exponent < BINARY_SUFFIXES.len() - 1 {
                    amount /= 1024;
                    exponent += 1;
                }
                let suffix = BINARY_SUFFIXES.get(exponent).copied().unwrap_or("");
                format!("{amount}{suffix}")
            }
            QuantityFormat::DecimalSi | QuantityFormat::DecimalExponent => {
                // AsCanonicalBytes: strip factors of ten, then lower the exponent to a multiple
                // of three.
                let mut mantissa = self.nanos;
                let mut exponent: i32 = -9;
                while mantissa % 10 == 0 {
                    mantissa /= 10;
                    exponent += 1;
                }
                while exponent % 3 != 0 {
                    mantissa = mantissa.saturating_mul(10);
                    exponent -= 1;
                }
                let suffix = if format == QuantityFormat::DecimalExponent {
                    if exponent == 0 {
                        String::new()
                    } else {
                        format!("e{exponent}")
                    }
                } else {
                    // suffix.go constructBytes: an exponent without a suffix (above E) prints
                    // none, as upstream ignores the lookup failure.
                    decimal_suffix(exponent).unwrap_or("").to_owned()
                };
                format!("{mantissa}{suffix}")
            }
        }
    }
}

const BINARY_SUFFIXES: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

fn decimal_suffix(exponent: i32) -> Option<&'static str> {
    Some(match exponent {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return None,
    })
}

/// Divides nano-units by `per` rounding away from zero (`AsScaledInt64`'s "round up"), then
/// saturates to `i64`.
fn scaled(nanos: i128, per: i128) -> i64 {
    let mag = nanos.unsigned_abs();
    let per = per.unsigned_abs();
    let q = mag / per + u128::from(!mag.is_multiple_of(per));
    let q = i128::try_from(q).unwrap_or(i128::MAX);
    let v = if nanos < 0 { -q } else { q };
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// suffix.go `suffixHandler.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, QuantityFormat)> {
    let dec = match suffix {
        "" => Some(0),
        "n" => Some(-9),
        "u" => Some(-6),
        "m" => Some(-3),
        "k" => Some(3),
        "M" => Some(6),
        "G" => Some(9),
        "T" => Some(12),
        "P" => Some(15),
        "E" => Some(18),
        _ => None,
    };
    if let Some(e) = dec {
        return Some((10, e, QuantityFormat::DecimalSi));
    }
    let bin = match suffix {
        "Ki" => Some(10),
        "Mi" => Some(20),
        "Gi" => Some(30),
        "Ti" => Some(40),
        "Pi" => Some(50),
        "Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = bin {
        return Some((2, e, QuantityFormat::BinarySi));
    }
    let mut chars = suffix.chars();
    if suffix.len() > 1 && matches!(chars.next(), Some('e' | 'E')) {
        // strconv.ParseInt(suffix[1:], 10, 64), then int32(parsed): Go truncates.
        let parsed: i64 = chars.as_str().parse().ok()?;
        return Some((10, parsed as i32, QuantityFormat::DecimalExponent));
    }
    None
}

/// quantity.go `parseQuantityString` + `ParseQuantity`.
fn parse_quantity(s: &str) -> Result<ParsedQuantity, QuantityError> {
    if s.is_empty() {
        return Err(QuantityError::FormatWrong);
    }
    if s == "0" {
        return Ok(ParsedQuantity {
            nanos: 0,
            format: QuantityFormat::DecimalSi,
            text: Some("0".to_owned()),
        });
    }
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    // Strip leading zeros; only zeros (or only a sign) is the number 0.
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    let (num, denom, suffix) = if pos >= end {
        ("0", "", "")
    } else {
        let num_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        let num = match &s[num_start..pos] {
            "" => "0",
            n => n,
        };
        let mut denom = "";
        if pos < end && b[pos] == b'.' {
            pos += 1;
            let denom_start = pos;
            while pos < end && b[pos].is_ascii_digit() {
                pos += 1;
            }
            denom = &s[denom_start..pos];
        }
        let suffix_start = pos;
        while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
            pos += 1;
        }
        if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
            pos += 1;
        }
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos < end {
            return Err(QuantityError::FormatWrong);
        }
        (num, denom, &s[suffix_start..])
    };

    let (base, exponent, format) = interpret(suffix).ok_or(QuantityError::Suffix)?;

    // Whether apimachinery keeps the input as String(): its fast path, taken when the value
    // fits an int64 at nano scale or coarser, reuses strings already in canonical form.
    let text = fast_path_keeps_text(num, denom, base, exponent, format).then(|| s.to_owned());

    let digits: Vec<u8> = num
        .bytes()
        .chain(denom.bytes())
        .map(|c| c.wrapping_sub(b'0'))
        .collect();
    let denom_len = i64::try_from(denom.len()).unwrap_or(i64::MAX);
    let (bin_exp, dec_exp) = if base == 2 {
        (u32::try_from(exponent).unwrap_or(0), 0i64)
    } else {
        (0, i64::from(exponent))
    };
    // value = digits * 10^(dec_exp - len(denom)) * 2^bin_exp; in nano-units shift by 9 more.
    let shift = dec_exp.saturating_sub(denom_len).saturating_add(9);
    let mut magnitude = magnitude_nanos(&digits, bin_exp, shift);
    if format == QuantityFormat::BinarySi {
        // "The max is just a simple cap": BinarySI values stop at 2^63-1.
        magnitude =
            magnitude.min(u128::from(i64::MAX.unsigned_abs()) * NANOS_PER_UNIT.unsigned_abs());
    }
    let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
    let mut format = format;
    if format == QuantityFormat::BinarySi && magnitude > 0 && magnitude < NANOS_PER_UNIT {
        // ParseQuantity: BinarySI between 0 and 1 becomes DecimalSI.
        format = QuantityFormat::DecimalSi;
    }
    Ok(ParsedQuantity {
        nanos: if positive { magnitude } else { -magnitude },
        format,
        text,
    })
}

/// The fast path of `ParseQuantity` and its "reuse the string if canonical" checks.
fn fast_path_keeps_text(
    num: &str,
    denom: &str,
    base: u32,
    exponent: i32,
    format: QuantityFormat,
) -> bool {
    let digits = i64::try_from(num.len() + denom.len()).unwrap_or(i64::MAX);
    let mut scale: i64 = 0;
    let mut mantissa: i64 = 1;
    let precision = match format {
        QuantityFormat::DecimalExponent | QuantityFormat::DecimalSi => {
            scale = i64::from(exponent);
            MAX_INT64_FACTORS - digits
        }
        QuantityFormat::BinarySi => {
            if exponent >= 0 && denom.is_empty() && base == 2 {
                mantissa = 1i64 << exponent.min(62);
                let num_len = i64::try_from(num.len()).unwrap_or(i64::MAX);
                15 - num_len - i64::from(exponent) * 3 / 10 - 1
            } else {
                -1
            }
        }
    };
    if precision < 0 {
        return false;
    }
    scale -= i64::try_from(denom.len()).unwrap_or(i64::MAX);
    if scale < -9 {
        return false;
    }
    let shifted = format!("{num}{denom}");
    let Ok(value) = shifted.parse::<i64>() else {
        return false;
    };
    if value.checked_mul(mantissa).is_none() {
        return false;
    }
    match format {
        QuantityFormat::BinarySi => exponent % 10 == 0 && value & 0x07 != 0,
        _ => scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'),
    }
}

/// `ceil(digits * 2^bin_exp * 10^shift)` for a decimal digit string, saturating at
/// [`NANO_CAP`].
fn magnitude_nanos(digits: &[u8], bin_exp: u32, shift: i64) -> u128 {
    let first = digits.iter().position(|d| *d != 0);
    let Some(first) = first else {
        return 0;
    };
    let mut dec: Vec<u8> = digits[first..].to_vec();
    if bin_exp > 0 {
        dec = mul_small(&dec, 1u64 << bin_exp.min(63));
    }
    let len = dec.len();
    if shift >= 0 {
        let total = u64::try_from(len)
            .unwrap_or(u64::MAX)
            .saturating_add(shift.unsigned_abs());
        if total > 38 {
            return NANO_CAP;
        }
        let mut v = to_u128(&dec);
        for _ in 0..shift {
            v = v.saturating_mul(10);
        }
        v.min(NANO_CAP)
    } else {
        let m = shift.unsigned_abs();
        let len64 = u64::try_from(len).unwrap_or(u64::MAX);
        if m >= len64 {
            // Smaller than one nano-unit and not zero: rounds up to 1n.
            return 1;
        }
        let split = len - usize::try_from(m).unwrap_or(len);
        let (high, low) = dec.split_at(split);
        if high.len() > 38 {
            return NANO_CAP;
        }
        let mut v = to_u128(high);
        if low.iter().any(|d| *d != 0) {
            v = v.saturating_add(1);
        }
        v.min(NANO_CAP)
    }
}

/// Multiplies a big-endian decimal digit string by `factor`.
fn mul_small(dec: &[u8], factor: u64) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(dec.len() + 20);
    let mut carry: u128 = 0;
    for d in dec.iter().rev() {
        let t = u128::from(*d) * u128::from(factor) + carry;
        out.push(u8::try_from(t % 10).unwrap_or(0));
        carry = t / 10;
    }
    while carry > 0 {
        out.push(u8::try_from(carry % 10).unwrap_or(0));
        carry /= 10;
    }
    out.reverse();
    out
}

fn to_u128(dec: &[u8]) -> u128 {
    dec.iter().fold(0u128, |acc, d| {
        acc.saturating_mul(10).saturating_add(u128::from(*d))
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn q(s: &str) -> ParsedQuantity {
        ParsedQuantity::parse(s).unwrap()
    }

    #[test]
    fn cpu_milli_values() {
        for (s, milli) in [
            ("100m", 100),
            ("0.5", 500),
            ("1", 1000),
            ("1.5", 1500),
            ("250m", 250),
            ("0.1m", 1),
            ("1e3", 1_000_000),
            ("1e-3", 1),
            ("500u", 1),
            ("2k", 2_000_000),
            (".5", 500),
            ("1.", 1000),
            ("+1", 1000),
            ("0", 0),
            ("00", 0),
            ("1000000n", 1),
            ("1000001n", 2),
        ] {
            assert_eq!(q(s).milli_value(), milli, "{s}");
        }
    }

    #[test]
    fn memory_byte_values() {
        for (s, bytes) in [
            ("128Mi", 134_217_728i64),
            ("1Gi", 1_073_741_824),
            ("1.5G", 1_500_000_000),
            ("500k", 500_000),
            ("1Ki", 1024),
            ("1.5Ki", 1536),
            ("1.1Ki", 1127),
            ("0.5Gi", 536_870_912),
            ("1e3", 1000),
            ("1E3", 1000),
            ("1E", 1_000_000_000_000_000_000),
            ("1Ei", 1_152_921_504_606_846_976),
            ("100m", 1),
            ("64Mi", 67_108_864),
            ("1e+3", 1000),
            ("1Ti", 1_099_511_627_776),
            ("1Pi", 1_125_899_906_842_624),
            ("2T", 2_000_000_000_000),
            ("3P", 3_000_000_000_000_000),
        ] {
            assert_eq!(q(s).value(), bytes, "{s}");
        }
    }

    #[test]
    fn malformed_quantities_are_errors() {
        for (s, e) in [
            ("", QuantityError::FormatWrong),
            ("abc", QuantityError::FormatWrong),
            ("1x", QuantityError::FormatWrong),
            ("1KB", QuantityError::FormatWrong),
            ("1 Gi", QuantityError::FormatWrong),
            ("1..5", QuantityError::FormatWrong),
            ("1Gi2", QuantityError::Suffix),
            ("1kk", QuantityError::Suffix),
            ("1i", QuantityError::Suffix),
            ("1e", QuantityError::Suffix),
            ("1eE3", QuantityError::Suffix),
            ("1e99999999999999999999", QuantityError::Suffix),
            ("+-1", QuantityError::Suffix),
            ("½", QuantityError::FormatWrong),
        ] {
            assert_eq!(ParsedQuantity::parse(s).unwrap_err(), e, "{s:?}");
        }
        assert_eq!(
            QuantityError::FormatWrong.to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
    }

    #[test]
    fn apimachinery_scanner_quirks() {
        // parseQuantityString accepts a lone sign, a lone dot and a bare suffix as zero.
        for s in ["-", "+", ".", "e3", "Mi", "-0"] {
            assert!(q(s).is_zero(), "{s}");
        }
        // UnmarshalJSON trims spaces; ParseQuantity does not.
        assert!(ParsedQuantity::parse(" 1").is_err());
        assert_eq!(
            ParsedQuantity::parse_json(" 1Gi ").unwrap().value(),
            1 << 30
        );
    }

    #[test]
    fn huge_and_tiny_values_saturate_or_round_up() {
        assert_eq!(q("1e2147483647").value(), i64::MAX);
        assert_eq!(
            q("99999999999999999999999999999999999999999999").milli_value(),
            i64::MAX
        );
        assert_eq!(q("100000Ei").value(), i64::MAX);
        assert_eq!(q("-1e30").value(), i64::MIN);
        assert_eq!(q("1e-2147483648").milli_value(), 1);
        assert_eq!(q("0.000000000000000000000000000000001").nanos(), 1);
        assert_eq!(q("1.0000000001").nanos(), 1_000_000_001);
        assert_eq!(q("1.0000000001Ki").value(), 1025);
        // Go's int32(parsed) wraps 2^32 to 0.
        assert_eq!(q("5e4294967296").value(), 5);
        let long = format!("1.{}1", "0".repeat(100_000));
        assert_eq!(q(&long).nanos(), 1_000_000_001);
    }

    #[test]
    fn negative_values() {
        assert!(q("-1").is_negative());
        assert_eq!(q("-1.5").milli_value(), -1500);
        assert_eq!(q("-0.1m").milli_value(), -1);
        assert_eq!(q("-100m").to_string(), "-100m");
    }

    #[test]
    fn strings_as_apimachinery_prints_them() {
        for (s, shown) in [
            ("256Mi", "256Mi"),
            ("128Mi", "128Mi"),
            ("100m", "100m"),
            ("1", "1"),
            ("1.5", "1500m"),
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("1024Mi", "1Gi"),
            ("1Gi", "1Gi"),
            ("1e3", "1e3"),
            ("1.5e3", "1500"),
            ("1e-3", "1e-3"),
            ("1000", "1k"),
            ("1500", "1500"),
            ("1.1Ki", "1126400m"),
            ("0.1m", "100u"),
            ("0100m", "0100m"),
            ("+100m", "+100m"),
            ("0", "0"),
            ("-", "0"),
            ("2000k", "2M"),
            ("12e6", "12e6"),
        ] {
            assert_eq!(q(s).to_string(), shown, "{s}");
        }
    }

    /// Random strings over the quantity alphabet never panic, and whatever parses prints a
    /// string that parses back to the same value.
    #[test]
    fn random_inputs_never_panic_and_round_trip() {
        let alphabet: Vec<char> = "0123456789..+-eEinumkKMGTP xĀ9".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let mut parsed = 0;
        for _ in 0..20_000 {
            let len = next() % 12;
            let s: String = (0..len)
                .map(|_| alphabet[usize::try_from(next()).unwrap() % alphabet.len()])
                .collect();
            let Ok(v) = ParsedQuantity::parse(&s) else {
                continue;
            };
            parsed += 1;
            let _ = (v.value(), v.milli_value(), v.bytes(), v.milli());
            let shown = v.to_string();
            if v.nanos().unsigned_abs() < 10u128.pow(27) {
                let back = ParsedQuantity::parse(&shown).unwrap();
                assert_eq!(back, v, "{s:?} → {shown:?}");
            }
        }
        assert!(parsed > 1000, "{parsed}");
    }

    #[test]
    fn values_compare_exactly() {
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("1Ki"), q("1024"));
        assert!(q("0.1m") < q("1m"));
        assert!(q("256Mi") > q("128Mi"));
        assert_eq!(q("1.0000000001"), q("1.0000000002"));
    }
}
