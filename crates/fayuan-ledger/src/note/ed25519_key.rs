//! Ed25519 note keys (C2SP signature type `0x01`).

use super::format::is_valid_name;
use super::keys::{KeyText, KeyType, check_key_id, format_signer_key, format_verifier_key, key_id};
use super::{NoteSigner, NoteVerifier};
use crate::LedgerError;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use std::fmt;

/// An Ed25519 private key that signs notes under a key name.
pub struct Ed25519Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl Ed25519Signer {
    /// The signer for the RFC 8032 private key `seed`, named `name` (no spaces, no `+`).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, LedgerError> {
        if !is_valid_name(name) {
            return Err(LedgerError::InvalidKeyName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(&seed);
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, &typed_public_key(&key.verifying_key())),
            key,
        })
    }

    /// The public verifier key text, `<name>+<hex key ID>+base64(0x01 || public key)`.
    pub fn verifier_key(&self) -> String {
        format_verifier_key(
            &self.name,
            self.key_id,
            &typed_public_key(&self.key.verifying_key()),
        )
    }

    /// The secret signer key text, `PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || seed)`, as
    /// golang.org/x/mod/sumdb/note writes it.
    pub fn signer_key(&self) -> String {
        format_signer_key(
            &self.name,
            self.key_id,
            &KeyType::Ed25519.encode(self.key.as_bytes()),
        )
    }

    /// Parses a signer key text written by [`Ed25519Signer::signer_key`], checking its key ID.
    pub fn from_signer_key(skey: &str) -> Result<Self, LedgerError> {
        let text = KeyText::parse_signer(skey)?;
        match text.key()? {
            (KeyType::Ed25519, seed) => Self::from_key_text(&text, seed),
            _ => Err(LedgerError::MalformedKey("not an Ed25519 signer key")),
        }
    }

    /// The signer for a parsed signer key text whose type bytes were `0x01`.
    pub(crate) fn from_key_text(text: &KeyText<'_>, seed: &[u8]) -> Result<Self, LedgerError> {
        let seed = <[u8; 32]>::try_from(seed)
            .map_err(|_| LedgerError::MalformedKey("Ed25519 seed is not 32 bytes"))?;
        let signer = Self::from_seed(text.name, seed)?;
        check_key_id(text.key_id, signer.key_id)?;
        Ok(signer)
    }
}

impl fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ed25519Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

impl NoteSigner for Ed25519Signer {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, LedgerError> {
        Ok(self.key.sign(msg).to_bytes().to_vec())
    }
}

fn typed_public_key(key: &VerifyingKey) -> Vec<u8> {
    KeyType::Ed25519.encode(key.as_bytes())
}

/// An Ed25519 public key that verifies note signatures.
pub(crate) struct Ed25519Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Ed25519Verifier {
    /// The verifier for a 32-byte RFC 8032 public key.
    pub(crate) fn new(name: &str, key_id: u32, public_key: &[u8]) -> Result<Self, LedgerError> {
        let bytes = <[u8; 32]>::try_from(public_key)
            .map_err(|_| LedgerError::MalformedKey("Ed25519 public key is not 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| LedgerError::MalformedKey("invalid Ed25519 public key"))?;
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
        })
    }
}

impl NoteVerifier for Ed25519Verifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        Signature::from_slice(sig).is_ok_and(|sig| self.key.verify(msg, &sig).is_ok())
    }
}
