//! What may differ between a docs page's output and podscope's, and nothing else: ages and
//! durations, generated name suffixes, IPs, UIDs, container and image IDs, timestamps,
//! resource versions, pull timings and sizes. Each line becomes its indentation and its cells
//! (split at runs of two or more spaces, so column widths that follow from name lengths do
//! not matter); a table's rows are compared as a set (kubectl sorts by name, and generated
//! names sort differently). An expected line `...` stands for any lines (the page's excerpts).
//! The rules are in tests/k8s-docs/suite/README.md.

use std::fmt;

/// One line, normalized: its indentation and its cells.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line {
    pub indent: usize,
    pub cells: Vec<String>,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:1$}{2}", "", self.indent, self.cells.join("  "))
    }
}

/// The alphabet of Kubernetes' generated names (apimachinery `util/rand` `alphanums`, also
/// `SafeEncodeString`'s): no vowels, no 0, 1 or 3, so real words rarely match.
const NAME_ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

/// Table columns whose cells are ages or durations (kubectl's printers).
const AGE_COLUMNS: &[&str] = &[
    "AGE",
    "LAST SEEN",
    "FIRST SEEN",
    "DURATION",
    "Age",
    "CREATED",
];

/// `kubectl describe` fields whose values are times or durations.
const TIME_FIELDS: &[&str] = &[
    "Start Time:",
    "Started:",
    "Finished:",
    "Completed At:",
    "Duration:",
    "Creation Timestamp:",
    "CreationTimestamp:",
    "Age:",
    "Last Transition Time:",
];

/// `text` normalized, line by line (trailing blank lines dropped).
pub fn normalize(text: &str) -> Vec<Line> {
    let mut ps: Option<Vec<String>> = None;
    let mut lines: Vec<Line> = text
        .lines()
        .map(|l| {
            let l = tokens(l);
            if l.trim().is_empty() {
                ps = None;
            } else if let Some(columns) = &ps {
                return ps_row(&l, columns);
            } else {
                ps = ps_header(&l);
                if let Some(columns) = &ps {
                    return fields_of(&l, columns.len());
                }
            }
            if is_ls_long(&l) {
                // mode, links, owner, group, size, date, name.
                return fields_of(&l, 7);
            }
            split(&l)
        })
        .collect();
    while lines.last().is_some_and(|l| l.cells.is_empty()) {
        lines.pop();
    }
    tables(&mut lines);
    for line in &mut lines {
        fields(line);
    }
    lines
}

/// Whether `actual` (podscope's output) matches `expected` (the page's, in 1.35's form).
pub fn matches(expected: &str, actual: &str) -> bool {
    let (e, a) = (
        sorted_tables(normalize(expected)),
        sorted_tables(normalize(actual)),
    );
    fits(&e, &a)
}

/// The normalized lines, one per row, for a failure's report.
pub fn render(text: &str) -> String {
    sorted_tables(normalize(text))
        .iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Matches with `...` standing for any run of lines (a small backtracking match).
fn fits(expected: &[Line], actual: &[Line]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if is_ellipsis(first) => {
            (0..=actual.len()).any(|skip| fits(rest, actual.get(skip..).unwrap_or_default()))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| same_line(first, a) && fits(rest, more)),
    }
}

/// Whether an actual line matches an expected one: the same indentation and cells, where
/// `...` inside an expected cell (`containerID: ...`) stands for any text.
fn same_line(expected: &Line, actual: &Line) -> bool {
    expected.indent == actual.indent
        && expected.cells.len() == actual.cells.len()
        && expected
            .cells
            .iter()
            .zip(&actual.cells)
            .all(|(e, a)| glob(e, a))
}

/// `pattern` with each `...` standing for any text.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split("...");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn is_ellipsis(line: &Line) -> bool {
    line.cells.len() == 1 && line.cells.first().is_some_and(|c| c == "...")
}

/// `ps`'s columns whose values are measurements (CPU and memory use, start and CPU times).
const PS_MEASURED: &[&str] = &["%CPU", "%MEM", "VSZ", "RSS", "START", "TIME", "STIME"];

