//! The evidence ledger (司法区块链, Rules arts. 10, 21, 23): deposits written in the transaction
//! of the business change, the sequencer that integrates them into the Merkle tree and signs
//! checkpoints, receipts (存证编号), public verification, the offline audit, and witnessing of
//! peer courts' logs.
//!
//! The tree, proofs and notes are `fayuan-ledger` (pure); this module keeps them in the store.

mod check;
mod deposit;
pub use deposit::Deposit;
pub mod keys;
mod public;
pub mod receipt;
mod sequencer;
mod witness;

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use fayuan_ledger::{HashAlg, NoteSigner, NoteVerifier};

pub use check::LedgerAudit;
pub use public::{Found, Lookup, LookupQuery};
pub use receipt::{Receipt, ReceiptCheck};
pub use witness::{WitnessOutcome, WitnessedLogKey};

/// How the sequencer batches (Rules art. 10: 存证 must be timely; the checkpoint is the proof).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    /// A checkpoint is signed at the latest this long after an append.
    pub interval: std::time::Duration,
    /// ... or as soon as this many entries are pending, whichever comes first.
    pub batch: usize,
}

impl Default for Cadence {
    fn default() -> Self {
        Self {
            interval: std::time::Duration::from_secs(1),
            batch: 1000,
        }
    }
}

/// This installation's log: its name, hash, keys and cadence, and the logs it witnesses.
pub struct Ledger {
    /// The log's origin line, e.g. `court.example.cn/京0199/ledger`.
    pub origin: String,
    /// The tree's hash (fixed by the first checkpoint).
    pub alg: HashAlg,
    /// Keys that sign checkpoints (Ed25519 and SM2).
    signers: Vec<Arc<dyn NoteSigner + Send + Sync>>,
    /// The public halves, as verifier-key text (`name+hexid+base64`), published on `/ledger`.
    pub verifier_keys: Vec<String>,
    /// Verifiers of our own checkpoints.
    verifiers: Vec<Box<dyn NoteVerifier + Send + Sync>>,
    /// Batching.
    pub cadence: Cadence,
    /// The key this installation cosigns other logs' checkpoints with, if it witnesses any.
    witness: Option<keys::WitnessKey>,
    /// Logs this installation witnesses: origin and verifier key.
    witnessed: Vec<WitnessedLogKey>,
    /// Appends since the sequencer last ran (a hint to run early).
    pending: AtomicUsize,
    /// Wakes the sequencer.
    wake: tokio::sync::Notify,
    /// Standalone appends waiting to be written together (group commit).
    queue: deposit::Queue,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("origin", &self.origin)
            .field("alg", &self.alg)
            .field("verifier_keys", &self.verifier_keys)
            .field("cadence", &self.cadence)
            .finish_non_exhaustive()
    }
}

impl Ledger {
    /// A log signed by `keys`, witnessing `witnessed`.
    pub fn new(
        origin: String,
        alg: HashAlg,
        keys: keys::LedgerKeys,
        cadence: Cadence,
        witnessed: Vec<WitnessedLogKey>,
    ) -> Result<Self, crate::AppError> {
        let verifier_keys: Vec<String> = keys.verifier_keys();
        let verifiers = verifier_keys
            .iter()
            .map(|k| fayuan_ledger::parse_verifier_key(k))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| crate::AppError::Internal(format!("ledger key: {e}")))?;
        Ok(Self {
            origin,
            alg,
            signers: keys.signers(),
            verifier_keys,
            verifiers,
            cadence,
            witness: keys.witness,
            witnessed,
            pending: AtomicUsize::new(0),
            wake: tokio::sync::Notify::new(),
            queue: deposit::Queue::default(),
        })
    }

    /// The witness's verifier key (for peers to check its cosignatures), if it witnesses.
    pub fn witness_key(&self) -> Option<String> {
        self.witness.as_ref().map(keys::WitnessKey::verifier_key)
    }
}
