//! The text-producing builtins that need nothing but their arguments: busybox `echo`
//! (coreutils/echo.c: `-n`, `-e`, `-E`, no escapes by default) and `printf`
//! (coreutils/printf.c: the common conversions, the format reused for extra arguments).

/// What a builtin produced: stdout, stderr and the status.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub out: String,
    pub err: String,
    pub status: i32,
}

/// Decodes one backslash escape at `chars[i]` (just after the backslash), returning the
/// text and how many characters it used (libbb `bb_process_escape_sequence`). `None`
/// means `\c`: stop all output.
fn escape(chars: &[char], i: usize, octal_needs_zero: bool) -> (Option<String>, usize) {
    let Some(&c) = chars.get(i) else {
        return (Some("\\".into()), 0);
    };
    let simple = match c {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'e' => Some('\u{1b}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        _ => None,
    };
    if let Some(s) = simple {
        return (Some(s.to_string()), 1);
    }
    if c == 'c' {
        return (None, 1);
    }
    if c == 'x' {
        let mut v = 0u32;
        let mut n = 0;
        while n < 2 {
            let Some(d) = chars.get(i + 1 + n).and_then(|c| c.to_digit(16)) else {
                break;
            };
            v = v * 16 + d;
            n += 1;
        }
        if n > 0 {
            return (Some(char::from_u32(v).unwrap_or('?').to_string()), 1 + n);
        }
        return (Some("\\x".into()), 1);
    }
    if c.is_digit(8) && (c == '0' || !octal_needs_zero) {
        let start = if c == '0' && octal_needs_zero {
            i + 1
        } else {
            i
        };
        let mut v = 0u32;
        let mut n = 0;
        while n < 3 {
            let Some(d) = chars.get(start + n).and_then(|c| c.to_digit(8)) else {
                break;
            };
            v = v * 8 + d;
            n += 1;
        }
        let used = (start - i) + n;
        return (
            Some(char::from_u32(v & 0xff).unwrap_or('?').to_string()),
            used,
        );
    }
    (Some(format!("\\{c}")), 1)
}

/// Expands escapes in `s`; the flag says whether `\c` stopped output.
fn unescape(s: &str, octal_needs_zero: bool) -> (String, bool) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            let (text, used) = escape(&chars, i + 1, octal_needs_zero);
            match text {
                Some(t) => out.push_str(&t),
                None => return (out, true),
            }
            i += 1 + used;
        } else {
            out.push(c);
            i += 1;
        }
    }
    (out, false)
}

/// busybox `echo`: leading arguments made only of `n`, `e`, `E` after a `-` are options.
pub fn echo(args: &[String]) -> Output {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some(first) = rest.first() {
        let Some(flags) = first.strip_prefix('-') else {
            break;
        };
        if flags.is_empty() || !flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = rest.get(1..).unwrap_or_default();
    }
    let mut out = String::new();
    for (i, a) in rest.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if escapes {
            let (text, stop) = unescape(a, true);
            out.push_str(&text);
            if stop {
                return Output {
                    out,
                    ..Output::default()
                };
            }
        } else {
            out.push_str(a);
        }
    }
    if newline {
        out.push('\n');
    }
    Output {
        out,
        ..Output::default()
    }
}

/// dash's `echo` (src/bltin/printf.c `echocmd`): a first argument `-n` drops the newline;
/// every other argument is printed with its escapes expanded (`print_escape_str`: `\\0NNN`
/// octal, `\\c` stops all output).
pub fn dash_echo(args: &[String]) -> Output {
    let (newline, rest) = match args.split_first() {
        Some((first, rest)) if first == "-n" => (false, rest),
        _ => (true, args),
    };
    let mut out = String::new();
    for (i, a) in rest.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (text, stop) = unescape(a, true);
        out.push_str(&text);
        if stop {
            return Output {
                out,
                ..Output::default()
            };
        }
    }
    if newline {
        out.push('\n');
    }
    Output {
        out,
        ..Output::default()
    }
}

/// A parsed `%` directive.
struct Spec {
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    conv: char,
}

