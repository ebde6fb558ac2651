//! Where every node of a YAML text is: an index from Kubernetes field paths to line and column.
//!
//! Validation and unknown-field warnings name fields the way the API server does
//! (`spec.containers[0].image`, `metadata.labels[app]`); this module finds the line and column
//! of such a path in the user's text. It is built from the one parser's event stream
//! (`model::yaml`, libyaml) while the values are read, with an explicit stack (no recursion),
//! and never expands aliases, so time and memory stay linear in the size of the text.
//!
//! Choices:
//! - Locations are 1-based lines and columns in the whole text (not per document); columns count
//!   characters (Unicode scalar values). libyaml's lines and columns are 0-based, so both are
//!   shifted by one. A leading byte-order mark is not counted; `\r\n` is one line break.
//! - Documents: one index per document libyaml reports, in order, which is what the parser's
//!   document iterator yields (an empty document between two `---` counts, as null). A text
//!   without any document (empty, or only comments) gives one empty index, as the parser then
//!   yields one null document; so does a text that is only `...` (an error).
//! - Invalid YAML: the index holds what was parsed before the syntax error (the document with
//!   the error is included, later documents are not). The error itself is the parser's to report.
//! - Mapping children are stored by their key's text, one segment per key, so a key with dots
//!   (`app.kubernetes.io/name`) is one segment. Sequence items are stored by index. A repeated
//!   key keeps its first occurrence. Keys that are not scalars (complex or alias keys) are walked
//!   but not indexed.
//! - An alias is a node of its own at the alias's location (`*name`); paths never go through
//!   it. A merge key `<<` is an ordinary key.
//! - A node's value location is where libyaml starts the node: at its anchor or tag when it has
//!   one, at the first item's content for a block sequence (after `- `), at the indicator of a
//!   block scalar (`|`, `>`), just after the `:` for an empty value.

use podscope_collections::Entry;
use podscope_collections::Map;

use libyaml_safer::{Event, EventData, Mark};

use crate::model::diag::Location;

/// What a node is, which decides how a path segment in brackets is read below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Scalar,
    Alias,
    Mapping,
    Sequence,
}

/// One indexed node.
#[derive(Clone, Debug)]
struct Node {
    /// Where its key is, for a mapping entry.
    key: Option<Location>,
    /// Where the node itself starts.
    value: Location,
    kind: Kind,
}

/// Index of a node in [`SpanIndex::nodes`].
type NodeId = usize;

/// How many nodes a path lookup may visit, beyond one per segment, before it settles for the
/// deepest one found.
const SEARCH_STEPS: usize = 1024;

/// One YAML document's index: Kubernetes-style field path → location of the key (for mapping
/// entries) and of the value.
///
/// Paths are written as `field.Path.String()` prints them: `metadata.name`,
/// `spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`. A segment in brackets
/// is an index below a sequence and a key below a mapping; a dotted segment is a key. Because a
/// dotted path cannot tell `a.b` the key from `a` then `b`, a dotted segment that is not a key
/// may also be read joined with the dotted segments after it: `metadata.labels.app.kubernetes.io/name`
/// also finds the label `app.kubernetes.io/name`, even next to a label `app`. The shortest keys
/// that lead to the whole path win. The empty path is the root node.
#[derive(Clone, Debug)]
pub struct SpanIndex {
    start: Location,
    /// Every indexed node; the root, when there is one, is `nodes[0]`.
    nodes: Vec<Node>,
    /// Mapping children: (parent, key text) → child.
    fields: Map<(NodeId, Box<str>), NodeId>,
    /// Sequence items: (parent, index) → child.
    items: Map<(NodeId, usize), NodeId>,
    /// The length of the longest key, which bounds how many dotted segments a lookup joins.
    longest_key: usize,
}

