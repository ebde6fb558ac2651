//! The bundle: a manifest, its scenario and its runtime as one text, the payload of a share
//! link and the content of an embed's `<pre class="podscope">` (docs/scenarios.md, "Bundles").
//!
//! ```text
//! #podscope v1 runtime=cri-o
//! apiVersion: v1
//! kind: Pod
//! ...
//! ---
//! at 9s say Now kill nginx and watch the IP stay.
//! at 9s kill demo/nginx
//! ```
//!
//! The first line `#podscope v1 KEY=VALUE…` is optional and is a YAML comment, so the manifest
//! stays valid YAML. The scenario starts after the first `---` line whose document's first
//! non-blank, non-comment line is a step (`at …`); everything after it is the scenario, so its
//! heredocs may hold `---` lines.

use std::fmt;

use crate::admission::load::MAX_INPUT_BYTES;
use crate::model::runtime::{Runtime, UnknownRuntime};
use crate::scenario::script::{ErrorKind, Scenario};

/// The version of the text this podscope writes and reads.
pub const VERSION: u32 = 1;

/// What starts the header line.
const HEADER: &str = "#podscope";

/// A manifest with its scenario and runtime.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    /// The YAML, as typed.
    pub manifest: String,
    /// The recorded or authored steps (may be empty).
    pub script: Scenario,
    /// `None`: the reader's setting, or the default.
    pub runtime: Option<Runtime>,
}

/// Where a bundle text went wrong: a 1-based line and column (in characters) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleError {
    pub line: usize,
    pub column: usize,
    pub kind: BundleErrorKind,
}

/// What went wrong in a bundle text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleErrorKind {
    /// The text is larger than `MAX_INPUT_BYTES`.
    TooLarge {
        bytes: usize,
    },
    /// `#podscope` without a version, or with one that is not `vN`.
    BadVersion {
        found: Option<String>,
    },
    /// `#podscope vN` with N above `VERSION`: a newer podscope wrote it.
    NewerVersion {
        found: String,
    },
    /// A header word that is not `KEY=VALUE`, or a key this version does not know.
    UnknownKey {
        word: String,
    },
    /// A key given twice in the header.
    RepeatedKey {
        key: String,
    },
    Runtime(UnknownRuntime),
    /// A `#podscope` line after the first line.
    SecondHeader,
    /// The scenario did not parse (its line and column are the bundle's).
    Scenario(ErrorKind),
}

impl fmt::Display for BundleErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleErrorKind::TooLarge { bytes } => write!(
                f,
                "the text is {bytes} bytes; podscope reads at most {MAX_INPUT_BYTES}"
            ),
            BundleErrorKind::BadVersion { found: None } => {
                write!(f, "{HEADER} needs a version, like `{HEADER} v{VERSION}`")
            }
            BundleErrorKind::BadVersion { found: Some(v) } => write!(
                f,
                "{HEADER} {v}: expected a version like v{VERSION}; this podscope reads v{VERSION}"
            ),
            BundleErrorKind::NewerVersion { found } => write!(
                f,
                "{HEADER} {found}: this text was made by a newer podscope; this podscope reads v{VERSION}"
            ),
            BundleErrorKind::UnknownKey { word } => write!(
                f,
                "unknown {HEADER} setting {word:?}: v{VERSION} knows runtime=containerd|cri-o|docker"
            ),
            BundleErrorKind::RepeatedKey { key } => {
                write!(f, "{key}= is given twice in the {HEADER} line")
            }
            BundleErrorKind::Runtime(e) => e.fmt(f),
            BundleErrorKind::SecondHeader => write!(
                f,
                "a second {HEADER} line: only the first line of the text may hold one"
            ),
            BundleErrorKind::Scenario(e) => e.fmt(f),
        }
    }
}

/// `line L: WHAT`, or `line L, column C: WHAT` when the column matters.
impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            0 | 1 => write!(f, "line {}: {}", self.line, self.kind),
            column => write!(f, "line {}, column {column}: {}", self.line, self.kind),
        }
    }
}

impl std::error::Error for BundleError {}

/// Whether `line` is a header line: `#podscope`, then the end or a space.
fn is_header(line: &str) -> bool {
    line.strip_prefix(HEADER)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// Whether `line` is a YAML document separator.
fn is_separator(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Whether `line` starts a scenario: `at` and a space, after any indentation.
fn is_step(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("at")
        .is_some_and(|rest| rest.starts_with(char::is_whitespace))
}

/// Whether a line counts when looking for a document's first line: not blank, not a comment.
fn is_meaningful(line: &str) -> bool {
    let line = line.trim_start();
    !line.is_empty() && !line.starts_with('#')
}

/// The lines of `text` with their byte offsets (each line without its `\n`).
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.strip_suffix('\n').unwrap_or(line)))
    })
}

