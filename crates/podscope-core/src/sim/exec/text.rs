//! Text applets over files and standard input, as busybox and coreutils/grep print them:
//! `grep` (basic regular expressions: `^ $ . * [..]`; `-i -v -c -n -q -l -h -H -E -F -w`
//! partly: `-E` is read as basic), `wc` (`-l -w -c -m`), `cut` (`-d -f`, `-c`), `tee`
//! (`-a`), `base64` (`-d`).

use std::fmt::Write as _;

use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

/// The inputs an applet reads: its file operands, or standard input (`-` too).
fn inputs(
    w: &World,
    ctx: Ctx,
    files: &[&str],
    io: &mut Io<'_>,
    name: &str,
    busybox: bool,
) -> (Vec<(String, String)>, i32) {
    if files.is_empty() {
        return (vec![("-".to_owned(), io.stdin.to_owned())], 0);
    }
    let mut out = Vec::new();
    let mut status = 0;
    for f in files {
        if *f == "-" {
            out.push(("-".to_owned(), io.stdin.to_owned()));
            continue;
        }
        let path = podscope_shell::resolve_path(io.cwd, f);
        match w.read_file(ctx.pod, ctx.slot, &path) {
            Ok(t) => out.push(((*f).to_owned(), t)),
            Err(e) => {
                status = if name == "grep" { 2 } else { 1 };
                if busybox && name != "grep" {
                    let _ = writeln!(io.stderr, "{name}: can't open '{f}': {}", e.strerror());
                } else {
                    let _ = writeln!(io.stderr, "{name}: {f}: {}", e.strerror());
                }
            }
        }
    }
    (out, status)
}

/// Splits `-abc` bundles and `-nVALUE` into options; returns (flags, values, operands).
fn opts<'a>(args: &[&'a str], with_value: &str) -> (String, Vec<(char, String)>, Vec<&'a str>) {
    let mut flags = String::new();
    let mut values = Vec::new();
    let mut operands = Vec::new();
    let mut it = args.iter();
    let mut dashdash = false;
    while let Some(a) = it.next() {
        if dashdash || !a.starts_with('-') || *a == "-" {
            operands.push(*a);
            continue;
        }
        if *a == "--" {
            dashdash = true;
            continue;
        }
        let mut chars = a.chars().skip(1);
        while let Some(c) = chars.next() {
            if with_value.contains(c) {
                let rest: String = chars.collect();
                let v = if rest.is_empty() {
                    it.next().map(|s| (*s).to_owned()).unwrap_or_default()
                } else {
                    rest
                };
                values.push((c, v));
                break;
            }
            flags.push(c);
        }
    }
    (flags, values, operands)
}

pub(crate) fn grep(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let (flags, values, mut operands) = opts(args, "em");
    let pattern = match values.iter().find(|(c, _)| *c == 'e') {
        Some((_, p)) => p.clone(),
        None => {
            if operands.is_empty() {
                let _ = writeln!(io.stderr, "Usage: grep [OPTIONS] PATTERN [FILE]...");
                return Applet::Done(2);
            }
            operands.remove(0).to_owned()
        }
    };
    let fixed = flags.contains('F');
    let icase = flags.contains('i');
    let (ins, mut status) = inputs(w, ctx, &operands, io, "grep", busybox);
    let many = (operands.len() > 1 || flags.contains('H')) && !flags.contains('h');
    let mut any = false;
    for (name, text) in &ins {
        let shown = if name == "-" {
            "(standard input)"
        } else {
            name
        };
        let mut count = 0;
        for (i, line) in text.lines().enumerate() {
            // busybox's `-i` folds case through libc's `tolower` (`strcasestr`, `REG_ICASE`),
            // which in the images' C locale is ASCII only.
            let (l, p) = if icase {
                (line.to_ascii_lowercase(), pattern.to_ascii_lowercase())
            } else {
                (line.to_owned(), pattern.clone())
            };
            let mut hit = if fixed {
                l.contains(&p)
            } else {
                re_search(&p, &l)
            };
            if flags.contains('w') && hit {
                hit = l
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|word| word == p);
            }
            if hit == flags.contains('v') {
                continue;
            }
            count += 1;
            any = true;
            if flags.contains('q') {
                return Applet::Done(0);
            }
            if flags.contains('c') || flags.contains('l') {
                continue;
            }
            let mut s = String::new();
            if many {
                let _ = write!(s, "{shown}:");
            }
            if flags.contains('n') {
                let _ = write!(s, "{}:", i + 1);
            }
            let _ = writeln!(io.stdout, "{s}{line}");
        }
        if flags.contains('c') {
            if many {
                let _ = writeln!(io.stdout, "{shown}:{count}");
            } else {
                let _ = writeln!(io.stdout, "{count}");
            }
        } else if flags.contains('l') && count > 0 {
            let _ = writeln!(io.stdout, "{shown}");
        }
    }
    if status == 0 {
        status = if any { 0 } else { 1 };
    }
    Applet::Done(status)
}

