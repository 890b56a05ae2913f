//! SQLite implementation of the fayuan store traits: the embedded database a small court runs on
//! one machine. WAL journal, `synchronous=FULL` (an acknowledged write survives power loss),
//! foreign keys on, a busy timeout, and `BEGIN IMMEDIATE` for every transaction so writers queue
//! instead of failing on lock upgrades.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use fayuan_domain::DomainError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};

#[path = "../../store-common/mod.rs"]
mod common;

pub use common::{Migration, SqlStore};

/// The sqlx database type the shared store code is compiled against.
type Db = sqlx::Sqlite;

/// What differs between SQLite and PostgreSQL.
mod dialect {
    use super::common::Migration;
    use fayuan_domain::DomainError;

    /// Backend name.
    pub const BACKEND: &str = "sqlite";
    /// Take the write lock at the start so concurrent writers queue (busy timeout) instead of
    /// deadlocking on a read-to-write upgrade.
    pub const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
    /// SQLite has one writer at a time: transactions queue in the process (see `SqlStore`).
    pub const SINGLE_WRITER: bool = true;
    /// Reads a mediation to change it; `BEGIN IMMEDIATE` already holds the write lock.
    pub const LOCK_MEDIATION: &str = "SELECT body FROM mediations WHERE id = $1";
    /// Reads a sitting to change it; `BEGIN IMMEDIATE` already holds the write lock.
    pub const LOCK_HEARING: &str = "SELECT body FROM hearing_sessions WHERE id = $1";
    /// Reads a transcript to change it; `BEGIN IMMEDIATE` already holds the write lock.
    pub const LOCK_TRANSCRIPT: &str = "SELECT body FROM hearing_transcripts WHERE hearing_id = $1";
    /// Reads a recording to append to it; `BEGIN IMMEDIATE` already holds the write lock.
    pub const LOCK_RECORDING: &str = "SELECT id, mediation_id, hearing_id, started_by, started_at_us, \
         bytes, updated_at_us, status, material_id, finished_at_us FROM recordings WHERE id = $1";
    /// The write lock taken by `BEGIN IMMEDIATE` already serialises migrators.
    pub const MIGRATION_LOCK: Option<&str> = None;
    /// Reads the audit head; `BEGIN IMMEDIATE` already holds the database write lock.
    pub const LOCK_AUDIT_HEAD: &str = "SELECT head_seq, head_hash FROM audit_chain WHERE id = 1";

    /// Inserts ledger leaves given as one JSON array of objects (one statement per batch).
    pub const INSERT_LEAVES: &str = "INSERT INTO ledger_leaves (idx, kind, subject, content_sha256, entry, leaf_hash, \
         created_at_us) SELECT value ->> '$.index', value ->> '$.kind', value ->> '$.subject', \
         value ->> '$.content_sha256', value ->> '$.entry', value ->> '$.leaf_hash', \
         value ->> '$.created_at_us' FROM json_each($1)";
    /// Inserts ledger subtree hashes given as one JSON array of `[level, index, hash]`.
    pub const INSERT_NODES: &str = "INSERT INTO ledger_nodes (level, idx, hash) SELECT value ->> 0, value ->> 1, value ->> 2 \
         FROM json_each($1) WHERE true ON CONFLICT (level, idx) DO NOTHING";
    /// The migrations, same versions and names as the PostgreSQL backend.
    pub const MIGRATIONS: &[Migration] = &[
        Migration {
            version: 1,
            name: "foundation",
            sql: include_str!("../migrations/0001_foundation.sql"),
        },
        Migration {
            version: 2,
            name: "filing_docket_fees",
            sql: include_str!("../migrations/0002_filing_docket_fees.sql"),
        },
        Migration {
            version: 3,
            name: "dossier_evidence",
            sql: include_str!("../migrations/0003_dossier_evidence.sql"),
        },
        Migration {
            version: 4,
            name: "ledger",
            sql: include_str!("../migrations/0004_ledger.sql"),
        },
        Migration {
            version: 5,
            name: "delivery",
            sql: include_str!("../migrations/0005_delivery.sql"),
        },
        Migration {
            version: 6,
            name: "filing_delivery",
            sql: include_str!("../migrations/0006_filing_delivery.sql"),
        },
        Migration {
            version: 7,
            name: "publication",
            sql: include_str!("../migrations/0007_publication.sql"),
        },
        Migration {
            version: 8,
            name: "mediation",
            sql: include_str!("../migrations/0008_mediation.sql"),
        },
        Migration {
            version: 9,
            name: "hearing",
            sql: include_str!("../migrations/0009_hearing.sql"),
        },
        Migration {
            version: 10,
            name: "process_codes",
            sql: include_str!("../migrations/0010_process_codes.sql"),
        },
        Migration {
            version: 11,
            name: "caseload_index",
            sql: include_str!("../migrations/0011_caseload_index.sql"),
        },
        Migration {
            version: 12,
            name: "publication_corrections",
            sql: include_str!("../migrations/0012_publication_corrections.sql"),
        },
        Migration {
            version: 13,
            name: "incidents",
            sql: include_str!("../migrations/0013_incidents.sql"),
        },
    ];

    /// Maps a driver error: unique violations become `Conflict` naming the column.
    pub fn map_err(e: sqlx::Error) -> DomainError {
        if let sqlx::Error::Database(dbe) = &e {
            let msg = dbe.message();
            // "UNIQUE constraint failed: accounts.phone"
            if let Some(cols) = msg.strip_prefix("UNIQUE constraint failed: ") {
                let what = cols
                    .split(", ")
                    .map(|c| c.rsplit('.').next().unwrap_or(c))
                    .collect::<Vec<_>>()
                    .join(",");
                return DomainError::Conflict { what };
            }
        }
        DomainError::Storage(e.to_string())
    }
}

/// Opens (creating if missing) the SQLite database at `url` (`sqlite://path` or `sqlite::memory:`).
pub async fn connect(url: &str) -> Result<SqlStore, DomainError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| DomainError::Storage(format!("bad SQLite URL: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(30));
    let in_memory = url.contains(":memory:");
    let pool = SqlitePoolOptions::new()
        // An in-memory database exists per connection: keep exactly one.
        .max_connections(if in_memory { 1 } else { 8 })
        .connect_with(options)
        .await
        .map_err(dialect::map_err)?;
    Ok(SqlStore::from_pool(pool))
}

/// Writes a consistent snapshot of the database at `url` to the new file `target` with
/// `VACUUM INTO`, on a connection of its own: it reads inside one transaction, so it is safe
/// while a server writes (WAL lets writers go on), and the copy is compact and holds no WAL.
/// The path is bound as a parameter (SQLite takes any string expression there), so no quoting
/// is involved; it must be valid UTF-8 and must not exist yet (SQLite refuses an existing
/// non-empty file). The database must exist: nothing is created at `url`.
pub async fn backup_into(url: &str, target: &Path) -> Result<(), DomainError> {
    let target = target.to_str().ok_or_else(|| {
        DomainError::Storage(format!("backup path is not UTF-8: {}", target.display()))
    })?;
    let mut connection = SqliteConnectOptions::from_str(url)
        .map_err(|e| DomainError::Storage(format!("bad SQLite URL: {e}")))?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .map_err(dialect::map_err)?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut connection)
        .await
        .map_err(dialect::map_err)?;
    connection.close().await.map_err(dialect::map_err)
}
