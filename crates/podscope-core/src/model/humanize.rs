//! How tools turn the virtual clock into words: Kubernetes' AGE, docker/go-units' "About a
//! minute", Go's `time.Duration` and RFC 1123 dates, from a fixed virtual epoch.
//!
//! The simulation has no wall clock. Its time zero is `EPOCH`, a fixed instant chosen for
//! podscope (2026-06-01T10:00:00Z, a Monday); every date a view prints is that instant plus
//! the simulated time.

use crate::model::time::{SimDuration, SimTime};

/// The wall-clock instant of simulated time zero, in seconds since the Unix epoch:
/// 2026-06-01T10:00:00Z (20605 days after 1970-01-01, plus ten hours).
pub const EPOCH_UNIX_SECS: i64 = 1_780_308_000;

/// apimachinery `duration.HumanDuration` (staging/src/k8s.io/apimachinery/pkg/util/duration/
/// duration.go), which `kubectl get` uses for AGE and describe for event ages: `45s`,
/// `5m20s`, `170m`, `3h5m`, `30h`, `3d5h`, `200d`, `3y10d`, `9y`.
pub fn k8s_duration(d: SimDuration) -> String {
    let secs = d.as_millis() / 1000;
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// The age of something that happened at `t`, seen at `now` (`translateTimestampSince`).
pub fn k8s_age(now: SimTime, t: SimTime) -> String {
    k8s_duration(now.since(t))
}

/// docker/go-units `HumanDuration` (duration.go, as vendored by cri-tools and the docker
/// CLI): `Less than a second`, `1 second`, `53 seconds`, `About a minute`, `5 minutes`,
/// `About an hour`, `3 hours`, `4 days`, `3 weeks`, `5 months`, `2 years`.
pub fn units_duration(d: SimDuration) -> String {
    let ms = d.as_millis();
    let secs = ms / 1000;
    if secs < 1 {
        return "Less than a second".to_owned();
    }
    if secs == 1 {
        return "1 second".to_owned();
    }
    if secs < 60 {
        return format!("{secs} seconds");
    }
    let minutes = secs / 60;
    if minutes == 1 {
        return "About a minute".to_owned();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // `int(d.Hours() + 0.5)`: hours rounded half up.
    let hours = (ms + 1_800_000) / 3_600_000;
    if hours == 1 {
        return "About an hour".to_owned();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    format!("{} years", ms / 3_600_000 / 24 / 365)
}

/// docker/go-units `HumanSizeWithPrecision(size, 3)` (size.go, as vendored by cri-tools:
/// `crictl images`' SIZE): decimal units (`B`, `kB`, `MB`, `GB`, …, steps of 1000) and Go's
/// `%.3g`, so three significant digits, trailing zeros dropped (`72.4MB`, `742kB`, `2MB`), and
/// an exponent once the rounding reaches 1000 (`1e+03kB`).
pub fn units_size(bytes: u64) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    // getSizeAndUnit: divide by 1000 while the size is at least 1000.
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    let suffix = UNITS.get(unit).copied().unwrap_or("B");
    format!("{}{suffix}", go_g3(size))
}

/// Go's `%.3g` of a non-negative value below 1000: `%e` with two fraction digits when the
/// exponent after rounding is 3 or more (or below -4), `%f` otherwise; trailing zeros and a
/// trailing point dropped either way (fmt/format.go `fmtFloat` with `%g`'s `shortest` off).
fn go_g3(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:.2e}` rounds to three significant digits as Go does (exact decimal, ties to
    // even): `7.24e1`.
    let e = podscope_float::lower_exp_fixed(v, 2);
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if !(-4..3).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{}e{sign}{:02}", trim(mantissa), exp.abs());
    }
    let decimals = usize::try_from(2 - exp).unwrap_or(0);
    trim(&podscope_float::fixed(v, decimals))
}

/// Go's `time.Duration.String()` (`1m20s`, `5m0s`, `1.5s`).
pub fn go_duration(d: SimDuration) -> String {
    d.to_string()
}

/// A calendar date and time of day in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

/// The UTC calendar date of simulated time `t` (Howard Hinnant's `civil_from_days`).
pub fn civil(t: SimTime) -> Civil {
    civil_of_unix(unix_secs(t))
}

/// Simulated time `t` in seconds since the Unix epoch.
pub fn unix_secs(t: SimTime) -> i64 {
    EPOCH_UNIX_SECS + i64::try_from(t.as_millis() / 1000).unwrap_or(i64::MAX / 2)
}

/// The UTC calendar date of `unix` seconds since the Unix epoch.
pub fn civil_of_unix(unix: i64) -> Civil {
    let unix = unix.clamp(-(1 << 40), 1 << 40);
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month: month as u32,
        day: day as u32,
        hour: (secs / 3600) as u32,
        minute: ((secs / 60) % 60) as u32,
        second: (secs % 60) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Go's `time.RFC1123Z` layout `Mon, 02 Jan 2006 15:04:05 -0700` in UTC, as `kubectl
/// describe` prints Start Time, Started and Finished.
pub fn rfc1123z(t: SimTime) -> String {
    let c = civil(t);
    let (day, month) = names(&c);
    format!(
        "{day}, {:02} {month} {} {:02}:{:02}:{:02} +0000",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

/// The English day and month abbreviations of a date.
pub fn names(c: &Civil) -> (&'static str, &'static str) {
    let day = DAYS.get(c.weekday as usize).copied().unwrap_or("Mon");
    let month = MONTHS
        .get(c.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    (day, month)
}

/// Go's `time.RFC3339` in UTC: `2026-06-01T10:00:05Z`.
pub fn rfc3339(t: SimTime) -> String {
    let c = civil(t);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `date` in the C locale, UTC: `Mon Jun  1 10:00:05 UTC 2026`.
pub fn unix_date(t: SimTime) -> String {
    let c = civil(t);
    let (day, month) = names(&c);
    format!(
        "{day} {month} {:>2} {:02}:{:02}:{:02} UTC {}",
        c.day, c.hour, c.minute, c.second, c.year
    )
}

/// HTTP's date (RFC 7231 IMF-fixdate): `Mon, 01 Jun 2026 10:00:05 GMT`.
pub fn http_date(t: SimTime) -> String {
    let c = civil(t);
    let (day, month) = names(&c);
    format!(
        "{day}, {:02} {month} {} {:02}:{:02}:{:02} GMT",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

/// nginx's `$time_local`: `01/Jun/2026:10:00:05 +0000`.
pub fn nginx_time(t: SimTime) -> String {
    let c = civil(t);
    let (_, month) = names(&c);
    format!(
        "{:02}/{month}/{}:{:02}:{:02}:{:02} +0000",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

/// procps `ps` STIME for a process started today: `HH:MM`.
pub fn hh_mm(t: SimTime) -> String {
    let c = civil(t);
    format!("{:02}:{:02}", c.hour, c.minute)
}

/// Go's `%q` for a string: double quotes, with `"`, `\` and control characters escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
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

    fn s(secs: u64) -> SimDuration {
        SimDuration::from_secs(secs)
    }

    #[test]
    fn units_size_is_go_units_human_size_with_precision_3() {
        // go-units size_test.go `TestHumanSize` cases at precision 3, and crictl's own
        // (the page's `1.15MB`, `742kB`, `109MB`).
        let cases = [
            (0, "0B"),
            (1000, "1kB"),
            (1024, "1.02kB"),
            (1_000_000, "1MB"),
            (1_048_576, "1.05MB"),
            (742_000, "742kB"),
            (1_150_000, "1.15MB"),
            (109_000_000, "109MB"),
            (72_412_345, "72.4MB"),
            (999_999, "1e+03kB"),
            (3_000_000_000, "3GB"),
        ];
        for (bytes, want) in cases {
            assert_eq!(units_size(bytes), want, "{bytes}");
        }
    }

    #[test]
    fn kubernetes_human_duration_matches_upstream_table() {
        // The cases of apimachinery duration_test.go `TestHumanDuration`.
        let cases = [
            (1, "1s"),
            (70, "70s"),
            (190, "3m10s"),
            (70 * 60, "70m"),
            (47 * 60, "47m"),
            (5 * 3600 + 3 * 60, "5h3m"),
            (3600 * 5, "5h"),
            (3600 * 8, "8h"),
            (3600 * 47 + 3599, "47h"),
            (3600 * 48, "2d"),
            (3600 * (24 * 7 + 12), "7d12h"),
            (3600 * 24 * 8, "8d"),
            (3600 * 24 * 364, "364d"),
            (3600 * 24 * 365 * 2, "2y"),
            (3600 * 24 * (365 * 3 + 10), "3y10d"),
            (3600 * 24 * 365 * 8, "8y"),
            (3600 * 24 * 365 * 9, "9y"),
        ];
        for (secs, want) in cases {
            assert_eq!(k8s_duration(s(secs)), want, "{secs}s");
        }
        assert_eq!(k8s_duration(SimDuration::from_millis(119_999)), "119s");
        assert_eq!(k8s_duration(s(300)), "5m");
    }

    #[test]
    fn go_units_human_duration_matches_upstream_table() {
        // The cases of docker/go-units duration_test.go `TestHumanDuration`.
        let cases = [
            (0, "Less than a second"),
            (1, "1 second"),
            (2, "2 seconds"),
            (59, "59 seconds"),
            (60, "About a minute"),
            (119, "About a minute"),
            (120, "2 minutes"),
            (59 * 60, "59 minutes"),
            (3600 - 1, "59 minutes"),
            (3600, "About an hour"),
            (3600 + 29 * 60, "About an hour"),
            (3600 + 31 * 60, "2 hours"),
            (3 * 3600, "3 hours"),
            (48 * 3600, "2 days"),
            (7 * 24 * 3600, "7 days"),
            (13 * 24 * 3600, "13 days"),
            (14 * 24 * 3600, "2 weeks"),
            (59 * 24 * 3600, "8 weeks"),
            (60 * 24 * 3600, "2 months"),
            (2 * 365 * 24 * 3600, "2 years"),
        ];
        for (secs, want) in cases {
            assert_eq!(units_duration(s(secs)), want, "{secs}s");
        }
        assert_eq!(
            units_duration(SimDuration::from_millis(999)),
            "Less than a second"
        );
    }

    #[test]
    fn dates_from_the_virtual_epoch() {
        assert_eq!(rfc1123z(SimTime::ZERO), "Mon, 01 Jun 2026 10:00:00 +0000");
        assert_eq!(
            rfc1123z(SimTime::from_millis(14 * 3600 * 1000 + 5_500)),
            "Tue, 02 Jun 2026 00:00:05 +0000"
        );
        assert_eq!(
            rfc1123z(SimTime::from_millis(365 * 86_400 * 1000)),
            "Tue, 01 Jun 2027 10:00:00 +0000"
        );
        assert_eq!(hh_mm(SimTime::from_millis(90_000)), "10:01");
        assert_eq!(go_duration(s(80)), "1m20s");
    }
}
