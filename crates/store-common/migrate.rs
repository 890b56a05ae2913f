//! A minimal migrator: numbered SQL files embedded in the binary, applied in order inside one
//! transaction each, recorded in `schema_migrations`. (sqlx's own migrator needs its macros,
//! which would compile the database drivers a second time — DEPENDENCIES.md.)

use fayuan_domain::DomainError;
use sqlx::Pool;

use super::{col, db};
use crate::Db;
use crate::dialect;

/// One embedded migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Version, the file's number; identical in both backends.
    pub version: i64,
    /// Name, the file's name without number; identical in both backends.
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Applies pending migrations; returns the versions applied.
pub async fn run(pool: &Pool<Db>) -> Result<Vec<i64>, DomainError> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .map_err(db)?;
    let mut applied_now = Vec::new();
    for migration in dialect::MIGRATIONS {
        let mut tx = pool.begin_with(dialect::BEGIN_WRITE).await.map_err(db)?;
        if let Some(lock) = dialect::MIGRATION_LOCK {
            sqlx::query(lock).execute(&mut *tx).await.map_err(db)?;
        }
        let row = sqlx::query("SELECT name FROM schema_migrations WHERE version = $1")
            .bind(migration.version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if let Some(row) = row {
            let name: String = col(&row, "name")?;
            if name != migration.name {
                return Err(DomainError::Storage(format!(
                    "migration {} is '{name}' in the database but '{}' in this build",
                    migration.version, migration.name
                )));
            }
            continue;
        }
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
            .bind(migration.version)
            .bind(migration.name)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        applied_now.push(migration.version);
    }
    Ok(applied_now)
}
