//! What anyone may read from the ledger (Rules arts. 21, 23: 存证核验): checkpoints, proofs,
//! receipts, lookups by content or receipt, and the tlog-tiles read API. Nothing here reveals
//! more than the log itself publishes, so reads are not audited.

use fayuan_core::digest::ContentHash;
use fayuan_domain::ledger::{StoredCheckpoint, StoredLeaf};
use fayuan_ledger::{
    Hash, TILE_HEIGHT, TileId, TilePath, consistency_plan, encode_entry_bundle, inclusion_plan,
    tile_for_size, tile_nodes, verify_inclusion,
};

use super::receipt::{RECEIPT_FORMAT, Receipt, ReceiptCheck};
use super::sequencer::decode_hash;
use crate::{App, AppError};

/// Checkpoints listed per page at most.
const MAX_PAGE: i64 = 200;
/// Entries answered per lookup at most.
const MAX_FOUND: usize = 50;

/// What to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupQuery {
    /// A file's content (its hashes are computed from the upload).
    Content(ContentHash),
    /// A hex hash typed in: a content SHA-256 or a leaf hash.
    Hash(String),
    /// A receipt file.
    Receipt(String),
    /// An entry by its index (存证编号).
    Index(u64),
}

/// One entry found, proven included in the latest checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The leaf.
    pub leaf: StoredLeaf,
    /// Size of the checkpoint the inclusion proof was checked against.
    pub proven_in: u64,
}

/// The answer to a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// Entries found (none: never deposited here).
    pub found: Vec<Found>,
    /// Entries deposited but not yet covered by a checkpoint (within a second).
    pub pending: Vec<StoredLeaf>,
    /// For a receipt: what it proves.
    pub receipt: Option<ReceiptCheck>,
}

fn not_ready() -> AppError {
    AppError::Conflict {
        code: "ledger.pending",
        message: "该存证尚未被检查点覆盖，请一秒后再试。".into(),
    }
}

