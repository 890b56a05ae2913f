//! `AuditRepo` over SQL: the chain's head lives in the one-row `audit_chain` table, locked for the
//! rest of the transaction before each append so concurrent writers cannot fork the chain.

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::security::{AuditEvent, AuditOutcome, ChainBounds, NewAuditEvent, chain_hash};
use fayuan_domain::store::{AuditFilter, AuditRepo};

use super::{SqlTx, col, db, parse_enum, parse_id};
use crate::{Db, dialect};

/// `SELECT <audit columns> FROM audit_events` followed by the given clause.
macro_rules! select_events {
    ($clause:literal) => {
        concat!(
            "SELECT seq, at_us, actor_id, actor_role, action, target, client_addr, request_id, \
             outcome, detail, prev_hash, hash FROM audit_events ",
            $clause
        )
    };
}

fn event_from_row(row: &<Db as sqlx::Database>::Row) -> Result<AuditEvent, DomainError> {
    Ok(AuditEvent {
        seq: col(row, "seq")?,
        event: NewAuditEvent {
            at_us: col(row, "at_us")?,
            actor_id: col::<Option<String>>(row, "actor_id")?
                .map(|a| parse_id(&a))
                .transpose()?,
            actor_role: col(row, "actor_role")?,
            action: col(row, "action")?,
            target: col(row, "target")?,
            client_addr: col(row, "client_addr")?,
            request_id: parse_id(&col::<String>(row, "request_id")?)?,
            outcome: parse_enum(&col::<String>(row, "outcome")?, AuditOutcome::parse)?,
            detail: col(row, "detail")?,
        },
        prev_hash: col(row, "prev_hash")?,
        hash: col(row, "hash")?,
    })
}

#[async_trait]
impl AuditRepo for SqlTx {
    async fn append_audit(&mut self, e: &NewAuditEvent) -> Result<AuditEvent, DomainError> {
        let head = sqlx::query(dialect::LOCK_AUDIT_HEAD)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db)?;
        let seq: i64 = col::<i64>(&head, "head_seq")? + 1;
        let prev_hash: String = col(&head, "head_hash")?;
        let hash = chain_hash(seq, &prev_hash, e);
        sqlx::query(
            "INSERT INTO audit_events (seq, at_us, actor_id, actor_role, action, target, \
             client_addr, request_id, outcome, detail, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(seq)
        .bind(e.at_us)
        .bind(e.actor_id.map(|a| a.to_string()))
        .bind(e.actor_role.clone())
        .bind(e.action.clone())
        .bind(e.target.clone())
        .bind(e.client_addr.clone())
        .bind(e.request_id.to_string())
        .bind(e.outcome.as_str())
        .bind(e.detail.clone())
        .bind(prev_hash.clone())
        .bind(hash.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        sqlx::query("UPDATE audit_chain SET head_seq = $1, head_hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(hash.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(AuditEvent {
            seq,
            event: e.clone(),
            prev_hash,
            hash,
        })
    }

    async fn audit_bounds(&mut self) -> Result<ChainBounds, DomainError> {
        let row = sqlx::query(
            "SELECT first_seq, anchor_hash, head_seq, head_hash FROM audit_chain WHERE id = 1",
        )
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(ChainBounds {
            first_seq: col(&row, "first_seq")?,
            anchor_hash: col(&row, "anchor_hash")?,
            head_seq: col(&row, "head_seq")?,
            head_hash: col(&row, "head_hash")?,
        })
    }

    async fn audit_range(
        &mut self,
        from_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, DomainError> {
        let rows = sqlx::query(select_events!("WHERE seq >= $1 ORDER BY seq LIMIT $2"))
            .bind(from_seq)
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn search_audit(&mut self, f: &AuditFilter) -> Result<Vec<AuditEvent>, DomainError> {
        let rows = sqlx::query(select_events!(
            "WHERE ($1 IS NULL OR actor_id = $1) \
             AND ($2 IS NULL OR action LIKE $2) \
             AND ($3 IS NULL OR target = $3) \
             AND ($4 IS NULL OR at_us >= $4) \
             AND ($5 IS NULL OR at_us < $5) \
             AND ($6 IS NULL OR seq < $6) \
             ORDER BY seq DESC LIMIT $7"
        ))
        .bind(f.actor_id.map(|a| a.to_string()))
        .bind(
            f.action_prefix
                .as_ref()
                .map(|p| format!("{}%", p.replace(['%', '_'], ""))),
        )
        .bind(f.target.clone())
        .bind(f.from_us)
        .bind(f.until_us)
        .bind(f.before_seq)
        .bind(f.limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn prune_audit(&mut self, cutoff_us: i64) -> Result<u64, DomainError> {
        sqlx::query(dialect::LOCK_AUDIT_HEAD)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db)?;
        // The first event at or after the cutoff stays, and so does everything after it: only a
        // prefix of the chain is ever removed.
        let keep = sqlx::query("SELECT MIN(seq) AS seq FROM audit_events WHERE at_us >= $1")
            .bind(cutoff_us)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(db)?;
        let first_kept: Option<i64> = col(&keep, "seq")?;
        let (first_seq, anchor) = match first_kept {
            Some(seq) => {
                let row = sqlx::query("SELECT prev_hash FROM audit_events WHERE seq = $1")
                    .bind(seq)
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err(db)?;
                (seq, col::<String>(&row, "prev_hash")?)
            }
            None => {
                // Everything is older than the cutoff: keep the newest event as the anchor holder.
                let bounds = self.audit_bounds().await?;
                if bounds.head_seq < bounds.first_seq {
                    return Ok(0);
                }
                let row = sqlx::query("SELECT prev_hash FROM audit_events WHERE seq = $1")
                    .bind(bounds.head_seq)
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err(db)?;
                (bounds.head_seq, col::<String>(&row, "prev_hash")?)
            }
        };
        let done = sqlx::query("DELETE FROM audit_events WHERE seq < $1")
            .bind(first_seq)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        sqlx::query("UPDATE audit_chain SET first_seq = $1, anchor_hash = $2 WHERE id = 1")
            .bind(first_seq)
            .bind(anchor)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}
