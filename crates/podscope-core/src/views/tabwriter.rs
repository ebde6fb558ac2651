//! Go's `text/tabwriter` with a space pad character: the column aligner behind kubectl's
//! tables and describe, crictl's and docker's tables.
//!
//! Models go/src/text/tabwriter/tabwriter.go `format`: a cell is text ended by a tab; the
//! text after a line's last tab is not part of any column. A column block is a run of
//! consecutive lines that all have a cell in that column; its width is the widest cell plus
//! `padding`, at least `minwidth`; blocks nest column by column. Widths count characters
//! (runes), as Go does. kubectl's own writer is liggitt/tabwriter with `RememberWidths`
//! (`Remembering`): a column is never narrower than it was before a `Flush`.

/// The settings of one `tabwriter.NewWriter(out, minwidth, tabwidth, padding, ' ', 0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabWriter {
    pub minwidth: usize,
    pub padding: usize,
}

/// kubectl's table printer: cli-runtime pkg/printers/tabwriter.go (`tabwriterMinWidth = 6`,
/// `tabwriterPadding = 3`).
pub const KUBECTL: TabWriter = TabWriter {
    minwidth: 6,
    padding: 3,
};

/// kubectl describe: kubectl pkg/describe/describe.go `tabbedString`
/// (`out.Init(buf, 0, 8, 2, ' ', 0)`).
pub const DESCRIBE: TabWriter = TabWriter {
    minwidth: 0,
    padding: 2,
};

/// crictl: cri-tools cmd/crictl/display.go `newDefaultTableDisplay` (`20, 1, 3, ' ', 0`).
pub const CRICTL: TabWriter = TabWriter {
    minwidth: 20,
    padding: 3,
};

/// The docker CLI's table formatter (`tabwriter.NewWriter(output, 10, 1, 3, ' ', 0)`; the
/// seeds' real `docker ps` rows fit these numbers: a 12-character image padded to 23, an
/// empty PORTS cell 10 wide).
pub const DOCKER: TabWriter = TabWriter {
    minwidth: 10,
    padding: 3,
};

impl TabWriter {
    /// Aligns `text` (lines ending in `\n`, cells separated by `\t`).
    pub fn format(self, text: &str) -> String {
        self.format_remembering(text, None)
    }

    /// `format` with the widths a remembering writer keeps between flushes (`None`: Go's
    /// `text/tabwriter`, which remembers nothing).
    fn format_remembering(self, text: &str, remembered: Option<&mut Vec<usize>>) -> String {
        let text = Cells {
            lines: text
                .split_inclusive('\n')
                .map(|l| l.strip_suffix('\n').unwrap_or(l).split('\t').collect())
                .collect(),
            newline: text
                .split_inclusive('\n')
                .map(|l| l.ends_with('\n'))
                .collect(),
        };
        let mut widths = Vec::new();
        let mut out = String::new();
        let end = text.lines.len();
        self.block(&text, 0, end, &mut widths, remembered, &mut out);
        out
    }

    fn block(
        self,
        text: &Cells<'_>,
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        mut remembered: Option<&mut Vec<usize>>,
        out: &mut String,
    ) {
        let lines = &text.lines;
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            let cells = lines.get(this).map_or(0, Vec::len);
            if column + 1 >= cells {
                this += 1;
                continue;
            }
            write_lines(text, line0, this, widths, out);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let Some(line) = lines.get(this) else { break };
                if column + 1 >= line.len() {
                    break;
                }
                let w = line.get(column).map_or(0, |c| c.chars().count()) + self.padding;
                width = width.max(w);
                this += 1;
            }
            if let Some(max) = remembered.as_deref_mut() {
                width = remember(max, widths, width);
            }
            widths.push(width);
            self.block(text, line0, this, widths, remembered.as_deref_mut(), out);
            widths.pop();
            line0 = this;
        }
        write_lines(text, line0, line1, widths, out);
    }
}

