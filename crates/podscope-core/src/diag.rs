//! Diagnostics: every problem found in the user's text, with where it is and what is wrong.
//!
//! Validation collects all problems instead of stopping at the first, as the API server does.

use std::fmt;

/// A 1-based line and column in the user's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Notice,
}

/// One problem (or notice) about the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the text, when known.
    pub location: Option<Location>,
    /// The message, for field errors in the API server's form `spec.containers[0].image: Required value`.
    pub message: String,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
        }
    }

    pub fn notice(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Notice,
            location,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Notice => "notice",
        };
        match self.location {
            Some(Location { line, column }) => {
                write!(f, "{level}: line {line}, column {column}: {}", self.message)
            }
            None => write!(f, "{level}: {}", self.message),
        }
    }
}
