//! The diagram's units: boxes, anchor points, the sizes every part is laid out with, and
//! text wrapped by character count (the page draws 11px monospace, so a character's width
//! is fixed and the wrap is testable natively).

/// A coordinate or size as an SVG attribute value: the shortest digits that read back as the
/// same `f32` (`16`, `30.5`), what `to_string()` writes, by podscope-float (core's float
/// formatting stays out of the wasm). The page and `podscope svg` both write through it.
pub fn num(v: f32) -> String {
    podscope_float::display_f32(v)
}

/// An axis-aligned box in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    /// The middle of the box.
    pub fn center(self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }

    pub fn right(self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(self) -> f32 {
        self.y + self.h
    }
}

/// Where a line of text is anchored, in SVG user units: the start of its baseline, or for a
/// chip's label the middle of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// One line of text and where its baseline starts.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub at: Point,
    pub text: String,
}

pub(super) const MARGIN: f32 = 16.0;
pub(super) const POD_PAD: f32 = 14.0;
pub(super) const CONTAINER_W: f32 = 200.0;
pub(super) const GAP: f32 = 16.0;
pub(super) const CHIP_W: f32 = 58.0;
pub(super) const CHIP_H: f32 = 22.0;
pub(super) const CHIP_GAP: f32 = 6.0;
/// The pod's title row.
pub(super) const POD_HEADER: f32 = 30.0;
/// The height of a node's heading row.
pub(super) const HEADING_H: f32 = 24.0;
/// Text in a box starts this far from its left edge (the pod's title: `POD_PAD`).
pub(super) const TEXT_INSET: f32 = 10.0;
/// The first line of text in a box: its baseline, down from the box's top.
pub(super) const FIRST_LINE: f32 = 20.0;
/// From one line's baseline to the next.
pub(super) const LINE_H: f32 = 18.0;
/// From one small line's baseline to the next (processes, mounts).
pub(super) const SMALL_LINE_H: f32 = 14.0;
/// A chip's label: the middle of its baseline, down from the chip's top.
pub(super) const CHIP_LABEL: f32 = 15.0;
/// The width of one character of the 11px monospace font the page draws detail text in
/// (0.6 em, rounded up), so that text the core wraps or cuts fits its box.
pub const CHAR_W: f32 = 7.0;
/// The widest a character of a 13px bold title is (sans-serif digits and capitals), so that
/// a box sized for its title holds it.
pub const TITLE_CHAR_W: f32 = 8.0;
/// The height of a button drawn in the diagram (the Pending fix).
pub(super) const BUTTON_H: f32 = 24.0;

/// The baseline of the `n`th line of text (from 0) in a box whose text starts at `x`.
pub(super) fn line(x: f32, top: f32, n: u8) -> Point {
    Point {
        x,
        y: top + FIRST_LINE + f32::from(n) * LINE_H,
    }
}

/// How many characters fit in `width` user units.
pub(super) fn chars_in(width: f32) -> usize {
    // Never less than one, so wrapping always moves forward.
    ((width / CHAR_W).floor() as usize).max(1)
}

/// `text` cut to `max` characters, with `…` as the last one when it was longer.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `text` wrapped to lines of at most `max` characters: at spaces where it can, inside a
/// word longer than a line where it must.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let room = if used == 0 {
                max
            } else {
                max.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // A word longer than a whole line: cut it.
            let rest = word.split_off(max);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_only_words_longer_than_a_line() {
        assert_eq!(
            wrap("0/1 nodes are available", 10),
            ["0/1 nodes", "are", "available"]
        );
        assert_eq!(wrap("abcdefghijkl x", 5), ["abcde", "fghij", "kl x"]);
        assert_eq!(wrap("  ", 5), Vec::<String>::new());
        for l in wrap("node(s) didn't match Pod's node affinity/selector.", 12) {
            assert!(l.chars().count() <= 12, "{l}");
        }
    }

    #[test]
    fn cut_keeps_short_text_and_marks_what_it_cut() {
        assert_eq!(cut("/var/log", 10), "/var/log");
        assert_eq!(cut("/usr/share/nginx/html", 10), "/usr/shar…");
    }
}
