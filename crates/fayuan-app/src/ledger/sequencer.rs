//! The sequencer: integrates committed leaves into the tree, stores every perfect-subtree hash,
//! and signs a checkpoint — only after proving the new tree consistent with the last signed one.

use std::sync::atomic::Ordering;

use fayuan_core::clock::to_micros;
use fayuan_domain::DomainError;
use fayuan_domain::ledger::{LedgerTree, StoredCheckpoint};
use fayuan_domain::store::Tx;
use fayuan_ledger::{
    Checkpoint, CompactRange, Hash, LogHasher, ProofPlan, consistency_plan, open_note, sign_note,
    verify_consistency,
};

use crate::{App, AppError};

/// Leaves read from the store at a time while integrating.
const READ_BATCH: i64 = 10_000;

/// Why the signer refused a checkpoint.
pub(crate) fn refused(reason: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("ledger checkpoint refused: {reason}"))
}

/// Decodes a stored hex hash.
pub(crate) fn decode_hash(hex_text: &str) -> Result<Hash, AppError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).map_err(|_| {
        AppError::Internal(format!("stored ledger hash is not 32-byte hex: {hex_text}"))
    })?;
    Ok(out)
}

impl App {
    /// Integrates every committed leaf and signs a checkpoint over them; signs the empty tree
    /// on first start. Returns the new checkpoint, or `None` when there was nothing to do (or
    /// another sequencer did it).
    pub async fn integrate_ledger(&self) -> Result<Option<StoredCheckpoint>, AppError> {
        let ledger = &self.ledger;
        let alg = ledger.alg;
        let mut tx = self.store.begin().await?;
        let tree = tx.ledger_tree().await?;
        let next = tx.ledger_next_index().await?;
        let latest = tx.latest_checkpoint().await?;
        if next == tree.size && latest.is_some() {
            return Ok(None);
        }
        if !tree.alg.is_empty() && tree.alg != alg.as_str() {
            return Err(AppError::Internal(format!(
                "the ledger is hashed with {} but {} is configured",
                tree.alg,
                alg.as_str()
            )));
        }
        // Claim the tree row: a second sequencer (another process on the same PostgreSQL)
        // waits here and then finds the size moved on.
        match tx.set_ledger_tree(tree.size, &tree).await {
            Err(DomainError::Conflict { .. }) => return Ok(None),
            other => other?,
        }
        ledger.pending.store(0, Ordering::Relaxed);
        let mut range = CompactRange::decode(&tree.compact_range)
            .map_err(|e| refused(format!("stored frontier: {e}")))?;
        let previous = match &latest {
            Some(stored) => Some(self.open_own_checkpoint(&stored.note)?),
            None => None,
        };
        if let Some(previous) = &previous
            && (previous.size != range.size() || previous.root != range.root(&alg))
        {
            return Err(refused(format!(
                "the stored tree (size {}) does not match the last checkpoint (size {})",
                range.size(),
                previous.size
            )));
        }
        let mut from = tree.size;
        while from < next {
            let leaves = tx.leaves(from, READ_BATCH.min(next - from)).await?;
            if leaves.is_empty() {
                return Err(refused(format!("leaf {from} is missing")));
            }
            let mut nodes = Vec::with_capacity(leaves.len() * 2);
            for leaf in &leaves {
                if leaf.index != from {
                    return Err(refused(format!("leaf {from} is missing")));
                }
                let hash = alg.hash_leaf(leaf.entry.as_bytes());
                if hex::encode(hash) != leaf.leaf_hash {
                    return Err(refused(format!(
                        "leaf {from} does not hash to its leaf hash"
                    )));
                }
                range.append(&alg, hash, |id, h| {
                    nodes.push((id.level, id.index as i64, hex::encode(h)));
                });
                from += 1;
            }
            tx.put_nodes(&nodes).await?;
        }
        let checkpoint = Checkpoint {
            origin: ledger.origin.clone(),
            size: range.size(),
            root: range.root(&alg),
            extensions: Vec::new(),
        };
        let note = self
            .sign_consistent(&mut *tx, previous.as_ref(), &checkpoint)
            .await?;
        let stored = StoredCheckpoint {
            size: range.size() as i64,
            root: hex::encode(checkpoint.root),
            note,
            created_at_us: to_micros(self.clock.now()),
        };
        tx.insert_checkpoint(&stored).await?;
        tx.set_ledger_tree(
            tree.size,
            &LedgerTree {
                alg: alg.as_str().to_owned(),
                size: stored.size,
                compact_range: range.encode(),
            },
        )
        .await?;
        tx.commit().await?;
        metrics::counter!("fayuan_ledger_checkpoints_total").increment(1);
        metrics::gauge!("fayuan_ledger_size").set(stored.size as f64);
        Ok(Some(stored))
    }

