//! Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits): the second
//! factor every court staff account must present (Rules art. 12, 身份认证).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Length of one TOTP time step in seconds.
pub const STEP_SECONDS: i64 = 30;

/// The 6-digit code for `secret` at Unix time `unix_seconds`.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    let counter = unix_seconds.div_euclid(STEP_SECONDS);
    format!("{:06}", hotp(secret, counter as u64, 1_000_000))
}

/// Whether `code` is valid for `secret` at `unix_seconds`, allowing one step of clock drift either
/// way. Returns the matched time step so a caller can refuse its reuse.
pub fn verify(secret: &[u8], code: &str, unix_seconds: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = unix_seconds.div_euclid(STEP_SECONDS);
    (step - 1..=step + 1).find(|&s| {
        let expected = format!("{:06}", hotp(secret, s as u64, 1_000_000));
        constant_time_eq(expected.as_bytes(), code.as_bytes())
    })
}

/// RFC 4226 HOTP value modulo `modulus`.
fn hotp(secret: &[u8], counter: u64, modulus: u32) -> u32 {
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else {
        return 0; // HMAC accepts keys of any length; unreachable in practice.
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let binary = (u32::from(digest[offset]) & 0x7f) << 24
        | u32::from(digest[offset + 1]) << 16
        | u32::from(digest[offset + 2]) << 8
        | u32::from(digest[offset + 3]);
    binary % modulus
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Encodes a secret in RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(secret: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in secret {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes RFC 4648 base32 (upper or lower case, padding and spaces ignored); `None` if invalid.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=' && *c != b' ') {
        let value = ALPHABET.iter().position(|&a| a == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits there; the last 6 digits are ours).
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            let step = t / STEP_SECONDS;
            assert_eq!(
                format!("{:08}", hotp(secret, step as u64, 100_000_000)),
                expected
            );
            assert_eq!(code_at(secret, t), expected[2..]);
        }
    }

    #[test]
    fn verify_allows_one_step_drift_only() {
        let secret = b"12345678901234567890";
        let code = code_at(secret, 1_000_000);
        assert!(verify(secret, &code, 1_000_000).is_some());
        assert!(verify(secret, &code, 1_000_030).is_some());
        assert!(verify(secret, &code, 1_000_090).is_none());
        assert!(verify(secret, "abcdef", 1_000_000).is_none());
    }

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(from_base32("mzxw6ytboi").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(
            from_base32(&base32(b"12345678901234567890")).as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        assert!(from_base32("not base32!").is_none());
    }
}
