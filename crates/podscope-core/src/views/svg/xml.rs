//! Writing XML safely: text and attribute values escaped, characters XML 1.0 forbids
//! replaced, so no text from a manifest can become markup or make the document ill-formed.

use std::fmt::Write as _;

/// The replacement for a character that cannot appear in an XML 1.0 document.
const REPLACEMENT: char = '\u{fffd}';

/// `c` as it may appear in the document's text: XML 1.0's `Char` production allows
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`
/// (<https://www.w3.org/TR/xml/#charsets>). Tab and line breaks become a space (a drawn line
/// of text has none); the C0 and C1 controls, DEL and the noncharacters U+FFFE and U+FFFF
/// become U+FFFD, as `ps` shows a control character as `?`: visibly, never raw.
fn allowed(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{fffe}' | '\u{ffff}' => REPLACEMENT,
        c if c.is_control() => REPLACEMENT,
        c => c,
    }
}

/// Appends `text` escaped for element content or a double-quoted attribute value.
pub(super) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars().map(allowed) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped (see `escape_into`).
#[cfg(test)]
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

pub(super) use crate::views::layout::num;

/// A document under construction. Element and attribute names are the writer's own
/// (`&'static str`); every value and every text goes through `escape`.
#[derive(Default)]
pub(super) struct Xml {
    out: String,
}

impl Xml {
    fn start(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.out, " {name}=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// `<tag …>` and a line break: an element holding others.
    pub(super) fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str(">\n");
    }

    /// `<tag …>` with no line break: an element holding text.
    pub(super) fn open_inline(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    /// `<tag …/>`.
    pub(super) fn empty(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str("/>\n");
    }

    /// `</tag>` and a line break.
    pub(super) fn close(&mut self, tag: &'static str) {
        let _ = writeln!(self.out, "</{tag}>");
    }

    /// `</tag>` with no line break (inside a line of text).
    pub(super) fn close_inline(&mut self, tag: &'static str) {
        let _ = write!(self.out, "</{tag}>");
    }

    /// Text content, escaped.
    pub(super) fn text(&mut self, text: &str) {
        escape_into(&mut self.out, text);
    }

    /// `<tag …>TEXT</tag>` on a line of its own.
    pub(super) fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) {
        self.open_inline(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// Markup the writer wrote itself (the style sheet), never text from a manifest.
    pub(super) fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_forbidden_ones_replaced() {
        assert_eq!(
            escape("<a href=\"x\" b='y'>&</a>"),
            "&lt;a href=&quot;x&quot; b=&apos;y&apos;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(
            escape("a\u{0}b\u{1b}[31m\u{7f}\u{85}"),
            "a\u{fffd}b\u{fffd}[31m\u{fffd}\u{fffd}"
        );
        assert_eq!(escape("a\tb\nc\r"), "a b c ");
        assert_eq!(escape("\u{fffe}\u{ffff}ü😀"), "\u{fffd}\u{fffd}ü😀");
    }

    #[test]
    fn numbers_are_written_in_their_shortest_form() {
        assert_eq!(num(16.0), "16");
        assert_eq!(num(30.5), "30.5");
        assert_eq!(num(-2.25), "-2.25");
    }
}
