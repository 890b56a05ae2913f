//! Content addresses of stored files: SHA-256 (the address) and SM3 (GB/T 32905-2016, the
//! national standard digest, recorded beside it for verification with 国密 tools), computed in
//! one pass over a stream.

use sha2::Digest as _;

/// The two digests of one file, as lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentHash {
    /// SHA-256, 64 hex digits; the blob's address.
    pub sha256: String,
    /// SM3, 64 hex digits.
    pub sm3: String,
}

impl ContentHash {
    /// Hashes a whole byte slice.
    pub fn of(bytes: &[u8]) -> Self {
        let mut hasher = ContentHasher::default();
        hasher.update(bytes);
        hasher.finish().0
    }

    /// Whether `text` is a well-formed SHA-256 address (64 lowercase hex digits); used before a
    /// caller-supplied address goes anywhere near a storage path.
    pub fn is_sha256_hex(text: &str) -> bool {
        text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }
}

/// Incremental hashing of a stream: feed chunks with [`update`](Self::update), then
/// [`finish`](Self::finish) for the digests and the byte count.
#[derive(Default, Clone)]
pub struct ContentHasher {
    sha256: sha2::Sha256,
    sm3: sm3::Sm3,
    len: u64,
}

impl ContentHasher {
    /// Adds a chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        self.sha256.update(chunk);
        self.sm3.update(chunk);
        self.len = self.len.saturating_add(chunk.len() as u64);
    }

    /// Bytes seen so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing has been fed yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The digests and the total length.
    pub fn finish(self) -> (ContentHash, u64) {
        (
            ContentHash {
                sha256: hex(&self.sha256.finalize()),
                sm3: hex(&self.sm3.finalize()),
            },
            self.len,
        )
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // SHA-256("abc") from FIPS 180-2; SM3("abc") from GB/T 32905-2016 appendix A.1.
        let h = ContentHash::of(b"abc");
        assert_eq!(
            h.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            h.sm3,
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn chunked_equals_whole() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let mut hasher = ContentHasher::default();
        for chunk in data.chunks(777) {
            hasher.update(chunk);
        }
        let (hash, len) = hasher.finish();
        assert_eq!(len, 10_000);
        assert_eq!(hash, ContentHash::of(&data));
    }

    #[test]
    fn address_shape() {
        assert!(ContentHash::is_sha256_hex(&ContentHash::of(b"").sha256));
        assert!(!ContentHash::is_sha256_hex("../etc/passwd"));
        assert!(!ContentHash::is_sha256_hex(&"A".repeat(64)));
    }
}
