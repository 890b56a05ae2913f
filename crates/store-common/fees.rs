//! `FeeRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::id::{CaseId, CourtId, FeeNoticeId, FeeReliefId, PaymentId};
use fayuan_core::money::Fen;
use fayuan_domain::DomainError;
use fayuan_domain::fees::{
    FeeNotice, FeeNoticeStatus, FeeReliefApplication, Payment, PaymentStatus, Refund, ReliefKind,
    ReliefStatus,
};
use fayuan_domain::store::FeeRepo;
use time::Date;

use super::{
    SqlTx, col, date_text, db, from_json, one_row, parse_date, parse_enum, parse_id, to_json,
};
use crate::Db;

/// `SELECT <notice columns> FROM fee_notices` followed by the given clause.
macro_rules! select_notices {
    ($clause:literal) => {
        concat!("SELECT id, case_id, payer_id, items, total_fen, due_on, status, issued_at_us FROM fee_notices ", $clause)
    };
}

/// `SELECT <payment columns> FROM payments` followed by the given clause.
macro_rules! select_payments {
    ($clause:literal) => {
        concat!(
            "SELECT id, fee_notice_id, amount_fen, status, idempotency_key, gateway_ref, \
             created_at_us, settled_at_us FROM payments ",
            $clause
        )
    };
}

fn notice_from_row(row: &<Db as sqlx::Database>::Row) -> Result<FeeNotice, DomainError> {
    Ok(FeeNotice {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        payer_id: parse_id(&col::<String>(row, "payer_id")?)?,
        items: from_json(&col::<String>(row, "items")?)?,
        total: Fen(col(row, "total_fen")?),
        due_on: parse_date(&col::<String>(row, "due_on")?)?,
        status: parse_enum(&col::<String>(row, "status")?, FeeNoticeStatus::parse)?,
        issued_at_us: col(row, "issued_at_us")?,
    })
}

fn payment_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Payment, DomainError> {
    Ok(Payment {
        id: parse_id(&col::<String>(row, "id")?)?,
        fee_notice_id: parse_id(&col::<String>(row, "fee_notice_id")?)?,
        amount: Fen(col(row, "amount_fen")?),
        status: parse_enum(&col::<String>(row, "status")?, PaymentStatus::parse)?,
        idempotency_key: col(row, "idempotency_key")?,
        gateway_ref: col(row, "gateway_ref")?,
        created_at_us: col(row, "created_at_us")?,
        settled_at_us: col(row, "settled_at_us")?,
    })
}

/// `SELECT <relief columns> FROM fee_relief_applications r` followed by the given clause.
macro_rules! select_reliefs {
    ($clause:literal) => {
        concat!(
            "SELECT r.id, r.fee_notice_id, r.case_id, r.applicant_id, r.kind, r.percent, r.reason, \
             r.status, r.decided_by, r.decision_note, r.created_at_us FROM fee_relief_applications r ",
            $clause
        )
    };
}

