//! HTTP tests against the real router and a real database: every test runs on SQLite, and on
//! PostgreSQL when `FAYUAN_TEST_PG` is set.

// Test code: a failed expectation should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod backup;
mod browser;
mod crash;
mod delivery;
mod dossier;
mod filing;
mod harness;
mod hearing;
mod incident;
mod journeys;
mod ledger;
mod mask;
mod mediation;
mod mediation_pages;
mod platform;
mod process;
mod publication;
mod statistics;

/// Runs `test` on SQLite, then on PostgreSQL if configured.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $test:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let h = $crate::harness::Harness::sqlite().await;
            $test(h).await;
            if let Some(h) = $crate::harness::Harness::postgres().await {
                $test(h).await;
            }
        }
    };
}
