//! The one YAML parser: libyaml (libyaml-safer, a safe port of the C library kubectl's go-yaml
//! was translated from), read once per text for both the values and the span index.
//!
//! Values are composed as serde_yaml composed them before (its loader and `Value`
//! deserializer: YAML 1.2's core schema, aliases replayed within its limits, a repeated key an
//! error), and errors are worded as serde_yaml worded them, so every diagnostic keeps its text
//! and place. Admission's `yaml11` adds the YAML 1.1 readings kubectl makes; a leading
//! byte-order mark is skipped as kubectl skips it (it is not a column, and a `---` after it is
//! a document marker).

mod compose;
mod error;
mod scalar;
mod source;
mod value;

pub use error::Error;
pub use value::{Mapping, Number, Tagged, Value};

use compose::{Keys, Loader};
use source::Source;

use crate::model::spans::SpanIndex;

/// The one document of `text` (serde_yaml `from_str`): an empty text is null; a second
/// document is an error.
pub fn from_str(text: &str) -> Result<Value, Error> {
    parse(text, false, Keys::Unique).0
}

/// The one document of `text` as JSON (serde_yaml `from_str::<serde_json::Value>`, which
/// sigs.k8s.io/yaml `ToJSON` stands for): a repeated key's last value wins.
pub fn to_json(text: &str) -> Result<serde_json::Value, String> {
    parse(text, false, Keys::LastWins)
        .0
        .map_err(|e| e.to_string())
        .and_then(|v| v.to_json())
}

/// [`from_str`], with the span index of every document the parser reached.
pub fn parse_indexed(text: &str) -> (Result<Value, Error>, Vec<SpanIndex>) {
    parse(text, true, Keys::Unique)
}

fn parse(text: &str, index: bool, keys: Keys) -> (Result<Value, Error>, Vec<SpanIndex>) {
    with_loader(text, index, |loader| {
        let result = match loader.next_document() {
            None => Err(Error::bare("EOF while parsing a value")),
            Some(document) => compose::compose(&document, keys).and_then(|value| {
                if loader.next_document().is_some() {
                    Err(Error::bare(
                        "deserializing from YAML containing more than one document is not supported",
                    ))
                } else {
                    Ok(value)
                }
            }),
        };
        (result, loader.take_index())
    })
}

/// Every document of `text` in order as JSON (serde_yaml's `Deserializer` iterator into
/// `serde_json::Value`), ending after the first error.
pub fn json_documents(text: &str) -> Vec<Result<serde_json::Value, String>> {
    with_loader(text, false, |loader| {
        let mut out = Vec::new();
        while let Some(document) = loader.next_document() {
            let value = compose::compose(&document, Keys::LastWins)
                .map_err(|e| e.to_string())
                .and_then(|v| v.to_json());
            let failed = value.is_err();
            out.push(value);
            if failed {
                break;
            }
        }
        out
    })
}

/// The span index of every document of `text` (no values composed).
pub fn index(text: &str) -> Vec<SpanIndex> {
    with_loader(text, true, |loader| {
        while loader.next_document().is_some() {}
        loader.take_index()
    })
}

/// Runs `f` with a loader over `text` (its byte-order mark skipped, read as [`Source`] says),
/// indexing spans when `index` is set.
fn with_loader<R>(text: &str, index: bool, f: impl FnOnce(&mut Loader<'_>) -> R) -> R {
    let text = without_bom(text);
    let source = Source::new(text);
    let mut input = source.text.as_bytes();
    let mut loader = Loader::new(text, &source, &mut input, index);
    f(&mut loader)
}

/// The text without a leading UTF-8 byte-order mark.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
pub(crate) mod random;
#[cfg(test)]
mod tests;
