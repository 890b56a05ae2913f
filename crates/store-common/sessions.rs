//! `SessionRepo` over SQL.

use async_trait::async_trait;
use fayuan_core::id::{AccountId, SessionId};
use fayuan_domain::DomainError;
use fayuan_domain::store::{Session, SessionRepo};

use super::{SqlTx, col, db, parse_id};

#[async_trait]
impl SessionRepo for SqlTx {
    async fn insert_session(&mut self, s: &Session) -> Result<(), DomainError> {
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, account_id, kind, csrf_token, created_at_us, \
             expires_at_us, client_addr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s.id.to_string())
        .bind(s.token_hash.clone())
        .bind(s.account_id.to_string())
        .bind(s.kind.clone())
        .bind(s.csrf_token.clone())
        .bind(s.created_at_us)
        .bind(s.expires_at_us)
        .bind(s.client_addr.clone())
        .execute(&mut *self.tx)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn session_by_token_hash(&mut self, hash: &str) -> Result<Option<Session>, DomainError> {
        let row = sqlx::query(
            "SELECT id, token_hash, account_id, kind, csrf_token, created_at_us, expires_at_us, \
             client_addr FROM sessions WHERE token_hash = $1",
        )
        .bind(hash.to_string())
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(db)?;
        row.map(|row| {
            Ok(Session {
                id: parse_id(&col::<String>(&row, "id")?)?,
                token_hash: col(&row, "token_hash")?,
                account_id: parse_id(&col::<String>(&row, "account_id")?)?,
                kind: col(&row, "kind")?,
                csrf_token: col(&row, "csrf_token")?,
                created_at_us: col(&row, "created_at_us")?,
                expires_at_us: col(&row, "expires_at_us")?,
                client_addr: col(&row, "client_addr")?,
            })
        })
        .transpose()
    }

    async fn delete_session(&mut self, id: SessionId) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete_sessions_of(&mut self, account: AccountId) -> Result<(), DomainError> {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account.to_string())
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete_expired_sessions(&mut self, now_us: i64) -> Result<u64, DomainError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at_us < $1")
            .bind(now_us)
            .execute(&mut *self.tx)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}
