//! crictl's `--name` and `--namespace` filters: Go's `regexp.MatchString(pattern, target)`
//! (cri-tools cmd/crictl/util.go `matchesRegex`), an unanchored search. The model reads the
//! part of RE2's syntax a name filter uses: literal characters, `.`, `*`, `+`, `?`, `^`, `$`
//! and `\` escapes; a pattern with classes, groups, alternation or counts is not modelled.

/// One piece of a pattern: what one character must be, and how often it may repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Atom {
    Any,
    Char(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repeat {
    One,
    /// `*`
    Star,
    /// `+`
    Plus,
    /// `?`
    Maybe,
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    start: bool,
    end: bool,
    pieces: Vec<(Atom, Repeat)>,
}

/// The pattern uses syntax the model does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported;

/// The most steps one match may take (podscope's bound: the backtracking below is
/// exponential in the number of stars at worst; RE2 is linear).
const MAX_STEPS: usize = 100_000;

impl Pattern {
    pub fn parse(p: &str) -> Result<Pattern, Unsupported> {
        let mut chars = p.chars().peekable();
        let start = chars.next_if_eq(&'^').is_some();
        let mut pieces: Vec<(Atom, Repeat)> = Vec::new();
        let mut end = false;
        while let Some(c) = chars.next() {
            if end {
                // `$` before the end of the pattern.
                return Err(Unsupported);
            }
            let atom = match c {
                '.' => Atom::Any,
                '\\' => match chars.next() {
                    Some(e) if !e.is_ascii_alphanumeric() => Atom::Char(e),
                    _ => return Err(Unsupported),
                },
                '$' => {
                    end = true;
                    continue;
                }
                '[' | ']' | '(' | ')' | '|' | '{' | '}' | '^' | '*' | '+' | '?' => {
                    return Err(Unsupported);
                }
                c => Atom::Char(c),
            };
            let repeat = match chars.peek() {
                Some('*') => Repeat::Star,
                Some('+') => Repeat::Plus,
                Some('?') => Repeat::Maybe,
                _ => Repeat::One,
            };
            if repeat != Repeat::One {
                chars.next();
                if matches!(chars.peek(), Some('*' | '+' | '?')) {
                    // `a*?` (non-greedy) and friends.
                    return Err(Unsupported);
                }
            }
            pieces.push((atom, repeat));
        }
        Ok(Pattern { start, end, pieces })
    }

    /// Whether the pattern matches somewhere in `target`.
    pub fn is_match(&self, target: &str) -> bool {
        let t: Vec<char> = target.chars().collect();
        let mut steps = 0;
        let starts = if self.start { 0..=0 } else { 0..=t.len() };
        starts.into_iter().any(|i| self.at(0, &t, i, &mut steps))
    }

    fn at(&self, piece: usize, t: &[char], i: usize, steps: &mut usize) -> bool {
        *steps += 1;
        if *steps > MAX_STEPS {
            return false;
        }
        let Some(&(atom, repeat)) = self.pieces.get(piece) else {
            return !self.end || i == t.len();
        };
        let fits = |j: usize| {
            t.get(j).is_some_and(|c| match atom {
                Atom::Any => *c != '\n',
                Atom::Char(a) => *c == a,
            })
        };
        match repeat {
            Repeat::One => fits(i) && self.at(piece + 1, t, i + 1, steps),
            Repeat::Maybe => {
                (fits(i) && self.at(piece + 1, t, i + 1, steps)) || self.at(piece + 1, t, i, steps)
            }
            Repeat::Star | Repeat::Plus => {
                let mut n = 0;
                while fits(i + n) {
                    n += 1;
                }
                let least = usize::from(repeat == Repeat::Plus);
                (least..=n)
                    .rev()
                    .any(|k| self.at(piece + 1, t, i + k, steps))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn m(p: &str, t: &str) -> bool {
        Pattern::parse(p).is_ok_and(|p| p.is_match(t))
    }

    #[test]
    fn searches_unanchored_like_match_string() {
        assert!(m("nginx", "nginx-65899c769f-wv2gp"));
        assert!(m("65899", "nginx-65899c769f-wv2gp"));
        assert!(!m("^65899", "nginx-65899c769f-wv2gp"));
        assert!(m("^nginx-.*gp$", "nginx-65899c769f-wv2gp"));
        assert!(!m("^nginx$", "nginx-65899c769f-wv2gp"));
        assert!(m("ng.nx", "nginx"));
        assert!(m("a+b?c*$", "xaa"));
        assert!(m("", "anything"));
        assert!(m("kube\\-system", "kube-system"));
    }

    #[test]
    fn other_syntax_is_not_modelled() {
        for p in ["[ab]", "(a)", "a|b", "a{2}", "a**", "a$b", "\\d"] {
            assert_eq!(Pattern::parse(p), Err(Unsupported), "{p}");
        }
    }
}