/// One segment of a query path, before we know what the node below it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment<'p> {
    /// `.name` (or the leading `name`): a mapping key.
    Field(&'p str),
    /// `[text]`: a sequence index or a mapping key, depending on the node.
    Bracket(&'p str),
}

impl SpanIndex {
    fn new(start: Location) -> Self {
        SpanIndex {
            start,
            nodes: Vec::new(),
            fields: Map::new(),
            items: Map::new(),
            longest_key: 0,
        }
    }

    /// Where the document starts: its `---` marker, or its first content when the marker is
    /// implicit (1:1 for a text without any document).
    pub fn document_start(&self) -> Location {
        self.start
    }

    /// Whether the document has no node at all (a text without documents, or a syntax error
    /// before its first node). An empty document (`---` alone) has a root: a null scalar.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Where the key of the mapping entry at `path` is (`image:` in `image: nginx`). `None` when
    /// the path is not in the document or is a sequence item or the root, which have no key.
    pub fn key(&self, path: &str) -> Option<Location> {
        let (node, complete) = self.resolve(path)?;
        if complete {
            self.nodes.get(node)?.key
        } else {
            None
        }
    }

    /// Where the node at `path` starts (`nginx` in `image: nginx`). `None` when the path is not
    /// in the document.
    pub fn value(&self, path: &str) -> Option<Location> {
        let (node, complete) = self.resolve(path)?;
        if complete {
            self.nodes.get(node).map(|n| n.value)
        } else {
            None
        }
    }

    /// The best place to point at for `path`: its key (or, for a sequence item or the root, its
    /// value) if the path is in the document, else that of its nearest ancestor that is (a
    /// missing required field `spec.containers[1].image` → where `spec.containers[1]` starts).
    /// `None` only when the document has no node at all.
    pub fn nearest(&self, path: &str) -> Option<Location> {
        let (node, _) = self.resolve(path)?;
        self.nodes.get(node).map(|n| n.key.unwrap_or(n.value))
    }

    /// Follows `path` from the root as far as it goes: the deepest node reached, and whether that
    /// node is the whole path. `None` when there is no root.
    ///
    /// A depth-first search, because a run of dotted segments may be one key or several: it tries
    /// the shortest key first and backs up when the rest of the path does not follow. The search
    /// is bounded (one step per segment plus [`SEARCH_STEPS`]) so that adversarial keys and
    /// paths stay cheap.
    fn resolve(&self, path: &str) -> Option<(NodeId, bool)> {
        if self.nodes.is_empty() {
            return None;
        }
        let segments = parse_path(path);
        // (node, segments used to reach it)
        let mut best: (NodeId, usize) = (0, 0);
        let mut pending: Vec<(NodeId, usize)> = vec![(0, 0)];
        let mut steps = 0;
        while let Some((node, used)) = pending.pop() {
            if used == segments.len() {
                return Some((node, true));
            }
            if used > best.1 {
                best = (node, used);
            }
            steps += 1;
            if steps > segments.len().saturating_add(SEARCH_STEPS) {
                break;
            }
            let before = pending.len();
            self.children(node, &segments[used..], |child, n| {
                pending.push((child, used + n));
            });
            // The shortest key is found first; pop it first.
            pending[before..].reverse();
        }
        Some((best.0, false))
    }

    /// Calls `found(child, n)` for each child of `node` that the first `n` segments of `rest`
    /// name, shortest first: more than one segment when a dotted key was split by the path
    /// syntax (`labels.app.kubernetes.io/name`).
    fn children(&self, node: NodeId, rest: &[Segment<'_>], mut found: impl FnMut(NodeId, usize)) {
        let Some(kind) = self.nodes.get(node).map(|n| n.kind) else {
            return;
        };
        match (kind, rest.first()) {
            (Kind::Sequence, Some(Segment::Bracket(text))) => {
                if let Ok(index) = text.trim().parse::<usize>()
                    && let Some(&child) = self.items.get(&(node, index))
                {
                    found(child, 1);
                }
            }
            (Kind::Mapping, Some(Segment::Bracket(key))) => {
                if let Some(child) = self.field(node, key) {
                    found(child, 1);
                }
            }
            (Kind::Mapping, Some(Segment::Field(first))) => {
                let mut joined = String::from(*first);
                for (n, segment) in rest.iter().enumerate() {
                    if n > 0 {
                        let Segment::Field(part) = segment else { break };
                        if joined.len() + 1 + part.len() > self.longest_key {
                            break;
                        }
                        joined.push('.');
                        joined.push_str(part);
                    }
                    if let Some(child) = self.field(node, &joined) {
                        found(child, n + 1);
                    }
                }
            }
            _ => {}
        }
    }

    fn field(&self, node: NodeId, key: &str) -> Option<NodeId> {
        self.fields.get(&(node, Box::from(key))).copied()
    }

    /// Adds a node; `place` says where. Returns `None` (and adds nothing) for a repeated key.
    fn add(&mut self, place: Place, kind: Kind, value: Location) -> Option<NodeId> {
        let id = self.nodes.len();
        let key = match place {
            Place::Root => {
                if !self.nodes.is_empty() {
                    return None;
                }
                None
            }
            Place::Item(parent, index) => match self.items.entry((parent, index)) {
                Entry::Vacant(e) => {
                    e.insert(id);
                    None
                }
                Entry::Occupied(_) => return None,
            },
            Place::Field(parent, name, at) => match self.fields.entry((parent, name)) {
                Entry::Vacant(e) => {
                    self.longest_key = self.longest_key.max(e.key().1.len());
                    e.insert(id);
                    Some(at)
                }
                Entry::Occupied(_) => return None,
            },
        };
        self.nodes.push(Node { key, value, kind });
        Some(id)
    }
}

/// Where a new node goes.
enum Place {
    Root,
    Item(NodeId, usize),
    /// Parent, key text, where the key is.
    Field(NodeId, Box<str>, Location),
}

/// Splits a field path into segments: `a.b[0][x.y].c` → `a`, `b`, `[0]`, `[x.y]`, `c`. A
/// bracket closes at the first `]` followed by `.`, `[` or the end, so keys may hold `.`, `[`
/// and `]`. Never fails: odd paths give segments that simply do not resolve.
fn parse_path(path: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let close = inner
                .match_indices(']')
                .map(|(i, _)| i)
                .find(|&i| matches!(inner.as_bytes().get(i + 1), None | Some(b'.' | b'[')));
            match close {
                Some(i) => {
                    segments.push(Segment::Bracket(&inner[..i]));
                    rest = &inner[i + 1..];
                }
                None => {
                    segments.push(Segment::Bracket(inner));
                    rest = "";
                }
            }
        } else {
            // After the first segment, `rest` starts with `.` here.
            let body = rest.strip_prefix('.').unwrap_or(rest);
            let end = body.find(['.', '[']).unwrap_or(body.len());
            segments.push(Segment::Field(&body[..end]));
            rest = &body[end..];
        }
    }
    segments
}

