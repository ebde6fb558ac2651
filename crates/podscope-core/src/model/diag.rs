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

impl Diagnostic {
    /// The one way podscope prints a diagnostic, compiler style: `FILE:LINE:COL: SEVERITY:
    /// PATH: MESSAGE` (`podscope check`, `inspect` and `run`). Without a file (the page's
    /// Problems list, `kubectl apply -f -` refusing the editor's text, the tests) the line
    /// starts at `LINE:COL: `; a problem with no place in the text (a manifest too large to
    /// read, one without pods) has no `LINE:COL`.
    pub fn render(&self, file: Option<&str>) -> String {
        let mut out = String::new();
        if let Some(file) = file {
            out.push_str(file);
            out.push(':');
        }
        if let Some(Location { line, column }) = self.location {
            out.push_str(&format!("{line}:{column}:"));
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(self.severity.as_str());
        out.push_str(": ");
        out.push_str(&self.full_message());
        out
    }
}

/// `render(None)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_compiler_style_with_or_without_a_file_and_a_place() {
        let at = Some(Location { line: 8, column: 5 });
        let d = Diagnostic::error(at, "Required value").at_path("spec.containers[1].image");
        assert_eq!(
            d.render(Some("pod.yaml")),
            "pod.yaml:8:5: error: spec.containers[1].image: Required value"
        );
        assert_eq!(
            d.to_string(),
            "8:5: error: spec.containers[1].image: Required value"
        );
        let whole = Diagnostic::notice(None, "no pods");
        assert_eq!(whole.render(Some("-")), "-: notice: no pods");
        assert_eq!(whole.to_string(), "notice: no pods");
    }
}