/// The columns of a `ps` header (busybox `PID USER TIME COMMAND`, procps `USER PID %CPU …
/// COMMAND`), if the line is one.
fn ps_header(line: &str) -> Option<Vec<String>> {
    let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let first = words.first()?;
    let last = words.last()?;
    (matches!(first.as_str(), "USER" | "PID" | "UID")
        && matches!(last.as_str(), "COMMAND" | "CMD")
        && words.len() >= 3)
        .then_some(words)
}

/// A `ps` row: split at whitespace into the header's columns (the command keeps its spaces),
/// measured columns replaced.
fn ps_row(line: &str, columns: &[String]) -> Line {
    let mut row = fields_of(line, columns.len());
    for (cell, column) in row.cells.iter_mut().zip(columns) {
        if PS_MEASURED.contains(&column.as_str()) {
            *cell = "<m>".to_owned();
        }
    }
    row
}

/// A line split at whitespace into `n` fields, the last keeping its inner spaces.
fn fields_of(line: &str, n: usize) -> Line {
    let indent = line.len() - line.trim_start().len();
    let mut cells = Vec::new();
    let mut rest = line.trim();
    for _ in 1..n {
        if rest.is_empty() {
            break;
        }
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        cells.push(word.to_owned());
        rest = after.trim_start();
    }
    if !rest.is_empty() {
        cells.push(rest.to_owned());
    }
    Line { indent, cells }
}

/// An `ls -l` line: a file type and nine permission characters, then a space.
fn is_ls_long(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 11
        && b.first().is_some_and(|c| b"-dlcbps".contains(c))
        && b.get(1..10)
            .is_some_and(|m| m.iter().all(|c| b"rwxsStT-".contains(c)))
        && b.get(10)
            .is_some_and(|c| *c == b' ' || *c == b'.' || *c == b'+')
}

/// Splits a line into its indentation and cells.
fn split(line: &str) -> Line {
    let line = line.trim_end();
    let body = line.trim_start();
    let indent = line.len() - body.len();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0;
    for c in body.chars() {
        if c == ' ' || c == '\t' {
            spaces += if c == '\t' { 2 } else { 1 };
            continue;
        }
        if spaces >= 2 {
            cells.push(std::mem::take(&mut cell));
        } else if spaces == 1 {
            cell.push(' ');
        }
        spaces = 0;
        cell.push(c);
    }
    if !cell.is_empty() {
        cells.push(cell);
    }
    Line { indent, cells }
}

/// A table's header: every cell in capitals (`NAME`, `LAST SEEN`, `CLUSTER-IP`,
/// `CPU(cores)` aside), at least two cells.
fn is_header(line: &Line) -> bool {
    line.cells.len() >= 2
        && line.cells.first().is_some_and(|c| {
            c == "NAME"
                || c == "LAST SEEN"
                || c == "CONTAINER"
                || c == "POD ID"
                || c == "IMAGE"
                || c == "NAMESPACE"
        })
        && line.cells.iter().all(|c| {
            c.chars()
                .all(|ch| ch.is_ascii_uppercase() || matches!(ch, ' ' | '-' | '(' | ')' | '.'))
        })
}

/// A `kubectl describe` events header (`Type  Reason  Age  From  Message`), followed by its
/// dashes.
fn is_events_header(line: &Line, next: Option<&Line>) -> bool {
    line.cells.first().is_some_and(|c| c == "Type")
        && line.cells.iter().any(|c| c == "Age")
        && next.is_some_and(|n| n.cells.iter().all(|c| c.chars().all(|ch| ch == '-')))
}

