//! Random texts made of YAML's pieces, for the tests that read arbitrary input: the parser
//! against serde_yaml (`tests.rs`) and the span index (`spans.rs`).

use crate::model::rng::SeededRng;

/// Indicators, scalars of every style, tags, anchors, directives, line breaks and the
/// characters libyaml treats specially.
const PIECES: &[&str] = &[
    "a",
    "b: ",
    "x: ",
    ":",
    " ",
    "  ",
    "\n",
    "\n  ",
    "\r\n",
    "\r",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "&x ",
    "&",
    "*x",
    "*",
    "!!str ",
    "!t ",
    "\"",
    "\"a\\u00",
    "'",
    "|",
    "|-",
    "|+",
    ">",
    ">-",
    "#",
    "---",
    "...",
    "\t",
    "\\",
    "é",
    "\u{feff}",
    "%",
    "@",
    "0",
    "07",
    "1.5",
    "~",
    "true",
    "x: 1\n",
    "  - y\n",
    "\"\\n\"",
    "'it''s'",
    "%YAML 1.1\n",
    "%YAML 1.2\n",
    "|2\n",
    "\u{85}",
    "!t,",
    "!a!b,",
];

/// A text of `min` to `max` pieces.
pub fn text(rng: &mut SeededRng, min: u64, max: u64) -> String {
    let n = rng.between(min, max);
    (0..n)
        .map(|_| PIECES[rng.below(PIECES.len() as u64) as usize])
        .collect()
}
