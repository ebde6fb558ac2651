//! `free` in a container, as busybox (procps/free.c) and procps-ng 4.0.2 (src/free.c,
//! Debian bookworm's `procps`) print it. Both read the node's memory (`sysinfo(2)` and
//! `/proc/meminfo`), not the container's cgroup: a container limited to 64Mi sees the
//! node's gigabytes (`meminfo`).

use std::fmt::Write as _;

use super::meminfo::Meminfo;
use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

const BUSYBOX_USAGE: &str = "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: free [-bkmgh]\n\nDisplay free and used memory\n";

pub(crate) fn run(w: &World, ctx: Ctx, busybox: bool, args: &[&str], io: &mut Io<'_>) -> Applet {
    let node = w.pods.get(ctx.pod).and_then(|pod| pod.node).unwrap_or(0);
    let m = Meminfo::of_node(w, node);
    if busybox {
        busybox_free(&m, args, io)
    } else {
        procps_free(&m, args, io)
    }
}

/// busybox procps/free.c `free_main`: only `argv[1]`'s first letter counts (`-b`, `-k`,
/// `-m`, `-g`, `-h`); sizes from `sysinfo(2)` (`mem_unit` 1) and `/proc/meminfo`, scaled
/// by `make_human_readable_str` (rounded to nearest; `-h` autoscales with one tenth).
fn busybox_free(m: &Meminfo, args: &[&str], io: &mut Io<'_>) -> Applet {
    let unit: u64 = match args.first().and_then(|a| a.strip_prefix('-')) {
        None => 1 << 10,
        Some(rest) => match rest.chars().next() {
            Some('b') => 1,
            Some('k') => 1 << 10,
            Some('m') => 1 << 20,
            Some('g') => 1 << 30,
            Some('h') => 0,
            _ => {
                io.stderr.push_str(BUSYBOX_USAGE);
                return Applet::Done(1);
            }
        },
    };
    let scale = |kb: u64| super::human::busybox(kb.saturating_mul(1024), 1, unit);
    let total = m.total;
    // cached = Cached + Buffers + SReclaimable; used = total − free − cached.
    let cached = m.cached + m.buffers + m.sreclaimable;
    let used = total.saturating_sub(m.free + cached);
    let out = &mut io.stdout;
    let _ = writeln!(
        out,
        "       {:>12}{:>12}{:>12}{:>12}{:>12}{:>12}",
        "total", "used", "free", "shared", "buff/cache", "available"
    );
    let _ = writeln!(
        out,
        "Mem:   {:>12}{:>12}{:>12}{:>12}{:>12}{:>12}",
        scale(total),
        scale(used),
        scale(m.free),
        scale(m.shmem),
        scale(cached),
        scale(m.available)
    );
    let _ = writeln!(
        out,
        "Swap:  {:>12}{:>12}{:>12}",
        scale(m.swap_total),
        scale(m.swap_total - m.swap_free.min(m.swap_total)),
        scale(m.swap_free)
    );
    Applet::Done(0)
}