/// The header's settings, read from its line (without `#podscope`); `column` is where the
/// rest starts.
fn read_header(rest: &str, column: usize) -> Result<Option<Runtime>, BundleError> {
    let err = |column, kind| BundleError {
        line: 1,
        column,
        kind,
    };
    let mut words = words(rest, column);
    let Some((version, _)) = words.next() else {
        return Err(err(1, BundleErrorKind::BadVersion { found: None }));
    };
    match version.strip_prefix('v').map(str::parse::<u32>) {
        Some(Ok(VERSION)) => {}
        Some(Ok(n)) if n > VERSION => {
            let found = version.to_owned();
            return Err(err(1, BundleErrorKind::NewerVersion { found }));
        }
        _ => {
            let found = Some(version.to_owned());
            return Err(err(1, BundleErrorKind::BadVersion { found }));
        }
    }
    let mut runtime = None;
    for (word, column) in words {
        match word.split_once('=') {
            Some(("runtime", value)) => {
                if runtime.is_some() {
                    let key = "runtime".to_owned();
                    return Err(err(column, BundleErrorKind::RepeatedKey { key }));
                }
                let parsed = value
                    .parse()
                    .map_err(|e| err(column + "runtime=".len(), BundleErrorKind::Runtime(e)))?;
                runtime = Some(parsed);
            }
            _ => {
                let word = word.to_owned();
                return Err(err(column, BundleErrorKind::UnknownKey { word }));
            }
        }
    }
    Ok(runtime)
}

/// The whitespace-separated words of `text` with their 1-based columns in characters, `text`
/// starting at `column`.
fn words(text: &str, column: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut chars = column;
    let mut rest = text;
    std::iter::from_fn(move || {
        let skipped = rest.chars().take_while(|c| c.is_whitespace()).count();
        let start = rest.char_indices().nth(skipped).map(|(i, _)| i)?;
        chars += skipped;
        let tail = rest.get(start..)?;
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let (word, after) = tail.split_at(end);
        let at = chars;
        chars += word.chars().count();
        rest = after;
        Some((word, at))
    })
}

/// A scenario error's kind with the lines it names counted from the bundle's first line.
fn shifted(kind: ErrorKind, lines: usize) -> ErrorKind {
    match kind {
        ErrorKind::BackInTime {
            at,
            previous,
            previous_line,
        } => ErrorKind::BackInTime {
            at,
            previous,
            previous_line: previous_line + lines,
        },
        ErrorKind::AfterEnd { end_line } => ErrorKind::AfterEnd {
            end_line: end_line + lines,
        },
        kind => kind,
    }
}

impl Bundle {
    /// Reads a bundle text: an optional `#podscope v1` header, the manifest, then optionally
    /// `---` and a scenario. A BOM at the start is skipped; lines may end in `\r\n`.
    pub fn parse(text: &str) -> Result<Bundle, BundleError> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(BundleError {
                line: 1,
                column: 1,
                kind: BundleErrorKind::TooLarge { bytes: text.len() },
            });
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = lines_at(text).enumerate().peekable();
        let mut runtime = None;
        let mut manifest_start = 0;
        if let Some((_, (_, first))) = lines.next_if(|(_, (_, line))| is_header(line)) {
            let rest = first.trim_end_matches('\r').get(HEADER.len()..);
            runtime = read_header(rest.unwrap_or_default(), HEADER.len() + 1)?;
            manifest_start = first.len() + 1;
        }
        // The manifest runs to the line break before the separator of the scenario.
        let mut separator: Option<(usize, usize)> = None;
        let mut scenario_at = None;
        for (index, (offset, line)) in lines {
            if is_header(line) {
                return Err(BundleError {
                    line: index + 1,
                    column: 1,
                    kind: BundleErrorKind::SecondHeader,
                });
            }
            if is_separator(line) {
                separator = Some((index, offset));
            } else if is_meaningful(line) {
                if is_step(line) && separator.is_some() {
                    scenario_at = separator;
                    break;
                }
                separator = None;
            }
        }
        let (manifest, script) = match scenario_at {
            Some((index, offset)) => {
                let manifest_end = offset.saturating_sub(1).max(manifest_start);
                let script_start = text
                    .get(offset..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(text.len(), |n| offset + n + 1);
                let script = text.get(script_start..).unwrap_or_default();
                let script = script.parse::<Scenario>().map_err(|e| BundleError {
                    line: index + 1 + e.line,
                    column: e.column,
                    kind: BundleErrorKind::Scenario(shifted(e.kind, index + 1)),
                })?;
                (text.get(manifest_start..manifest_end), script)
            }
            None => (text.get(manifest_start..), Scenario::new()),
        };
        Ok(Bundle {
            manifest: manifest.unwrap_or_default().to_owned(),
            script,
            runtime,
        })
    }

    /// The text form: the header, the manifest, and the scenario after a line break and
    /// `---` when there is one. `Bundle::parse` reads it back to the same bundle (for any
    /// manifest without a `#podscope` line or a `---` document that starts with `at `).
    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER} v{VERSION}");
        if let Some(runtime) = self.runtime {
            text.push_str(&format!(" runtime={runtime}"));
        }
        text.push('\n');
        text.push_str(&self.manifest);
        if !self.script.is_empty() {
            text.push_str("\n---\n");
            text.push_str(&self.script.to_string());
        }
        text
    }
}

#[cfg(test)]
mod tests;