fn bad_size() -> AppError {
    AppError::invalid("ledger.size", "树大小超出当前检查点。")
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl App {
    /// The latest signed checkpoint.
    pub async fn latest_checkpoint(&self) -> Result<StoredCheckpoint, AppError> {
        let mut tx = self.store.begin().await?;
        tx.latest_checkpoint().await?.ok_or_else(not_ready)
    }

    /// The checkpoint of one tree size.
    pub async fn checkpoint_of_size(&self, size: u64) -> Result<StoredCheckpoint, AppError> {
        let mut tx = self.store.begin().await?;
        tx.checkpoint(to_i64(size)).await?.ok_or(AppError::NotFound)
    }

    /// Checkpoint history, newest first, below `before`.
    pub async fn checkpoint_history(
        &self,
        before: Option<u64>,
        limit: i64,
    ) -> Result<Vec<StoredCheckpoint>, AppError> {
        let mut tx = self.store.begin().await?;
        Ok(tx
            .checkpoints(before.map(to_i64), limit.clamp(1, MAX_PAGE))
            .await?)
    }

    /// The leaf at `index`.
    pub async fn ledger_leaf(&self, index: u64) -> Result<StoredLeaf, AppError> {
        let mut tx = self.store.begin().await?;
        tx.leaf(to_i64(index)).await?.ok_or(AppError::NotFound)
    }

    /// The inclusion proof of leaf `index` in the tree of `size` (the latest when `None`):
    /// the size used and the proof.
    pub async fn inclusion_proof(
        &self,
        index: u64,
        size: Option<u64>,
    ) -> Result<(u64, Vec<Hash>), AppError> {
        let mut tx = self.store.begin().await?;
        let integrated = tx.ledger_tree().await?.size as u64;
        let size = size.unwrap_or(integrated);
        if size > integrated {
            return Err(bad_size());
        }
        if index >= size {
            return Err(if index < tx.ledger_next_index().await? as u64 {
                not_ready()
            } else {
                AppError::NotFound
            });
        }
        let plan = inclusion_plan(index, size)
            .map_err(|e| AppError::invalid("ledger.proof", e.to_string()))?;
        Ok((size, self.assemble(&mut *tx, &plan).await?))
    }

    /// The consistency proof between two tree sizes.
    pub async fn consistency_proof(&self, size1: u64, size2: u64) -> Result<Vec<Hash>, AppError> {
        let mut tx = self.store.begin().await?;
        if size2 > tx.ledger_tree().await?.size as u64 {
            return Err(bad_size());
        }
        let plan = consistency_plan(size1, size2)
            .map_err(|e| AppError::invalid("ledger.proof", e.to_string()))?;
        self.assemble(&mut *tx, &plan).await
    }

    /// A receipt for leaf `index`, proven against the latest checkpoint.
    pub async fn receipt(&self, index: u64) -> Result<Receipt, AppError> {
        let mut tx = self.store.begin().await?;
        let leaf = tx.leaf(to_i64(index)).await?.ok_or(AppError::NotFound)?;
        let checkpoint = tx.latest_checkpoint().await?.ok_or_else(not_ready)?;
        let size = checkpoint.size as u64;
        if index >= size {
            return Err(not_ready());
        }
        let plan = inclusion_plan(index, size)
            .map_err(|e| AppError::Internal(format!("ledger proof: {e}")))?;
        let proof = self.assemble(&mut *tx, &plan).await?;
        Ok(Receipt {
            format: RECEIPT_FORMAT.into(),
            origin: self.ledger.origin.clone(),
            alg: self.ledger.alg.as_str().into(),
            index,
            leaf_hash: leaf.leaf_hash,
            entry: leaf.entry,
            checkpoint: checkpoint.note,
            inclusion_proof: proof.iter().map(hex::encode).collect(),
            verifier_keys: self.ledger.verifier_keys.clone(),
        })
    }

    /// Looks up whether, when and under which entry something was deposited, checking each
    /// entry's inclusion proof against the latest checkpoint.
    pub async fn lookup_ledger(&self, query: &LookupQuery) -> Result<Lookup, AppError> {
        let mut receipt = None;
        let mut tx = self.store.begin().await?;
        let leaves = match query {
            LookupQuery::Content(hash) => tx.leaves_by_content(&hash.sha256).await?,
            LookupQuery::Hash(text) => {
                let text = text.trim().to_ascii_lowercase();
                if !ContentHash::is_sha256_hex(&text) {
                    return Err(AppError::invalid(
                        "ledger.hash",
                        "请输入64位十六进制哈希值（文件的SHA-256或存证叶哈希）。",
                    ));
                }
                let mut leaves = tx.leaves_by_content(&text).await?;
                leaves.extend(tx.leaves_by_leaf_hash(&text).await?);
                leaves.sort_by_key(|l| l.index);
                leaves.dedup_by_key(|l| l.index);
                leaves
            }
            LookupQuery::Index(index) => {
                vec![tx.leaf(to_i64(*index)).await?.ok_or(AppError::NotFound)?]
            }
            LookupQuery::Receipt(text) => {
                let parsed = Receipt::parse(text)?;
                if parsed.origin != self.ledger.origin {
                    return Err(AppError::invalid(
                        "ledger.receipt_origin",
                        "该回执不属于本院的存证日志。",
                    ));
                }
                receipt = Some(parsed.verify(&self.ledger.verifier_keys, None)?);
                tx.leaf(to_i64(parsed.index)).await?.into_iter().collect()
            }
        };
        let size = tx.ledger_tree().await?.size as u64;
        let root = match tx.latest_checkpoint().await? {
            Some(c) => self.open_own_checkpoint(&c.note)?.root,
            None => return Err(not_ready()),
        };
        let mut found = Vec::new();
        let mut pending = Vec::new();
        for leaf in leaves.into_iter().take(MAX_FOUND) {
            let index = leaf.index as u64;
            if index >= size {
                pending.push(leaf);
                continue;
            }
            let plan = inclusion_plan(index, size)
                .map_err(|e| AppError::Internal(format!("ledger proof: {e}")))?;
            let proof = self.assemble(&mut *tx, &plan).await?;
            verify_inclusion(
                &self.ledger.alg,
                index,
                size,
                &decode_hash(&leaf.leaf_hash)?,
                &proof,
                &root,
            )
            .map_err(|e| AppError::Internal(format!("own inclusion proof fails: {e}")))?;
            found.push(Found {
                leaf,
                proven_in: size,
            });
        }
        Ok(Lookup {
            found,
            pending,
            receipt,
        })
    }

    /// A tlog-tiles resource: a hash tile (concatenated hashes) or an entry bundle. Only tiles
    /// of the integrated tree exist; a full tile never changes, a partial one is superseded.
    pub async fn ledger_tile(&self, path: &TilePath) -> Result<Vec<u8>, AppError> {
        let mut tx = self.store.begin().await?;
        let size = tx.ledger_tree().await?.size as u64;
        match path {
            TilePath::Hashes(tile) => {
                let exists = tile_for_size(tile.level, tile.index, size)
                    .is_some_and(|t| t.width >= tile.width);
                if !exists {
                    return Err(AppError::NotFound);
                }
                let range = tile_nodes(tile);
                let level = tile.level.saturating_mul(TILE_HEIGHT);
                let hashes = tx
                    .nodes(level, to_i64(range.start), to_i64(range.end))
                    .await?;
                if hashes.len() as u64 != tile.width {
                    return Err(AppError::Internal("ledger tile incomplete".into()));
                }
                let mut out = Vec::with_capacity(hashes.len() * 32);
                for h in &hashes {
                    out.extend_from_slice(&decode_hash(h)?);
                }
                Ok(out)
            }
            TilePath::Entries(tile) => {
                let exists =
                    tile_for_size(0, tile.index, size).is_some_and(|t| t.width >= tile.width);
                if !exists {
                    return Err(AppError::NotFound);
                }
                let range = tile_nodes(&TileId { level: 0, ..*tile });
                let leaves = tx
                    .leaves(to_i64(range.start), to_i64(range.end - range.start))
                    .await?;
                let entries: Vec<&[u8]> = leaves.iter().map(|l| l.entry.as_bytes()).collect();
                encode_entry_bundle(&entries)
                    .map_err(|e| AppError::Internal(format!("entry bundle: {e}")))
            }
        }
    }
}
