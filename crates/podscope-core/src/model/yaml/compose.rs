//! From libyaml's events to values, as serde_yaml composes them: a document's events are
//! collected first (loader.rs `next_document`), then a value is built by walking them, an
//! alias replaying its anchor's events (de.rs `DeserializerFromEvents`), with serde_yaml's
//! limits: 128 nested collections, and at most 100 alias replays per event of the document.

use libyaml_safer::{EventData, Mark, Parser, ScalarStyle};

use super::error::Error;
use super::scalar;
use super::source::Source;
use super::value::{Mapping, Tagged, Value};
use crate::model::spans::Indexer;

/// One event of a document, anchors resolved to the index of the event they name.
enum Event {
    Scalar {
        value: String,
        tag: Option<String>,
        plain: bool,
    },
    SequenceStart {
        tag: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        tag: Option<String>,
    },
    MappingEnd,
    Alias(usize),
    /// The stream had no document at all: the first document is empty.
    Void,
}

/// A document's events and the error that ended it early, if any.
pub(super) struct Document {
    events: Vec<(Event, Mark)>,
    error: Option<Error>,
}

/// Reads a text's documents one after another.
pub(super) struct Loader<'t> {
    text: &'t str,
    source: &'t Source<'t>,
    parser: Option<Parser<&'t mut &'t [u8]>>,
    documents: usize,
    /// Gets every event, for the span index.
    indexer: Option<Indexer>,
}

impl<'t> Loader<'t> {
    /// `input` must hold `source`'s bytes (a place the parser can borrow for as long as it
    /// reads).
    pub(super) fn new(
        text: &'t str,
        source: &'t Source<'t>,
        input: &'t mut &'t [u8],
        index: bool,
    ) -> Self {
        let mut parser = Parser::new();
        // As serde_yaml's libyaml/parser.rs: the input is UTF-8.
        parser.set_encoding(libyaml_safer::Encoding::Utf8);
        parser.set_input_string(input);
        Loader {
            text,
            source,
            parser: Some(parser),
            documents: 0,
            indexer: index.then(Indexer::default),
        }
    }

    /// The span index of every document read so far (none when not indexing).
    pub(super) fn take_index(&mut self) -> Vec<crate::model::spans::SpanIndex> {
        self.indexer.take().map(Indexer::finish).unwrap_or_default()
    }

    /// serde_yaml loader.rs `next_document`: the next document's events, `None` after the
    /// last. A text without any document has one, empty. An error ends the document (and,
    /// libyaml being stuck after it, every later one would repeat it).
    pub(super) fn next_document(&mut self) -> Option<Document> {
        let parser = self.parser.as_mut()?;
        let first = self.documents == 0;
        self.documents += 1;
        // By name, the latest definition (an anchor may be redefined); a B-tree, so a text of
        // many anchors and aliases stays n log n, as serde_yaml's loader keeps them.
        let mut anchors: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        let mut document = Document {
            events: Vec::new(),
            error: None,
        };
        loop {
            let mut event = match parser.parse() {
                Ok(event) => event,
                Err(e) => {
                    document.error = Some(Error::libyaml(&e, self.text, |m| self.source.mark(m)));
                    self.parser = None;
                    return Some(document);
                }
            };
            event.start_mark = self.source.mark(event.start_mark);
            if let Some(indexer) = self.indexer.as_mut() {
                indexer.event(&event);
            }
            let mark = event.start_mark;
            let mut anchored = |anchor: Option<String>, at: usize| {
                if let Some(name) = anchor {
                    anchors.insert(name, at);
                }
            };
            let at = document.events.len();
            let event = match event.data {
                EventData::StreamStart { .. } | EventData::DocumentStart { .. } => continue,
                EventData::StreamEnd => {
                    self.parser = None;
                    if !first {
                        return None;
                    }
                    if document.events.is_empty() {
                        document.events.push((Event::Void, mark));
                    }
                    return Some(document);
                }
                EventData::DocumentEnd { .. } => return Some(document),
                EventData::Alias { anchor } => match anchors.get(&anchor) {
                    Some(&target) => Event::Alias(target),
                    None => {
                        document.error = Some(Error::at("unknown anchor", mark));
                        self.parser = None;
                        return Some(document);
                    }
                },
                EventData::Scalar {
                    anchor,
                    tag,
                    value,
                    style,
                    ..
                } => {
                    anchored(anchor, at);
                    Event::Scalar {
                        value: self.source.scalar(value, style, event.end_mark),
                        tag,
                        plain: style == ScalarStyle::Plain,
                    }
                }
                EventData::SequenceStart { anchor, tag, .. } => {
                    anchored(anchor, at);
                    Event::SequenceStart { tag }
                }
                EventData::SequenceEnd => Event::SequenceEnd,
                EventData::MappingStart { anchor, tag, .. } => {
                    anchored(anchor, at);
                    Event::MappingStart { tag }
                }
                EventData::MappingEnd => Event::MappingEnd,
            };
            document.events.push((event, mark));
        }
    }
}

