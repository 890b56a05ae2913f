//! Witness cosignatures (C2SP tlog-cosignature, `cosignature/v1`, key type `0x04`): a witness
//! states, at a time, that it verified a checkpoint consistent with every earlier one it saw.
//!
//! The signed message is `cosignature/v1\ntime <unix seconds>\n` followed by the checkpoint
//! text; the signature bytes on the note line are key ID ‖ timestamp (8 bytes, big-endian) ‖
//! Ed25519 signature (64 bytes).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};

use super::NoteVerifier;
use super::format::is_valid_name;
use super::keys::{KeyText, KeyType, check_key_id, format_signer_key, format_verifier_key, key_id};
use crate::LedgerError;

/// The message a cosignature signs.
fn message(timestamp: u64, text: &[u8]) -> Vec<u8> {
    [
        format!("cosignature/v1\ntime {timestamp}\n").as_bytes(),
        text,
    ]
    .concat()
}

/// A witness's Ed25519 key for cosignatures.
pub struct WitnessCosigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl WitnessCosigner {
    /// The cosigner for the RFC 8032 private key `seed`, named `name`.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, LedgerError> {
        if !is_valid_name(name) {
            return Err(LedgerError::InvalidKeyName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(&seed);
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(
                name,
                &KeyType::Cosignature.encode(key.verifying_key().as_bytes()),
            ),
            key,
        })
    }

    /// The verifier key text, `<name>+<hex key ID>+base64(0x04 || public key)`.
    pub fn verifier_key(&self) -> String {
        format_verifier_key(
            &self.name,
            self.key_id,
            &KeyType::Cosignature.encode(self.key.verifying_key().as_bytes()),
        )
    }

    /// The secret key text, `PRIVATE+KEY+<name>+<hex key ID>+base64(0x04 || seed)`.
    pub fn signer_key(&self) -> String {
        format_signer_key(
            &self.name,
            self.key_id,
            &KeyType::Cosignature.encode(self.key.as_bytes()),
        )
    }

    /// Parses a key text written by [`WitnessCosigner::signer_key`], checking its key ID.
    pub fn from_signer_key(skey: &str) -> Result<Self, LedgerError> {
        let text = KeyText::parse_signer(skey)?;
        let (KeyType::Cosignature, seed) = text.key()? else {
            return Err(LedgerError::MalformedKey("not a cosignature signer key"));
        };
        let seed = <[u8; 32]>::try_from(seed)
            .map_err(|_| LedgerError::MalformedKey("Ed25519 seed is not 32 bytes"))?;
        let cosigner = Self::from_seed(text.name, seed)?;
        check_key_id(text.key_id, cosigner.key_id)?;
        Ok(cosigner)
    }

    /// The signature line (`— name base64…\n`) cosigning the checkpoint `text` at `timestamp`
    /// (Unix seconds); append it to the checkpoint's signatures.
    pub fn cosign(&self, text: &str, timestamp: u64) -> Result<String, LedgerError> {
        if !text.ends_with('\n') {
            return Err(LedgerError::MalformedNote("text must end with a newline"));
        }
        let signature = self.key.sign(&message(timestamp, text.as_bytes()));
        let bytes = [
            &self.key_id.to_be_bytes()[..],
            &timestamp.to_be_bytes(),
            &signature.to_bytes(),
        ]
        .concat();
        Ok(format!("— {} {}\n", self.name, STANDARD.encode(bytes)))
    }
}

impl fmt::Debug for WitnessCosigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WitnessCosigner")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

/// Verifies cosignatures of one witness key.
pub(crate) struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// The verifier for a 32-byte Ed25519 public key.
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

impl NoteVerifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((timestamp, signature)) = sig.split_first_chunk::<8>() else {
            return false;
        };
        Signature::from_slice(signature).is_ok_and(|signature| {
            self.key
                .verify(&message(u64::from_be_bytes(*timestamp), msg), &signature)
                .is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ed25519Signer, open_note, parse_signer_key, parse_verifier_key, sign_note};

    const TEXT: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn cosignatures_verify_as_note_signatures() {
        let log = Ed25519Signer::from_seed("example.com/behind-the-sofa", [1; 32]).unwrap();
        let witness = WitnessCosigner::from_seed("witness.example/w1", [2; 32]).unwrap();
        let note = sign_note(TEXT, &[&log]).unwrap();
        let line = witness.cosign(TEXT, 1_679_315_147).unwrap();
        assert!(line.starts_with("— witness.example/w1 "));
        let cosigned = format!("{note}{line}");
        let verifier = parse_verifier_key(&witness.verifier_key()).unwrap();
        let opened = open_note(&cosigned, &[&*verifier]).unwrap();
        assert_eq!(opened.signatures.len(), 1);
        // 4-byte key ID stripped: timestamp then signature.
        assert_eq!(opened.signatures[0].signature.len(), 8 + 64);
        assert_eq!(
            u64::from_be_bytes(opened.signatures[0].signature[..8].try_into().unwrap()),
            1_679_315_147
        );
        // Another text, or the log's key read as a cosignature key, does not verify.
        let other = sign_note("example.com/behind-the-sofa\n1\nAA==\n", &[&log]).unwrap();
        assert!(open_note(&format!("{other}{line}"), &[&*verifier]).is_err());
        assert!(witness.cosign("no newline", 1).is_err());
    }

    #[test]
    fn keys_round_trip_with_type_0x04() {
        let witness = WitnessCosigner::from_seed("witness.example/w1", [2; 32]).unwrap();
        let again = WitnessCosigner::from_signer_key(&witness.signer_key()).unwrap();
        assert_eq!(again.verifier_key(), witness.verifier_key());
        let encoded = witness
            .verifier_key()
            .rsplit('+')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(STANDARD.decode(encoded).unwrap()[0], 0x04);
        assert!(
            parse_signer_key(&witness.signer_key()).is_err(),
            "not a note signer"
        );
        assert!(
            WitnessCosigner::from_signer_key(
                &Ed25519Signer::from_seed("a", [1; 32]).unwrap().signer_key()
            )
            .is_err()
        );
    }
}
