//! The crate's single error type.

/// Everything that can go wrong in the ledger's computations, parsers and key handling.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// A hash algorithm name other than `sha256` or `sm3`.
    #[error("unknown hash algorithm {0:?}")]
    UnknownHashAlg(String),
    /// A leaf index that is not inside the tree.
    #[error("leaf index {index} is outside a tree of size {size}")]
    IndexOutOfRange {
        /// The requested leaf index.
        index: u64,
        /// The tree size it was checked against.
        size: u64,
    },
    /// A tree size larger than the number of leaf hashes supplied.
    #[error("tree size {size} exceeds the {available} leaf hashes supplied")]
    NotEnoughLeaves {
        /// The requested tree size.
        size: u64,
        /// How many leaf hashes were supplied.
        available: usize,
    },
    /// A pair of tree sizes between which no consistency proof exists.
    #[error("no consistency proof from tree size {size1} to {size2}")]
    InvalidConsistencySizes {
        /// The older tree size.
        size1: u64,
        /// The newer tree size.
        size2: u64,
    },
    /// A proof with the wrong number of hashes for its sizes.
    #[error("proof has {actual} hashes, expected {expected}")]
    WrongProofLength {
        /// The length the sizes call for.
        expected: usize,
        /// The length supplied.
        actual: usize,
    },
    /// A proof that does not lead to the expected root hash.
    #[error("proof does not match the root hash")]
    RootMismatch,
    /// A list of hashes whose length does not match what it must accompany.
    #[error("expected {expected} hashes, got {actual}")]
    HashCountMismatch {
        /// The required number of hashes.
        expected: usize,
        /// The number supplied.
        actual: usize,
    },
    /// A stored compact range that cannot be decoded.
    #[error("malformed compact range: {0}")]
    MalformedCompactRange(&'static str),
    /// A signed note that breaks the C2SP signed-note syntax.
    #[error("malformed note: {0}")]
    MalformedNote(&'static str),
    /// A note none of whose signatures is by a known key.
    #[error("note has no signature by a known key")]
    UnverifiedNote,
    /// A signature by a known key that does not verify.
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature {
        /// The key name.
        name: String,
        /// The key ID.
        key_id: u32,
    },
    /// Two known verifiers share the same key name and key ID.
    #[error("ambiguous key {name}+{key_id:08x}")]
    AmbiguousKey {
        /// The key name.
        name: String,
        /// The key ID.
        key_id: u32,
    },
    /// A key name that is empty or contains a space or a plus sign.
    #[error("invalid key name {0:?}")]
    InvalidKeyName(String),
    /// A verifier or signer key text that cannot be parsed.
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    /// A key whose signature type is not supported.
    #[error("unsupported signature type {0:#04x}")]
    UnsupportedKeyType(u8),
    /// A key whose stated key ID differs from the one computed from its public key.
    #[error("key ID {stated:08x} does not match the computed {computed:08x}")]
    KeyIdMismatch {
        /// The key ID written in the key text.
        stated: u32,
        /// The key ID computed from the name and public key.
        computed: u32,
    },
    /// Secret key bytes that are not a valid key.
    #[error("invalid secret key")]
    InvalidSecretKey,
    /// A signer that failed to produce a signature.
    #[error("signing failed")]
    SigningFailed,
    /// A checkpoint body that breaks the C2SP tlog-checkpoint syntax.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// A tile path that is not in canonical C2SP tlog-tiles form.
    #[error("malformed tile path: {0}")]
    MalformedTilePath(&'static str),
    /// An entry bundle that cannot be encoded or decoded.
    #[error("malformed entry bundle: {0}")]
    MalformedEntryBundle(&'static str),
}
