//! Where the core's diagnostics go in the editor: a `Location` (1-based line, column counted in
//! characters, as `model::spans` documents it) becomes a line and UTF-16 columns, which is how
//! both CodeMirror and a textarea count positions.

use podscope_core::model::diag::{Diagnostic, Location, Severity};

/// One diagnostic placed on a line of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// 1-based, as the core counts lines.
    pub line: usize,
    /// 0-based UTF-16 columns on that line: where the mark starts and ends.
    pub from: usize,
    pub to: usize,
    pub severity: Severity,
    /// The path and message, as the API server words a field error.
    pub message: String,
}

/// The lines of `text` as the core numbers them: `\r\n`, `\n` and a lone `\r` each end one
/// (YAML 1.2's line breaks, which CodeMirror splits on too).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}

/// YAML's flow indicators, which end a plain scalar inside `[]` and `{}`.
const FLOW: [char; 5] = [',', '[', ']', '{', '}'];

/// The marks of the diagnostics that have a place in `text`; the others are only listed.
pub fn marks(text: &str, diagnostics: &[Diagnostic]) -> Vec<Mark> {
    diagnostics
        .iter()
        .filter_map(|d| {
            let at = d.location?;
            let (line, from, to) = place(text, at);
            Some(Mark {
                line,
                from,
                to,
                severity: d.severity,
                message: d.full_message(),
            })
        })
        .collect()
}

/// The line and the UTF-16 columns of `at`, the mark running to the end of the word there
/// (the key or value the core points at; a `:` after a key is left out). A place past the end
/// of its line, or past the last line, is clamped to the end.
pub fn place(text: &str, at: Location) -> (usize, usize, usize) {
    let count = lines(text).count().max(1);
    let line_no = at.line.clamp(1, count);
    let line = lines(text).nth(line_no - 1).unwrap_or("");
    // A byte-order mark is not counted in the core's columns (`model::spans`), but it is a
    // character of the editor's first line.
    let (bom, line) = match line.strip_prefix('\u{feff}') {
        Some(rest) if line_no == 1 => (1, rest),
        _ => (0, line),
    };
    let skip = at.column.saturating_sub(1);
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let from = line[..start].encode_utf16().count();
    let tail = &line[start..];
    // A plain word ends at a space or a flow indicator (`a: [b, {c: d}]`); a place on an
    // indicator marks that one character.
    let end = tail
        .find(|c: char| c.is_whitespace() || FLOW.contains(&c))
        .unwrap_or(tail.len());
    let end = match (end, tail.chars().next()) {
        (0, Some(c)) if !c.is_whitespace() => c.len_utf8(),
        _ => end,
    };
    let word = &tail[..end];
    let word = match word.strip_suffix(':') {
        Some(key) if !key.is_empty() => key,
        _ => word,
    };
    let to = from + word.encode_utf16().count();
    (line_no, bom + from, bom + to)
}

/// A UTF-16 offset of a 1-based line and a 0-based UTF-16 column on it, clamped to the line,
/// counting every line break as one unit: a textarea's `selectionStart` (its value has only
/// `\n`) and a CodeMirror position (its document joins lines with `\n`).
pub fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut at = 0;
    for (n, l) in lines(text).enumerate() {
        let len = l.encode_utf16().count();
        if n + 1 >= line {
            return at + len.min(column);
        }
        at += len + 1;
    }
    at.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn an_ascii_key_is_marked_to_its_colon() {
        let text = "kind: Pod\nspec:\n  containers:\n  - name: web\n    imagee: nginx\n";
        assert_eq!(place(text, at(5, 5)), (5, 4, 10));
        assert_eq!(place(text, at(1, 7)), (1, 6, 9), "a value: to its end");
    }

    #[test]
    fn flow_indicators_end_a_word_or_are_marked_alone() {
        let text = "c: [{name: Bad_Name, x: y}]\n";
        assert_eq!(place(text, at(1, 12)), (1, 11, 19), "Bad_Name");
        assert_eq!(place(text, at(1, 4)), (1, 3, 4), "the [");
    }

    #[test]
    fn columns_count_characters_and_become_utf16_units() {
        // "é" is one UTF-16 unit (2 UTF-8 bytes); "😀" is two UTF-16 units (4 bytes).
        let text = "a: é😀 x: bad\n";
        // Column 7 (1-based, in characters) is the `x` after "a: é😀 " (7 UTF-16 units).
        assert_eq!(place(text, at(1, 7)), (1, 7, 8));
        assert_eq!(place(text, at(1, 4)), (1, 3, 6), "the word é😀 is 3 units");
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_as_in_the_core() {
        let text = "a: 1\r\nb: 2\rc: x\n";
        assert_eq!(place(text, at(3, 4)), (3, 3, 4));
        assert_eq!(offset(text, 3, 3), 5 + 5 + 3, "a break is one unit");
    }

    #[test]
    fn a_byte_order_mark_is_skipped_by_the_core_but_counted_by_the_editor() {
        assert_eq!(place("\u{feff}kind: [", at(1, 7)), (1, 7, 8));
    }

    #[test]
    fn places_past_the_text_are_clamped() {
        let text = "a: 1\nb: 2";
        assert_eq!(place(text, at(9, 1)), (2, 0, 1));
        assert_eq!(place(text, at(1, 40)), (1, 4, 4));
        assert_eq!(place("", at(1, 1)), (1, 0, 0));
        assert_eq!(place(text, at(0, 0)), (1, 0, 1));
    }

    #[test]
    fn offsets_into_the_text_count_utf16_units() {
        let text = "é😀\nkind: Pod\n";
        assert_eq!(offset(text, 2, 5), 4 + 5);
        assert_eq!(offset(text, 2, 99), 4 + 9, "clamped to the line");
        assert_eq!(offset(text, 7, 0), 14, "past the last line: the text's end");
    }

    #[test]
    fn only_located_diagnostics_are_marked() {
        let d = vec![
            Diagnostic::error(Some(at(1, 1)), "Required value").at_path("metadata.name"),
            Diagnostic::notice(None, "no pods"),
        ];
        let m = marks("kind: Pod\n", &d);
        assert_eq!(
            m,
            [Mark {
                line: 1,
                from: 0,
                to: 4,
                severity: Severity::Error,
                message: "metadata.name: Required value".into(),
            }]
        );
    }
}

#[cfg(test)]
mod with_the_core {
    use super::*;

    /// The core's own diagnostic on a line with characters outside ASCII lands on the word it
    /// names: the core counts characters, the editor UTF-16 units.
    #[test]
    fn an_unknown_field_after_non_ascii_text_is_marked_on_its_key() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - {name: c, image: nginx, env: [{name: A, value: \"é😀\"}], imagee: x}\n";
        let loaded = podscope_core::load(text, podscope_core::DEFAULT_SEED);
        let m = marks(text, &loaded.diagnostics);
        let line = text.lines().nth(6).unwrap_or_default();
        let units: Vec<u16> = line.encode_utf16().collect();
        let marked: Vec<String> = m
            .iter()
            .filter(|m| m.line == 7)
            .map(|m| String::from_utf16_lossy(&units[m.from..m.to]))
            .collect();
        assert!(!m.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(marked, ["imagee"], "{m:?}");
    }
}
