//! `FilingRepo` over SQL. Parties, claims and materials are stored as JSON text: they are read
//! and written whole with their application.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, CourtId, FilingId};
use fayuan_core::time_limit::Procedure;
use fayuan_domain::DomainError;
use fayuan_domain::filing::{FilingApplication, FilingCategory, FilingStatus};
use fayuan_domain::store::FilingRepo;

use super::{SqlTx, col, db, from_json, one_row, parse_enum, parse_id, to_json};
use crate::Db;

/// `SELECT <filing columns> FROM filing_applications` followed by the given clause.
macro_rules! select_filings {
    ($clause:literal) => {
        concat!(
            "SELECT id, court_id, applicant_id, filed_by_agent, category, cause, procedure_requested, \
             parties, claims, facts, materials, consents_to_mediation, status, submitted_at_us, \
             decision_note, case_id, created_at_us, electronic_delivery FROM filing_applications ",
            $clause
        )
    };
}

fn filing_from_row(row: &<Db as sqlx::Database>::Row) -> Result<FilingApplication, DomainError> {
    Ok(FilingApplication {
        id: parse_id(&col::<String>(row, "id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        applicant_id: parse_id(&col::<String>(row, "applicant_id")?)?,
        filed_by_agent: col(row, "filed_by_agent")?,
        category: parse_enum(&col::<String>(row, "category")?, FilingCategory::parse)?,
        cause: col(row, "cause")?,
        procedure_requested: parse_enum(
            &col::<String>(row, "procedure_requested")?,
            Procedure::parse,
        )?,
        parties: from_json(&col::<String>(row, "parties")?)?,
        claims: from_json(&col::<String>(row, "claims")?)?,
        facts: col(row, "facts")?,
        materials: from_json(&col::<String>(row, "materials")?)?,
        consents_to_mediation: col(row, "consents_to_mediation")?,
        status: parse_enum(&col::<String>(row, "status")?, FilingStatus::parse)?,
        submitted_at_us: col(row, "submitted_at_us")?,
        decision_note: col(row, "decision_note")?,
        case_id: col::<Option<String>>(row, "case_id")?
            .map(|c| parse_id(&c))
            .transpose()?,
        created_at_us: col(row, "created_at_us")?,
        electronic_delivery: from_json(&col::<String>(row, "electronic_delivery")?)?,
    })
}

#[async_trait]
impl FilingRepo for SqlTx {
    async fn insert_filing(&mut self, f: &FilingApplication) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO filing_applications (id, court_id, applicant_id, filed_by_agent, category, \
             cause, procedure_requested, parties, claims, facts, materials, consents_to_mediation, \
             status, submitted_at_us, decision_note, case_id, created_at_us, electronic_delivery) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(f.id.to_string())
        .bind(f.court_id.to_string())
        .bind(f.applicant_id.to_string())
        .bind(f.filed_by_agent)
        .bind(f.category.as_str())
        .bind(f.cause.clone())
        .bind(f.procedure_requested.as_str())
        .bind(to_json(&f.parties)?)
        .bind(to_json(&f.claims)?)
        .bind(f.facts.clone())
        .bind(to_json(&f.materials)?)
        .bind(f.consents_to_mediation)
        .bind(f.status.as_str())
        .bind(f.submitted_at_us)
        .bind(f.decision_note.clone())
        .bind(f.case_id.map(|c| c.to_string()))
        .bind(f.created_at_us)
        .bind(to_json(&f.electronic_delivery)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_filing(&mut self, f: &FilingApplication) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE filing_applications SET court_id = $2, filed_by_agent = $3, category = $4, \
                 cause = $5, procedure_requested = $6, parties = $7, claims = $8, facts = $9, \
                 materials = $10, consents_to_mediation = $11, status = $12, submitted_at_us = $13, \
                 decision_note = $14, case_id = $15, electronic_delivery = $16 WHERE id = $1",
            )
            .bind(f.id.to_string())
            .bind(f.court_id.to_string())
            .bind(f.filed_by_agent)
            .bind(f.category.as_str())
            .bind(f.cause.clone())
            .bind(f.procedure_requested.as_str())
            .bind(to_json(&f.parties)?)
            .bind(to_json(&f.claims)?)
            .bind(f.facts.clone())
            .bind(to_json(&f.materials)?)
            .bind(f.consents_to_mediation)
            .bind(f.status.as_str())
            .bind(f.submitted_at_us)
            .bind(f.decision_note.clone())
            .bind(f.case_id.map(|c| c.to_string()))
            .bind(to_json(&f.electronic_delivery)?)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn filing(&mut self, id: FilingId) -> Result<Option<FilingApplication>, DomainError> {
        let row = sqlx::query(select_filings!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(filing_from_row).transpose()
    }

    async fn filings_of_applicant(
        &mut self,
        applicant: AccountId,
    ) -> Result<Vec<FilingApplication>, DomainError> {
        let rows = sqlx::query(select_filings!(
            "WHERE applicant_id = $1 ORDER BY created_at_us DESC"
        ))
        .bind(applicant.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(filing_from_row).collect()
    }

    async fn filings_in_status(
        &mut self,
        court: CourtId,
        status: FilingStatus,
    ) -> Result<Vec<FilingApplication>, DomainError> {
        let rows = sqlx::query(select_filings!(
            "WHERE court_id = $1 AND status = $2 ORDER BY submitted_at_us, id"
        ))
        .bind(court.to_string())
        .bind(status.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(filing_from_row).collect()
    }
}