/// A basic regular expression search (`^`, `$`, `.`, `*`, `[…]`, `[^…]`, `\x`), after
/// Kernighan and Pike's matcher.
fn re_search(re: &str, text: &str) -> bool {
    let re: Vec<char> = re.chars().collect();
    let text: Vec<char> = text.chars().collect();
    if let Some(rest) = re.strip_prefix(&['^']) {
        return matchhere(rest, &text, 0);
    }
    (0..=text.len()).any(|i| matchhere(&re, &text[i..], 0))
}

/// One pattern element's length in `re` and whether it matches `c`.
fn atom(re: &[char], c: Option<char>) -> (usize, bool) {
    match re.first() {
        Some('\\') => (2, c.is_some() && c == re.get(1).copied()),
        Some('[') => {
            let mut i = 1;
            let negate = re.get(1) == Some(&'^');
            if negate {
                i += 1;
            }
            let start = i;
            let mut hit = false;
            while i < re.len() && (re[i] != ']' || i == start) {
                if re.get(i + 1) == Some(&'-') && re.get(i + 2).is_some_and(|e| *e != ']') {
                    if let Some(ch) = c {
                        hit |= re[i] <= ch && ch <= re[i + 2];
                    }
                    i += 3;
                } else {
                    hit |= c == Some(re[i]);
                    i += 1;
                }
            }
            (i + 1, c.is_some() && hit != negate)
        }
        Some('.') => (1, c.is_some()),
        Some(x) => (1, c == Some(*x)),
        None => (0, false),
    }
}

fn matchhere(re: &[char], text: &[char], depth: usize) -> bool {
    if re.is_empty() {
        return true;
    }
    if depth > 256 {
        return false;
    }
    if re == ['$'] {
        return text.is_empty();
    }
    let (len, _) = atom(re, None);
    if re.get(len) == Some(&'*') {
        let rest = &re[(len + 1).min(re.len())..];
        let mut i = 0;
        loop {
            if matchhere(rest, &text[i..], depth + 1) {
                return true;
            }
            if i < text.len() && atom(re, Some(text[i])).1 {
                i += 1;
            } else {
                return false;
            }
        }
    }
    let (len, ok) = atom(re, text.first().copied());
    ok && matchhere(&re[len.min(re.len())..], &text[1..], depth + 1)
}

pub(crate) fn wc(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let (flags, _, operands) = opts(args, "");
    let mut which: Vec<char> = ['l', 'w', 'm', 'c']
        .into_iter()
        .filter(|c| flags.contains(*c))
        .collect();
    if which.is_empty() {
        which = vec!['l', 'w', 'c'];
    }
    let (ins, status) = inputs(w, ctx, &operands, io, "wc", busybox);
    let counts: Vec<(String, Vec<usize>)> = ins
        .iter()
        .map(|(n, t)| {
            let v = which
                .iter()
                .map(|c| match c {
                    'l' => t.matches('\n').count(),
                    'w' => t.split_whitespace().count(),
                    'm' => t.chars().count(),
                    _ => t.len(),
                })
                .collect();
            (n.clone(), v)
        })
        .collect();
    let single = which.len() == 1 && operands.len() <= 1;
    // coreutils: columns as wide as the largest count needs (7 when reading stdin).
    let width = if busybox {
        9
    } else if single {
        1
    } else if operands.is_empty() {
        7
    } else {
        counts
            .iter()
            .flat_map(|(_, v)| v.iter())
            .max()
            .map_or(1, |m| m.to_string().len())
    };
    let mut rows = counts.clone();
    if counts.len() > 1 {
        let total: Vec<usize> = (0..which.len())
            .map(|i| {
                counts
                    .iter()
                    .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                    .sum()
            })
            .collect();
        rows.push(("total".to_owned(), total));
    }
    for (name, v) in rows {
        let cells: Vec<String> = v
            .iter()
            .map(|n| {
                if single {
                    n.to_string()
                } else {
                    format!("{n:>width$}")
                }
            })
            .collect();
        let mut line = cells.join(" ");
        if name != "-" {
            line.push(' ');
            line.push_str(&name);
        }
        let _ = writeln!(io.stdout, "{line}");
    }
    Applet::Done(status)
}