/// What the parent of the next node expects.
enum Frame {
    Sequence {
        /// `None` inside a subtree that is not indexed (a complex key, a repeated key).
        node: Option<NodeId>,
        next: usize,
    },
    Mapping {
        node: Option<NodeId>,
        key: Pending,
    },
}

/// Where a mapping is between its entries.
enum Pending {
    /// The next node is a key.
    Key,
    /// The next node is a value; its key's text and location, unless the key is not a scalar.
    Value(Option<(Box<str>, Location)>),
}

/// Builds one document's index from its events.
struct Builder {
    index: SpanIndex,
    stack: Vec<Frame>,
}

impl Builder {
    fn new(start: Location) -> Self {
        Builder {
            index: SpanIndex::new(start),
            stack: Vec::new(),
        }
    }

    fn event(&mut self, event: &Event) {
        let at = location(event.start_mark);
        let (kind, key_text) = match &event.data {
            EventData::Scalar { value, .. } => (Kind::Scalar, Some(value.as_str())),
            EventData::Alias { .. } => (Kind::Alias, None),
            EventData::MappingStart { .. } => (Kind::Mapping, None),
            EventData::SequenceStart { .. } => (Kind::Sequence, None),
            EventData::MappingEnd | EventData::SequenceEnd => {
                self.stack.pop();
                return;
            }
            EventData::StreamStart { .. }
            | EventData::StreamEnd
            | EventData::DocumentStart { .. }
            | EventData::DocumentEnd { .. } => return,
        };
        let id = match self.stack.last_mut() {
            None => self.index.add(Place::Root, kind, at),
            Some(Frame::Sequence { node, next }) => {
                let index = *next;
                *next += 1;
                match *node {
                    Some(parent) => self.index.add(Place::Item(parent, index), kind, at),
                    None => None,
                }
            }
            Some(Frame::Mapping { node, key }) => match std::mem::replace(key, Pending::Key) {
                Pending::Key => {
                    // This node is a key: remember it for the value that follows.
                    *key = Pending::Value(key_text.map(|t| (Box::from(t), at)));
                    None
                }
                Pending::Value(Some((name, key_at))) => match *node {
                    Some(parent) => self.index.add(Place::Field(parent, name, key_at), kind, at),
                    None => None,
                },
                Pending::Value(None) => None,
            },
        };
        match kind {
            Kind::Mapping => self.stack.push(Frame::Mapping {
                node: id,
                key: Pending::Key,
            }),
            Kind::Sequence => self.stack.push(Frame::Sequence { node: id, next: 0 }),
            Kind::Scalar | Kind::Alias => {}
        }
    }
}

