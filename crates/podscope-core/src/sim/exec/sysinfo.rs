//! What a container learns of its system: `hostname` (`-i`: the addresses `/etc/hosts`
//! gives the host name, each followed by a space: busybox networking/hostname.c, net-tools
//! hostname.c), `uname` with its field options, `date` with `+FORMAT`.

use std::fmt::Write as _;

use super::{Applet, Ctx};
use crate::model::humanize::{civil, names};
use crate::sim::world::World;
use podscope_shell::Io;

/// The kernel `uname` reports: the node's (podscope's node image, as `uname -a` printed it
/// before: Ubuntu's AWS kernel).
const RELEASE: &str = "6.8.0-1016-aws";
const VERSION: &str = "#17-Ubuntu SMP Mon Sep  2 13:48:07 UTC 2024";
const MACHINE: &str = "x86_64";

fn hostname_of(w: &World, ctx: Ctx) -> String {
    w.pods
        .get(ctx.pod)
        .and_then(|pod| pod.container(ctx.slot))
        .and_then(|c| c.instance.as_ref())
        .map(|i| i.hostname.clone())
        .unwrap_or_default()
}

pub(crate) fn hostname(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let h = hostname_of(w, ctx);
    match args.first().copied() {
        Some("-i") => {
            let hosts = w
                .read_file(ctx.pod, ctx.slot, "/etc/hosts")
                .unwrap_or_default();
            let addrs: Vec<&str> = hosts
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut f = l.split_whitespace();
                    let addr = f.next()?;
                    f.any(|n| n == h).then_some(addr)
                })
                .collect();
            let line: String = addrs.iter().map(|a| format!("{a} ")).collect();
            let _ = writeln!(io.stdout, "{line}");
        }
        Some("-s") => {
            let _ = writeln!(io.stdout, "{}", h.split('.').next().unwrap_or(&h));
        }
        _ => {
            let _ = writeln!(io.stdout, "{h}");
        }
    }
    Applet::Done(0)
}

pub(crate) fn uname(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let flags: String = args.iter().flat_map(|a| a.chars().skip(1)).collect();
    let h = hostname_of(w, ctx);
    let fields: [(char, &str); 6] = [
        ('s', "Linux"),
        ('n', &h),
        ('r', RELEASE),
        ('v', VERSION),
        ('m', MACHINE),
        ('o', "GNU/Linux"),
    ];
    let all = flags.contains('a');
    let picked: Vec<&str> = fields
        .iter()
        .filter(|(c, _)| all || flags.contains(*c))
        .map(|(_, v)| *v)
        .collect();
    let line = if picked.is_empty() {
        "Linux".to_owned()
    } else {
        picked.join(" ")
    };
    let _ = writeln!(io.stdout, "{line}");
    Applet::Done(0)
}

/// `date [+FORMAT]` in UTC (containers have no TZ): strftime's conversions.
pub(crate) fn date(w: &World, args: &[&str], io: &mut Io<'_>) -> Applet {
    let Some(fmt) = args.iter().find_map(|a| a.strip_prefix('+')) else {
        let _ = writeln!(io.stdout, "{}", crate::model::humanize::unix_date(w.now));
        return Applet::Done(0);
    };
    let _ = writeln!(io.stdout, "{}", strftime(fmt, w.now));
    Applet::Done(0)
}

const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn strftime(fmt: &str, t: crate::model::time::SimTime) -> String {
    let c = civil(t);
    let (day, month) = names(&c);
    let mut out = String::new();
    let mut it = fmt.chars();
    while let Some(ch) = it.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(conv) = it.next() else {
            out.push('%');
            break;
        };
        let _ = match conv {
            'Y' => write!(out, "{}", c.year),
            'y' => write!(out, "{:02}", c.year.rem_euclid(100)),
            'm' => write!(out, "{:02}", c.month),
            'd' => write!(out, "{:02}", c.day),
            'e' => write!(out, "{:>2}", c.day),
            'H' => write!(out, "{:02}", c.hour),
            'I' => write!(out, "{:02}", (c.hour + 11) % 12 + 1),
            'M' => write!(out, "{:02}", c.minute),
            'S' => write!(out, "{:02}", c.second),
            'p' => write!(out, "{}", if c.hour < 12 { "AM" } else { "PM" }),
            'a' => write!(out, "{day}"),
            'A' => write!(out, "{}", LONG_DAYS.get(c.weekday as usize).unwrap_or(&"")),
            'b' | 'h' => write!(out, "{month}"),
            'B' => write!(
                out,
                "{}",
                LONG_MONTHS
                    .get(c.month.saturating_sub(1) as usize)
                    .unwrap_or(&"")
            ),
            'u' => write!(out, "{}", if c.weekday == 0 { 7 } else { c.weekday }),
            'w' => write!(out, "{}", c.weekday),
            's' => write!(out, "{}", crate::model::humanize::unix_secs(t)),
            'Z' => write!(out, "UTC"),
            'z' => write!(out, "+0000"),
            'T' => write!(out, "{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
            'R' => write!(out, "{:02}:{:02}", c.hour, c.minute),
            'D' => write!(
                out,
                "{:02}/{:02}/{:02}",
                c.month,
                c.day,
                c.year.rem_euclid(100)
            ),
            'F' => write!(out, "{}-{:02}-{:02}", c.year, c.month, c.day),
            'n' => writeln!(out),
            't' => write!(out, "\t"),
            '%' => write!(out, "%"),
            other => write!(out, "%{other}"),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::SimTime;

    #[test]
    fn formats_follow_strftime() {
        let t = SimTime::from_millis(5_000);
        assert_eq!(strftime("%Y-%m-%d %H:%M:%S", t), "2026-06-01 10:00:05");
        assert_eq!(
            strftime("%a %b %e %T %Z %%", t),
            "Mon Jun  1 10:00:05 UTC %"
        );
        assert_eq!(strftime("%s", t), "1780308005");
    }
}
