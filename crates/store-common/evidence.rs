//! `EvidenceRepo` over SQL: evidence items, the exchange, opinions and findings.

use async_trait::async_trait;
use fayuan_core::id::{CaseId, EvidenceItemId};
use fayuan_domain::DomainError;
use fayuan_domain::evidence::{EvidenceExchange, EvidenceItem, Finding, Opinion, Position, Stance};
use fayuan_domain::filing::PartyRole;
use fayuan_domain::store::EvidenceRepo;

use super::{SqlTx, col, db, parse_enum, parse_id};
use crate::Db;

/// `SELECT <item columns> FROM evidence_items` followed by the given clause.
macro_rules! select_items {
    ($clause:literal) => {
        concat!(
            "SELECT id, case_id, submitted_by, side, party_name, number, name, source, purpose, \
             pages, material_id, submitted_at_us, late FROM evidence_items ",
            $clause
        )
    };
}

fn item_from_row(row: &<Db as sqlx::Database>::Row) -> Result<EvidenceItem, DomainError> {
    Ok(EvidenceItem {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        submitted_by: parse_id(&col::<String>(row, "submitted_by")?)?,
        side: parse_enum(&col::<String>(row, "side")?, PartyRole::parse)?,
        party_name: col(row, "party_name")?,
        number: col(row, "number")?,
        name: col(row, "name")?,
        source: col(row, "source")?,
        purpose: col(row, "purpose")?,
        pages: col(row, "pages")?,
        material_id: col::<Option<String>>(row, "material_id")?
            .map(|m| parse_id(&m))
            .transpose()?,
        submitted_at_us: col(row, "submitted_at_us")?,
        late: col(row, "late")?,
    })
}

fn position(row: &<Db as sqlx::Database>::Row, name: &str) -> Result<Position, DomainError> {
    Ok(Position {
        stance: parse_enum(&col::<String>(row, name)?, Stance::parse)?,
        reason: col(row, &format!("{name}_reason"))?,
    })
}

fn opinion_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Opinion, DomainError> {
    Ok(Opinion {
        id: parse_id(&col::<String>(row, "id")?)?,
        item_id: parse_id(&col::<String>(row, "item_id")?)?,
        author_id: parse_id(&col::<String>(row, "author_id")?)?,
        side: parse_enum(&col::<String>(row, "side")?, PartyRole::parse)?,
        authenticity: position(row, "authenticity")?,
        legality: position(row, "legality")?,
        relevance: position(row, "relevance")?,
        recorded_at_us: col(row, "recorded_at_us")?,
        late: col(row, "late")?,
    })
}

