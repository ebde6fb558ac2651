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

/// How bad a problem is. Errors stop the manifest from loading, as the API server would
/// reject it; warnings load but deserve attention (kubectl prints them too); notices inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        }
    }
}

/// One problem (or notice) about the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the text, when known.
    pub location: Option<Location>,
    /// The field the problem is about, as the API server prints paths
    /// (`spec.containers[0].image`), when there is one.
    pub path: Option<String>,
    /// What is wrong, without the path (`Required value`).
    pub message: String,
}

impl Diagnostic {
    fn new(severity: Severity, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            location,
            path: None,
            message: message.into(),
        }
    }

    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, location, message)
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, location, message)
    }

    pub fn notice(location: Option<Location>, message: impl Into<String>) -> Self {
        Self::new(Severity::Notice, location, message)
    }

    /// The same diagnostic about a field.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The message with its path in front, as the API server words field errors.
    pub fn full_message(&self) -> String {
        match &self.path {
            Some(p) => format!("{p}: {}", self.message),
            None => self.message.clone(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity.as_str();
        match self.location {
            Some(Location { line, column }) => {
                write!(
                    f,
                    "{level}: line {line}, column {column}: {}",
                    self.full_message()
                )
            }
            None => write!(f, "{level}: {}", self.full_message()),
        }
    }
}
