//! Shell pattern matching (`*`, `?`, `[…]`) for `case` and `${x%pat}`-style trimming.
//! Quoted characters match themselves. Work is bounded so that no input can hang the page.

/// A pattern character and whether it was quoted (then it is never special).
pub type PatChar = (char, bool);

/// The most comparison steps one match or trim may take (a podscope limit).
const BUDGET: u64 = 5_000_000;

/// Whether `text` matches `pat` as a whole.
pub fn matches(text: &str, pat: &[PatChar]) -> bool {
    let t: Vec<char> = text.chars().collect();
    let mut budget = BUDGET;
    match_chars(&t, pat, &mut budget)
}

/// Matches one bracket expression starting after `[`; returns whether `c` matched and the
/// index after `]`, or `None` when there is no closing `]` (then `[` is literal).
fn bracket(pat: &[PatChar], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start;
    let mut negate = false;
    if let Some(&(ch, false)) = pat.get(i)
        && (ch == '!' || ch == '^')
    {
        negate = true;
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let &(ch, quoted) = pat.get(i)?;
        if ch == ']' && !quoted && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if let (Some(&('-', false)), Some(&(hi, _))) = (pat.get(i + 1), pat.get(i + 2))
            && hi != ']'
        {
            if ch <= c && c <= hi {
                matched = true;
            }
            i += 3;
            continue;
        }
        if ch == c {
            matched = true;
        }
        i += 1;
    }
}

/// Iterative matching with one backtrack point for the last `*` (linear in practice).
fn match_chars(t: &[char], p: &[PatChar], budget: &mut u64) -> bool {
    let (mut ti, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some(&(pc, quoted)) = p.get(pi) {
            if pc == '*' && !quoted {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            if let Some(&tc) = t.get(ti) {
                let step = if quoted {
                    (pc == tc).then_some(pi + 1)
                } else if pc == '?' {
                    Some(pi + 1)
                } else if pc == '[' {
                    match bracket(p, pi + 1, tc) {
                        Some((true, next)) => Some(next),
                        Some((false, _)) => None,
                        None => (tc == '[').then_some(pi + 1),
                    }
                } else {
                    (pc == tc).then_some(pi + 1)
                };
                if let Some(next) = step {
                    pi = next;
                    ti += 1;
                    continue;
                }
            }
        } else if ti == t.len() {
            return true;
        }
        match star {
            Some((sp, st)) if st < t.len() => {
                star = Some((sp, st + 1));
                pi = sp;
                ti = st + 1;
            }
            _ => return false,
        }
    }
}

/// `${x#pat}` (prefix) / `${x%pat}` (suffix), shortest or longest match.
pub fn trim(value: &str, pat: &[PatChar], suffix: bool, longest: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let mut budget = BUDGET;
    let lens: Box<dyn Iterator<Item = usize>> = if longest {
        Box::new((0..=n).rev())
    } else {
        Box::new(0..=n)
    };
    for len in lens {
        let (piece, rest) = if suffix {
            (chars.get(n - len..), chars.get(..n - len))
        } else {
            (chars.get(..len), chars.get(len..))
        };
        let (Some(piece), Some(rest)) = (piece, rest) else {
            continue;
        };
        if match_chars(piece, pat, &mut budget) {
            return rest.iter().collect();
        }
        if budget == 0 {
            break;
        }
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn p(s: &str) -> Vec<PatChar> {
        s.chars().map(|c| (c, false)).collect()
    }

    #[test]
    fn globs() {
        assert!(matches("nginx.conf", &p("*.conf")));
        assert!(matches("a", &p("?")));
        assert!(!matches("ab", &p("?")));
        assert!(matches("b", &p("[a-c]")));
        assert!(!matches("b", &p("[!a-c]")));
        assert!(matches("[", &p("[")));
        assert!(!matches("*", &[('x', true)]));
        assert!(matches("*", &[('*', true)]));
        assert!(matches("", &p("*")));
    }

    #[test]
    fn trims() {
        assert_eq!(trim("/usr/local/bin", &p("*/"), false, true), "bin");
        assert_eq!(
            trim("/usr/local/bin", &p("*/"), false, false),
            "usr/local/bin"
        );
        assert_eq!(trim("file.tar.gz", &p(".*"), true, false), "file.tar");
        assert_eq!(trim("file.tar.gz", &p(".*"), true, true), "file");
    }
}
