//! The evidence ledger's transparency log (司法区块链, Rules arts. 10, 21, 23).
//!
//! A Certificate-Transparency-style append-only Merkle log:
//!
//! - [`hasher`]: RFC 6962 / RFC 9162 domain-separated tree hashing over SHA-256 or SM3;
//! - [`node`] and [`compact`]: perfect-subtree addressing and the right frontier of a growing tree;
//! - [`proof`]: reference tree hashes and proofs, RFC 9162 proof verification, and proof plans
//!   that build proofs from a store of perfect-subtree hashes;
//! - [`note`] and [`checkpoint`]: C2SP signed notes (Ed25519 and SM2 keys) and the
//!   tlog-checkpoint body they carry;
//! - [`tile`]: C2SP tlog-tiles paths and entry bundles.
//!
//! The crate is pure computation: it performs no I/O and keeps no state beyond its values.

pub mod checkpoint;
pub mod compact;
mod decimal;
mod error;
pub mod hasher;
mod hex;
pub mod node;
pub mod note;
pub mod proof;
pub mod tile;

pub use checkpoint::Checkpoint;
pub use compact::CompactRange;
pub use error::LedgerError;
pub use hasher::{HashAlg, LogHasher, Sha256Hasher, Sm3Hasher};
pub use node::NodeId;
pub use note::{
    Ed25519Signer, Note, NoteSignature, NoteSigner, NoteVerifier, Sm2Signer, WitnessCosigner,
    key_id, open_note, parse_signer_key, parse_verifier_key, sign_note,
};
pub use proof::{
    ProofPlan, consistency_plan, consistency_proof, inclusion_plan, inclusion_proof, range_nodes,
    root_of, verify_consistency, verify_inclusion,
};
pub use tile::{
    TILE_HEIGHT, TILE_WIDTH, TileId, TilePath, decode_entry_bundle, encode_entry_bundle,
    encode_tile_path, parse_tile_path, tile_for_size, tile_nodes,
};

/// A 32-byte Merkle tree hash: the output of SHA-256 or SM3.
pub type Hash = [u8; 32];
