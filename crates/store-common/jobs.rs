//! `JobRepo` over SQL: a job is claimed by moving its `run_at_us` to the end of a lease, an
//! update that two runners cannot both win (on PostgreSQL the second waits for the row and then
//! finds it no longer due).

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::jobs::{Job, JobStatus};
use fayuan_domain::store::JobRepo;

use super::{SqlTx, col, db, one_row, parse_enum, parse_id};
use crate::Db;

fn job_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Job, DomainError> {
    Ok(Job {
        id: parse_id(&col::<String>(row, "id")?)?,
        kind: col(row, "kind")?,
        payload: col(row, "payload")?,
        run_at_us: col(row, "run_at_us")?,
        attempts: col(row, "attempts")?,
        status: parse_enum(&col::<String>(row, "status")?, JobStatus::parse)?,
        last_error: col(row, "last_error")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

#[async_trait]
impl JobRepo for SqlTx {
    async fn insert_job(&mut self, j: &Job) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, run_at_us, attempts, status, last_error, \
             created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(j.id.to_string())
        .bind(j.kind.clone())
        .bind(j.payload.clone())
        .bind(j.run_at_us)
        .bind(j.attempts)
        .bind(j.status.as_str())
        .bind(j.last_error.clone())
        .bind(j.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn claim_jobs(
        &mut self,
        now_us: i64,
        lease_until_us: i64,
        limit: i64,
    ) -> Result<Vec<Job>, DomainError> {
        let rows = sqlx::query(
            "UPDATE jobs SET run_at_us = $1, attempts = attempts + 1 \
             WHERE status = 'pending' AND run_at_us <= $2 AND id IN (SELECT id FROM jobs \
             WHERE status = 'pending' AND run_at_us <= $2 ORDER BY run_at_us LIMIT $3) \
             RETURNING id, kind, payload, run_at_us, attempts, status, last_error, created_at_us",
        )
        .bind(lease_until_us)
        .bind(now_us)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(job_from_row).collect()
    }

    async fn update_job(&mut self, j: &Job) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE jobs SET status = $1, run_at_us = $2, last_error = $3 WHERE id = $4",
            )
            .bind(j.status.as_str())
            .bind(j.run_at_us)
            .bind(j.last_error.clone())
            .bind(j.id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn jobs_mentioning(&mut self, kind: &str, needle: &str) -> Result<Vec<Job>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, kind, payload, run_at_us, attempts, status, last_error, created_at_us \
             FROM jobs WHERE kind = $1 AND payload LIKE '%' || $2 || '%' \
             ORDER BY created_at_us DESC",
        )
        .bind(kind.to_owned())
        .bind(needle.to_owned())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(job_from_row).collect()
    }
}
