//! Base64url without padding (RFC 4648 §5), the alphabet a URL fragment carries unescaped.

use crate::model::base64::URL as ALPHABET;

/// The text of `bytes`, four characters per three bytes, no `=`.
pub fn encode(bytes: &[u8]) -> String {
    crate::model::base64::encode(bytes, ALPHABET, false)
}

/// The bytes of `text`, or the 1-based position of the first character that is not in the
/// alphabet (or of a last group of one character, which no encoder writes).
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (i, c) in text.bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return Err(char_position(text, i)),
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err(text.chars().count());
    }
    Ok(out)
}

/// The 1-based character position of byte offset `at`.
fn char_position(text: &str, at: usize) -> usize {
    text.get(..at).map_or(at, |s| s.chars().count()) + 1
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn round_trips_every_length_and_byte() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        for len in 0..bytes.len() {
            let text = encode(&bytes[..len]);
            assert_eq!(text.len(), (len * 4).div_ceil(3));
            assert_eq!(decode(&text), Ok(bytes[..len].to_vec()));
        }
    }

    #[test]
    fn matches_rfc_4648_vectors_without_padding() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded), Ok(plain.as_bytes().to_vec()));
        }
        // The url-safe alphabet: 0xfb 0xff is "-_8" where standard base64 has "+/8".
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn names_the_first_character_outside_the_alphabet() {
        assert_eq!(decode("Zm9v+mFy"), Err(5));
        assert_eq!(decode("Zm9v=="), Err(5));
        assert_eq!(decode("Zé9v"), Err(2));
        assert_eq!(decode("Zm9vY"), Err(5));
    }
}