fn parse_int(arg: &str, err: &mut String, status: &mut i32) -> i64 {
    let t = arg.trim_start();
    if t.is_empty() {
        return 0;
    }
    if let Some(c) = t.strip_prefix('\'').or_else(|| t.strip_prefix('"')) {
        return c.chars().next().map_or(0, |c| c as i64);
    }
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let parsed = if let Some(h) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(h, 16).ok()
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(digits.get(1..).unwrap_or_default(), 8).ok()
    } else {
        digits.parse::<i64>().ok()
    };
    match parsed {
        Some(v) => {
            if neg {
                v.wrapping_neg()
            } else {
                v
            }
        }
        None => {
            // coreutils/printf.c `multiconvert`: "invalid number '%s'".
            err.push_str(&format!("sh: invalid number '{arg}'\n"));
            *status = 1;
            0
        }
    }
}

fn pad(s: String, spec: &Spec) -> String {
    let width = spec.width.unwrap_or(0);
    let len = s.chars().count();
    if len >= width {
        return s;
    }
    let fill = width - len;
    if spec.flags.contains('-') {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.flags.contains('0') && !matches!(spec.conv, 's' | 'b' | 'c') {
        let (sign, digits) = match s.strip_prefix('-') {
            Some(d) => ("-", d.to_string()),
            None => ("", s.clone()),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// busybox `printf FORMAT [ARG]...`.
pub fn printf(args: &[String]) -> Output {
    let Some(format) = args.first() else {
        return Output {
            err: "sh: usage: printf FORMAT [ARGUMENT...]\n".into(),
            status: 2,
            ..Output::default()
        };
    };
    let fmt: Vec<char> = format.chars().collect();
    let mut rest = args.get(1..).unwrap_or_default().iter();
    let mut out = String::new();
    let mut err = String::new();
    let mut status = 0;
    // The format is reused while arguments remain (at most a bounded number of times).
    for round in 0..10_000 {
        let mut used_arg = false;
        let mut i = 0;
        while let Some(&c) = fmt.get(i) {
            if c == '\\' {
                let (text, used) = escape(&fmt, i + 1, false);
                match text {
                    Some(t) => out.push_str(&t),
                    None => return Output { out, err, status },
                }
                i += 1 + used;
                continue;
            }
            if c != '%' {
                out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if fmt.get(i) == Some(&'%') {
                out.push('%');
                i += 1;
                continue;
            }
            let mut spec = Spec {
                flags: String::new(),
                width: None,
                precision: None,
                conv: 's',
            };
            while let Some(&f) = fmt.get(i) {
                if !matches!(f, '-' | '+' | ' ' | '0' | '#') {
                    break;
                }
                spec.flags.push(f);
                i += 1;
            }
            let mut read_num = |i: &mut usize| -> Option<usize> {
                if fmt.get(*i) == Some(&'*') {
                    *i += 1;
                    used_arg = true;
                    let a = rest.next().cloned().unwrap_or_default();
                    return Some(parse_int(&a, &mut err, &mut status).clamp(0, 4096) as usize);
                }
                let mut n: Option<usize> = None;
                while let Some(d) = fmt.get(*i).and_then(|c| c.to_digit(10)) {
                    n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
                    *i += 1;
                }
                n.map(|n| n.min(4096))
            };
            spec.width = read_num(&mut i);
            if fmt.get(i) == Some(&'.') {
                i += 1;
                spec.precision = Some(read_num(&mut i).unwrap_or(0));
            }
            while matches!(fmt.get(i), Some('l' | 'h' | 'z' | 'j' | 't' | 'L')) {
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else {
                err.push_str(&format!("sh: %{}: invalid format\n", spec.flags));
                return Output {
                    out,
                    err,
                    status: 1,
                };
            };
            i += 1;
            spec.conv = conv;
            let arg = rest.next();
            used_arg |= arg.is_some();
            let arg = arg.cloned().unwrap_or_default();
            let text = match conv {
                's' => match spec.precision {
                    Some(p) => arg.chars().take(p).collect(),
                    None => arg,
                },
                'b' => {
                    let (t, stop) = unescape(&arg, true);
                    if stop {
                        out.push_str(&pad(t, &spec));
                        return Output { out, err, status };
                    }
                    t
                }
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' => {
                    let v = parse_int(&arg, &mut err, &mut status);
                    let mut s = v.unsigned_abs().to_string();
                    if let Some(p) = spec.precision {
                        while s.len() < p {
                            s.insert(0, '0');
                        }
                    }
                    if v < 0 {
                        s.insert(0, '-');
                    } else if spec.flags.contains('+') {
                        s.insert(0, '+');
                    } else if spec.flags.contains(' ') {
                        s.insert(0, ' ');
                    }
                    s
                }
                'u' | 'o' | 'x' | 'X' => {
                    let v = parse_int(&arg, &mut err, &mut status) as u64;
                    let s = match conv {
                        'u' => v.to_string(),
                        'o' => format!("{v:o}"),
                        'x' => format!("{v:x}"),
                        _ => format!("{v:X}"),
                    };
                    if spec.flags.contains('#') && v != 0 && conv != 'u' {
                        match conv {
                            'o' => format!("0{s}"),
                            'x' => format!("0x{s}"),
                            _ => format!("0X{s}"),
                        }
                    } else {
                        s
                    }
                }
                'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                    let v = podscope_float::parse(arg.trim()).unwrap_or_else(|| {
                        if !arg.is_empty() {
                            err.push_str(&format!("sh: invalid number '{arg}'\n"));
                            status = 1;
                        }
                        0.0
                    });
                    let p = spec.precision.unwrap_or(6);
                    match conv {
                        'e' | 'E' => {
                            let s = podscope_float::lower_exp_fixed(v, p);
                            // C prints at least two exponent digits: 1.0e+00.
                            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                            let (sign, digits) = match e.strip_prefix('-') {
                                Some(d) => ('-', d),
                                None => ('+', e),
                            };
                            let s = format!("{m}e{sign}{digits:0>2}");
                            if conv == 'E' {
                                s.to_ascii_uppercase()
                            } else {
                                s
                            }
                        }
                        'g' | 'G' => podscope_float::display(v),
                        _ => podscope_float::fixed(v, p),
                    }
                }
                other => {
                    // coreutils/printf.c: "%c: invalid format" style.
                    err.push_str(&format!("sh: %{}{other}: invalid format\n", spec.flags));
                    return Output {
                        out,
                        err,
                        status: 1,
                    };
                }
            };
            out.push_str(&pad(text, &spec));
        }
        if rest.len() == 0 || !used_arg || round == 9_999 {
            break;
        }
    }
    Output { out, err, status }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn echo_options() {
        assert_eq!(echo(&s(&["hi", "there"])).out, "hi there\n");
        assert_eq!(echo(&s(&["-n", "hi"])).out, "hi");
        assert_eq!(echo(&s(&["a\\tb"])).out, "a\\tb\n");
        assert_eq!(echo(&s(&["-e", "a\\tb\\0101"])).out, "a\tbA\n");
        assert_eq!(echo(&s(&["-e", "a\\cb"])).out, "a");
        assert_eq!(echo(&s(&["-x", "y"])).out, "-x y\n");
        assert_eq!(echo(&s(&["-"])).out, "-\n");
        assert_eq!(echo(&[]).out, "\n");
    }

    #[test]
    fn printf_formats() {
        assert_eq!(
            printf(&s(&["%s=%d\\n", "a", "1", "b", "2"])).out,
            "a=1\nb=2\n"
        );
        assert_eq!(
            printf(&s(&["%5s|%-5s|%05d\\n", "x", "y", "-42"])).out,
            "    x|y    |-0042\n"
        );
        assert_eq!(
            printf(&s(&["%x %o %X %%\\n", "255", "8", "255"])).out,
            "ff 10 FF %\n"
        );
        assert_eq!(printf(&s(&["%.2f\\n", "3.14159"])).out, "3.14\n");
        assert_eq!(printf(&s(&["%b", "a\\nb"])).out, "a\nb");
        let bad = printf(&s(&["%d\\n", "abc"]));
        assert_eq!(
            (bad.out.as_str(), bad.err.as_str(), bad.status),
            ("0\n", "sh: invalid number 'abc'\n", 1)
        );
    }
}
