//! The store conformance suite: every story runs against SQLite always and against PostgreSQL
//! when `FAYUAN_TEST_PG` holds an administrative URL (a scratch database is created per story).

// Test support: failing loudly when the test database cannot be set up is the point.
#![allow(clippy::expect_used)]

use std::sync::Arc;

use fayuan_domain::store::Store;

/// Opens a fresh, migrated SQLite store in a temporary file (deleted with the returned guard).
pub async fn sqlite() -> (Arc<dyn Store>, TempDir) {
    let dir = TempDir::new();
    let url = format!("sqlite://{}/fayuan.db", dir.path.display());
    let store = fayuan_store_sqlite::connect(&url)
        .await
        .expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    (Arc::new(store), dir)
}

/// Opens a fresh, migrated PostgreSQL store (in a scratch database) when `FAYUAN_TEST_PG` is
/// set; returns it with the scratch database's URL.
pub async fn postgres() -> Option<(Arc<dyn Store>, String)> {
    let admin = std::env::var("FAYUAN_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())?;
    let url = fayuan_store_postgres::create_scratch_database(&admin)
        .await
        .expect("create scratch database");
    let store = fayuan_store_postgres::connect(&url)
        .await
        .expect("open postgres");
    store.migrate().await.expect("migrate postgres");
    Some((Arc::new(store), url))
}

/// A temporary directory removed on drop.
#[derive(Debug)]
pub struct TempDir {
    /// Its path.
    pub path: std::path::PathBuf,
}

impl TempDir {
    /// Creates a new empty directory under the system temp dir.
    pub fn new() -> Self {
        let path = std::env::temp_dir().join(format!(
            "fayuan-test-{}",
            fayuan_core::id::RequestId::new().0.simple()
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self { path }
    }
}

impl Default for TempDir {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs `story` against SQLite, then PostgreSQL if configured.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $story:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let (store, _dir) = $crate::sqlite().await;
            $story(store).await;
            if let Some((store, _url)) = $crate::postgres().await {
                $story(store).await;
            }
        }
    };
}
