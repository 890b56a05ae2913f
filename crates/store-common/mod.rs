//! Store implementation shared by both backends (see `crates/store-common/README.md`). The
//! including crate provides `crate::Db` (the sqlx database) and `crate::dialect`.

mod accounts;
mod audit;
mod court;
mod delivery;
mod docket;
mod dossier;
mod evidence;
mod fees;
mod filing;
mod hearing;
mod inbox;
mod jobs;
mod ledger;
mod mediation;
mod migrate;
mod ops;
mod publication;
mod recording;
mod sandbox;
mod sessions;

use std::sync::Arc;

use async_trait::async_trait;
use fayuan_domain::DomainError;
use fayuan_domain::store::{Store, Tx};
use sqlx::{Pool, Transaction};

use crate::Db;
use crate::dialect;

pub use migrate::Migration;

/// A connection pool to one fayuan database.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: Pool<Db>,
    /// Where the backend has a single writer (SQLite), transactions queue here in arrival order
    /// instead of polling the database's busy handler, which sleeps in growing steps and makes
    /// the slowest writers wait seconds under load.
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl SqlStore {
    /// Wraps an open pool.
    pub fn from_pool(pool: Pool<Db>) -> Self {
        let writer = dialect::SINGLE_WRITER.then(|| Arc::new(tokio::sync::Mutex::new(())));
        Self { pool, writer }
    }

    /// The versions and names of the migrations this backend ships.
    pub fn migrations() -> Vec<(i64, &'static str)> {
        dialect::MIGRATIONS
            .iter()
            .map(|m| (m.version, m.name))
            .collect()
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn begin(&self) -> Result<Box<dyn Tx>, DomainError> {
        let writer = match &self.writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let tx = self
            .pool
            .begin_with(dialect::BEGIN_WRITE)
            .await
            .map_err(dialect::map_err)?;
        Ok(Box::new(SqlTx {
            tx,
            _writer: writer,
        }))
    }

    async fn ping(&self) -> Result<(), DomainError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(dialect::map_err)?;
        Ok(())
    }

    async fn migrate(&self) -> Result<Vec<i64>, DomainError> {
        migrate::run(&self.pool).await
    }

    fn backend(&self) -> &'static str {
        dialect::BACKEND
    }
}

/// One open transaction.
pub struct SqlTx {
    tx: Transaction<'static, Db>,
    /// The writer's turn (single-writer backends), held until commit or rollback.
    _writer: Option<tokio::sync::OwnedMutexGuard<()>>,
}

#[async_trait]
impl Tx for SqlTx {
    async fn commit(self: Box<Self>) -> Result<(), DomainError> {
        self.tx.commit().await.map_err(dialect::map_err)
    }
}

/// Maps any sqlx error to the domain error (the one place a driver error is converted).
fn db(e: sqlx::Error) -> DomainError {
    dialect::map_err(e)
}

/// Reads a column, mapping decode errors.
fn col<'r, T>(row: &'r <Db as sqlx::Database>::Row, name: &str) -> Result<T, DomainError>
where
    T: sqlx::Decode<'r, Db> + sqlx::Type<Db>,
{
    sqlx::Row::try_get(row, name).map_err(db)
}

/// Parses a stored typed id.
fn parse_id<T: std::str::FromStr>(text: &str) -> Result<T, DomainError> {
    text.parse()
        .map_err(|_| DomainError::Storage(format!("malformed id in database: {text}")))
}

/// Parses a stored enum name.
fn parse_enum<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, DomainError> {
    parse(text).ok_or_else(|| DomainError::Storage(format!("unknown value in database: {text}")))
}

/// Serialises a value stored as JSON text.
fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DomainError> {
    serde_json::to_string(value).map_err(|e| DomainError::Storage(format!("json: {e}")))
}

/// Reads a value stored as JSON text.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, DomainError> {
    serde_json::from_str(text)
        .map_err(|e| DomainError::Storage(format!("malformed json in database: {e}")))
}

/// A civil date as stored: `YYYY-MM-DD`.
fn date_text(date: time::Date) -> String {
    date.to_string()
}

/// Parses a stored civil date.
fn parse_date(text: &str) -> Result<time::Date, DomainError> {
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| DomainError::Storage(format!("malformed date in database: {text}")))
}

/// The outcome of an UPDATE that must touch exactly one row: `NotFound` when it touched none.
fn one_row(done: <Db as sqlx::Database>::QueryResult) -> Result<(), DomainError> {
    if done.rows_affected() == 0 {
        Err(DomainError::NotFound)
    } else {
        Ok(())
    }
}