/// procps-ng 4.0.2 src/free.c `main`: the default unit is KiB; `-b`, `-k`, `-m`, `-g`
/// (powers of 1024, truncated), `--kilo`/`--mega`/`--giga` (powers of 1000), `-h`
/// (`scale_size`: three significant characters and `Ki`/`Mi`/`Gi`), `-w` (buffers and
/// cache apart), `-t` (a Total line). Used is `MemTotal − MemAvailable`
/// (library/meminfo.c), buff/cache `Buffers + Cached + SReclaimable`.
fn procps_free(m: &Meminfo, args: &[&str], io: &mut Io<'_>) -> Applet {
    let mut exponent = 0u32;
    let mut si = false;
    let mut human = false;
    let mut wide = false;
    let mut total_line = false;
    let mut units_set = 0;
    for a in args {
        let long = a.strip_prefix("--");
        let flags: Vec<char> = match long {
            Some(word) => match word {
                "bytes" => vec!['b'],
                "kibi" => vec!['k'],
                "mebi" => vec!['m'],
                "gibi" => vec!['g'],
                "kilo" | "mega" | "giga" => {
                    si = true;
                    exponent = match word {
                        "kilo" => 2,
                        "mega" => 3,
                        _ => 4,
                    };
                    units_set += 1;
                    continue;
                }
                "human" => vec!['h'],
                "si" => {
                    si = true;
                    continue;
                }
                "wide" => vec!['w'],
                "total" => vec!['t'],
                _ => {
                    let _ = writeln!(io.stderr, "free: unrecognized option '{a}'");
                    return usage_hint(io);
                }
            },
            None => match a.strip_prefix('-') {
                Some(f) if !f.is_empty() => f.chars().collect(),
                _ => {
                    // An operand: free takes none (`optind != argc`: usage to stderr).
                    return usage_hint(io);
                }
            },
        };
        for f in flags {
            match f {
                'b' | 'k' | 'm' | 'g' => {
                    units_set += 1;
                    exponent = match f {
                        'b' => 1,
                        'k' => 2,
                        'm' => 3,
                        _ => 4,
                    };
                }
                'h' => human = true,
                'w' => wide = true,
                't' => total_line = true,
                // Low/high, committed, repeats, version: real options podscope does not model.
                'l' | 'v' | 's' | 'c' | 'V' => {
                    let _ = writeln!(io.stderr, "free: -{f} is not simulated by podscope");
                    return Applet::Done(1);
                }
                other => {
                    let _ = writeln!(io.stderr, "free: invalid option -- '{other}'");
                    return usage_hint(io);
                }
            }
        }
    }
    if units_set > 1 {
        io.stderr
            .push_str("free: Multiple unit options don't make sense.\n");
        return Applet::Done(1);
    }
    let scale = |kb: u64| procps_scale(kb, exponent, si, human);
    let used = m.total.saturating_sub(m.available);
    let cache = m.cached + m.sreclaimable;
    let out = &mut io.stdout;
    if wide {
        out.push_str("               total        used        free      shared     buffers       cache   available\n");
    } else {
        out.push_str(
            "               total        used        free      shared  buff/cache   available\n",
        );
    }
    let _ = write!(
        out,
        "Mem:     {:>11} {:>11} {:>11} {:>11}",
        scale(m.total),
        scale(used),
        scale(m.free),
        scale(m.shmem)
    );
    if wide {
        let _ = write!(out, " {:>11} {:>11}", scale(m.buffers), scale(cache));
    } else {
        let _ = write!(out, " {:>11}", scale(m.buffers + cache));
    }
    let _ = writeln!(out, " {:>11}", scale(m.available));
    let swap_used = m.swap_total.saturating_sub(m.swap_free);
    let _ = writeln!(
        out,
        "Swap:    {:>11} {:>11} {:>11}",
        scale(m.swap_total),
        scale(swap_used),
        scale(m.swap_free)
    );
    if total_line {
        let _ = writeln!(
            out,
            "Total:   {:>11} {:>11} {:>11}",
            scale(m.total + m.swap_total),
            scale(used + swap_used),
            scale(m.free + m.swap_free)
        );
    }
    Applet::Done(0)
}

/// procps-ng 4.0.2 src/free.c `usage(stderr)` after a bad option or an operand: the whole
/// option list (include/c.h `USAGE_HEADER`, `USAGE_VERSION`, `USAGE_MAN_TAIL`), status 1.
fn usage_hint(io: &mut Io<'_>) -> Applet {
    io.stderr.push_str(
        "\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n     --kilo          show output in kilobytes\n     --mega          show output in megabytes\n     --giga          show output in gigabytes\n     --tera          show output in terabytes\n     --peta          show output in petabytes\n -k, --kibi          show output in kibibytes\n -m, --mebi          show output in mebibytes\n -g, --gibi          show output in gibibytes\n     --tebi          show output in tebibytes\n     --pebi          show output in pebibytes\n -h, --human         show human-readable output\n     --si            use powers of 1000 not 1024\n -l, --lohi          show detailed low and high memory statistics\n -t, --total         show total for RAM + swap\n -v, --committed     show committed memory and commit limit\n -s N, --seconds N   repeat printing every N seconds\n -c N, --count N     repeat printing N times, then exit\n -w, --wide          wide output\n\n     --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see free(1).\n",
    );
    Applet::Done(1)
}

