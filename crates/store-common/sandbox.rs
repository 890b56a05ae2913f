//! `SandboxRepo` over SQL.

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::store::{SandboxRepo, SmsRecord};

use super::{SqlTx, col, db};

#[async_trait]
impl SandboxRepo for SqlTx {
    async fn sandbox_identity(&mut self, number: &str) -> Result<Option<String>, DomainError> {
        let row = sqlx::query("SELECT name FROM sandbox_identities WHERE number = $1")
            .bind(number.to_string())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(db)?;
        row.map(|r| col(&r, "name")).transpose()
    }

    async fn put_sandbox_identity(&mut self, number: &str, name: &str) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO sandbox_identities (number, name) VALUES ($1, $2) \
             ON CONFLICT (number) DO UPDATE SET name = excluded.name",
        )
        .bind(number.to_string())
        .bind(name.to_string())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn insert_sms(&mut self, sms: &SmsRecord) -> Result<(), DomainError> {
        sqlx::query("INSERT INTO sandbox_sms (phone, text, at_us) VALUES ($1, $2, $3)")
            .bind(sms.phone.clone())
            .bind(sms.text.clone())
            .bind(sms.at_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn list_sms(&mut self, limit: i64) -> Result<Vec<SmsRecord>, DomainError> {
        let rows =
            sqlx::query("SELECT phone, text, at_us FROM sandbox_sms ORDER BY seq DESC LIMIT $1")
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(SmsRecord {
                    phone: col(r, "phone")?,
                    text: col(r, "text")?,
                    at_us: col(r, "at_us")?,
                })
            })
            .collect()
    }
}
