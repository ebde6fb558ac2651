//! Go's `text/tabwriter` with a space pad character: the column aligner behind kubectl's
//! tables and describe, crictl's and docker's tables.
//!
//! Models go/src/text/tabwriter/tabwriter.go `format`: a cell is text ended by a tab; the
//! text after a line's last tab is not part of any column. A column block is a run of
//! consecutive lines that all have a cell in that column; its width is the widest cell plus
//! `padding`, at least `minwidth`; blocks nest column by column. Widths count characters
//! (runes), as Go does.

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
        let lines: Vec<Vec<&str>> = text
            .split_inclusive('\n')
            .map(|l| l.strip_suffix('\n').unwrap_or(l).split('\t').collect())
            .collect();
        let newline: Vec<bool> = text
            .split_inclusive('\n')
            .map(|l| l.ends_with('\n'))
            .collect();
        let mut widths = Vec::new();
        let mut out = String::new();
        self.block(&lines, &newline, 0, lines.len(), &mut widths, &mut out);
        out
    }

    fn block(
        self,
        lines: &[Vec<&str>],
        newline: &[bool],
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            let cells = lines.get(this).map_or(0, Vec::len);
            if column + 1 >= cells {
                this += 1;
                continue;
            }
            write_lines(lines, newline, line0, this, widths, out);
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
            widths.push(width);
            self.block(lines, newline, line0, this, widths, out);
            widths.pop();
            line0 = this;
        }
        write_lines(lines, newline, line0, line1, widths, out);
    }
}

fn write_lines(
    lines: &[Vec<&str>],
    newline: &[bool],
    from: usize,
    to: usize,
    widths: &[usize],
    out: &mut String,
) {
    for i in from..to {
        let Some(line) = lines.get(i) else { continue };
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = widths.get(j)
                && j + 1 < line.len()
            {
                let n = w.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', n));
            }
        }
        if newline.get(i).copied().unwrap_or(false) {
            out.push('\n');
        }
    }
}

/// Joins rows of cells with tabs, one line each, and aligns them.
pub fn table<S: AsRef<str>>(tw: TabWriter, rows: &[Vec<S>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(AsRef::as_ref).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    tw.format(&text)
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
    fn blocks_end_at_lines_without_the_column() {
        let out =
            DESCRIBE.format("Name:\tdemo\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n");
        assert_eq!(
            out,
            "Name:             demo\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n"
        );
    }
}