/// procps-ng 4.0.2 src/free.c `scale_size` (a size in KiB).
fn procps_scale(kb: u64, exponent: u32, si: bool, human: bool) -> String {
    let base: f64 = if si { 1000.0 } else { 1024.0 };
    let bytes = kb.saturating_mul(1024);
    if !human {
        return match exponent {
            0 => podscope_float::display((bytes as f64 / base).trunc()),
            1 => bytes.to_string(),
            e => podscope_float::display((bytes as f64 / base.powi(e as i32 - 1)).trunc()),
        };
    }
    let b = format!("{bytes}B");
    if b.len() <= 4 {
        return b;
    }
    for (i, up) in ['K', 'M', 'G', 'T', 'P'].iter().enumerate() {
        // `(float)(bytes / power(base, i))`: printed with one decimal through a float.
        let v = (bytes as f64 / base.powi(i as i32 + 1)) as f32;
        if si {
            let s = format!("{}{up}", podscope_float::fixed(f64::from(v), 1));
            if s.len() <= 4 {
                return s;
            }
            let s = format!("{}{up}", podscope_float::display_f32(v.trunc()));
            if s.len() <= 4 {
                return s;
            }
        } else {
            let s = format!("{}{up}i", podscope_float::fixed(f64::from(v), 1));
            if s.len() <= 5 {
                return s;
            }
            let s = format!(
                "{}{up}i",
                podscope_float::display((bytes as f64 / base.powi(i as i32 + 1)).trunc())
            );
            if s.len() <= 5 {
                return s;
            }
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::test_io;

    fn node_8g() -> Meminfo {
        Meminfo {
            total: 8_388_608,
            free: 8_126_464,
            available: 8_126_464,
            buffers: 0,
            cached: 4,
            anon: 262_140,
            shmem: 4,
            sreclaimable: 0,
            swap_total: 0,
            swap_free: 0,
        }
    }

    fn run_with(m: &Meminfo, busybox: bool, args: &[&str]) -> (String, String, i32) {
        let mut io = test_io();
        let code = match if busybox {
            busybox_free(m, args, &mut io)
        } else {
            procps_free(m, args, &mut io)
        } {
            Applet::Done(c) => c,
            _ => -1,
        };
        (io.stdout, io.stderr, code)
    }

    #[test]
    fn busybox_free_prints_the_node_in_kib_and_mib() {
        let (out, _, code) = run_with(&node_8g(), true, &[]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            "              total        used        free      shared  buff/cache   available\n\
             Mem:        8388608      262140     8126464           4           4     8126464\n\
             Swap:             0           0           0\n"
        );
        let (out, _, _) = run_with(&node_8g(), true, &["-m"]);
        assert!(
            out.contains(
                "Mem:           8192         256        7936           0           0        7936\n"
            ),
            "{out}"
        );
        let (out, _, _) = run_with(&node_8g(), true, &["-h"]);
        assert!(
            out.contains(
                "Mem:           8.0G      256.0M        7.8G        4.0K        4.0K        7.8G\n"
            ),
            "{out}"
        );
        let (_, err, code) = run_with(&node_8g(), true, &["-x"]);
        assert_eq!(code, 1);
        assert!(err.contains("Usage: free [-bkmgh]"));
    }

    #[test]
    fn procps_free_counts_used_from_available() {
        let (out, _, _) = run_with(&node_8g(), false, &[]);
        assert_eq!(
            out,
            "               total        used        free      shared  buff/cache   available\n\
             Mem:         8388608      262144     8126464           4           4     8126464\n\
             Swap:              0           0           0\n"
        );
        let (out, _, _) = run_with(&node_8g(), false, &["-m"]);
        assert!(
            out.contains(
                "Mem:            8192         256        7936           0           0        7936\n"
            ),
            "{out}"
        );
        let (out, _, _) = run_with(&node_8g(), false, &["-h"]);
        assert!(
            out.contains(
                "Mem:           8.0Gi       256Mi       7.8Gi       4.0Ki       4.0Ki       7.8Gi\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("Swap:             0B          0B          0B\n"),
            "{out}"
        );
        let (_, err, code) = run_with(&node_8g(), false, &["-s", "1"]);
        assert_eq!(
            (code, err.as_str()),
            (1, "free: -s is not simulated by podscope\n")
        );
        let (_, err, code) = run_with(&node_8g(), false, &["-q"]);
        assert_eq!(code, 1);
        assert!(
            err.starts_with("free: invalid option -- 'q'\n\nUsage:\n free [options]\n"),
            "{err}"
        );
        let (_, err, code) = run_with(&node_8g(), false, &["-m", "-g"]);
        assert_eq!(
            (code, err.as_str()),
            (1, "free: Multiple unit options don't make sense.\n")
        );
    }
}
