//! The bytes the parser reads for a text, so that libyaml-safer 0.3.0 reads it as C libyaml
//! does. The port panics at two places where C reads the NUL padding behind its input:
//!
//! - a block scalar whose last content line ends the text without a line break (scanner.rs
//!   `read_line_break` after the line's characters). Such a text is read with a `\n` after it,
//!   which changes nothing C reports but that scalar's value: it gains the line break C did not
//!   read, taken off again here. Whether the text's last line was a content line is asked of
//!   the parser itself: a character added to such a line joins the scalar's last line.
//! - a double-quoted scalar whose escaping backslash is the last character (scanner.rs reads the
//!   escape's second character with `unwrap`). C reports `found unknown escape character` at
//!   the backslash; the same text with an unknown escape character after it gives that very
//!   error, every event before it unchanged.
//!
//! - a tag ended by a `,` in a flow collection (`[!t, x]`): the port's scanner.rs has
//!   `panic!("TODO: What is expected here?")` where C ends the tag and goes on. Such a text is
//!   read with a space between the tag and the comma, which C reads the same way (the columns
//!   after it on that line move by one).
//!
//! Every other text is read as it is.

use std::borrow::Cow;

use libyaml_safer::{Mark, Parser, ScalarStyle, Scanner, TokenData};

/// A text as the parser reads it.
pub(super) struct Source<'t> {
    pub text: Cow<'t, str>,
    /// Set when a `\n` was added after a block scalar's last line: the text's length, and
    /// whether that scalar's value gained a line break.
    padded: Option<(u64, bool)>,
    /// The spaces added before commas: each one's line and column in `text`.
    spaces: Vec<(u64, u64)>,
}

impl<'t> Source<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        match spaced_tags(text) {
            Some((spaced, spaces)) => Source {
                spaces,
                ..Source::at_end(spaced.into()).into_owned()
            },
            None => Source::at_end(text.into()),
        }
    }

    fn into_owned(self) -> Source<'static> {
        Source {
            text: Cow::Owned(self.text.into_owned()),
            padded: self.padded,
            spaces: self.spaces,
        }
    }

    /// The guards for the text's end.
    fn at_end(text: Cow<'t, str>) -> Self {
        let plain = |text: Cow<'t, str>| Source {
            text,
            padded: None,
            spaces: Vec::new(),
        };
        if text.ends_with('\\') && escape_at_end(&text) {
            return plain(format!("{text}q").into());
        }
        if text.is_empty() || text.ends_with(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            return plain(text);
        }
        // Only a block scalar (`|`, `>`) can end the text on a content line: most texts need
        // no second scan.
        if !text.contains(['|', '>']) {
            return plain(text);
        }
        let padded = format!("{text}\n");
        let len = text.len() as u64;
        let Some((value, end)) = last_block_scalar(&padded) else {
            return plain(text);
        };
        if end <= len {
            return plain(text);
        }
        // The scalar ran to the end. Was the text's last line one of its content lines?
        let (base, gained) = match value.strip_suffix('\n') {
            Some(base) => (base, true),
            None => (value.as_str(), false),
        };
        let joined = format!("{base}z{}", if gained { "\n" } else { "" });
        let content = last_block_scalar(&format!("{text}z\n")).is_some_and(|(v, _)| v == joined);
        if content {
            Source {
                text: padded.into(),
                padded: Some((len, gained)),
                spaces: Vec::new(),
            }
        } else {
            plain(text)
        }
    }

    /// A mark of the parser as a mark in the text: its column less the spaces added before it
    /// on its line (its index is not kept).
    pub(super) fn mark(&self, mut mark: Mark) -> Mark {
        let before = self
            .spaces
            .iter()
            .filter(|&&(line, column)| line == mark.line && column < mark.column)
            .count();
        mark.column -= before as u64;
        mark
    }

    /// A scalar's value as C libyaml reads it from the text.
    pub(super) fn scalar(&self, mut value: String, style: ScalarStyle, end: Mark) -> String {
        if let Some((len, true)) = self.padded
            && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && end.index > len
        {
            value.pop();
        }
        value
    }
}

