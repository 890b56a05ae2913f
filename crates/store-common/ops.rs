//! `IncidentRepo` over SQL: incidents kept whole as JSON, with their start and end as columns.

use async_trait::async_trait;
use fayuan_core::id::IncidentId;
use fayuan_domain::DomainError;
use fayuan_domain::ops::Incident;
use fayuan_domain::store::IncidentRepo;

use super::{SqlTx, col, db, from_json, one_row, to_json};

#[async_trait]
impl IncidentRepo for SqlTx {
    async fn insert_incident(&mut self, incident: &Incident) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO incidents (id, started_at_us, ended_at_us, body) VALUES ($1, $2, $3, $4)",
        )
        .bind(incident.id.to_string())
        .bind(incident.started_at_us)
        .bind(incident.ended_at_us)
        .bind(to_json(incident)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_incident(&mut self, incident: &Incident) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE incidents SET ended_at_us = $2, body = $3 WHERE id = $1")
                .bind(incident.id.to_string())
                .bind(incident.ended_at_us)
                .bind(to_json(incident)?)
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }

    async fn incident(&mut self, id: IncidentId) -> Result<Option<Incident>, DomainError> {
        let row = sqlx::query("SELECT body FROM incidents WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| from_json(&col::<String>(&r, "body")?))
            .transpose()
    }

    async fn incidents(
        &mut self,
        active_only: bool,
        limit: i64,
    ) -> Result<Vec<Incident>, DomainError> {
        let rows = sqlx::query(
            "SELECT body FROM incidents WHERE ($1 = FALSE OR ended_at_us IS NULL) \
             ORDER BY started_at_us DESC, id DESC LIMIT $2",
        )
        .bind(active_only)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| from_json(&col::<String>(r, "body")?))
            .collect()
    }
}