/// serde_yaml de.rs `parse_tag`: a local tag (`!Ref`, `!`) names a tagged value; the core
/// schema's tags (`tag:yaml.org,2002:str`) do not.
fn local_tag(tag: Option<&str>) -> Option<&str> {
    let rest = tag?.strip_prefix('!')?;
    Some(if rest.is_empty() { "!" } else { rest })
}

/// A field path as serde_yaml prints it in a message: `.` for the root, `a.b[0]`, `?` for a
/// key that is not a string scalar.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Seq(&'a Path<'a>, usize),
    Map(&'a Path<'a>, &'a str),
    Unknown(&'a Path<'a>),
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        let parent = |p: &Path<'_>, out: &mut String| {
            if !matches!(p, Path::Root) {
                p.write(out);
                out.push('.');
            }
        };
        match self {
            Path::Root => out.push('.'),
            Path::Seq(p, i) => {
                p.write(out);
                out.push_str(&format!("[{i}]"));
            }
            Path::Map(p, key) => {
                parent(p, out);
                out.push_str(key);
            }
            Path::Unknown(p) => {
                parent(p, out);
                out.push('?');
            }
        }
    }
}

/// A walk over one document's events.
struct Walk<'d> {
    events: &'d [(Event, Mark)],
    error: Option<&'d Error>,
    jumps: usize,
    keys: Keys,
}

/// What a repeated mapping key is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keys {
    /// An error, as serde_yaml's `Value` has it.
    Unique,
    /// Kept, so that the last one wins when the mapping becomes a JSON object (serde_yaml
    /// decoding straight into `serde_json::Value`, as go-yaml v2 under sigs.k8s.io/yaml does).
    LastWins,
}

/// Builds the document's value (serde_yaml `from_str`'s first step), or its first error.
pub(super) fn compose(document: &Document, keys: Keys) -> Result<Value, Error> {
    let mut walk = Walk {
        events: &document.events,
        error: document.error.as_ref(),
        jumps: 0,
        keys,
    };
    let mut pos = 0;
    let value = walk.node(&mut pos, &Path::Root, 128, false)?;
    match &document.error {
        Some(e) => Err(e.clone()),
        None => Ok(value),
    }
}

impl<'d> Walk<'d> {
    /// What the walk meets past the last event: the error that ended the document early, or
    /// serde_yaml's end of stream.
    fn ran_out(&self) -> Error {
        self.error
            .cloned()
            .unwrap_or_else(|| Error::bare("EOF while parsing a value"))
    }