/// Ages in age columns, restart times in RESTARTS.
fn tables(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        let Some(header) = lines.get(i).cloned() else {
            break;
        };
        let events = is_events_header(&header, lines.get(i + 1));
        if !is_header(&header) && !events {
            i += 1;
            continue;
        }
        let ages: Vec<usize> = header
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| AGE_COLUMNS.contains(&c.as_str()))
            .map(|(n, _)| n)
            .collect();
        let restarts = header.cells.iter().position(|c| c == "RESTARTS");
        let mut j = i + 1 + usize::from(events);
        while let Some(row) = lines.get_mut(j) {
            if row.cells.is_empty() || row.indent != header.indent {
                break;
            }
            // Empty cells (a PV's CLAIM before it is bound) vanish in the split: an age column
            // that ends the header is the row's last cell whatever the count.
            let last = row.cells.len().saturating_sub(1);
            let header_last = header.cells.len().saturating_sub(1);
            for &n in &ages {
                let n = if n == header_last { last } else { n };
                if let Some(cell) = row.cells.get_mut(n) {
                    *cell = "<age>".to_owned();
                }
            }
            if let Some(cell) = restarts.and_then(|n| row.cells.get_mut(n))
                && let Some((count, _)) = cell.split_once(" (")
            {
                *cell = format!("{count} (<age> ago)");
            }
            j += 1;
        }
        i = j;
    }
}

/// A node port the API server allocated (30000–32767, its default range): in `80:31234/TCP`
/// (kubectl's PORT(S)) and in describe's `NodePort:  <unset>  31496/TCP`.
fn node_ports(cell: &str, after_colon_only: bool) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let n = from.chars().take_while(char::is_ascii_digit).count();
        let (num, after) = from.split_at(n);
        let port = num
            .parse::<u32>()
            .is_ok_and(|p| (30000..=32767).contains(&p));
        let colon = before.ends_with(':') || !after_colon_only;
        let start_ok = !before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.');
        if port && colon && (start_ok || before.ends_with(':')) && after.starts_with('/') {
            out.push_str("<nodeport>");
        } else {
            out.push_str(num);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Times in describe's fields, pull timings and sizes in event messages.
fn fields(line: &mut Line) {
    let node_port_field = line.cells.first().is_some_and(|c| c == "NodePort:");
    for cell in &mut line.cells {
        *cell = node_ports(cell, !node_port_field);
    }
    if let Some(first) = line.cells.first()
        && TIME_FIELDS.contains(&first.as_str())
    {
        for cell in line.cells.iter_mut().skip(1) {
            *cell = "<time>".to_owned();
        }
    }
    for cell in &mut line.cells {
        // kubelet images/image_manager.go: `Successfully pulled image %q in %v (%v including
        // waiting). Image size: %v bytes.`
        if let Some(at) = cell.find("Successfully pulled image \"")
            && let Some(quote) = cell.get(at + 27..).and_then(|r| r.find('"'))
        {
            let end = at + 27 + quote + 1;
            cell.truncate(end);
            cell.push_str(" in <pull>");
        }
        if let Some(rest) = cell.strip_prefix("resourceVersion: ")
            && !rest.is_empty()
        {
            *cell = "resourceVersion: <rv>".to_owned();
        }
    }
}

/// Tables' rows sorted (after their header), so the order of generated names does not count.
fn sorted_tables(mut lines: Vec<Line>) -> Vec<Line> {
    let mut i = 0;
    while i < lines.len() {
        let header = lines.get(i).is_some_and(is_header);
        if !header {
            i += 1;
            continue;
        }
        let indent = lines.get(i).map_or(0, |l| l.indent);
        let start = i + 1;
        let mut end = start;
        while lines
            .get(end)
            .is_some_and(|l| !l.cells.is_empty() && l.indent == indent && !is_ellipsis(l))
        {
            end += 1;
        }
        if let Some(rows) = lines.get_mut(start..end) {
            rows.sort();
        }
        i = end.max(i + 1);
    }
    lines
}

/// The content rules, applied to one line's text: timestamps, UIDs, long hex IDs, IPv4
/// addresses, generated name suffixes.
fn tokens(line: &str) -> String {
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
            out.push_str(&name(&word));
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
    let shape = "Aaa, dd Aaa dddd dd:dd:dd +dddd";
    if s.len() < shape.len() {
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
    Some(shape.len())
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

#[cfg(test)]
mod tests;
