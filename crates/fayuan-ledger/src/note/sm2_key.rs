//! SM2 note keys: signature type `0xff` followed by the identifier `fayuan-sm2-sm3`.
//!
//! SM2 with SM3 (GB/T 32918) and the default distinguishing ID `1234567812345678`
//! (GB/T 35276); 65-byte uncompressed SEC1 public keys, 64-byte `r || s` signatures.

use super::format::is_valid_name;
use super::keys::{KeyText, KeyType, check_key_id, format_signer_key, format_verifier_key, key_id};
use super::{NoteSigner, NoteVerifier};
use crate::LedgerError;
use ::sm2::dsa::signature::{Signer as _, Verifier as _};
use ::sm2::dsa::{Signature, SigningKey, VerifyingKey};
use std::fmt;

/// The GB/T 35276 default distinguishing identifier.
const DIST_ID: &str = "1234567812345678";
/// Length of an uncompressed SEC1 point on the SM2 curve.
const PUBLIC_KEY_LEN: usize = 65;

/// An SM2 private key that signs notes under a key name.
pub struct Sm2Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl Sm2Signer {
    /// The signer for the big-endian secret scalar `secret`, named `name` (no spaces, no `+`);
    /// an error if `secret` is zero or not below the curve order.
    pub fn from_secret(name: &str, secret: [u8; 32]) -> Result<Self, LedgerError> {
        if !is_valid_name(name) {
            return Err(LedgerError::InvalidKeyName(name.to_owned()));
        }
        let key =
            SigningKey::from_slice(DIST_ID, &secret).map_err(|_| LedgerError::InvalidSecretKey)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, &typed_public_key(key.verifying_key())),
            key,
        })
    }

    /// The public verifier key text, `<name>+<hex key ID>+base64(0xff || "fayuan-sm2-sm3" ||
    /// uncompressed public key)`.
    pub fn verifier_key(&self) -> String {
        format_verifier_key(
            &self.name,
            self.key_id,
            &typed_public_key(self.key.verifying_key()),
        )
    }

    /// The secret signer key text, `PRIVATE+KEY+<name>+<hex key ID>+base64(0xff ||
    /// "fayuan-sm2-sm3" || secret scalar)`.
    pub fn signer_key(&self) -> String {
        format_signer_key(
            &self.name,
            self.key_id,
            &KeyType::Sm2.encode(&self.key.to_bytes()),
        )
    }

    /// Parses a signer key text written by [`Sm2Signer::signer_key`], checking its key ID.
    pub fn from_signer_key(skey: &str) -> Result<Self, LedgerError> {
        let text = KeyText::parse_signer(skey)?;
        match text.key()? {
            (KeyType::Sm2, secret) => Self::from_key_text(&text, secret),
            _ => Err(LedgerError::MalformedKey("not an SM2 signer key")),
        }
    }

    /// The signer for a parsed signer key text whose type bytes were the SM2 identifier.
    pub(crate) fn from_key_text(text: &KeyText<'_>, secret: &[u8]) -> Result<Self, LedgerError> {
        let secret = <[u8; 32]>::try_from(secret)
            .map_err(|_| LedgerError::MalformedKey("SM2 secret key is not 32 bytes"))?;
        let signer = Self::from_secret(text.name, secret)?;
        check_key_id(text.key_id, signer.key_id)?;
        Ok(signer)
    }
}

impl fmt::Debug for Sm2Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sm2Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

impl NoteSigner for Sm2Signer {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, LedgerError> {
        let signature: Signature = self
            .key
            .try_sign(msg)
            .map_err(|_| LedgerError::SigningFailed)?;
        Ok(signature.to_bytes().to_vec())
    }
}

fn typed_public_key(key: &VerifyingKey) -> Vec<u8> {
    KeyType::Sm2.encode(&key.to_sec1_bytes())
}