    fn next(&self, pos: &mut usize) -> Result<&'d (Event, Mark), Error> {
        let found = self.events.get(*pos).ok_or_else(|| self.ran_out())?;
        *pos += 1;
        Ok(found)
    }

    fn peek_end(&self, pos: usize) -> Result<bool, Error> {
        match self.events.get(pos) {
            Some((Event::SequenceEnd | Event::MappingEnd | Event::Void, _)) => Ok(true),
            Some(_) => Ok(false),
            None => Err(self.ran_out()),
        }
    }

    /// serde_yaml de.rs `deserialize_any` for `Value`: the node at `pos`; `depth` is how many
    /// more collections may nest; `tagged` when the node's tag was already taken.
    fn node(
        &mut self,
        pos: &mut usize,
        path: &Path<'_>,
        depth: u8,
        tagged: bool,
    ) -> Result<Value, Error> {
        let start = *pos;
        let (event, mark) = self.next(pos)?;
        let mark = *mark;
        let fix = |message: String| Error::in_path(&message, mark, &path.render());
        let tag = match event {
            Event::Scalar { tag, .. }
            | Event::SequenceStart { tag }
            | Event::MappingStart { tag } => tag.as_deref(),
            _ => None,
        };
        if !tagged && let Some(name) = local_tag(tag) {
            *pos = start;
            let value = self.node(pos, path, depth, true)?;
            return Ok(Value::Tagged(Box::new(Tagged {
                tag: name.to_owned(),
                value,
            })));
        }
        match event {
            Event::Alias(target) => {
                self.jumps += 1;
                if self.jumps > self.events.len().saturating_mul(100) {
                    return Err(Error::bare("repetition limit exceeded"));
                }
                let mut at = *target;
                self.node(&mut at, path, depth, false)
            }
            Event::Scalar { value, tag, plain } => {
                let resolved = if tagged {
                    if *plain {
                        scalar::untagged(value)
                    } else {
                        Ok(Value::String(value.clone()))
                    }
                } else {
                    scalar::resolve(value, *plain, tag.as_deref())
                };
                resolved.map_err(fix)
            }
            Event::SequenceStart { .. } => {
                let depth = deeper(depth, mark)?;
                let mut items = Vec::new();
                while !self.peek_end(*pos)? {
                    let item = Path::Seq(path, items.len());
                    items.push(self.node(pos, &item, depth, false)?);
                }
                *pos += 1;
                Ok(Value::Sequence(items))
            }
            Event::MappingStart { .. } => self.mapping(pos, path, deeper(depth, mark)?, mark),
            Event::Void => Ok(Value::Null),
            // The parser never ends a collection it did not start.
            Event::SequenceEnd | Event::MappingEnd => Err(Error::bare("EOF while parsing a value")),
        }
    }

    /// A mapping's entries; a repeated key is serde_yaml mapping.rs's `DuplicateKeyError`,
    /// at the mapping.
    fn mapping(
        &mut self,
        pos: &mut usize,
        path: &Path<'_>,
        depth: u8,
        mark: Mark,
    ) -> Result<Value, Error> {
        let mut mapping = Mapping::new();
        // A B-tree, not a sorted vector: a mapping of many keys must not cost a shift per key.
        let mut seen = std::collections::BTreeSet::new();
        while !self.peek_end(*pos)? {
            let key_text = match &self.events[*pos].0 {
                Event::Scalar { value, .. } => Some(value.as_str()),
                _ => None,
            };
            let key = self.node(pos, path, depth, false)?;
            let repeated = self.keys == Keys::Unique
                && match key_identity(&key) {
                    Some(id) => !seen.insert(id),
                    None => mapping.iter().any(|(k, _)| *k == key),
                };
            if repeated {
                return Err(Error::in_path(
                    &duplicate_message(&key),
                    mark,
                    &path.render(),
                ));
            }
            let value_path = match key_text {
                Some(text) => Path::Map(path, text),
                None => Path::Unknown(path),
            };
            let value = self.node(pos, &value_path, depth, false)?;
            mapping.push(key, value);
        }
        *pos += 1;
        Ok(Value::Mapping(mapping))
    }
}

/// serde_yaml de.rs `recursion_check`: one level less for a collection's items, an error at the
/// collection past 128.
fn deeper(depth: u8, mark: Mark) -> Result<u8, Error> {
    depth
        .checked_sub(1)
        .ok_or_else(|| Error::at("recursion limit exceeded", mark))
}

/// A scalar key's identity for the repeated-key check (a set lookup, so a mapping of many keys
/// stays linear); `None` for keys compared one by one.
fn key_identity(key: &Value) -> Option<(u8, String)> {
    match key {
        Value::Null => Some((0, String::new())),
        Value::Bool(b) => Some((1, b.to_string())),
        Value::String(s) => Some((2, s.clone())),
        Value::Number(super::value::Number::PosInt(u)) => Some((3, u.to_string())),
        Value::Number(super::value::Number::NegInt(i)) => Some((4, i.to_string())),
        _ => None,
    }
}

/// serde_yaml mapping.rs `DuplicateKeyError`'s text.
fn duplicate_message(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_owned(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
            "duplicate entry in YAML map".to_owned()
        }
    }
}