/// libyaml's mark (line and column 0-based, the column in characters) as a 1-based
/// [`Location`].
fn location(mark: Mark) -> Location {
    let one_based = |n: u64| usize::try_from(n).unwrap_or(usize::MAX).saturating_add(1);
    Location {
        line: one_based(mark.line),
        column: one_based(mark.column),
    }
}

/// Builds the index of each document from the parser's events, in order.
#[derive(Default)]
pub struct Indexer {
    documents: Vec<SpanIndex>,
    current: Option<Builder>,
}

impl Indexer {
    /// Takes the parser's next event.
    pub fn event(&mut self, event: &Event) {
        match event.data {
            EventData::DocumentStart { .. } => {
                self.documents.extend(self.current.take().map(|b| b.index));
                self.current = Some(Builder::new(location(event.start_mark)));
            }
            EventData::DocumentEnd { .. } => {
                self.documents.extend(self.current.take().map(|b| b.index));
            }
            _ => {
                if let Some(builder) = self.current.as_mut() {
                    builder.event(event);
                }
            }
        }
    }

    /// The index of every document seen (one empty index when there was none).
    pub fn finish(mut self) -> Vec<SpanIndex> {
        self.documents.extend(self.current.map(|b| b.index));
        if self.documents.is_empty() {
            self.documents
                .push(SpanIndex::new(Location { line: 1, column: 1 }));
        }
        self.documents
    }
}

