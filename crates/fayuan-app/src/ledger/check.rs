//! The offline audit (`fayuan ledger audit`): recomputes the whole tree from the stored leaves
//! and checks every stored checkpoint against it, so an edited, removed or inserted leaf — or a
//! checkpoint the log never could have signed — is found without trusting any stored hash.

use std::collections::VecDeque;

use fayuan_domain::ledger::{StoredCheckpoint, StoredLeaf};
use fayuan_ledger::{CompactRange, LogHasher};

use crate::{App, AppError};

/// Leaves and checkpoints read per transaction.
const AUDIT_BATCH: i64 = 10_000;

/// The audit's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerAudit {
    /// Leaves recomputed.
    pub leaves: u64,
    /// Checkpoints whose signature and root were checked.
    pub checkpoints: u64,
    /// What is wrong, in order of discovery (empty: the log is intact).
    pub problems: Vec<String>,
}

/// Reads stored rows in ascending order a batch at a time, each batch in its own transaction so
/// a running court keeps writing meanwhile.
struct Cursor<T> {
    buffer: VecDeque<T>,
    from: i64,
    done: bool,
}

impl<T> Cursor<T> {
    fn new() -> Self {
        Self {
            buffer: VecDeque::new(),
            from: 0,
            done: false,
        }
    }
}

impl App {
    async fn next_checkpoint<'c>(
        &self,
        c: &'c mut Cursor<StoredCheckpoint>,
    ) -> Result<Option<&'c StoredCheckpoint>, AppError> {
        if c.buffer.is_empty() && !c.done {
            let mut tx = self.store.begin().await?;
            let batch = tx.checkpoints_from(c.from, AUDIT_BATCH).await?;
            c.done = (batch.len() as i64) < AUDIT_BATCH;
            c.from = batch.last().map_or(c.from, |l| l.size + 1);
            c.buffer.extend(batch);
        }
        Ok(c.buffer.front())
    }

    async fn next_leaf(&self, c: &mut Cursor<StoredLeaf>) -> Result<Option<StoredLeaf>, AppError> {
        if c.buffer.is_empty() && !c.done {
            let mut tx = self.store.begin().await?;
            let batch = tx.leaves(c.from, AUDIT_BATCH).await?;
            c.done = (batch.len() as i64) < AUDIT_BATCH;
            c.from = batch.last().map_or(c.from, |l| l.index + 1);
            c.buffer.extend(batch);
        }
        Ok(c.buffer.pop_front())
    }

    /// Recomputes the tree from the leaves and checks every checkpoint's signature and root.
    pub async fn audit_ledger(&self) -> Result<LedgerAudit, AppError> {
        let alg = self.ledger.alg;
        let (next_index, integrated) = {
            let mut tx = self.store.begin().await?;
            (tx.ledger_next_index().await?, tx.ledger_tree().await?.size)
        };
        let mut range = CompactRange::new();
        let mut audit = LedgerAudit {
            leaves: 0,
            checkpoints: 0,
            problems: Vec::new(),
        };
        let mut checkpoints = Cursor::new();
        let mut leaves = Cursor::new();
        let mut next = 0i64;
        loop {
            while let Some(stored) = self.next_checkpoint(&mut checkpoints).await? {
                if stored.size > next {
                    break;
                }
                audit.checkpoints += 1;
                if let Some(problem) = self.check_checkpoint(stored, &range) {
                    audit.problems.push(problem);
                }
                checkpoints.buffer.pop_front();
            }
            if next >= next_index {
                break;
            }
            let Some(leaf) = self.next_leaf(&mut leaves).await? else {
                audit
                    .problems
                    .push(format!("leaves {next}..{next_index} are missing"));
                break;
            };
            if leaf.index != next {
                // The tree cannot be recomputed past a hole.
                audit.problems.push(format!("leaf {next} is missing"));
                break;
            }
            let hash = alg.hash_leaf(leaf.entry.as_bytes());
            if hex::encode(hash) != leaf.leaf_hash {
                audit.problems.push(format!(
                    "leaf {next}: the entry does not match its leaf hash"
                ));
            }
            range.append(&alg, hash, |_, _| {});
            next += 1;
        }
        audit.leaves = next as u64;
        if next < integrated {
            audit.problems.push(format!(
                "the tree records {integrated} leaves, {next} were found"
            ));
        }
        Ok(audit)
    }

    /// What is wrong with a stored checkpoint of the size the recomputed `range` has reached.
    fn check_checkpoint(&self, stored: &StoredCheckpoint, range: &CompactRange) -> Option<String> {
        if stored.size as u64 != range.size() {
            return Some(format!("checkpoint {}: no such tree size", stored.size));
        }
        let signed = match self.open_own_checkpoint(&stored.note) {
            Ok(signed) => signed,
            Err(e) => return Some(format!("checkpoint {}: {e:?}", stored.size)),
        };
        if signed.origin != self.ledger.origin || signed.size != range.size() {
            Some(format!(
                "checkpoint {}: signed for another log or size",
                stored.size
            ))
        } else if signed.root != range.root(&self.ledger.alg) {
            Some(format!(
                "checkpoint {}: the leaves give another root than the signed one",
                stored.size
            ))
        } else if stored.root != hex::encode(signed.root) {
            Some(format!(
                "checkpoint {}: the stored root differs from the signed one",
                stored.size
            ))
        } else {
            None
        }
    }
}