/// An SM2 public key that verifies note signatures.
pub(crate) struct Sm2Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Sm2Verifier {
    /// The verifier for a 65-byte uncompressed SEC1 public key.
    pub(crate) fn new(name: &str, key_id: u32, public_key: &[u8]) -> Result<Self, LedgerError> {
        if public_key.len() != PUBLIC_KEY_LEN || public_key.first() != Some(&0x04) {
            return Err(LedgerError::MalformedKey(
                "SM2 public key is not an uncompressed point",
            ));
        }
        let key = VerifyingKey::from_sec1_bytes(DIST_ID, public_key)
            .map_err(|_| LedgerError::MalformedKey("invalid SM2 public key"))?;
        Ok(Self {
            name: name.to_owned(),
            key_id,
            key,
        })
    }
}

impl NoteVerifier for Sm2Verifier {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::parse_verifier_key;
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    const SECRET: [u8; 32] = [0x42; 32];

    #[test]
    fn sign_verify_round_trip_and_wrong_message() {
        let signer = Sm2Signer::from_secret("court.example/ledger", SECRET).unwrap();
        let verifier = parse_verifier_key(&signer.verifier_key()).unwrap();
        assert_eq!(verifier.key_id(), signer.key_id());
        let sig = signer.sign(b"message").unwrap();
        assert_eq!(sig.len(), 64);
        assert!(verifier.verify(b"message", &sig));
        assert!(!verifier.verify(b"massage", &sig));
        let mut bad = sig.clone();
        bad[10] ^= 1;
        assert!(!verifier.verify(b"message", &bad));
        assert!(!verifier.verify(b"message", &sig[..63]));
    }

    #[test]
    fn key_texts_round_trip_and_use_the_extension_type() {
        let signer = Sm2Signer::from_secret("court.example/ledger", SECRET).unwrap();
        let vkey = signer.verifier_key();
        let parts: Vec<&str> = vkey.splitn(3, '+').collect();
        assert_eq!(parts[0], "court.example/ledger");
        assert_eq!(parts[1], format!("{:08x}", signer.key_id()));
        let encoded = parts[2];
        let typed = STANDARD.decode(encoded).unwrap();
        assert_eq!(typed.len(), 1 + 14 + 65);
        assert_eq!(typed[0], 0xff);
        assert_eq!(&typed[1..15], b"fayuan-sm2-sm3");
        assert_eq!(typed[15], 0x04);
        assert_eq!(signer.key_id(), key_id("court.example/ledger", &typed));

        let again = Sm2Signer::from_signer_key(&signer.signer_key()).unwrap();
        assert_eq!(again.signer_key(), signer.signer_key());
        assert_eq!(again.verifier_key(), vkey);
        assert!(format!("{again:?}").contains("court.example/ledger"));
        assert!(!format!("{again:?}").contains("PRIVATE"));
    }

    #[test]
    fn rejects_invalid_secrets_and_keys() {
        assert_eq!(
            Sm2Signer::from_secret("n", [0; 32]).unwrap_err(),
            LedgerError::InvalidSecretKey
        );
        assert_eq!(
            Sm2Signer::from_secret("n", [0xff; 32]).unwrap_err(),
            LedgerError::InvalidSecretKey
        );
        assert!(Sm2Signer::from_secret("bad name", SECRET).is_err());
        let ed = crate::note::Ed25519Signer::from_seed("n", SECRET).unwrap();
        assert!(Sm2Signer::from_signer_key(&ed.signer_key()).is_err());
        // A compressed point is refused even though it names a valid key.
        let signer = Sm2Signer::from_secret("n", SECRET).unwrap();
        let mut compressed = vec![0x02 | (signer.key.verifying_key().to_sec1_bytes()[64] & 1)];
        compressed.extend_from_slice(&signer.key.verifying_key().to_sec1_bytes()[1..33]);
        assert!(Sm2Verifier::new("n", 0, &compressed).is_err());
        assert!(Sm2Verifier::new("n", 0, &[0x04; 65]).is_err());
    }
}
