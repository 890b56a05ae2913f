//! PostgreSQL implementation of the fayuan store traits: the database a province runs many
//! stateless `fayuan serve` instances against.

use fayuan_domain::DomainError;
use sqlx::postgres::PgPoolOptions;

#[path = "../../store-common/mod.rs"]
mod common;

pub use common::{Migration, SqlStore};

/// The sqlx database type the shared store code is compiled against.
type Db = sqlx::Postgres;

/// What differs between PostgreSQL and SQLite.
mod dialect {
    use super::common::Migration;
    use fayuan_domain::DomainError;

    /// Backend name.
    pub const BACKEND: &str = "postgres";
    /// Plain `BEGIN` (READ COMMITTED); rows that must be serialised are locked explicitly.
    pub const BEGIN_WRITE: &str = "BEGIN";
    /// PostgreSQL runs writers concurrently; rows that must be serialised are locked.
    pub const SINGLE_WRITER: bool = false;
    /// Reads a mediation to change it, locking its row until the transaction ends.
    pub const LOCK_MEDIATION: &str = "SELECT body FROM mediations WHERE id = $1 FOR UPDATE";
    /// Reads a sitting to change it, locking its row until the transaction ends.
    pub const LOCK_HEARING: &str = "SELECT body FROM hearing_sessions WHERE id = $1 FOR UPDATE";
    /// Reads a transcript to change it, locking its row until the transaction ends.
    pub const LOCK_TRANSCRIPT: &str =
        "SELECT body FROM hearing_transcripts WHERE hearing_id = $1 FOR UPDATE";
    /// Reads a recording to append to it, locking its row until the transaction ends.
    pub const LOCK_RECORDING: &str = "SELECT id, mediation_id, hearing_id, started_by, started_at_us, \
         bytes, updated_at_us, status, material_id, finished_at_us FROM recordings WHERE id = $1 FOR UPDATE";
    /// Serialises concurrent migrators across instances.
    pub const MIGRATION_LOCK: Option<&str> = Some("SELECT pg_advisory_xact_lock(7300130011)");
    /// Locks the audit head for the rest of the transaction so appends never fork the chain.
    pub const LOCK_AUDIT_HEAD: &str =
        "SELECT head_seq, head_hash FROM audit_chain WHERE id = 1 FOR UPDATE";

    /// Inserts ledger leaves given as one JSON array of objects (one statement per batch).
    pub const INSERT_LEAVES: &str = "INSERT INTO ledger_leaves (idx, kind, subject, content_sha256, entry, leaf_hash, \
         created_at_us) SELECT (e ->> 'index')::bigint, e ->> 'kind', e ->> 'subject', \
         e ->> 'content_sha256', e ->> 'entry', e ->> 'leaf_hash', \
         (e ->> 'created_at_us')::bigint FROM jsonb_array_elements($1::jsonb) AS e";
    /// Inserts ledger subtree hashes given as one JSON array of `[level, index, hash]`.
    pub const INSERT_NODES: &str = "INSERT INTO ledger_nodes (level, idx, hash) SELECT (e ->> 0)::int, (e ->> 1)::bigint, \
         e ->> 2 FROM jsonb_array_elements($1::jsonb) AS e ON CONFLICT (level, idx) DO NOTHING";
    /// The migrations, same versions and names as the SQLite backend.
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

    /// Maps a driver error: unique violations (23505) become `Conflict` naming the column.
    pub fn map_err(e: sqlx::Error) -> DomainError {
        if let sqlx::Error::Database(dbe) = &e
            && dbe.code().as_deref() == Some("23505")
        {
            // "accounts_phone_key" → "phone"
            let what = dbe
                .constraint()
                .map(|c| {
                    let c = c.strip_suffix("_key").unwrap_or(c);
                    c.split_once('_').map_or(c, |(_, rest)| rest).to_string()
                })
                .unwrap_or_default();
            return DomainError::Conflict { what };
        }
        DomainError::Storage(e.to_string())
    }
}

/// Connects to the PostgreSQL database at `url` (`postgres://…`).
pub async fn connect(url: &str) -> Result<SqlStore, DomainError> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await
        .map_err(dialect::map_err)?;
    Ok(SqlStore::from_pool(pool))
}

/// Creates a new, empty database next to the one `admin_url` points at and returns its URL. For
/// tests: each test gets a database of its own on the shared test server.
pub async fn create_scratch_database(admin_url: &str) -> Result<String, DomainError> {
    use sqlx::Connection;
    let name = format!("fayuan_test_{}", uuid_like());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .map_err(dialect::map_err)?;
    // The name is generated above from hex digits only, so it is safe to splice.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .map_err(dialect::map_err)?;
    conn.close().await.map_err(dialect::map_err)?;
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let prefix = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    Ok(format!("{prefix}/{name}{query}"))
}

fn uuid_like() -> String {
    fayuan_core::id::RequestId::new().0.simple().to_string()
}