/// Indexes every document of `text` (multi-document with `---`), in order. Never fails: on a
/// syntax error the result holds what was indexed before it.
pub fn index(text: &str) -> Vec<SpanIndex> {
    crate::model::yaml::index(text)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn at(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    fn one(text: &str) -> SpanIndex {
        let mut docs = index(text);
        assert_eq!(docs.len(), 1, "{text:?}");
        docs.remove(0)
    }

    const POD: &str = "\
# a comment
apiVersion: v1
kind: Pod
metadata:
  name: demo
  labels:
    app: web
    app.kubernetes.io/name: web
    \"example.com/tier\": front
spec:
  containers:
  - {name: nginx, image: \"nginx:1.21\"}
  - name: sidecar
    image: busybox
    ports:
    - containerPort: 80
    args: [sh, -c, 'sleep 1']
";

    #[test]
    fn block_maps_and_sequences() {
        let doc = one(POD);
        assert_eq!(doc.document_start(), Location { line: 2, column: 1 });
        assert_eq!(doc.key("apiVersion"), at(2, 1));
        assert_eq!(doc.value("apiVersion"), at(2, 13));
        assert_eq!(doc.key("metadata.name"), at(5, 3));
        assert_eq!(doc.value("metadata.name"), at(5, 9));
        assert_eq!(doc.key("spec.containers[1].image"), at(14, 5));
        assert_eq!(doc.value("spec.containers[1].image"), at(14, 12));
        assert_eq!(
            doc.key("spec.containers[1].ports[0].containerPort"),
            at(16, 7)
        );
        assert_eq!(
            doc.value("spec.containers[1].ports[0].containerPort"),
            at(16, 22)
        );
        // A sequence item has no key; it starts at its content, after `- `.
        assert_eq!(doc.key("spec.containers[1]"), None);
        assert_eq!(doc.value("spec.containers[1]"), at(13, 5));
        assert_eq!(doc.value(""), at(2, 1));
        assert_eq!(doc.value("spec.containers[2]"), None);
        assert_eq!(doc.value("kind.nope"), None);
    }

    #[test]
    fn flow_maps_and_sequences() {
        let doc = one(POD);
        // `  - {name: nginx, image: "nginx:1.21"}`
        assert_eq!(doc.value("spec.containers[0]"), at(12, 5));
        assert_eq!(doc.key("spec.containers[0].name"), at(12, 6));
        assert_eq!(doc.key("spec.containers[0].image"), at(12, 19));
        assert_eq!(doc.value("spec.containers[0].image"), at(12, 26));
        // `    args: [sh, -c, 'sleep 1']`
        assert_eq!(doc.value("spec.containers[1].args"), at(17, 11));
        assert_eq!(doc.value("spec.containers[1].args[0]"), at(17, 12));
        assert_eq!(doc.value("spec.containers[1].args[2]"), at(17, 20));

        let doc = one("{a: [1, {b: [x, y]}], c: {}}");
        assert_eq!(doc.key("a"), at(1, 2));
        assert_eq!(doc.value("a[1].b[1]"), at(1, 17));
        assert_eq!(doc.key("c"), at(1, 23));
        assert_eq!(doc.value("c"), at(1, 26));
    }

    #[test]
    fn label_keys_with_dots_and_slashes() {
        let doc = one(POD);
        assert_eq!(doc.key("metadata.labels[app]"), at(7, 5));
        assert_eq!(doc.key("metadata.labels.app"), at(7, 5));
        assert_eq!(doc.key("metadata.labels[app.kubernetes.io/name]"), at(8, 5));
        assert_eq!(
            doc.value("metadata.labels[app.kubernetes.io/name]"),
            at(8, 29)
        );
        // The dotted form (as serde_ignored prints it) still finds the one key, though `app` is
        // a label too.
        assert_eq!(doc.key("metadata.labels.app.kubernetes.io/name"), at(8, 5));
        assert_eq!(doc.nearest("metadata.labels.app.kubernetes"), at(7, 5));
        // A quoted key is stored by its text; its location is the opening quote.
        assert_eq!(doc.key("metadata.labels[example.com/tier]"), at(9, 5));
        assert_eq!(doc.key("metadata.labels[app.kubernetes.io]"), None);

        let doc = one("data:\n  \"a]b\": 1\n  \"0\": 2\n");
        assert_eq!(doc.key("data[a]b]"), at(2, 3));
        assert_eq!(
            doc.key("data[0]"),
            at(3, 3),
            "a bracket below a mapping is a key"
        );
    }

    #[test]
    fn nearest_points_at_the_deepest_existing_ancestor() {
        let doc = one(POD);
        // A missing field of a sequence item: where the item starts.
        assert_eq!(doc.nearest("spec.containers[1].resources"), at(13, 5));
        assert_eq!(doc.nearest("spec.containers[0].ports[0]"), at(12, 5));
        // A missing field of a mapping entry: its key.
        assert_eq!(doc.nearest("metadata.namespace"), at(4, 1));
        assert_eq!(doc.nearest("spec.containers[7].image"), at(11, 3));
        // Existing paths: their key, or the start of an item.
        assert_eq!(doc.nearest("metadata.name"), at(5, 3));
        assert_eq!(doc.nearest("spec.containers[1]"), at(13, 5));
        assert_eq!(doc.nearest("nothing.here"), at(2, 1));
        assert_eq!(doc.nearest(""), at(2, 1));
        // Through a scalar: the scalar.
        assert_eq!(doc.nearest("kind.x[0]"), at(3, 1));
        assert_eq!(index("# nothing\n")[0].nearest("a"), None);
    }

    #[test]
    fn second_document_lines_are_in_the_whole_text() {
        let text =
            "kind: ConfigMap\n---\napiVersion: v1\nkind: Pod\n--- {kind: Pod, spec: {x: 1}}\n";
        let docs = index(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].value("kind"), at(1, 7));
        assert_eq!(docs[1].document_start(), Location { line: 2, column: 1 });
        assert_eq!(docs[1].key("kind"), at(4, 1));
        assert_eq!(docs[1].value("spec"), None);
        assert_eq!(docs[2].document_start(), Location { line: 5, column: 1 });
        assert_eq!(docs[2].key("spec.x"), at(5, 24));
    }

    #[test]
    fn documents_are_counted_as_serde_yaml_counted_them() {
        let texts = [
            "",
            "# only a comment\n",
            "a: 1",
            "---\n---\n",
            "a: 1\n---\n",
            "a: 1\n...\n",
            "a: 1\n...\n---\nb: 2\n...\n",
            "--- {kind: Pod}\n--- x\n",
            "%YAML 1.2\n---\na: 1\n",
            "---\n# empty\n---\na: [1]\n---\n",
        ];
        for text in texts {
            let serde = serde_yaml::Deserializer::from_str(text).count();
            let ours = index(text);
            assert_eq!(ours.len(), serde, "{text:?}");
        }
        // The empty document between two markers has a root: a null scalar.
        let docs = index("---\n---\na: 1\n");
        assert!(!docs[0].is_empty());
        assert_eq!(docs[1].document_start(), Location { line: 2, column: 1 });
        assert!(index("")[0].is_empty());
        assert_eq!(
            index("")[0].document_start(),
            Location { line: 1, column: 1 }
        );
    }

    #[test]
    fn anchors_and_aliases_are_not_expanded() {
        let text = "a: &x {b: 1}\nc: *x\nd: [*x, &y 2]\n";
        let doc = one(text);
        assert_eq!(
            doc.value("a"),
            at(1, 4),
            "an anchored node starts at its anchor"
        );
        assert_eq!(doc.key("a.b"), at(1, 8));
        assert_eq!(doc.value("c"), at(2, 4));
        assert_eq!(doc.value("c.b"), None, "paths do not go through an alias");
        assert_eq!(doc.nearest("c.b"), at(2, 1));
        assert_eq!(doc.value("d[0]"), at(3, 5));
        assert_eq!(doc.value("d[1]"), at(3, 9));

        // A billion-laughs text stays small: every alias is one node.
        let mut bomb = String::from("a: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let refs = vec![format!("*l{}", level - 1); 9].join(", ");
            bomb.push_str(&format!("b{level}: &l{level} [{refs}]\n"));
        }
        let doc = one(&bomb);
        assert_eq!(doc.nodes.len(), 1 + 10 + 11 * 10);
        assert_eq!(doc.value("b11[8]"), at(12, 60));
    }

    #[test]
    fn keys_that_are_not_scalars_and_repeated_keys() {
        let text = "? [k]\n: v\nx: 1\nx: 2\n? *a\n: 3\n";
        let docs = index(text);
        // The alias `*a` has no anchor: the parser stops there; what came before is indexed.
        let doc = &docs[0];
        assert_eq!(doc.key("x"), at(3, 1), "the first of repeated keys wins");
        assert_eq!(doc.value("x"), at(3, 4));
        assert_eq!(doc.value("k"), None);
    }

    #[test]
    fn scalar_styles_and_unicode_columns() {
        let text =
            "é: ü\n\"q\\u00e9\": |\n  line1\n  line2\nf: >-\n  a\n  b\n'it''s': x\nt: !!str 5\n";
        let doc = one(text);
        assert_eq!(
            doc.value("é"),
            at(1, 4),
            "columns count characters, not bytes"
        );
        assert_eq!(doc.key("qé"), at(2, 1));
        assert_eq!(
            doc.value("qé"),
            at(2, 12),
            "a block scalar starts at its indicator"
        );
        assert_eq!(doc.value("f"), at(5, 4));
        assert_eq!(doc.key("it's"), at(8, 1));
        assert_eq!(doc.value("t"), at(9, 4), "a tagged node starts at its tag");

        let doc = one("\u{feff}a: 1\r\nb: 2\r\n");
        assert_eq!(
            doc.key("a"),
            at(1, 1),
            "the byte-order mark is not a column"
        );
        assert_eq!(doc.key("b"), at(2, 1), "CRLF is one line break");

        let doc = one("a:\nb: 1\n");
        assert_eq!(
            doc.value("a"),
            at(1, 3),
            "an empty value is just after its colon"
        );
    }

    #[test]
    fn invalid_yaml_keeps_what_came_before_the_error() {
        let text = "a: 1\n---\nb: {c: 2, d: [1, 2\ne: 3\nf: 4\n---\ng: 5\n";
        let docs = index(text);
        assert_eq!(docs.len(), 2, "documents after the error are not indexed");
        assert_eq!(docs[0].key("a"), at(1, 1));
        assert_eq!(docs[1].key("b.c"), at(3, 5));
        assert_eq!(docs[1].value("b.d[0]"), at(3, 15));
        // libyaml reports `2` before it finds that `]` is missing.
        assert_eq!(docs[1].value("b.d[1]"), at(3, 18));
        assert_eq!(docs[1].value("f"), None);

        let docs = index("a: 1\nb: 2\n  c: 3\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].key("a"), at(1, 1));

        let docs = index("\t- [}");
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn path_syntax() {
        use Segment::{Bracket, Field};
        assert_eq!(parse_path(""), []);
        assert_eq!(
            parse_path("spec.containers[1].ports[0].containerPort"),
            [
                Field("spec"),
                Field("containers"),
                Bracket("1"),
                Field("ports"),
                Bracket("0"),
                Field("containerPort")
            ]
        );
        assert_eq!(
            parse_path("metadata.labels[app.kubernetes.io/name]"),
            [
                Field("metadata"),
                Field("labels"),
                Bracket("app.kubernetes.io/name")
            ]
        );
        assert_eq!(parse_path("[0][x]y"), [Bracket("0"), Bracket("x]y")]);
        assert_eq!(parse_path("a[unclosed"), [Field("a"), Bracket("unclosed")]);
        assert_eq!(parse_path(".a..b"), [Field("a"), Field(""), Field("b")]);
    }

    #[test]
    fn deep_flow_nesting_does_not_overflow() {
        let depth = 200;
        let text = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
        let doc = one(&text);
        assert_eq!(doc.value(&"[0]".repeat(depth)), at(1, depth + 1));
        assert_eq!(doc.nearest(&"[0]".repeat(10_000)), at(1, depth + 1));

        // libyaml has no nesting limit: an unclosed nesting this deep is indexed up to the end,
        // where it fails.
        let docs = index(&"[".repeat(10_000));
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].value(&"[0]".repeat(9_999)), at(1, 10_000));
        let text = format!("{}{}", "{a: ".repeat(10_000), "}".repeat(10_000));
        assert_eq!(index(&text).len(), 1);
    }

    #[test]
    fn deep_block_nesting_does_not_overflow() {
        let depth = 10_000;
        let text = format!("{}x\n", "- ".repeat(depth));
        let doc = one(&text);
        let path = "[0]".repeat(depth);
        assert_eq!(doc.value(&path), at(1, 2 * depth + 1));
        assert_eq!(doc.nodes.len(), depth + 1);

        // Nested block mappings, one level per line.
        let mut text = String::new();
        for level in 0..2_000 {
            text.push_str(&" ".repeat(level));
            text.push_str("k:\n");
        }
        let doc = one(&text);
        let path = vec!["k"; 2_000].join(".");
        assert_eq!(doc.key(&path), at(2_000, 2_000));
        // Long paths that do not resolve stay cheap.
        assert_eq!(doc.nearest(&"k.".repeat(100_000)), at(2_000, 2_000));
        assert_eq!(doc.nearest(&"[k]".repeat(100_000)), at(2_000, 2_000));
    }

    #[test]
    fn big_input_is_indexed() {
        let item = "  - name: c\n    image: \"nginx:1.21\"\n    ports: [{containerPort: 80}, {containerPort: 443}]\n    env:\n    - {name: A, value: b}\n";
        let mut text = String::from("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n");
        let mut count = 0;
        while text.len() < 2_000_000 {
            text.push_str(item);
            count += 1;
        }
        let doc = one(&text);
        let last = count - 1;
        assert_eq!(
            doc.key(&format!("spec.containers[{last}].ports[1].containerPort")),
            at(4 + 5 * last + 3, 35)
        );
        assert_eq!(doc.value(&format!("spec.containers[{count}]")), None);
    }

    #[test]
    fn never_panics_on_arbitrary_input() {
        let mut rng = crate::model::rng::SeededRng::new(0x9E37_79B9_7F4A_7C15);
        let paths = [
            "", "a", "a[0]", "x.b", "[0][0]", "b[x]", "a.b.c", "[", "]", "[]", ".",
        ];
        for _ in 0..3_000 {
            let text = crate::model::yaml::random::text(&mut rng, 0, 29);
            for doc in index(&text) {
                for path in paths {
                    let _ = (doc.key(path), doc.value(path), doc.nearest(path));
                }
            }
        }
    }
}
