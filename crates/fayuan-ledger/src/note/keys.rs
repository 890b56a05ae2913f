//! Key IDs, signature types, and the text forms of verifier and signer keys.

use super::cosignature::CosignatureVerifier;
use super::ed25519_key::{Ed25519Signer, Ed25519Verifier};
use super::format::is_valid_name;
use super::sm2_key::{Sm2Signer, Sm2Verifier};
use super::{NoteSigner, NoteVerifier};
use crate::LedgerError;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

const SIGNER_PREFIX: &str = "PRIVATE+KEY+";
const ED25519_TYPE: &[u8] = &[0x01];
/// C2SP tlog-cosignature `cosignature/v1` (Ed25519 with a timestamp).
const COSIGNATURE_TYPE: &[u8] = &[0x04];
/// The C2SP extension type byte `0xff` followed by the identifier `fayuan-sm2-sm3`.
const SM2_TYPE: &[u8] = b"\xfffayuan-sm2-sm3";

/// The recommended C2SP key ID: the first four bytes, big-endian, of
/// `SHA-256(name || 0x0A || key_type_and_public_key)`.
pub fn key_id(name: &str, key_type_and_public_key: &[u8]) -> u32 {
    let digest = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update(b"\n")
        .chain_update(key_type_and_public_key)
        .finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The signature types this crate implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyType {
    Ed25519,
    Sm2,
    Cosignature,
}

impl KeyType {
    fn prefix(self) -> &'static [u8] {
        match self {
            Self::Ed25519 => ED25519_TYPE,
            Self::Sm2 => SM2_TYPE,
            Self::Cosignature => COSIGNATURE_TYPE,
        }
    }

    /// `key` preceded by this type's identifier bytes.
    pub(crate) fn encode(self, key: &[u8]) -> Vec<u8> {
        [self.prefix(), key].concat()
    }

    /// Splits key bytes into their type and the key proper.
    fn split(bytes: &[u8]) -> Result<(Self, &[u8]), LedgerError> {
        for key_type in [Self::Ed25519, Self::Sm2, Self::Cosignature] {
            if let Some(key) = bytes.strip_prefix(key_type.prefix()) {
                return Ok((key_type, key));
            }
        }
        match bytes.first() {
            Some(&byte) => Err(LedgerError::UnsupportedKeyType(byte)),
            None => Err(LedgerError::MalformedKey("empty key")),
        }
    }
}

/// A parsed `<name>+<hex key ID>+<base64 key>` text.
pub(crate) struct KeyText<'a> {
    pub(crate) name: &'a str,
    pub(crate) key_id: u32,
    bytes: Vec<u8>,
}

impl<'a> KeyText<'a> {
    fn parse(text: &'a str) -> Result<Self, LedgerError> {
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id), Some(encoded)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(LedgerError::MalformedKey("expected name+keyid+key"));
        };
        if !is_valid_name(name) {
            return Err(LedgerError::InvalidKeyName(name.to_owned()));
        }
        if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(LedgerError::MalformedKey("key ID is not 8 hex digits"));
        }
        let key_id = u32::from_str_radix(id, 16)
            .map_err(|_| LedgerError::MalformedKey("key ID is not 8 hex digits"))?;
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| LedgerError::MalformedKey("key is not canonical base64"))?;
        Ok(Self {
            name,
            key_id,
            bytes,
        })
    }

    /// Parses a signer key, `PRIVATE+KEY+<name>+<hex key ID>+<base64 key>`.
    pub(crate) fn parse_signer(text: &'a str) -> Result<Self, LedgerError> {
        let rest = text
            .strip_prefix(SIGNER_PREFIX)
            .ok_or(LedgerError::MalformedKey(
                "signer key does not start with PRIVATE+KEY+",
            ))?;
        Self::parse(rest)
    }

    /// The key's signature type and the key bytes after the type identifier.
    pub(crate) fn key(&self) -> Result<(KeyType, &[u8]), LedgerError> {
        KeyType::split(&self.bytes)
    }
}

/// Writes a verifier key text.
pub(crate) fn format_verifier_key(name: &str, key_id: u32, typed_public_key: &[u8]) -> String {
    format!("{name}+{key_id:08x}+{}", STANDARD.encode(typed_public_key))
}

/// Writes a signer key text.
pub(crate) fn format_signer_key(name: &str, key_id: u32, typed_private_key: &[u8]) -> String {
    format!(
        "{SIGNER_PREFIX}{}",
        format_verifier_key(name, key_id, typed_private_key)
    )
}

/// Fails unless the key ID written in a key text is the one computed from its public key.
pub(crate) fn check_key_id(stated: u32, computed: u32) -> Result<(), LedgerError> {
    if stated == computed {
        Ok(())
    } else {
        Err(LedgerError::KeyIdMismatch { stated, computed })
    }
}

