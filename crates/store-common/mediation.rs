//! `MediationRepo` over SQL: the roster, mediations (state as JSON, found by their columns),
//! their append-only messages and their settlements.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, CaseId, CourtId, FilingId, MediationId, OrganisationId};
use fayuan_domain::DomainError;
use fayuan_domain::mediation::roster::{Mediator, Organisation, OrganisationKind, RosterStatus};
use fayuan_domain::mediation::settlement::Settlement;
use fayuan_domain::mediation::{Mediation, MediationStatus, Message, Thread};
use fayuan_domain::store::MediationRepo;

use super::{SqlTx, col, db, from_json, one_row, parse_enum, parse_id, to_json};
use crate::{Db, dialect};

type Row = <Db as sqlx::Database>::Row;

/// `SELECT <organisation columns> FROM mediation_organisations` followed by the given clause.
macro_rules! select_organisations {
    ($clause:literal) => {
        concat!(
            "SELECT id, court_id, name, kind, scope, region, charges_fee, active, created_at_us \
             FROM mediation_organisations ",
            $clause
        )
    };
}

fn organisation_from_row(row: &Row) -> Result<Organisation, DomainError> {
    Ok(Organisation {
        id: parse_id(&col::<String>(row, "id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        name: col(row, "name")?,
        kind: parse_enum(&col::<String>(row, "kind")?, OrganisationKind::parse)?,
        scope: col(row, "scope")?,
        region: col(row, "region")?,
        charges_fee: col(row, "charges_fee")?,
        active: col(row, "active")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

/// `SELECT <mediator columns> FROM mediators` followed by the given clause.
macro_rules! select_mediators {
    ($clause:literal) => {
        concat!(
            "SELECT court_id, account_id, organisation_id, status, manages_organisation, profile, \
             status_reason, created_at_us FROM mediators ",
            $clause
        )
    };
}

/// `SELECT body FROM mediations WHERE <condition>`, newest first.
macro_rules! select_mediations {
    ($condition:literal) => {
        concat!(
            "SELECT body FROM mediations WHERE ",
            $condition,
            " ORDER BY created_at_us DESC"
        )
    };
}

fn mediator_from_row(row: &Row) -> Result<Mediator, DomainError> {
    Ok(Mediator {
        account_id: parse_id(&col::<String>(row, "account_id")?)?,
        court_id: parse_id(&col::<String>(row, "court_id")?)?,
        organisation_id: col::<Option<String>>(row, "organisation_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        status: parse_enum(&col::<String>(row, "status")?, RosterStatus::parse)?,
        manages_organisation: col(row, "manages_organisation")?,
        profile: from_json(&col::<String>(row, "profile")?)?,
        status_reason: col(row, "status_reason")?,
        created_at_us: col(row, "created_at_us")?,
    })
}

fn mediation_from_row(row: &Row) -> Result<Mediation, DomainError> {
    from_json(&col::<String>(row, "body")?)
}

fn message_from_row(row: &Row) -> Result<Message, DomainError> {
    Ok(Message {
        id: parse_id(&col::<String>(row, "id")?)?,
        mediation_id: parse_id(&col::<String>(row, "mediation_id")?)?,
        seq: col(row, "seq")?,
        thread: parse_enum(&col::<String>(row, "thread")?, Thread::parse)?,
        author_id: parse_id(&col::<String>(row, "author_id")?)?,
        author: col(row, "author")?,
        body: col(row, "body")?,
        sent_at_us: col(row, "sent_at_us")?,
    })
}

impl SqlTx {
    /// The mediations found by a query taking one text parameter.
    async fn mediations_by(
        &mut self,
        sql: &'static str,
        value: String,
    ) -> Result<Vec<Mediation>, DomainError> {
        let rows = sqlx::query(sql)
            .bind(value)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db)?;
        rows.iter().map(mediation_from_row).collect()
    }

    /// Rewrites who acts in a mediation (its parties' accounts and its mediator).
    async fn put_members(&mut self, m: &Mediation) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM mediation_members WHERE mediation_id = $1")
            .bind(m.id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        let mut accounts = m.party_accounts();
        if let Some(mediator) = m.mediator_id
            && !accounts.contains(&mediator)
        {
            accounts.push(mediator);
        }
        for account in accounts {
            sqlx::query("INSERT INTO mediation_members (mediation_id, account_id) VALUES ($1, $2)")
                .bind(m.id.to_string())
                .bind(account.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?;
        }
        Ok(())
    }
}

#[async_trait]
impl MediationRepo for SqlTx {
    async fn insert_organisation(&mut self, o: &Organisation) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO mediation_organisations (id, court_id, name, kind, scope, region, \
             charges_fee, active, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(o.id.to_string())
        .bind(o.court_id.to_string())
        .bind(o.name.clone())
        .bind(o.kind.as_str())
        .bind(o.scope.clone())
        .bind(o.region.clone())
        .bind(o.charges_fee)
        .bind(o.active)
        .bind(o.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn update_organisation(&mut self, o: &Organisation) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE mediation_organisations SET name = $2, kind = $3, scope = $4, region = $5, \
                 charges_fee = $6, active = $7 WHERE id = $1",
            )
            .bind(o.id.to_string())
            .bind(o.name.clone())
            .bind(o.kind.as_str())
            .bind(o.scope.clone())
            .bind(o.region.clone())
            .bind(o.charges_fee)
            .bind(o.active)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn organisation(
        &mut self,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, DomainError> {
        let row = sqlx::query(select_organisations!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(organisation_from_row).transpose()
    }

    async fn organisations(
        &mut self,
        court: Option<CourtId>,
    ) -> Result<Vec<Organisation>, DomainError> {
        let rows = match court {
            Some(court) => {
                sqlx::query(select_organisations!("WHERE court_id = $1 ORDER BY name"))
                    .bind(court.to_string())
                    .fetch_all(&mut *self.tx)
                    .await
            }
            None => {
                sqlx::query(select_organisations!("ORDER BY name"))
                    .fetch_all(&mut *self.tx)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter().map(organisation_from_row).collect()
    }

    async fn put_mediator(&mut self, m: &Mediator) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO mediators (court_id, account_id, organisation_id, status, \
             manages_organisation, profile, status_reason, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (court_id, account_id) DO UPDATE SET organisation_id = $3, status = $4, \
             manages_organisation = $5, profile = $6, status_reason = $7",
        )
        .bind(m.court_id.to_string())
        .bind(m.account_id.to_string())
        .bind(m.organisation_id.map(|o| o.to_string()))
        .bind(m.status.as_str())
        .bind(m.manages_organisation)
        .bind(to_json(&m.profile)?)
        .bind(m.status_reason.clone())
        .bind(m.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn mediator(
        &mut self,
        court: CourtId,
        account: AccountId,
    ) -> Result<Option<Mediator>, DomainError> {
        let row = sqlx::query(select_mediators!("WHERE court_id = $1 AND account_id = $2"))
            .bind(court.to_string())
            .bind(account.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(mediator_from_row).transpose()
    }

    async fn mediators(&mut self, court: Option<CourtId>) -> Result<Vec<Mediator>, DomainError> {
        let rows = match court {
            Some(court) => {
                sqlx::query(select_mediators!(
                    "WHERE court_id = $1 ORDER BY created_at_us"
                ))
                .bind(court.to_string())
                .fetch_all(&mut *self.tx)
                .await
            }
            None => {
                sqlx::query(select_mediators!("ORDER BY created_at_us"))
                    .fetch_all(&mut *self.tx)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter().map(mediator_from_row).collect()
    }

    async fn roster_entries(&mut self, account: AccountId) -> Result<Vec<Mediator>, DomainError> {
        let rows = sqlx::query(select_mediators!(
            "WHERE account_id = $1 ORDER BY created_at_us"
        ))
        .bind(account.to_string())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(mediator_from_row).collect()
    }

    async fn insert_mediation(&mut self, m: &Mediation) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO mediations (id, court_id, number, kind, status, filing_id, case_id, \
             confirmation_filing_id, mediator_id, body, message_count, created_at_us) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)",
        )
        .bind(m.id.to_string())
        .bind(m.court_id.to_string())
        .bind(m.number.clone())
        .bind(m.kind.as_str())
        .bind(m.status.as_str())
        .bind(m.filing_id.map(|f| f.to_string()))
        .bind(m.case_id.map(|c| c.to_string()))
        .bind(m.confirmation.filing_id.map(|f| f.to_string()))
        .bind(m.mediator_id.map(|a| a.to_string()))
        .bind(to_json(m)?)
        .bind(m.created_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        self.put_members(m).await
    }

    async fn update_mediation(&mut self, m: &Mediation) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE mediations SET status = $2, case_id = $3, confirmation_filing_id = $4, \
                 mediator_id = $5, body = $6 WHERE id = $1",
            )
            .bind(m.id.to_string())
            .bind(m.status.as_str())
            .bind(m.case_id.map(|c| c.to_string()))
            .bind(m.confirmation.filing_id.map(|f| f.to_string()))
            .bind(m.mediator_id.map(|a| a.to_string()))
            .bind(to_json(m)?)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )?;
        self.put_members(m).await
    }

    async fn mediation(&mut self, id: MediationId) -> Result<Option<Mediation>, DomainError> {
        let row = sqlx::query(dialect::LOCK_MEDIATION)
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.as_ref().map(mediation_from_row).transpose()
    }

    async fn mediation_of_filing(
        &mut self,
        filing: FilingId,
    ) -> Result<Option<Mediation>, DomainError> {
        Ok(self
            .mediations_by(
                select_mediations!("filing_id = $1 OR confirmation_filing_id = $1"),
                filing.to_string(),
            )
            .await?
            .into_iter()
            .next())
    }

    async fn mediations_of_case(&mut self, case: CaseId) -> Result<Vec<Mediation>, DomainError> {
        self.mediations_by(select_mediations!("case_id = $1"), case.to_string())
            .await
    }

    async fn mediations_of_court(&mut self, court: CourtId) -> Result<Vec<Mediation>, DomainError> {
        self.mediations_by(select_mediations!("court_id = $1"), court.to_string())
            .await
    }

    async fn mediations_of_account(
        &mut self,
        account: AccountId,
    ) -> Result<Vec<Mediation>, DomainError> {
        self.mediations_by(
            select_mediations!(
                "id IN (SELECT mediation_id FROM mediation_members WHERE account_id = $1)"
            ),
            account.to_string(),
        )
        .await
    }

    async fn open_mediations(&mut self) -> Result<Vec<Mediation>, DomainError> {
        let rows = sqlx::query(
            "SELECT body FROM mediations WHERE status IN ($1, $2, $3) ORDER BY created_at_us",
        )
        .bind(MediationStatus::Inviting.as_str())
        .bind(MediationStatus::Assigning.as_str())
        .bind(MediationStatus::InProgress.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(mediation_from_row).collect()
    }

    async fn insert_message(&mut self, m: &Message) -> Result<i64, DomainError> {
        let row = sqlx::query(
            "UPDATE mediations SET message_count = message_count + 1 WHERE id = $1 \
             RETURNING message_count",
        )
        .bind(m.mediation_id.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?
        .ok_or(DomainError::NotFound)?;
        let seq: i64 = col(&row, "message_count")?;
        sqlx::query(
            "INSERT INTO mediation_messages (id, mediation_id, seq, thread, author_id, author, \
             body, sent_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.id.to_string())
        .bind(m.mediation_id.to_string())
        .bind(seq)
        .bind(m.thread.as_str())
        .bind(m.author_id.to_string())
        .bind(m.author.clone())
        .bind(m.body.clone())
        .bind(m.sent_at_us)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(seq)
    }

    async fn messages(
        &mut self,
        mediation: MediationId,
        threads: &[Thread],
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<Message>, DomainError> {
        let names: Vec<&str> = threads.iter().map(|t| t.as_str()).collect();
        // Thread names are a closed set of snake_case words, passed as one JSON array.
        let rows = sqlx::query(
            "SELECT id, mediation_id, seq, thread, author_id, author, body, sent_at_us \
             FROM mediation_messages WHERE mediation_id = $1 AND seq > $2 \
             AND $3 LIKE '%\"' || thread || '\"%' ORDER BY seq LIMIT $4",
        )
        .bind(mediation.to_string())
        .bind(after_seq)
        .bind(to_json(&names)?)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        rows.iter().map(message_from_row).collect()
    }

    async fn put_settlement(&mut self, s: &Settlement) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO mediation_settlements (mediation_id, status, body) VALUES ($1, $2, $3) \
             ON CONFLICT (mediation_id) DO UPDATE SET status = $2, body = $3",
        )
        .bind(s.mediation_id.to_string())
        .bind(s.status.as_str())
        .bind(to_json(s)?)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn settlement(
        &mut self,
        mediation: MediationId,
    ) -> Result<Option<Settlement>, DomainError> {
        let row = sqlx::query("SELECT body FROM mediation_settlements WHERE mediation_id = $1")
            .bind(mediation.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| from_json(&col::<String>(&r, "body")?))
            .transpose()
    }
}