/// The text with a space between each tag and the `,` that ends it in a flow collection, and
/// where those spaces are (line and column in the new text), or `None` when there is none.
///
/// Candidates are found in the text (a `!` and tag characters, then `,`). The scanner reads the
/// text with a space before every candidate's comma; a candidate inside a scalar it reads, or
/// ending a tag outside any flow collection (where C reports the comma), keeps its text. A
/// candidate after a scanner error keeps its space: the text fails there either way.
fn spaced_tags(text: &str) -> Option<(String, Vec<(u64, u64)>)> {
    let tag_char = |c: char| c.is_ascii_alphanumeric() || "-_;/?:@&=+$.%!~*'()".contains(c);
    let bytes = text.as_bytes();
    let mut commas = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('!') {
        let start = i + found;
        let end = text[start + 1..]
            .find(|c| !tag_char(c))
            .map_or(text.len(), |n| start + 1 + n);
        if bytes.get(end) == Some(&b',') {
            commas.push(end);
        }
        i = end.max(start + 1);
    }
    if commas.is_empty() {
        return None;
    }
    let spaced = |at: &[usize]| {
        let mut out = String::with_capacity(text.len() + at.len());
        let mut from = 0;
        for &c in at {
            out.push_str(&text[from..c]);
            out.push(' ');
            from = c;
        }
        out.push_str(&text[from..]);
        out
    };
    // Every candidate spaced, and a line break at the end (the scan must not panic either).
    let trial = spaced(&commas) + "\n";
    // Each candidate's space in the trial text: moved by one per earlier candidate.
    let at: Vec<u64> = commas
        .iter()
        .enumerate()
        .map(|(n, &c)| (c + n) as u64)
        .collect();
    let mut keep = vec![true; commas.len()];
    let mut input = trial.as_bytes();
    let mut scanner = Scanner::new();
    scanner.set_encoding(libyaml_safer::Encoding::Utf8);
    scanner.set_input_string(&mut input);
    let mut flow = 0u32;
    for token in scanner {
        let Ok(token) = token else { break };
        let (start, end) = (token.start_mark.index, token.end_mark.index);
        match token.data {
            TokenData::FlowSequenceStart | TokenData::FlowMappingStart => flow += 1,
            TokenData::FlowSequenceEnd | TokenData::FlowMappingEnd => {
                flow = flow.saturating_sub(1);
            }
            TokenData::Tag { .. } if flow == 0 => {
                if let Ok(n) = at.binary_search(&end) {
                    keep[n] = false;
                }
            }
            TokenData::Scalar { .. } => {
                let first = at.partition_point(|&a| a < start);
                let last = at.partition_point(|&a| a < end);
                for k in &mut keep[first..last] {
                    *k = false;
                }
            }
            _ => {}
        }
    }
    let chosen: Vec<usize> = commas
        .iter()
        .zip(&keep)
        .filter(|&(_, &k)| k)
        .map(|(&c, _)| c)
        .collect();
    if chosen.is_empty() {
        return None;
    }
    let spaced_text = spaced(&chosen);
    let mut spaces = Vec::with_capacity(chosen.len());
    let mut line = 0u64;
    let mut line_start = 0;
    let mut from = 0;
    for &c in &chosen {
        let (breaks, last) = line_breaks(&text[from..c]);
        if breaks > 0 {
            line += breaks;
            line_start = from + last;
        }
        from = c;
        // Earlier spaces on this line move this one right.
        let earlier = spaces.iter().filter(|&&(l, _)| l == line).count();
        let column = text[line_start..c].chars().count() + earlier;
        spaces.push((line, column as u64));
    }
    Some((spaced_text, spaces))
}

/// How many line breaks libyaml counts in `text` (`\r\n` one), and the byte offset just after
/// the last one.
fn line_breaks(text: &str) -> (u64, usize) {
    let mut n = 0;
    let mut after = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' {
            after = i + 1;
            if chars.next_if(|&(_, c)| c == '\n').is_some() {
                after = i + 2;
            }
            n += 1;
        } else if matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            after = i + c.len_utf8();
            n += 1;
        }
    }
    (n, after)
}

fn parser<'a>(input: &'a mut &'a [u8]) -> Parser<&'a mut &'a [u8]> {
    let mut parser = Parser::new();
    parser.set_encoding(libyaml_safer::Encoding::Utf8);
    parser.set_input_string(input);
    parser
}

/// The value and end of the last block scalar token in `text` (which ends in a line break):
/// the scanner's, since the scanner reads a token before the parser may refuse it.
fn last_block_scalar(text: &str) -> Option<(String, u64)> {
    let mut input = text.as_bytes();
    let mut scanner = Scanner::new();
    scanner.set_encoding(libyaml_safer::Encoding::Utf8);
    scanner.set_input_string(&mut input);
    let mut last = None;
    for token in scanner {
        let Ok(token) = token else { break };
        if let TokenData::Scalar { value, style } = token.data
            && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
        {
            last = Some((value, token.end_mark.index));
        }
    }
    last
}

/// Whether the backslash ending `text` escapes inside a double-quoted scalar.
fn escape_at_end(text: &str) -> bool {
    let padded = format!("{text}q\n");
    let mut input = padded.as_bytes();
    for event in parser(&mut input) {
        if let Err(e) = event {
            return e.problem() == "found unknown escape character"
                && e.problem_mark().map(|m| m.index) == Some(text.len() as u64 - 1);
        }
    }
    false
}
