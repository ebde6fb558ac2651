//! What may differ between a docs page's output and podscope's, and nothing else: ages and
//! durations, generated name suffixes, IPs, UIDs, container and image IDs, timestamps,
//! resource versions, pull timings and sizes. Each line becomes its indentation and its cells
//! (split at runs of two or more spaces, so column widths that follow from name lengths do
//! not matter); a table's rows are compared as a set (kubectl sorts by name, and generated
//! names sort differently). An expected line `...` stands for any lines (the page's excerpts).
//! The rules are in tests/k8s-docs/suite/README.md.

use std::fmt;

use tokens::tokens;

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

/// Table columns whose cells are ages or durations (kubectl's printers).
const AGE_COLUMNS: &[&str] = &[
    "AGE",
    "LAST SEEN",
    "FIRST SEEN",
    "DURATION",
    "Age",
    "CREATED",
];

/// Table columns whose cells are measured sizes (`crictl images`' SIZE: an image's content,
/// which changes with every release of a tag such as `latest`).
const SIZE_COLUMNS: &[&str] = &["SIZE"];

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
    let mut ps: Option<PsTable> = None;
    let mut lines: Vec<Line> = text
        .lines()
        .map(|l| {
            let l = tokens(l);
            if l.trim().is_empty() {
                ps = None;
            } else if let Some(table) = &mut ps {
                return table.row(&l);
            } else {
                ps = ps_header(&l).map(|columns| PsTable {
                    columns,
                    last_pid: 1,
                });
                if let Some(table) = &ps {
                    return fields_of(&l, table.columns.len());
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

/// A `ps` table being read: its header's columns and the last PID seen.
struct PsTable {
    columns: Vec<String>,
    last_pid: u64,
}

impl PsTable {
    /// A `ps` row: split at whitespace into the header's columns (the command keeps its
    /// spaces), measured columns replaced. A PID other than 1 is a placeholder as long as the
    /// table's PIDs rise: which numbers runc init's Go threads took before an exec'd process
    /// is the Go scheduler's, and differs between two runs on one cluster (the
    /// security-context page prints `node server.js` as PID 8 and, for the same image, 5).
    /// PID 1, the order, the count and every other column are compared; the indentation
    /// is not (busybox right-aligns the PID column).
    fn row(&mut self, line: &str) -> Line {
        let mut row = fields_of(line, self.columns.len());
        // busybox right-aligns PIDs (`%5u`): the indentation is the PID's width.
        row.indent = 0;
        for (cell, column) in row.cells.iter_mut().zip(&self.columns) {
            if PS_MEASURED.contains(&column.as_str()) {
                *cell = "<m>".to_owned();
            } else if column == "PID"
                && let Ok(pid) = cell.parse::<u64>()
                && pid > self.last_pid
            {
                self.last_pid = pid;
                *cell = "<pid>".to_owned();
            }
        }
        row
    }
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

/// Ages in age columns, sizes in size columns, restart times in RESTARTS.
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
        let sizes: Vec<usize> = header
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| SIZE_COLUMNS.contains(&c.as_str()))
            .map(|(n, _)| n)
            .collect();
        let restarts = header.cells.iter().position(|c| c == "RESTARTS");
        let mut j = i + 1 + usize::from(events);
        while let Some(row) = lines.get_mut(j) {
            // An ellipsis after a table's rows (a watch the page cut short) is no row.
            if row.cells.is_empty() || row.indent != header.indent || is_ellipsis(row) {
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
            for &n in &sizes {
                if let Some(cell) = row.cells.get_mut(n) {
                    *cell = "<size>".to_owned();
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

mod tokens;

#[cfg(test)]
mod tests;
