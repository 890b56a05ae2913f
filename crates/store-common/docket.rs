//! `CaseRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, CaseId, CourtId, ExtensionId, SuspensionId};
use fayuan_core::time_limit::{Length, Procedure, SuspensionReason};
use fayuan_domain::DomainError;
use fayuan_domain::docket::{
    Case, CaseStatus, CaseSuspension, ClosureMode, ExtensionRequest, ExtensionStatus,
};
use fayuan_domain::filing::FilingCategory;
use fayuan_domain::statistics::{CaseloadRow, Month};
use fayuan_domain::store::CaseRepo;

use super::{
    SqlTx, col, date_text, db, from_json, one_row, parse_date, parse_enum, parse_id, to_json,
};
use crate::Db;

/// `SELECT <case columns> FROM cases` followed by the given clause.
macro_rules! select_cases {
    ($clause:literal) => {
        concat!(
            "SELECT id, court_id, case_number, filing_id, filer_id, category, cause, procedure, \
             parties, claims, status, docketed_on, division_id, judge_id, assignment_reason, \
             closure_mode, closed_on, fee_overdue, panel, participants FROM cases ",
            $clause
        )
    };
}

fn case_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Case, DomainError> {
    Ok(Case {
        id: parse_id(&col::<String>(row, "id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        case_number: col(row, "case_number")?,
        filing_id: parse_id(&col::<String>(row, "filing_id")?)?,
        filer_id: parse_id(&col::<String>(row, "filer_id")?)?,
        category: parse_enum(&col::<String>(row, "category")?, FilingCategory::parse)?,
        cause: col(row, "cause")?,
        procedure: parse_enum(&col::<String>(row, "procedure")?, Procedure::parse)?,
        parties: from_json(&col::<String>(row, "parties")?)?,
        claims: from_json(&col::<String>(row, "claims")?)?,
        status: parse_enum(&col::<String>(row, "status")?, CaseStatus::parse)?,
        docketed_on: parse_date(&col::<String>(row, "docketed_on")?)?,
        division_id: col::<Option<String>>(row, "division_id")?
            .map(|d| parse_id(&d))
            .transpose()?,
        judge_id: col::<Option<String>>(row, "judge_id")?
            .map(|j| parse_id(&j))
            .transpose()?,
        assignment_reason: col(row, "assignment_reason")?,
        closure_mode: col::<Option<String>>(row, "closure_mode")?
            .map(|m| parse_enum(&m, ClosureMode::parse))
            .transpose()?,
        closed_on: col::<Option<String>>(row, "closed_on")?
            .map(|d| parse_date(&d))
            .transpose()?,
        fee_overdue: col(row, "fee_overdue")?,
        panel: from_json(&col::<String>(row, "panel")?)?,
        participants: from_json(&col::<String>(row, "participants")?)?,
    })
}

/// `SELECT <extension columns> FROM extension_requests e` followed by the given clause.
macro_rules! select_extensions {
    ($clause:literal) => {
        concat!(
            "SELECT e.id, e.case_id, e.length_months, e.length_days, e.reason, e.requested_by, \
             e.requested_on, e.status, e.decided_by, e.decided_on, e.decision_note \
             FROM extension_requests e ",
            $clause
        )
    };
}

fn extension_from_row(row: &<Db as sqlx::Database>::Row) -> Result<ExtensionRequest, DomainError> {
    let months: i32 = col(row, "length_months")?;
    let days: i32 = col(row, "length_days")?;
    Ok(ExtensionRequest {
        id: parse_id(&col::<String>(row, "id")?)?,
        case_id: parse_id(&col::<String>(row, "case_id")?)?,
        length: Length {
            months: u32::try_from(months).unwrap_or(0),
            days: u32::try_from(days).unwrap_or(0),
        },
        reason: col(row, "reason")?,
        requested_by: parse_id(&col::<String>(row, "requested_by")?)?,
        requested_on: parse_date(&col::<String>(row, "requested_on")?)?,
        status: parse_enum(&col::<String>(row, "status")?, ExtensionStatus::parse)?,
        decided_by: col::<Option<String>>(row, "decided_by")?
            .map(|d| parse_id(&d))
            .transpose()?,
        decided_on: col::<Option<String>>(row, "decided_on")?
            .map(|d| parse_date(&d))
            .transpose()?,
        decision_note: col(row, "decision_note")?,
    })
}

/// A row of `caseload`: one group of cases.
fn caseload_from_row(row: &<Db as sqlx::Database>::Row) -> Result<CaseloadRow, DomainError> {
    let month = |text: String| {
        Month::parse(&text)
            .ok_or_else(|| DomainError::Storage(format!("malformed date in database: {text}")))
    };
    Ok(CaseloadRow {
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        category: parse_enum(&col::<String>(row, "category")?, FilingCategory::parse)?,
        docketed: month(col(row, "docketed_month")?)?,
        closed: col::<Option<String>>(row, "closed_month")?
            .map(month)
            .transpose()?,
        closure_mode: col::<Option<String>>(row, "closure_mode")?
            .map(|m| parse_enum(&m, ClosureMode::parse))
            .transpose()?,
        cases: u64::try_from(col::<i64>(row, "cases")?).unwrap_or(0),
        docketed_day_sum: col(row, "docketed_days")?,
        closed_day_sum: col::<Option<i64>>(row, "closed_days")?.unwrap_or(0),
    })
}

impl SqlTx {
    /// Rewrites the lookup rows of a case's participants (the JSON column is the record).
    async fn index_participants(&mut self, c: &Case) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM case_participants WHERE case_id = $1")
            .bind(c.id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        let mut seen = std::collections::BTreeSet::new();
        for p in c.participants.iter().filter(|p| seen.insert(p.account_id)) {
            sqlx::query("INSERT INTO case_participants (case_id, account_id) VALUES ($1, $2)")
                .bind(c.id.to_string())
                .bind(p.account_id.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?;
        }
        Ok(())
    }

    /// `ExtensionRequest` rows: insert and update share the column list.
    async fn write_extension(
        &mut self,
        sql: &'static str,
        e: &ExtensionRequest,
    ) -> Result<u64, DomainError> {
        let done = sqlx::query(sql)
            .bind(e.id.to_string())
            .bind(e.case_id.to_string())
            .bind(i32::try_from(e.length.months).unwrap_or(i32::MAX))
            .bind(i32::try_from(e.length.days).unwrap_or(i32::MAX))
            .bind(e.reason.clone())
            .bind(e.requested_by.to_string())
            .bind(date_text(e.requested_on))
            .bind(e.status.as_str())
            .bind(e.decided_by.map(|d| d.to_string()))
            .bind(e.decided_on.map(date_text))
            .bind(e.decision_note.clone())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl CaseRepo for SqlTx {
    async fn next_case_sequence(
        &mut self,
        court: CourtId,
        special_code: &str,
        type_code: &str,
        year: i32,
    ) -> Result<i64, DomainError> {
        // The upsert takes the row's write lock until commit, so concurrent dockets queue here and
        // a rolled-back docket gives its number back: unique and gap-free.
        let row = sqlx::query(
            "INSERT INTO case_sequences (court_id, special_code, type_code, year, last_sequence) \
             VALUES ($1, $2, $3, $4, 1) ON CONFLICT (court_id, special_code, type_code, year) \
             DO UPDATE SET last_sequence = case_sequences.last_sequence + 1 RETURNING last_sequence",
        )
        .bind(court.to_string())
        .bind(special_code.to_string())
        .bind(type_code.to_string())
        .bind(year)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        col(&row, "last_sequence")
    }

    async fn insert_case(&mut self, c: &Case) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO cases (id, court_id, case_number, filing_id, filer_id, category, cause, \
             procedure, parties, claims, status, docketed_on, division_id, judge_id, \
             assignment_reason, closure_mode, closed_on, fee_overdue, panel, participants) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
             $20)",
        )
        .bind(c.id.to_string())
        .bind(c.court_id.to_string())
        .bind(c.case_number.clone())
        .bind(c.filing_id.to_string())
        .bind(c.filer_id.to_string())
        .bind(c.category.as_str())
        .bind(c.cause.clone())
        .bind(c.procedure.as_str())
        .bind(to_json(&c.parties)?)
        .bind(to_json(&c.claims)?)
        .bind(c.status.as_str())
        .bind(date_text(c.docketed_on))
        .bind(c.division_id.map(|d| d.to_string()))
        .bind(c.judge_id.map(|j| j.to_string()))
        .bind(c.assignment_reason.clone())
        .bind(c.closure_mode.map(|m| m.as_str()))
        .bind(c.closed_on.map(date_text))
        .bind(c.fee_overdue)
        .bind(to_json(&c.panel)?)
        .bind(to_json(&c.participants)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        self.index_participants(c).await
    }

    async fn update_case(&mut self, c: &Case) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE cases SET cause = $2, procedure = $3, parties = $4, claims = $5, status = $6, \
                 division_id = $7, judge_id = $8, assignment_reason = $9, closure_mode = $10, \
                 closed_on = $11, fee_overdue = $12, panel = $13, participants = $14 WHERE id = $1",
            )
            .bind(c.id.to_string())
            .bind(c.cause.clone())
            .bind(c.procedure.as_str())
            .bind(to_json(&c.parties)?)
            .bind(to_json(&c.claims)?)
            .bind(c.status.as_str())
            .bind(c.division_id.map(|d| d.to_string()))
            .bind(c.judge_id.map(|j| j.to_string()))
            .bind(c.assignment_reason.clone())
            .bind(c.closure_mode.map(|m| m.as_str()))
            .bind(c.closed_on.map(date_text))
            .bind(c.fee_overdue)
            .bind(to_json(&c.panel)?)
            .bind(to_json(&c.participants)?)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )?;
        self.index_participants(c).await
    }

    async fn case(&mut self, id: CaseId) -> Result<Option<Case>, DomainError> {
        let row = sqlx::query(select_cases!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(case_from_row).transpose()
    }

    async fn cases_of_litigant(&mut self, filer: AccountId) -> Result<Vec<Case>, DomainError> {
        let rows = sqlx::query(select_cases!(
            "WHERE filer_id = $1 OR id IN (SELECT case_id FROM case_participants WHERE account_id = \
             $1) ORDER BY docketed_on DESC, case_number"
        ))
        .bind(filer.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(case_from_row).collect()
    }

    async fn cases_of_judge(
        &mut self,
        judge: AccountId,
        status: Option<CaseStatus>,
    ) -> Result<Vec<Case>, DomainError> {
        let rows = sqlx::query(select_cases!(
            "WHERE judge_id = $1 AND ($2 IS NULL OR status = $2) ORDER BY docketed_on, case_number"
        ))
        .bind(judge.to_string())
        .bind(status.map(|s| s.as_str()))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(case_from_row).collect()
    }

    async fn cases_of_court(
        &mut self,
        court: CourtId,
        status: Option<CaseStatus>,
    ) -> Result<Vec<Case>, DomainError> {
        let rows = sqlx::query(select_cases!(
            "WHERE court_id = $1 AND ($2 IS NULL OR status = $2) ORDER BY docketed_on, case_number"
        ))
        .bind(court.to_string())
        .bind(status.map(|s| s.as_str()))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(case_from_row).collect()
    }

    async fn insert_extension(&mut self, request: &ExtensionRequest) -> Result<(), DomainError> {
        self.write_extension(
            "INSERT INTO extension_requests (id, case_id, length_months, length_days, reason, \
             requested_by, requested_on, status, decided_by, decided_on, decision_note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            request,
        )
        .await
        .map(|_| ())
    }

    async fn update_extension(&mut self, request: &ExtensionRequest) -> Result<(), DomainError> {
        let n = self
            .write_extension(
                "UPDATE extension_requests SET case_id = $2, length_months = $3, length_days = $4, \
                 reason = $5, requested_by = $6, requested_on = $7, status = $8, decided_by = $9, \
                 decided_on = $10, decision_note = $11 WHERE id = $1",
                request,
            )
            .await?;
        if n == 0 {
            return Err(DomainError::NotFound);
        }
        Ok(())
    }

    async fn extension(
        &mut self,
        id: ExtensionId,
    ) -> Result<Option<ExtensionRequest>, DomainError> {
        let row = sqlx::query(select_extensions!("WHERE e.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(extension_from_row).transpose()
    }

    async fn extensions_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<ExtensionRequest>, DomainError> {
        let rows = sqlx::query(select_extensions!(
            "WHERE e.case_id = $1 ORDER BY e.requested_on, e.id"
        ))
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn extensions_in_status(
        &mut self,
        court: CourtId,
        status: ExtensionStatus,
    ) -> Result<Vec<ExtensionRequest>, DomainError> {
        let rows = sqlx::query(select_extensions!(
            "JOIN cases c ON c.id = e.case_id WHERE c.court_id = $1 AND e.status = $2 ORDER BY e.requested_on, e.id"
        ))
        .bind(court.to_string())
        .bind(status.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn caseload(
        &mut self,
        court: Option<CourtId>,
        from: time::Date,
        to_exclusive: time::Date,
    ) -> Result<Vec<CaseloadRow>, DomainError> {
        // Dates are `YYYY-MM-DD` text: the month is its first seven characters, the day its
        // last two, and text order is date order.
        let rows = sqlx::query(
            "SELECT court_id, category, substr(docketed_on, 1, 7) AS docketed_month, \
             substr(closed_on, 1, 7) AS closed_month, closure_mode, COUNT(*) AS cases, \
             SUM(CAST(substr(docketed_on, 9, 2) AS INTEGER)) AS docketed_days, \
             SUM(CAST(substr(closed_on, 9, 2) AS INTEGER)) AS closed_days FROM cases \
             WHERE ($1 IS NULL OR court_id = $1) AND ((docketed_on >= $2 AND docketed_on < $3) \
             OR (closed_on >= $2 AND closed_on < $3)) GROUP BY court_id, category, \
             substr(docketed_on, 1, 7), substr(closed_on, 1, 7), closure_mode",
        )
        .bind(court.map(|c| c.to_string()))
        .bind(date_text(from))
        .bind(date_text(to_exclusive))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(caseload_from_row).collect()
    }

    async fn insert_suspension(&mut self, x: &CaseSuspension) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO case_suspensions (id, case_id, reason, from_date, to_date, note, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(x.id.to_string())
        .bind(x.case_id.to_string())
        .bind(x.reason.as_str())
        .bind(date_text(x.from))
        .bind(x.to.map(date_text))
        .bind(x.note.clone())
        .bind(x.recorded_by.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn end_suspension(
        &mut self,
        id: SuspensionId,
        to: time::Date,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE case_suspensions SET to_date = $1 WHERE id = $2")
                .bind(date_text(to))
                .bind(id.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }

    async fn suspensions_of_case(
        &mut self,
        case: CaseId,
    ) -> Result<Vec<CaseSuspension>, DomainError> {
        let rows = sqlx::query(
            "SELECT id, case_id, reason, from_date, to_date, note, recorded_by FROM case_suspensions \
             WHERE case_id = $1 ORDER BY from_date, id",
        )
        .bind(case.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(CaseSuspension {
                    id: parse_id(&col::<String>(r, "id")?)?,
                    case_id: parse_id(&col::<String>(r, "case_id")?)?,
                    reason: parse_enum(&col::<String>(r, "reason")?, SuspensionReason::parse)?,
                    from: parse_date(&col::<String>(r, "from_date")?)?,
                    to: col::<Option<String>>(r, "to_date")?
                        .map(|d| parse_date(&d))
                        .transpose()?,
                    note: col(r, "note")?,
                    recorded_by: parse_id(&col::<String>(r, "recorded_by")?)?,
                })
            })
            .collect()
    }
}
