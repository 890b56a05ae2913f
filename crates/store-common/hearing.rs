//! `HearingRepo` over SQL: sittings stored as JSON with the columns they are found by.

use async_trait::async_trait;
use fayuan_core::id::{CaseId, CourtId, HearingId};
use fayuan_domain::DomainError;
use fayuan_domain::hearing::transcript::Transcript;
use fayuan_domain::hearing::{HearingSession, SessionStatus};
use fayuan_domain::store::HearingRepo;

use super::{SqlTx, col, db, from_json, one_row, to_json};
use crate::{Db, dialect};

fn hearing_from_row(row: &<Db as sqlx::Database>::Row) -> Result<HearingSession, DomainError> {
    from_json(&col::<String>(row, "body")?)
}

fn micros(at: time::OffsetDateTime) -> i64 {
    fayuan_core::clock::to_micros(at)
}

#[async_trait]
impl HearingRepo for SqlTx {
    async fn insert_hearing(&mut self, s: &HearingSession) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO hearing_sessions (id, court_id, case_id, courtroom_id, starts_at_us, \
             ends_at_us, status, public_hearing, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(s.id.to_string())
        .bind(s.court_id.to_string())
        .bind(s.case_id.to_string())
        .bind(s.courtroom_id.map(|c| c.to_string()))
        .bind(micros(s.starts_at))
        .bind(micros(s.ends_at))
        .bind(s.status.as_str())
        .bind(s.public)
        .bind(to_json(s)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_hearing(&mut self, s: &HearingSession) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE hearing_sessions SET courtroom_id = $2, starts_at_us = $3, ends_at_us = $4, \
                 status = $5, public_hearing = $6, body = $7 WHERE id = $1",
            )
            .bind(s.id.to_string())
            .bind(s.courtroom_id.map(|c| c.to_string()))
            .bind(micros(s.starts_at))
            .bind(micros(s.ends_at))
            .bind(s.status.as_str())
            .bind(s.public)
            .bind(to_json(s)?)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn hearing(&mut self, id: HearingId) -> Result<Option<HearingSession>, DomainError> {
        let row = sqlx::query(dialect::LOCK_HEARING)
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(hearing_from_row).transpose()
    }

    async fn hearings_of_case(&mut self, case: CaseId) -> Result<Vec<HearingSession>, DomainError> {
        let rows = sqlx::query(
            "SELECT body FROM hearing_sessions WHERE case_id = $1 ORDER BY starts_at_us",
        )
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(hearing_from_row).collect()
    }

    async fn hearings_overlapping(
        &mut self,
        from_us: i64,
        to_us: i64,
    ) -> Result<Vec<HearingSession>, DomainError> {
        let rows = sqlx::query(
            "SELECT body FROM hearing_sessions WHERE starts_at_us < $2 AND ends_at_us > $1 \
             ORDER BY starts_at_us",
        )
        .bind(from_us)
        .bind(to_us)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(hearing_from_row).collect()
    }

    async fn hearings_of_court(
        &mut self,
        court: CourtId,
        from_us: i64,
        to_us: i64,
    ) -> Result<Vec<HearingSession>, DomainError> {
        let rows = sqlx::query(
            "SELECT body FROM hearing_sessions WHERE court_id = $1 AND starts_at_us >= $2 \
             AND starts_at_us < $3 ORDER BY starts_at_us",
        )
        .bind(court.to_string())
        .bind(from_us)
        .bind(to_us)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(hearing_from_row).collect()
    }

    async fn put_transcript(&mut self, t: &Transcript) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO hearing_transcripts (hearing_id, status, body) VALUES ($1, $2, $3) \
             ON CONFLICT (hearing_id) DO UPDATE SET status = $2, body = $3",
        )
        .bind(t.hearing_id.to_string())
        .bind(t.status.as_str())
        .bind(to_json(t)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn transcript(&mut self, hearing: HearingId) -> Result<Option<Transcript>, DomainError> {
        let row = sqlx::query(dialect::LOCK_TRANSCRIPT)
            .bind(hearing.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| from_json(&col::<String>(&r, "body")?))
            .transpose()
    }

    async fn public_hearings(
        &mut self,
        from_us: i64,
        until_us: i64,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<HearingSession>, i64), DomainError> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM hearing_sessions WHERE public_hearing = $1 AND starts_at_us >= $2 \
             AND starts_at_us < $3 AND status IN ($4, $5, $6)",
        )
        .bind(true)
        .bind(from_us)
        .bind(until_us)
        .bind(SessionStatus::Scheduled.as_str())
        .bind(SessionStatus::Waiting.as_str())
        .bind(SessionStatus::InSession.as_str())
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        let rows = sqlx::query(
            "SELECT body FROM hearing_sessions WHERE public_hearing = $1 AND starts_at_us >= $2 \
             AND starts_at_us < $3 AND status IN ($4, $5, $6) ORDER BY starts_at_us, id \
             LIMIT $7 OFFSET $8",
        )
        .bind(true)
        .bind(from_us)
        .bind(until_us)
        .bind(SessionStatus::Scheduled.as_str())
        .bind(SessionStatus::Waiting.as_str())
        .bind(SessionStatus::InSession.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        let sessions = rows
            .iter()
            .map(hearing_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((sessions, total))
    }
}
