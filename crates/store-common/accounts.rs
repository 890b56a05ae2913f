//! `AccountRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::clock::{from_micros, to_micros};
use fayuan_core::id::{AccountId, CourtId};
use fayuan_domain::DomainError;
use fayuan_domain::accounts::{Account, AccountKind, AccountStatus, Role, Verification};
use fayuan_domain::store::{AccountRepo, OneTimeCode};

use super::{SqlTx, col, db, one_row, parse_enum, parse_id};
use crate::Db;

/// `SELECT <account columns> FROM accounts` followed by the given clause, as one static string.
macro_rules! select_accounts {
    ($clause:literal) => {
        concat!(
            "SELECT id, kind, name, username, phone, email, id_number, uscc, \
             legal_representative, licence_number, law_firm, password_hash, totp_secret, \
             totp_last_step, verification, verification_note, status, court_id, division_id, \
             created_at_us FROM accounts ",
            $clause
        )
    };
}

impl SqlTx {
    async fn roles_of(&mut self, id: AccountId) -> Result<Vec<Role>, DomainError> {
        let rows =
            sqlx::query("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
                .bind(id.to_string())
                .fetch_all(&mut *self.tx)
                .await
                .map_err(db)?;
        rows.iter()
            .map(|r| parse_enum(&col::<String>(r, "role")?, Role::parse))
            .collect()
    }

    async fn account_from_row(
        &mut self,
        row: &<Db as sqlx::Database>::Row,
    ) -> Result<Account, DomainError> {
        let id: AccountId = parse_id(&col::<String>(row, "id")?)?;
        let totp_secret = col::<Option<String>>(row, "totp_secret")?
            .map(|h| {
                hex::decode(h).map_err(|_| DomainError::Storage("malformed totp secret".into()))
            })
            .transpose()?;
        let court_id = col::<Option<String>>(row, "court_id")?
            .map(|s| parse_id(&s))
            .transpose()?;
        let division_id = col::<Option<String>>(row, "division_id")?
            .map(|s| parse_id(&s))
            .transpose()?;
        Ok(Account {
            id,
            kind: parse_enum(&col::<String>(row, "kind")?, AccountKind::parse)?,
            name: col(row, "name")?,
            username: col(row, "username")?,
            phone: col(row, "phone")?,
            email: col(row, "email")?,
            id_number: col(row, "id_number")?,
            uscc: col(row, "uscc")?,
            legal_representative: col(row, "legal_representative")?,
            licence_number: col(row, "licence_number")?,
            law_firm: col(row, "law_firm")?,
            password_hash: col(row, "password_hash")?,
            totp_secret,
            totp_last_step: col(row, "totp_last_step")?,
            verification: parse_enum(&col::<String>(row, "verification")?, Verification::parse)?,
            verification_note: col(row, "verification_note")?,
            status: parse_enum(&col::<String>(row, "status")?, AccountStatus::parse)?,
            court_id,
            division_id,
            roles: self.roles_of(id).await?,
            created_at: from_micros(col(row, "created_at_us")?),
        })
    }

    async fn insert_roles(&mut self, id: AccountId, roles: &[Role]) -> Result<(), DomainError> {
        for role in roles {
            sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
                .bind(id.to_string())
                .bind(role.as_str())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?;
        }
        Ok(())
    }

    async fn update_account(
        &mut self,
        sql: &'static str,
        id: AccountId,
        value: Option<String>,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query(sql)
                .bind(value)
                .bind(id.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }
}

#[async_trait]
impl AccountRepo for SqlTx {
    async fn insert_account(&mut self, a: &Account) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO accounts (id, kind, name, username, phone, email, id_number, uscc, \
             legal_representative, licence_number, law_firm, password_hash, totp_secret, \
             totp_last_step, verification, verification_note, status, court_id, division_id, \
             created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, $16, $17, $18, $19, $20)",
        )
        .bind(a.id.to_string())
        .bind(a.kind.as_str())
        .bind(a.name.clone())
        .bind(a.username.clone())
        .bind(a.phone.clone())
        .bind(a.email.clone())
        .bind(a.id_number.clone())
        .bind(a.uscc.clone())
        .bind(a.legal_representative.clone())
        .bind(a.licence_number.clone())
        .bind(a.law_firm.clone())
        .bind(a.password_hash.clone())
        .bind(a.totp_secret.as_ref().map(hex::encode))
        .bind(a.totp_last_step)
        .bind(a.verification.as_str())
        .bind(a.verification_note.clone())
        .bind(a.status.as_str())
        .bind(a.court_id.map(|c| c.to_string()))
        .bind(a.division_id.map(|d| d.to_string()))
        .bind(to_micros(a.created_at))
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        self.insert_roles(a.id, &a.roles).await
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, DomainError> {
        let row = sqlx::query(select_accounts!("WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        match row {
            Some(row) => Ok(Some(self.account_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    async fn account_by_login(&mut self, login: &str) -> Result<Option<Account>, DomainError> {
        let row = sqlx::query(select_accounts!(
            "WHERE username = $1 OR phone = $1 OR email = $1 OR id_number = $1 OR uscc = $1 LIMIT 1"
        ))
        .bind(login.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        match row {
            Some(row) => Ok(Some(self.account_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    async fn list_staff(&mut self, court: Option<CourtId>) -> Result<Vec<Account>, DomainError> {
        let rows = sqlx::query(select_accounts!(
            "WHERE kind = 'staff' AND ($1 IS NULL OR court_id = $1) ORDER BY username"
        ))
        .bind(court.map(|c| c.to_string()))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.account_from_row(row).await?);
        }
        Ok(out)
    }

    async fn set_password_hash(&mut self, id: AccountId, hash: &str) -> Result<(), DomainError> {
        self.update_account(
            "UPDATE accounts SET password_hash = $1 WHERE id = $2",
            id,
            Some(hash.to_string()),
        )
        .await
    }

    async fn set_status(
        &mut self,
        id: AccountId,
        status: AccountStatus,
    ) -> Result<(), DomainError> {
        self.update_account(
            "UPDATE accounts SET status = $1 WHERE id = $2",
            id,
            Some(status.as_str().to_string()),
        )
        .await
    }

    async fn set_roles(&mut self, id: AccountId, roles: &[Role]) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM account_roles WHERE account_id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        self.insert_roles(id, roles).await
    }

    async fn set_verification(
        &mut self,
        id: AccountId,
        verification: Verification,
        note: &str,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE accounts SET verification = $1, verification_note = $2 WHERE id = $3",
            )
            .bind(verification.as_str())
            .bind(note.to_string())
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn set_totp_secret(
        &mut self,
        id: AccountId,
        secret: Option<&[u8]>,
    ) -> Result<(), DomainError> {
        one_row(
            sqlx::query(
                "UPDATE accounts SET totp_secret = $1, totp_last_step = NULL WHERE id = $2",
            )
            .bind(secret.map(hex::encode))
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?,
        )
    }

    async fn set_totp_last_step(&mut self, id: AccountId, step: i64) -> Result<(), DomainError> {
        one_row(
            sqlx::query("UPDATE accounts SET totp_last_step = $1 WHERE id = $2")
                .bind(step)
                .bind(id.to_string())
                .execute(&mut *self.tx)
                .await
                .map_err(db)?,
        )
    }

    async fn record_login_failure(
        &mut self,
        login_key: &str,
        at_us: i64,
    ) -> Result<(), DomainError> {
        sqlx::query("INSERT INTO login_failures (login_key, at_us) VALUES ($1, $2)")
            .bind(login_key.to_string())
            .bind(at_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn login_failures_since(
        &mut self,
        login_key: &str,
        since_us: i64,
    ) -> Result<(i64, Option<i64>), DomainError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(at_us) AS latest FROM login_failures \
             WHERE login_key = $1 AND at_us >= $2",
        )
        .bind(login_key.to_string())
        .bind(since_us)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok((col(&row, "n")?, col(&row, "latest")?))
    }

    async fn prune_login_failures(&mut self, before_us: i64) -> Result<u64, DomainError> {
        let done = sqlx::query("DELETE FROM login_failures WHERE at_us < $1")
            .bind(before_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn clear_login_failures(&mut self, login_key: &str) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM login_failures WHERE login_key = $1")
            .bind(login_key.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn put_one_time_code(&mut self, code: &OneTimeCode) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO one_time_codes (account_id, purpose, code_hash, expires_at_us, attempts) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, purpose) DO UPDATE SET \
             code_hash = excluded.code_hash, expires_at_us = excluded.expires_at_us, attempts = excluded.attempts",
        )
        .bind(code.account_id.to_string())
        .bind(code.purpose.clone())
        .bind(code.code_hash.clone())
        .bind(code.expires_at_us)
        .bind(code.attempts)
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<Option<OneTimeCode>, DomainError> {
        let row = sqlx::query(
            "SELECT code_hash, expires_at_us, attempts FROM one_time_codes \
             WHERE account_id = $1 AND purpose = $2",
        )
        .bind(account.to_string())
        .bind(purpose.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.map(|row| {
            Ok(OneTimeCode {
                account_id: account,
                purpose: purpose.to_string(),
                code_hash: col(&row, "code_hash")?,
                expires_at_us: col(&row, "expires_at_us")?,
                attempts: col(&row, "attempts")?,
            })
        })
        .transpose()
    }

    async fn bump_one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<(), DomainError> {
        sqlx::query("UPDATE one_time_codes SET attempts = attempts + 1 WHERE account_id = $1 AND purpose = $2")
            .bind(account.to_string())
            .bind(purpose.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete_one_time_code(
        &mut self,
        account: AccountId,
        purpose: &str,
    ) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM one_time_codes WHERE account_id = $1 AND purpose = $2")
            .bind(account.to_string())
            .bind(purpose.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }
}
