//! `backup_into`: a snapshot taken while the database is open holds every committed row, and the
//! target path reaches SQLite as a parameter (a quote in it is just a character).

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use fayuan_domain::store::Store;
use sqlx::Connection;

/// A fresh directory under the system temp dir whose name carries a single quote.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "fayuan-sqlite-backup-{}-it's",
        fayuan_core::id::RequestId::new().0.simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn count(url: &str) -> i64 {
    let mut connection = sqlx::SqliteConnection::connect(url).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schema_migrations")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn snapshot_of_an_open_database_holds_its_rows() {
    let dir = scratch();
    let url = format!("sqlite://{}/live.db", dir.display());
    let store = fayuan_store_sqlite::connect(&url).await.unwrap();
    let applied = store.migrate().await.unwrap();
    let target = dir.join("copy.db");

    fayuan_store_sqlite::backup_into(&url, &target)
        .await
        .unwrap();
    let copied = count(&format!("sqlite://{}", target.display())).await;
    assert_eq!(usize::try_from(copied).unwrap(), applied.len());

    // An existing non-empty target is refused; a missing database is not created.
    assert!(
        fayuan_store_sqlite::backup_into(&url, &target)
            .await
            .is_err()
    );
    let missing = format!("sqlite://{}/missing.db", dir.display());
    assert!(
        fayuan_store_sqlite::backup_into(&missing, &dir.join("other.db"))
            .await
            .is_err()
    );
    assert!(!dir.join("missing.db").exists());

    store.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
