//! Deposits: a leaf written in the caller's transaction, or (for entries that belong to no
//! business transaction) queued and written together with others in one transaction.

use std::sync::atomic::Ordering;

use fayuan_core::clock::to_micros;
use fayuan_core::digest::ContentHash;
use fayuan_domain::ledger::{EntryKind, LedgerEntry, StoredLeaf};
use fayuan_domain::store::Tx;
use fayuan_ledger::LogHasher;
use tokio::sync::{Mutex, oneshot};

use crate::{App, AppError};

/// What one deposit records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    /// Kind.
    pub kind: EntryKind,
    /// The ids it is about, the main one first (`material:…`, then `case:…`).
    pub subjects: Vec<String>,
    /// The content's hashes, for entries about a file.
    pub content: Option<ContentHash>,
}

/// One queued standalone append and where its answer goes.
type Waiting = (Deposit, oneshot::Sender<Result<StoredLeaf, String>>);

/// Standalone appends waiting for a writer, and the writer's turn (group commit: whoever takes
/// the turn writes everything queued so far in one transaction and one fsync).
#[derive(Default)]
pub(crate) struct Queue {
    waiting: std::sync::Mutex<Vec<Waiting>>,
    turn: Mutex<()>,
}

/// Formats an instant as RFC 3339 UTC with microseconds (the `at` of an entry).
fn rfc3339_micros(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    )
}

impl App {
    /// Appends a leaf in the caller's transaction: it is durable exactly when the business
    /// change is, and the sequencer covers it with a signed checkpoint within a second.
    pub(crate) async fn deposit_in_ledger(
        &self,
        tx: &mut dyn Tx,
        deposit: &Deposit,
    ) -> Result<StoredLeaf, AppError> {
        self.deposit_all(tx, std::slice::from_ref(deposit))
            .await?
            .pop()
            .ok_or_else(|| AppError::Internal("no leaf deposited".into()))
    }

    /// Appends leaves in the caller's transaction, in order, with two statements for the lot.
    async fn deposit_all(
        &self,
        tx: &mut dyn Tx,
        deposits: &[Deposit],
    ) -> Result<Vec<StoredLeaf>, AppError> {
        let now = self.clock.now();
        let count = i64::try_from(deposits.len()).unwrap_or(i64::MAX);
        let first = tx.take_leaf_indexes(count).await?;
        let leaves: Vec<StoredLeaf> = deposits
            .iter()
            .zip(first..)
            .map(|(deposit, index)| self.leaf(deposit, index, now))
            .collect();
        tx.insert_leaves(&leaves).await?;
        let pending = self
            .ledger
            .pending
            .fetch_add(deposits.len(), Ordering::Relaxed);
        if pending + deposits.len() >= self.ledger.cadence.batch {
            self.ledger.wake.notify_one();
        }
        Ok(leaves)
    }

    /// The leaf of one deposit: its canonical entry and RFC 6962 leaf hash.
    fn leaf(&self, deposit: &Deposit, index: i64, now: time::OffsetDateTime) -> StoredLeaf {
        let (sha256, sm3) = deposit
            .content
            .as_ref()
            .map(|c| (c.sha256.clone(), c.sm3.clone()))
            .unwrap_or_default();
        let entry = LedgerEntry {
            at: rfc3339_micros(now),
            kind: deposit.kind.as_str(),
            sha256: sha256.clone(),
            sm3,
            subjects: deposit.subjects.clone(),
        };
        let bytes = entry.leaf_bytes();
        StoredLeaf {
            index,
            kind: deposit.kind,
            subject: deposit.subjects.first().cloned().unwrap_or_default(),
            content_sha256: sha256,
            leaf_hash: hex::encode(self.ledger.alg.hash_leaf(&bytes)),
            entry: String::from_utf8_lossy(&bytes).into_owned(),
            created_at_us: to_micros(now),
        }
    }

    /// Appends a leaf that belongs to no business transaction (audit anchors, bulk deposits),
    /// answering once it is durable. Concurrent calls share one transaction: whoever takes the
    /// turn while its own append is still queued writes everything queued; the others find
    /// theirs answered and leave at once, so appends arriving during a write form the next batch.
    pub async fn append_to_ledger(&self, deposit: Deposit) -> Result<StoredLeaf, AppError> {
        let (sender, mut answer) = oneshot::channel();
        self.queued()?.push((deposit, sender));
        let outcome = {
            let _turn = self.ledger.queue.turn.lock().await;
            match answer.try_recv() {
                Err(oneshot::error::TryRecvError::Empty) => {
                    // Ours is still queued and no batch is in flight: write them all.
                    let batch = std::mem::take(&mut *self.queued()?);
                    self.write_batch(batch).await;
                    answer.await
                }
                Ok(outcome) => Ok(outcome),
                Err(oneshot::error::TryRecvError::Closed) => answer.await,
            }
        };
        match outcome {
            Ok(Ok(leaf)) => Ok(leaf),
            Ok(Err(e)) => Err(AppError::Internal(e)),
            Err(_) => Err(AppError::Internal("ledger append abandoned".into())),
        }
    }

    /// The queue of standalone appends.
    fn queued(&self) -> Result<std::sync::MutexGuard<'_, Vec<Waiting>>, AppError> {
        self.ledger
            .queue
            .waiting
            .lock()
            .map_err(|_| AppError::Internal("ledger queue poisoned".into()))
    }

    /// Writes queued appends in one transaction and answers each.
    async fn write_batch(&self, batch: Vec<Waiting>) {
        let written = async {
            let mut tx = self.store.begin().await?;
            let deposits: Vec<Deposit> = batch.iter().map(|(d, _)| d.clone()).collect();
            let leaves = self.deposit_all(&mut *tx, &deposits).await?;
            tx.commit().await?;
            Ok::<_, AppError>(leaves)
        }
        .await;
        match written {
            Ok(leaves) => {
                for ((_, sender), leaf) in batch.into_iter().zip(leaves) {
                    // The caller may have gone away; its leaf is durable all the same.
                    let _ = sender.send(Ok(leaf));
                }
            }
            Err(e) => {
                let message = format!("{e:?}");
                for (_, sender) in batch {
                    let _ = sender.send(Err(message.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_times_are_utc_with_microseconds() {
        let at = time::macros::datetime!(2026-11-27 10:00:00.123456 +8);
        assert_eq!(rfc3339_micros(at), "2026-11-27T02:00:00.123456Z");
    }
}