/// Parses a verifier key `<name>+<hex key ID>+base64(type || public key)` of a supported type,
/// checking that the key ID matches the name and public key.
pub fn parse_verifier_key(vkey: &str) -> Result<Box<dyn NoteVerifier + Send + Sync>, LedgerError> {
    let text = KeyText::parse(vkey)?;
    check_key_id(text.key_id, key_id(text.name, &text.bytes))?;
    Ok(match text.key()? {
        (KeyType::Ed25519, key) => Box::new(Ed25519Verifier::new(text.name, text.key_id, key)?),
        (KeyType::Sm2, key) => Box::new(Sm2Verifier::new(text.name, text.key_id, key)?),
        (KeyType::Cosignature, key) => {
            Box::new(CosignatureVerifier::new(text.name, text.key_id, key)?)
        }
    })
}

/// Parses a signer key `PRIVATE+KEY+<name>+<hex key ID>+base64(type || private key)` of a
/// supported type, checking that the key ID matches the name and derived public key.
pub fn parse_signer_key(skey: &str) -> Result<Box<dyn NoteSigner + Send + Sync>, LedgerError> {
    let text = KeyText::parse_signer(skey)?;
    Ok(match text.key()? {
        (KeyType::Ed25519, key) => Box::new(Ed25519Signer::from_key_text(&text, key)?),
        (KeyType::Sm2, key) => Box::new(Sm2Signer::from_key_text(&text, key)?),
        // A cosignature signs more than the note text: see `WitnessCosigner`.
        (KeyType::Cosignature, _) => return Err(LedgerError::UnsupportedKeyType(0x04)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// golang.org/x/mod sumdb/note note_test.go TestNewVerifier.
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /// golang.org/x/mod sumdb/note note_test.go TestNewSigner.
    const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    #[test]
    fn key_id_matches_the_example() {
        let public = STANDARD
            .decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            .unwrap();
        assert_eq!(key_id("PeterNeumann", &public), 0xc74f20a3);
    }

    #[test]
    fn parses_the_example_keys() {
        let verifier = parse_verifier_key(PETER_VKEY).unwrap();
        assert_eq!(verifier.name(), "PeterNeumann");
        assert_eq!(verifier.key_id(), 0xc74f20a3);
        let signer = parse_signer_key(PETER_SKEY).unwrap();
        assert_eq!(signer.name(), "PeterNeumann");
        assert_eq!(signer.key_id(), 0xc74f20a3);
        let sig = signer.sign(b"hi").unwrap();
        assert!(verifier.verify(b"hi", &sig));
        assert!(!verifier.verify(b"ho", &sig));
    }

    #[test]
    fn rejects_mangled_verifier_keys() {
        // As golang.org/x/mod sumdb/note note_test.go TestNewVerifier: every proper substring
        // and every single-byte increment fails.
        let bytes = PETER_VKEY.as_bytes();
        for i in 0..=bytes.len() {
            for j in i + 1..=bytes.len() {
                if (i, j) != (0, bytes.len()) {
                    let text = std::str::from_utf8(&bytes[i..j]).unwrap();
                    assert!(parse_verifier_key(text).is_err(), "{text}");
                }
            }
        }
        for i in 0..bytes.len() {
            let mut mangled = bytes.to_vec();
            mangled[i] += 1;
            let text = String::from_utf8(mangled).unwrap();
            assert!(parse_verifier_key(&text).is_err(), "{text}");
        }
        // Wrong key length and unknown type, each with a key ID adjusted to match.
        let wrong_length =
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==";
        assert!(matches!(
            parse_verifier_key(wrong_length),
            Err(LedgerError::MalformedKey(_))
        ));
        let unknown_type = "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        assert!(matches!(
            parse_verifier_key(unknown_type),
            Err(LedgerError::UnsupportedKeyType(0x65))
        ));
    }

    #[test]
    fn rejects_mangled_signer_keys() {
        let bytes = PETER_SKEY.as_bytes();
        for i in 0..=bytes.len() {
            for j in i + 1..=bytes.len() {
                if (i, j) != (0, bytes.len()) {
                    let text = std::str::from_utf8(&bytes[i..j]).unwrap();
                    assert!(parse_signer_key(text).is_err(), "{text}");
                }
            }
        }
        for i in 0..bytes.len() {
            let mut mangled = bytes.to_vec();
            mangled[i] += 1;
            let text = String::from_utf8(mangled).unwrap();
            assert!(parse_signer_key(&text).is_err(), "{text}");
        }
    }

    #[test]
    fn key_type_split() {
        assert_eq!(
            KeyType::split(&[0x01, 9]).unwrap(),
            (KeyType::Ed25519, &[9u8][..])
        );
        let sm2 = KeyType::Sm2.encode(&[4, 5]);
        assert_eq!(sm2[0], 0xff);
        assert_eq!(&sm2[1..15], b"fayuan-sm2-sm3");
        assert_eq!(KeyType::split(&sm2).unwrap(), (KeyType::Sm2, &[4u8, 5][..]));
        assert_eq!(
            KeyType::split(b"\xffother"),
            Err(LedgerError::UnsupportedKeyType(0xff))
        );
        assert_eq!(
            KeyType::split(&[0x02]),
            Err(LedgerError::UnsupportedKeyType(0x02))
        );
        assert!(KeyType::split(&[]).is_err());
    }
}
