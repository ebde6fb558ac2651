//! A 64-bit FNV-1a fingerprint of an event's key fields, and a check that a stored message
//! equals an event's, both fed by `Event::write_message` so the correlator builds no string
//! for an event it has seen before.

use std::fmt;

/// FNV-1a over the bytes written; `end` separates fields (0xff never occurs in UTF-8, so
/// `"ab" + "c"` and `"a" + "bc"` differ).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fingerprint(u64);

impl Fingerprint {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    pub(crate) fn new(tag: u8) -> Self {
        let mut f = Fingerprint(Self::OFFSET);
        f.byte(tag);
        f
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(Self::PRIME);
    }

    /// One field.
    pub(crate) fn field(&mut self, s: &str) {
        self.bytes(s);
        self.end();
    }

    pub(crate) fn end(&mut self) {
        self.byte(0xff);
    }

    fn bytes(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
    }

    pub(crate) fn value(self) -> u64 {
        self.0
    }
}

impl fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s);
        Ok(())
    }
}

/// Whether what is written equals `expected`, chunk by chunk.
pub(crate) struct SameText<'a> {
    rest: &'a str,
    same: bool,
}

impl<'a> SameText<'a> {
    pub(crate) fn new(expected: &'a str) -> Self {
        SameText {
            rest: expected,
            same: true,
        }
    }

    /// True if everything written matched and nothing of `expected` is left over.
    pub(crate) fn matched(&self) -> bool {
        self.same && self.rest.is_empty()
    }
}

impl fmt::Write for SameText<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.rest.strip_prefix(s) {
            Some(rest) if self.same => self.rest = rest,
            _ => self.same = false,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Fingerprint, SameText};
    use std::fmt::Write;

    #[test]
    fn fields_are_separated_and_text_compares_in_pieces() {
        let of = |parts: &[&str]| {
            let mut f = Fingerprint::new(0);
            for p in parts {
                f.field(p);
            }
            f.value()
        };
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
        // `write!` hands the text over in pieces: "Error: ", then the word.
        let (boom, bang) = ("boom", "bang");
        let mut same = SameText::new("Error: boom");
        let _ = write!(same, "Error: {boom}");
        assert!(same.matched());
        let mut short = SameText::new("Error: boom!");
        let _ = write!(short, "Error: {boom}");
        assert!(!short.matched());
        let mut other = SameText::new("Error: boom");
        let _ = write!(other, "Error: {bang}");
        assert!(!other.matched());
    }
}