    /// Signs `next` only if the stored tree proves it consistent with `previous`.
    async fn sign_consistent(
        &self,
        tx: &mut dyn Tx,
        previous: Option<&Checkpoint>,
        next: &Checkpoint,
    ) -> Result<String, AppError> {
        let proof = match previous {
            Some(p) if p.size > 0 && p.size < next.size => {
                let plan = consistency_plan(p.size, next.size).map_err(refused)?;
                self.assemble(tx, &plan).await?
            }
            _ => Vec::new(),
        };
        sign_checked(&self.ledger, previous, next, &proof)
    }

    /// Fetches a plan's nodes from the store and assembles the proof.
    pub(crate) async fn assemble(
        &self,
        tx: &mut dyn Tx,
        plan: &ProofPlan,
    ) -> Result<Vec<Hash>, AppError> {
        let mut hashes = Vec::with_capacity(plan.nodes().len());
        for id in plan.nodes() {
            let stored = tx.node(id.level, id.index as i64).await?.ok_or_else(|| {
                AppError::Internal(format!("ledger node {}/{} is missing", id.level, id.index))
            })?;
            hashes.push(decode_hash(&stored)?);
        }
        plan.assemble(&self.ledger.alg, &hashes)
            .map_err(|e| AppError::Internal(format!("ledger proof: {e}")))
    }

    /// Opens one of our own signed checkpoints (checking our signature) and parses it.
    pub(crate) fn open_own_checkpoint(&self, note: &str) -> Result<Checkpoint, AppError> {
        let verifiers: Vec<&dyn fayuan_ledger::NoteVerifier> = self
            .ledger
            .verifiers
            .iter()
            .map(|v| v.as_ref() as &dyn fayuan_ledger::NoteVerifier)
            .collect();
        let opened = open_note(note, &verifiers)
            .map_err(|e| refused(format!("the last checkpoint does not verify: {e}")))?;
        Checkpoint::parse(&opened.text)
            .map_err(|e| refused(format!("the last checkpoint does not parse: {e}")))
    }

    /// Integrates now and then whenever a checkpoint is due, until the task is dropped.
    pub fn spawn_ledger_sequencer(&self) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = app.integrate_ledger().await {
                    metrics::counter!("fayuan_ledger_sequencer_errors_total").increment(1);
                    tracing::error!(error = ?e, "ledger sequencer failed");
                }
                tokio::select! {
                    () = tokio::time::sleep(app.ledger.cadence.interval) => {}
                    () = app.ledger.wake.notified() => {}
                }
            }
        })
    }
}

/// The signer's guard: refuses unless `proof` shows `next` extends `previous` (RFC 9162
/// §2.1.4.2), and unless the origin is ours and the tree did not shrink.
pub(crate) fn sign_checked(
    ledger: &super::Ledger,
    previous: Option<&Checkpoint>,
    next: &Checkpoint,
    proof: &[Hash],
) -> Result<String, AppError> {
    if next.origin != ledger.origin {
        return Err(refused("foreign origin"));
    }
    if let Some(p) = previous {
        if next.size < p.size {
            return Err(refused(format!("size {} is below {}", next.size, p.size)));
        }
        if p.size > 0 {
            verify_consistency(&ledger.alg, p.size, next.size, proof, &p.root, &next.root)
                .map_err(|e| refused(format!("not consistent with size {}: {e}", p.size)))?;
        }
    }
    let signers: Vec<&dyn fayuan_ledger::NoteSigner> = ledger
        .signers
        .iter()
        .map(|s| s.as_ref() as &dyn fayuan_ledger::NoteSigner)
        .collect();
    sign_note(&next.to_body(), &signers).map_err(|e| refused(format!("signing: {e}")))
}
