//! `PublicationRepo` over SQL: kept document texts and judgment publications.

use async_trait::async_trait;
use fayuan_core::id::{CaseId, CourtId, MaterialId, PublicationId};
use fayuan_domain::DomainError;
use fayuan_domain::publication::{JudgmentPublication, PublicationStatus};
use fayuan_domain::store::PublicationRepo;

use super::{SqlTx, col, date_text, db, one_row, parse_date, parse_enum, parse_id};
use crate::Db;

/// `SELECT <publication columns> FROM judgment_publications` followed by the given clause.
macro_rules! select_publications {
    ($clause:literal) => {
        concat!(
            "SELECT id, court_id, case_id, material_id, case_number, title, document_type, \
             effective_on, due_on, status, original_text, public_text, withheld, \
             withdrawal_reason, ledger_index, published_at_us, corrections, created_by, \
             created_at_us FROM judgment_publications ",
            $clause
        )
    };
}

fn publication_from_row(
    row: &<Db as sqlx::Database>::Row,
) -> Result<JudgmentPublication, DomainError> {
    Ok(JudgmentPublication {
        id: parse_id(&col::<String>(row, "id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        material_id: parse_id(&col::<String>(row, "material_id")?)?,
        case_number: col(row, "case_number")?,
        title: col(row, "title")?,
        document_type: col(row, "document_type")?,
        effective_on: parse_date(&col::<String>(row, "effective_on")?)?,
        due_on: parse_date(&col::<String>(row, "due_on")?)?,
        status: parse_enum(&col::<String>(row, "status")?, PublicationStatus::parse)?,
        original_text: col(row, "original_text")?,
        public_text: col(row, "public_text")?,
        withheld: col(row, "withheld")?,
        withdrawal_reason: col(row, "withdrawal_reason")?,
        ledger_index: col(row, "ledger_index")?,
        published_at_us: col(row, "published_at_us")?,
        corrections: serde_json::from_str(&col::<String>(row, "corrections")?)
            .map_err(|e| DomainError::Storage(format!("corrections column: {e}")))?,
        created_by: parse_id(&col::<String>(row, "created_by")?)?,
        created_at_us: col(row, "created_at_us")?,
    })
}

#[async_trait]
impl PublicationRepo for SqlTx {
    async fn put_query_code(
        &mut self,
        case: CaseId,
        case_number: &str,
        code_hash: &str,
        at_us: i64,
    ) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO case_query_codes (case_id, case_number, code_hash, created_at_us) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO UPDATE SET code_hash = $3, \
             created_at_us = $4",
        )
        .bind(case.to_string())
        .bind(case_number.to_owned())
        .bind(code_hash.to_owned())
        .bind(at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn query_code(
        &mut self,
        case_number: &str,
    ) -> Result<Option<(CaseId, String)>, DomainError> {
        let row =
            sqlx::query("SELECT case_id, code_hash FROM case_query_codes WHERE case_number = $1")
                .bind(case_number.to_owned())
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(db)?;
        row.map(|r| {
            Ok((
                parse_id(&col::<String>(&r, "case_id")?)?,
                col::<String>(&r, "code_hash")?,
            ))
        })
        .transpose()
    }

    async fn insert_document_text(
        &mut self,
        material: MaterialId,
        text: &str,
    ) -> Result<(), DomainError> {
        sqlx::query("INSERT INTO document_texts (material_id, text) VALUES ($1, $2)")
            .bind(material.to_string())
            .bind(text.to_owned())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn document_text(&mut self, material: MaterialId) -> Result<Option<String>, DomainError> {
        let row = sqlx::query("SELECT text FROM document_texts WHERE material_id = $1")
            .bind(material.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| col(&r, "text")).transpose()
    }

    async fn insert_publication(&mut self, p: &JudgmentPublication) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO judgment_publications (id, court_id, case_id, material_id, case_number, \
             title, document_type, effective_on, due_on, status, original_text, public_text, \
             withheld, withdrawal_reason, ledger_index, published_at_us, created_by, \
             created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, $16, $17, $18)",
        )
        .bind(p.id.to_string())
        .bind(p.court_id.to_string())
        .bind(p.case_id.to_string())
        .bind(p.material_id.to_string())
        .bind(p.case_number.clone())
        .bind(p.title.clone())
        .bind(p.document_type.clone())
        .bind(date_text(p.effective_on))
        .bind(date_text(p.due_on))
        .bind(p.status.as_str())
        .bind(p.original_text.clone())
        .bind(p.public_text.clone())
        .bind(p.withheld.clone())
        .bind(p.withdrawal_reason.clone())
        .bind(p.ledger_index)
        .bind(p.published_at_us)
        .bind(p.created_by.to_string())
        .bind(p.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_publication(&mut self, p: &JudgmentPublication) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE judgment_publications SET title = $2, status = $3, public_text = $4, \
                 withheld = $5, withdrawal_reason = $6, ledger_index = $7, published_at_us = $8, \
                 corrections = $9 WHERE id = $1",
            )
            .bind(p.id.to_string())
            .bind(p.title.clone())
            .bind(p.status.as_str())
            .bind(p.public_text.clone())
            .bind(p.withheld.clone())
            .bind(p.withdrawal_reason.clone())
            .bind(p.ledger_index)
            .bind(p.published_at_us)
            .bind(
                serde_json::to_string(&p.corrections)
                    .map_err(|e| DomainError::Storage(e.to_string()))?,
            )
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn publication(
        &mut self,
        id: PublicationId,
    ) -> Result<Option<JudgmentPublication>, DomainError> {
        let row = sqlx::query(select_publications!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(publication_from_row).transpose()
    }

    async fn publications_of_court(
        &mut self,
        court: CourtId,
        status: PublicationStatus,
    ) -> Result<Vec<JudgmentPublication>, DomainError> {
        let rows = sqlx::query(select_publications!(
            "WHERE court_id = $1 AND status = $2 ORDER BY due_on, created_at_us"
        ))
        .bind(court.to_string())
        .bind(status.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(publication_from_row).collect()
    }

    async fn publications_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<JudgmentPublication>, DomainError> {
        let rows = sqlx::query(select_publications!(
            "WHERE case_id = $1 ORDER BY created_at_us DESC"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(publication_from_row).collect()
    }

    async fn public_publications(
        &mut self,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<JudgmentPublication>, i64), DomainError> {
        // LIKE with the pattern's own wildcards escaped: the words are matched literally.
        let escaped = query
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        let rows = sqlx::query(select_publications!(
            "WHERE status IN ('published', 'withheld') AND (case_number LIKE $1 ESCAPE '\\' \
             OR title LIKE $1 ESCAPE '\\' OR public_text LIKE $1 ESCAPE '\\') \
             ORDER BY published_at_us DESC, id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(pattern.clone())
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM judgment_publications WHERE status IN ('published', \
             'withheld') AND (case_number LIKE $1 ESCAPE '\\' OR title LIKE $1 ESCAPE '\\' OR \
             public_text LIKE $1 ESCAPE '\\')",
        )
        .bind(pattern)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        let found = rows
            .iter()
            .map(publication_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((found, total))
    }
}
