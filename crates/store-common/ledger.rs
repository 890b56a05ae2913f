//! `LedgerRepo` over SQL.

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::ledger::{EntryKind, LedgerTree, StoredCheckpoint, StoredLeaf, WitnessedLog};
use fayuan_domain::store::LedgerRepo;

use super::{SqlTx, col, db, parse_enum};
use crate::{Db, dialect};

/// `SELECT <leaf columns> FROM ledger_leaves` followed by the given clause.
macro_rules! select_leaves {
    ($clause:literal) => {
        concat!(
            "SELECT idx, kind, subject, content_sha256, entry, leaf_hash, created_at_us \
             FROM ledger_leaves ",
            $clause
        )
    };
}

/// `SELECT <checkpoint columns> FROM ledger_checkpoints` followed by the given clause.
macro_rules! select_checkpoints {
    ($clause:literal) => {
        concat!(
            "SELECT size, root, note, created_at_us FROM ledger_checkpoints ",
            $clause
        )
    };
}

fn leaf_from_row(row: &<Db as sqlx::Database>::Row) -> Result<StoredLeaf, DomainError> {
    Ok(StoredLeaf {
        index: col(row, "idx")?,
        kind: parse_enum(&col::<String>(row, "kind")?, EntryKind::parse)?,
        subject: col(row, "subject")?,
        content_sha256: col(row, "content_sha256")?,
        entry: col(row, "entry")?,
        leaf_hash: col(row, "leaf_hash")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

fn checkpoint_from_row(row: &<Db as sqlx::Database>::Row) -> Result<StoredCheckpoint, DomainError> {
    Ok(StoredCheckpoint {
        size: col(row, "size")?,
        root: col(row, "root")?,
        note: col(row, "note")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

#[async_trait]
impl LedgerRepo for SqlTx {
    async fn take_leaf_indexes(&mut self, count: i64) -> Result<i64, DomainError> {
        let row = sqlx::query(
            "UPDATE ledger_head SET next_index = next_index + $1 WHERE id = 1 \
             RETURNING next_index - $1 AS first",
        )
        .bind(count)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        col(&row, "first")
    }

    async fn ledger_next_index(&mut self) -> Result<i64, DomainError> {
        let row = sqlx::query("SELECT next_index FROM ledger_head WHERE id = 1")
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db)?;
        col(&row, "next_index")
    }

    async fn insert_leaves(&mut self, leaves: &[StoredLeaf]) -> Result<(), DomainError> {
        let rows: Vec<serde_json::Value> = leaves
            .iter()
            .map(|l| {
                serde_json::json!({
                    "index": l.index,
                    "kind": l.kind.as_str(),
                    "subject": l.subject,
                    "content_sha256": l.content_sha256,
                    "entry": l.entry,
                    "leaf_hash": l.leaf_hash,
                    "created_at_us": l.created_at_us,
                })
            })
            .collect();
        sqlx::query(dialect::INSERT_LEAVES)
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn ledger_tree(&mut self) -> Result<LedgerTree, DomainError> {
        let row = sqlx::query("SELECT alg, size, compact_range FROM ledger_tree WHERE id = 1")
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(LedgerTree {
            alg: col(&row, "alg")?,
            size: col(&row, "size")?,
            compact_range: col(&row, "compact_range")?,
        })
    }

    async fn set_ledger_tree(
        &mut self,
        expected_size: i64,
        tree: &LedgerTree,
    ) -> Result<(), DomainError> {
        let done = sqlx::query(
            "UPDATE ledger_tree SET alg = $1, size = $2, compact_range = $3 \
             WHERE id = 1 AND size = $4",
        )
        .bind(tree.alg.clone())
        .bind(tree.size)
        .bind(tree.compact_range.clone())
        .bind(expected_size)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(DomainError::Conflict {
                what: "ledger_tree".into(),
            });
        }
        Ok(())
    }

    async fn leaves(&mut self, from: i64, limit: i64) -> Result<Vec<StoredLeaf>, DomainError> {
        let rows = sqlx::query(select_leaves!("WHERE idx >= $1 ORDER BY idx LIMIT $2"))
            .bind(from)
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(leaf_from_row).collect()
    }

    async fn leaf(&mut self, index: i64) -> Result<Option<StoredLeaf>, DomainError> {
        let row = sqlx::query(select_leaves!("WHERE idx = $1"))
            .bind(index)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(leaf_from_row).transpose()
    }

    async fn leaves_by_content(&mut self, sha256: &str) -> Result<Vec<StoredLeaf>, DomainError> {
        let rows = sqlx::query(select_leaves!("WHERE content_sha256 = $1 ORDER BY idx"))
            .bind(sha256.to_owned())
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(leaf_from_row).collect()
    }

    async fn leaves_by_leaf_hash(&mut self, hash: &str) -> Result<Vec<StoredLeaf>, DomainError> {
        let rows = sqlx::query(select_leaves!("WHERE leaf_hash = $1 ORDER BY idx"))
            .bind(hash.to_owned())
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(leaf_from_row).collect()
    }

    async fn put_nodes(&mut self, nodes: &[(u8, i64, String)]) -> Result<(), DomainError> {
        if nodes.is_empty() {
            return Ok(());
        }
        let rows: Vec<serde_json::Value> = nodes
            .iter()
            .map(|(level, index, hash)| serde_json::json!([level, index, hash]))
            .collect();
        sqlx::query(dialect::INSERT_NODES)
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn node(&mut self, level: u8, index: i64) -> Result<Option<String>, DomainError> {
        let row = sqlx::query("SELECT hash FROM ledger_nodes WHERE level = $1 AND idx = $2")
            .bind(i32::from(level))
            .bind(index)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| col(&r, "hash")).transpose()
    }

    async fn nodes(&mut self, level: u8, from: i64, to: i64) -> Result<Vec<String>, DomainError> {
        let rows = sqlx::query(
            "SELECT hash FROM ledger_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 \
             ORDER BY idx",
        )
        .bind(i32::from(level))
        .bind(from)
        .bind(to)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(|r| col(r, "hash")).collect()
    }

    async fn insert_checkpoint(&mut self, c: &StoredCheckpoint) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO ledger_checkpoints (size, root, note, created_at_us) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(c.size)
        .bind(c.root.clone())
        .bind(c.note.clone())
        .bind(c.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn latest_checkpoint(&mut self) -> Result<Option<StoredCheckpoint>, DomainError> {
        let row = sqlx::query(select_checkpoints!("ORDER BY size DESC LIMIT 1"))
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(checkpoint_from_row).transpose()
    }

    async fn checkpoint(&mut self, size: i64) -> Result<Option<StoredCheckpoint>, DomainError> {
        let row = sqlx::query(select_checkpoints!("WHERE size = $1"))
            .bind(size)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(checkpoint_from_row).transpose()
    }

    async fn checkpoints(
        &mut self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StoredCheckpoint>, DomainError> {
        let rows = sqlx::query(select_checkpoints!(
            "WHERE ($1 IS NULL OR size < $1) ORDER BY size DESC LIMIT $2"
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(checkpoint_from_row).collect()
    }

    async fn checkpoints_from(
        &mut self,
        from: i64,
        limit: i64,
    ) -> Result<Vec<StoredCheckpoint>, DomainError> {
        let rows = sqlx::query(select_checkpoints!(
            "WHERE size >= $1 ORDER BY size LIMIT $2"
        ))
        .bind(from)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(checkpoint_from_row).collect()
    }

    async fn witnessed_log(&mut self, origin: &str) -> Result<Option<WitnessedLog>, DomainError> {
        let row = sqlx::query(
            "SELECT origin, size, root, note, updated_at_us FROM witnessed_logs WHERE origin = $1",
        )
        .bind(origin.to_owned())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.map(|r| {
            Ok(WitnessedLog {
                origin: col(&r, "origin")?,
                size: col(&r, "size")?,
                root: col(&r, "root")?,
                note: col(&r, "note")?,
                updated_at_us: col(&r, "updated_at_us")?,
            })
        })
        .transpose()
    }

    async fn advance_witnessed_log(
        &mut self,
        expected_size: i64,
        log: &WitnessedLog,
    ) -> Result<(), DomainError> {
        let updated = sqlx::query(
            "UPDATE witnessed_logs SET size = $1, root = $2, note = $3, updated_at_us = $4 \
             WHERE origin = $5 AND size = $6",
        )
        .bind(log.size)
        .bind(log.root.clone())
        .bind(log.note.clone())
        .bind(log.updated_at_us)
        .bind(log.origin.clone())
        .bind(expected_size)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() == 1 {
            return Ok(());
        }
        let inserted = if expected_size == 0 {
            sqlx::query(
                "INSERT INTO witnessed_logs (origin, size, root, note, updated_at_us) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (origin) DO NOTHING",
            )
            .bind(log.origin.clone())
            .bind(log.size)
            .bind(log.root.clone())
            .bind(log.note.clone())
            .bind(log.updated_at_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?
            .rows_affected()
        } else {
            0
        };
        if inserted == 1 {
            Ok(())
        } else {
            Err(DomainError::Conflict {
                what: "witnessed_logs".into(),
            })
        }
    }
}
