//! The content rules of the normalizer, applied to one line's text before it is split into
//! cells: timestamps (RFC 3339, describe's RFC 1123Z, `ls -l` dates, the atomic writer's
//! `..<timestamp>` directories, nginx's access log times), UIDs, long hex IDs, IPv4 addresses and generated name
//! suffixes become placeholders.

/// The alphabet of Kubernetes' generated names (apimachinery `util/rand` `alphanums`, also
/// `SafeEncodeString`'s): no vowels, no 0, 1 or 3, so real words rarely match.
const NAME_ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

/// The content rules, applied to one line's text: timestamps, UIDs, long hex IDs, IPv4
/// addresses, generated name suffixes.
pub(super) fn tokens(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_ascii_alphanumeric());
        if boundary && let Some((len, with)) = special(&chars[i..]) {
            out.push_str(with);
            i += len;
            continue;
        }
        if boundary && chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
            let len = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
                .count();
            let word: String = chars[i..i + len].iter().collect();
            // A sentence's full stop is not part of the name it ends
            // (`Defaulting debug container name to debugger-8xzrl.`).
            match word.strip_suffix('.') {
                Some(stem) => {
                    out.push_str(&name(stem));
                    out.push('.');
                }
                None => out.push_str(&name(&word)),
            }
            i += len;
            continue;
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    out
}

/// A timestamp, UID, hex ID or IP at the start of `s`: its length in chars and replacement.
fn special(s: &[char]) -> Option<(usize, &'static str)> {
    let end_ok = |n: usize| s.get(n).is_none_or(|c| !c.is_ascii_alphanumeric());
    if let Some(n) = rfc3339(s) {
        return Some((n, "<time>"));
    }
    if let Some(n) = describe_time(s) {
        return Some((n, "<time>"));
    }
    if let Some(n) = atomic_writer_dir(s) {
        return Some((n, "<time>"));
    }
    if let Some(n) = nginx_time(s) {
        return Some((n, "<time>"));
    }
    if let Some(n) = ls_date(s) {
        return Some((n, "<date>"));
    }
    if let Some(n) = uid(s)
        && end_ok(n)
    {
        return Some((n, "<uid>"));
    }
    let hex = s
        .iter()
        .take_while(|c| c.is_ascii_digit() || ('a'..='f').contains(c))
        .count();
    if hex >= 12
        && end_ok(hex)
        && s[..hex].iter().any(|c| c.is_ascii_digit())
        && s[..hex].iter().any(|c| c.is_ascii_alphabetic())
    {
        return Some((hex, "<hex>"));
    }
    if let Some(n) = ipv4(s) {
        return Some((n, "<ip>"));
    }
    None
}