/// liggitt/tabwriter `format` with `RememberWidths`: the column's width is at least the
/// widest it was in an earlier flush, and becomes the remembered width if wider.
fn remember(max: &mut Vec<usize>, widths: &[usize], width: usize) -> usize {
    let column = widths.len();
    if max.len() < column {
        max.extend(widths.iter().skip(max.len()).copied());
    }
    match max.get_mut(column) {
        None => {
            max.push(width);
            width
        }
        Some(m) if *m > width => *m,
        Some(m) => {
            *m = width;
            width
        }
    }
}

/// kubectl's table writer across flushes (cli-runtime pkg/printers/tabwriter.go
/// `GetNewTabWriter`: `tabwriter.RememberWidths`): `kubectl get --watch` flushes after each
/// row, and a later row is padded to at least the widths of what came before.
#[derive(Clone, Debug)]
pub struct Remembering {
    tw: TabWriter,
    widths: Vec<usize>,
}

impl Remembering {
    pub fn new(tw: TabWriter) -> Self {
        Remembering {
            tw,
            widths: Vec::new(),
        }
    }

    /// Writes rows of cells and flushes them.
    pub fn flush<S: AsRef<str>>(&mut self, rows: &[Vec<S>]) -> String {
        self.tw
            .format_remembering(&joined(rows), Some(&mut self.widths))
    }
}

/// A text split into lines of cells, and whether each line ended in a newline.
struct Cells<'a> {
    lines: Vec<Vec<&'a str>>,
    newline: Vec<bool>,
}

fn write_lines(text: &Cells<'_>, from: usize, to: usize, widths: &[usize], out: &mut String) {
    for i in from..to {
        let Some(line) = text.lines.get(i) else {
            continue;
        };
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = widths.get(j)
                && j + 1 < line.len()
            {
                let n = w.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', n));
            }
        }
        if text.newline.get(i).copied().unwrap_or(false) {
            out.push('\n');
        }
    }
}

/// Joins rows of cells with tabs, one line each, and aligns them.
pub fn table<S: AsRef<str>>(tw: TabWriter, rows: &[Vec<S>]) -> String {
    tw.format(&joined(rows))
}

/// Rows of cells as tab-separated lines.
fn joined<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(AsRef::as_ref).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn kubectl_get_pods_layout() {
        let out = table(
            KUBECTL,
            &[
                vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
                vec!["demo", "2/2", "Running", "0", "40s"],
            ],
        );
        // The seed's real `kubectl get po demo`.
        assert_eq!(
            out,
            "NAME   READY   STATUS    RESTARTS   AGE\ndemo   2/2     Running   0          40s\n"
        );
    }

    #[test]
    fn a_remembering_writer_keeps_the_widest_columns_across_flushes() {
        let mut w = Remembering::new(KUBECTL);
        let first = w.flush(&[
            vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            vec!["redis", "1/1", "Running", "0", "13s"],
        ]);
        assert_eq!(
            first,
            "NAME    READY   STATUS    RESTARTS   AGE\nredis   1/1     Running   0          13s\n"
        );
        // A narrower row keeps the widths; a wider cell widens its column from then on.
        assert_eq!(
            w.flush(&[vec!["redis", "0/1", "Completed", "0", "2m"]]),
            "redis   0/1     Completed   0          2m\n"
        );
        assert_eq!(
            w.flush(&[vec!["redis", "1/1", "Running", "1 (2s ago)", "2m"]]),
            "redis   1/1     Running     1 (2s ago)   2m\n"
        );
        // Go's own writer forgets between calls.
        assert_eq!(
            table(KUBECTL, &[vec!["redis", "0/1", "Completed", "0", "2m"]]),
            "redis   0/1   Completed   0     2m\n"
        );
    }

    #[test]
    fn blocks_end_at_lines_without_the_column() {
        let out =
            DESCRIBE.format("Name:\tdemo\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n");
        assert_eq!(
            out,
            "Name:             demo\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n"
        );
    }
}
