//! Lowercase hexadecimal text for hashes.

use crate::Hash;

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Writes `bytes` as lowercase hexadecimal.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Reads exactly 64 lowercase hexadecimal digits as a hash.
pub(crate) fn decode_hash(text: &str) -> Option<Hash> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let hash: Hash = core::array::from_fn(|i| (i * 9) as u8);
        let text = encode(&hash);
        assert_eq!(text.len(), 64);
        assert_eq!(decode_hash(&text), Some(hash));
    }

    #[test]
    fn rejects_uppercase_and_wrong_length() {
        assert_eq!(decode_hash(&"AB".repeat(32)), None);
        assert_eq!(decode_hash(&"ab".repeat(31)), None);
        assert_eq!(decode_hash(&"zz".repeat(32)), None);
    }
}
