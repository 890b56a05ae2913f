//! C2SP signed notes: text signed by one or more named keys.
//!
//! ```text
//! If you think cryptography is the answer to your problem,
//! then you don't know what your problem is.
//!
//! — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=
//! ```
//!
//! A note is its text (ending in a newline), a blank line, and signature lines
//! `— <key name> base64(key ID || signature)`. The 32-bit key ID is the first four bytes,
//! big-endian, of `SHA-256(key name || 0x0A || signature type || public key)` ([`key_id`]).
//!
//! Keys are written as in golang.org/x/mod/sumdb/note: a verifier key is
//! `<name>+<hex key ID>+base64(signature type || public key)`, a signer key is
//! `PRIVATE+KEY+<name>+<hex key ID>+base64(signature type || private key)`.
//!
//! Two signature types are supported:
//!
//! - **Ed25519**, type byte `0x01` (C2SP signed-note): 32-byte RFC 8032 public key, the private
//!   key is the 32-byte seed, 64-byte signatures over the note text.
//! - **SM2**, this project's own type: the byte `0xff`, which C2SP reserves for signature types
//!   without an assigned byte, followed by the ASCII identifier `fayuan-sm2-sm3`. The public key
//!   is the 65-byte uncompressed SEC1 point, the private key the 32-byte big-endian secret
//!   scalar, and the signature the 64 bytes `r || s` of SM2 with SM3 (GB/T 32918) over the note
//!   text, using the default distinguishing ID `1234567812345678` (GB/T 35276).
//!
//! Witness cosignatures (C2SP tlog-cosignature, type `0x04`) verify like signatures of the
//! note; they are made by [`WitnessCosigner`], since they sign a timestamp with the text.

mod cosignature;
mod ed25519_key;
mod format;
mod keys;
mod sign;
mod sm2_key;

pub use cosignature::WitnessCosigner;
pub use ed25519_key::Ed25519Signer;
pub use format::{Note, NoteSignature};
pub use keys::{key_id, parse_signer_key, parse_verifier_key};
pub use sign::{open_note, sign_note};
pub use sm2_key::Sm2Signer;

use crate::LedgerError;

/// A private key that signs note texts under a key name and key ID.
pub trait NoteSigner {
    /// The key name written in signature lines.
    fn name(&self) -> &str;
    /// The 32-bit key ID that prefixes each signature.
    fn key_id(&self) -> u32;
    /// Signs `msg` (the note text), returning the signature without the key ID.
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, LedgerError>;
}

/// A public key that checks note signatures made under a key name and key ID.
pub trait NoteVerifier {
    /// The key name the signatures must carry.
    fn name(&self) -> &str;
    /// The 32-bit key ID the signatures must carry.
    fn key_id(&self) -> u32;
    /// Whether `sig` (without the key ID) is a valid signature of `msg` by this key.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool;
}