pub(crate) fn cut(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let (_, values, operands) = opts(args, "dfcb");
    let delim = values
        .iter()
        .find(|(c, _)| *c == 'd')
        .and_then(|(_, d)| d.chars().next())
        .unwrap_or('\t');
    let list = values.iter().find(|(c, _)| matches!(c, 'f' | 'c' | 'b'));
    let Some((mode, list)) = list else {
        let _ = writeln!(
            io.stderr,
            "cut: {}",
            if busybox {
                "expected a list of bytes, characters, or fields"
            } else {
                "you must specify a list of bytes, characters, or fields"
            }
        );
        return Applet::Done(1);
    };
    let wanted = |i: usize| {
        list.split(',').any(|r| match r.split_once('-') {
            Some((a, b)) => {
                let a = a.parse::<usize>().unwrap_or(1);
                let b = b.parse::<usize>().unwrap_or(usize::MAX);
                a <= i && i <= b
            }
            None => r.parse::<usize>().ok() == Some(i),
        })
    };
    let (ins, status) = inputs(w, ctx, &operands, io, "cut", busybox);
    for (_, text) in ins {
        for line in text.lines() {
            let out: String = if *mode == 'f' {
                if !line.contains(delim) {
                    line.to_owned()
                } else {
                    line.split(delim)
                        .enumerate()
                        .filter(|(i, _)| wanted(i + 1))
                        .map(|(_, f)| f)
                        .collect::<Vec<_>>()
                        .join(&delim.to_string())
                }
            } else {
                line.chars()
                    .enumerate()
                    .filter(|(i, _)| wanted(i + 1))
                    .map(|(_, c)| c)
                    .collect()
            };
            let _ = writeln!(io.stdout, "{out}");
        }
    }
    Applet::Done(status)
}

pub(crate) fn tee(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let (flags, _, operands) = opts(args, "");
    let append = flags.contains('a');
    let data = io.stdin.to_owned();
    let mut status = 0;
    for f in operands {
        let path = podscope_shell::resolve_path(io.cwd, f);
        if let Err(e) = w.write_file(ctx.pod, ctx.slot, &path, &data, append) {
            let _ = writeln!(io.stderr, "tee: {f}: {}", e.strerror());
            status = 1;
        }
    }
    io.stdout.push_str(&data);
    Applet::Done(status)
}

use crate::model::base64::STD as B64;

pub(crate) fn base64(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>, busybox: bool) -> Applet {
    let (flags, _, operands) = opts(args, "w");
    let (ins, status) = inputs(w, ctx, &operands, io, "base64", busybox);
    let data: String = ins.into_iter().map(|(_, t)| t).collect();
    if flags.contains('d') {
        let mut bits: u32 = 0;
        let mut n = 0;
        let mut out: Vec<u8> = Vec::new();
        for c in data
            .bytes()
            .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        {
            let Some(v) = B64.iter().position(|b| *b == c) else {
                let _ = writeln!(io.stderr, "base64: invalid input");
                return Applet::Done(1);
            };
            bits = (bits << 6) | v as u32;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
                bits &= (1 << n) - 1;
            }
        }
        io.stdout.push_str(&String::from_utf8_lossy(&out));
        return Applet::Done(status);
    }
    let enc = crate::model::base64::encode(data.as_bytes(), B64, true);
    // Lines of 76 characters (coreutils' default `-w 76`; busybox the same).
    let bytes: Vec<char> = enc.chars().collect();
    for line in bytes.chunks(76) {
        let _ = writeln!(io.stdout, "{}", line.iter().collect::<String>());
    }
    Applet::Done(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_regular_expressions_match_as_grep_does() {
        assert!(re_search("nginx", "nginx: master"));
        assert!(re_search("^ngi", "nginx"));
        assert!(!re_search("^gin", "nginx"));
        assert!(re_search("x$", "nginx"));
        assert!(re_search("n.i", "nginx"));
        assert!(re_search("a*b", "b"));
        assert!(re_search("[0-9][0-9]*", "port 80"));
        assert!(!re_search("[^a-z]", "abc"));
        assert!(re_search("\\.", "a.b"));
    }
}
