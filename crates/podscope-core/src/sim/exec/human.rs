//! Sizes as the two tool families print them: busybox's `make_human_readable_str`
//! (libbb/human_readable.c: one tenth digit, rounded to nearest) and gnulib's
//! `human_readable` (lib/human.c: autoscaled, rounded up by default, a tenth digit below
//! 10), which `df`, `du` and `free` print their columns with.

/// busybox libbb/human_readable.c `make_human_readable_str(val, block_size,
/// display_unit)`: `val × block_size` bytes divided by `display_unit` (rounded to
/// nearest) when that is set, else autoscaled with one tenth digit and a suffix
/// (`58.4G`); with `block_size` 0, autoscaled without the tenth (`1K`, df's header).
pub(crate) fn busybox(val: u64, block_size: u64, display_unit: u64) -> String {
    const UNITS: [&str; 9] = ["", "K", "M", "G", "T", "P", "E", "Z", "Y"];
    if val == 0 {
        return "0".to_owned();
    }
    let mut val = if block_size > 1 {
        val.saturating_mul(block_size)
    } else {
        val
    };
    if let Some(v) = val
        .saturating_add(display_unit / 2)
        .checked_div(display_unit)
    {
        return v.to_string();
    }
    let mut frac: u64 = 0;
    let mut unit = 0;
    let mut scaled = false;
    while val >= 1024 {
        scaled = true;
        unit += 1;
        frac = ((val % 1024) * 10 + 1024 / 2) / 1024;
        val /= 1024;
    }
    if frac >= 10 {
        val += 1;
        frac = 0;
    }
    let suffix = UNITS.get(unit).copied().unwrap_or("?");
    if block_size == 0 {
        // "%llu%*c": no fractional digit, the unit letter alone.
        if frac >= 5 {
            val += 1;
        }
        return format!("{val}{suffix}");
    }
    if scaled {
        format!("{val}.{frac}{suffix}")
    } else {
        val.to_string()
    }
}

/// gnulib lib/human.c `human_readable(n, opts, from_block_size, to_block_size)` with
/// `human_ceiling` (coreutils' default): `n × from / to`, rounded up.
pub(crate) fn gnu_blocks(n: u64, from: u64, to: u64) -> String {
    let bytes = u128::from(n) * u128::from(from.max(1));
    let to = u128::from(to.max(1));
    bytes.div_ceil(to).to_string()
}

/// gnulib lib/human.c `human_readable` with `human_autoscale | human_SI |
/// human_base_1024` and `human_ceiling` (what `df -h` and `du -h` pass): bytes below 1024
/// as they are, else the power of 1024 that leaves less than 1024, one tenth digit below
/// 10 (`4.0K`, `7.8G`), every inexact figure rounded up.
pub(crate) fn gnu_human(bytes: u64) -> String {
    const POWERS: [char; 9] = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y', 'R'];
    let base: u64 = 1024;
    let mut amt = bytes;
    let mut tenths: u64 = 0;
    // 0: exact; 1: below half; 2: half; 3: above half (human.c's `rounding`).
    let mut rounding: u64 = 0;
    let mut exponent: usize = 0;
    let mut point = false;
    if base <= amt {
        loop {
            let r10 = (amt % base) * 10 + tenths;
            let r2 = (r10 % base) * 2 + (rounding >> 1);
            amt /= base;
            tenths = r10 / base;
            rounding = if r2 < base {
                u64::from(r2 + rounding != 0)
            } else {
                2 + u64::from(base < r2 + rounding)
            };
            exponent += 1;
            if !(base <= amt && exponent < POWERS.len()) {
                break;
            }
        }
        if amt < 10 {
            if rounding > 0 {
                tenths += 1;
                rounding = 0;
                if tenths == 10 {
                    amt += 1;
                    tenths = 0;
                }
            }
            if amt < 10 {
                point = true;
            }
        }
    }
    let mut frac = None;
    if point {
        frac = Some(tenths);
        tenths = 0;
        rounding = 0;
    }
    if tenths + rounding > 0 {
        amt += 1;
        if amt == base && exponent < POWERS.len() {
            exponent += 1;
            amt = 1;
            frac = Some(0);
        }
    }
    let mut out = amt.to_string();
    if let Some(t) = frac {
        out.push('.');
        out.push_str(&t.to_string());
    }
    if exponent > 0
        && let Some(p) = POWERS.get(exponent - 1)
    {
        out.push(*p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_scales_with_one_tenth_rounded_to_nearest() {
        // df's header: 1024 with block size 0 is "1K"; -m's is "1M".
        assert_eq!(busybox(1024, 0, 0), "1K");
        assert_eq!(busybox(1 << 20, 0, 0), "1M");
        assert_eq!(busybox(0, 4096, 0), "0");
        assert_eq!(busybox(16384, 4096, 0), "64.0M");
        assert_eq!(busybox(1000, 1, 0), "1000");
        // 1.95 KiB rounds its tenth to 10: the unit goes up.
        assert_eq!(busybox(1997, 1, 0), "2.0K");
        // Fixed units round to nearest.
        assert_eq!(busybox(16384, 4096, 1024), "65536");
        assert_eq!(busybox(3, 512, 1024), "2");
    }

    #[test]
    fn gnu_rounds_up_and_keeps_a_tenth_below_ten() {
        assert_eq!(gnu_blocks(1, 512, 1024), "1");
        assert_eq!(gnu_blocks(16384, 4096, 1024), "65536");
        assert_eq!(gnu_human(0), "0");
        assert_eq!(gnu_human(1000), "1000");
        assert_eq!(gnu_human(4096), "4.0K");
        assert_eq!(gnu_human(4097), "4.1K");
        assert_eq!(gnu_human(64 << 20), "64M");
        assert_eq!(gnu_human((64 << 20) + 1), "65M");
        assert_eq!(gnu_human(8_485_076_992), "8.0G");
        assert_eq!(gnu_human(1023 * 1024 + 1), "1.0M");
        assert_eq!(gnu_human(20 << 30), "20G");
    }
}