fn relief_from_row(row: &<Db as sqlx::Database>::Row) -> Result<FeeReliefApplication, DomainError> {
    let percent: Option<i32> = col(row, "percent")?;
    Ok(FeeReliefApplication {
        id: parse_id(&col::<String>(row, "id")?)?,
        fee_notice_id: parse_id(&col::<String>(row, "fee_notice_id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        applicant_id: parse_id(&col::<String>(row, "applicant_id")?)?,
        kind: parse_enum(&col::<String>(row, "kind")?, ReliefKind::parse)?,
        percent: percent.and_then(|p| u8::try_from(p).ok()),
        reason: col(row, "reason")?,
        status: parse_enum(&col::<String>(row, "status")?, ReliefStatus::parse)?,
        decided_by: col::<Option<String>>(row, "decided_by")?
            .map(|d| parse_id(&d))
            .transpose()?,
        decision_note: col(row, "decision_note")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

#[async_trait]
impl FeeRepo for SqlTx {
    async fn insert_fee_notice(&mut self, n: &FeeNotice) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO fee_notices (id, case_id, payer_id, items, total_fen, due_on, status, \
             issued_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(n.id.to_string())
        .bind(n.case_id.to_string())
        .bind(n.payer_id.to_string())
        .bind(to_json(&n.items)?)
        .bind(n.total.0)
        .bind(date_text(n.due_on))
        .bind(n.status.as_str())
        .bind(n.issued_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn fee_notice(&mut self, id: FeeNoticeId) -> Result<Option<FeeNotice>, DomainError> {
        let row = sqlx::query(select_notices!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(notice_from_row).transpose()
    }

    async fn fee_notices_of_case(&mut self, case: CaseId) -> Result<Vec<FeeNotice>, DomainError> {
        let rows = sqlx::query(select_notices!("WHERE case_id = $1 ORDER BY issued_at_us"))
            .bind(case.to_string())
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(notice_from_row).collect()
    }

    async fn set_fee_notice_status(
        &mut self,
        id: FeeNoticeId,
        status: FeeNoticeStatus,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE fee_notices SET status = $1 WHERE id = $2")
                .bind(status.as_str())
                .bind(id.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }

    async fn unpaid_fee_notices_due_before(
        &mut self,
        date: Date,
    ) -> Result<Vec<FeeNotice>, DomainError> {
        let rows = sqlx::query(select_notices!(
            "WHERE status = 'unpaid' AND due_on < $1 ORDER BY due_on"
        ))
        .bind(date_text(date))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(notice_from_row).collect()
    }

    async fn insert_payment(&mut self, p: &Payment) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO payments (id, fee_notice_id, amount_fen, status, idempotency_key, \
             gateway_ref, created_at_us, settled_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(p.id.to_string())
        .bind(p.fee_notice_id.to_string())
        .bind(p.amount.0)
        .bind(p.status.as_str())
        .bind(p.idempotency_key.clone())
        .bind(p.gateway_ref.clone())
        .bind(p.created_at_us)
        .bind(p.settled_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_payment(&mut self, p: &Payment) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE payments SET status = $2, gateway_ref = $3, settled_at_us = $4 WHERE id = $1",
            )
            .bind(p.id.to_string())
            .bind(p.status.as_str())
            .bind(p.gateway_ref.clone())
            .bind(p.settled_at_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn payment(&mut self, id: PaymentId) -> Result<Option<Payment>, DomainError> {
        let row = sqlx::query(select_payments!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(payment_from_row).transpose()
    }

    async fn payment_by_key(
        &mut self,
        notice: FeeNoticeId,
        key: &str,
    ) -> Result<Option<Payment>, DomainError> {
        let row = sqlx::query(select_payments!(
            "WHERE fee_notice_id = $1 AND idempotency_key = $2"
        ))
        .bind(notice.to_string())
        .bind(key.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.as_ref().map(payment_from_row).transpose()
    }

    async fn pending_payments(&mut self, before_us: i64) -> Result<Vec<Payment>, DomainError> {
        let rows = sqlx::query(select_payments!(
            "WHERE status = 'pending' AND created_at_us < $1 ORDER BY created_at_us"
        ))
        .bind(before_us)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(payment_from_row).collect()
    }

    async fn insert_refund(&mut self, r: &Refund) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO refunds (id, case_id, fee_notice_id, payee_id, amount_fen, reason, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(r.id.to_string())
        .bind(r.case_id.to_string())
        .bind(r.fee_notice_id.to_string())
        .bind(r.payee_id.to_string())
        .bind(r.amount.0)
        .bind(r.reason.clone())
        .bind(r.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn refunds_of_case(&mut self, case: CaseId) -> Result<Vec<Refund>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, case_id, fee_notice_id, payee_id, amount_fen, reason, created_at_us FROM refunds \
             WHERE case_id = $1 ORDER BY created_at_us, id",
        )
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(Refund {
                    id: parse_id(&col::<String>(r, "id")?)?,
                    case_id: parse_id(&col::<String>(r, "case_id")?)?,
                    fee_notice_id: parse_id(&col::<String>(r, "fee_notice_id")?)?,
                    payee_id: parse_id(&col::<String>(r, "payee_id")?)?,
                    amount: Fen(col(r, "amount_fen")?),
                    reason: col(r, "reason")?,
                    created_at_us: col(r, "created_at_us")?,
                })
            })
            .collect()
    }

    async fn update_fee_notice(&mut self, n: &FeeNotice) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE fee_notices SET items = $2, total_fen = $3, due_on = $4, status = $5 WHERE id = $1")
                .bind(n.id.to_string())
                .bind(to_json(&n.items)?)
                .bind(n.total.0)
                .bind(date_text(n.due_on))
                .bind(n.status.as_str())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }

    async fn insert_relief(&mut self, r: &FeeReliefApplication) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO fee_relief_applications (id, fee_notice_id, case_id, applicant_id, kind, \
             percent, reason, status, decided_by, decision_note, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(r.id.to_string())
        .bind(r.fee_notice_id.to_string())
        .bind(r.case_id.to_string())
        .bind(r.applicant_id.to_string())
        .bind(r.kind.as_str())
        .bind(r.percent.map(i32::from))
        .bind(r.reason.clone())
        .bind(r.status.as_str())
        .bind(r.decided_by.map(|d| d.to_string()))
        .bind(r.decision_note.clone())
        .bind(r.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_relief(&mut self, r: &FeeReliefApplication) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE fee_relief_applications SET percent = $2, status = $3, decided_by = $4, decision_note = $5 WHERE id = $1",
            )
            .bind(r.id.to_string())
            .bind(r.percent.map(i32::from))
            .bind(r.status.as_str())
            .bind(r.decided_by.map(|d| d.to_string()))
            .bind(r.decision_note.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn relief(
        &mut self,
        id: FeeReliefId,
    ) -> Result<Option<FeeReliefApplication>, DomainError> {
        let row = sqlx::query(select_reliefs!("WHERE r.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(relief_from_row).transpose()
    }

    async fn reliefs_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<FeeReliefApplication>, DomainError> {
        let rows = sqlx::query(select_reliefs!(
            "WHERE r.case_id = $1 ORDER BY r.created_at_us, r.id"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(relief_from_row).collect()
    }

    async fn reliefs_in_status(
        &mut self,
        court: CourtId,
        status: ReliefStatus,
    ) -> Result<Vec<FeeReliefApplication>, DomainError> {
        let rows = sqlx::query(select_reliefs!(
            "JOIN cases c ON c.id = r.case_id WHERE c.court_id = $1 AND r.status = $2 ORDER BY r.created_at_us, r.id"
        ))
        .bind(court.to_string())
        .bind(status.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(relief_from_row).collect()
    }
}