/// Digits at the start: how many.
fn digits(s: &[char]) -> usize {
    s.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// `2006-01-02T15:04:05Z` (fraction and offset optional).
fn rfc3339(s: &[char]) -> Option<usize> {
    let shape = "dddd-dd-ddTdd:dd:dd";
    if s.len() < shape.len() {
        return None;
    }
    for (c, want) in s.iter().zip(shape.chars()) {
        let ok = match want {
            'd' => c.is_ascii_digit(),
            w => *c == w,
        };
        if !ok {
            return None;
        }
    }
    let mut n = shape.len();
    if s.get(n) == Some(&'.') {
        n += 1 + digits(s.get(n + 1..).unwrap_or_default());
    }
    match s.get(n) {
        Some('Z') => n += 1,
        Some('+' | '-') => n += 6,
        _ => {}
    }
    Some(n.min(s.len()))
}

/// `Mon, 02 Jan 2006 15:04:05 -0700` (kubectl describe's `time.RFC1123Z`).
fn describe_time(s: &[char]) -> Option<usize> {
    shaped(s, "Aaa, dd Aaa dddd dd:dd:dd +dddd")
}

/// Whether `s` starts with text of `shape` (`d` a digit, `A` an upper-case and `a` a
/// lower-case letter, `+` a sign, anything else itself): the shape's length if so.
fn shaped(s: &[char], shape: &str) -> Option<usize> {
    if s.len() < shape.chars().count() {
        return None;
    }
    for (c, want) in s.iter().zip(shape.chars()) {
        let ok = match want {
            'd' => c.is_ascii_digit(),
            'A' => c.is_ascii_uppercase(),
            'a' => c.is_ascii_lowercase(),
            '+' => matches!(c, '+' | '-'),
            w => *c == w,
        };
        if !ok {
            return None;
        }
    }
    Some(shape.chars().count())
}

/// The timestamp of the kubelet's atomic-writer directory, `..2006_01_02_15_04_05.123456789`
/// (`pkg/volume/util/atomic_writer.go`), after its two dots.
fn atomic_writer_dir(s: &[char]) -> Option<usize> {
    let shape = "dddd_dd_dd_dd_dd_dd.";
    if s.len() <= shape.len() {
        return None;
    }
    for (c, want) in s.iter().zip(shape.chars()) {
        let ok = match want {
            'd' => c.is_ascii_digit(),
            w => *c == w,
        };
        if !ok {
            return None;
        }
    }
    let n = shape.len() + digits(s.get(shape.len()..).unwrap_or_default());
    (n > shape.len()).then_some(n)
}

/// nginx's `$time_local` in its access log, `06/Jun/2018:02:45:49 +0000` (ngx_times.c
/// `ngx_cached_http_log_time`, format `%02d/%s/%d:%02d:%02d:%02d %c%02i%02i`).
fn nginx_time(s: &[char]) -> Option<usize> {
    shaped(s, "dd/Aaa/dddd:dd:dd:dd +dddd")
}

/// `ls -l`'s modification time: `Jun  6 20:08`, or `Jun  6  2021` for an old file.
fn ls_date(s: &[char]) -> Option<usize> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: String = s.get(..3)?.iter().collect();
    MONTHS.contains(&month.as_str()).then_some(())?;
    let rest: String = s.get(3..13)?.iter().collect();
    let b = rest.as_bytes();
    let day = b.first() == Some(&b' ')
        && (b.get(1) == Some(&b' ') || b.get(1).is_some_and(u8::is_ascii_digit))
        && b.get(2).is_some_and(u8::is_ascii_digit)
        && b.get(3) == Some(&b' ');
    let clock = b.get(4..9).is_some_and(|t| {
        t.iter().enumerate().all(|(i, c)| match i {
            2 => *c == b':',
            _ => c.is_ascii_digit(),
        })
    });
    let year = b.get(4) == Some(&b' ')
        && b.get(5..9)
            .is_some_and(|t| t.iter().all(u8::is_ascii_digit));
    (day && (clock || year)).then_some(12)
}

/// A UID: 8-4-4-4-12 hex digits.
fn uid(s: &[char]) -> Option<usize> {
    let mut n = 0;
    for (k, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
        if k > 0 {
            (s.get(n) == Some(&'-')).then_some(())?;
            n += 1;
        }
        let run = s
            .get(n..)?
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        (run == len).then_some(())?;
        n += len;
    }
    Some(n)
}

/// A dotted IPv4 address.
fn ipv4(s: &[char]) -> Option<usize> {
    let mut n = 0;
    for k in 0..4 {
        if k > 0 {
            (s.get(n) == Some(&'.')).then_some(())?;
            n += 1;
        }
        let d = digits(s.get(n..)?);
        (1..=3).contains(&d).then_some(())?;
        n += d;
    }
    let next_is_digit = s.get(n).is_some_and(char::is_ascii_digit)
        || (s.get(n) == Some(&'.') && s.get(n + 1).is_some_and(char::is_ascii_digit));
    (!next_is_digit).then_some(n)
}

/// A name with its generated parts replaced: a last `-` segment of five characters of the
/// names' alphabet (`-xxxxx`), a segment of 8–10 such characters with a digit (a
/// pod-template-hash, `-<hash>`); a whole word that is such a hash too.
fn name(word: &str) -> String {
    let in_alphabet = |s: &str| s.chars().all(|c| NAME_ALPHABET.contains(c));
    let hash = |s: &str| {
        (8..=10).contains(&s.len()) && in_alphabet(s) && s.chars().any(|c| c.is_ascii_digit())
    };
    let segments: Vec<&str> = word.split('-').collect();
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .map(|(k, seg)| {
            if k > 0 && k == last && seg.len() == 5 && in_alphabet(seg) {
                "xxxxx".to_owned()
            } else if hash(seg) && (k > 0 || segments.len() == 1) {
                "<hash>".to_owned()
            } else {
                (*seg).to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}
