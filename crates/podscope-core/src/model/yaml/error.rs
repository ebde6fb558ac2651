//! A YAML error worded as serde_yaml words it (the messages podscope has always shown): libyaml's
//! problem and context with their marks (serde_yaml libyaml/error.rs `Display`), or a message at
//! the node it concerns, after that node's path (serde_yaml error.rs `display`).

use std::fmt;

use libyaml_safer::{ErrorKind, Mark};

use crate::model::diag::Location;

/// A syntax or structure error in a YAML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    location: Option<Location>,
}

impl Error {
    /// Where the error is (1-based), when it has a place.
    pub fn location(&self) -> Option<Location> {
        self.location
    }

    /// A message with no place (`EOF while parsing a value`, `repetition limit exceeded`).
    pub(super) fn bare(message: &str) -> Self {
        Error {
            message: message.to_owned(),
            location: None,
        }
    }

    /// A message about the node at `mark` (`unknown anchor`, `recursion limit exceeded`).
    pub(super) fn at(message: &str, mark: Mark) -> Self {
        Error::in_path(message, mark, ".")
    }

    /// A message about the node at `mark` and field `path` (`.` for the root, which is not
    /// printed).
    pub(super) fn in_path(message: &str, mark: Mark, path: &str) -> Self {
        let mut text = String::new();
        if path != "." {
            text.push_str(path);
            text.push_str(": ");
        }
        text.push_str(message);
        push_mark(&mut text, mark);
        Error {
            message: text,
            location: Some(location(mark)),
        }
    }

    /// libyaml's error. A reader error (a character YAML forbids) has no mark, only the
    /// offset of the character, which `text` gives.
    /// `mark` maps the parser's marks to the text's.
    pub(super) fn libyaml(
        e: &libyaml_safer::Error,
        text: &str,
        mark: impl Fn(Mark) -> Mark,
    ) -> Self {
        // The port misspells one of C libyaml's problems (scanner.c: "hexadecimal").
        let mut message = match e.problem() {
            "did not find expected hexdecimal number" => "did not find expected hexadecimal number",
            problem => problem,
        }
        .to_owned();
        let problem_mark = mark(e.problem_mark().unwrap_or_default());
        if is_set(problem_mark) {
            push_mark(&mut message, problem_mark);
        } else if e.kind() == ErrorKind::Reader
            && let Some(offset) = forbidden_offset(text).filter(|&o| o != 0)
        {
            message.push_str(&format!(" at position {offset}"));
        }
        if let Some(context) = e.context() {
            message.push_str(", ");
            message.push_str(context);
            if let Some(mark) = e.context_mark().map(&mark)
                && is_set(mark)
                && (mark.line, mark.column) != (problem_mark.line, problem_mark.column)
            {
                push_mark(&mut message, mark);
            }
        }
        Error {
            message,
            // serde_yaml's `location()` is the problem mark, the start for a reader error.
            location: Some(location(problem_mark)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// libyaml's 0-based mark as a 1-based location.
fn location(mark: Mark) -> Location {
    Location {
        line: usize::try_from(mark.line)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
        column: usize::try_from(mark.column)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
    }
}

/// serde_yaml prints a mark only when it is not at the very start.
fn is_set(mark: Mark) -> bool {
    mark.line != 0 || mark.column != 0
}

fn push_mark(text: &mut String, mark: Mark) {
    if is_set(mark) {
        let at = location(mark);
        text.push_str(&format!(" at line {} column {}", at.line, at.column));
    }
}

/// The byte offset of the first character libyaml's reader refuses (libyaml reader.c: C0
/// controls but tab and line breaks, DEL and C1 controls but NEL, surrogates, U+FFFE/FFFF).
fn forbidden_offset(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(_, c)| {
            !(matches!(c, '\t' | '\n' | '\r' | '\u{85}')
                || ('\u{20}'..='\u{7e}').contains(&c)
                || ('\u{a0}'..='\u{d7ff}').contains(&c)
                || ('\u{e000}'..='\u{fffd}').contains(&c)
                || c >= '\u{10000}')
        })
        .map(|(i, _)| i)
}