#[async_trait]
impl EvidenceRepo for SqlTx {
    async fn insert_evidence_item(&mut self, i: &EvidenceItem) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO evidence_items (id, case_id, submitted_by, side, party_name, number, name, \
             source, purpose, pages, material_id, submitted_at_us, late) VALUES ($1, $2, $3, $4, \
             $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(i.id.to_string())
        .bind(i.case_id.to_string())
        .bind(i.submitted_by.to_string())
        .bind(i.side.as_str())
        .bind(i.party_name.clone())
        .bind(i.number)
        .bind(i.name.clone())
        .bind(i.source.clone())
        .bind(i.purpose.clone())
        .bind(i.pages.clone())
        .bind(i.material_id.map(|m| m.to_string()))
        .bind(i.submitted_at_us)
        .bind(i.late)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn evidence_item(
        &mut self,
        id: EvidenceItemId,
    ) -> Result<Option<EvidenceItem>, DomainError> {
        let row = sqlx::query(select_items!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(item_from_row).transpose()
    }

    async fn evidence_of_case(&mut self, case: CaseId) -> Result<Vec<EvidenceItem>, DomainError> {
        let rows = sqlx::query(select_items!(
            "WHERE case_id = $1 ORDER BY side DESC, number, submitted_at_us"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(item_from_row).collect()
    }

    async fn insert_exchange(&mut self, e: &EvidenceExchange) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO evidence_exchanges (case_id, opened_by, opened_at_us, deadline_us) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(e.case_id.to_string())
        .bind(e.opened_by.to_string())
        .bind(e.opened_at_us)
        .bind(e.deadline_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn exchange(&mut self, case: CaseId) -> Result<Option<EvidenceExchange>, DomainError> {
        let row = sqlx::query(
            "SELECT case_id, opened_by, opened_at_us, deadline_us FROM evidence_exchanges \
             WHERE case_id = $1",
        )
        .bind(case.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.map(|r| {
            Ok(EvidenceExchange {
                case_id: parse_id(&col::<String>(&r, "case_id")?)?,
                opened_by: parse_id(&col::<String>(&r, "opened_by")?)?,
                opened_at_us: col(&r, "opened_at_us")?,
                deadline_us: col(&r, "deadline_us")?,
            })
        })
        .transpose()
    }

    async fn put_opinion(&mut self, o: &Opinion) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO evidence_opinions (id, item_id, case_id, author_id, side, authenticity, \
             authenticity_reason, legality, legality_reason, relevance, relevance_reason, \
             recorded_at_us, late) SELECT $1, $2, case_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12 FROM evidence_items WHERE id = $2 \
             ON CONFLICT (item_id, author_id) DO UPDATE SET side = excluded.side, \
             authenticity = excluded.authenticity, \
             authenticity_reason = excluded.authenticity_reason, legality = excluded.legality, \
             legality_reason = excluded.legality_reason, relevance = excluded.relevance, \
             relevance_reason = excluded.relevance_reason, \
             recorded_at_us = excluded.recorded_at_us, late = excluded.late",
        )
        .bind(o.id.to_string())
        .bind(o.item_id.to_string())
        .bind(o.author_id.to_string())
        .bind(o.side.as_str())
        .bind(o.authenticity.stance.as_str())
        .bind(o.authenticity.reason.clone())
        .bind(o.legality.stance.as_str())
        .bind(o.legality.reason.clone())
        .bind(o.relevance.stance.as_str())
        .bind(o.relevance.reason.clone())
        .bind(o.recorded_at_us)
        .bind(o.late)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn opinions_of_case(&mut self, case: CaseId) -> Result<Vec<Opinion>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, item_id, author_id, side, authenticity, authenticity_reason, legality, \
             legality_reason, relevance, relevance_reason, recorded_at_us, late \
             FROM evidence_opinions WHERE case_id = $1 ORDER BY recorded_at_us",
        )
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(opinion_from_row).collect()
    }

    async fn put_finding(&mut self, f: &Finding) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO evidence_findings (item_id, case_id, judge_id, authenticity, legality, \
             relevance, reasoning, recorded_at_us) SELECT $1, case_id, $2, $3, $4, $5, $6, $7 \
             FROM evidence_items WHERE id = $1 \
             ON CONFLICT (item_id) DO UPDATE SET judge_id = excluded.judge_id, \
             authenticity = excluded.authenticity, legality = excluded.legality, \
             relevance = excluded.relevance, reasoning = excluded.reasoning, \
             recorded_at_us = excluded.recorded_at_us",
        )
        .bind(f.item_id.to_string())
        .bind(f.judge_id.to_string())
        .bind(f.authenticity)
        .bind(f.legality)
        .bind(f.relevance)
        .bind(f.reasoning.clone())
        .bind(f.recorded_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn findings_of_case(&mut self, case: CaseId) -> Result<Vec<Finding>, DomainError> {
        let rows = sqlx::query(
            "SELECT item_id, judge_id, authenticity, legality, relevance, reasoning, \
             recorded_at_us FROM evidence_findings WHERE case_id = $1",
        )
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(Finding {
                    item_id: parse_id(&col::<String>(r, "item_id")?)?,
                    judge_id: parse_id(&col::<String>(r, "judge_id")?)?,
                    authenticity: col(r, "authenticity")?,
                    legality: col(r, "legality")?,
                    relevance: col(r, "relevance")?,
                    reasoning: col(r, "reasoning")?,
                    recorded_at_us: col(r, "recorded_at_us")?,
                })
            })
            .collect()
    }
}
