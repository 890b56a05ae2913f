//! `RecordingRepo` over SQL: recordings of mediation sessions and sittings.

use async_trait::async_trait;
use fayuan_core::id::RecordingId;
use fayuan_domain::DomainError;
use fayuan_domain::recording::{Recorded, Recording, RecordingStatus};
use fayuan_domain::store::RecordingRepo;

use super::{SqlTx, col, db, one_row, parse_enum, parse_id};
use crate::{Db, dialect};

/// `SELECT <recording columns> FROM recordings` followed by the given clause.
macro_rules! select_recordings {
    ($clause:literal) => {
        concat!(
            "SELECT id, mediation_id, hearing_id, started_by, started_at_us, bytes, updated_at_us, \
             status, material_id, finished_at_us FROM recordings ",
            $clause
        )
    };
}

fn recording_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Recording, DomainError> {
    let mediation = col::<Option<String>>(row, "mediation_id")?;
    let hearing = col::<Option<String>>(row, "hearing_id")?;
    let subject = match (mediation, hearing) {
        (Some(m), None) => Recorded::Mediation(parse_id(&m)?),
        (None, Some(h)) => Recorded::Hearing(parse_id(&h)?),
        _ => return Err(DomainError::Storage("recording of nothing".into())),
    };
    Ok(Recording {
        id: parse_id(&col::<String>(row, "id")?)?,
        subject,
        started_by: parse_id(&col::<String>(row, "started_by")?)?,
        started_at_us: col(row, "started_at_us")?,
        bytes: col(row, "bytes")?,
        updated_at_us: col(row, "updated_at_us")?,
        status: parse_enum(&col::<String>(row, "status")?, RecordingStatus::parse)?,
        material_id: col::<Option<String>>(row, "material_id")?
            .map(|m| parse_id(&m))
            .transpose()?,
        finished_at_us: col(row, "finished_at_us")?,
    })
}

/// The subject as its two columns.
fn columns(subject: Recorded) -> (Option<String>, Option<String>) {
    match subject {
        Recorded::Mediation(m) => (Some(m.to_string()), None),
        Recorded::Hearing(h) => (None, Some(h.to_string())),
    }
}

#[async_trait]
impl RecordingRepo for SqlTx {
    async fn insert_recording(&mut self, r: &Recording) -> Result<(), DomainError> {
        let (mediation, hearing) = columns(r.subject);
        sqlx::query(
            "INSERT INTO recordings (id, mediation_id, hearing_id, started_by, started_at_us, \
             bytes, updated_at_us, status, material_id, finished_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(r.id.to_string())
        .bind(mediation)
        .bind(hearing)
        .bind(r.started_by.to_string())
        .bind(r.started_at_us)
        .bind(r.bytes)
        .bind(r.updated_at_us)
        .bind(r.status.as_str())
        .bind(r.material_id.map(|m| m.to_string()))
        .bind(r.finished_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_recording(&mut self, r: &Recording) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE recordings SET bytes = $2, updated_at_us = $3, status = $4, \
                 material_id = $5, finished_at_us = $6 WHERE id = $1",
            )
            .bind(r.id.to_string())
            .bind(r.bytes)
            .bind(r.updated_at_us)
            .bind(r.status.as_str())
            .bind(r.material_id.map(|m| m.to_string()))
            .bind(r.finished_at_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn recording(&mut self, id: RecordingId) -> Result<Option<Recording>, DomainError> {
        let row = sqlx::query(dialect::LOCK_RECORDING)
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(recording_from_row).transpose()
    }

    async fn recordings_of(&mut self, subject: Recorded) -> Result<Vec<Recording>, DomainError> {
        let rows = match subject {
            Recorded::Mediation(m) => {
                sqlx::query(select_recordings!(
                    "WHERE mediation_id = $1 ORDER BY started_at_us"
                ))
                .bind(m.to_string())
                .fetch_all(&mut *self.tx)
                .await
            }
            Recorded::Hearing(h) => {
                sqlx::query(select_recordings!(
                    "WHERE hearing_id = $1 ORDER BY started_at_us"
                ))
                .bind(h.to_string())
                .fetch_all(&mut *self.tx)
                .await
            }
        }
        .map_err(db)?;
        rows.iter().map(recording_from_row).collect()
    }

    async fn recordings_to_file(&mut self, before_us: i64) -> Result<Vec<Recording>, DomainError> {
        let rows = sqlx::query(select_recordings!(
            "WHERE (status = $1 AND updated_at_us < $2) \
             OR (status = $3 AND material_id IS NULL AND bytes > 0) ORDER BY updated_at_us"
        ))
        .bind(RecordingStatus::Recording.as_str())
        .bind(before_us)
        .bind(RecordingStatus::Finished.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(recording_from_row).collect()
    }
}
