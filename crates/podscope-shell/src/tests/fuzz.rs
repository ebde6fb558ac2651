//! Seeded random inputs: no byte string makes the parser or the interpreter panic or hang.

use super::fake::{Fake, drive};
use crate::{Shell, parse};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// SplitMix64 (Steele, Lea, Flood 2014), as the core's generator: the same inputs every run.
struct SeededRng(u64);

impl SeededRng {
    fn new(seed: u64) -> Self {
        SeededRng(seed)
    }

    /// A value in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// Shell-heavy bytes so that random strings reach deep into the grammar.
const ALPHABET: &[u8] = b" \t\n;&|()<>{}$`'\"\\#=*?[]!-0129abcdefinorstuwxyz:%+_";

fn random_text(rng: &mut SeededRng, shell_like: bool) -> String {
    let len = rng.below(120) as usize;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            if shell_like {
                ALPHABET
                    .get(rng.below(ALPHABET.len() as u64) as usize)
                    .copied()
                    .unwrap_or(b' ')
            } else {
                rng.below(256) as u8
            }
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn random_scripts_never_panic() {
    let mut rng = SeededRng::new(0x5eed_5e11);
    for i in 0..3_000 {
        let text = random_text(&mut rng, i % 4 != 0);
        let script = parse(&text);
        let mut host = Fake::new();
        let mut shell = Shell::new(&script, Default::default(), Vec::new());
        let y = shell.run(&mut host);
        let _ = drive(&mut shell, &mut host, y, 20);
        // Forked children run too.
        let forks = std::mem::take(&mut host.forks);
        for (_, mut child, _) in forks.into_iter().take(5) {
            let y = child.run(&mut host);
            let _ = drive(&mut child, &mut host, y, 20);
        }
    }
}

#[test]
fn keyword_soup_never_panics() {
    let words = [
        "if", "then", "else", "elif", "fi", "while", "until", "do", "done", "for", "in", "case",
        "esac", ";;", "{", "}", "(", ")", ";", "&", "&&", "||", "|", "!", "\n", "x", "$(", "`",
        "<<E", "E", ">", "2>&1", "f()", "break", "exit", "$((1", "))", "\"", "'",
    ];
    let mut rng = SeededRng::new(7);
    for _ in 0..3_000 {
        let n = rng.below(30) as usize;
        let text: Vec<&str> = (0..n)
            .map(|_| {
                words
                    .get(rng.below(words.len() as u64) as usize)
                    .copied()
                    .unwrap_or("x")
            })
            .collect();
        let text = text.join(" ");
        let script = parse(&text);
        let mut host = Fake::new();
        let mut shell = Shell::new(&script, Default::default(), Vec::new());
        let y = shell.run(&mut host);
        let _ = drive(&mut shell, &mut host, y, 20);
    }
}
